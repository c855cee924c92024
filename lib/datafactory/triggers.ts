import * as pulumi from "@pulumi/pulumi";
import * as datafactory from "@pulumi/azure-native/datafactory";
import { Duration } from "../core/duration";
import { Check, isDuration, ValidationContext } from "../core/errors";
import { parseIsoInstant } from "../core/iso";
import { checkArgs, componentOptions, Opt, OptionShape, ShapeFields } from "../core/options";
import { checkName, NAMING_RULES } from "../core/naming";
import { Recurrence } from "../core/recurrence";
import { blobEventPath } from "../core/storage-path";
import { expandSchedule } from "../schedule/firings";
import { readTumblingWindowSpec } from "../schedule/timeline";
import { TumblingFrequency, tumblingWindows, TumblingWindowSpec } from "../schedule/tumbling";
import { triggerActivationHooks } from "./activation-hooks";
import { TriggerActivation } from "./activation-resource";
import { ACTIVATION_ANNOTATIONS } from "./activation-names";
import { checkFactoryInput, factoryCoordinates, FactoryInput } from "./factory";
import { FACTORY_REFERENCE, TRIGGERED_PIPELINE } from "./option-shapes";
import type { ScheduledDataPipeline } from "./pipeline";

/** A pipeline a trigger starts, with the parameters it passes. */
export interface TriggeredPipeline {
  /** A `ScheduledDataPipeline`, or the name of a pipeline in the same factory. */
  readonly pipeline: ScheduledDataPipeline | pulumi.Input<string>;
  /** Values for the pipeline's parameters (expressions such as `@trigger().scheduledTime` work). @default {} */
  readonly parameters?: Record<string, pulumi.Input<any>>;
}

/** Arguments every trigger takes. */
export interface TriggerBaseArgs {
  /** The factory the trigger lives in. */
  readonly factory: FactoryInput;
  /**
   * Trigger name in the factory (1-260 characters, no `<>*#.%&:\+?/`).
   * @default - the Pulumi name
   */
  readonly triggerName?: string;
  /**
   * Start the trigger on deploy, and after every update. Azure creates triggers stopped and
   * refuses to update a started one; the library stops it before each update or delete and starts
   * it again afterwards (see README "Trigger activation"). `false` leaves it stopped: a trigger
   * that is not meant to run from deploys (started by hand when needed, stopped again by the next
   * deploy).
   * @default true
   */
  readonly activated?: boolean;
  /**
   * Holds a trigger that normally runs stopped, on purpose and for a stated reason (an operator's
   * pause during an incident, a source being migrated): every deploy stops it if it runs and never
   * starts it, `refresh` + `up` does not restart it, and the plan shows it as "held stopped" with
   * the reason (its diff shows the hold and its release). Removing `hold` starts it on the next
   * deploy. A trigger stopped by hand without a hold is started again by the next deploy that
   * touches it or follows a `pulumi refresh`.
   * @default - not held
   */
  readonly hold?: TriggerHold;
  /** Description shown in ADF Studio. @default - none */
  readonly description?: pulumi.Input<string>;
}

/** Why a trigger is held stopped (`hold`). */
export interface TriggerHold {
  /** Shown in the plan, the trigger's state and ADF Studio's annotation list; not empty. */
  readonly reason: string;
}

function isPipelineComponent(p: unknown): p is ScheduledDataPipeline {
  return p instanceof pulumi.ComponentResource && "pipelineName" in (p as object);
}

/** Normalises `ScheduledDataPipeline | TriggeredPipeline` to what azure-native takes. */
function pipelineReference(
  entry: ScheduledDataPipeline | TriggeredPipeline,
  extra: Record<string, any> = {},
) {
  const target = isPipelineComponent(entry) ? entry : entry.pipeline;
  const params = isPipelineComponent(entry) ? {} : (entry.parameters ?? {});
  const referenceName = isPipelineComponent(target) ? target.pipelineName : target;
  return {
    pipelineReference: { referenceName, type: "PipelineReference" },
    // Azure needs the parameters object even when empty.
    parameters: { ...extra, ...params },
  };
}

function dependencies(
  entries: readonly (ScheduledDataPipeline | TriggeredPipeline)[],
): pulumi.Resource[] {
  return entries
    .map((e) =>
      isPipelineComponent(e) ? e : isPipelineComponent(e.pipeline) ? e.pipeline : undefined,
    )
    .filter((p): p is ScheduledDataPipeline => p !== undefined);
}

