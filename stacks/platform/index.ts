/**
 * The MLOps platform stack: everything the library builds, composed in the order data moves.
 *
 * ingest (daily ADF pipeline behind a data gate) → validate (on blob arrival) → train (Azure ML
 * pipeline started by validation, writing its model under models/forecast/, plus a timed full
 * retrain on a scale-to-zero cluster) → back up (ModelBackupVault copies each finished run into a
 * tiered vault, started by the run's `_SUCCESS` marker) → index (a Search indexer over the
 * ingested sales, scheduled after each ingest, with a split and OCR skillset and a storage alert) →
 * alert (PipelineAlerts: failed runs, a deadline on the ingest, run logs; TrainingAlerts: failed or
 * cancelled training runs, the retrain's deadline, Azure ML run logs in the same workspace, a loss
 * gate that fails a diverged retrain) → shadow (the candidate model behind the live one, stage and its alert
 * thresholds from config) → a self-hosted integration runtime for the sales exports behind the
 * firewall (Java for Parquet, autoscaled nodes, capacity alerts).
 *
 * Config (Pulumi.<stack>.yaml, namespace `mlops-platform`): see Pulumi.dev.yaml / Pulumi.prod.yaml.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as authorization from "@pulumi/azure-native/authorization";
import * as datafactory from "@pulumi/azure-native/datafactory";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import {
  blobContainerScope,
  DataFactory,
  Duration,
  grantRole,
  ModelBackupVault,
  PipelineAlerts,
  Recurrence,
  ROLES,
  ScheduledDataPipeline,
  SearchIndexerSchedule,
  SelfHostedIntegrationRuntime,
  ShadowDeployment,
  TrainingAlerts,
  TrainingCluster,
  TrainingSchedule,
  TrainOnDataArrival,
  withMetricGates,
} from "../../lib";

const config = new pulumi.Config("mlops-platform");
const location = config.get("location") ?? "westeurope";
const timeZone = config.get("timeZone") ?? "W. Europe Standard Time";
const retrainCron = config.get("retrainCron");
const alertEmails = (config.get("alertEmails") ?? "ml-dev@example.com")
  .split(",")
  .map((e) => e.trim())
  .filter(Boolean);

const client = authorization.getClientConfigOutput();
const rg = new resources.ResourceGroup("rg", {
  resourceGroupName: config.get("resourceGroupName") ?? "rg-mlops-platform",
  location,
});

const secureStorage = {
  resourceGroupName: rg.name,
  location,
  kind: "StorageV2",
  sku: { name: "Standard_ZRS" },
  enableHttpsTrafficOnly: true,
  minimumTlsVersion: "TLS1_2",
  allowBlobPublicAccess: false,
  allowSharedKeyAccess: false,
};
const lake = new storage.StorageAccount("lake", {
  ...secureStorage,
  accountName: "mlopsplatformlake",
  isHnsEnabled: true,
});
const container = (name: string, account: storage.StorageAccount, accountName: string) =>
  new storage.BlobContainer(
    name,
    {
      resourceGroupName: rg.name,
      accountName,
      containerName: name,
      publicAccess: "None",
    },
    { dependsOn: [account] },
  );
const landing = container("landing", lake, "mlopsplatformlake");
const models = container("models", lake, "mlopsplatformlake");

// Azure ML workspace: secrets in an RBAC key vault, artifacts in the lake, MLflow tracking built in.
const kv = new keyvault.Vault("kv", {
  resourceGroupName: rg.name,
  location,
  vaultName: "kv-mlops-platform",
  properties: {
    tenantId: client.tenantId,
    sku: { family: "A", name: "standard" },
    enableRbacAuthorization: true,
    enableSoftDelete: true,
    enablePurgeProtection: true,
  },
});
const workspace = new ml.Workspace("mlw", {
  resourceGroupName: rg.name,
  location,
  workspaceName: "mlw-mlops-platform",
  identity: { type: "SystemAssigned" },
  storageAccount: lake.id,
  keyVault: kv.id,
  systemDatastoresAuthMode: "identity",
});
const ws = { resourceGroupName: rg.name, workspaceName: workspace.name };

// Ingest: the daily copy into the lake, behind the data gate, with retries.
const adf = new DataFactory("mlops", { resourceGroupName: rg.name, location });

// Back up: as soon as a training run writes its completion marker under models/forecast/, the
// vault copies the run (event-driven, lib/backup) and tiers older backups down. Its read role is
// scoped to the models container, which must exist first (ARM refuses a missing scope).
const vault = new ModelBackupVault(
  "models-vault",
  {
    resourceGroupName: rg.name,
    location,
    families: ["forecast"],
    // backupSizeGB: one model run's artifacts, for the plan's stored-GB-per-tier estimate.
    tiering: {
      ...ModelBackupVault.dailyKeep30(),
      backupSizeGB: config.getNumber("modelBackupSizeGB") ?? 2,
    },
    artifactBackup: {
      factory: adf,
      sourceAccountId: lake.id,
      sourceContainer: "models",
      folders: { forecast: "forecast" },
    },
  },
  { dependsOn: [models] },
);
new datafactory.LinkedService("lake-ls", {
  resourceGroupName: rg.name,
  factoryName: adf.factoryName,
  linkedServiceName: "DataLake",
  properties: {
    type: "AzureBlobFS",
    url: pulumi.interpolate`https://${lake.name}.dfs.core.windows.net`,
  },
});
const dataset = (name: string, fileSystem: string, folderPath: string) =>
  new datafactory.Dataset(name, {
    resourceGroupName: rg.name,
    factoryName: adf.factoryName,
    datasetName: name,
    properties: {
      type: "Binary",
      linkedServiceName: { referenceName: "DataLake", type: "LinkedServiceReference" },
      location: { type: "AzureBlobFSLocation", fileSystem, folderPath },
    },
  });
dataset("SalesExport", "landing", "exports/sales");
dataset("RawSales", "landing", "sales");
const ref = (referenceName: string) => ({ referenceName, type: "DatasetReference" });

const [ingestHour, ingestMinute] = (config.get("ingestAt") ?? "02:00").split(":");
const ingest = new ScheduledDataPipeline("ingest", {
  factory: adf,
  activities: [
    {
      name: "CopyRawSales",
      type: "Copy",
      inputs: [ref("SalesExport")],
      outputs: [ref("RawSales")],
      source: { type: "BinarySource" },
      sink: { type: "BinarySink" },
    },
  ],
  dataAvailability: { dataset: "SalesExport", timeout: Duration.hours(2) },
  schedule: Recurrence.daily({ at: `${ingestHour}:${ingestMinute}`, timeZone }),
});

// Train on arrival: landing blob → validation → Azure ML training pipeline → model backup.
const onArrival = new TrainOnDataArrival("forecast", {
  factory: adf,
  arrival: {
    storageAccountId: lake.id,
    container: "landing",
    folderPath: "sales",
    blobNameEndsWith: "_SUCCESS",
  },
  validation: {
    activities: [
      {
        name: "ProfileNewData",
        type: "GetMetadata",
        dataset: ref("RawSales"),
        fieldList: ["size", "lastModified"],
      },
    ],
    dataAvailability: { dataset: "RawSales", timeout: Duration.minutes(30) },
  },
  training: {
    workspace: { ...ws, subscriptionId: client.subscriptionId },
    mlPipelineEndpointId: config.get("mlPipelineEndpointId") ?? "forecast-training-endpoint",
    experimentName: "forecast",
    // The vault below watches this folder: the plan links training to the backup through it.
    modelOutput: { storageAccountId: lake.id, container: "models", folderPath: "forecast" },
  },
});

// Timed full retrain on a cluster that scales to zero between runs.
const cluster = new TrainingCluster("train-gpu", {
  workspace: ws,
  location,
  computeName: "train-gpu",
  vmSize: config.get("clusterVmSize") ?? "Standard_DS3_v2",
  vmPriority: (config.get("clusterPriority") as "Dedicated" | "LowPriority") ?? "Dedicated",
  maxNodeCount: config.getNumber("clusterMaxNodes") ?? 2,
});
// Its own experiment, so its failures and deadline are told apart from the arrival-driven runs.
// The loss gate fails a run whose validation loss diverged or ended too high: Azure Monitor never
// sees logged metrics, but it sees the failed run.
const retrain = new TrainingSchedule("forecast-retrain", {
  workspace: ws,
  ...(retrainCron
    ? { cron: { expression: retrainCron, timeZone } }
    : { recurrence: Recurrence.daily({ at: config.get("retrainAt") ?? "03:00", timeZone }) }),
  cluster,
  // How long a retrain usually runs: the plan's node-hours estimate (runs × nodes × duration).
  expectedDuration: Duration.minutes(config.getNumber("retrainMinutes") ?? 90),
  job: withMetricGates(
    {
      jobType: "Command",
      displayName: "forecast-retrain",
      experimentName: "forecast-retrain",
      command: "python train.py --data ${{inputs.sales}}",
      environmentId: "azureml:forecast-training:1",
      inputs: {
        sales: {
          jobInputType: "uri_folder",
          uri: "azureml://datastores/workspaceblobstore/paths/sales/",
        },
      },
    },
    [{ metric: "val_loss", max: config.getNumber("retrainMaxLoss") ?? 0.5 }],
  ),
});

// Least privilege: the factory runs Azure ML pipelines and moves data; nothing holds keys.
grantRole("adf-runs-ml", {
  principalId: adf.principalId,
  role: ROLES.azureMLDataScientist,
  scope: workspace.id,
});
grantRole("adf-lake-landing", {
  principalId: adf.principalId,
  role: ROLES.storageBlobDataContributor,
  scope: blobContainerScope(lake.id, landing.name),
});
grantRole("adf-lake-models", {
  principalId: adf.principalId,
  role: ROLES.storageBlobDataContributor,
  scope: blobContainerScope(lake.id, models.name),
});

// Alert: failed pipeline, activity and trigger runs e-mail the recipients; the ingest must have
// succeeded by its deadline; run logs go to Log Analytics with a dashboard.
const alerts = new PipelineAlerts("ml-alerts", {
  factory: adf,
  location,
  shortName: "mlops",
  emails: alertEmails,
  deadlines: [{ pipeline: ingest, succeededBy: config.get("ingestDeadline") ?? "06:00" }],
  trainingTile: true,
});

// Watch training: failed or cancelled runs of the retrain and of the arrival-driven training reach
// the same people; the retrain must have succeeded by its deadline; the workspace's run and
// compute logs go to the pipelines' Log Analytics workspace (and the dashboard's training tiles).
new TrainingAlerts("training-alerts", {
  workspace: { workspaceId: workspace.id, resourceGroupName: rg.name },
  location,
  trainings: [
    { schedule: retrain, completedBy: config.get("retrainDeadline") ?? "06:00" },
    { experimentName: onArrival.experimentName },
  ],
  actionGroupIds: [alerts.actionGroupId],
  logAnalyticsWorkspaceId: alerts.workspaceId!,
});

// Self-hosted integration runtime for the sales exports behind the firewall: Windows nodes in the
// network team's subnet with Java (for Parquet) and the runtime registered with its auth key,
// autoscaled on the runtime's queue and CPU, capacity alerts to the same people as failed runs.
const runtimeAdmin = new random.RandomString(
  "runtime-admin",
  { length: 24, special: true, minUpper: 2, minLower: 2, minNumeric: 2, minSpecial: 2 },
  { additionalSecretOutputs: ["result"] },
);
new SelfHostedIntegrationRuntime("exports-runtime", {
  factory: adf,
  runtimeName: "exports-runtime",
  location,
  nodes: {
    subnetId:
      config.get("runtimeSubnetId") ??
      pulumi.interpolate`${rg.id}/providers/Microsoft.Network/virtualNetworks/vnet-mlops/subnets/integration-runtime`,
    adminPassword: runtimeAdmin.result,
    vmSize: config.get("runtimeVmSize") ?? "Standard_D4s_v3",
  },
  scaling: { minNodes: 1, maxNodes: config.getNumber("runtimeMaxNodes") ?? 2 },
  alerts: { actionGroupIds: [alerts.actionGroupId] },
});

// Index: the ingested sales become searchable, the indexer scheduled after each ingest lands. Its
// blob reader role is scoped to the landing container, which must exist first.
new SearchIndexerSchedule(
  "sales-search",
  {
    resourceGroupName: rg.name,
    location,
    service: { name: config.get("searchServiceName") ?? "srch-mlops-platform" },
    storageAccountId: lake.id,
    container: "landing",
    folder: "sales/",
    sourceType: "adlsgen2",
    fields: [
      { name: "id", type: "Edm.String", key: true, filterable: true },
      { name: "content", type: "Edm.String", searchable: true },
      { name: "metadata_storage_path", type: "Edm.String", filterable: true },
      // Filled by the skillset: the text in chunks, and the text read from images.
      { name: "pages", type: "Collection(Edm.String)", searchable: true },
      { name: "image_text", type: "Collection(Edm.String)", searchable: true },
    ],
    fieldMappings: [
      {
        sourceFieldName: "metadata_storage_path",
        targetFieldName: "id",
        mappingFunction: { name: "base64Encode" },
      },
    ],
    refreshedBy: ingest,
    refreshLag: Duration.hours(1),
    // Documents are split into chunks and their images read (OCR) before indexing.
    skillset: {
      split: { maximumPageLength: 2000 },
      ocr: {},
      outputFieldMappings: [
        { sourceFieldName: "/document/pages", targetFieldName: "pages" },
        { sourceFieldName: "/document/normalized_images/*/text", targetFieldName: "image_text" },
      ],
    },
    // Index size against the service's quota, checked hourly; the same people hear of it.
    storageAlert: { thresholdPercent: 80 },
    actionGroupIds: [alerts.actionGroupId],
  },
  { dependsOn: [landing] },
);

