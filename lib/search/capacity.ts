import * as pulumi from "@pulumi/pulumi";
import * as logic from "@pulumi/azure-native/logic";
import * as monitor from "@pulumi/azure-native/monitor";
import { Duration } from "../core/duration";
import { Check, ValidationContext } from "../core/errors";
import { grantRole } from "../identity/grant";
import { ROLES } from "../identity/roles";
import { alertWindowCovering } from "./monitoring";

/*
 * Storage use against the quota, watched. What Azure exposes, and why this mechanism:
 * - Microsoft.Search/searchServices has no storage metric. Its platform metrics are
 *   DocumentsProcessedCount, SearchLatency, SearchQueriesPerSecond, SkillExecutionCount and
 *   ThrottledSearchQueriesPercentage (Learn, "Supported metrics for Microsoft.Search/searchServices",
 *   learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-search-searchservices-metrics),
 *   and its one log category (OperationLogs) carries no sizes either.
 * - The data plane reports it: `GET https://<service>.search.windows.net/servicestats` answers
 *   `counters.storageSize { usage, quota }` in bytes (REST "Get Service Statistics", api
 *   2025-09-01; SDK `SearchIndexClient.getServiceStatistics`, `ServiceCounters.storageSizeCounter`).
 *   Learn: the statistics "are collected every few minutes, not in real time". The call needs
 *   "Access quotas and service statistics", which Search Service Contributor (or Owner/Contributor)
 *   has and Reader has not (Learn, "Connect to Azure AI Search using roles", permission summary).
 * - So a Logic App (consumption) reads the statistics on a recurrence with its managed identity
 *   and publishes `usage / quota * 100` as a custom metric on the search service (Learn, "Ingest
 *   custom metrics for an Azure resource using the REST API": `POST
 *   https://<region>.monitoring.azure.com<resourceId>/metrics`, token audience
 *   `https://monitoring.azure.com/`, role Monitoring Metrics Publisher on the resource), and a
 *   metric alert on that custom metric fires at the threshold and notifies the action groups.
 *   The quota is the one the service reports, so an older service (smaller partitions) or a
 *   scaled-out one is measured against its own quota, not the tier table's.
 */

/** Custom metric namespace and name the storage check publishes on the search service. */
export const STORAGE_METRIC = { namespace: "mlops/search", name: "StorageUsedPercent" } as const;

/** REST API version of the statistics call (the data-plane provider's). */
export const SERVICE_STATS_API_VERSION = "2025-09-01";

/** Watch the service's storage use against its quota. */
export interface StorageAlertOptions {
  /** Percent of the storage quota at which the alert fires, above 0 and below 100. @default 80 */
  readonly thresholdPercent?: number;
  /** How often the storage is measured: whole minutes, 5 minutes to 12 hours. @default Duration.hours(1) */
  readonly checkEvery?: Duration;
  /** Severity 0 (critical) to 4 (verbose). @default 2 */
  readonly severity?: number;
}

/** Bounds of `checkEvery`: Azure refreshes the statistics every few minutes; the alert window is at most a day. */
export const STORAGE_CHECK_INTERVAL = {
  min: Duration.minutes(5),
  max: Duration.hours(12),
} as const;

/** Throws on storage alert options Azure (or the mechanism) cannot honour. */
export function validateStorageAlert(
  ctx: ValidationContext,
  options: StorageAlertOptions,
  prop = "storageAlert",
): void {
  const check = new Check(ctx).at(prop);
  check.type("", options, "object");
  check.knownKeys("", options, ["thresholdPercent", "checkEvery", "severity"]);
  const t = options.thresholdPercent;
  check.type("thresholdPercent", t, "number");
  check.ensure(
    t === undefined || (Number.isFinite(t) && t > 0 && t < 100),
    "OUT_OF_RANGE",
    "thresholdPercent",
    t,
    "must be above 0 and below 100 (a percent of the storage quota)",
    "At 100% indexing already fails; alert early enough to add a partition (e.g. 80).",
  );
  check.duration("checkEvery", options.checkEvery, {
    min: STORAGE_CHECK_INTERVAL.min.toSeconds(),
    max: STORAGE_CHECK_INTERVAL.max.toSeconds(),
  });
  check.ensure(
    options.checkEvery === undefined || options.checkEvery.toSeconds() % 60 === 0,
    "INVALID_FORMAT",
    "checkEvery",
    options.checkEvery?.toIsoString(),
    "must be a whole number of minutes (a Logic App recurrence)",
  );
  check.intRange("severity", options.severity, 0, 4);
}

/**
 * The metric alert's window and frequency for a check every `every`: the smallest metric-alert
 * window covering two checks (one late sample never empties the window), evaluated at most hourly.
 */
export function storageAlertTiming(every: Duration): { window: string; frequency: string } {
  const window = alertWindowCovering(Duration.seconds(every.toSeconds() * 2)) ?? Duration.days(1);
  const frequency = window.toSeconds() <= 3600 ? window : Duration.hours(1);
  return { window: window.toIsoString(), frequency: frequency.toIsoString() };
}

/** The Logic App recurrence for a check every `every` (Minute or Hour frequency). */
export function storageCheckRecurrence(every: Duration): { frequency: string; interval: number } {
  const m = every.toMinutes();
  return m % 60 === 0
    ? { frequency: "Hour", interval: m / 60 }
    : { frequency: "Minute", interval: m };
}

