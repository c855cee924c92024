import { Duration } from "../core/duration";
import { readAdfInteger } from "../core/adf-json";
import { Check } from "../core/errors";
import { parseIsoInstant } from "../core/iso";
import { Recurrence } from "../core/recurrence";
import { TimeZone } from "../core/timezone";
import { expandSchedule, Firing, FiringPlan, toMs } from "./firings";
import { TumblingFrequency, tumblingWindows, TumblingWindowSpec } from "./tumbling";

/**
 * Trigger kinds as Data Factory names them (`properties.type`), plus `SearchIndexer` for an Azure
 * AI Search indexer's own schedule (`indexerTimeline`).
 */
export type TriggerKind =
  | "ScheduleTrigger"
  | "TumblingWindowTrigger"
  | "BlobEventsTrigger"
  | "CustomEventsTrigger"
  | "SearchIndexer"
  /** An Azure Machine Learning workspace schedule (`lib/schedule/ml-timeline.ts`). */
  | "MLSchedule";

/** A dependency of a tumbling-window trigger on a window (of itself or another trigger). */
export interface WindowDependency {
  /** The trigger depended on; `self` for a self-dependency. */
  readonly trigger: string;
  /** Offset as written (`-01:00:00`). @default - none */
  readonly offset?: string;
}

/**
 * When a Data Factory trigger starts pipeline runs, read from the trigger's ARM properties (the
 * shape azure-native and the REST API take). Pulumi-free, shared by the plan and the policy rules.
 */
export interface TriggerTimeline {
  /**
   * The trigger type as ARM names it (`ScheduleTrigger`, `TumblingWindowTrigger`,
   * `BlobEventsTrigger`, ...).
   */
  readonly kind: TriggerKind;
  /** The zone firings are computed in; `undefined` for event triggers (no clock). */
  readonly timeZone?: TimeZone;
  /** True when a clock drives the trigger (schedule and tumbling-window triggers). */
  readonly clock: boolean;
  /** Cadence in words. */
  readonly cadence: string;
  /** Pipelines the trigger starts (reference names). */
  readonly pipelines: string[];
  /** Window dependencies (tumbling-window triggers). */
  readonly dependsOn: WindowDependency[];
  /** `maxConcurrency` of a tumbling-window trigger. */
  readonly maxConcurrency?: number;
  /** The normalised recurrence of a schedule trigger (what the engine reads). */
  readonly recurrence?: Recurrence;
  /**
   * True when the ARM JSON named no time zone (left out, or `""` as Terraform sends it), so the
   * trigger runs in UTC by default rather than by choice.
   */
  readonly zoneImplicit?: boolean;
  /** Run starts in `[from, until)`, at most `limit`. Event triggers have none. */
  firings(from: number | Date, until: number | Date, limit?: number): Firing[];
  /** Like `firings`, with the reason when the list stops early (never fires, hard bound). */
  expand(from: number | Date, until: number | Date, limit?: number): FiringPlan;
  /** Tumbling windows already due before `from` (a deploy then queues them); else undefined. */
  backfill(from: number | Date): number | undefined;
}

const UNIT: Record<TumblingFrequency, string> = { Minute: "minute", Hour: "hour", Month: "month" };
const TUMBLING_FREQUENCIES: readonly TumblingFrequency[] = ["Minute", "Hour", "Month"];

function pipelineNames(props: Record<string, any>): string[] {
  const refs = props.pipeline ? [props.pipeline] : (props.pipelines ?? []);
  return (Array.isArray(refs) ? refs : []).map((p: any) =>
    String(p?.pipelineReference?.referenceName ?? "?"),
  );
}

function windowDependencies(props: Record<string, any>): WindowDependency[] {
  const deps = Array.isArray(props.dependsOn) ? props.dependsOn : [];
  return deps.map((d: any) => ({
    trigger:
      d?.type === "SelfDependencyTumblingWindowTriggerReference"
        ? "self"
        : String(d?.referenceTrigger?.referenceName ?? "?"),
    ...(d?.offset ? { offset: String(d.offset) } : {}),
  }));
}

/** An ISO 8601 instant from ARM JSON (`Z` or an offset; fractional seconds allowed). */
function armInstant(check: Check, prop: string, value: unknown): number {
  check.type(prop, value, "string");
  const ms = parseIsoInstant(value as string);
  check.format(
    ms !== undefined,
    prop,
    value,
    "must be an ISO 8601 time with Z or an offset (tumbling windows are UTC), e.g. 2026-01-01T00:00:00Z",
  );
  return ms!;
}

/**
 * The engine's model of a tumbling-window trigger from its ARM properties, read the way Azure
 * reads them: `frequency` in any letter case; `interval`, `startTime` and `frequency` required;
 * fractional seconds allowed; `delay` a timespan `[d.]hh:mm:ss`. Shared by the
 * `TumblingWindowTrigger` component and the timeline reader, so both compute the same windows.
 */
