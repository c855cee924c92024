import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { Duration } from "../core/duration";
import { METRIC_ALERT_WINDOWS } from "../monitoring/limits";

/**
 * Building blocks for watching a search service, kept small and exported so the monitoring
 * module can adopt them: diagnostic settings and metric alerts on `DocumentsProcessedCount`
 * (Microsoft.Search/searchServices platform metric, dimensions `IndexerName`, `IndexName`,
 * `DataSourceName`, `SkillsetName`, `Failed`; learn.microsoft.com/azure/search/monitor-azure-cognitive-search-data-reference).
 */
export const SEARCH_METRIC_NAMESPACE = "Microsoft.Search/searchServices";

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
 * Sends the service's operation logs (each indexer run, with its status) and all metrics to Log
 * Analytics, resource-specific tables, so failed runs can be queried after the fact.
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
      logAnalyticsDestinationType: "Dedicated",
      logs: [{ categoryGroup: "allLogs", enabled: true }],
      metrics: [{ category: "AllMetrics", enabled: true }],
    },
    opts,
  );
}

/** Arguments for {@link indexerAlerts}. */
export interface IndexerAlertsArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** ARM id of the search service. */
  readonly serviceId: pulumi.Input<string>;
  /** The indexer's name (metric dimension `IndexerName`). */
  readonly indexerName: string;
  /** Action group(s) to notify. @default [] (the alert only shows in the portal) */
  readonly actionGroupIds?: pulumi.Input<string>[];
  /**
   * Alert when no document was processed in this long (the data refresh period). Rounded up to
   * the next window Azure accepts; above one day no such alert is made.
   * @default - no zero-document alert
   */
  readonly expectDocumentsWithin?: Duration;
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
 * Metric alerts for one indexer: any failed document in a run (a schema mismatch or a foreign
 * file fails items before it fails the run), and, when the data is refreshed at most daily, no
 * document processed for longer than the refresh period.
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
  const alerts = [
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
  const window = args.expectDocumentsWithin && alertWindowCovering(args.expectDocumentsWithin);
  if (window) {
    alerts.push(
      new monitor.MetricAlert(
        `${name}-no-documents`,
        {
          ...common,
          ruleName: `${name}-no-documents`,
          description: `Indexer ${args.indexerName} processed no documents in ${window.toIsoString()}`,
          evaluationFrequency: window.toSeconds() >= 3600 ? "PT1H" : window.toIsoString(),
          windowSize: window.toIsoString(),
          criteria: documentsCriterion(args.indexerName, false, "LessThan", 1) as any,
        },
        opts,
      ),
    );
  }
  return alerts;
}
