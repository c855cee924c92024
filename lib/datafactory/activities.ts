import * as pulumi from "@pulumi/pulumi";
import { Duration } from "../core/duration";
import { Check, ValidationContext, ValidationError } from "../core/errors";
import { CONTAINERS, RETRYABLE_ACTIVITY_TYPES } from "./activity-types";

/**
 * A Data Factory activity as azure-native takes it (`CopyActivityArgs`, `WebActivityArgs`, ...).
 * `name`, `type`, `dependsOn` and `policy.retry` must be plain values so that the pipeline can be
 * checked and wired at construction; other fields may be Pulumi inputs.
 */
export interface Activity {
  readonly name: string;
  readonly type: string;
  /** Other activities this one waits for. @default - none (a root activity: it waits for the gate) */
  readonly dependsOn?: readonly { activity: string; dependencyConditions: string[] }[];
  /** Activity policy; an explicit `retry` here overrides the pipeline default. @default - the pipeline's retry policy */
  readonly policy?: Record<string, any>;
  readonly [key: string]: any;
}

/** Retry policy applied to every activity that can fail transiently. */
export interface RetryDefaults {
  /**
   * Retries after the first attempt. An activity that sets `policy.retry` itself keeps its value
   * (an explicit override); one below 3 is reported as a warning.
   * @default 3
   */
  readonly count?: number;
  /**
   * Wait between attempts, 30 seconds to 1 day.
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;
  /**
   * Timeout of one attempt, rendered as `[d.]hh:mm:ss`.
   * @default - Azure's default, 12 hours for new activities (7 days in the API)
   */
  readonly timeout?: Duration;
}

/** The seed practice: three retries, 30 seconds apart. */
export const DEFAULT_RETRY = { count: 3, interval: Duration.seconds(30) } as const;

/**
 * Returns copies of `activities` with the retry policy on every retryable activity, recursing into
 * ForEach, Until, IfCondition and Switch. An explicit `policy.retry` on an activity wins.
 */
export function applyRetryPolicy(
  activities: readonly Activity[],
  retry: RetryDefaults = {},
  onWeakRetry?: (activity: string, retry: number) => void,
): Activity[] {
  const count = retry.count ?? DEFAULT_RETRY.count;
  const interval = (retry.interval ?? DEFAULT_RETRY.interval).toSeconds();
  return activities.map((a) => {
    let out: Activity = { ...a };
    if (RETRYABLE_ACTIVITY_TYPES.has(a.type)) {
      const explicit = a.policy?.retry;
      if (typeof explicit === "number" && explicit < DEFAULT_RETRY.count)
        onWeakRetry?.(a.name, explicit);
      out = {
        ...out,
        policy: {
          retry: count,
          retryIntervalInSeconds: interval,
          ...(retry.timeout ? { timeout: retry.timeout.toTimeSpan() } : {}),
          ...(a.policy ?? {}),
        },
      };
    }
    for (const key of CONTAINERS[a.type] ?? []) {
      if (Array.isArray(a[key]))
        out = { ...out, [key]: applyRetryPolicy(a[key], retry, onWeakRetry) };
    }
    if (a.type === "Switch" && Array.isArray(a.cases)) {
      out = {
        ...out,
        cases: a.cases.map((c: any) => ({
          ...c,
          activities: applyRetryPolicy(c.activities ?? [], retry, onWeakRetry),
        })),
      };
    }
    return out;
  });
}

/** A check that the input data is there before the pipeline processes it. */
export interface DataAvailabilityGate {
  /** The dataset to look for (its reference name in the factory). */
  readonly dataset: pulumi.Input<string>;
  /** Dataset parameters, e.g. a dated folder. @default - none */
  readonly datasetParameters?: Record<string, pulumi.Input<any>>;
  /**
   * - `wait`: a Validation activity polls until the data exists (and is big enough), failing the
   *   run when `timeout` passes;
   * - `check`: a GetMetadata `exists` probe decides at once; when the data is missing the run
   *   does what `onMissing` says.
   * @default "wait"
   */
  readonly mode?: "wait" | "check";
  /**
   * How long `wait` keeps polling before it fails the run (Azure's own default is 7 days, far too
   * long for a scheduled run).
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
  /**
   * Pause between polls in `wait` mode.
   * @default Duration.minutes(5)
   */
  readonly pollInterval?: Duration;
  /**
   * Smallest acceptable file size in bytes (`wait` mode, file datasets).
   * @default - any size
   */
  readonly minimumSizeBytes?: number;
  /**
   * For a folder dataset in `wait` mode: `true` requires files in it, `false` requires it empty.
   * @default - the folder only has to exist
   */
  readonly childItems?: boolean;
  /**
   * `check` mode only: `fail` ends the run as failed (and so alerts); `skip` ends it as succeeded
   * without processing.
   * @default "fail"
   */
  readonly onMissing?: "fail" | "skip";
}

