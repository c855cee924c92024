import * as pulumi from "@pulumi/pulumi";
import { Duration } from "../core/duration";
import { Check, ValidationContext } from "../core/errors";
import { AlertSeverity, checkSeverity } from "../monitoring/limits";
import { checkMetricAlertTiming, StaticMetricCondition } from "../monitoring/metric-alert";
import { TrafficSplit } from "./traffic";

/**
 * Metric namespace (and resource type) of managed online endpoint metrics. Microsoft Learn,
 * "Supported metrics for Microsoft.MachineLearningServices/workspaces/onlineEndpoints":
 * `RequestLatency`, `RequestLatency_P50`/`_P90`/`_P95`/`_P99` (milliseconds, Average, dimension
 * `deployment`) and `RequestsPerMinute` (Count, Average, dimensions `deployment`, `statusCode`,
 * `statusCodeClass`, `modelStatusCode`), all at PT1M.
 */
export const ONLINE_ENDPOINT_METRIC_NAMESPACE =
  "Microsoft.MachineLearningServices/workspaces/onlineEndpoints";

/** The latency metrics of an online endpoint, by the statistic they report. */
export const LATENCY_METRICS = {
  Average: "RequestLatency",
  P50: "RequestLatency_P50",
  P90: "RequestLatency_P90",
  P95: "RequestLatency_P95",
  P99: "RequestLatency_P99",
} as const;
/** Which latency statistic the alert watches. */
export type LatencyStatistic = keyof typeof LATENCY_METRICS;

/**
 * Where a rollout stands: `shadow` (the candidate gets a mirrored copy only), `canary` (it answers
 * part of live traffic) or `full` (it answers everything).
 */
export type StagePhase = "shadow" | "canary" | "full";

/** The phase of a validated split. */
export function stagePhase(split: TrafficSplit): StagePhase {
  if (split.candidate === 100) return "full";
  return split.candidate > 0 ? "canary" : "shadow";
}

/** What counts as the candidate misbehaving. */
export interface CandidateAlertThresholds {
  /**
   * Server errors (HTTP 5xx: the scoring container failed, timed out or was overloaded) per minute
   * on the candidate, averaged over the window, above which the alert fires. Azure Monitor has no
   * ratio metric for online endpoints, so this is a rate, not a percentage: size it to the share
   * of traffic the stage sends. 0 fires on any error.
   * @default 1
   */
  readonly maxServerErrorsPerMinute?: number;
  /**
   * Request latency (milliseconds, the `latencyStatistic` of the candidate's requests) above which
   * the alert fires.
   * @default 1000
   */
  readonly maxLatencyMs?: number;
}

/** The candidate's error-rate and latency alerts of a `ShadowDeployment` stage. */
export interface CandidateAlertOptions extends CandidateAlertThresholds {
  /** Action groups notified (e.g. `PipelineAlerts.actionGroupId`). */
  readonly actionGroupIds: readonly pulumi.Input<string>[];
  /** Latency statistic watched. @default "P99" */
  readonly latencyStatistic?: LatencyStatistic;
  /**
   * Thresholds per phase, over the ones above: a shadow's answers reach nobody, so a team may
   * accept more there than in a canary. Moving the stage (a one-line change) switches the
   * thresholds the alerts use.
   * @default {} - the same thresholds in every phase
   */
  readonly stages?: Partial<Record<StagePhase, CandidateAlertThresholds>>;
  /** Severity. @default 2 */
  readonly severity?: AlertSeverity;
  /** How often Azure evaluates (PT1M, PT5M, PT15M, PT30M, PT1H). @default Duration.minutes(5) */
  readonly evaluationFrequency?: Duration;
  /** Look-back (PT1M...P1D, at least the frequency). @default Duration.minutes(15) */
  readonly windowSize?: Duration;
}

/** One validated candidate alert: what the component sends to `metricAlertArgs`. */
export interface CandidateAlertPlan {
  /** `errors` or `latency`; the child is `${name}-candidate-${role}`. */
  readonly role: "errors" | "latency";
  /** The alert rule's description (names the stage and the candidate). */
  readonly description: string;
  /** The static metric condition (metric, operator, threshold, aggregation). */
  readonly condition: StaticMetricCondition;
}

/** The validated alerts of a stage and their shared settings. */
export interface CandidateAlerts {
  /**
   * The stage's phase: `shadow` (mirrored traffic only), `canary` (some live traffic) or `full`.
   */
  readonly phase: StagePhase;
  /** Error-rate and latency thresholds after defaults. */
  readonly thresholds: Required<CandidateAlertThresholds>;
  /** Azure Monitor severity of the alerts (0 critical to 4 verbose). */
  readonly severity: AlertSeverity;
  /** How often Azure evaluates the alerts. */
  readonly evaluationFrequency: Duration;
  /** The look-back window of each evaluation. */
  readonly windowSize: Duration;
  /** The alerts to create (one per role). */
  readonly alerts: readonly CandidateAlertPlan[];
}

