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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * An indexer interval in the words `Recurrence.describe` uses for every other cadence (the zone is
 * UTC, shown beside it): `daily at 01:30`, `hourly at :30`, `every 6 hours at :30 from 01:30`,
 * `every 15 minutes`, `every 15 minutes from :05`, `every 7 hours from 2025-01-01 01:30`. Without
 * a start time Search anchors the runs at the indexer's creation.
 */
export function describeIndexerInterval(intervalMs: number, startMs?: number): string {
  const pad = (v: number) => String(v).padStart(2, "0");
  const start = startMs === undefined ? undefined : new Date(startMs);
  const hhmm = start && `${pad(start.getUTCHours())}:${pad(start.getUTCMinutes())}`;
  const anchored = (every: string) =>
    start ? `${every} from ${start.toISOString().slice(0, 10)} ${hhmm}` : `${every} from creation`;
  // Seconds in the interval or the start: the words would hide them.
  if (intervalMs % MINUTE !== 0 || (start && start.getUTCSeconds() + start.getUTCMilliseconds()))
    return start
      ? `every ${Duration.seconds(intervalMs / 1000).toIsoString()} from ${start.toISOString()}`
      : `every ${Duration.seconds(intervalMs / 1000).toIsoString()} from creation`;
  if (intervalMs === DAY) return start ? `daily at ${hhmm}` : "daily at the time of creation";
  if (intervalMs % HOUR === 0 && DAY % intervalMs === 0) {
    const n = intervalMs / HOUR;
    if (!start) return n === 1 ? "hourly from creation" : `every ${n} hours from creation`;
    const minute = `:${pad(start.getUTCMinutes())}`;
    if (n === 1) return `hourly at ${minute}`;
    const first = new Date(startMs! % intervalMs);
    return `every ${n} hours at ${minute} from ${pad(first.getUTCHours())}:${pad(first.getUTCMinutes())}`;
  }
  if (intervalMs < HOUR && HOUR % intervalMs === 0) {
    const n = intervalMs / MINUTE;
    const phase = start ? start.getUTCMinutes() % n : 0;
    if (!start) return `every ${n} minutes from creation`;
    return phase ? `every ${n} minutes from :${pad(phase)}` : `every ${n} minutes`;
  }
  const n = intervalMs % HOUR === 0 ? intervalMs / HOUR : intervalMs / MINUTE;
  return anchored(`every ${n} ${intervalMs % HOUR === 0 ? "hours" : "minutes"}`);
}

/**
 * The timeline of an indexer schedule, in the shape the plan and rules use for triggers. Without a
 * start time the anchor is `from` itself (the deploy), which is what Azure does on creation.
 * Throws a ValidationError when the interval is not an ISO duration.
 */
export function indexerTimeline(
  spec: IndexerScheduleSpec,
  // Accepted for 0.1 callers; the plan shows the data source and index beside the cadence now.
  _what?: { readonly indexer: string; readonly index?: string; readonly dataSource?: string },
): TriggerTimeline {
  const interval = Duration.parse(spec.interval);
  const startMs = spec.startTime ? Date.parse(spec.startTime) : undefined;
  return {
    kind: "SearchIndexer",
    timeZone: TimeZone.UTC,
    clock: true,
    cadence: `${describeIndexerInterval(interval.toMilliseconds(), startMs)} (also runs once when created)`,
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
