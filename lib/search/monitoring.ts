import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { Duration } from "../core/duration";
import { METRIC_ALERT_WINDOWS, QUERY_RULE_WINDOWS } from "../monitoring/limits";

/**
 * Building blocks for watching a search service, kept small and exported so the monitoring
 * module can adopt them: a diagnostic setting, a metric alert on failed documents
 * (`DocumentsProcessedCount`, Microsoft.Search/searchServices platform metric, dimensions
 * `IndexerName`, `IndexName`, `DataSourceName`, `SkillsetName`, `Failed`;
 * learn.microsoft.com/azure/search/monitor-azure-cognitive-search-data-reference) and a log alert
 * on indexer runs that did not happen.
 *
 * Why not a metric alert on "fewer than 1 processed document" (0.1.0): a static-threshold metric
 * alert evaluates the time series that exist in its window, and `DocumentsProcessedCount` is
 * emitted only when documents are processed, so a stopped or broken indexer leaves no series and
 * the rule has nothing to compare (Learn, "Understand how metric alerts work": the rule evaluates
 * the metric values in the window; with no values there is no breach). A log search alert, in
 * contrast, runs its query on every evaluation whether or not rows arrived, and a `summarize
 * count()` without `by` returns one row, with 0, over an empty input (Kusto `summarize` reference,
 * "Default values of aggregations": count() on empty input is 0).
 */
export const SEARCH_METRIC_NAMESPACE = "Microsoft.Search/searchServices";

/** The search service's one resource-log category (it lands in `AzureDiagnostics`). */
export const SEARCH_LOG_CATEGORY = "OperationLogs";

/** Metric-alert window sizes as durations, shortest first (the monitoring module's list). */
const ALERT_WINDOWS = METRIC_ALERT_WINDOWS.map((w) => Duration.parse(w));

/** The smallest metric-alert window at least `d` long, or undefined beyond a day. */
export function alertWindowCovering(d: Duration): Duration | undefined {
  return ALERT_WINDOWS.find((w) => w.toSeconds() >= d.toSeconds());
}

/** Arguments for {@link searchDiagnostics}. */
export interface SearchDiagnosticsArgs {
  /** ARM id of the search service. */
  readonly serviceId: pulumi.Input<string>;
  /** Log Analytics workspace that receives the logs and metrics. */
  readonly workspaceId: pulumi.Input<string>;
}

/**
 * Sends the service's operation logs and all metrics to Log Analytics. Azure AI Search has one log
 * category, `OperationLogs`, and its only Log Analytics table is `AzureDiagnostics` (Learn,
 * "Supported logs for Microsoft.Search/searchServices": category OperationLogs, log table
 * AzureDiagnostics; the monitoring data reference lists no resource-specific table), so the setting
 * uses the default (AzureDiagnostics) destination: the missed-run alert reads that table.
 */
export function searchDiagnostics(
  name: string,
  args: SearchDiagnosticsArgs,
  opts?: pulumi.CustomResourceOptions,
): monitor.DiagnosticSetting {
  return new monitor.DiagnosticSetting(
    name,
    {
      name,
      resourceUri: args.serviceId,
      workspaceId: args.workspaceId,
      logs: [{ category: SEARCH_LOG_CATEGORY, enabled: true }],
      metrics: [{ category: "AllMetrics", enabled: true }],
    },
    opts,
  );
}

/** Arguments for {@link indexerAlerts}. */
export interface IndexerAlertsArgs {
  /** Resource group the alert is created in. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** ARM id of the search service. */
  readonly serviceId: pulumi.Input<string>;
  /** The indexer's name (metric dimension `IndexerName`). */
  readonly indexerName: string;
  /**
   * ARM ids of the action groups the alert notifies (e.g. `PipelineAlerts.actionGroupId`).
   * @default [] (the alert only shows in the portal)
   */
  readonly actionGroupIds?: pulumi.Input<string>[];
  /** Severity 0 (critical) to 4 (verbose). @default 2 */
  readonly severity?: number;
}

function documentsCriterion(indexer: string, failed: boolean, operator: string, threshold: number) {
  return {
    odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
    allOf: [
      {
        criterionType: "StaticThresholdCriterion",
        name: failed ? "FailedDocuments" : "ProcessedDocuments",
        metricName: "DocumentsProcessedCount",
        metricNamespace: SEARCH_METRIC_NAMESPACE,
        timeAggregation: "Total",
        operator,
        threshold,
        dimensions: [
          { name: "IndexerName", operator: "Include", values: [indexer] },
          { name: "Failed", operator: "Include", values: [failed ? "True" : "False"] },
        ],
      },
    ],
  };
}

/**
 * Metric alert for one indexer: any failed document in a run (a schema mismatch or a foreign file
 * fails items before it fails the run). This one can fire: a failed document emits the metric with
 * `Failed = True`. Runs that do not happen are `indexerMissedRunAlert`'s job.
 */
export function indexerAlerts(
  name: string,
  args: IndexerAlertsArgs,
  opts?: pulumi.CustomResourceOptions,
): monitor.MetricAlert[] {
  const common = {
    resourceGroupName: args.resourceGroupName,
    location: "global",
    enabled: true,
    scopes: [args.serviceId],
    severity: args.severity ?? 2,
    autoMitigate: true,
    actions: (args.actionGroupIds ?? []).map((actionGroupId) => ({ actionGroupId })),
  };
  return [
    new monitor.MetricAlert(
      `${name}-failed-documents`,
      {
        ...common,
        ruleName: `${name}-failed-documents`,
        description: `Indexer ${args.indexerName} failed to index documents`,
        evaluationFrequency: "PT15M",
        windowSize: "PT1H",
        criteria: documentsCriterion(args.indexerName, true, "GreaterThan", 0) as any,
      },
      opts,
    ),
  ];
}

