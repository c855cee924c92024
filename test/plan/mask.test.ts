import { strict as assert } from "assert";
import {
  isCredentialKey,
  isCredentialValue,
  MASK,
  maskInputs,
  maskSecrets,
  scrubber,
  scrubDeep,
} from "../../lib/plan";

describe("maskSecrets", () => {
  it("shows a masked value as the text [secret]", () =>
    assert.deepEqual(maskSecrets({ password: "p4ss" }, []), { password: "[secret]" }));

  it("masks a value Pulumi holds as a secret whole: scalar, list or object", () => {
    assert.deepEqual(
      maskSecrets({ password: "p", tags: ["a"], extra: { x: "1", y: 2 }, name: "n" }, [
        "password",
        "tags",
        "extra",
      ]),
      { password: MASK, tags: MASK, extra: MASK, name: "n" },
    );
  });

  it("masks every leaf under a secret path, not only credential-looking keys (issue 8 §3)", () => {
    const activities = [
      { name: "Call", type: "WebActivity", body: { note: "plain words" }, policy: { retry: 3 } },
    ];
    assert.deepEqual(maskSecrets({ activities }, ["activities"]), { activities: MASK });
    // A secret recorded where it really is keeps the rest readable.
    const out = maskSecrets({ activities }, ["activities[0].body.note"]);
    assert.deepEqual(out.activities[0], { ...activities[0], body: { note: MASK } });
  });

  it("keeps a null or undefined secret as it is (nothing to hide)", () => {
    assert.deepEqual(maskSecrets({ a: null }, ["a"]), { a: null });
  });

  // Issue 8 §3, "JSON leaks": each observed shape, as the ADF REST API and azure-native write it.
  const cases: [string, Record<string, any>, Record<string, any>][] = [
    [
      "ADF SecureString under password (SecretBase, Microsoft.DataFactory 2018-06-01)",
      { password: { type: "SecureString", value: "pw-123456" } },
      { password: { type: "SecureString", value: MASK } },
    ],
    [
      "ADF SecureString under accountKey",
      { accountKey: { type: "SecureString", value: "k==" } },
      { accountKey: { type: "SecureString", value: MASK } },
    ],
    [
      "Databricks linked service accessToken",
      { type: "AzureDatabricks", accessToken: "dapi0123456789" },
      { type: "AzureDatabricks", accessToken: MASK },
    ],
    [
      "Web activity authHeaders (whole map)",
      { authHeaders: { "X-Custom": "h1" } },
      { authHeaders: MASK },
    ],
    [
      "Web activity headers X-Api-Key and api-key",
      { headers: { "X-Api-Key": "h2", "api-key": "h3", "Content-Type": "application/json" } },
      { headers: { "X-Api-Key": MASK, "api-key": MASK, "Content-Type": "application/json" } },
    ],
    [
      "headers as a { name, value } list",
      { headers: [{ name: "Ocp-Apim-Subscription-Key", value: "h4" }] },
      { headers: [{ name: "Ocp-Apim-Subscription-Key", value: MASK }] },
    ],
    [
      "trigger pipeline parameter dbPassword",
      { pipelines: [{ parameters: { dbPassword: "hunter22", folder: "x" } }] },
      { pipelines: [{ parameters: { dbPassword: MASK, folder: "x" } }] },
    ],
    [
      "body client_secret as an object",
      { body: { grant_type: "client_credentials", client_secret: "cs" } },
      { body: { grant_type: "client_credentials", client_secret: MASK } },
    ],
    [
      "body client_secret as a form string",
      { body: "grant_type=client_credentials&client_secret=cs&scope=x" },
      { body: MASK },
    ],
    [
      "body client_secret as a JSON string",
      { body: '{"client_id":"a","client_secret":"cs"}' },
      { body: MASK },
    ],
    [
      "URL-encoded SAS signature (%26sig%3D) in a callback parameter",
      { url: "https://app.example/cb?target=https%3A%2F%2Fa.blob%2Fc%3Fsv%3D1%26sig%3Dabc" },
      { url: MASK },
    ],
    [
      "SecureString pipeline parameter defaultValue",
      {
        parameters: {
          token: { type: "SecureString", defaultValue: "dv" },
          day: { type: "String", defaultValue: "mon" },
        },
      },
      {
        parameters: {
          token: { type: "SecureString", defaultValue: MASK },
          day: { type: "String", defaultValue: "mon" },
        },
      },
    ],
    [
      "connection string with AccountKey, SAS URL, Functions key, bearer token",
      {
        connectionString: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k",
        link: "https://a.blob.core.windows.net/c?sv=1&sig=zzz",
        fn: "https://f.azurewebsites.net/api/x?code=abc",
        auth: "Bearer abcdefghijklmnop",
      },
      { connectionString: MASK, link: MASK, fn: MASK, auth: MASK },
    ],
  ];
  for (const [name, input, expected] of cases)
    it(`masks ${name}`, () => assert.deepEqual(maskSecrets(input, []), expected));

  it("shows Key Vault and credential references as references, under credential keys too", () => {
    const kv = {
      type: "AzureKeyVaultSecret",
      store: { referenceName: "KeyVault", type: "LinkedServiceReference" },
      secretName: "db-password",
    };
    const cred = { referenceName: "UamiCredential", type: "CredentialReference" };
    assert.deepEqual(maskSecrets({ password: kv, credential: cred }, []), {
      password: kv,
      credential: cred,
    });
  });

  it("leaves plain URLs, names, booleans and ARM ids alone", () => {
    const input = {
      url: "https://lake.dfs.core.windows.net",
      useEncryptedCredential: true,
      scope: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a",
      secretName: "db-password",
      tokenEndpoint: "https://login.microsoftonline.com/t/oauth2/v2.0/token",
    };
    assert.deepEqual(maskSecrets(input, []), input);
  });

  it("reports every string it hid, to keep them out of derived text", () => {
    const { hidden } = maskInputs({ a: { b: ["s1", 2, "s2"] }, password: "s3", name: "n" }, ["a"]);
    assert.deepEqual(hidden.sort(), ["s1", "s2", "s3"]);
  });

  it("does not change its input", () => {
    const input = { password: "p" };
    maskSecrets(input, ["password"]);
    assert.equal(input.password, "p");
  });
});

