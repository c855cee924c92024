/**
 * A small MLOps stack built with the library's components under the shared mock session, which
 * every rule must accept, and helpers to break one resource at a time.
 */
import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import * as datafactory from "@pulumi/azure-native/datafactory";
import { mocks } from "../support/mocks";
import { Duration, Recurrence } from "../../lib/core";
import { ScheduledDataPipeline, TumblingWindowTrigger } from "../../lib/datafactory";
import { PipelineAlerts } from "../../lib/monitoring";
import { policyResources } from "../../lib/plan/document";
import type { PolicyResource } from "../../lib/policy";

export const NOW = new Date("2026-11-27T00:00:00Z");
const session = mocks();
const factory = { resourceGroupName: "rg-pol", factoryName: "adf-pol" };
const zone = "W. Europe Standard Time";
const url = pulumi.secret(
  "https://prod-00.westeurope.logic.azure.com/workflows/x/invoke?sig=s3cret",
);
const ref = (referenceName: string, parameters?: Record<string, string>) => ({
  referenceName,
  type: "DatasetReference",
  ...(parameters ? { parameters } : {}),
});
const copy = (name: string, from: string, to: string) => ({
  name,
  type: "Copy",
  inputs: [ref(from)],
  outputs: [ref(to)],
  source: { type: "ParquetSource" },
  sink: { type: "ParquetSink" },
});
const secure = {
  resourceGroupName: "rg-pol",
  kind: "StorageV2",
  sku: { name: "Standard_LRS" },
  enableHttpsTrafficOnly: true,
  minimumTlsVersion: "TLS1_2",
  allowBlobPublicAccess: false,
  allowSharedKeyAccess: false,
};

const ingest = new ScheduledDataPipeline("pol-ingest", {
  factory,
  activities: [copy("CopyRaw", "RawSales", "CuratedSales")],
  dataAvailability: { dataset: "RawSales" },
  notifications: { url },
  schedule: Recurrence.daily({ at: "02:00", timeZone: zone }),
});
const train = new ScheduledDataPipeline("pol-train", {
  factory,
  activities: [copy("PrepareTraining", "CuratedSales", "TrainingSet")],
  dataAvailability: { dataset: "CuratedSales" },
  notifications: { url },
  schedule: Recurrence.weekly({ on: ["Sunday"], at: "03:00", timeZone: zone }),
});
const windowed = new ScheduledDataPipeline("pol-daily-window", {
  factory,
  parameters: { windowStart: { type: "String" }, windowEnd: { type: "String" } },
  activities: [copy("Aggregate", "Events", "DailyEvents")],
  dataAvailability: { dataset: "Events" },
  notifications: { url },
});
new TumblingWindowTrigger("pol-window", {
  factory,
  pipeline: windowed,
  window: Duration.hours(24),
  startTime: "2026-11-20T00:00:00Z",
  delay: Duration.hours(4),
  maxConcurrency: 4,
});
// Centralised monitoring: failure alerts, run logs, a deadline for each scheduled pipeline.
new PipelineAlerts("pol-alerts", {
  factory: {
    factoryId:
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-pol/providers/Microsoft.DataFactory/factories/adf-pol",
    resourceGroupName: "rg-pol",
    factoryName: "adf-pol",
  },
  emails: ["ops@contoso.com"],
  deadlines: [
    { pipeline: ingest, succeededBy: "06:00" },
    { pipeline: train, within: Duration.hours(6) },
  ],
});
new storage.StorageAccount("pol-lake", { ...secure, accountName: "pollake" });
new datafactory.LinkedService("pol-ls", {
  ...factory,
  linkedServiceName: "Lake",
  properties: { type: "AzureBlobFS", url: "https://pollake.dfs.core.windows.net" },
});
const backup = new storage.StorageAccount("pol-backup", {
  ...secure,
  sku: { name: "Standard_RAGRS" },
  accountName: "polbackup",
  tags: { "mlops:purpose": "backup" },
});
new storage.BlobServiceProperties("pol-backup-blob-service", {
  resourceGroupName: "rg-pol",
  accountName: backup.name,
  blobServicesName: "default",
  isVersioningEnabled: true,
  deleteRetentionPolicy: { enabled: true, days: 14 },
  containerDeleteRetentionPolicy: { enabled: true, days: 14 },
});
new storage.ManagementPolicy("pol-backup-lifecycle", {
  resourceGroupName: "rg-pol",
  accountName: backup.name,
  managementPolicyName: "default",
  policy: {
    rules: [
      {
        name: "tier-and-expire",
        enabled: true,
        type: "Lifecycle",
        definition: {
          filters: { blobTypes: ["blockBlob"], prefixMatch: ["models/"] },
          actions: {
            baseBlob: {
              tierToCool: { daysAfterModificationGreaterThan: 30 },
              tierToArchive: { daysAfterModificationGreaterThan: 180 },
              delete: { daysAfterModificationGreaterThan: 730 },
            },
          },
        },
      },
    ],
  },
});

/** The compliant stack as the rules see it. */
export async function world(): Promise<PolicyResource[]> {
  await session.settle();
  return policyResources(session.resources.filter((r) => r.name.startsWith("pol-")));
}

/** The resource of `type` whose name starts with `prefix`. */
export function find(resources: PolicyResource[], prefix: string, type: string): PolicyResource {
  const r = resources.find((x) => x.name.startsWith(prefix) && x.type === type);
  if (!r) throw new Error(`no ${type} ${prefix}*`);
  return r;
}

/** The stack with one resource's props replaced by `change(copy of props)`. */
export function broken(
  resources: PolicyResource[],
  target: PolicyResource,
  change: (props: Record<string, any>) => void,
): PolicyResource[] {
  return resources.map((r) => {
    if (r !== target) return r;
    const props = structuredClone(r.props);
    change(props);
    return { ...r, props };
  });
}

/** A copy of a resource under another name (and URN). */
export function cloned(
  r: PolicyResource,
  name: string,
  change: (props: Record<string, any>) => void = () => {},
): PolicyResource {
  const props = structuredClone(r.props);
  change(props);
  return { ...r, name, urn: r.urn.replace(/::[^:]+$/, `::${name}`), props };
}

export const T = {
  trigger: "azure-native:datafactory:Trigger",
  pipeline: "azure-native:datafactory:Pipeline",
  account: "azure-native:storage:StorageAccount",
  linkedService: "azure-native:datafactory:LinkedService",
  policy: "azure-native:storage:ManagementPolicy",
  blobService: "azure-native:storage:BlobServiceProperties",
  actionGroup: "azure-native:monitor:ActionGroup",
  metricAlert: "azure-native:monitor:MetricAlert",
  queryRule: "azure-native:monitor:ScheduledQueryRule",
  diagnosticSetting: "azure-native:monitor:DiagnosticSetting",
};