/** Shared plumbing: name checks, the azure-native Trigger, activation hooks and outputs. */
abstract class TriggerComponent extends pulumi.ComponentResource {
  /** The trigger's name in the factory. */
  public readonly triggerName!: pulumi.Output<string>;
  /** The trigger's ARM id. */
  public readonly triggerId!: pulumi.Output<string>;
  /** Whether the trigger is started on deploy (false when `activated: false` or held). */
  public readonly activated: boolean;
  /** Why the trigger is held stopped, when it is (`hold.reason`). */
  public readonly held: string | undefined;

  protected constructor(
    type: string,
    name: string,
    args: TriggerBaseArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(type, name, {}, opts);
    this.held = args.hold?.reason;
    this.activated = (args.activated ?? true) && this.held === undefined;
  }

  /**
   * Checks the args every trigger takes, and the options `shape` of the concrete trigger (for
   * plain-JavaScript callers), factory, trigger name (given or derived from the Pulumi name).
   */
  protected static validateBase(
    ctx: ValidationContext,
    args: TriggerBaseArgs,
    name: string,
    shape: OptionShape,
  ): Check {
    const check = new Check(ctx);
    checkArgs(check, args, shape);
    checkFactoryInput(check, "factory", args.factory);
    check.type("triggerName", args.triggerName, "string");
    checkName(ctx, "triggerName", args.triggerName ?? name, NAMING_RULES.factoryChild);
    check.type("activated", args.activated, "boolean");
    if (args.hold !== undefined) {
      check.type("hold", args.hold, "object");
      check.knownKeys("hold", args.hold, ["reason"]);
      check.type("hold.reason", args.hold.reason, "string");
      check.required("hold.reason", args.hold.reason?.trim(), "must say why the trigger is held");
    }
    check.type("description", args.description, "string", { deferred: true });
    return check;
  }

  protected createTrigger(
    name: string,
    args: TriggerBaseArgs,
    properties: Record<string, any>,
    pipelines: pulumi.Resource[],
    extra: pulumi.CustomResourceOptions = {},
  ): datafactory.Trigger {
    const f = factoryCoordinates(args.factory);
    const trigger = new datafactory.Trigger(
      `${name}-trigger`,
      {
        resourceGroupName: f.resourceGroupName,
        factoryName: f.factoryName,
        triggerName: args.triggerName ?? name,
        properties: {
          ...properties,
          annotations: [
            this.held !== undefined
              ? ACTIVATION_ANNOTATIONS.held
              : this.activated
                ? ACTIVATION_ANNOTATIONS.started
                : ACTIVATION_ANNOTATIONS.stopped,
          ],
          ...(args.description ? { description: args.description } : {}),
        } as any,
      },
      {
        parent: this,
        dependsOn: pipelines,
        hooks: triggerActivationHooks(),
        // The trigger keeps its name, so a replacement must delete the old one first.
        deleteBeforeReplace: true,
        ...extra,
      },
    );
    // Owns the runtime state: started after create and after each change (a PUT leaves the trigger
    // stopped), stopped before the trigger is deleted. See README "Trigger activation".
    new TriggerActivation(
      `${name}-activation`,
      {
        triggerId: trigger.id,
        revision: trigger.etag,
        triggerType: properties.type,
        desiredState: this.activated ? "Started" : "Stopped",
        ...(this.held !== undefined ? { hold: this.held } : {}),
      },
      // A child of the trigger, not of the component: resources that depend on a component wait
      // for its custom children, and one of them may be this trigger's own dependency.
      // deleteBeforeReplace: when the trigger's replacement was created but its start failed, the
      // state keeps the old activation pending replacement; the engine deletes such a resource
      // again after a create-first replacement, and that delete would stop the trigger just
      // started (Pulumi v3.248.0 step_generator.go, GenerateDeletes). Deleted first, it is skipped.
      { parent: trigger, deleteBeforeReplace: true },
    );
    (this as { triggerName: pulumi.Output<string> }).triggerName = trigger.name;
    (this as { triggerId: pulumi.Output<string> }).triggerId = trigger.id;
    this.registerOutputs({
      triggerName: trigger.name,
      triggerId: trigger.id,
      activated: this.activated,
      held: this.held,
    });
    return trigger;
  }
}

/** Option shapes (lib/core/options.ts) of the four triggers. */
const BASE_FIELDS: ShapeFields<TriggerBaseArgs> = {
  factory: FACTORY_REFERENCE,
  triggerName: Opt.value,
  activated: Opt.value,
  hold: Opt.value,
  description: Opt.value,
};

const SCHEDULE_SHAPE = componentOptions<ScheduleTriggerArgs>("ScheduleTrigger", {
  ...BASE_FIELDS,
  recurrence: Opt.value,
  pipelines: Opt.list(TRIGGERED_PIPELINE),
});

