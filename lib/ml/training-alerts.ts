import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { Duration } from "../core/duration";
import { Check, ValidationContext } from "../core/errors";
import { checkArgs } from "../core/options";
import { Recurrence } from "../core/recurrence";
import {
  checkFreshness,
  describeFreshness,
  freshnessQuery,
  FreshnessSpec,
  freshnessWindow,
  withinFromDeadline,
} from "../monitoring/freshness";
import { AlertSeverity, checkSeverity } from "../monitoring/limits";
import { ALERT_DEFAULTS } from "../monitoring/alerts";
import { checkMetricAlertTiming, metricAlertArgs } from "../monitoring/metric-alert";
import type { MlCronTrigger } from "../schedule/ml-timeline";
import { TRAINING_ALERTS_OPTIONS } from "./option-shapes";
import { TrainingSchedule } from "./training-schedule";
import {
  EXPERIMENT_DIMENSION,
  ML_LOG_CATEGORIES,
  ML_WORKSPACE_METRIC_NAMESPACE,
  recurrenceOfMlCron,
  TRAINING_FAILURE_METRICS,
  TrainingFailureKind,
} from "./training-watch";

/** A training watched by `TrainingAlerts`. */
export interface WatchedTraining {
  /**
   * A `TrainingSchedule` whose job names its `experimentName`. Give this or `experimentName`.
   * @default - none
   */
  readonly schedule?: TrainingSchedule;
  /**
   * The experiment of runs started elsewhere (e.g. `TrainOnDataArrival`'s `experimentName`):
   * failure alerts only, no deadline.
   * @default - the schedule job's experiment
   */
  readonly experimentName?: string;
  /**
   * Wall-clock time (`"06:00"`) in the schedule's time zone by which a training job of the
   * experiment must have succeeded; for a schedule that fires once a day (daily, or on some week
   * days). Give at most one of this and `within`.
   * @default - no deadline
   */
  readonly completedBy?: string;
  /** How long after each firing a training job must have succeeded. @default - no deadline */
  readonly within?: Duration;
  /** Severity of the deadline alert. @default 1 */
  readonly severity?: AlertSeverity;
  /** How often Azure runs the deadline query (a log alert frequency). @default Duration.minutes(15) */
  readonly evaluationFrequency?: Duration;
  /** Wait after the deadline before looking, for log ingestion. @default Duration.minutes(10) */
  readonly ingestionDelay?: Duration;
}

