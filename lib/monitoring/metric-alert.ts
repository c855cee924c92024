import * as pulumi from "@pulumi/pulumi";
import type * as monitor from "@pulumi/azure-native/monitor";
import { Duration } from "../core/duration";
import { Check } from "../core/errors";
import {
  AlertSeverity,
  checkIsoChoice,
  checkWindowCoversFrequency,
  METRIC_ALERT_FREQUENCIES,
  METRIC_ALERT_WINDOWS,
} from "./limits";

/** A metric dimension filter (`Include` these values, `*` for every value, one series each). */
export interface MetricDimensionFilter {
  /** The dimension's name, e.g. `Name` or `IndexerName`. */
  readonly name: string;
  /** Values to include; `["*"]` for every value. */
  readonly values: readonly string[];
}

/** One static-threshold condition of a metric alert on a single resource. */
export interface StaticMetricCondition {
  /** Criterion name, unique in the alert. */
  readonly name: string;
  /** The metric, e.g. `PipelineFailedRuns`. */
  readonly metricName: string;
  /** The metric's namespace, e.g. `Microsoft.DataFactory/factories`. */
  readonly metricNamespace: string;
  /**
   * Dimension filters: the alert watches only the matching series.
   * @default [] - the metric summed over every dimension
   */
  readonly dimensions?: readonly MetricDimensionFilter[];
  /** How the aggregated value is compared with `threshold`. */
  readonly operator: "GreaterThan" | "GreaterThanOrEqual" | "LessThan" | "LessThanOrEqual";
  /** The value the aggregate is compared with. */
  readonly threshold: number;
  /** How the metric is aggregated over the window. */
  readonly timeAggregation: "Average" | "Minimum" | "Maximum" | "Total" | "Count";
}

/** Everything a single-resource static metric alert needs; see `metricAlertArgs`. */
export interface StaticMetricAlertSpec {
  /** Resource group the alert is created in. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Shown with the alert and in its notifications. */
  readonly description: pulumi.Input<string>;
  /** 0 (critical) to 4 (verbose). */
  readonly severity: AlertSeverity;
  /** How often the condition is evaluated (one of Azure's metric-alert frequencies). */
  readonly evaluationFrequency: Duration;
  /** The window each evaluation aggregates over (one of Azure's metric-alert windows). */
  readonly windowSize: Duration;
  /** ARM id of the watched resource. */
  readonly scope: pulumi.Input<string>;
  /** Resource type of the scope (the metric namespace for platform metrics). */
  readonly targetResourceType: string;
  /** All must hold for the alert to fire (Azure's `allOf`). */
  readonly conditions: readonly StaticMetricCondition[];
  /** ARM ids of the action groups notified when it fires. */
  readonly actionGroupIds: readonly pulumi.Input<string>[];
  /** Resource tags of the alert. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Throws unless `frequency` and `window` are values a metric alert accepts and the window covers
 * the frequency; the one check every metric alert of the library shares.
 */
export function checkMetricAlertTiming(
  check: Check,
  props: { readonly frequency: string; readonly window: string },
  frequency: Duration,
  window: Duration,
): void {
  checkIsoChoice(check, props.frequency, frequency, METRIC_ALERT_FREQUENCIES);
  checkIsoChoice(check, props.window, window, METRIC_ALERT_WINDOWS);
  checkWindowCoversFrequency(check, props.window, window, frequency);
}

/**
 * The `Microsoft.Insights/metricAlerts` inputs of a static-threshold alert on one resource
 * (`SingleResourceMultipleMetricCriteria`), auto-mitigating, in the `global` location. Pure, so a
 * component's tests and the plan read exactly what Azure receives. Callers validate first
 * (`checkMetricAlertTiming`, `checkSeverity`).
 */
export function metricAlertArgs(spec: StaticMetricAlertSpec): monitor.MetricAlertArgs {
  return {
    resourceGroupName: spec.resourceGroupName,
    location: "global",
    enabled: true,
    autoMitigate: true,
    description: spec.description,
    severity: spec.severity,
    evaluationFrequency: spec.evaluationFrequency.toIsoString(),
    windowSize: spec.windowSize.toIsoString(),
    scopes: [spec.scope],
    targetResourceType: spec.targetResourceType,
    criteria: {
      odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
      allOf: spec.conditions.map((c) => ({
        criterionType: "StaticThresholdCriterion",
        name: c.name,
        metricName: c.metricName,
        metricNamespace: c.metricNamespace,
        ...(c.dimensions?.length
          ? {
              dimensions: c.dimensions.map((d) => ({
                name: d.name,
                operator: "Include",
                values: [...d.values],
              })),
            }
          : {}),
        operator: c.operator,
        threshold: c.threshold,
        timeAggregation: c.timeAggregation,
      })),
    },
    actions: spec.actionGroupIds.map((actionGroupId) => ({ actionGroupId })),
    tags: spec.tags,
  };
}
