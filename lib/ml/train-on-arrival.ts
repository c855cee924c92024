import * as pulumi from "@pulumi/pulumi";
import * as datafactory from "@pulumi/azure-native/datafactory";
import { checkArgs } from "../core/options";
import { TRAIN_ON_DATA_ARRIVAL_OPTIONS } from "./option-shapes";
import { Check, ValidationContext } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import {
  Activity,
  buildPipelineActivities,
  DataAvailabilityGate,
  PipelineNotifications,
  RetryDefaults,
} from "../datafactory/activities";
import { factoryCoordinates, FactoryInput } from "../datafactory/factory";
import { ScheduledDataPipeline } from "../datafactory/pipeline";
import { StorageEventTrigger, StorageEventTriggerArgs } from "../datafactory/triggers";
import { MODEL_OUTPUT_PROPERTY, modelOutputUri } from "./names";
import { checkWorkspace, WorkspaceReference } from "./workspace";

/** Where new data lands: the blob events that start validation. */
export interface DataArrival {
  /** ARM id of the storage account (StorageV2 / ADLS Gen2). */
  readonly storageAccountId: pulumi.Input<string>;
  /** Container to watch. */
  readonly container: string;
  /** Only blobs under this folder. @default - the whole container */
  readonly folderPath?: string;
  /** Only blobs whose name ends with this, e.g. `_SUCCESS`. @default - any */
  readonly blobNameEndsWith?: string;
}

/** The Azure ML pipeline that trains, run through Data Factory's AzureMLExecutePipeline activity. */
export interface TrainingStep {
  /** The workspace, with its subscription (the Azure ML linked service needs it). */
  readonly workspace: WorkspaceReference & { readonly subscriptionId: pulumi.Input<string> };
  /** Published pipeline endpoint id (runs its default version). Exactly one of this and `mlPipelineId`. @default - none */
  readonly mlPipelineEndpointId?: pulumi.Input<string>;
  /** Published pipeline id. @default - none */
  readonly mlPipelineId?: pulumi.Input<string>;
  /** Experiment the runs are logged under (MLflow tracking shows them there). @default - the Pulumi name */
  readonly experimentName?: string;
  /** Pipeline parameters; `@pipeline().parameters.folderPath` / `fileName` name the new data. @default {} */
  readonly parameters?: Record<string, pulumi.Input<any>>;
  /**
   * Where the Azure ML pipeline writes the trained model. Passed to it as the `parameterName`
   * pipeline parameter, a plain string holding an `abfss://` URI, and recorded on the activity as
   * the `modelOutput` user property, which the offline plan reads to link training to whatever
   * starts on blobs there (the model vault's event-driven backup).
   *
   * Data Factory's `AzureMLExecutePipeline` runs a published pipeline or pipeline endpoint (Azure
   * ML SDK v1), and `mlPipelineParameters` are "Key, Value pairs to be passed to the published
   * Azure Machine Learning pipeline endpoint. Keys must match the names of pipeline parameters
   * defined in the published Machine Learning pipeline" (Microsoft Learn, "Execute Azure Machine
   * Learning pipelines in Azure Data Factory and Synapse Analytics"): the parameter is a string
   * `PipelineParameter`, not an SDK v2 `uri_folder` output. The pipeline's own code must write the
   * model under that URI (e.g. a step that copies its output there); Azure ML does not mount it.
   * @default - none (the plan's data flow then ends at training)
   */
  readonly modelOutput?: ModelOutputLocation;
}

/** A folder in a storage account (ADLS Gen2 or blob) the training run writes its model to. */
export interface ModelOutputLocation {
  /** ARM id of the storage account. */
  readonly storageAccountId: pulumi.Input<string>;
  /** Container (file system). */
  readonly container: string;
  /** Folder inside the container, e.g. `forecast` (runs write under it). */
  readonly folderPath: string;
  /** Azure ML pipeline parameter that receives the URI. @default "modelOutput" */
  readonly parameterName?: string;
}