const TUMBLING_SHAPE = componentOptions<TumblingWindowTriggerArgs>("TumblingWindowTrigger", {
  ...BASE_FIELDS,
  pipeline: TRIGGERED_PIPELINE,
  window: Opt.either(Opt.keys("months")),
  startTime: Opt.value,
  endTime: Opt.value,
  delay: Opt.value,
  maxConcurrency: Opt.value,
  retry: Opt.keys("count", "interval"),
  dependsOn: Opt.list(
    Opt.shape<TumblingWindowDependency>({
      trigger: Opt.value,
      offset: Opt.keys("before", "after"),
      size: Opt.value,
    }),
  ),
  selfDependency: Opt.keys("lookBack", "size"),
  windowParameters: Opt.keys("start", "end"),
});

const STORAGE_EVENT_SHAPE = componentOptions<StorageEventTriggerArgs>("StorageEventTrigger", {
  ...BASE_FIELDS,
  storageAccountId: Opt.value,
  container: Opt.value,
  folderPath: Opt.value,
  blobNameEndsWith: Opt.value,
  events: Opt.value,
  ignoreEmptyBlobs: Opt.value,
  pipelines: Opt.list(TRIGGERED_PIPELINE),
});

const CUSTOM_EVENT_SHAPE = componentOptions<CustomEventTriggerArgs>("CustomEventTrigger", {
  ...BASE_FIELDS,
  topicId: Opt.value,
  eventTypes: Opt.value,
  subjectBeginsWith: Opt.value,
  subjectEndsWith: Opt.value,
  pipelines: Opt.list(TRIGGERED_PIPELINE),
});

/** One `ScheduledDataPipeline | TriggeredPipeline` entry. */
function checkPipelineEntry(check: Check, prop: string, entry: unknown): void {
  check.required(prop, entry, "must be a ScheduledDataPipeline or { pipeline, parameters }");
  if (isPipelineComponent(entry)) return;
  check.type(prop, entry, "object", {
    hint: "Pass a ScheduledDataPipeline or { pipeline: <pipeline or name>, parameters }.",
  });
  const e = entry as Partial<TriggeredPipeline>;
  check.required(`${prop}.pipeline`, e.pipeline);
  if (!isPipelineComponent(e.pipeline))
    check.type(`${prop}.pipeline`, e.pipeline, "string", {
      deferred: true,
      hint: "Pass a ScheduledDataPipeline or the pipeline's name.",
    });
  check.type(`${prop}.parameters`, e.parameters, "object", { deferred: true });
}

function checkPipelines(check: Check, pipelines: readonly unknown[] | undefined): void {
  check.required("pipelines", pipelines, "must name at least one pipeline to start");
  check.type("pipelines", pipelines, "array");
  pipelines!.forEach((p, i) => checkPipelineEntry(check, `pipelines[${i}]`, p));
}

/** Arguments for `ScheduleTrigger`. */
export interface ScheduleTriggerArgs extends TriggerBaseArgs {
  /** When to fire (`Recurrence.daily({ at: "02:00", timeZone: "W. Europe Standard Time" })`). */
  readonly recurrence: Recurrence;
  /** Pipelines to start on each firing; one trigger may start many. */
  readonly pipelines: readonly (ScheduledDataPipeline | TriggeredPipeline)[];
}

/**
 * A wall-clock schedule trigger: Day/Week/Month recurrences follow the time zone's DST, Minute/Hour
 * ones keep a fixed UTC step; a past start does not backfill.
 *
 * @example
 * ```ts
 * import { DataFactory, Recurrence, ScheduleTrigger } from "pulumi-mlops-scheduling";
 *
 * const adf = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 *
 * // One schedule for two pipelines of the factory (a ScheduledDataPipeline can be passed too).
 * new ScheduleTrigger("twice-weekly", {
 *   factory: adf,
 *   recurrence: Recurrence.weekly({
 *     on: ["Monday", "Thursday"],
 *     at: "06:00",
 *     timeZone: "Europe/Berlin",
 *   }),
 *   pipelines: [
 *     { pipeline: "refresh-sales" },
 *     {
 *       pipeline: "refresh-stock",
 *       parameters: { runDate: "@trigger().scheduledTime" },
 *     },
 *   ],
 * });
 * ```
 */
export class ScheduleTrigger extends TriggerComponent {
  /** The recurrence the trigger was built from. */
  public readonly recurrence: Recurrence;

  /** Throws a ValidationError for arguments Azure would reject; registers nothing. */
  static validate(name: string, args: ScheduleTriggerArgs): void {
    const ctx = { component: "ScheduleTrigger", name };
    const check = TriggerComponent.validateBase(ctx, args, name, SCHEDULE_SHAPE);
    check.required("recurrence", args.recurrence);
    check.instanceOf(
      "recurrence",
      args.recurrence,
      Recurrence,
      "a Recurrence (Recurrence.daily(...), Recurrence.fromAdf(json))",
    );
    checkPipelines(check, args.pipelines);
    const end = args.recurrence.endInstant();
    check.ensure(
      end === undefined || end >= Date.now(),
      "INVALID_TIME",
      "recurrence.endTime",
      args.recurrence.toAdf().endTime,
      "must not be in the past (Azure rejects it)",
    );
  }

