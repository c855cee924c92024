import { strict as assert } from "assert";
import fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import * as datafactory from "@pulumi/azure-native/datafactory";
import { buildPlan, withCheapStackTraces } from "../../lib/plan";
import { mocks } from "../support/mocks";
import { emptyBase, everyFormat } from "../support/plan-formats";

const session = mocks();
const from = new Date("2026-11-27T00:00:00Z");

/** Credential-like keys as programs spell them (headers, bodies, parameters, linked services). */
const CREDENTIAL_KEYS = [
  "password",
  "dbPassword",
  "client_secret",
  "accessToken",
  "X-Api-Key",
  "api-key",
  "Authorization",
  "accountKey",
  "sasToken",
  "connectionString",
];
/** Public words for clear positions: never a planted token. */
const WORDS = ["landing", "curated", "daily", "sales", "features", "mlops", "eu", "scores"];

/**
 * How one string position is filled: in clear (a public word), as a Pulumi secret, or (where the
 * position is a map entry) under a credential-like key. Only the last two plant a token.
 */
type Fill = { how: "clear"; word: string } | { how: "secret" | "credential"; key: string };
const fill: fc.Arbitrary<Fill> = fc.oneof(
  fc.record({ how: fc.constant("clear" as const), word: fc.constantFrom(...WORDS) }),
  fc.record({
    how: fc.constantFrom("secret" as const, "credential" as const),
    key: fc.constantFrom(...CREDENTIAL_KEYS),
  }),
);
/** Token shapes: bare, a SAS query, a connection string, a URL-encoded signature. */
const shape = fc.constantFrom(
  (t: string) => t,
  (t: string) => `?sv=2024-05-04&sig=${t}`,
  (t: string) => `Server=s;Password=${t};`,
  (t: string) => `https://x.example/cb?u=${encodeURIComponent(`https://a/c?sv=1&sig=${t}`)}`,
);

