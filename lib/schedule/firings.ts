import { Recurrence, WEEK_DAYS } from "../core/recurrence";
import { LocalTimeKind } from "../core/timezone";

/** One time a schedule trigger starts its pipelines. */
export interface Firing {
  /** The instant, in milliseconds since the epoch (UTC). */
  readonly at: number;
  /**
   * `exact`, or how a DST change bent it: `gap` (the wall time did not exist; fired when the clock
   * jumped) or `ambiguous` (the wall time happened twice; fired at the first).
   */
  readonly kind: LocalTimeKind;
}

/** The window to list firings in. */
export interface FiringWindow {
  /** "Now": firings at or after this instant are listed. Always given, never read from a clock. */
  readonly from: number | Date;
  /** Stop before this instant. @default - no bound (then `limit` must be set) */
  readonly until?: number | Date;
  /** Stop after this many firings. @default - no bound (then `until` must be set) */
  readonly limit?: number;
}

const DAY_MS = 86_400_000;
/** Milliseconds since the epoch of an instant given as a number or a Date. */
export const toMs = (t: number | Date): number => (typeof t === "number" ? t : t.getTime());

/**
 * The firings of a schedule-trigger recurrence in a window, in order.
 *
 * Rules (Azure Data Factory, "Schedule trigger" docs):
 * - nothing fires before `startTime` or after `endTime`; a past start does not backfill, so the
 *   list starts at `from`;
 * - Minute/Hour: every `interval` units from the start instant, a fixed step in UTC;
 * - Day/Week/Month: the listed wall-clock times on the listed days of every `interval`-th day,
 *   week (weeks start on Sunday, counted from the start's week) or month (counted from the start
 *   month); hours/minutes default to the start's, week days to the start's, month days to the
 *   start's day (a month without that day is skipped, like cron);
 * - a wall time skipped by DST fires once when the clock jumps; a repeated one fires once, first.
 */
export function scheduleFirings(rec: Recurrence, window: FiringWindow): Firing[] {
  const from = toMs(window.from);
  const until = window.until === undefined ? Infinity : toMs(window.until);
  const limit = window.limit ?? Infinity;
  if (until === Infinity && limit === Infinity) {
    throw new RangeError("scheduleFirings needs 'until' or 'limit'");
  }
  const start = rec.startInstant();
  const end = rec.endInstant() ?? Infinity;
  const lower = Math.max(from, start);
  const upper = Math.min(until, end + 1);
  const out: Firing[] = [];
  if (lower >= upper || limit <= 0) return out;

  if (!rec.followsWallClock) {
    const step = rec.interval * (rec.frequency === "Minute" ? 60_000 : 3_600_000);
    for (let t = start + Math.ceil((lower - start) / step) * step; t < upper; t += step) {
      out.push({ at: t, kind: "exact" });
      if (out.length >= limit) break;
    }
    return out;
  }

  const zone = rec.timeZone;
  const times = rec.times();
  const startDay = dayNumber(rec.startTime.year, rec.startTime.month, rec.startTime.day);
  // Start a little before `lower` in local days to be safe with offsets up to +-14 h.
  const l = zone.toLocal(lower - DAY_MS);
  const fromDay = Math.max(startDay, dayNumber(l.year, l.month, l.day));
  let last = -Infinity;

  for (const day of periodDays(rec, startDay, fromDay)) {
    const date = new Date(day * DAY_MS);
    const batch: Firing[] = [];
    for (const [hour, minute] of times) {
      const r = zone.resolve({
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour,
        minute,
        second: rec.schedule?.hours || rec.schedule?.minutes ? 0 : rec.startTime.second,
      });
      if (r.instantMs >= lower && r.instantMs < upper)
        batch.push({ at: r.instantMs, kind: r.kind });
    }
    batch.sort((a, b) => a.at - b.at);
    for (const f of batch) {
      if (f.at <= last) continue; // several skipped wall times collapse into one firing
      out.push(f);
      last = f.at;
      if (out.length >= limit) return out;
    }
    if (day * DAY_MS - 2 * DAY_MS > upper) break;
  }
  return out;
}

/** Days since the epoch of a calendar date. */
function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** Calendar days (as day numbers) on which a Day/Week/Month recurrence fires, from `fromDay` on. */
function* periodDays(rec: Recurrence, startDay: number, fromDay: number): Generator<number> {
  const n = rec.interval;
  if (rec.frequency === "Day") {
    const first = startDay + Math.ceil((fromDay - startDay) / n) * n;
    for (let d = first; ; d += n) yield d;
  }
  if (rec.frequency === "Week") {
    const weekDays = (rec.schedule?.weekDays ?? [WEEK_DAYS[rec.startWeekday()]]).map((w) =>
      WEEK_DAYS.indexOf(w),
    );
    // Day 0 (1970-01-01) was a Thursday: (day + 4) % 7 is the week day, Sunday = 0.
    const weekStart = (d: number) => d - ((d + 4) % 7);
    const anchor = weekStart(startDay);
    let week = Math.max(0, Math.floor((weekStart(fromDay) - anchor) / 7 / n) * n);
    for (; ; week += n) {
      for (const wd of weekDays) {
        const d = anchor + week * 7 + wd;
        if (d >= startDay && d >= fromDay) yield d;
      }
    }
  }
  // Month
  const s = rec.startTime;
  const from = new Date(fromDay * DAY_MS);
  const monthsFromStart =
    (from.getUTCFullYear() - s.year) * 12 + (from.getUTCMonth() + 1 - s.month);
  let k = Math.max(0, Math.floor(monthsFromStart / n) * n);
  for (; ; k += n) {
    const y = s.year + Math.floor((s.month - 1 + k) / 12);
    const m = ((s.month - 1 + k) % 12) + 1;
    if (y > 9999) return; // a recurrence that never fires (day 30 every 12 months from February)
    for (const dom of monthDays(rec, y, m)) {
      const d = dayNumber(y, m, dom);
      if (d >= startDay && d >= fromDay) yield d;
    }
  }
}

/** Days of month `m` of year `y` a Month recurrence fires on, sorted. */
function monthDays(rec: Recurrence, y: number, m: number): number[] {
  const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const s = rec.schedule;
  const days = new Set<number>();
  if (!s?.monthDays?.length && !s?.monthlyOccurrences?.length) days.add(rec.startTime.day);
  for (const d of s?.monthDays ?? []) days.add(d > 0 ? d : length + 1 + d);
  for (const o of s?.monthlyOccurrences ?? []) {
    const wd = WEEK_DAYS.indexOf(o.day);
    const firstWd = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
    const first = 1 + ((wd - firstWd + 7) % 7);
    const all = [];
    for (let d = first; d <= length; d += 7) all.push(d);
    const pick = o.occurrence > 0 ? all[o.occurrence - 1] : all[all.length + o.occurrence];
    if (pick !== undefined) days.add(pick);
  }
  return [...days].filter((d) => d >= 1 && d <= length).sort((a, b) => a - b);
}