  constructor(name: string, args: ScheduleTriggerArgs, opts?: pulumi.ComponentResourceOptions) {
    ScheduleTrigger.validate(name, args);
    super("mlops:datafactory:ScheduleTrigger", name, args, opts);
    this.recurrence = args.recurrence;
    const r = args.recurrence;
    if (r.frequency === "Minute" && r.interval < 5) {
      pulumi.log.warn(
        `ScheduleTrigger '${name}' fires every ${r.interval} minute(s): is that intended?`,
        this,
      );
    }
    // Azure accepts a recurrence that can never fire (day 30 of every February): say so.
    const never = expandSchedule(r, { from: r.startInstant(), limit: 1 }).note;
    if (never?.startsWith("never fires"))
      pulumi.log.warn(
        `ScheduleTrigger '${name}' ${never}: it will never start its pipelines.`,
        this,
      );
    this.createTrigger(
      name,
      args,
      {
        type: "ScheduleTrigger",
        recurrence: r.toAdf(),
        pipelines: args.pipelines.map((p) => pipelineReference(p)),
      },
      dependencies(args.pipelines),
    );
  }
}

/** A dependency of a tumbling window on another tumbling-window trigger's windows. */
export interface TumblingWindowDependency {
  /** The other trigger (a `TumblingWindowTrigger` or its name in the same factory). */
  readonly trigger: TumblingWindowTrigger | string;
  /**
   * Shift of the depended-on window relative to this one: `{ before: Duration.hours(1) }` looks
   * one hour back, `{ after: ... }` ahead.
   * @default - no shift
   */
  readonly offset?: { readonly before: Duration } | { readonly after: Duration };
  /**
   * Size of the depended-on window.
   * @default - the other trigger's window size
   */
  readonly size?: Duration;
}

/** Arguments for `TumblingWindowTrigger`. */
export interface TumblingWindowTriggerArgs extends TriggerBaseArgs {
  /** The one pipeline to run per window; it gets `windowStart` and `windowEnd` parameters. */
  readonly pipeline: ScheduledDataPipeline | TriggeredPipeline;
  /**
   * Window size: a Duration (whole minutes; whole hours become an Hour frequency), or
   * `{ months: n }`. At least 5 minutes.
   */
  readonly window: Duration | { readonly months: number };
  /**
   * Start of the first window: a `Date`, or an ISO 8601 time with `Z` or an offset
   * (`2026-01-01T02:00:00+02:00`); either names one instant, sent to Azure in UTC (tumbling
   * windows have no time zone). A start in the past backfills every window since then, oldest
   * first.
   */
  readonly startTime: Date | string;
  /** No window ends after this instant (same formats as `startTime`). @default - no end */
  readonly endTime?: Date | string;
  /** How long after a window ends its run starts; does not move the window. @default - none */
  readonly delay?: Duration;
  /**
   * Windows processed at the same time, 1-50 (bounds a backfill's load).
   * @default 1
   */
  readonly maxConcurrency?: number;
  /** Retries of a failed window run. @default { count: 3, interval: Duration.minutes(5) } */
  readonly retry?: { readonly count?: number; readonly interval?: Duration };
  /** Windows of other tumbling-window triggers that must succeed first. @default [] */
  readonly dependsOn?: readonly TumblingWindowDependency[];
  /**
   * Wait for this trigger's own earlier window(s): `{ lookBack: Duration.hours(1) }` on an hourly
   * trigger waits for the previous window. `lookBack` must be at least the window size.
   * @default - none
   */
  readonly selfDependency?: { readonly lookBack: Duration; readonly size?: Duration };
  /**
   * Pipeline parameter names that receive the window bounds.
   * @default { start: "windowStart", end: "windowEnd" }
   */
  readonly windowParameters?: { readonly start: string; readonly end: string };
}

/**
 * A tumbling-window time: a Date, or an ISO 8601 time that names its offset. `Z` and offsets such
 * as `+02:00` both name one instant, which is sent to Azure in UTC (`Z`); a time without offset
 * is refused because a tumbling window has no time zone to read it in.
 */
