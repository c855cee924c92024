import * as pulumi from "@pulumi/pulumi";
import { Check, ValidationContext } from "../core/errors";
import { Recurrence, WEEK_DAYS } from "../core/recurrence";
import { parseMlCron } from "../schedule/ml-cron";
import type { MlCronTrigger } from "../schedule/ml-timeline";
import type { TrainingJobDefinition } from "./training-schedule";

/**
 * Metric namespace (and resource type) of Azure ML workspace metrics. Microsoft Learn, "Supported
 * metrics for Microsoft.MachineLearningServices/workspaces", category Run: `Failed Runs`,
 * `Cancelled Runs`, `Completed Runs` (Count, at PT1M, dimensions `Scenario`, `RunType`,
 * `PublishedPipelineId`, `ComputeType`, `PipelineStepType`, `ExperimentName`). The REST name has a
 * space; it is the `metricName` a metric alert sends.
 */
export const ML_WORKSPACE_METRIC_NAMESPACE = "Microsoft.MachineLearningServices/workspaces";

/**
 * The run metrics a training failure alert watches, by what they mean: a run that failed and a run
 * that was cancelled (a preempted low-priority node, a user, a timeout). Each is counted when the
 * run reaches the state, with the run's experiment as the `ExperimentName` dimension.
 *
 * Why metric alerts and not a log query over the run logs: the platform metrics exist without any
 * diagnostic setting, arrive within minutes (PT1M grain) where logs add ingestion delay, let the
 * alert resolve itself (`autoMitigate`), and carry the experiment, which `AmlRunStatusChangedEvent`
 * (run id, status, parent and root run ids) does not; `AmlComputeJobEvent` names the experiment but
 * covers cluster jobs only. A metric alert's `Total > 0` over the window fires once per window with
 * a failed run; the metric is emitted only when a run fails, so there is no "fewer than" trap.
 */
export const TRAINING_FAILURE_METRICS = {
  failed: "Failed Runs",
  cancelled: "Cancelled Runs",
} as const;
/** Which run outcome a training failure alert fires on. */
export type TrainingFailureKind = keyof typeof TRAINING_FAILURE_METRICS;

/** The dimension that names a run's experiment on the run metrics. */
export const EXPERIMENT_DIMENSION = "ExperimentName";

/**
 * Log categories a workspace's diagnostic setting sends (Learn, "Supported log categories -
 * Microsoft.MachineLearningServices/workspaces"): job events on compute clusters (with the
 * experiment name; the training deadline reads them), run status changes (every run, by run id),
 * and cluster events (scale up and down, preemption). With `Dedicated` destination they land in
 * the tables of the same names.
 */
export const ML_LOG_CATEGORIES = [
  "AmlComputeJobEvent",
  "AmlRunStatusChangedEvent",
  "AmlComputeClusterEvent",
] as const;

/**
 * An Azure ML cron trigger (`MINUTES HOURS * * DAYS-OF-WEEK`, the only shape Azure ML's dialect
 * allows) as the library's `Recurrence`: daily when it fires every day, else weekly on its days, at
 * every listed hour and minute, in its time zone, from its start time. Firings match the cron's
 * except at DST changes, where both follow the wall clock.
 */
export function recurrenceOfMlCron(
  trigger: MlCronTrigger,
  ctx: ValidationContext,
  prop: string,
): Recurrence {
  const cron = parseMlCron(trigger.expression, ctx, prop);
  const pad = (n: number) => String(n).padStart(2, "0");
  const at = cron.hours.flatMap((h) => cron.minutes.map((m) => `${pad(h)}:${pad(m)}`));
  const common = { at, timeZone: trigger.timeZone ?? "UTC", startTime: trigger.startTime };
  if (cron.weekDays.length === 7) return Recurrence.daily(common);
  return Recurrence.weekly({ ...common, on: cron.weekDays.map((d) => WEEK_DAYS[d]) });
}

/**
 * A bound on a metric the training script logs with MLflow. Azure ML sends no logged metric to
 * Azure Monitor or Log Analytics (see `withMetricGates`), so a gate fails the run instead, and the
 * run-failure alert of `TrainingAlerts` fires.
 */
export interface MetricGate {
  /** The metric key as logged (`mlflow.log_metric("val_loss", v)`). */
  readonly metric: string;
  /** The run fails when the metric's last value is below this (an accuracy floor). @default - no floor */
  readonly min?: number;
  /** The run fails when the metric's last value is above this (a loss ceiling). @default - no ceiling */
  readonly max?: number;
  /** The run fails when any logged value is NaN or infinite (a loss that diverged). @default true */
  readonly finite?: boolean;
}

/**
 * MLflow's metric key rule (mlflow `mlflow/utils/validation.py`, `_validate_metric_name`): "Names
 * may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and
 * slashes (/)", at most 250 characters (`MAX_ENTITY_KEY_LENGTH`). It also keeps the key safe
 * inside the gate's shell-quoted script.
 */
const METRIC_KEY = /^[A-Za-z0-9_\-. /]{1,250}$/;

