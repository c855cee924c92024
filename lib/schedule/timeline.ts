import { Duration } from "../core/duration";
import { Recurrence } from "../core/recurrence";
import { TimeZone } from "../core/timezone";
import { Firing, scheduleFirings, toMs } from "./firings";
import { tumblingWindows, TumblingWindowSpec } from "./tumbling";

/** Trigger kinds as Data Factory names them (`properties.type`). */
export type TriggerKind =
  | "ScheduleTrigger"
  | "TumblingWindowTrigger"
  | "BlobEventsTrigger"
  | "CustomEventsTrigger";

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
  /** Run starts in `[from, until)`, at most `limit`. Event triggers have none. */
  firings(from: number | Date, until: number | Date, limit?: number): Firing[];
  /** Tumbling windows already due before `from` (a deploy then queues them); else undefined. */
  backfill(from: number | Date): number | undefined;
}

const UNIT: Record<string, string> = { Minute: "minute", Hour: "hour", Month: "month" };

function pipelineNames(props: Record<string, any>): string[] {
  const refs = props.pipeline ? [props.pipeline] : (props.pipelines ?? []);
  return refs.map((p: any) => String(p?.pipelineReference?.referenceName ?? "?"));
}

function windowDependencies(props: Record<string, any>): WindowDependency[] {
  return (props.dependsOn ?? []).map((d: any) => ({
    trigger:
      d?.type === "SelfDependencyTumblingWindowTriggerReference"
        ? "self"
        : String(d?.referenceTrigger?.referenceName ?? "?"),
    ...(d?.offset ? { offset: String(d.offset) } : {}),
  }));
}

function tumblingSpec(props: Record<string, any>): TumblingWindowSpec {
  return {
    frequency: props.frequency,
    interval: props.interval,
    startTime: Date.parse(props.startTime),
    endTime: props.endTime ? Date.parse(props.endTime) : undefined,
    delaySeconds: props.delay ? Duration.parse(props.delay).toSeconds() : 0,
  };
}

/**
 * The timeline of a trigger from its ARM `properties`, or `undefined` for a type the library does
 * not model. Throws a ValidationError when the properties are not a valid trigger.
 */
export function triggerTimeline(props: Record<string, any>): TriggerTimeline | undefined {
  const common = { pipelines: pipelineNames(props), dependsOn: windowDependencies(props) };
  const none = () => [] as Firing[];
  switch (props.type) {
    case "ScheduleTrigger": {
      const rec = Recurrence.fromAdf(props.recurrence);
      return {
        ...common,
        kind: "ScheduleTrigger",
        timeZone: rec.timeZone,
        clock: true,
        cadence: rec.describe(),
        firings: (from, until, limit) => scheduleFirings(rec, { from, until, limit }),
        backfill: () => undefined,
      };
    }
    case "TumblingWindowTrigger": {
      const spec = tumblingSpec(props);
      if (!UNIT[spec.frequency] || !Number.isFinite(spec.startTime)) return undefined;
      const unit = UNIT[spec.frequency];
      const every = spec.interval === 1 ? unit : `${spec.interval} ${unit}s`;
      const delay = props.delay ? ` + ${props.delay}` : "";
      const max = props.maxConcurrency ? `; max ${props.maxConcurrency} at once` : "";
      return {
        ...common,
        kind: "TumblingWindowTrigger",
        timeZone: TimeZone.UTC,
        clock: true,
        cadence: `every ${every} (tumbling window, due at window end${delay}${max})`,
        maxConcurrency: props.maxConcurrency,
        firings: (from, until, limit) =>
          tumblingWindows(spec, { from, until, limit }).windows.map((w) => ({
            at: w.dueAt,
            kind: "exact" as const,
          })),
        backfill: (from) => tumblingWindows(spec, { from, limit: 1 }).backfill,
      };
    }
    case "BlobEventsTrigger": {
      const events = (props.events ?? []).map((e: string) => e.replace("Microsoft.Storage.", ""));
      const ends = props.blobPathEndsWith ? ` ending ${props.blobPathEndsWith}` : "";
      return {
        ...common,
        kind: "BlobEventsTrigger",
        clock: false,
        cadence: `on ${events.join(" / ")} under ${props.blobPathBeginsWith ?? "/"}${ends}`,
        firings: none,
        backfill: () => undefined,
      };
    }
    case "CustomEventsTrigger":
      return {
        ...common,
        kind: "CustomEventsTrigger",
        clock: false,
        cadence: `on events ${(props.events ?? []).join(", ")} (subject ${props.subjectBeginsWith ?? ""}*${props.subjectEndsWith ?? ""})`,
        firings: none,
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
