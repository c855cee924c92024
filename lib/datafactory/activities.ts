import * as pulumi from "@pulumi/pulumi";
import { Duration } from "../core/duration";
import { Check, isDeferred, ValidationContext } from "../core/errors";
import { CONTAINERS, RETRYABLE_ACTIVITY_TYPES } from "./activity-types";

/**
 * A Data Factory activity as azure-native takes it (`CopyActivityArgs`, `WebActivityArgs`, ...).
 * `name`, `type`, `dependsOn` and `policy.retry` must be plain values so that the pipeline can be
 * checked and wired at construction; other fields may be Pulumi inputs.
 */
export interface Activity {
  /** Activity name, unique in the pipeline; other activities' `dependsOn` refer to it. */
  readonly name: string;
  /** Data Factory activity type (`Copy`, `WebActivity`, `ExecutePipeline`, ...). */
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
  /** The caller's activities, in any order; `dependsOn` names decide the order. */
  readonly activities: readonly Activity[];
  /** Retry policy of every retryable activity without its own. @default DEFAULT_RETRY */
  readonly retry?: RetryDefaults;
  /** Gate that waits for or checks the input before the activities. @default - no gate */
  readonly dataAvailability?: DataAvailabilityGate;
  /** Run notifications (start, success, failure). @default - no notifications */
  readonly notifications?: PipelineNotifications;
}

/** The activities and variables of the pipeline that Azure receives. */
export interface BuiltPipeline {
  /**
   * Every activity Azure receives: the caller's, with retry policy, gate and notifications added.
   */
  readonly activities: Activity[];
  /** Pipeline variables the added activities use, name → `{ type }`. */
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
  validateActivities(spec, check, warn);
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

/** Data Factory's timespan pattern for activity timeouts (REST spec `ActivityPolicy.timeout`). */
const TIMESPAN = /^(?:\d+\.)?\d\d:(?:60|[0-5]\d):(?:60|[0-5]\d)$/;
const DEPENDENCY_CONDITIONS = ["Succeeded", "Failed", "Skipped", "Completed"] as const;
const POLICY_KEYS = ["timeout", "retry", "retryIntervalInSeconds", "secureInput", "secureOutput"];
/** azure-native `WebActivityMethod`. */
const WEB_METHODS = ["GET", "POST", "PUT", "DELETE"] as const;
/**
 * Containers a container may hold (Microsoft Learn, "Nested activities": ForEach and Until may
 * hold If Condition and Switch; If Condition and Switch hold no container; ForEach and Until do
 * not nest in each other).
 */
const NESTABLE: Record<string, readonly string[]> = {
  ForEach: ["IfCondition", "Switch"],
  Until: ["IfCondition", "Switch"],
  IfCondition: [],
  Switch: [],
};

/** A Data Factory expression: `"@..."` or `{ type: "Expression", value: "@..." }`. */
function isExpression(v: unknown): boolean {
  if (typeof v === "string") return v.startsWith("@");
  return typeof v === "object" && v !== null && (v as { type?: unknown }).type === "Expression";
}

/** Names that must be unique across the whole pipeline, nested activities included. */
interface Scope {
  readonly names: Map<string, string>;
  readonly reserved: ReadonlySet<string>;
  readonly warn: (message: string) => void;
}

/**
 * Checks one list of activities (the pipeline's, or a container's) and recurses into containers.
 * Every path is the caller's: `activities[1].activities[0].policy.retry`.
 */
function checkActivityList(
  check: Check,
  prop: string,
  list: unknown,
  scope: Scope,
  container?: string,
): void {
  check.type(prop, list, "array");
  const activities = (list ?? []) as readonly Activity[];
  const siblings = new Set<string>();
  activities.forEach((a, i) => {
    const at = `${prop}[${i}]`;
    check.required(at, a, "must be an activity object");
    check.type(at, a, "object");
    const c = check.at(at);
    c.required("name", a.name);
    c.type("name", a.name, "string");
    c.format(
      a.name.length <= 55 && /^[A-Za-z0-9_][^.+?/<>*%&:\\]*$/.test(a.name),
      "name",
      a.name,
      "must be at most 55 characters, start with a letter, digit or underscore, and avoid . + ? / < > * % & : \\",
    );
    const first = scope.names.get(a.name);
    c.conflict(
      first !== undefined,
      "name",
      a.name,
      `must be unique in the pipeline, nested activities included (also used at ${first})`,
    );
    c.conflict(
      scope.reserved.has(a.name),
      "name",
      a.name,
      "is reserved for an activity the pipeline adds",
    );
    scope.names.set(a.name, check.path(at));
    siblings.add(a.name);
    c.required("type", a.type);
    c.type("type", a.type, "string");
    if (container) {
      c.conflict(
        a.type in NESTABLE && !NESTABLE[container].includes(a.type),
        "type",
        a.type,
        `cannot be nested in a ${container} (Data Factory nests only If Condition and Switch, and only inside ForEach or Until)`,
        "Move it into a child pipeline called with ExecutePipeline.",
      );
    }
    checkPolicy(c, a.policy, scope);
    checkTypeProperties(c, a, scope);
  });
  // Dependencies point at siblings in the same list, without cycles.
  activities.forEach((a, i) => {
    const c = check.at(`${prop}[${i}]`);
    c.type("dependsOn", a.dependsOn, "array");
    (a.dependsOn ?? []).forEach((d, j) => {
      const dc = c.at(`dependsOn[${j}]`);
      dc.type("", d, "object");
      dc.required("activity", d.activity);
      dc.conflict(
        !siblings.has(d.activity) || d.activity === a.name,
        "activity",
        d.activity,
        container
          ? `must name another activity in the same ${container} branch`
          : "must name another activity of the pipeline",
      );
      dc.required(
        "dependencyConditions",
        d.dependencyConditions,
        "must list at least one condition",
      );
      dc.type("dependencyConditions", d.dependencyConditions, "array");
      d.dependencyConditions.forEach((cond, k) =>
        dc.oneOf(`dependencyConditions[${k}]`, cond, DEPENDENCY_CONDITIONS),
      );
    });
  });
  const cycle = findCycle(activities);
  if (cycle) {
    throw check.error(
      "CONFLICT",
      prop,
      cycle,
      "must not depend on each other in a cycle (Data Factory refuses the pipeline)",
    );
  }
}

/** One dependency cycle among activities of one list, as names, or undefined. */
function findCycle(activities: readonly Activity[]): string[] | undefined {
  const deps = new Map(activities.map((a) => [a.name, (a.dependsOn ?? []).map((d) => d.activity)]));
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === "done") return undefined;
    if (state.get(n) === "open") return [...path.slice(path.indexOf(n)), n];
    state.set(n, "open");
    path.push(n);
    for (const m of deps.get(n) ?? []) {
      const found = visit(m);
      if (found) return found;
    }
    path.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const a of activities) {
    const found = visit(a.name);
    if (found) return found;
  }
  return undefined;
}