/** Arguments for `TrainOnDataArrival`. */
export interface TrainOnDataArrivalArgs {
  /** The factory the pipelines and the trigger live in; its managed identity calls Azure ML. */
  readonly factory: FactoryInput;
  /** The blob events that start a run. */
  readonly arrival: DataArrival;
  /** Validation of the new data: its activities and the data gate in front of them. */
  readonly validation: {
    /** Activities that validate the data (Validation, Lookup, data flow...). Failing one stops the run before training. */
    readonly activities: readonly Activity[];
    /** The data gate (see ScheduledDataPipeline). @default - none */
    readonly dataAvailability?: DataAvailabilityGate;
  };
  /** The training run started when validation succeeds. */
  readonly training: TrainingStep;
  /**
   * Runs right after training succeeds: the seam for copying the model output into the model
   * vault (e.g. a Copy activity from the run's output folder to a `ModelBackupVault` container).
   * @default - none
   */
  readonly modelBackup?: Activity;
  /** Retries of every retryable activity. @default - 3 retries, 30 s apart */
  readonly retry?: RetryDefaults;
  /** Notifications of both pipelines. @default - none */
  readonly notifications?: PipelineNotifications;
  /** Start the trigger on deploy. @default true */
  readonly activated?: boolean;
}

/** Activity names the composition adds. */
export const TRAIN_ON_ARRIVAL_ACTIVITIES = {
  startTraining: "StartTraining",
  train: "TrainModel",
} as const;

const FILE_PARAMETERS = {
  folderPath: { type: "String" as const },
  fileName: { type: "String" as const },
};

function checkModelOutput(
  check: Check,
  output: ModelOutputLocation | undefined,
): ModelOutputLocation | undefined {
  if (output === undefined) return undefined;
  const prop = "training.modelOutput";
  check.knownKeys(prop, output, ["storageAccountId", "container", "folderPath", "parameterName"]);
  check.required(`${prop}.storageAccountId`, output.storageAccountId);
  check.type(`${prop}.storageAccountId`, output.storageAccountId, "string", { deferred: true });
  check.type(`${prop}.container`, output.container, "string");
  check.format(
    typeof output.container === "string" &&
      /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/.test(output.container),
    `${prop}.container`,
    output.container,
    "must be a container name: 3-63 lowercase letters, digits and single hyphens",
  );
  check.type(`${prop}.folderPath`, output.folderPath, "string");
  check.required(`${prop}.folderPath`, output.folderPath);
  check.format(
    !/[*?]/.test(output.folderPath),
    `${prop}.folderPath`,
    output.folderPath,
    "must be a plain folder path (no wildcards)",
  );
  check.type(`${prop}.parameterName`, output.parameterName, "string");
  check.conflict(
    output.parameterName === "folderPath" || output.parameterName === "fileName",
    `${prop}.parameterName`,
    output.parameterName,
    "must not be folderPath or fileName (they name the new data)",
  );
  return output;
}

/** The last activities of a list: those no other activity depends on. */
function leaves(activities: readonly Activity[]): string[] {
  const depended = new Set(activities.flatMap((a) => (a.dependsOn ?? []).map((d) => d.activity)));
  return activities.map((a) => a.name).filter((n) => !depended.has(n));
}

/**
 * The activity chains of the two pipelines: validation ends by starting the training pipeline
 * (only when every validation step succeeded); training runs the Azure ML pipeline, then the model
 * backup. Pure, so tests and the plan can read the chain without mocks.
 */
