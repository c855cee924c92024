import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { ModelBackupVault } from "../../lib/backup";
import { DataFactory } from "../../lib/datafactory";
import {
  modelOutputUri,
  parseStorageUri,
  TrainOnDataArrival,
  TrainOnDataArrivalArgs,
} from "../../lib/ml";
import { dependencyChains } from "../../lib/plan/view";
import { buildPlan } from "../../lib/plan";

const session = mocks();
const factory = { resourceGroupName: "rg-toa", factoryName: "adf-toa" };
const PIPELINE = "azure-native:datafactory:Pipeline";
const args = (over: Partial<TrainOnDataArrivalArgs> = {}): TrainOnDataArrivalArgs => ({
  factory,
  arrival: {
    storageAccountId:
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lake",
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

const LAKE =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lake";

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
      "a model output in a container name Azure refuses",
      {
        training: {
          ...args().training,
          modelOutput: { storageAccountId: LAKE, container: "Models", folderPath: "forecast" },
        },
      },
      "INVALID_FORMAT",
      /^training\.modelOutput\.container$/,
    ],
    [
      "a model output parameter that shadows the new data's folderPath",
      {
        training: {
          ...args().training,
          modelOutput: {
            storageAccountId: LAKE,
            container: "models",
            folderPath: "forecast",
            parameterName: "folderPath",
          },
        },
      },
      "CONFLICT",
      /^training\.modelOutput\.parameterName$/,
    ],
    [
      "a wildcard in the model output folder",
      {
        training: {
          ...args().training,
          modelOutput: { storageAccountId: LAKE, container: "models", folderPath: "runs/*" },
        },
      },
      "INVALID_FORMAT",
      /^training\.modelOutput\.folderPath$/,
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

/**
 * Validate → train → back up as one flow: training passes its model folder to Azure ML as an
 * `abfss://` URI (Azure ML reads `abfss://<file_system>@<account>.dfs.core.windows.net/<path>` as a
 * `uri_folder` output path) and records it as the activity's `modelOutput` user property; the plan
 * links it to the blob event trigger of a model vault that watches that account, container and
 * folder, and not to one that watches another container.
 */
describe("TrainOnDataArrival model output → model vault backup", () => {
  before(async () => {
    const adf = new DataFactory("toaout-adf", {
      resourceGroupName: "rg-toa",
      location: "westeurope",
    });
    new TrainOnDataArrival(
      "toaout",
      args({
        factory: adf,
        modelBackup: undefined,
        training: {
          ...args().training,
          modelOutput: { storageAccountId: LAKE, container: "models", folderPath: "forecast" },
        },
      }),
    );
    for (const [name, container] of [
      ["toaout-vault", "models"],
      ["toaout-other", "scratch"],
    ])
      new ModelBackupVault(name, {
        resourceGroupName: "rg-toa",
        accountName: `${name.replace("-", "")}01`,
        families: ["forecast"],
        artifactBackup: {
          factory: adf,
          sourceAccountId: LAKE,
          sourceContainer: container,
          folders: { forecast: "forecast" },
        },
      });
    await session.settle();
  });

  it("sends Azure ML the output folder as a parameter and records it on the activity", () => {
    const train = one("toaout-train-pipeline", PIPELINE).inputs.activities[0];
    const uri = "abfss://models@lake.dfs.core.windows.net/forecast/";
    assert.equal(train.mlPipelineParameters.modelOutput, uri);
    // Issue 19 item 5: AzureMLExecutePipeline runs published (SDK v1) pipelines, whose parameters
    // are plain strings (Learn, "Execute Azure Machine Learning pipelines in Azure Data Factory"):
    // no SDK v2 `{ type: "uri_folder", path }` input object.
    for (const k of ["modelOutput", "folderPath", "fileName"])
      assert.equal(
        typeof train.mlPipelineParameters[k],
        "string",
        `mlPipelineParameters.${k} is ${JSON.stringify(train.mlPipelineParameters[k])}`,
      );
    assert.deepEqual(train.userProperties, [{ name: "modelOutput", value: uri }]);
    assert.equal(modelOutputUri("lake", "models", "/forecast/"), uri);
    assert.deepEqual(parseStorageUri(uri), {
      account: "lake",
      container: "models",
      folder: "forecast",
    });
    assert.deepEqual(parseStorageUri("https://Lake.blob.core.windows.net/models/forecast/run-1"), {
      account: "lake",
      container: "models",
      folder: "forecast/run-1",
    });
    assert.equal(parseStorageUri("s3://bucket/x"), undefined);
  });

  it("the plan's data flow reads validation → training → the vault's trigger → the backup copy", () => {
    const plan = buildPlan(
      session.resources.filter((r) => r.name.startsWith("toaout")),
      { from: new Date("2026-11-27T00:00:00Z") },
    );
    const edges = plan.flows.map((f) => `${f.from} -${f.kind}-> ${f.to}`);
    assert.ok(
      edges.includes("pipeline:toaout-train -starts-> trigger:toaout-vault-artifacts-forecast"),
    );
    // The other vault watches container "scratch": its trigger is in the plan, not after training.
    assert.ok(
      edges.includes(
        "trigger:toaout-other-artifacts-forecast -starts-> pipeline:toaout-other-artifacts",
      ),
    );
    assert.ok(
      !edges.includes("pipeline:toaout-train -starts-> trigger:toaout-other-artifacts-forecast"),
    );
    assert.ok(
      dependencyChains(plan).some((c) =>
        c.includes(
          "toaout-validate (by toaout-arrival) → toaout-train (by toaout-validate) → toaout-vault-artifacts-forecast → toaout-vault-artifacts (by toaout-vault-artifacts-forecast)",
        ),
      ),
      dependencyChains(plan).join("\n"),
    );
  });
});