// Shadow: the candidate model behind the live one; moving the stage is a one-line config change.
const instances = config.getNumber("endpointInstances") ?? 1;
const rollout = new ShadowDeployment("forecast-endpoint", {
  workspace: ws,
  location,
  endpointName: "forecast-scoring",
  live: { name: "blue", model: "azureml:forecast:6", instanceCount: instances },
  candidate: { name: "green", model: "azureml:forecast:7", instanceCount: instances },
  stage: config.get("rolloutStage") ?? "shadow 20%",
  // The candidate's 5xx rate and latency reach the same people as failed runs; a shadow's answers
  // reach nobody, so its latency bound can be looser than a canary's.
  candidateAlert: {
    actionGroupIds: [alerts.actionGroupId],
    maxServerErrorsPerMinute: config.getNumber("candidateMaxErrorsPerMinute") ?? 1,
    maxLatencyMs: config.getNumber("candidateMaxLatencyMs") ?? 1000,
    stages: { shadow: { maxLatencyMs: config.getNumber("shadowMaxLatencyMs") ?? 2000 } },
  },
});

export const mlflowTrackingUri = workspace.mlFlowTrackingUri;
export const endpointName = rollout.endpointName;
export const rolloutStage = rollout.stageDescription;
export const factoryName = adf.factoryName;
export const modelVaultAccount = vault.accountName;