export function trainOnArrivalActivities(
  ctx: ValidationContext,
  args: Pick<TrainOnDataArrivalArgs, "validation" | "training" | "modelBackup">,
  names: {
    readonly trainPipeline: string;
    readonly mlLinkedService: string;
    readonly experiment: string;
  },
): { validate: Activity[]; train: Activity[] } {
  const check = new Check(ctx);
  check.required(
    "validation.activities",
    args.validation?.activities,
    "must list the validation steps",
  );
  const t = args.training;
  check.required("training", t);
  check.conflict(
    (t.mlPipelineEndpointId === undefined) === (t.mlPipelineId === undefined),
    "training.mlPipelineEndpointId",
    t.mlPipelineEndpointId,
    "and 'training.mlPipelineId' are exclusive and one is required",
  );
  const passFile = {
    folderPath: "@pipeline().parameters.folderPath",
    fileName: "@pipeline().parameters.fileName",
  };
  const validate: Activity[] = [
    ...args.validation.activities,
    {
      name: TRAIN_ON_ARRIVAL_ACTIVITIES.startTraining,
      type: "ExecutePipeline",
      pipeline: { referenceName: names.trainPipeline, type: "PipelineReference" },
      waitOnCompletion: true,
      parameters: passFile,
      dependsOn: leaves(args.validation.activities).map((activity) => ({
        activity,
        dependencyConditions: ["Succeeded"],
      })),
    },
  ];
  const output = checkModelOutput(check, t.modelOutput);
  const outputUri =
    output &&
    pulumi
      .output(output.storageAccountId)
      .apply((id) =>
        modelOutputUri(String(id).split("/").pop() ?? "", output.container, output.folderPath),
      );
  const train: Activity[] = [
    {
      name: TRAIN_ON_ARRIVAL_ACTIVITIES.train,
      type: "AzureMLExecutePipeline",
      linkedServiceName: { referenceName: names.mlLinkedService, type: "LinkedServiceReference" },
      ...(t.mlPipelineEndpointId !== undefined
        ? { mlPipelineEndpointId: t.mlPipelineEndpointId }
        : { mlPipelineId: t.mlPipelineId }),
      experimentName: names.experiment,
      mlPipelineParameters: {
        ...passFile,
        ...(t.parameters ?? {}),
        ...(output ? { [output.parameterName ?? MODEL_OUTPUT_PROPERTY]: outputUri } : {}),
      },
      ...(output ? { userProperties: [{ name: MODEL_OUTPUT_PROPERTY, value: outputUri }] } : {}),
    },
  ];
  if (args.modelBackup) {
    check.conflict(
      Object.values(TRAIN_ON_ARRIVAL_ACTIVITIES).includes(args.modelBackup.name as never),
      "modelBackup.name",
      args.modelBackup.name,
      "must not reuse an activity name of the composition",
    );
    train.push({
      ...args.modelBackup,
      dependsOn: [
        { activity: TRAIN_ON_ARRIVAL_ACTIVITIES.train, dependencyConditions: ["Succeeded"] },
      ],
    });
  }
  return { validate, train };
}

/**
 * Train as soon as validated data lands: a blob event starts the validation pipeline (behind the
 * data gate, with retries and notifications), whose success starts the training pipeline, which
 * runs an Azure ML pipeline through Data Factory's AzureMLExecutePipeline activity (the factory's
 * managed identity authenticates; grant it `ROLES.azureMLDataScientist` on the workspace), then the
 * model backup. Training never runs on missing or invalid data; the plan's data flow shows
 * arrival → validation → training.
 *
 * @example
 * ```ts
 * import { DataFactory, Duration, TrainOnDataArrival } from "pulumi-mlops-scheduling";
 *
 * const adf = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 * const lakeId =
 *   "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-mlops/providers/Microsoft.Storage/storageAccounts/stmlopslake";
 *
 * // Validate each delivery (the upstream job writes `_SUCCESS` last), then train if all passed.
 * new TrainOnDataArrival("forecast", {
 *   factory: adf,
 *   arrival: {
 *     storageAccountId: lakeId,
 *     container: "landing",
 *     folderPath: "sales",
 *     blobNameEndsWith: "_SUCCESS",
 *   },
 *   validation: {
 *     activities: [
 *       {
 *         name: "ProfileNewData",
 *         type: "GetMetadata",
 *         dataset: { referenceName: "RawSales", type: "DatasetReference" },
 *         fieldList: ["size", "lastModified"],
 *       },
 *     ],
 *     dataAvailability: { dataset: "RawSales", timeout: Duration.minutes(30) },
 *   },
 *   training: {
 *     workspace: {
 *       subscriptionId: "00000000-0000-0000-0000-000000000001",
 *       resourceGroupName: "rg-ml",
 *       workspaceName: "mlw-forecast",
 *     },
 *     mlPipelineEndpointId: "forecast-training-endpoint",
 *     modelOutput: {
 *       storageAccountId: lakeId,
 *       container: "models",
 *       folderPath: "forecast",
 *     },
 *   },
 * });
 * ```
 */