/**
 * The workflow definition: on a recurrence, read `/servicestats` with the workflow's identity and
 * publish the storage percent on the service as a custom metric.
 */
export function buildStorageCheckDefinition(args: {
  readonly serviceName: string;
  readonly serviceId: string;
  readonly region: string;
  readonly every: Duration;
}) {
  const stats = "body('read_service_statistics')?['counters']?['storageSize']";
  const percent = `@div(mul(float(${stats}?['usage']), 100), float(${stats}?['quota']))`;
  const region = args.region.toLowerCase().replace(/\s+/g, "");
  return {
    $schema:
      "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
    contentVersion: "1.0.0.0",
    parameters: {},
    triggers: {
      check_storage: { type: "Recurrence", recurrence: storageCheckRecurrence(args.every) },
    },
    actions: {
      read_service_statistics: {
        type: "Http",
        runAfter: {},
        inputs: {
          method: "GET",
          uri: `https://${args.serviceName}.search.windows.net/servicestats?api-version=${SERVICE_STATS_API_VERSION}`,
          authentication: { type: "ManagedServiceIdentity", audience: "https://search.azure.com" },
        },
      },
      publish_storage_percent: {
        type: "Http",
        runAfter: { read_service_statistics: ["Succeeded"] },
        inputs: {
          method: "POST",
          uri: `https://${region}.monitoring.azure.com${args.serviceId}/metrics`,
          headers: { "Content-Type": "application/json" },
          authentication: {
            type: "ManagedServiceIdentity",
            audience: "https://monitoring.azure.com/",
          },
          body: {
            time: "@{utcNow()}",
            data: {
              baseData: {
                metric: STORAGE_METRIC.name,
                namespace: STORAGE_METRIC.namespace,
                dimNames: [],
                series: [{ dimValues: [], min: percent, max: percent, sum: percent, count: 1 }],
              },
            },
          },
        },
      },
    },
    outputs: {},
  };
}

/** Arguments for {@link searchStorageAlert}. */
export interface SearchStorageAlertArgs extends StorageAlertOptions {
  /** Resource group of the Logic App and the alert. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Region of the search service (custom metrics are ingested in the resource's region). */
  readonly region: pulumi.Input<string>;
  /** The search service's name (its endpoint host). */
  readonly serviceName: pulumi.Input<string>;
  /** ARM id of the search service (scope of the grants, the metric and the alert). */
  readonly serviceId: pulumi.Input<string>;
  /** Action groups the storage alert notifies. @default [] (the alert only shows in the portal) */
  readonly actionGroupIds?: pulumi.Input<string>[];
}

/**
 * The storage check (Logic App with a system identity, Search Service Contributor and Monitoring
 * Metrics Publisher on the service) and the metric alert at `thresholdPercent` of the quota.
 */
export function searchStorageAlert(
  name: string,
  args: SearchStorageAlertArgs,
  opts?: pulumi.CustomResourceOptions,
): { workflow: logic.Workflow; alert: monitor.MetricAlert } {
  const every = args.checkEvery ?? Duration.hours(1);
  const threshold = args.thresholdPercent ?? 80;
  const workflow = new logic.Workflow(
    `${name}-storage-check`,
    {
      resourceGroupName: args.resourceGroupName,
      location: args.region,
      identity: { type: "SystemAssigned" },
      state: "Enabled",
      definition: pulumi
        .all([args.serviceName, args.serviceId, args.region])
        .apply(([serviceName, serviceId, region]) =>
          buildStorageCheckDefinition({ serviceName, serviceId, region, every }),
        ),
    },
    opts,
  );
  const principalId = workflow.identity.apply((i) => i?.principalId ?? "");
  const readStats = grantRole(
    `${name}-storage-check-stats`,
    {
      principalId,
      role: ROLES.searchServiceContributor,
      scope: args.serviceId,
      description: `Storage check of ${name} reads the service statistics`,
    },
    opts,
  );
  const publish = grantRole(
    `${name}-storage-check-publish`,
    {
      principalId,
      role: ROLES.monitoringMetricsPublisher,
      scope: args.serviceId,
      description: `Storage check of ${name} publishes the storage percent`,
    },
    opts,
  );
  const timing = storageAlertTiming(every);
  const alert = new monitor.MetricAlert(
    `${name}-storage`,
    {
      resourceGroupName: args.resourceGroupName,
      ruleName: `${name}-storage`,
      location: "global",
      enabled: true,
      description: `Search service storage above ${threshold}% of its quota (checked every ${every.toIsoString()})`,
      scopes: [args.serviceId],
      severity: args.severity ?? 2,
      evaluationFrequency: timing.frequency,
      windowSize: timing.window,
      autoMitigate: true,
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [
          {
            criterionType: "StaticThresholdCriterion",
            name: "StorageUsedPercent",
            metricName: STORAGE_METRIC.name,
            metricNamespace: STORAGE_METRIC.namespace,
            timeAggregation: "Maximum",
            operator: "GreaterThanOrEqual",
            threshold,
            // The custom metric exists only after the first check has published it.
            skipMetricValidation: true,
          },
        ],
      } as any,
      actions: (args.actionGroupIds ?? []).map((actionGroupId) => ({ actionGroupId })),
    },
    { ...opts, dependsOn: [readStats, publish] },
  );
  return { workflow, alert };
}