describe("credential heuristics", () => {
  it("recognises credential keys in every spelling", () => {
    for (const k of [
      "password",
      "dbPassword",
      "client_secret",
      "clientSecret",
      "X-Api-Key",
      "api-key",
      "apiKey",
      "accessToken",
      "authHeaders",
      "Authorization",
      "x-functions-key",
      "sasUri",
      "servicePrincipalKey",
      "encryptedCredential",
    ])
      assert.ok(isCredentialKey(k), k);
    for (const k of ["secretName", "tokenEndpoint", "name", "keyVault", "partitionKey", "type"])
      assert.ok(!isCredentialKey(k), k);
  });

  it("recognises credentials in values, once or twice URL-encoded", () => {
    assert.ok(isCredentialValue("?sv=2021&sig=abc"));
    assert.ok(isCredentialValue("x%26sig%3Dabc"));
    assert.ok(isCredentialValue("x%2526sig%253Dabc"));
    assert.ok(!isCredentialValue("https://lake.dfs.core.windows.net/landing"));
    assert.ok(!isCredentialValue("100%"));
  });
});

describe("scrubber", () => {
  it("replaces hidden values, URL-encoded and JSON-escaped forms included", () => {
    const scrub = scrubber(["?sv=1&sig=abcdef", 'q"uote-secret']);
    assert.equal(
      scrub('reads SasDs(sas=?sv=1&sig=abcdef) and %3Fsv%3D1%26sig%3Dabcdef and q\\"uote-secret'),
      `reads SasDs(sas=${MASK}) and ${MASK} and ${MASK}`,
    );
  });

  it("replaces short values only as whole words, and ignores values under 4 characters", () => {
    const scrub = scrubber(["abcd", "xy"]);
    assert.equal(scrub("abcd abcde xy"), `${MASK} abcde xy`);
  });
});