function utcInstant(check: Check, prop: string, v: Date | string): number {
  check.type(prop, v, ["string", "object"]);
  if (v instanceof Date) {
    check.ensure(
      Number.isFinite(v.getTime()),
      "INVALID_TIME",
      prop,
      "Invalid Date",
      "must be a valid Date",
    );
    return v.getTime();
  }
  check.type(prop, v, "string", { hint: "Pass a Date or an ISO 8601 string." });
  const ms = parseIsoInstant(v);
  if (ms === undefined) {
    const shaped = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/.test(
      v,
    );
    throw check.error(
      shaped ? "INVALID_TIME" : "INVALID_FORMAT",
      prop,
      v,
      shaped
        ? "must be a real calendar date and time"
        : "must be a Date or an ISO 8601 time with Z or an offset (2026-01-01T00:00:00Z, 2026-01-01T02:00:00+02:00); tumbling windows are UTC",
    );
  }
  return ms;
}

function renderUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

function signedTimeSpan(offset: TumblingWindowDependency["offset"]): string | undefined {
  if (!offset) return undefined;
  return "before" in offset ? `-${offset.before.toTimeSpan()}` : offset.after.toTimeSpan();
}

/**
 * A tumbling-window trigger: fixed, contiguous UTC windows run once each, with backfill from a
 * past start, retries, bounded concurrency, and dependencies on earlier windows.
 *
 * @example
 * ```ts
 * import { DataFactory, Duration, TumblingWindowTrigger } from "pulumi-mlops-scheduling";
 *
 * const adf = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 *
 * // Hourly windows from a fixed start (a past start backfills), each waiting for the previous one.
 * // The pipeline receives the window bounds as its `windowStart` / `windowEnd` parameters.
 * new TumblingWindowTrigger("hourly-features-window", {
 *   factory: adf,
 *   pipeline: { pipeline: "hourly-features" },
 *   window: Duration.hours(1),
 *   startTime: "2026-11-25T00:00:00Z",
 *   delay: Duration.minutes(15),
 *   maxConcurrency: 4,
 *   selfDependency: { lookBack: Duration.hours(1) },
 * });
 * ```
 */
export class TumblingWindowTrigger extends TriggerComponent {
  /** Frequency and interval as Azure receives them. */
  public readonly frequency: TumblingFrequency;
  /** Windows per `frequency` unit: a window is `interval` × `frequency` long. */
  public readonly interval: number;
  /** Start of the first window (UTC, ms). */
  public readonly startInstant: number;

  /** Windows due before `now` (what a deploy at `now` backfills). */
  backfillAt(now: Date | number): number {
    return tumblingWindows(this.spec, { from: now, limit: 1 }).backfill;
  }

  /** The windows' timing, read back from the properties sent to Azure by the shared reader. */
  private readonly spec: TumblingWindowSpec;

