import { Duration } from "../core/duration";
import { TimeZone } from "../core/timezone";
import { Firing, FiringPlan, FiringWindow, MAX_EXPANSION_STEPS, toMs } from "./firings";
import type { TriggerTimeline } from "./timeline";

/**
 * An Azure AI Search indexer schedule as the REST API takes it (`schedule: { interval, startTime }`).
 * Search runs the indexer at `startTime + k * interval` in UTC (no time zones, no DST), never two
 * runs at once; creating the indexer also runs it once, which a plan cannot place in time.
 */
export interface IndexerScheduleSpec {
  /** ISO 8601 interval, PT5M to PT24H. */
  readonly interval: string;
  /** UTC start; Azure uses the creation time when it is missing. @default - creation time */
  readonly startTime?: string;
}

/** Scheduled run starts of an indexer in a window (UTC, every `interval` from `startTime`). */
export function indexerFirings(
  spec: { readonly intervalMs: number; readonly startMs: number },
  window: FiringWindow,
): Firing[] {
  const from = toMs(window.from);
  const until = window.until === undefined ? Infinity : toMs(window.until);
  const limit = window.limit ?? Infinity;
  if (until === Infinity && limit === Infinity)
    throw new RangeError("indexerFirings needs 'until' or 'limit'");
  const step = spec.intervalMs;
  const out: Firing[] = [];
  if (!(step > 0)) return out;
  const lower = Math.max(from, spec.startMs);
  for (
    let t = spec.startMs + Math.ceil((lower - spec.startMs) / step) * step;
    t < until;
    t += step
  ) {
    // The engine's hard bound: a window of centuries at five minutes still ends.
    if (out.length >= limit || out.length >= MAX_EXPANSION_STEPS) break;
    out.push({ at: t, kind: "exact" });
  }
  return out;
}

/** `indexerFirings` with the reason when the list stopped at the engine's hard bound. */
export function expandIndexer(
  spec: { readonly intervalMs: number; readonly startMs: number },
  window: FiringWindow,
): FiringPlan {
  const firings = indexerFirings(spec, window);
  const limit = window.limit ?? Infinity;
  return firings.length >= MAX_EXPANSION_STEPS && limit > MAX_EXPANSION_STEPS
    ? { firings, note: `stopped after ${MAX_EXPANSION_STEPS} firings (hard bound)` }
    : { firings };
}

/**
 * The timeline of an indexer schedule, in the shape the plan and rules use for triggers. Without a
 * start time the anchor is `from` itself (the deploy), which is what Azure does on creation.
 * Throws a ValidationError when the interval is not an ISO duration.
 */
export function indexerTimeline(
  spec: IndexerScheduleSpec,
  what: { readonly indexer: string; readonly index?: string; readonly dataSource?: string },
): TriggerTimeline {
  const interval = Duration.parse(spec.interval);
  const startMs = spec.startTime ? Date.parse(spec.startTime) : undefined;
  const source = what.dataSource ? ` from data source ${what.dataSource}` : "";
  const into = what.index ? ` into index ${what.index}` : "";
  const anchor = spec.startTime ? ` from ${spec.startTime.replace(/:00(\.000)?Z$/, "Z")}` : "";
  return {
    kind: "SearchIndexer",
    timeZone: TimeZone.UTC,
    clock: true,
    cadence: `every ${spec.interval}${anchor} (indexer ${what.indexer}${source}${into}; also runs once when created)`,
    pipelines: [],
    dependsOn: [],
    firings: (from, until, limit) =>
      indexerFirings(
        { intervalMs: interval.toMilliseconds(), startMs: startMs ?? toMs(from) },
        { from, until, limit },
      ),
    expand: (from, until, limit) =>
      expandIndexer(
        { intervalMs: interval.toMilliseconds(), startMs: startMs ?? toMs(from) },
        { from, until, limit },
      ),
    backfill: () => undefined,
  };
}