describe("credential heuristics: edges pinned by mutation testing", () => {
  it("matches credential key names as whole suffixes, and 'key' only alone", () => {
    for (const k of ["key", "Key1", "password12", "x_api_key", "db.pwd", "SAS", "sig"])
      assert.ok(isCredentialKey(k), k);
    for (const k of [
      "passwordHint",
      "monkey",
      "keys",
      "tokenizer",
      "signatureVersion",
      "pass1word",
    ])
      assert.ok(!isCredentialKey(k), k);
  });

  it("reads a value URL-encoded at most twice, '+' as a space", () => {
    assert.ok(isCredentialValue("x%2526sig%253Dabc"));
    assert.ok(!isCredentialValue("x%252526sig%25253Dabc"));
    assert.ok(isCredentialValue("Bearer+abcdefghij"));
    assert.ok(!isCredentialValue("%E0%A4%A"));
  });

  it("recognises each credential shape in a value, and not its near misses", () => {
    for (const v of [
      "https://a.blob.core.windows.net/c?sv=1&sig=x",
      "https://f.azurewebsites.net/api/x?code=abc",
      "grant=1; client_secret=abc",
      "?access_token=abc",
      "&refresh_token=abc",
      "?password=abc",
      "&api-key=abc",
      "&api_key=abc",
      "&apikey=abc",
      "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc",
      "Endpoint=sb://x/;SharedAccessKeyName=k;SharedAccessKey=abc",
      "SharedAccessSignature=sv=1",
      "Server=s;Password = abc",
      "Server=s;Pwd=abc",
      "Bearer abcdefgh",
      "basic   abcdefgh",
      "eyJhbGciOiJI.eyJzdWIiOiIx",
      '{"client_secret": "abc"}',
      "'clientSecret':'abc'",
      "password: abc",
      "accessToken=abc",
      "refresh_token : abc",
      "x=1; sig=abc",
      "AccountKey = abc",
      "apikey: abc",
      "api-key: abc",
      "refreshToken: abc",
    ])
      assert.ok(isCredentialValue(v), v);
    for (const v of [
      "?signature-version=2",
      "Bearer abc",
      "eyJhbGciOiJI.eyJzdWI",
      "eyJhbGc.eyJzdWIiOiIx.sig",
      "mypassword",
      "the api key rotates",
      "codes=1",
      "xPassword=1",
      "https://h/?design=1",
      "?apiskey=1",
    ])
      assert.ok(!isCredentialValue(v), v);
  });
});

describe("maskInputs: shapes and paths", () => {
  it("masks a SecureString's value and a SecureString parameter's defaultValue, nothing else of it", () =>
    assert.deepEqual(
      maskSecrets(
        {
          password: { type: "SecureString", value: "p" },
          parameters: { pw: { type: "securestring", defaultValue: "d", description: "x" } },
        },
        [],
      ),
      {
        password: { type: "SecureString", value: MASK },
        parameters: { pw: { type: "securestring", defaultValue: MASK, description: "x" } },
      },
    ));

  it("masks the value of a header named like a credential, keeping its name", () =>
    assert.deepEqual(
      maskSecrets(
        {
          headers: [
            { name: "X-Api-Key", value: "k" },
            { name: "Accept", value: "json" },
            { name: "Authorization" },
          ],
        },
        [],
      ),
      {
        headers: [
          { name: "X-Api-Key", value: MASK },
          { name: "Accept", value: "json" },
          { name: "Authorization" },
        ],
      },
    ));

  it("follows secret paths into nested objects and arrays, keeping null and undefined", () => {
    const { masked, hidden } = maskInputs(
      { a: { b: [{ c: "s1" }, { c: "ok" }] }, d: null, e: { f: undefined, g: "s2" } },
      ["a.b[0].c", "d", "e.f", "e.g"],
    );
    assert.deepEqual(masked, {
      a: { b: [{ c: MASK }, { c: "ok" }] },
      d: null,
      e: { f: undefined, g: MASK },
    });
    assert.deepEqual(hidden, ["s1", "s2"]);
    assert.deepEqual(maskInputs(null as never, [""]).masked, null);
    assert.deepEqual(maskInputs({ x: "s" } as never, [""]).masked, MASK);
  });

  it("keeps booleans and null under credential keys, and references of every kind", () => {
    const ref = { type: "LinkedServiceReference", referenceName: "ls" };
    assert.deepEqual(
      maskSecrets(
        { password: null, token: true, secret: ref, credential: { type: "Reference" } },
        [],
      ),
      { password: null, token: true, secret: ref, credential: MASK },
    );
  });

  it("masks numbers under credential keys but does not search for them in text", () => {
    const { masked, hidden } = maskInputs({ pin: 1, pwd: 1234 }, []);
    assert.deepEqual(masked, { pin: 1, pwd: MASK });
    assert.deepEqual(hidden, []);
  });
});

