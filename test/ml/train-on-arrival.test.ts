import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { TrainOnDataArrival, TrainOnDataArrivalArgs } from "../../lib/ml";
import { buildPlan } from "../../lib/plan";

const session = mocks();
const factory = { resourceGroupName: "rg-toa", factoryName: "adf-toa" };
const PIPELINE = "azure-native:datafactory:Pipeline";
const args = (over: Partial<TrainOnDataArrivalArgs> = {}): TrainOnDataArrivalArgs => ({
  factory,
  arrival: {
    storageAccountId:
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lake",
    container: "landing",
    folderPath: "sales",
    blobNameEndsWith: "_SUCCESS",
  },
  validation: {
    activities: [
      {
        name: "CheckSchema",
        type: "Lookup",
        source: {},
        dataset: { referenceName: "RawSales", type: "DatasetReference" },
      },
      {
        name: "CheckRows",
        type: "Lookup",
        source: {},
        dataset: { referenceName: "RawSales", type: "DatasetReference" },
        dependsOn: [{ activity: "CheckSchema", dependencyConditions: ["Succeeded"] }],
      },
    ],
    dataAvailability: { dataset: "RawSales" },
  },
  training: {
    workspace: { subscriptionId: "sub-1", resourceGroupName: "rg-ml", workspaceName: "mlw" },
    mlPipelineEndpointId: "pe-forecast",
    parameters: { horizon: 28 },
  },
  modelBackup: {
    name: "BackupModel",
    type: "Copy",
    inputs: [{ referenceName: "ModelOutput", type: "DatasetReference" }],
    outputs: [{ referenceName: "ModelVault", type: "DatasetReference" }],
    source: { type: "BinarySource" },
    sink: { type: "BinarySink" },
  },
  ...over,
});

const chain = (activities: any[]) =>
  activities.map((a) => [
    a.name,
    a.type,
    (a.dependsOn ?? []).map((d: any) => `${d.activity}:${d.dependencyConditions.join("|")}`),
  ]);

describe("TrainOnDataArrival", () => {
  before(async () => {
    new TrainOnDataArrival("toa", args());
    await session.settle();
  });

  it("validation runs behind the data gate and starts training only when every check succeeded", () => {
    const v = one("toa-validate-pipeline", PIPELINE).inputs;
    const start = v.activities.find((a: any) => a.name === "StartTraining");
    assert.deepEqual(chain(v.activities), [
      ["WaitForInputData", "Validation", []],
      ["CheckSchema", "Lookup", ["WaitForInputData:Succeeded"]],
      ["CheckRows", "Lookup", ["CheckSchema:Succeeded"]],
      ["StartTraining", "ExecutePipeline", ["CheckRows:Succeeded"]],
    ]);
    assert.deepEqual(start.dependsOn, [
      { activity: "CheckRows", dependencyConditions: ["Succeeded"] },
    ]);
    assert.deepEqual(start.pipeline, { referenceName: "toa-train", type: "PipelineReference" });
    assert.equal(start.waitOnCompletion, true);
    assert.deepEqual(start.parameters, {
      folderPath: "@pipeline().parameters.folderPath",
      fileName: "@pipeline().parameters.fileName",
    });
  });

  it("training runs the Azure ML pipeline with retries, then backs the model up on success", () => {
    const t = one("toa-train-pipeline", PIPELINE).inputs;
    assert.deepEqual(chain(t.activities), [
      ["TrainModel", "AzureMLExecutePipeline", []],
      ["BackupModel", "Copy", ["TrainModel:Succeeded"]],
    ]);
    const train = t.activities[0];
    assert.deepEqual(train.linkedServiceName, {
      referenceName: "toa-azureml",
      type: "LinkedServiceReference",
    });
    assert.equal(train.mlPipelineEndpointId, "pe-forecast");
    assert.equal(train.experimentName, "toa");
    assert.deepEqual(train.mlPipelineParameters, {
      folderPath: "@pipeline().parameters.folderPath",
      fileName: "@pipeline().parameters.fileName",
      horizon: 28,
    });
    assert.equal(train.policy.retry, 3);
    assert.equal(train.policy.retryIntervalInSeconds, 30);
  });

  it("connects Data Factory to the workspace with its managed identity, and the blob trigger to validation", () => {
    const ls = one("toa-azureml", "azure-native:datafactory:LinkedService").inputs;
    assert.deepEqual(ls.properties, {
      type: "AzureMLService",
      subscriptionId: "sub-1",
      resourceGroupName: "rg-ml",
      mlWorkspaceName: "mlw",
      authentication: "MSI",
    });
    const trg = one("toa-arrival", "azure-native:datafactory:Trigger").inputs.properties;
    assert.equal(trg.type, "BlobEventsTrigger");
    assert.equal(trg.blobPathBeginsWith, "/landing/blobs/sales/");
    assert.equal(trg.blobPathEndsWith, "_SUCCESS");
    assert.deepEqual(trg.pipelines, [
      {
        pipelineReference: { referenceName: "toa-validate", type: "PipelineReference" },
        parameters: {
          folderPath: "@triggerBody().folderPath",
          fileName: "@triggerBody().fileName",
        },
      },
    ]);
  });

  it("the plan's data flow reads arrival → validation → training → model backup", () => {
    const plan = buildPlan(
      session.resources.filter((r) => r.name.startsWith("toa")),
      {
        from: new Date("2026-11-27T00:00:00Z"),
      },
    );
    const edges = plan.flows.map((f) => `${f.from} -${f.kind}-> ${f.to}`);
    for (const e of [
      "trigger:toa-arrival -starts-> pipeline:toa-validate",
      "pipeline:toa-validate -starts-> pipeline:toa-train",
      "dataset:ModelOutput -reads-> pipeline:toa-train",
      "pipeline:toa-train -writes-> dataset:ModelVault",
    ])
      assert.ok(edges.includes(e), `${e} missing from ${edges.join("\n")}`);
  });

  const bad: [string, Partial<TrainOnDataArrivalArgs>, string, RegExp][] = [
    [
      "both a pipeline id and an endpoint id",
      { training: { ...args().training, mlPipelineId: "p" } },
      "CONFLICT",
      /^training\.mlPipelineEndpointId$/,
    ],
    [
      "no validation steps",
      { validation: { activities: [] } },
      "REQUIRED",
      /^validation\.activities$/,
    ],
    [
      "a wildcard in the landing folder",
      { arrival: { ...args().arrival, folderPath: "sales/*" } },
      "INVALID_FORMAT",
      /^folderPath$/,
    ],
    [
      "a backup activity reusing the training name",
      { modelBackup: { ...args().modelBackup!, name: "TrainModel" } },
      "CONFLICT",
      /^modelBackup\.name$/,
    ],
    [
      "a workspace without subscription",
      {
        training: {
          ...args().training,
          workspace: { resourceGroupName: "rg", workspaceName: "w" } as never,
        },
      },
      "REQUIRED",
      /^training\.workspace\.subscriptionId$/,
    ],
  ];
  for (const [what, over, code, prop] of bad) {
    it(`rejects ${what} before registering anything`, () =>
      rejects(() => new TrainOnDataArrival("toa-bad", args(over)), code as never, prop));
  }
});