/** Web-hook notifications about runs, for example to a Logic App that posts to Teams or mail. */
export interface PipelineNotifications {
  /**
   * URL to POST to, e.g. a Logic App HTTP trigger callback URL. It carries a signature, so it is
   * stored as a Pulumi secret and the activity runs with `secureInput`.
   */
  readonly url: pulumi.Input<string>;
  /** Notify when a run starts. @default false */
  readonly onStart?: boolean;
  /** Notify when a run succeeds. @default true */
  readonly onSuccess?: boolean;
  /** Notify when a run fails (any activity, or the data gate). @default true */
  readonly onFailure?: boolean;
  /**
   * Timeout of the POST, 1 to 10 minutes.
   * @default Duration.minutes(1)
   */
  readonly httpRequestTimeout?: Duration;
}

/** Names of the activities the library adds; user activities may not use them. */
export const GENERATED_ACTIVITY_NAMES = {
  notifyStarted: "NotifyRunStarted",
  waitForData: "WaitForInputData",
  checkData: "CheckInputDataExists",
  ifData: "IfInputDataExists",
  dataMissing: "FailInputDataMissing",
  allSucceeded: "AllActivitiesSucceeded",
  notifySucceeded: "NotifyRunSucceeded",
  notifyFailed: "NotifyRunFailed",
  failRun: "FailRunAfterNotify",
} as const;

/** Variable set by the success marker when a pipeline has several leaf activities. */
export const OUTCOME_VARIABLE = "runOutcome";

/** What `buildPipelineActivities` needs. */
export interface PipelineSpec {
  readonly activities: readonly Activity[];
  /** @default DEFAULT_RETRY */
  readonly retry?: RetryDefaults;
  /** @default - no gate */
  readonly dataAvailability?: DataAvailabilityGate;
  /** @default - no notifications */
  readonly notifications?: PipelineNotifications;
}

/** The activities and variables of the pipeline that Azure receives. */
export interface BuiltPipeline {
  readonly activities: Activity[];
  readonly variables: Record<string, { type: string }>;
}

const N = GENERATED_ACTIVITY_NAMES;

/**
 * Builds the full activity graph: optional start notification, data-availability gate, the user's
 * activities (with retries), and success / failure notifications whose failure path ends in a Fail
 * activity, so a notified failure still counts as a failed run for Azure Monitor.
 */
