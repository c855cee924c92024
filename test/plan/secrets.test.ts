import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as datafactory from "@pulumi/azure-native/datafactory";
import { buildPlan, dependencyChains, MASK, PlanDocument } from "../../lib/plan";
import { mocks } from "../support/mocks";
import { emptyBase, everyFormat } from "../support/plan-formats";

const session = mocks();
const from = new Date("2026-11-27T00:00:00Z");

const F = "sx-adf";
const common = { resourceGroupName: "rg-sx", factoryName: F };
const sas = "?sv=2024-05-04&ss=b&sig=SECRET-sas-signature-5";
const ref = (name: string, parameters?: Record<string, any>) => ({
  referenceName: name,
  type: "DatasetReference",
  ...(parameters ? { parameters } : {}),
});
const pipe = (name: string, parameters: Record<string, any> = {}) => [
  { pipelineReference: { referenceName: name, type: "PipelineReference" }, parameters },
];

/**
 * Issue 8 §3: a program that places credentials the way real programs do. Every planted value
 * contains `SECRET-`.
 */
async function program(): Promise<PlanDocument> {
  new datafactory.Factory("sx-factory", {
    resourceGroupName: "rg-sx",
    factoryName: F,
    tags: { workload: "mlops", owner: pulumi.secret("SECRET-tag-owner-1") },
  });
  new datafactory.LinkedService("sx-blob", {
    ...common,
    linkedServiceName: "Blob",
    properties: {
      type: "AzureBlobStorage",
      connectionString: {
        type: "SecureString",
        value: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=SECRET-acctkey-2",
      },
      accountKey: { type: "SecureString", value: "SECRET-acctkey-3" },
    } as any,
  });
  new datafactory.LinkedService("sx-dbx", {
    ...common,
    linkedServiceName: "Databricks",
    properties: {
      type: "AzureDatabricks",
      domain: "https://adb-1.azuredatabricks.net",
      accessToken: { type: "SecureString", value: "SECRET-dapi-4" },
    } as any,
  });
  new datafactory.LinkedService("sx-sql", {
    ...common,
    linkedServiceName: "Sql",
    properties: {
      type: "AzureSqlDatabase",
      connectionString: "Server=tcp:s.database.windows.net;Database=d;",
      password: {
        type: "AzureKeyVaultSecret",
        store: { referenceName: "KeyVault", type: "LinkedServiceReference" },
        secretName: "sql-password",
      },
    } as any,
  });
  // The producer's whole activity list is a Pulumi secret (issue 8 §3: "even when the pipeline's
  // activities are a Pulumi secret").
  new datafactory.Pipeline("sx-produce", {
    ...common,
    pipelineName: "Produce",
    parameters: { dbPass: { type: "SecureString", defaultValue: "SECRET-default-6" } },
    activities: pulumi.secret([
      {
        name: "Copy",
        type: "Copy",
        inputs: [ref("Landing")],
        outputs: [ref("SasDs", { sas })],
        source: { type: "ParquetSource" },
        sink: { type: "ParquetSink" },
      },
    ]) as any,
  });
  new datafactory.Pipeline("sx-consume", {
    ...common,
    pipelineName: "Consume",
    activities: [
      {
        name: "Read",
        type: "Copy",
        inputs: [ref("SasDs", { sas })],
        outputs: [ref("Scores")],
        source: { type: "ParquetSource" },
        sink: { type: "ParquetSink" },
      },
      {
        name: "Call",
        type: "WebActivity",
        method: "POST",
        url: "https://app.example/cb?next=https%3A%2F%2Fa%2Fc%3Fsv%3D1%26sig%3DSECRET-encoded-11",
        headers: { "X-Api-Key": "SECRET-hdr-7", "api-key": "SECRET-hdr-8" },
        authHeaders: { Authorization: "SECRET-auth-9" },
        body: { grant_type: "client_credentials", client_secret: "SECRET-cs-10" },
      },
    ] as any,
  });
  new datafactory.Trigger("sx-daily", {
    ...common,
    triggerName: "daily",
    properties: {
      type: "ScheduleTrigger",
      recurrence: { frequency: "Day", interval: 1, startTime: "2026-01-01T02:00:00Z" },
      pipelines: pipe("Produce", { dbPass: "SECRET-param-12", dbPassword: "SECRET-dbpw-13" }),
    },
  });
  new datafactory.Trigger("sx-hourly", {
    ...common,
    triggerName: "hourly",
    properties: {
      type: "ScheduleTrigger",
      recurrence: { frequency: "Hour", interval: 1, startTime: "2026-01-01T00:10:00Z" },
      pipelines: pipe("Consume"),
    },
  });
  await session.settle();
  return buildPlan(session.named("sx-"), { from, program: "secrets", days: 7 });
}

describe("secrets in the plan (issue 8 §3, a program placing credentials as real ones do)", () => {
  let plan: PlanDocument;
  before(async () => {
    plan = await program();
  });
  const inputs = (name: string) => plan.resources.find((r) => r.name === name)!.inputs;

  it("reach no format: text, Markdown, JSON, SVG, and the diff in each", () => {
    for (const [format, out] of Object.entries(everyFormat(plan, emptyBase(plan))))
      assert.doesNotMatch(out, /SECRET-/, format);
  });

  it("the engine receives pulumi.secret() in tags at tags.owner; only that tag is masked", () => {
    const factory = session.named("sx-factory")[0];
    assert.deepEqual(factory.secretPaths, ["tags.owner"]);
    assert.deepEqual(inputs("sx-factory").tags, { workload: "mlops", owner: MASK });
  });

  it("ADF SecureString values are masked; a Key Vault reference is shown as a reference", () => {
    const blob = inputs("sx-blob").properties;
    assert.deepEqual(blob.accountKey, { type: "SecureString", value: MASK });
    assert.deepEqual(blob.connectionString, { type: "SecureString", value: MASK });
    assert.deepEqual(inputs("sx-dbx").properties.accessToken, {
      type: "SecureString",
      value: MASK,
    });
    assert.equal(inputs("sx-sql").properties.password.secretName, "sql-password");
  });

  it("a SecureString parameter's default and the trigger value passed to it are masked", () => {
    assert.equal(inputs("sx-produce").parameters.dbPass.defaultValue, MASK);
    assert.deepEqual(inputs("sx-daily").properties.pipelines[0].parameters, {
      dbPass: MASK,
      dbPassword: MASK,
    });
  });

  it("headers, authHeaders, client_secret and URL-encoded signatures are masked", () => {
    const call = inputs("sx-consume").activities[1];
    assert.deepEqual(call.headers, { "X-Api-Key": MASK, "api-key": MASK });
    assert.equal(call.authHeaders, MASK);
    assert.deepEqual(call.body, { grant_type: "client_credentials", client_secret: MASK });
    assert.equal(call.url, MASK);
  });

  it("data-flow chains show dataset parameters masked; a secret activity list adds no flow", () => {
    const chains = dependencyChains(plan).join("\n");
    assert.match(chains, /SasDs\(sas=\[secret\]\) → Consume/);
    assert.ok(!plan.flows.some((f) => f.to === "pipeline:Produce" && f.kind === "reads"));
  });

  it("the consumer-cadence finding is still raised (rules judge real inputs), its message masked", () => {
    const f = plan.findings.find((x) => x.rule === "consumer-cadence");
    assert.ok(f, JSON.stringify(plan.findings.map((x) => x.rule)));
    assert.match(f.message, /reads SasDs\(sas=\[secret\]\), which Produce refreshes/);
  });
});