/** Validates the gates; `prop` is the caller's path. */
export function checkMetricGates(
  ctx: ValidationContext,
  prop: string,
  gates: readonly MetricGate[],
): void {
  const check = new Check(ctx);
  check.type(prop, gates, "array");
  check.required(prop, gates, "must name at least one metric gate");
  gates.forEach((g, i) => {
    const at = `${prop}[${i}]`;
    check.type(at, g, "object");
    check.knownKeys(at, g, ["metric", "min", "max", "finite"]);
    check.required(`${at}.metric`, g.metric);
    check.type(`${at}.metric`, g.metric, "string");
    check.format(
      METRIC_KEY.test(g.metric),
      `${at}.metric`,
      g.metric,
      "must be an MLflow metric key: 1-250 letters, digits, '_', '-', '.', ' ' or '/'",
    );
    check.type(`${at}.finite`, g.finite, "boolean");
    for (const bound of ["min", "max"] as const) {
      const v = g[bound];
      if (v === undefined) continue;
      check.format(
        typeof v === "number" && Number.isFinite(v),
        `${at}.${bound}`,
        v,
        "must be a finite number",
      );
    }
    if (g.min !== undefined && g.max !== undefined)
      check.conflict(
        g.min >= g.max,
        `${at}.min`,
        g.min,
        `must be below max (${g.max})`,
        "No value could pass both bounds, so every run would fail.",
      );
    check.conflict(
      g.min === undefined && g.max === undefined && g.finite === false,
      `${at}`,
      g.metric,
      "checks nothing: give min, max, or leave finite on",
    );
  });
  const seen = new Set<string>();
  gates.forEach((g, i) => {
    check.conflict(
      seen.has(g.metric),
      `${prop}[${i}].metric`,
      g.metric,
      "appears twice: give one gate per metric with both bounds",
    );
    seen.add(g.metric);
  });
}

/** A Python literal for a bound (`None` when absent). */
const py = (v: number | undefined) => (v === undefined ? "None" : JSON.stringify(v));

/**
 * The gate's Python script. It reads the job's own MLflow run (Azure ML sets `MLFLOW_RUN_ID` and
 * the tracking URI in every job), takes each metric's history in logging order (step, then time)
 * and exits 1 naming every gate that failed: never logged, a NaN or infinite value, or the last
 * value outside the bounds. No single quote appears in it, so it sits inside `python -c '...'`.
 */
export function metricGateScript(gates: readonly MetricGate[]): string {
  const table = gates
    .map(
      (g) =>
        `(${JSON.stringify(g.metric)}, ${py(g.min)}, ${py(g.max)}, ${g.finite === false ? "False" : "True"})`,
    )
    .join(", ");
  return [
    "import math, os, sys",
    "from mlflow.tracking import MlflowClient",
    `gates = [${table}]`,
    "client = MlflowClient()",
    'run = os.environ["MLFLOW_RUN_ID"]',
    "bad = []",
    "for key, low, high, finite in gates:",
    "    history = sorted(client.get_metric_history(run, key), key=lambda m: (m.step, m.timestamp))",
    "    if not history:",
    '        bad.append(key + ": never logged")',
    "        continue",
    "    last = history[-1].value",
    "    if finite and not all(math.isfinite(m.value) for m in history):",
    '        bad.append(key + ": diverged (NaN or infinite value logged)")',
    "    elif low is not None and last < low:",
    '        bad.append(key + ": last value %s is below %s" % (last, low))',
    "    elif high is not None and last > high:",
    '        bad.append(key + ": last value %s is above %s" % (last, high))',
    "if bad:",
    '    print("metric gate failed: " + "; ".join(bad), file=sys.stderr)',
    "    sys.exit(1)",
    'print("metric gate passed: " + ", ".join(g[0] for g in gates))',
  ].join("\n");
}

/** The command with the gate run after it, only when it succeeded (POSIX `sh` and `bash`). */
export function gatedCommand(command: string, gates: readonly MetricGate[]): string {
  return `(\n${command}\n) && python -c '${metricGateScript(gates)}'`;
}

/**
 * A Command job whose run fails when a logged metric is out of bounds: the training command runs,
 * then, only if it succeeded, a short Python check reads the run's own MLflow metrics and exits 1
 * when a gate fails (a loss that diverged or ends above its ceiling, an accuracy below its floor).
 * The run ends `Failed`, so the `Failed Runs` alert of `TrainingAlerts` fires, and the message
 * names the metric in the job's log.
 *
 * Why a gate and not an alert on the metric: Azure ML keeps logged metrics in its own tracking
 * store (MLflow); its Azure Monitor metrics are about runs, quota, nodes and models, and its log
 * categories about jobs, clusters, runs' status and assets, none with a logged value. The job's
 * environment needs `mlflow` and `azureml-mlflow` (Azure ML's curated training environments have
 * them). A Pipeline job is refused: gate its training step's command instead.
 */
export function withMetricGates(
  job: TrainingJobDefinition,
  gates: readonly MetricGate[],
): TrainingJobDefinition {
  const display = job?.displayName;
  const ctx = { component: "withMetricGates", name: typeof display === "string" ? display : "job" };
  const check = new Check(ctx);
  check.required("job", job);
  check.conflict(
    job.jobType !== "Command",
    "job.jobType",
    job.jobType,
    "must be Command: the gate runs after the job's command",
    "For a Pipeline job, gate the training step's command job.",
  );
  const command = (job as { command?: pulumi.Input<string> }).command;
  check.required("job.command", command);
  checkMetricGates(ctx, "gates", gates);
  return {
    ...job,
    command: pulumi.output(command!).apply((c) => gatedCommand(c, gates)),
  } as TrainingJobDefinition;
}
