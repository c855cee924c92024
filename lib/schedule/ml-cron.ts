import { Cron, CronPattern } from "croner";
import { Check, ValidationContext } from "../core/errors";
import { TimeZone } from "../core/timezone";
import type { Firing } from "./firings";
import { MAX_EXPANSION_STEPS, toMs } from "./firings";

/**
 * An Azure Machine Learning cron expression, checked against Azure ML's dialect and parsed by
 * croner (the expansion library; no hand-written parser).
 *
 * Azure ML's dialect (Microsoft Learn, "Schedule machine learning pipeline jobs", section "Define a
 * time-based schedule with a cron expression"; REST `CronTrigger.expression`: "should follow
 * NCronTab format"):
 * - exactly five fields `MINUTES HOURS DAYS MONTHS DAYS-OF-WEEK` (no seconds, no years, no
 *   `@daily` macros);
 * - MINUTES 0-59, HOURS 0-23;
 * - DAYS and MONTHS "aren't supported, and are always treated as `*`": Azure accepts a value there
 *   and silently fires every day. We accept what means every day or month anyway (`*`, `1-31`,
 *   `*\/1`, `1-12`, `JAN-DEC`) and refuse the rest, so that `0 3 1 * *` (meant monthly) cannot
 *   deploy as a daily training run;
 * - DAYS-OF-WEEK 0-6 with 0 = Sunday (NCrontab's range: 7 is not Sunday there), names accepted;
 * - NCrontab has no `L`, `W`, `#` or `?`.
 * The expression is read in the schedule's `timeZone` (a Windows id, UTC when empty).
 */
