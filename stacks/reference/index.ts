/**
 * Reference MLOps scheduling stack: what a platform team deploys first.
 *
 * - a daily forecasting ingest at 02:00 W. Europe time, behind a data-availability gate, with
 *   failure/success notifications;
 * - an hourly feature build on a tumbling window: each hour waits for the previous one
 *   (self-dependency) and the first deploy backfills two days;
 * - a validation pipeline started as soon as a Parquet file lands in the landing container;
 * - a model backup vault (daily model backups, 30 kept, latest Hot, older Cool) that copies each
 *   finished training run out of the lake's `training` container as soon as it completes;
 * - a daily backup of the landing container as Parquet, Archive after 90 days, deleted after 730;
 * - a search index over the curated container, its indexer scheduled after the daily ingest
 *   lands, reading through the search service's managed identity, with failure alerts;
 * - monitoring: run notifications emailed by a Logic App (through Communication Services, with its
 *   managed identity), failure alerts, run logs in Log Analytics, a dashboard, and a deadline:
 *   the 02:00 ingest must have succeeded by 06:00 local time (plus an alert if its trigger
 *   did not fire);
 * - least privilege: the factory's identity gets a blob data role on the one container it uses,
 *   nothing on the account.
 *
 * Config (Pulumi.<stack>.yaml): location, resourceGroupName, timeZone, featuresStartTime,
 * alertEmails (comma-separated recipients).
 */
import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import * as datafactory from "@pulumi/azure-native/datafactory";
import { blobContainerScope, grantRole, ROLES } from "../../lib/identity";
import {
  DataBackupSchedule,
  DataFactory,
  Duration,
  ModelBackupVault,
  LogicAppNotifier,
  PipelineAlerts,
  Recurrence,
  ScheduledDataPipeline,
  SearchIndexerSchedule,
  StorageEventTrigger,
  TumblingWindowTrigger,
} from "../../lib";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const timeZone = config.get("timeZone") ?? "W. Europe Standard Time";
// Fixed on purpose: Azure cannot change a tumbling window's start, and a moving start would
// replace the trigger (and backfill again) on every deploy. Set it two days before first deploy.
const featuresStartTime = config.get("featuresStartTime") ?? "2026-11-25T00:00:00Z";
const alertEmails = (config.get("alertEmails") ?? "mlops-oncall@contoso.com")
  .split(",")
  .map((e) => e.trim())
  .filter(Boolean);

const rg = new resources.ResourceGroup("rg", {
  resourceGroupName: config.get("resourceGroupName") ?? "rg-mlops-scheduling",
  location,
});

// Data lake for landing and curated data: secure defaults, access through managed identity only.
const lake = new storage.StorageAccount("lake", {
  resourceGroupName: rg.name,
  location,
  kind: "StorageV2",
  sku: { name: "Standard_LRS" },
  isHnsEnabled: true,
  enableHttpsTrafficOnly: true,
  minimumTlsVersion: "TLS1_2",
  allowBlobPublicAccess: false,
  allowSharedKeyAccess: false,
});
const landing = new storage.BlobContainer("landing", {
  resourceGroupName: rg.name,
  accountName: lake.name,
  containerName: "landing",
  publicAccess: "None",
});
const curated = new storage.BlobContainer("curated", {
  resourceGroupName: rg.name,
  accountName: lake.name,
  containerName: "curated",
  publicAccess: "None",
});
// Training runs write their artifacts here; the model vault copies them (artifactBackup below).
const training = new storage.BlobContainer("training", {
  resourceGroupName: rg.name,
  accountName: lake.name,
  containerName: "training",
  publicAccess: "None",
});

const adf = new DataFactory("mlops", {
  resourceGroupName: rg.name,
  location,
  tags: { workload: "mlops" },
});

// The factory's managed identity reads the lake: no keys anywhere.
const lakeService = new datafactory.LinkedService("lake-ls", {
  resourceGroupName: rg.name,
  factoryName: adf.factoryName,
  linkedServiceName: "DataLake",
  properties: {
    type: "AzureBlobFS",
    url: pulumi.interpolate`https://${lake.name}.dfs.core.windows.net`,
  },
});
const rawSales = new datafactory.Dataset(
  "raw-sales",
  {
    resourceGroupName: rg.name,
    factoryName: adf.factoryName,
    datasetName: "RawSales",
    properties: {
      type: "Parquet",
      linkedServiceName: { referenceName: "DataLake", type: "LinkedServiceReference" },
      location: { type: "AzureBlobFSLocation", fileSystem: "landing", folderPath: "sales/daily" },
      compressionCodec: "snappy",
    },
  },
  { dependsOn: [lakeService, landing] },
);

// Run notifications by email; the notifier's callback URL stays a Pulumi secret.
const notifier = new LogicAppNotifier("run-mail", {
  resourceGroupName: rg.name,
  location,
  recipients: alertEmails,
});
const notifications = { url: notifier, onStart: true };
const copyTo = (name: string, folder: string) => ({
  name,
  type: "Copy",
  inputs: [{ referenceName: "RawSales", type: "DatasetReference" }],
  outputs: [{ referenceName: "RawSales", type: "DatasetReference", parameters: { folder } }],
  source: { type: "ParquetSource" },
  sink: { type: "ParquetSink" },
});