export class TrainOnDataArrival extends pulumi.ComponentResource {
  /** The validation pipeline (started by the blob events). */
  public readonly validationPipeline: ScheduledDataPipeline;
  /** The training pipeline (started by validation). */
  public readonly trainingPipeline: ScheduledDataPipeline;
  /** The storage event trigger. */
  public readonly trigger: StorageEventTrigger;
  /** The Azure ML experiment the training runs land in (`TrainingAlerts` watches it by name). */
  public readonly experimentName: string;

  constructor(name: string, args: TrainOnDataArrivalArgs, opts?: pulumi.ComponentResourceOptions) {
    const ctx = { component: "TrainOnDataArrival", name };
    const check = new Check(ctx);
    checkArgs(check, args, TRAIN_ON_DATA_ARRIVAL_OPTIONS);
    check.required("factory", args.factory);
    check.required("arrival", args.arrival);
    check.knownKeys("arrival", args.arrival, [
      "storageAccountId",
      "container",
      "folderPath",
      "blobNameEndsWith",
    ]);
    check.required("training", args.training);
    checkWorkspace(check, "training.workspace", args.training.workspace);
    check.required("training.workspace.subscriptionId", args.training.workspace.subscriptionId);
    const names = {
      trainPipeline: `${name}-train`,
      mlLinkedService: `${name}-azureml`,
      experiment: args.training.experimentName ?? name,
    };
    for (const n of [`${name}-validate`, names.trainPipeline, names.mlLinkedService])
      checkName(ctx, "name", n, NAMING_RULES.factoryChild);
    const chains = trainOnArrivalActivities(ctx, args, names);
    // Every child's checks run before the first child registers.
    const common = { retry: args.retry, notifications: args.notifications };
    buildPipelineActivities(
      {
        ...common,
        activities: chains.validate,
        dataAvailability: args.validation.dataAvailability,
      },
      { component: "ScheduledDataPipeline", name: `${name}-validate` },
    );
    buildPipelineActivities(
      { ...common, activities: chains.train },
      {
        component: "ScheduledDataPipeline",
        name: names.trainPipeline,
      },
    );
    const triggerArgs = (pipeline: ScheduledDataPipeline | string): StorageEventTriggerArgs => ({
      factory: args.factory,
      activated: args.activated,
      ...args.arrival,
      pipelines: [
        {
          pipeline,
          parameters: {
            folderPath: "@triggerBody().folderPath",
            fileName: "@triggerBody().fileName",
          },
        },
      ],
    });
    StorageEventTrigger.validate(`${name}-arrival`, triggerArgs(`${name}-validate`));
    super("mlops:ml:TrainOnDataArrival", name, {}, opts);

    const f = factoryCoordinates(args.factory);
    const ws = args.training.workspace;
    const linkedService = new datafactory.LinkedService(
      `${name}-azureml`,
      {
        resourceGroupName: f.resourceGroupName,
        factoryName: f.factoryName,
        linkedServiceName: names.mlLinkedService,
        properties: {
          type: "AzureMLService",
          subscriptionId: ws.subscriptionId,
          resourceGroupName: ws.resourceGroupName,
          mlWorkspaceName: ws.workspaceName,
          authentication: "MSI",
        },
      },
      { parent: this },
    );
    this.trainingPipeline = new ScheduledDataPipeline(
      `${name}-train`,
      {
        ...common,
        factory: args.factory,
        activities: chains.train,
        parameters: FILE_PARAMETERS,
        description: `Trains on data validated by ${name}-validate`,
      },
      { parent: this, dependsOn: [linkedService] },
    );
    this.validationPipeline = new ScheduledDataPipeline(
      `${name}-validate`,
      {
        ...common,
        factory: args.factory,
        activities: chains.validate,
        dataAvailability: args.validation.dataAvailability,
        parameters: FILE_PARAMETERS,
        description: `Validates new data, then starts ${name}-train`,
      },
      { parent: this, dependsOn: [this.trainingPipeline] },
    );
    this.trigger = new StorageEventTrigger(
      `${name}-arrival`,
      triggerArgs(this.validationPipeline),
      { parent: this },
    );
    this.experimentName = names.experiment;
    this.registerOutputs({
      validationPipeline: this.validationPipeline.pipelineName,
      trainingPipeline: this.trainingPipeline.pipelineName,
      experimentName: this.experimentName,
    });
  }
}