const DEFAULTS = {
  maxServerErrorsPerMinute: 1,
  maxLatencyMs: 1000,
  latencyStatistic: "P99" as LatencyStatistic,
  severity: 2 as AlertSeverity,
  evaluationFrequency: Duration.minutes(5),
  windowSize: Duration.minutes(15),
};

const THRESHOLD_KEYS = ["maxServerErrorsPerMinute", "maxLatencyMs"] as const;

function checkThresholds(check: Check, prop: string, t: CandidateAlertThresholds | undefined) {
  const at = (k: string) => (prop ? `${prop}.${k}` : k);
  check.numberRange(at("maxServerErrorsPerMinute"), t?.maxServerErrorsPerMinute, 0, 1e9);
  check.numberRange(
    at("maxLatencyMs"),
    t?.maxLatencyMs,
    1,
    1e9,
    "A latency threshold is a positive number of milliseconds.",
  );
}

/**
 * Validates the candidate alert options and resolves them for a stage: the phase's thresholds and
 * the two conditions Azure receives, both on the candidate deployment only (`deployment`
 * dimension), so moving the stage or renaming the candidate moves the alerts with it. Pure.
 */
export function candidateAlerts(
  ctx: ValidationContext,
  prop: string,
  options: CandidateAlertOptions,
  split: TrafficSplit,
  candidate: string,
  stageDescription: string,
): CandidateAlerts {
  const check = new Check(ctx);
  check.type(prop, options, "object");
  check.knownKeys(prop, options, [
    ...THRESHOLD_KEYS,
    "actionGroupIds",
    "latencyStatistic",
    "stages",
    "severity",
    "evaluationFrequency",
    "windowSize",
  ]);
  check.type(`${prop}.actionGroupIds`, options.actionGroupIds, "array");
  check.required(
    `${prop}.actionGroupIds`,
    options.actionGroupIds,
    "must name at least one action group (an alert nobody receives is no alert)",
  );
  checkThresholds(check, prop, options);
  check.oneOf(
    `${prop}.latencyStatistic`,
    options.latencyStatistic,
    Object.keys(LATENCY_METRICS) as LatencyStatistic[],
  );
  check.knownKeys(`${prop}.stages`, options.stages, ["shadow", "canary", "full"]);
  for (const phase of ["shadow", "canary", "full"] as const) {
    check.knownKeys(`${prop}.stages.${phase}`, options.stages?.[phase], THRESHOLD_KEYS);
    checkThresholds(check, `${prop}.stages.${phase}`, options.stages?.[phase]);
  }
  checkSeverity(check, `${prop}.severity`, options.severity);
  const evaluationFrequency = options.evaluationFrequency ?? DEFAULTS.evaluationFrequency;
  const windowSize = options.windowSize ?? DEFAULTS.windowSize;
  checkMetricAlertTiming(
    check,
    { frequency: `${prop}.evaluationFrequency`, window: `${prop}.windowSize` },
    evaluationFrequency,
    windowSize,
  );

  const phase = stagePhase(split);
  const own = options.stages?.[phase] ?? {};
  const thresholds = {
    maxServerErrorsPerMinute:
      own.maxServerErrorsPerMinute ??
      options.maxServerErrorsPerMinute ??
      DEFAULTS.maxServerErrorsPerMinute,
    maxLatencyMs: own.maxLatencyMs ?? options.maxLatencyMs ?? DEFAULTS.maxLatencyMs,
  };
  const statistic = options.latencyStatistic ?? DEFAULTS.latencyStatistic;
  const deployment = { name: "deployment", values: [candidate] };
  const during = `${phase} stage (${stageDescription})`;
  return {
    phase,
    thresholds,
    severity: options.severity ?? DEFAULTS.severity,
    evaluationFrequency,
    windowSize,
    alerts: [
      {
        role: "errors",
        description: `Candidate ${candidate}: more than ${thresholds.maxServerErrorsPerMinute} server errors (5xx) per minute during the ${during}`,
        condition: {
          name: "candidate-5xx",
          metricName: "RequestsPerMinute",
          metricNamespace: ONLINE_ENDPOINT_METRIC_NAMESPACE,
          dimensions: [deployment, { name: "statusCodeClass", values: ["5xx"] }],
          operator: "GreaterThan",
          threshold: thresholds.maxServerErrorsPerMinute,
          timeAggregation: "Average",
        },
      },
      {
        role: "latency",
        description: `Candidate ${candidate}: ${statistic} latency above ${thresholds.maxLatencyMs} ms during the ${during}`,
        condition: {
          name: "candidate-latency",
          metricName: LATENCY_METRICS[statistic],
          metricNamespace: ONLINE_ENDPOINT_METRIC_NAMESPACE,
          dimensions: [deployment],
          operator: "GreaterThan",
          threshold: thresholds.maxLatencyMs,
          timeAggregation: "Average",
        },
      },
    ],
  };
}