export const forecastingIngest = new ScheduledDataPipeline(
  "forecasting-ingest",
  {
    factory: adf,
    activities: [copyTo("CopyRawSales", "curated/sales")],
    dataAvailability: { dataset: "RawSales", timeout: Duration.hours(2), minimumSizeBytes: 1 },
    notifications,
    schedule: Recurrence.daily({ at: "02:00", timeZone }),
  },
  { dependsOn: [rawSales] },
);

const featureBuild = new ScheduledDataPipeline(
  "hourly-features",
  {
    factory: adf,
    parameters: { windowStart: { type: "String" }, windowEnd: { type: "String" } },
    activities: [copyTo("BuildFeatures", "features/hourly")],
    // An hour with no sales data is normal at night: end the run as succeeded, do not alert.
    dataAvailability: { dataset: "RawSales", mode: "check", onMissing: "skip" },
    notifications,
  },
  { dependsOn: [rawSales] },
);
export const hourlyWindow = new TumblingWindowTrigger("hourly-features-window", {
  factory: adf,
  pipeline: featureBuild,
  window: Duration.hours(1),
  startTime: featuresStartTime,
  delay: Duration.minutes(15),
  maxConcurrency: 4,
  selfDependency: { lookBack: Duration.hours(1) },
});

const validateLanding = new ScheduledDataPipeline(
  "validate-landing",
  {
    factory: adf,
    parameters: { folderPath: { type: "String" }, fileName: { type: "String" } },
    activities: [
      {
        name: "ProfileNewFile",
        type: "GetMetadata",
        dataset: { referenceName: "RawSales", type: "DatasetReference" },
        fieldList: ["size", "lastModified"],
      },
    ],
    notifications: { url: notifier },
  },
  { dependsOn: [rawSales] },
);
export const landingTrigger = new StorageEventTrigger("landing-parquet", {
  factory: adf,
  storageAccountId: lake.id,
  container: "landing",
  folderPath: "incoming",
  blobNameEndsWith: ".parquet",
  pipelines: [
    {
      pipeline: validateLanding,
      parameters: { folderPath: "@triggerBody().folderPath", fileName: "@triggerBody().fileName" },
    },
  ],
});

// Model backups: one container per model family, geo-redundant, kept on `pulumi destroy`. The
// artifact copy's read role is scoped to the `training` container, which must exist first (ARM
// refuses a role assignment whose scope does not exist), hence `dependsOn`.
export const modelVault = new ModelBackupVault(
  "models",
  {
    resourceGroupName: rg.name,
    location,
    families: ["forecasting"],
    // backupSizeGB: one model run's artifacts, for the plan's stored-GB-per-tier estimate.
    tiering: { ...ModelBackupVault.dailyKeep30(), backupSizeGB: 1.5 },
    artifactBackup: {
      factory: adf,
      sourceAccountId: lake.id,
      sourceContainer: "training",
      folders: { forecasting: "runs/forecasting" },
    },
  },
  { dependsOn: [training] },
);

// The landing zone's raw data, backed up once a day (each day's new files only); its read role is
// scoped to the landing container.
export const landingBackup = new DataBackupSchedule(
  "landing-backup",
  {
    factory: adf,
    source: { accountId: lake.id, container: "landing", format: "parquet" },
    destination: { resourceGroupName: rg.name, location },
    window: { size: Duration.days(1), startTime: featuresStartTime, delay: Duration.hours(3) },
    // backupSizeGB: one day's new landing files, for the plan's stored-GB-per-tier estimate.
    tiering: { archiveAfter: Duration.days(90), deleteAfter: Duration.days(730), backupSizeGB: 4 },
    notifications: { url: notifier.callbackUrl, onStart: true },
  },
  { dependsOn: [landing] },
);

// The factory reads raw data from and writes curated folders to the landing container (the
// datasets' file system): a blob data role on that container only, nothing on the account.
grantRole("adf-lake-landing", {
  principalId: adf.principalId,
  role: ROLES.storageBlobDataContributor,
  scope: blobContainerScope(lake.id, landing.name),
});

export const alerts = new PipelineAlerts("mlops-alerts", {
  factory: adf,
  location,
  shortName: "mlops-ops",
  emails: alertEmails,
  logicApp: notifier,
  deadlines: [{ pipeline: forecastingIngest, succeededBy: "06:00" }],
});

// Search over the curated sales the daily ingest writes: the indexer runs after each refresh
// (02:00 W. Europe time, landing at 00:00Z in summer and 01:00Z in winter), never more often.
export const salesSearch = new SearchIndexerSchedule(
  "curated-sales",
  {
    resourceGroupName: rg.name,
    location,
    service: { name: config.get("searchServiceName") ?? "srch-mlops-scheduling" },
    storageAccountId: lake.id,
    container: "curated",
    folder: "sales/",
    sourceType: "adlsgen2",
    parsingMode: "default",
    fields: [
      { name: "id", type: "Edm.String", key: true, filterable: true },
      { name: "content", type: "Edm.String", searchable: true },
      { name: "metadata_storage_path", type: "Edm.String", filterable: true },
      { name: "metadata_storage_last_modified", type: "Edm.DateTimeOffset", sortable: true },
    ],
    fieldMappings: [
      {
        sourceFieldName: "metadata_storage_path",
        targetFieldName: "id",
        mappingFunction: { name: "base64Encode" },
      },
    ],
    refreshedBy: forecastingIngest,
    refreshLag: Duration.hours(1),
    // Indexer failures reach the same people as pipeline failures.
    actionGroupIds: [alerts.actionGroupId],
  },
  { dependsOn: [curated] },
);

export const factoryName = adf.factoryName;
export const factoryPrincipalId = adf.principalId;