  constructor(
    name: string,
    args: TumblingWindowTriggerArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const ctx = { component: "TumblingWindowTrigger", name };
    const check = TriggerComponent.validateBase(ctx, args, name, TUMBLING_SHAPE);
    checkPipelineEntry(check, "pipeline", args.pipeline);
    check.required("window", args.window);
    check.required("startTime", args.startTime);
    let frequency: TumblingFrequency;
    let interval: number;
    let windowSeconds: number;
    if (isDuration(args.window)) {
      check.duration("window", args.window, {
        min: 300,
        hint: "Data Factory's docs allow windows from 5 minutes.",
      });
      windowSeconds = args.window.toSeconds();
      check.ensure(
        windowSeconds % 60 === 0,
        "OUT_OF_RANGE",
        "window",
        args.window.toIsoString(),
        "must be whole minutes and at least 5 minutes (PT5M)",
      );
      const hours = windowSeconds % 3600 === 0;
      frequency = hours ? "Hour" : "Minute";
      interval = hours ? windowSeconds / 3600 : windowSeconds / 60;
    } else {
      check.type("window", args.window, "object", {
        hint: "Pass a Duration (Duration.hours(1)) or { months: n }.",
      });
      check.required("window.months", args.window.months);
      check.intRange("window.months", args.window.months, 1, 1000);
      frequency = "Month";
      interval = args.window.months;
      windowSeconds = args.window.months * 28 * 86_400;
    }
    const start = utcInstant(check, "startTime", args.startTime);
    const end = args.endTime === undefined ? undefined : utcInstant(check, "endTime", args.endTime);
    check.conflict(
      end !== undefined && end <= start,
      "endTime",
      args.endTime,
      "must be after startTime",
    );
    check.duration("delay", args.delay);
    const maxConcurrency = args.maxConcurrency ?? 1;
    check.intRange("maxConcurrency", maxConcurrency, 1, 50);
    const retryCount = args.retry?.count ?? 3;
    const retryInterval = args.retry?.interval ?? Duration.minutes(5);
    check.intRange("retry.count", retryCount, 0, 100);
    check.duration("retry.interval", retryInterval, {
      min: 30,
      max: 86_400,
      hint: "Data Factory retries 30 seconds to 1 day apart.",
    });
    if (args.selfDependency) {
      check.required("selfDependency.lookBack", args.selfDependency.lookBack);
      check.duration("selfDependency.lookBack", args.selfDependency.lookBack);
      check.duration("selfDependency.size", args.selfDependency.size, { min: 60 });
      const back = args.selfDependency.lookBack.toSeconds();
      check.conflict(
        back < windowSeconds,
        "selfDependency.lookBack",
        args.selfDependency.lookBack.toIsoString(),
        `must be at least the window size (${Duration.seconds(windowSeconds).toIsoString()}), or the window would wait for itself`,
      );
    }
    check.type("dependsOn", args.dependsOn, "array");
    (args.dependsOn ?? []).forEach((d, i) => {
      const dc = check.at(`dependsOn[${i}]`);
      dc.type("", d, "object");
      dc.required("trigger", d.trigger);
      if (typeof d.trigger !== "string")
        dc.instanceOf(
          "trigger",
          d.trigger,
          TumblingWindowTrigger,
          "a TumblingWindowTrigger or the name of one (Data Factory's dependencies are on tumbling windows only)",
        );
      dc.conflict(
        typeof d.trigger === "string" && d.trigger === (args.triggerName ?? name),
        "trigger",
        d.trigger,
        "must be another trigger; use selfDependency for this trigger's own windows",
      );
      if (d.offset !== undefined) {
        dc.type("offset", d.offset, "object", {
          hint: "Pass { before: Duration } or { after: Duration }.",
        });
        const keys = Object.keys(d.offset);
        dc.ensure(
          keys.length === 1 && (keys[0] === "before" || keys[0] === "after"),
          "NOT_ALLOWED",
          "offset",
          d.offset,
          "must be { before: Duration } or { after: Duration }",
        );
        dc.duration(`offset.${keys[0]}`, (d.offset as Record<string, unknown>)[keys[0]]);
      }
      dc.duration("size", d.size, { min: 60 });
    });
    const windowParams = args.windowParameters ?? { start: "windowStart", end: "windowEnd" };
    check.required("windowParameters.start", windowParams.start);
    check.required("windowParameters.end", windowParams.end);
    check.type("windowParameters.start", windowParams.start, "string");
    check.type("windowParameters.end", windowParams.end, "string");
    const target = isPipelineComponent(args.pipeline) ? args.pipeline : args.pipeline.pipeline;
    if (isPipelineComponent(target)) {
      for (const p of [windowParams.start, windowParams.end]) {
        check.conflict(
          !target.parameterNames.includes(p),
          "pipeline",
          target.parameterNames,
          `must declare a '${p}' parameter to receive the window bounds`,
          `Add parameters: { ${windowParams.start}: { type: "String" }, ${windowParams.end}: { type: "String" } } to the pipeline.`,
        );
      }
    }

    const timing = {
      type: "TumblingWindowTrigger",
      frequency,
      interval,
      startTime: renderUtc(start),
      ...(end !== undefined ? { endTime: renderUtc(end) } : {}),
      ...(args.delay ? { delay: args.delay.toTimeSpan() } : {}),
      maxConcurrency,
    };
    // The plan and the rules read the trigger through this reader: read it the same way here.
    const spec = readTumblingWindowSpec(timing, check);

    super("mlops:datafactory:TumblingWindowTrigger", name, args, opts);
    this.frequency = frequency;
    this.interval = interval;
    this.startInstant = start;
    this.spec = spec;
    if (windowSeconds < 900) {
      pulumi.log.warn(
        `TumblingWindowTrigger '${name}': a window under 15 minutes is below what the Data Factory REST spec documents (the docs allow 5).`,
        this,
      );
    }

    const dependsOn: Record<string, any>[] = (args.dependsOn ?? []).map((d) => ({
      type: "TumblingWindowTriggerDependencyReference",
      referenceTrigger: {
        referenceName: typeof d.trigger === "string" ? d.trigger : d.trigger.triggerName,
        type: "TriggerReference",
      },
      ...(d.offset ? { offset: signedTimeSpan(d.offset) } : {}),
      ...(d.size ? { size: d.size.toTimeSpan() } : {}),
    }));
    if (args.selfDependency) {
      dependsOn.push({
        type: "SelfDependencyTumblingWindowTriggerReference",
        offset: `-${args.selfDependency.lookBack.toTimeSpan()}`,
        ...(args.selfDependency.size ? { size: args.selfDependency.size.toTimeSpan() } : {}),
      });
    }

    const otherTriggers = (args.dependsOn ?? [])
      .map((d) => d.trigger)
      .filter((t): t is TumblingWindowTrigger => t instanceof TumblingWindowTrigger);
    this.createTrigger(
      name,
      args,
      {
        ...timing,
        retryPolicy: { count: retryCount, intervalInSeconds: retryInterval.toSeconds() },
        ...(dependsOn.length ? { dependsOn } : {}),
        pipeline: pipelineReference(args.pipeline, {
          [windowParams.start]: "@trigger().outputs.windowStartTime",
          [windowParams.end]: "@trigger().outputs.windowEndTime",
        }),
      },
      [...dependencies([args.pipeline]), ...otherTriggers],
      // Azure cannot change these after creation: replace the trigger instead.
      { replaceOnChanges: ["properties.frequency", "properties.interval", "properties.startTime"] },
    );
  }
}

