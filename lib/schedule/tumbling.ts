import { FiringWindow, toMs } from "./firings";

/** Frequencies a tumbling-window trigger accepts. */
export type TumblingFrequency = "Minute" | "Hour" | "Month";

/** What the engine needs of a tumbling-window trigger. Tumbling windows are always in UTC. */
export interface TumblingWindowSpec {
  readonly frequency: TumblingFrequency;
  readonly interval: number;
  /** Start of the first window (UTC, ms). */
  readonly startTime: number;
  /** No window ends after this instant (UTC, ms). @default - no end */
  readonly endTime?: number;
  /** How long after a window ends its run starts, in seconds. @default 0 */
  readonly delaySeconds?: number;
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

/**
 * The windows of a tumbling-window trigger around "now" (`window.from`).
 *
 * Rules (Azure Data Factory, "Tumbling window trigger" docs): windows are fixed-size, contiguous
 * and non-overlapping from `startTime`, in UTC; a window's run is due at its end plus `delay`
 * (the delay does not move the window bounds); a start in the past backfills every window.
 */
export function tumblingWindows(spec: TumblingWindowSpec, window: FiringWindow): TumblingPlan {
  const from = toMs(window.from);
  const until = window.until === undefined ? Infinity : toMs(window.until);
  const limit = window.limit ?? Infinity;
  if (until === Infinity && limit === Infinity) {
    throw new RangeError("tumblingWindows needs 'until' or 'limit'");
  }
  const delay = (spec.delaySeconds ?? 0) * 1000;
  const end = spec.endTime ?? Infinity;
  const exists = (k: number) => windowStart(spec, k + 1) <= end;

  // First window due at or after `from`.
  let k: number;
  if (spec.frequency === "Month") {
    k = 0;
    while (windowStart(spec, k + 1) + delay < from && exists(k)) k++;
  } else {
    const size = windowStart(spec, 1) - spec.startTime;
    k = Math.max(0, Math.ceil((from - delay - spec.startTime) / size) - 1);
    while (windowStart(spec, k + 1) + delay < from) k++;
  }
  let backfill = k;
  if (end !== Infinity) {
    // Only windows that exist (end no later than endTime) are backfilled.
    while (backfill > 0 && !exists(backfill - 1)) backfill--;
  }

  const windows: TumblingWindow[] = [];
  for (; windows.length < limit && exists(k); k++) {
    const w = { start: windowStart(spec, k), end: windowStart(spec, k + 1) };
    const dueAt = w.end + delay;
    if (dueAt >= until) break;
    windows.push({ ...w, dueAt });
  }
  return { backfill, windows };
}
