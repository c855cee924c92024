import * as pulumi from "@pulumi/pulumi";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import type * as inputs from "@pulumi/azure-native/types/input";
import { Duration } from "../core/duration";
import { checkArgs } from "../core/options";
import { TRAINING_SCHEDULE_OPTIONS } from "./option-shapes";
import { Check, ValidationContext } from "../core/errors";
import { Recurrence } from "../core/recurrence";
import { TimeZone } from "../core/timezone";
import { parseMlCron } from "../schedule/ml-cron";
import {
  MlCronTrigger,
  MlRecurrenceTrigger,
  readMlLocalTime,
  toMlRecurrenceTrigger,
} from "../schedule/ml-timeline";
import type { TrainingCluster } from "./compute";
import { EXPECTED_DURATION_TAG } from "./names";
import { checkWorkspace, WorkspaceReference } from "./workspace";

/** A cron schedule in Azure ML's dialect (see `parseMlCron`). */
export interface MlCronSchedule {
  /** Five fields `MINUTES HOURS * * DAYS-OF-WEEK`, e.g. `0 3 * * 1-5`. */
  readonly expression: string;
  /** Windows id or IANA name the expression is read in. @default "UTC" */
  readonly timeZone?: string;
  /**
   * First possible run, wall-clock time in `timeZone` without an offset (`2026-01-01T00:00:00`).
   * @default "2025-01-01T00:00:00" - fixed, so every `pulumi up` sends the same value
   */
  readonly startTime?: string;
  /** Last possible run, same format. @default - no end */
  readonly endTime?: string;
}

/**
 * The job a schedule creates, as Azure ML's job definition (`CommandJob` or `PipelineJob`, the
 * shapes of azure-native's `machinelearningservices` inputs). The library adds the cluster as
 * `computeId` when `cluster` is given and the job names none.
 */
export type TrainingJobDefinition =
  | (inputs.machinelearningservices.CommandJobArgs & { readonly jobType: "Command" })
  | (inputs.machinelearningservices.PipelineJobArgs & { readonly jobType: "Pipeline" });

/** Arguments for `TrainingSchedule`. */
export interface TrainingScheduleArgs {
  /** The workspace the schedule lives in. */
  readonly workspace: WorkspaceReference;
  /**
   * When to train, from the library's `Recurrence` (same engine and DST rules as Data Factory
   * triggers). Exactly one of `recurrence` and `cron`.
   * @default - none
   */
  readonly recurrence?: Recurrence;
  /** When to train, as an Azure ML cron expression. @default - none */
  readonly cron?: MlCronSchedule;
  /** The command or pipeline job to create at each firing. */
  readonly job: TrainingJobDefinition;
  /** The cluster jobs run on, unless `job` names its compute. @default - the job's own */
  readonly cluster?: TrainingCluster;
  /** Schedule name in the workspace. @default - the Pulumi name */
  readonly scheduleName?: string;
  /** Whether the schedule fires. @default true */
  readonly enabled?: boolean;
  /** Shown in the studio. @default - none */
  readonly description?: string;
  /**
   * How long one training run keeps each of its nodes busy (for a Pipeline job: the node time of
   * all its steps together), e.g. `Duration.minutes(45)`. Only the plan's cost estimate reads it
   * (runs × nodes × duration, plus the cluster's idle scale-down time per run); it is written as
   * the schedule tag `mlops:expected-duration`. At most the job's `limits.timeout` when one is set.
   * @default - none: compute hours are shown as "not known", never guessed
   */
  readonly expectedDuration?: Duration;
}

/**
 * `expectedDuration`, validated: a positive whole-second `Duration`, no longer than the job's own
 * `limits.timeout` (Azure ML cancels a run at its timeout, so a longer run cannot happen).
 */
export function checkExpectedDuration(
  check: Check,
  value: unknown,
  job: TrainingJobDefinition | undefined,
): Duration | undefined {
  if (value === undefined) return undefined;
  check.duration("expectedDuration", value, { min: 1 });
  const d = value as Duration;
  check.format(
    Number.isInteger(d.toSeconds()),
    "expectedDuration",
    d.toIsoString(),
    "must be a whole number of seconds",
  );
  const timeout = (job as { limits?: { timeout?: unknown } } | undefined)?.limits?.timeout;
  if (typeof timeout === "string" && /^P/.test(timeout)) {
    const limit = check.rethrow("job.limits.timeout", () => Duration.parse(timeout));
    check.conflict(
      d.toSeconds() > limit.toSeconds(),
      "expectedDuration",
      d.toIsoString(),
      `must not exceed the job's limits.timeout (${timeout}): Azure ML cancels a run at its timeout`,
    );
  }
  return d;
}

/**
 * The Azure ML trigger JSON of a schedule, validated: a Recurrence rendered with Azure ML's field
 * differences, or a cron expression checked against Azure ML's dialect with times without offset.
 */