/** `policy` as azure-native's ActivityPolicyArgs and the REST spec bound it. */
function checkPolicy(check: Check, policy: unknown, scope: Scope): void {
  if (policy === undefined || isDeferred(policy)) return;
  check.type("policy", policy, "object");
  const p = policy as Record<string, unknown>;
  const c = check.at("policy");
  for (const key of Object.keys(p)) {
    if (!POLICY_KEYS.includes(key))
      scope.warn(
        `'${c.path(key)}' is not an activity policy field Data Factory uses (${POLICY_KEYS.join(", ")}); it is sent but ignored`,
      );
  }
  if (!isExpression(p.retry) && !isDeferred(p.retry))
    c.intRange("retry", p.retry as number | undefined, 0, Number.MAX_SAFE_INTEGER);
  if (!isDeferred(p.retryIntervalInSeconds))
    c.intRange(
      "retryIntervalInSeconds",
      p.retryIntervalInSeconds as number | undefined,
      30,
      86_400,
      "Data Factory waits 30 seconds to 1 day between attempts.",
    );
  checkTimeSpan(c, "timeout", p.timeout);
  c.type("secureInput", p.secureInput, "boolean", { deferred: true });
  c.type("secureOutput", p.secureOutput, "boolean", { deferred: true });
}

/** A `[d.]hh:mm:ss` timespan, an expression, or a deferred value. */
function checkTimeSpan(check: Check, prop: string, value: unknown): void {
  if (value === undefined || isDeferred(value) || isExpression(value)) return;
  check.type(prop, value, "string");
  check.format(
    TIMESPAN.test(value as string),
    prop,
    value,
    "must be a timespan [d.]hh:mm:ss such as 00:10:00 or 1.00:00:00",
    "Duration.toTimeSpan() renders one.",
  );
}