/** Arguments for `TrainingAlerts`. */
export interface TrainingAlertsArgs {
  /** The Azure ML workspace the training runs in. */
  readonly workspace: {
    /** ARM id of the workspace (the metrics' scope and the diagnostic setting's resource). */
    readonly workspaceId: pulumi.Input<string>;
    /** Resource group the alerts are created in. */
    readonly resourceGroupName: pulumi.Input<string>;
  };
  /** The trainings to watch (one experiment each), at least one. */
  readonly trainings: readonly WatchedTraining[];
  /** Action groups notified, e.g. `PipelineAlerts.actionGroupId`; at least one. */
  readonly actionGroupIds: readonly pulumi.Input<string>[];
  /**
   * The Log Analytics workspace the run and compute logs go to: the pipelines' one
   * (`PipelineAlerts.workspaceId`), so one place holds every run.
   */
  readonly logAnalyticsWorkspaceId: pulumi.Input<string>;
  /** Region of the deadline (log) alerts. @default - the resource group's region */
  readonly location?: pulumi.Input<string>;
  /** Run outcomes that alert. @default ["failed", "cancelled"] */
  readonly failures?: readonly TrainingFailureKind[];
  /** Severity of the failure alerts. @default 1 */
  readonly severity?: AlertSeverity;
  /** How often the failure alerts evaluate (PT1M, PT5M, PT15M, PT30M, PT1H). @default Duration.minutes(5) */
  readonly evaluationFrequency?: Duration;
  /** Failure alert look-back (PT1M...P1D, at least the frequency). @default Duration.minutes(5) */
  readonly windowSize?: Duration;
  /**
   * Send the workspace's run and compute logs (`ML_LOG_CATEGORIES`) to `logAnalyticsWorkspaceId`.
   * Turn it off only when another diagnostic setting already does (deadlines need the logs).
   * @default true
   */
  readonly diagnostics?: boolean;
  /** Tags for every resource. @default {} */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** A watched training, validated. */
export interface ResolvedTraining {
  /** The experiment whose runs are watched. */
  readonly experimentName: string;
  /** The deadline's spec, when one was asked for. */
  readonly deadline?: FreshnessSpec;
  /** Severity of the deadline alert. */
  readonly severity: AlertSeverity;
}

const DEFAULTS = ALERT_DEFAULTS;

/** The schedule's firings as a `Recurrence` (a cron trigger read as daily or weekly). */
function recurrenceOf(ctx: ValidationContext, prop: string, s: TrainingSchedule): Recurrence {
  if (s.recurrence) return s.recurrence;
  return recurrenceOfMlCron(s.trigger as MlCronTrigger, ctx, prop);
}

/**
 * Validates one watched training and resolves its experiment and deadline. Pure: tests and the
 * component read the same result.
 */
export function resolveTraining(
  ctx: ValidationContext,
  prefix: string,
  t: WatchedTraining,
): ResolvedTraining {
  const check = new Check(ctx);
  check.type(prefix, t, "object");
  check.knownKeys(prefix, t, [
    "schedule",
    "experimentName",
    "completedBy",
    "within",
    "severity",
    "evaluationFrequency",
    "ingestionDelay",
  ]);
  check.conflict(
    (t.schedule === undefined) === (t.experimentName === undefined),
    `${prefix}.schedule`,
    t.schedule === undefined ? "neither" : "both",
    "and 'experimentName' are exclusive and one is required",
  );
  if (t.schedule !== undefined)
    check.instanceOf(`${prefix}.schedule`, t.schedule, TrainingSchedule, "a TrainingSchedule");
  check.type(`${prefix}.experimentName`, t.experimentName, "string");
  const fromJob = t.schedule?.job.experimentName;
  // Azure ML puts a job without experimentName in the shared "Default" experiment (REST JobBase
  // `experimentName`: "If not set, the job is placed in the \"Default\" experiment."): alerts on
  // it would fire for every unrelated job there.
  check.conflict(
    t.schedule !== undefined && (typeof fromJob !== "string" || fromJob === ""),
    `${prefix}.schedule`,
    t.schedule ? "a job without experimentName" : undefined,
    "must create jobs with an experimentName: the run metrics and logs tell trainings apart by experiment",
    "Set job.experimentName on the TrainingSchedule (e.g. the schedule's name).",
  );
  const experimentName = (t.experimentName ?? fromJob) as string;
  check.required(`${prefix}.experimentName`, experimentName);
  checkSeverity(check, `${prefix}.severity`, t.severity);
  const severity = t.severity ?? DEFAULTS.severity;
  const wantsDeadline = t.completedBy !== undefined || t.within !== undefined;
  for (const p of ["evaluationFrequency", "ingestionDelay"] as const)
    check.conflict(
      !wantsDeadline && t[p] !== undefined,
      `${prefix}.${p}`,
      t[p]?.toIsoString(),
      "only applies to a deadline: give completedBy or within",
    );
  if (!wantsDeadline) return { experimentName, severity };
  check.conflict(
    t.completedBy !== undefined && t.within !== undefined,
    `${prefix}.completedBy`,
    t.completedBy,
    "and 'within' are exclusive",
  );
  check.conflict(
    t.schedule === undefined,
    `${prefix}.${t.completedBy !== undefined ? "completedBy" : "within"}`,
    t.completedBy ?? t.within?.toIsoString(),
    "needs a schedule: the deadline is derived from its firings",
  );
  const schedule = t.schedule!;
  // The deadline reads AmlComputeJobEvent, which logs jobs on compute clusters only.
  check.conflict(
    schedule.job.computeId === undefined,
    `${prefix}.schedule`,
    "a job without compute",
    "must run its jobs on a compute cluster for a deadline (AmlComputeJobEvent, the only log that names the experiment, covers cluster jobs only)",
    "Give the TrainingSchedule a 'cluster', or watch this training for failures only.",
  );
  const recurrence = recurrenceOf(ctx, `${prefix}.schedule.cron.expression`, schedule);
  const within =
    t.within ?? withinFromDeadline(ctx, `${prefix}.completedBy`, recurrence, t.completedBy!);
  const deadline: FreshnessSpec = {
    kind: "DeadlineAlert",
    service: "MachineLearning",
    pipeline: experimentName,
    recurrence,
    within,
    ingestionDelay: t.ingestionDelay ?? DEFAULTS.ingestionDelay,
    evaluationFrequency: t.evaluationFrequency ?? DEFAULTS.deadlineFrequency,
  };
  checkFreshness(
    ctx,
    prefix,
    deadline,
    t.completedBy !== undefined ? `${prefix}.completedBy` : `${prefix}.within`,
  );
  return { experimentName, deadline, severity };
}

/**
 * Alerts for Azure ML training: a metric alert per run outcome (`Failed Runs`, `Cancelled Runs`)
 * on the watched experiments (one series each through the `ExperimentName` dimension), the
 * workspace's run and compute logs in the pipelines' Log Analytics workspace, and a deadline per
 * scheduled training derived from its schedule ("the 03:00 retrain has not succeeded by 06:00"),
 * listed by the offline plan with its firings. Logged metric values are watched by failing the run:
 * see `withMetricGates`.
 *
 * @example
 * ```ts
 * import { Recurrence, TrainingAlerts, TrainingSchedule } from "pulumi-mlops-scheduling";
 *
 * const workspace = { resourceGroupName: "rg-ml", workspaceName: "mlw-forecast" };
 * const retrain = new TrainingSchedule("nightly-retrain", {
 *   workspace,
 *   recurrence: Recurrence.daily({ at: "03:00", timeZone: "W. Europe Standard Time" }),
 *   job: {
 *     jobType: "Command",
 *     command: "python train.py",
 *     environmentId: "azureml:train-env:1",
 *     computeId: "azureml:train-cluster",
 *     experimentName: "forecast-retrain",
 *   },
 * });
 * new TrainingAlerts("training-alerts", {
 *   workspace: {
 *     workspaceId:
 *       "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-forecast",
 *     resourceGroupName: "rg-ml",
 *   },
 *   // Failed or cancelled runs, and "the 03:00 retrain has not succeeded by 06:00".
 *   trainings: [{ schedule: retrain, completedBy: "06:00" }],
 *   actionGroupIds: [
 *     "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ops/providers/Microsoft.Insights/actionGroups/ops",
 *   ],
 *   logAnalyticsWorkspaceId:
 *     "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops",
 * });
 * ```
 */
export class TrainingAlerts extends pulumi.ComponentResource {
  /** Metric alert ARM ids, by run outcome. */
  public readonly failureAlertIds: Partial<Record<TrainingFailureKind, pulumi.Output<string>>>;
  /** Deadline (log) alert ARM ids, in the order of `trainings` that have one. */
  public readonly deadlineAlertIds: pulumi.Output<string>[];
  /** The experiments watched. */
  public readonly experimentNames: string[];