const spec = fc.record({
  tags: fc.array(fill, { maxLength: 4 }),
  tagsSecret: fc.boolean(),
  linkedService: fc.array(fill, { minLength: 1, maxLength: 3 }),
  secureConnection: fc.boolean(),
  pipelines: fc.array(
    fc.record({
      nameSecret: fc.boolean(),
      params: fc.array(fc.record({ fill, secure: fc.boolean() }), { maxLength: 3 }),
      datasetParams: fc.array(fill, { maxLength: 2 }),
      headers: fc.array(fill, { maxLength: 3 }),
      url: fill,
      body: fc.oneof(fc.constant("object"), fc.constant("form"), fc.constant("json")),
      activitiesSecret: fc.boolean(),
      hour: fc.integer({ min: 0, max: 23 }),
      tumbling: fc.boolean(),
      triggerParams: fc.array(fill, { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  shapes: fc.array(shape, { minLength: 8, maxLength: 8 }),
});

type Spec = ReturnType<typeof spec.generate>["value"];
let run = 0;

/** Registers the program `s` describes; returns its resources' name prefix and planted tokens. */
function register(s: Spec): { prefix: string; tokens: string[] } {
  const id = ++run;
  const prefix = `pp${id}-`;
  const tokens: string[] = [];
  let n = 0;
  const token = () => {
    const t = `ZQ${id}x${++n}TOKEN`;
    tokens.push(t);
    return s.shapes[n % s.shapes.length](t) as string;
  };
  /** A map with one entry per fill: clear words, secrets, or tokens under credential keys. */
  const entries = (fills: Fill[], base: string) => {
    const out: Record<string, any> = {};
    fills.forEach((f, i) => {
      if (f.how === "clear") out[`${base}${i}`] = f.word;
      else if (f.how === "secret") out[`${base}${i}`] = pulumi.secret(token());
      else out[`${f.key}${i}`] = token();
    });
    return out;
  };
  // A single value has no key of its own: its credential form is a secret.
  const value = (f: Fill) => (f.how === "clear" ? f.word : pulumi.secret(token()));
  const factoryName = `adf${id}`;
  const common = { resourceGroupName: "rg-pp", factoryName };
  const tags = entries(s.tags, "t");
  new datafactory.Factory(`${prefix}factory`, {
    resourceGroupName: "rg-pp",
    factoryName,
    tags: s.tagsSecret ? pulumi.secret(tags) : tags,
  });
  new datafactory.LinkedService(`${prefix}ls`, {
    ...common,
    linkedServiceName: "Lake",
    properties: {
      type: "AzureBlobStorage",
      ...(s.secureConnection
        ? { connectionString: { type: "SecureString", value: token() } }
        : { connectionString: pulumi.secret(token()) }),
      ...entries(s.linkedService, "p"),
    } as any,
  });
  s.pipelines.forEach((p: any, i: number) => {
    const name = p.nameSecret ? token() : `pipe-${i}`;
    const nameInput = p.nameSecret ? pulumi.secret(name) : name;
    const parameters: Record<string, any> = {};
    p.params.forEach((q: any, k: number) => {
      const key = q.fill.how === "credential" ? `${q.fill.key}${k}` : `param${k}`;
      parameters[key] = {
        type: q.secure ? "SecureString" : "String",
        defaultValue: q.secure && q.fill.how === "clear" ? token() : value(q.fill),
      };
    });
    const datasetParams = entries(p.datasetParams, "folder");
    const body =
      p.body === "object"
        ? { grant_type: "client_credentials", client_secret: token() }
        : p.body === "form"
          ? `grant_type=client_credentials&client_secret=${token()}`
          : JSON.stringify({ client_id: "app", client_secret: token() });
    const activities = [
      {
        name: "Copy",
        type: "Copy",
        inputs: [{ referenceName: "Shared", type: "DatasetReference", parameters: datasetParams }],
        outputs: [{ referenceName: `Out${i}`, type: "DatasetReference" }],
        source: { type: "ParquetSource" },
        sink: { type: "ParquetSink" },
      },
      {
        name: "Call",
        type: "WebActivity",
        method: "POST",
        url: value(p.url),
        headers: entries(p.headers, "h"),
        authHeaders: { Authorization: token() },
        body,
      },
    ];
    new datafactory.Pipeline(`${prefix}pipe${i}`, {
      ...common,
      pipelineName: nameInput,
      parameters,
      activities: (p.activitiesSecret ? pulumi.secret(activities) : activities) as any,
    });
    const reference = {
      pipelineReference: { referenceName: nameInput, type: "PipelineReference" },
      parameters: { ...entries(p.triggerParams, "tp"), ...secureValues(parameters) },
    };
    new datafactory.Trigger(`${prefix}trigger${i}`, {
      ...common,
      triggerName: `trigger-${i}`,
      properties: (p.tumbling
        ? {
            type: "TumblingWindowTrigger",
            frequency: "Hour",
            interval: 1,
            startTime: "2026-11-25T00:00:00Z",
            maxConcurrency: 4,
            pipeline: reference,
          }
        : {
            type: "ScheduleTrigger",
            recurrence: {
              frequency: "Day",
              interval: 1,
              startTime: "2026-01-01T00:00:00Z",
              schedule: { hours: [p.hour], minutes: [0] },
            },
            pipelines: [reference],
          }) as any,
    });
  });
  return { prefix, tokens };

  /** The trigger passes a value to every SecureString parameter (a secret by Azure's typing). */
  function secureValues(parameters: Record<string, any>) {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parameters))
      if (v.type === "SecureString") out[k] = token();
    return out;
  }
}

/** Fixed seed: the same 200 programs on every run. */
const SEED = 20261128;
const PROGRAMS = 200;

describe("secrets never reach any format (property, fixed seed, issue 8 §3)", () => {
  // Registering through the Pulumi mocks is what records where secrets are; all programs are
  // registered first and settled once (settling per program costs more than planning it).
  const specs = fc.sample(spec, { seed: SEED, numRuns: PROGRAMS });
  let programs: { prefix: string; tokens: string[] }[];
  before(async function () {
    // Registration is slow on a loaded machine; this bounds the wait, it does not judge speed.
    this.timeout(600_000);
    programs = await withCheapStackTraces(async () => {
      const registered = specs.map(register);
      await session.settle();
      return registered;
    });
  });

  it(`${PROGRAMS} generated programs: a token planted as a Pulumi secret or under a credential key is in no output`, function () {
    // 200 plans in 8 formats: a bound for a loaded machine, not a judgement of speed.
    this.timeout(600_000);
    assert.equal(programs.length, PROGRAMS);
    programs.forEach(({ prefix, tokens }, i) => {
      const plan = buildPlan(session.named(prefix), { from, program: prefix, days: 7 });
      const where = `program ${i} of seed ${SEED}: ${JSON.stringify(specs[i])}`;
      assert.equal(plan.schedules.length, specs[i].pipelines.length, where);
      for (const [format, out] of Object.entries(everyFormat(plan, emptyBase(plan))))
        for (const t of tokens) assert.ok(!out.includes(t), `${t} in ${format}, ${where}`);
    });
  });
});