export function buildPipelineActivities(
  spec: PipelineSpec,
  ctx: ValidationContext,
  warn: (message: string) => void = () => undefined,
): BuiltPipeline {
  const check = new Check(ctx);
  validateActivities(spec, check, ctx);
  const body = applyRetryPolicy(spec.activities, spec.retry, (activity, retry) =>
    warn(
      `activity '${activity}' retries ${retry} time(s); the practice is at least ${DEFAULT_RETRY.count}`,
    ),
  );
  const retryActivity = (a: Activity) => applyRetryPolicy([a], spec.retry)[0];
  const notes = spec.notifications;
  const out: Activity[] = [];
  const variables: Record<string, { type: string }> = {};

  const startDeps: { activity: string; dependencyConditions: string[] }[] = [];
  if (notes && (notes.onStart ?? false)) {
    out.push(retryActivity(webNotification(N.notifyStarted, "started", notes, [])));
    startDeps.push({ activity: N.notifyStarted, dependencyConditions: ["Completed"] });
  }

  // The body, behind the gate.
  const gate = spec.dataAvailability;
  let leaves: string[];
  if (gate && (gate.mode ?? "wait") === "check") {
    out.push(
      retryActivity({
        name: N.checkData,
        type: "GetMetadata",
        dataset: datasetRef(gate),
        fieldList: ["exists"],
        dependsOn: startDeps,
      }),
    );
    out.push({
      name: N.ifData,
      type: "IfCondition",
      dependsOn: [{ activity: N.checkData, dependencyConditions: ["Succeeded"] }],
      expression: { type: "Expression", value: `@activity('${N.checkData}').output.exists` },
      ifTrueActivities: body,
      ifFalseActivities:
        (gate.onMissing ?? "fail") === "fail"
          ? [
              {
                name: N.dataMissing,
                type: "Fail",
                message: `Input data is not available: ${N.checkData} found no data, and onMissing is 'fail'.`,
                errorCode: "InputDataNotAvailable",
              },
            ]
          : [],
    });
    leaves = [N.ifData];
  } else {
    let rootDeps = startDeps;
    if (gate) {
      out.push({
        name: N.waitForData,
        type: "Validation",
        dataset: datasetRef(gate),
        timeout: (gate.timeout ?? Duration.hours(1)).toTimeSpan(),
        sleep: (gate.pollInterval ?? Duration.minutes(5)).toSeconds(),
        ...(gate.minimumSizeBytes !== undefined ? { minimumSize: gate.minimumSizeBytes } : {}),
        ...(gate.childItems !== undefined ? { childItems: gate.childItems } : {}),
        dependsOn: startDeps,
      });
      rootDeps = [{ activity: N.waitForData, dependencyConditions: ["Succeeded"] }];
    }
    for (const a of body) {
      out.push(a.dependsOn?.length ? a : { ...a, dependsOn: [...rootDeps] });
    }
    const dependedOn = new Set(body.flatMap((a) => (a.dependsOn ?? []).map((d) => d.activity)));
    leaves = body.filter((a) => !dependedOn.has(a.name)).map((a) => a.name);
  }

  if (notes) {
    const onSuccess = notes.onSuccess ?? true;
    const onFailure = notes.onFailure ?? true;
    const all = (conditions: string[]) =>
      leaves.map((activity) => ({ activity, dependencyConditions: conditions }));
    // One leaf: its own outcome tells success from failure (a skipped leaf means something upstream
    // failed). Several leaves: ADF ANDs dependencies, so a marker that needs all of them to succeed
    // is skipped when any fails, and the failure path hangs off that skip.
    let successDeps = all(["Succeeded"]);
    let failureDeps = all(["Failed", "Skipped"]);
    if (leaves.length > 1 && onFailure) {
      variables[OUTCOME_VARIABLE] = { type: "String" };
      out.push({
        name: N.allSucceeded,
        type: "SetVariable",
        variableName: OUTCOME_VARIABLE,
        value: "Succeeded",
        dependsOn: successDeps,
      });
      successDeps = [{ activity: N.allSucceeded, dependencyConditions: ["Succeeded"] }];
      failureDeps = [{ activity: N.allSucceeded, dependencyConditions: ["Skipped"] }];
    }
    if (onSuccess)
      out.push(retryActivity(webNotification(N.notifySucceeded, "succeeded", notes, successDeps)));
    if (onFailure) {
      out.push(retryActivity(webNotification(N.notifyFailed, "failed", notes, failureDeps)));
      out.push({
        name: N.failRun,
        type: "Fail",
        message:
          "@concat('Pipeline ', pipeline().Pipeline, ' run ', pipeline().RunId, ' failed; see its activity runs.')",
        errorCode: "PipelineRunFailed",
        dependsOn: [{ activity: N.notifyFailed, dependencyConditions: ["Completed"] }],
      });
    }
  }
  return { activities: out, variables };
}

function datasetRef(gate: DataAvailabilityGate) {
  return {
    referenceName: gate.dataset,
    type: "DatasetReference",
    ...(gate.datasetParameters ? { parameters: gate.datasetParameters } : {}),
  };
}

function webNotification(
  name: string,
  event: "started" | "succeeded" | "failed",
  notes: PipelineNotifications,
  dependsOn: NonNullable<Activity["dependsOn"]>,
): Activity {
  return {
    name,
    type: "WebActivity",
    method: "POST",
    url: pulumi.secret(notes.url),
    headers: { "Content-Type": "application/json" },
    body: {
      event,
      factory: "@{pipeline().DataFactory}",
      pipeline: "@{pipeline().Pipeline}",
      runId: "@{pipeline().RunId}",
      triggerName: "@{pipeline().TriggerName}",
      triggerTime: "@{pipeline().TriggerTime}",
    },
    httpRequestTimeout: (notes.httpRequestTimeout ?? Duration.minutes(1)).toTimeSpan(),
    policy: { secureInput: true },
    dependsOn,
  };
}