/** First line of every missed-run query: what it watches, read back by the plan and the tests. */
export const MISSED_RUN_MARKER = "// mlops:search-missed-runs ";

/** A string literal KQL reads back as `value`. */
const kqlString = (value: string) => JSON.stringify(value);

/**
 * The log query of the missed-run alert: over the rule's window, the indexer's `Indexers.Status`
 * operations in `AzureDiagnostics`; one row (so the rule fires on `Count > 0`) when there were
 * none.
 *
 * The signal, and how thin its source is: Learn's "Collect and analyze log data for Azure
 * Cognitive Search" (search-monitor-logs, 2020-2022 revisions) lists `Indexers.Status` as
 * "Returns the status of an indexer whenever the indexer is run", and its sample "Indexer status"
 * query is `AzureDiagnostics | where OperationName == "Indexers.Status"`, whose `Description_s`
 * "includes the name of the indexer". The current monitoring data reference names the operation
 * (`Indexers.*`: Create, Delete, Get, List, Status) without restating when it is logged. A status
 * request made by a person (portal, REST) is logged too, so a watched indexer can hide a missed
 * run; the rule never fires falsely on that account. Match the name as a whole word of
 * `Description_s` (index and indexer names are lowercase letters, digits and dashes).
 */
export function missedRunQuery(indexerName: string, serviceId: string): string {
  const word = indexerName.replace(/[^a-z0-9-]/g, "");
  return [
    `${MISSED_RUN_MARKER}${JSON.stringify({ v: 1, indexer: indexerName })}`,
    "AzureDiagnostics",
    `| where _ResourceId =~ ${kqlString(serviceId)}`,
    `| where Category == "OperationLogs" and OperationName == "Indexers.Status" and ResultType == "Success"`,
    `| where Description_s matches regex ${kqlString(`(^|[^a-z0-9-])${word}([^a-z0-9-]|$)`)}`,
    "| summarize runs = count()",
    "| where runs == 0",
    `| project indexer = ${kqlString(indexerName)}, runs`,
  ].join("\n");
}

/** Log-ingestion slack added to the expected gap between runs before a run counts as missed. */
export const MISSED_RUN_SLACK = Duration.minutes(30);

/**
 * The rule's window and frequency for an indexer that runs every `interval`: the smallest log
 * alert window (`QUERY_RULE_WINDOWS`, at most two days) covering `interval + MISSED_RUN_SLACK`,
 * evaluated every 15 minutes up to a 6-hour window, then hourly. Undefined when no window fits.
 */
export function missedRunTiming(
  interval: Duration,
): { window: string; frequency: string } | undefined {
  const needed = interval.plus(MISSED_RUN_SLACK);
  const window = QUERY_RULE_WINDOWS.find((w) => Duration.parse(w).compareTo(needed) >= 0);
  if (!window) return undefined;
  const frequency = Duration.parse(window).compareTo(Duration.hours(6)) <= 0 ? "PT15M" : "PT1H";
  return { window, frequency };
}

/** Arguments for {@link indexerMissedRunAlert}. */
export interface IndexerMissedRunAlertArgs {
  /** Resource group the alert rule is created in. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Region of the rule. @default - the resource group's region */
  readonly location?: pulumi.Input<string>;
  /** ARM id of the search service (its logs are matched by `_ResourceId`). */
  readonly serviceId: pulumi.Input<string>;
  /** Log Analytics workspace the service's diagnostic setting writes to. */
  readonly workspaceId: pulumi.Input<string>;
  /** The indexer's name. */
  readonly indexerName: string;
  /** The indexer's schedule interval: a gap longer than this (plus slack) is a missed run. */
  readonly interval: Duration;
  /**
   * ARM ids of the action groups the alert notifies (e.g. `PipelineAlerts.actionGroupId`).
   * @default [] (the alert only shows in the portal)
   */
  readonly actionGroupIds?: pulumi.Input<string>[];
  /** Severity 0 (critical) to 4 (verbose). @default 2 */
  readonly severity?: number;
}

/**
 * A log search alert (`Microsoft.Insights/scheduledQueryRules`, kind `LogAlert`) that fires when
 * the indexer logged no run in a window a little longer than its interval, and resolves itself
 * when runs come back. Needs the service's `OperationLogs` in `workspaceId` (`searchDiagnostics`).
 */
export function indexerMissedRunAlert(
  name: string,
  args: IndexerMissedRunAlertArgs,
  opts?: pulumi.CustomResourceOptions,
): monitor.ScheduledQueryRule | undefined {
  const timing = missedRunTiming(args.interval);
  if (!timing) return undefined;
  return new monitor.ScheduledQueryRule(
    `${name}-missed-runs`,
    {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      kind: "LogAlert",
      enabled: true,
      displayName: `${args.indexerName}: no indexer run`,
      description: `Indexer ${args.indexerName} runs every ${args.interval.toIsoString()} but logged no run in ${timing.window}`,
      severity: args.severity ?? 2,
      evaluationFrequency: timing.frequency,
      windowSize: timing.window,
      scopes: [args.workspaceId],
      // AzureDiagnostics appears in a workspace with its first log; validation would fail before.
      skipQueryValidation: true,
      autoMitigate: true,
      criteria: {
        allOf: [
          {
            query: pulumi
              .output(args.serviceId)
              .apply((id) => missedRunQuery(args.indexerName, id)),
            timeAggregation: "Count",
            operator: "GreaterThan",
            threshold: 0,
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
          },
        ],
      },
      actions: { actionGroups: args.actionGroupIds ?? [] },
    },
    opts,
  );
}
