import { strict as assert } from "assert";
import { MASK, maskSecrets } from "../../lib/plan";

describe("maskSecrets", () => {
  it("masks a secret scalar and a secret list of scalars", () => {
    assert.deepEqual(maskSecrets({ password: "p", tags: ["a"], name: "n" }, ["password", "tags"]), {
      password: MASK,
      tags: MASK,
      name: "n",
    });
  });

  it("inside a whole-property secret masks only credential-like keys, keeping the rest reviewable", () => {
    const activities = [
      {
        name: "NotifyRunFailed",
        type: "WebActivity",
        url: "https://logic/x?sig=abc",
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer t" },
      },
      { name: "Copy", type: "Copy", policy: { retry: 3 } },
    ];
    const out = maskSecrets({ activities }, ["activities"]);
    assert.deepEqual(out.activities, [
      {
        name: "NotifyRunFailed",
        type: "WebActivity",
        url: MASK,
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: MASK },
      },
      { name: "Copy", type: "Copy", policy: { retry: 3 } },
    ]);
  });

  it("inside a secret value also masks secret-looking strings under innocent keys", () => {
    const out = maskSecrets(
      {
        activities: [
          {
            name: "Call",
            type: "WebActivity",
            body: { callback: "https://hooks.example/x?code=abc", apiVersion: "2024-01-01" },
            description: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9abcdefgh",
          },
        ],
      },
      ["activities"],
    );
    assert.deepEqual(out.activities[0].body, { callback: MASK, apiVersion: "2024-01-01" });
    assert.equal(out.activities[0].description, MASK);
    assert.equal(out.activities[0].name, "Call");
  });

  it("masks credentials anywhere by key or by shape, and leaves plain URLs alone", () => {
    const out = maskSecrets(
      {
        properties: {
          type: "AzureBlobStorage",
          url: "https://lake.dfs.core.windows.net",
          accountKey: "k",
          connectionString: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k",
          sas: "https://a.blob.core.windows.net/c?sv=1&sig=zzz",
        },
      },
      [],
    );
    assert.deepEqual(out.properties, {
      type: "AzureBlobStorage",
      url: "https://lake.dfs.core.windows.net",
      accountKey: MASK,
      connectionString: MASK,
      sas: MASK,
    });
  });

  it("does not change its input", () => {
    const input = { password: "p" };
    maskSecrets(input, ["password"]);
    assert.equal(input.password, "p");
  });
});