function validateActivities(spec: PipelineSpec, check: Check, ctx: ValidationContext): void {
  check.required("activities", spec.activities, "must contain at least one activity");
  const names = new Set<string>();
  const reserved = new Set<string>(Object.values(GENERATED_ACTIVITY_NAMES));
  spec.activities.forEach((a, i) => {
    check.required(`activities[${i}].name`, a.name);
    check.required(`activities[${i}].type`, a.type);
    check.format(
      a.name.length <= 55 && /^[A-Za-z0-9_][^.+?/<>*%&:\\]*$/.test(a.name),
      `activities[${i}].name`,
      a.name,
      "must be at most 55 characters, start with a letter, digit or underscore, and avoid . + ? / < > * % & : \\",
    );
    check.conflict(
      names.has(a.name),
      `activities[${i}].name`,
      a.name,
      "must be unique in the pipeline",
    );
    check.conflict(
      reserved.has(a.name),
      `activities[${i}].name`,
      a.name,
      "is reserved for an activity the pipeline adds",
    );
    names.add(a.name);
  });
  spec.activities.forEach((a, i) =>
    (a.dependsOn ?? []).forEach((d, j) => {
      check.conflict(
        !names.has(d.activity),
        `activities[${i}].dependsOn[${j}].activity`,
        d.activity,
        "must name another activity of the pipeline",
      );
      d.dependencyConditions.forEach((c, k) =>
        check.oneOf(`activities[${i}].dependsOn[${j}].dependencyConditions[${k}]`, c, [
          "Succeeded",
          "Failed",
          "Skipped",
          "Completed",
        ]),
      );
    }),
  );
  const retry = spec.retry ?? {};
  check.intRange("retry.count", retry.count, 0, 100);
  check.intRange(
    "retry.interval",
    retry.interval?.toSeconds(),
    30,
    86_400,
    "Give it in seconds between 30 and 86400.",
  );
  const gate = spec.dataAvailability;
  if (gate) {
    check.required("dataAvailability.dataset", gate.dataset);
    check.oneOf("dataAvailability.mode", gate.mode, ["wait", "check"] as const);
    check.oneOf("dataAvailability.onMissing", gate.onMissing, ["fail", "skip"] as const);
    const mode = gate.mode ?? "wait";
    check.conflict(
      mode === "wait" && gate.onMissing !== undefined,
      "dataAvailability.onMissing",
      gate.onMissing,
      "only applies to mode 'check' (mode 'wait' fails the run at its timeout)",
    );
    check.conflict(
      mode === "check" &&
        (gate.minimumSizeBytes !== undefined ||
          gate.childItems !== undefined ||
          gate.timeout !== undefined),
      "dataAvailability.mode",
      mode,
      "'check' does not take timeout, minimumSizeBytes or childItems; use mode 'wait' for those",
    );
    check.intRange(
      "dataAvailability.timeout",
      gate.timeout?.toSeconds(),
      60,
      7 * 86_400,
      "Give a timeout between 1 minute and 7 days.",
    );
    check.intRange(
      "dataAvailability.pollInterval",
      gate.pollInterval?.toSeconds(),
      10,
      86_400,
      "Give a poll interval between 10 seconds and 1 day.",
    );
    if (gate.minimumSizeBytes !== undefined)
      check.intRange(
        "dataAvailability.minimumSizeBytes",
        gate.minimumSizeBytes,
        0,
        Number.MAX_SAFE_INTEGER,
      );
    if (mode === "check") {
      const nested = spec.activities.find((a) => a.type in CONTAINERS);
      if (nested) {
        throw new ValidationError(
          "CONFLICT",
          ctx,
          "dataAvailability.mode",
          "check",
          `puts the activities inside an If Condition, where Data Factory does not allow a ${nested.type} ('${nested.name}')`,
          "Use mode 'wait', or move that activity into a child pipeline called with ExecutePipeline.",
        );
      }
    }
  }
  if (spec.notifications) {
    check.required("notifications.url", spec.notifications.url);
    check.intRange(
      "notifications.httpRequestTimeout",
      spec.notifications.httpRequestTimeout?.toSeconds(),
      60,
      600,
      "Data Factory allows 1 to 10 minutes.",
    );
  }
}