export function buildMlTrigger(
  ctx: ValidationContext,
  args: Pick<TrainingScheduleArgs, "recurrence" | "cron">,
): MlRecurrenceTrigger | MlCronTrigger {
  const check = new Check(ctx);
  check.conflict(
    (args.recurrence === undefined) === (args.cron === undefined),
    "recurrence",
    args.recurrence === undefined ? "neither" : "both",
    "and 'cron' are exclusive and one is required",
  );
  if (args.recurrence !== undefined) {
    check.instanceOf(
      "recurrence",
      args.recurrence,
      Recurrence,
      "a Recurrence (Recurrence.daily(...), .weekly(...), .every(...), .monthly(...))",
    );
    return toMlRecurrenceTrigger(args.recurrence, ctx, "recurrence");
  }
  const cron = args.cron!;
  check.knownKeys("cron", cron, ["expression", "timeZone", "startTime", "endTime"]);
  const parsed = parseMlCron(cron.expression, ctx, "cron.expression");
  check.type("cron.timeZone", cron.timeZone, "string");
  const zone = check.rethrow("cron.timeZone", () => TimeZone.of(cron.timeZone ?? "UTC"));
  const startTime = cron.startTime ?? "2025-01-01T00:00:00";
  const start = readMlLocalTime(startTime, ctx, "cron.startTime");
  if (cron.endTime !== undefined) {
    const end = readMlLocalTime(cron.endTime, ctx, "cron.endTime");
    check.conflict(
      zone.resolve(end).instantMs <= zone.resolve(start).instantMs,
      "cron.endTime",
      cron.endTime,
      "must be after startTime",
    );
  }
  return {
    triggerType: "Cron",
    expression: parsed.expression,
    startTime,
    ...(cron.endTime !== undefined ? { endTime: cron.endTime } : {}),
    timeZone: zone.windowsId,
  };
}

function checkJob(check: Check, job: TrainingJobDefinition | undefined): void {
  check.required("job", job, "is required: a Command or Pipeline job definition");
  check.type("job", job, "object");
  check.oneOf("job.jobType", job!.jobType, ["Command", "Pipeline"] as const);
  const j = job!;
  if (j.jobType === "Command") {
    const command = j as inputs.machinelearningservices.CommandJobArgs;
    // REST `CommandJob`: both are [Required].
    check.required("job.command", command.command);
    check.required("job.environmentId", command.environmentId);
  }
}

/**
 * An Azure ML schedule that creates a training job on a timer: a `Recurrence` or an Azure ML cron
 * expression, read in a Windows time zone. The offline plan lists its firings as kind `MLSchedule`.
 *
 * @example
 * ```ts
 * import { Recurrence, TrainingCluster, TrainingSchedule } from "pulumi-mlops-scheduling";
 *
 * const workspace = { resourceGroupName: "rg-ml", workspaceName: "mlw-forecast" };
 * const cluster = new TrainingCluster("train-gpu", {
 *   workspace,
 *   vmSize: "Standard_NC6s_v3",
 *   maxNodeCount: 8,
 * });
 *
 * new TrainingSchedule("nightly-retrain", {
 *   workspace,
 *   recurrence: Recurrence.daily({
 *     at: "03:00",
 *     timeZone: "W. Europe Standard Time",
 *   }),
 *   // or: cron: { expression: "0 3 * * 1-5", timeZone: "W. Europe Standard Time" },
 *   cluster,
 *   job: {
 *     jobType: "Command",
 *     command: "python train.py",
 *     environmentId: "azureml:train-env:1",
 *     experimentName: "forecast",
 *   },
 * });
 * ```
 */
export class TrainingSchedule extends pulumi.ComponentResource {
  /** The schedule name in the workspace. */
  public readonly scheduleName: pulumi.Output<string>;
  /** ARM id of the schedule. */
  public readonly scheduleId: pulumi.Output<string>;
  /** The trigger JSON sent to Azure. */
  public readonly trigger: MlRecurrenceTrigger | MlCronTrigger;
  /** The `recurrence` given, if the schedule was built from one (else see `trigger`). */
  public readonly recurrence?: Recurrence;
  /** The job definition sent to Azure (with the cluster's `computeId` when one was added). */
  public readonly job: TrainingJobDefinition;

  constructor(name: string, args: TrainingScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    const ctx = { component: "TrainingSchedule", name };
    const check = new Check(ctx);
    checkArgs(check, args, TRAINING_SCHEDULE_OPTIONS);
    checkWorkspace(check, "workspace", args.workspace);
    checkJob(check, args.job);
    const trigger = buildMlTrigger(ctx, args);
    check.type("enabled", args.enabled, "boolean");
    check.type("scheduleName", args.scheduleName, "string");
    check.type("description", args.description, "string");
    const expected = checkExpectedDuration(check, args.expectedDuration, args.job);
    super("mlops:ml:TrainingSchedule", name, {}, opts);

    const jobDefinition =
      args.cluster && args.job.computeId === undefined
        ? { ...args.job, computeId: args.cluster.computeId }
        : args.job;
    const schedule = new ml.Schedule(
      `${name}-schedule`,
      {
        resourceGroupName: args.workspace.resourceGroupName,
        workspaceName: args.workspace.workspaceName,
        name: args.scheduleName ?? name,
        properties: {
          displayName: args.scheduleName ?? name,
          description: args.description,
          isEnabled: args.enabled ?? true,
          ...(expected ? { tags: { [EXPECTED_DURATION_TAG]: expected.toIsoString() } } : {}),
          trigger,
          action: { actionType: "CreateJob", jobDefinition },
        },
      },
      { parent: this },
    );
    this.scheduleName = pulumi.output(args.scheduleName ?? name);
    this.scheduleId = schedule.id;
    this.trigger = trigger;
    this.recurrence = args.recurrence;
    this.job = jobDefinition as TrainingJobDefinition;
    this.registerOutputs({
      scheduleName: this.scheduleName,
      scheduleId: this.scheduleId,
      trigger,
    });
  }
}
