import { FiringWindow, MAX_EXPANSION_STEPS, toMs } from "./firings";

/** Frequencies a tumbling-window trigger accepts. */
export type TumblingFrequency = "Minute" | "Hour" | "Month";

/** What the engine needs of a tumbling-window trigger. Tumbling windows are always in UTC. */
export interface TumblingWindowSpec {
  /** The unit of a window's length. */
  readonly frequency: TumblingFrequency;
  /** Units per window. */
  readonly interval: number;
  /** Start of the first window (UTC, ms). */
  readonly startTime: number;
  /** No window ends after this instant (UTC, ms). @default - no end */
  readonly endTime?: number;
  /** How long after a window ends its run starts, in seconds. @default 0 */
  readonly delaySeconds?: number;
  /** Most windows run at once (1-50), when known. @default - unknown */
  readonly maxConcurrency?: number;
}

/** One window and when its run becomes due. */
export interface TumblingWindow {
  /** `@trigger().outputs.windowStartTime` (UTC, ms). */
  readonly start: number;
  /** `@trigger().outputs.windowEndTime` (UTC, ms). */
  readonly end: number;
  /** When the run starts: window end + delay (UTC, ms). */
  readonly dueAt: number;
}

/** Windows due at or after `from`, and how many were already due before it. */
export interface TumblingPlan {
  /**
   * Windows whose run was due before `from`. Deploying with a start in the past queues all of them
   * (oldest first, at most `maxConcurrency` at a time).
   */
  readonly backfill: number;
  /** The next windows, by due time. */
  readonly windows: TumblingWindow[];
  /** Why there are no windows although the window and limit allowed some, when known. */
  readonly note?: string;
}

/** Start of window `k` (0-based). Month windows keep the start's day, clamped to the month's end. */
export function windowStart(spec: TumblingWindowSpec, k: number): number {
  if (spec.frequency !== "Month") {
    return spec.startTime + k * spec.interval * (spec.frequency === "Minute" ? 60_000 : 3_600_000);
  }
  const s = new Date(spec.startTime);
  const months = s.getUTCMonth() + k * spec.interval;
  const y = s.getUTCFullYear() + Math.floor(months / 12);
  const m = months % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(
    y,
    m,
    Math.min(s.getUTCDate(), last),
    s.getUTCHours(),
    s.getUTCMinutes(),
    s.getUTCSeconds(),
  );
}

/** Window size in ms of a Minute/Hour spec. */
function fixedSize(spec: TumblingWindowSpec): number {
  return spec.interval * (spec.frequency === "Minute" ? 60_000 : 3_600_000);
}

/**
 * The largest window index `k` with `windowStart(spec, k) <= t` (0 when `t` is before the start).
 * Arithmetic for fixed sizes. For months, window `k` starts in the calendar month `k × interval`
 * after the start's, so the whole months from the start to `t` give `k`, or `k + 1` when `t` is
 * in the month of window `k + 1` but before its day and time: one comparison decides, whatever
 * the distance from the start.
 */
function indexAtOrBefore(spec: TumblingWindowSpec, t: number): number {
  if (t <= spec.startTime) return 0;
  if (spec.frequency !== "Month") return Math.floor((t - spec.startTime) / fixedSize(spec));
  const s = new Date(spec.startTime);
  const d = new Date(t);
  const months = (d.getUTCFullYear() - s.getUTCFullYear()) * 12 + d.getUTCMonth() - s.getUTCMonth();
  const k = Math.floor(months / spec.interval);
  return windowStart(spec, k) > t ? k - 1 : k;
}

/**
 * The windows of a tumbling-window trigger around "now" (`window.from`).
 *
 * Rules (Azure Data Factory, "Tumbling window trigger" docs): windows are fixed-size, contiguous
 * and non-overlapping from `startTime`, in UTC; a window's run is due at its end plus `delay`
 * (the delay does not move the window bounds); a start in the past backfills every window.
 * Window indexes are computed, not counted, and the listing loop is bounded by
 * `MAX_EXPANSION_STEPS`.
 */
export function tumblingWindows(spec: TumblingWindowSpec, window: FiringWindow): TumblingPlan {
  const from = toMs(window.from);
  const until = window.until === undefined ? Infinity : toMs(window.until);
  const limit = window.limit ?? Infinity;
  if (until === Infinity && limit === Infinity) {
    throw new RangeError("tumblingWindows needs 'until' or 'limit'");
  }
  if (!Number.isInteger(spec.interval) || spec.interval < 1 || !Number.isFinite(spec.startTime)) {
    return {
      backfill: 0,
      windows: [],
      note: `never fires: interval ${spec.interval} is not a positive integer, or the start is not a time`,
    };
  }
  const delay = (spec.delaySeconds ?? 0) * 1000;
  const end = spec.endTime ?? Infinity;
  // Window k exists when it ends no later than endTime; it is due at its end + delay.
  const lastExisting = end === Infinity ? Infinity : indexAtOrBefore(spec, end) - 1;
  // First window due at or after `from`: its end + delay >= from. Window k ends after
  // from - delay; window k - 1 ends at or before it, so it comes first when it ends exactly there.
  let k = indexAtOrBefore(spec, from - delay);
  if (k > 0 && windowStart(spec, k) + delay >= from) k--;
  const backfill = Math.min(k, lastExisting + 1);

  const windows: TumblingWindow[] = [];
  for (let steps = 0; windows.length < limit && k <= lastExisting; k++, steps++) {
    if (steps >= MAX_EXPANSION_STEPS) {
      return { backfill, windows, note: `stopped after ${MAX_EXPANSION_STEPS} windows` };
    }
    const w = { start: windowStart(spec, k), end: windowStart(spec, k + 1) };
    const dueAt = w.end + delay;
    if (dueAt >= until) break;
    windows.push({ ...w, dueAt });
  }
  return { backfill, windows };
}