export interface MlCron {
  /** The expression as given (trimmed, single spaces). */
  readonly expression: string;
  /** Minutes it fires at, sorted. */
  readonly minutes: readonly number[];
  /** Hours it fires at, sorted. */
  readonly hours: readonly number[];
  /** Week days it fires on (0 = Sunday), sorted. */
  readonly weekDays: readonly number[];
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * Checks `expression` against Azure ML's cron dialect and parses it with croner. Throws a
 * ValidationError (`INVALID_FORMAT`, `OUT_OF_RANGE` or `NOT_ALLOWED`) naming `prop`.
 */
export function parseMlCron(expression: unknown, ctx: ValidationContext, prop: string): MlCron {
  const check = new Check(ctx);
  check.format(
    typeof expression === "string",
    prop,
    expression,
    "must be a string of five cron fields",
  );
  const text = (expression as string).trim().replace(/\s+/g, " ");
  const fields = text.split(" ");
  check.format(
    fields.length === 5 && !text.startsWith("@"),
    prop,
    expression,
    "must have exactly five fields MINUTES HOURS DAYS MONTHS DAYS-OF-WEEK (Azure ML has no seconds, years or @macros)",
  );
  const [, , days, months, dow] = fields;
  check.format(
    !/[LW#?]/i.test(text.replace(/[a-z]{3}/gi, (n) => (isDayName(n) || isMonthName(n) ? "" : n))),
    prop,
    expression,
    "must not use L, W, # or ? (NCrontab, which Azure ML follows, has none of them)",
  );
  // Azure accepts any DAYS and MONTHS and fires as if they were `*`: a value that means every day
  // (`1-31`, `*/1`) or every month (`1-12`, `JAN-DEC`) is what Azure does; any other would deploy
  // a schedule that silently fires every day.
  if (!coversAll(days, 31, "day") || !coversAll(months, 12, "month")) {
    throw check.error(
      "NOT_ALLOWED",
      prop,
      expression,
      "must cover every day in DAYS and every month in MONTHS (`*`, `1-31`, `1-12`, `JAN-DEC`): Azure ML ignores those fields and would fire every day",
      "Use TrainingSchedule with a Recurrence (monthly({ onDays })) for day-of-month schedules.",
    );
  }
  if (/(^|[^0-9])7([^0-9]|$)/.test(dow)) {
    throw check.error(
      "OUT_OF_RANGE",
      prop,
      expression,
      "must use 0-6 in DAYS-OF-WEEK (0 = Sunday; NCrontab has no 7)",
    );
  }
  let p: CronPattern;
  try {
    p = new CronPattern(text, undefined, { mode: "5-part" });
  } catch (e) {
    const range = /Invalid value/i.test((e as Error).message);
    throw check.error(
      range ? "OUT_OF_RANGE" : "INVALID_FORMAT",
      prop,
      expression,
      `must be a valid cron expression (${(e as Error).message})`,
    );
  }
  const on = (bits: number[]) => bits.flatMap((b, i) => (b ? [i] : []));
  return {
    expression: text,
    minutes: on(p.minute),
    hours: on(p.hour),
    weekDays: [...new Set(on(p.dayOfWeek).map((d) => d % 7))].sort((a, b) => a - b),
  };
}

const MONTH_NAMES = "jan feb mar apr may jun jul aug sep oct nov dec".split(" ");

function isMonthName(n: string): boolean {
  return MONTH_NAMES.includes(n.toLowerCase());
}

/**
 * True when a DAYS (1-31) or MONTHS (1-12) field selects every value, expanded by croner (the
 * field alone, in an otherwise all-`*` pattern).
 */
function coversAll(field: string, count: number, kind: "day" | "month"): boolean {
  if (field === "*") return true;
  let p: CronPattern;
  try {
    p = new CronPattern(kind === "day" ? `0 0 ${field} * *` : `0 0 * ${field} *`, undefined, {
      mode: "5-part",
    });
  } catch {
    return false;
  }
  const bits = kind === "day" ? p.day : p.month;
  return bits.slice(0, count).filter(Boolean).length === count;
}

function isDayName(n: string): boolean {
  return DAY_NAMES.some((d) => d.slice(0, 3).toLowerCase() === n.toLowerCase());
}

/** The expression in words: `at 03:00 on Monday, Friday`, `every hour at :15`. */
export function describeMlCron(cron: MlCron): string {
  const days =
    cron.weekDays.length === 7
      ? "every day"
      : `on ${cron.weekDays.map((d) => DAY_NAMES[d]).join(", ")}`;
  const p = (n: number) => String(n).padStart(2, "0");
  if (cron.hours.length === 24) {
    const mins = cron.minutes.map((m) => `:${p(m)}`).join(", ");
    return `cron ${cron.expression}: every hour at ${mins}, ${days}`;
  }
  const times = cron.hours.flatMap((h) => cron.minutes.map((m) => `${p(h)}:${p(m)}`));
  const shown = times.length > 6 ? `${times.slice(0, 5).join(", ")}, … (${times.length})` : times;
  return `cron ${cron.expression}: ${days} at ${Array.isArray(shown) ? shown.join(", ") : shown}`;
}

/** The window and bounds of a cron schedule's firings. */
export interface MlCronWindow {
  /** Start of the window (inclusive). */
  readonly from: number | Date;
  /** End of the window (exclusive). */
  readonly until: number | Date;
  /** At most this many firings. @default - no bound */
  readonly limit?: number;
  /** First possible firing (instant). @default - none */
  readonly start?: number;
  /** Last possible firing (instant, inclusive). @default - none */
  readonly end?: number;
}

/**
 * Firings of an Azure ML cron schedule in `[from, until)`, expanded by croner in the zone's IANA
 * equivalent. DST follows croner's (Open Cron Pattern Specification) rules, the same as the
 * library's recurrence engine: a wall-clock time (no `*` or `/` in MINUTES and HOURS, lists and
 * ranges included) skipped by a spring-forward change fires when the clock jumps, a repeated one
 * fires once, first; patterns with a wildcard or step fire at every real matching minute. How
 * Azure ML itself treats DST is not documented; this is the library's one rule.
 */
export function mlCronFirings(cron: MlCron, zone: TimeZone, window: MlCronWindow): Firing[] {
  const lower = Math.max(toMs(window.from), window.start ?? -Infinity);
  const upper = Math.min(toMs(window.until), window.end === undefined ? Infinity : window.end + 1);
  const limit = window.limit ?? Infinity;
  const out: Firing[] = [];
  if (lower >= upper) return out;
  // DAYS and MONTHS cover everything (parseMlCron) but may be spelled `1-31`: expand them as `*`
  // as Azure does, or croner would OR a restricted DAYS with DAYS-OF-WEEK like classic cron.
  const [minutes, hours, , , dow] = cron.expression.split(" ");
  const job = new Cron(`${minutes} ${hours} * * ${dow}`, {
    paused: true,
    mode: "5-part",
    timezone: zone.iana,
    // Lists and ranges of wall-clock times follow the engine's rule for fixed times too (fire at
    // the jump, once at a repeat); croner's default would drop `30 2,14` in a spring-forward gap.
    fixedTimeRule: "no-wildcard",
  });
  // croner's nextRun is strictly after its argument.
  let t: Date | null = new Date(lower - 1);
  // Bounded like every loop in lib/schedule (an every-minute cron over years stops here).
  while (out.length < limit && out.length < MAX_EXPANSION_STEPS) {
    t = job.nextRun(t);
    if (!t || t.getTime() >= upper) break;
    const local = zone.toLocal(t.getTime());
    const onPattern = cron.hours.includes(local.hour) && cron.minutes.includes(local.minute);
    out.push({ at: t.getTime(), kind: onPattern ? zone.resolve(local).kind : "gap" });
  }
  return out;
}
