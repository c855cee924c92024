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

/** Firings in a window, and why the list is shorter than asked when the engine knows. */
export interface FiringPlan {
  /** Run starts in the window, in time order. */
  readonly firings: Firing[];
  /**
   * Why there are no (more) firings although the window and limit allowed them: the recurrence
   * can never fire again (`never fires: ...`), or the expansion reached its hard bound
   * (`MAX_EXPANSION_STEPS`). `undefined` when the list is complete.
   */
  readonly note?: string;
}

const DAY_MS = 86_400_000;
/** Azure's own rule (portal steps): a scheduled time must be at least a minute after the start. */
const MIN_LEAD_MS = 60_000;
/**
 * Hard bound on candidate periods or firings one expansion visits. Every loop in `lib/schedule`
 * stops here, so a malformed or never-firing schedule ends instead of spinning. A year of
 * every-minute firings is 525,600 steps.
 */
export const MAX_EXPANSION_STEPS = 2_000_000;
/**
 * The Gregorian calendar repeats every 400 years (4,800 months): a month recurrence that has not
 * fired in 4,800 consecutive periods never will.
 */
const CALENDAR_CYCLE_MONTHS = 4_800;
/** Milliseconds since the epoch of an instant given as a number or a Date. */
export const toMs = (t: number | Date): number => (typeof t === "number" ? t : t.getTime());

/** The firings of a recurrence in a window; see `expandSchedule` for the rules. */
export function scheduleFirings(rec: Recurrence, window: FiringWindow): Firing[] {
  return expandSchedule(rec, window).firings;
}

/**
 * The firings of a schedule-trigger recurrence in a window, in order, with a note when the list
 * stops early.
 *
 * Rules (Azure Data Factory, "Create a trigger that runs a pipeline on a schedule"):
 * - nothing fires before `startTime` or after `endTime`; a past start does not backfill, so the
 *   list starts at `from`;
 * - without a schedule, the start itself is the first firing ("runs once at the specified start
 *   time"); with a schedule, a scheduled time fires only when it is at least one minute after the
 *   start (portal steps: "ensure Start Date is at least 1 minute lesser than the execution time,
 *   else it triggers the pipeline in the next recurrence");
 * - Minute/Hour: every `interval` units from the start instant, a fixed step in UTC;
 * - Day/Week/Month: the listed wall-clock times on the listed days of every `interval`-th day,
 *   week (weeks start on Sunday, counted from the start's week) or month (counted from the start
 *   month); hours/minutes default to the start's, week days to the start's, month days to the
 *   start's day (a month without that day is skipped, like cron); a monthly occurrence without
 *   `occurrence` is every such week day;
 * - a wall time skipped by DST fires once when the clock jumps; a repeated one fires once, first.
 *
 * Every loop is bounded (`MAX_EXPANSION_STEPS`, and the 400-year calendar cycle for months).
 */