export function readTumblingWindowSpec(
  props: Record<string, any>,
  check: Check = new Check({ component: "TumblingWindowTrigger" }),
): TumblingWindowSpec {
  check.required("frequency", props.frequency);
  check.type("frequency", props.frequency, "string");
  const frequency = TUMBLING_FREQUENCIES.find(
    (f) => f.toLowerCase() === String(props.frequency).toLowerCase(),
  );
  check.oneOf("frequency", frequency ?? props.frequency, TUMBLING_FREQUENCIES);
  // Integers may be numeric strings ("15" in Microsoft Learn's own sample), as Data Factory reads them.
  const interval = readAdfInteger(check, "interval", props.interval);
  check.required("interval", interval);
  check.intRange("interval", interval, 1, 1000);
  check.required("startTime", props.startTime);
  const startTime = armInstant(check, "startTime", props.startTime);
  const endTime =
    props.endTime === undefined || props.endTime === null
      ? undefined
      : armInstant(check, "endTime", props.endTime);
  check.conflict(
    endTime !== undefined && endTime <= startTime,
    "endTime",
    props.endTime,
    "must be after startTime",
  );
  check.type("delay", props.delay, "string");
  const delaySeconds = props.delay
    ? check.rethrow("delay", () => Duration.parse(props.delay)).toSeconds()
    : 0;
  const maxConcurrency = readAdfInteger(check, "maxConcurrency", props.maxConcurrency);
  check.intRange("maxConcurrency", maxConcurrency, 1, 50);
  const retry = props.retryPolicy;
  check.type("retryPolicy", retry, "object");
  // `count` is an integer or an expression (`object` in the spec); a numeric string is a number.
  if (typeof retry?.count !== "string" || !retry.count.startsWith("@"))
    check.intRange(
      "retryPolicy.count",
      readAdfInteger(check, "retryPolicy.count", retry?.count),
      0,
      2_147_483_647,
    );
  check.intRange(
    "retryPolicy.intervalInSeconds",
    readAdfInteger(check, "retryPolicy.intervalInSeconds", retry?.intervalInSeconds),
    30,
    86_400,
  );
  return {
    frequency: frequency!,
    interval: interval!,
    startTime,
    endTime,
    delaySeconds,
    ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
  };
}

/**
 * The timeline of a trigger from its ARM `properties`, or `undefined` for a type the library does
 * not model. This is the one reader of trigger JSON: schedule recurrences go through
 * `Recurrence.fromAdf` and tumbling windows through `readTumblingWindowSpec`, which follow Azure's
 * reading rules (letter case, defaults, empty zone, fractional seconds). Throws a ValidationError
 * (naming `name` and the `properties.` path) when the properties are not a valid trigger.
 */
export function triggerTimeline(
  props: Record<string, any>,
  name?: string,
): TriggerTimeline | undefined {
  const common = { pipelines: pipelineNames(props), dependsOn: windowDependencies(props) };
  const none = () => [] as Firing[];
  const noPlan = () => ({ firings: [] as Firing[] });
  const check = new Check({ component: "datafactory.Trigger", name }, "properties");
  switch (props.type) {
    case "ScheduleTrigger": {
      const rec = Recurrence.fromAdf(props.recurrence, check.at("recurrence"));
      const expand = (from: number | Date, until: number | Date, limit?: number) =>
        expandSchedule(rec, { from, until, limit });
      return {
        ...common,
        kind: "ScheduleTrigger",
        timeZone: rec.timeZone,
        clock: true,
        cadence: rec.describe(),
        recurrence: rec,
        zoneImplicit: !props.recurrence?.timeZone,
        firings: (from, until, limit) => expand(from, until, limit).firings,
        expand,
        backfill: () => undefined,
      };
    }
    case "TumblingWindowTrigger": {
      const spec = readTumblingWindowSpec(props, check);
      const unit = UNIT[spec.frequency];
      const every = spec.interval === 1 ? unit : `${spec.interval} ${unit}s`;
      const delay = props.delay ? ` + ${props.delay}` : "";
      const max = spec.maxConcurrency ? `; max ${spec.maxConcurrency} at once` : "";
      const expand = (from: number | Date, until: number | Date, limit?: number) => {
        const plan = tumblingWindows(spec, { from, until, limit });
        return {
          firings: plan.windows.map((w) => ({ at: w.dueAt, kind: "exact" as const })),
          ...(plan.note ? { note: plan.note } : {}),
        };
      };
      return {
        ...common,
        kind: "TumblingWindowTrigger",
        timeZone: TimeZone.UTC,
        clock: true,
        cadence: `every ${every} (tumbling window, due at window end${delay}${max})`,
        maxConcurrency: spec.maxConcurrency,
        firings: (from, until, limit) => expand(from, until, limit).firings,
        expand,
        backfill: (from) => tumblingWindows(spec, { from, limit: 1 }).backfill,
      };
    }
    case "BlobEventsTrigger": {
      const events = (Array.isArray(props.events) ? props.events : []).map((e: string) =>
        String(e).replace("Microsoft.Storage.", ""),
      );
      const ends = props.blobPathEndsWith ? ` ending ${props.blobPathEndsWith}` : "";
      return {
        ...common,
        kind: "BlobEventsTrigger",
        clock: false,
        cadence: `on ${events.join(" / ")} under ${props.blobPathBeginsWith ?? "/"}${ends}`,
        firings: none,
        expand: noPlan,
        backfill: () => undefined,
      };
    }
    case "CustomEventsTrigger":
      return {
        ...common,
        kind: "CustomEventsTrigger",
        clock: false,
        cadence: `on events ${(Array.isArray(props.events) ? props.events : []).join(", ")} (subject ${props.subjectBeginsWith ?? ""}*${props.subjectEndsWith ?? ""})`,
        firings: none,
        expand: noPlan,
        backfill: () => undefined,
      };
    default:
      return undefined;
  }
}

/** Runs a clock-driven timeline starts in the `days` days from `from` (for cadence comparison). */
export function runsIn(timeline: TriggerTimeline, from: number | Date, days: number): number {
  const start = toMs(from);
  return timeline.firings(start, start + days * 86_400_000, 100_000).length;
}