/** Arguments for `StorageEventTrigger`. */
export interface StorageEventTriggerArgs extends TriggerBaseArgs {
  /** ARM id of the storage account (StorageV2 / ADLS Gen2) whose blob events start the pipelines. */
  readonly storageAccountId: pulumi.Input<string>;
  /** Container to watch (3-63 lowercase letters, digits, single hyphens). */
  readonly container: string;
  /**
   * Only blobs under this folder of `container`, e.g. `landing/forecasting`: a path inside the
   * container, without the container's name and without `/blobs/` (slashes around it are
   * trimmed). It is a prefix, so blobs in its subfolders fire too. No wildcards (`*`, `?`).
   * The trigger sends Azure `blobPathBeginsWith: "/<container>/blobs/<folderPath>/"` (see
   * {@link StorageEventTrigger.blobPathBeginsWith}).
   * @default - the whole container
   */
  readonly folderPath?: string;
  /**
   * Only blobs whose name ends with this, e.g. `.parquet` or `_SUCCESS` (Azure's
   * `blobPathEndsWith`). No wildcards.
   * @default - any blob name
   */
  readonly blobNameEndsWith?: string;
  /** Which events fire the trigger. @default ["created"] */
  readonly events?: readonly ("created" | "deleted")[];
  /** Ignore zero-byte blobs (placeholder files, folder markers). @default true */
  readonly ignoreEmptyBlobs?: boolean;
  /** Pipelines to start for each event. Expressions: `@triggerBody().folderPath`, `@triggerBody().fileName`. */
  readonly pipelines: readonly (ScheduledDataPipeline | TriggeredPipeline)[];
}

/**
 * A storage event trigger (blob created / deleted), through Event Grid. Needs the
 * Microsoft.EventGrid resource provider registered in the subscription; 500 event triggers per
 * storage account at most.
 *
 * @example
 * ```ts
 * import { DataFactory, StorageEventTrigger } from "pulumi-mlops-scheduling";
 *
 * const adf = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 *
 * // Every Parquet file created under landing/sales/ (and its subfolders) starts the pipeline.
 * new StorageEventTrigger("sales-arrival", {
 *   factory: adf,
 *   storageAccountId:
 *     "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-mlops/providers/Microsoft.Storage/storageAccounts/stmlopslake",
 *   container: "landing",
 *   folderPath: "sales",
 *   blobNameEndsWith: ".parquet",
 *   pipelines: [
 *     {
 *       pipeline: "validate-sales",
 *       parameters: { fileName: "@triggerBody().fileName" },
 *     },
 *   ],
 * });
 * ```
 */
export class StorageEventTrigger extends TriggerComponent {
  /** `blobPathBeginsWith` as sent to Azure, e.g. `/landing/blobs/forecasting/`. */
  public readonly blobPathBeginsWith: string;

  /**
   * The constructor's checks, without registering anything (compositions run them before their
   * first child). Returns the events to subscribe to.
   */
  static validate(name: string, args: StorageEventTriggerArgs): readonly ("created" | "deleted")[] {
    const ctx = { component: "StorageEventTrigger", name };
    const check = TriggerComponent.validateBase(ctx, args, name, STORAGE_EVENT_SHAPE);
    check.required("storageAccountId", args.storageAccountId);
    check.type("storageAccountId", args.storageAccountId, "string", { deferred: true });
    check.required("container", args.container);
    check.type("container", args.container, "string");
    check.type("folderPath", args.folderPath, "string");
    check.type("blobNameEndsWith", args.blobNameEndsWith, "string");
    check.type("ignoreEmptyBlobs", args.ignoreEmptyBlobs, "boolean");
    check.format(
      /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/.test(args.container),
      "container",
      args.container,
      "must be a container name: 3-63 lowercase letters, digits and single hyphens",
    );
    for (const [prop, value] of [
      ["folderPath", args.folderPath],
      ["blobNameEndsWith", args.blobNameEndsWith],
    ] as const) {
      check.format(
        !value || !/[*?]/.test(value),
        prop,
        value,
        "must not contain wildcards (* or ?): Data Factory matches plain prefixes and suffixes",
      );
    }
    const events = args.events ?? ["created"];
    check.required("events", events, 'must list at least one of "created", "deleted"');
    check.type("events", events, "array");
    events.forEach((e, i) => check.oneOf(`events[${i}]`, e, ["created", "deleted"] as const));
    checkPipelines(check, args.pipelines);
    return events;
  }