/** Required and bounded type properties of the activity types the library knows. */
function checkTypeProperties(check: Check, a: Activity, scope: Scope): void {
  switch (a.type) {
    case "ForEach":
      check.required("items", a.items, "must be the expression to iterate over");
      if (!isDeferred(a.batchCount))
        check.intRange(
          "batchCount",
          a.batchCount,
          1,
          50,
          "Data Factory runs at most 50 in parallel.",
        );
      check.type("isSequential", a.isSequential, "boolean", { deferred: true });
      check.required("activities", a.activities, "must contain at least one activity");
      checkActivityList(check, "activities", a.activities, scope, "ForEach");
      break;
    case "Until":
      check.required("expression", a.expression, "must be the expression that ends the loop");
      checkTimeSpan(check, "timeout", a.timeout);
      check.required("activities", a.activities, "must contain at least one activity");
      checkActivityList(check, "activities", a.activities, scope, "Until");
      break;
    case "IfCondition":
      check.required("expression", a.expression, "must be the condition expression");
      checkActivityList(check, "ifTrueActivities", a.ifTrueActivities, scope, "IfCondition");
      checkActivityList(check, "ifFalseActivities", a.ifFalseActivities, scope, "IfCondition");
      break;
    case "Switch":
      check.required("on", a.on, "must be the expression to switch on");
      check.type("cases", a.cases, "array");
      (a.cases ?? []).forEach((sc: { value?: unknown; activities?: unknown }, i: number) => {
        const cc = check.at(`cases[${i}]`);
        cc.type("", sc, "object");
        cc.required("value", sc.value);
        checkActivityList(cc, "activities", sc.activities, scope, "Switch");
      });
      checkActivityList(check, "defaultActivities", a.defaultActivities, scope, "Switch");
      break;
    case "Wait":
      check.required("waitTimeInSeconds", a.waitTimeInSeconds);
      if (!isExpression(a.waitTimeInSeconds) && !isDeferred(a.waitTimeInSeconds))
        check.intRange("waitTimeInSeconds", a.waitTimeInSeconds, 0, Number.MAX_SAFE_INTEGER);
      break;
    case "WebActivity":
      check.required("url", a.url);
      check.required("method", a.method);
      if (!isDeferred(a.method)) check.oneOf("method", a.method, WEB_METHODS);
      checkTimeSpan(check, "httpRequestTimeout", a.httpRequestTimeout);
      if (typeof a.httpRequestTimeout === "string" && TIMESPAN.test(a.httpRequestTimeout)) {
        const seconds = Duration.parse(a.httpRequestTimeout).toSeconds();
        check.ensure(
          seconds >= 60 && seconds <= 600,
          "OUT_OF_RANGE",
          "httpRequestTimeout",
          a.httpRequestTimeout,
          "must be between 00:01:00 and 00:10:00 (Data Factory's range for the HTTP response)",
        );
      }
      break;
  }
}

/**
 * Every check on the pipeline's inputs that reach Azure, at every nesting level, before anything
 * is registered: activities (names, types, dependencies, policies, container properties and
 * nesting rules), the retry defaults, the data gate and notifications. Legal but doubtful inputs
 * go to `warn`.
 */
function validateActivities(
  spec: PipelineSpec,
  check: Check,
  warn: (message: string) => void = () => undefined,
): void {
  check.required("activities", spec.activities, "must contain at least one activity");
  checkActivityList(check, "activities", spec.activities, {
    names: new Map(),
    reserved: new Set<string>(Object.values(GENERATED_ACTIVITY_NAMES)),
    warn,
  });
  const retry = spec.retry ?? {};
  check.knownKeys("retry", spec.retry, ["count", "interval", "timeout"]);
  check.intRange("retry.count", retry.count, 0, 100);
  check.duration("retry.interval", retry.interval, {
    min: 30,
    max: 86_400,
    hint: "Data Factory waits 30 seconds to 1 day between attempts.",
  });
  check.duration("retry.timeout", retry.timeout, { min: 1 });
  if (retry.count !== undefined && retry.count < DEFAULT_RETRY.count)
    warn(
      `retry.count is ${retry.count} for every activity; the practice is at least ${DEFAULT_RETRY.count}`,
    );
  const gate = spec.dataAvailability;
  check.knownKeys("dataAvailability", gate, [
    "dataset",
    "datasetParameters",
    "mode",
    "timeout",
    "pollInterval",
    "minimumSizeBytes",
    "childItems",
    "onMissing",
  ]);
  if (gate) {
    check.required("dataAvailability.dataset", gate.dataset);
    check.type("dataAvailability.dataset", gate.dataset, "string", { deferred: true });
    check.type("dataAvailability.datasetParameters", gate.datasetParameters, "object", {
      deferred: true,
    });
    check.type("dataAvailability.childItems", gate.childItems, "boolean");
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
    check.duration("dataAvailability.timeout", gate.timeout, {
      min: 60,
      max: 7 * 86_400,
      hint: "Give a timeout between 1 minute and 7 days.",
    });
    check.duration("dataAvailability.pollInterval", gate.pollInterval, {
      min: 10,
      max: 86_400,
      hint: "Give a poll interval between 10 seconds and 1 day.",
    });
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
        throw check.error(
          "CONFLICT",
          "dataAvailability.mode",
          "check",
          `puts the activities inside an If Condition, where Data Factory does not allow a ${nested.type} ('${nested.name}')`,
          "Use mode 'wait', or move that activity into a child pipeline called with ExecutePipeline.",
        );
      }
    }
  }
  const notes = spec.notifications;
  check.knownKeys("notifications", notes, [
    "url",
    "onStart",
    "onSuccess",
    "onFailure",
    "httpRequestTimeout",
  ]);
  if (notes) {
    check.required("notifications.url", notes.url);
    check.type("notifications.url", notes.url, "string", { deferred: true });
    for (const flag of ["onStart", "onSuccess", "onFailure"] as const)
      check.type(`notifications.${flag}`, notes[flag], "boolean");
    check.duration("notifications.httpRequestTimeout", notes.httpRequestTimeout, {
      min: 60,
      max: 600,
      hint: "Data Factory allows 1 to 10 minutes.",
    });
  }
}