export function expandSchedule(rec: Recurrence, window: FiringWindow): FiringPlan {
  const from = toMs(window.from);
  const until = window.until === undefined ? Infinity : toMs(window.until);
  const limit = window.limit ?? Infinity;
  if (until === Infinity && limit === Infinity) {
    throw new RangeError("scheduleFirings needs 'until' or 'limit'");
  }
  if (!Number.isInteger(rec.interval) || rec.interval < 1) {
    return { firings: [], note: `never fires: interval ${rec.interval} is not a positive integer` };
  }
  const start = rec.startInstant();
  const end = rec.endInstant() ?? Infinity;
  const lower = Math.max(from, start + (rec.hasSchedule ? MIN_LEAD_MS : 0));
  const upper = Math.min(until, end + 1);
  const out: Firing[] = [];
  if (lower >= upper || limit <= 0) return { firings: out };

  if (!rec.followsWallClock) {
    const step = rec.interval * (rec.frequency === "Minute" ? 60_000 : 3_600_000);
    let t = start + Math.ceil((lower - start) / step) * step;
    for (let steps = 0; t < upper && out.length < limit; t += step, steps++) {
      if (steps >= MAX_EXPANSION_STEPS) return { firings: out, note: boundNote() };
      out.push({ at: t, kind: "exact" });
    }
    return { firings: out };
  }

  const zone = rec.timeZone;
  const times = rec.times();
  const startDay = dayNumber(rec.startTime.year, rec.startTime.month, rec.startTime.day);
  // Start a little before `lower` in local days to be safe with offsets up to +-14 h.
  const l = zone.toLocal(lower - DAY_MS);
  const fromDay = Math.max(startDay, dayNumber(l.year, l.month, l.day));
  const useStartSeconds = !rec.schedule?.hours?.length && !rec.schedule?.minutes?.length;
  const budget = { steps: 0 };
  let last = -Infinity;

  const days = periodDays(rec, startDay, fromDay, budget);
  let next = days.next();
  for (; !next.done; next = days.next()) {
    const day = next.value;
    if (day * DAY_MS - 2 * DAY_MS > upper) return { firings: out };
    const date = new Date(day * DAY_MS);
    const batch: Firing[] = [];
    for (const [hour, minute] of times) {
      const r = zone.resolve({
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour,
        minute,
        second: useStartSeconds ? rec.startTime.second : 0,
        millisecond: useStartSeconds ? rec.startTime.millisecond : 0,
      });
      if (r.instantMs >= lower && r.instantMs < upper)
        batch.push({ at: r.instantMs, kind: r.kind });
    }
    batch.sort((a, b) => a.at - b.at);
    for (const f of batch) {
      if (f.at <= last) continue; // several skipped wall times collapse into one firing
      out.push(f);
      last = f.at;
      if (out.length >= limit) return { firings: out };
    }
  }
  return { firings: out, ...(next.value ? { note: next.value } : {}) };
}

function boundNote(): string {
  return `stopped after ${MAX_EXPANSION_STEPS} steps (the engine's hard bound); narrow the window`;
}

/** Days since the epoch of a calendar date. */
function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/**
 * Calendar days (as day numbers) on which a Day/Week/Month recurrence fires, from `fromDay` on.
 * Returns (as the generator's return value) why it stopped: the hard bound, or a month
 * recurrence that can never fire again.
 */
function* periodDays(
  rec: Recurrence,
  startDay: number,
  fromDay: number,
  budget: { steps: number },
): Generator<number, string | undefined> {
  const n = rec.interval;
  const tick = () => ++budget.steps > MAX_EXPANSION_STEPS;
  if (rec.frequency === "Day") {
    const first = startDay + Math.ceil((fromDay - startDay) / n) * n;
    for (let d = first; ; d += n) {
      if (tick()) return boundNote();
      yield d;
    }
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
      if (tick()) return boundNote();
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
  let barren = 0;
  for (; ; k += n) {
    if (tick()) return boundNote();
    const y = s.year + Math.floor((s.month - 1 + k) / 12);
    const m = ((s.month - 1 + k) % 12) + 1;
    if (y > 9999) return "never fires again before the year 10000";
    const days = monthDays(rec, y, m).map((dom) => dayNumber(y, m, dom));
    barren = days.length ? 0 : barren + 1;
    if (barren * n >= CALENDAR_CYCLE_MONTHS) {
      return `never fires: no month of its cycle (every ${n} month(s) from ${s.year}-${String(s.month).padStart(2, "0")}) has the scheduled day`;
    }
    for (const d of days) if (d >= startDay && d >= fromDay) yield d;
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
    if (o.occurrence === undefined) all.forEach((d) => days.add(d));
    else {
      const pick = o.occurrence > 0 ? all[o.occurrence - 1] : all[all.length + o.occurrence];
      if (pick !== undefined) days.add(pick);
    }
  }
  return [...days].filter((d) => d >= 1 && d <= length).sort((a, b) => a - b);
}