describe("scrubber and scrubDeep", () => {
  it("leaves text alone when nothing long enough was hidden, and never scrubs the marker", () => {
    assert.equal(scrubber([])("a [secret] b"), "a [secret] b");
    assert.equal(scrubber(["abc", MASK])("abc [secret]"), "abc [secret]");
  });

  it("replaces the longest form first and values of 8 characters anywhere", () => {
    const scrub = scrubber(["abcdefgh", "abcdefgh-longer"]);
    assert.equal(scrub("xabcdefghx abcdefgh-longer"), `x${MASK}x ${MASK}`);
    assert.equal(scrubber(["a.b*c+d?"])("x a.b*c+d? aXbbcdd"), `x ${MASK} aXbbcdd`);
    assert.equal(scrubber(["abcd"])("xabcd abcd_ abcd"), `xabcd ${MASK}_ ${MASK}`);
  });

  it("scrubs every string in a structure, keeping the rest", () => {
    const scrub = scrubber(["hidden-value"]);
    assert.deepEqual(
      scrubDeep({ a: ["hidden-value!", 3, null], b: { c: true, d: "x hidden-value" } }, scrub),
      {
        a: [`${MASK}!`, 3, null],
        b: { c: true, d: `x ${MASK}` },
      },
    );
  });
});

describe("maskInputs: what stays as it is", () => {
  it("masks an object that only looks like a reference", () =>
    assert.deepEqual(maskSecrets({ password: { type: "Literal", referenceName: "x" } }, []), {
      password: MASK,
    }));

  it("keeps null and undefined wherever a secret would be", () => {
    assert.deepEqual(maskInputs({ a: [undefined, null, "s"] }, ["a[0]", "a[1]", "a[2]"]).masked, {
      a: [undefined, null, MASK],
    });
    assert.deepEqual(
      maskSecrets(
        {
          p: { type: "SecureString", value: null },
          q: { type: "SecureString", value: undefined },
          h: { name: "api-key", value: undefined },
          i: { name: "api-key", value: null },
          password: undefined,
        },
        [],
      ),
      {
        p: { type: "SecureString", value: null },
        q: { type: "SecureString", value: undefined },
        h: { name: "api-key", value: undefined },
        i: { name: "api-key", value: null },
        password: undefined,
      },
    );
  });

  it("hides an object with null inside, collecting only its strings", () => {
    const { masked, hidden } = maskInputs({ s: { a: null, b: [null, "x1"], c: 2 } }, ["s"]);
    assert.deepEqual([masked, hidden], [{ s: MASK }, ["x1"]]);
  });

  it("never scrubs the marker itself, in any form", () =>
    assert.equal(scrubber([MASK])("a %5Bsecret%5D [secret]"), "a %5Bsecret%5D [secret]"));
});