  constructor(name: string, args: TrainingAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    const ctx = { component: "TrainingAlerts", name };
    const check = new Check(ctx);
    checkArgs(check, args, TRAINING_ALERTS_OPTIONS);
    check.required("workspace", args.workspace, "is required: { workspaceId, resourceGroupName }");
    check.required("workspace.workspaceId", args.workspace.workspaceId);
    check.required("workspace.resourceGroupName", args.workspace.resourceGroupName);
    check.required("logAnalyticsWorkspaceId", args.logAnalyticsWorkspaceId);
    check.type("actionGroupIds", args.actionGroupIds, "array");
    check.required(
      "actionGroupIds",
      args.actionGroupIds,
      "must name at least one action group (an alert nobody receives is no alert)",
    );
    check.type("trainings", args.trainings, "array");
    check.required("trainings", args.trainings, "must name at least one training to watch");
    check.type("diagnostics", args.diagnostics, "boolean");
    checkSeverity(check, "severity", args.severity);
    const frequency = args.evaluationFrequency ?? DEFAULTS.frequency;
    const window = args.windowSize ?? DEFAULTS.window;
    checkMetricAlertTiming(
      check,
      { frequency: "evaluationFrequency", window: "windowSize" },
      frequency,
      window,
    );
    const kinds = Object.keys(TRAINING_FAILURE_METRICS) as TrainingFailureKind[];
    const failures = args.failures ?? kinds;
    check.type("failures", failures, "array");
    failures.forEach((f, i) => check.oneOf(`failures[${i}]`, f, kinds));
    const trainings = args.trainings.map((t, i) => resolveTraining(ctx, `trainings[${i}]`, t));
    const experiments = [...new Set(trainings.map((t) => t.experimentName))];
    const diagnostics = args.diagnostics ?? true;
    super("mlops:ml:TrainingAlerts", name, {}, opts);

    const common = { resourceGroupName: args.workspace.resourceGroupName, tags: args.tags };
    this.experimentNames = experiments;
    this.failureAlertIds = {};
    for (const kind of [...new Set(failures)]) {
      const metric = TRAINING_FAILURE_METRICS[kind];
      const alert = new monitor.MetricAlert(
        `${name}-${kind}-runs`,
        metricAlertArgs({
          ...common,
          description: `${metric} > 0 in experiment ${experiments.join(", ")}`,
          severity: args.severity ?? DEFAULTS.severity,
          evaluationFrequency: frequency,
          windowSize: window,
          scope: args.workspace.workspaceId,
          targetResourceType: ML_WORKSPACE_METRIC_NAMESPACE,
          conditions: [
            {
              name: metric.replace(" ", ""),
              metricName: metric,
              metricNamespace: ML_WORKSPACE_METRIC_NAMESPACE,
              dimensions: [{ name: EXPERIMENT_DIMENSION, values: experiments }],
              operator: "GreaterThan",
              threshold: 0,
              timeAggregation: "Total",
            },
          ],
          actionGroupIds: args.actionGroupIds,
        }),
        { parent: this },
      );
      this.failureAlertIds[kind] = alert.id;
    }

    if (diagnostics) {
      new monitor.DiagnosticSetting(
        `${name}-diagnostics`,
        {
          resourceUri: args.workspace.workspaceId,
          workspaceId: args.logAnalyticsWorkspaceId,
          logAnalyticsDestinationType: "Dedicated",
          logs: ML_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
        },
        { parent: this },
      );
    }

    this.deadlineAlertIds = [];
    trainings.forEach((t, i) => {
      if (!t.deadline) return;
      const spec = t.deadline;
      const rule = new monitor.ScheduledQueryRule(
        `${name}-deadline-${i}`,
        {
          ...common,
          location: args.location,
          kind: "LogAlert",
          enabled: true,
          displayName: `${t.experimentName}: training deadline missed`,
          description: describeFreshness(spec),
          severity: t.severity,
          evaluationFrequency: spec.evaluationFrequency.toIsoString(),
          windowSize: freshnessWindow(ctx, `trainings[${i}].within`, spec),
          scopes: [args.logAnalyticsWorkspaceId],
          // AmlComputeJobEvent appears with the first cluster job; validation would fail before.
          skipQueryValidation: true,
          autoMitigate: false,
          criteria: {
            allOf: [
              {
                query: freshnessQuery(spec),
                timeAggregation: "Count",
                operator: "GreaterThan",
                threshold: 0,
                failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
              },
            ],
          },
          actions: { actionGroups: [...args.actionGroupIds] },
        },
        { parent: this },
      );
      this.deadlineAlertIds.push(rule.id);
    });

    this.registerOutputs({
      failureAlertIds: this.failureAlertIds,
      deadlineAlertIds: this.deadlineAlertIds,
      experimentNames: this.experimentNames,
    });
  }
}