  constructor(name: string, args: StorageEventTriggerArgs, opts?: pulumi.ComponentResourceOptions) {
    const events = StorageEventTrigger.validate(name, args);
    super("mlops:datafactory:StorageEventTrigger", name, args, opts);

    this.blobPathBeginsWith = blobEventPath(args.container, args.folderPath);
    this.createTrigger(
      name,
      args,
      {
        type: "BlobEventsTrigger",
        scope: args.storageAccountId,
        events: [...new Set(events)].map((e) =>
          e === "created" ? "Microsoft.Storage.BlobCreated" : "Microsoft.Storage.BlobDeleted",
        ),
        blobPathBeginsWith: this.blobPathBeginsWith,
        ...(args.blobNameEndsWith ? { blobPathEndsWith: args.blobNameEndsWith } : {}),
        ignoreEmptyBlobs: args.ignoreEmptyBlobs ?? true,
        pipelines: args.pipelines.map((p) => pipelineReference(p)),
      },
      dependencies(args.pipelines),
    );
  }
}

/** Arguments for `CustomEventTrigger`. */
export interface CustomEventTriggerArgs extends TriggerBaseArgs {
  /** ARM id of the Event Grid custom topic. */
  readonly topicId: pulumi.Input<string>;
  /** Event types that fire the trigger, e.g. `["Mlops.DataValidated"]`. */
  readonly eventTypes: readonly string[];
  /** Only events whose subject starts with this. At least one subject filter is required. @default - none */
  readonly subjectBeginsWith?: string;
  /** Only events whose subject ends with this. @default - none */
  readonly subjectEndsWith?: string;
  /** Pipelines to start for each event. `@triggerBody().event.data` carries the event data. */
  readonly pipelines: readonly (ScheduledDataPipeline | TriggeredPipeline)[];
}

/**
 * A custom Event Grid event trigger, e.g. "validated data landed" published by a validation step.
 *
 * @example
 * ```ts
 * import { CustomEventTrigger, DataFactory } from "pulumi-mlops-scheduling";
 *
 * const adf = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 *
 * new CustomEventTrigger("on-data-validated", {
 *   factory: adf,
 *   topicId:
 *     "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-mlops/providers/Microsoft.EventGrid/topics/mlops-events",
 *   eventTypes: ["Mlops.DataValidated"],
 *   subjectBeginsWith: "datasets/sales/", // at least one subject filter is required
 *   pipelines: [
 *     {
 *       pipeline: "publish-features",
 *       parameters: { eventData: "@triggerBody().event.data" },
 *     },
 *   ],
 * });
 * ```
 */
export class CustomEventTrigger extends TriggerComponent {
  constructor(name: string, args: CustomEventTriggerArgs, opts?: pulumi.ComponentResourceOptions) {
    const ctx = { component: "CustomEventTrigger", name };
    const check = TriggerComponent.validateBase(ctx, args, name, CUSTOM_EVENT_SHAPE);
    check.required("topicId", args.topicId);
    check.type("topicId", args.topicId, "string", { deferred: true });
    check.required("eventTypes", args.eventTypes, "must list at least one event type");
    check.type("eventTypes", args.eventTypes, "array");
    args.eventTypes.forEach((t, i) => {
      check.required(`eventTypes[${i}]`, t);
      check.type(`eventTypes[${i}]`, t, "string");
    });
    check.type("subjectBeginsWith", args.subjectBeginsWith, "string");
    check.type("subjectEndsWith", args.subjectEndsWith, "string");
    check.ensure(
      !!args.subjectBeginsWith || !!args.subjectEndsWith,
      "REQUIRED",
      "subjectBeginsWith",
      args.subjectBeginsWith,
      "or 'subjectEndsWith' must be set (Data Factory needs a subject filter)",
    );
    checkPipelines(check, args.pipelines);
    super("mlops:datafactory:CustomEventTrigger", name, args, opts);
    this.createTrigger(
      name,
      args,
      {
        type: "CustomEventsTrigger",
        scope: args.topicId,
        events: [...args.eventTypes],
        ...(args.subjectBeginsWith ? { subjectBeginsWith: args.subjectBeginsWith } : {}),
        ...(args.subjectEndsWith ? { subjectEndsWith: args.subjectEndsWith } : {}),
        pipelines: args.pipelines.map((p) => pipelineReference(p)),
      },
      dependencies(args.pipelines),
    );
  }
}
