import { Duration } from "./duration";
import { readAdfInteger } from "./adf-json";
import { Check } from "./errors";
import { IsoDateTime, parseIsoDateTime } from "./iso";
import { LocalDateTime, TimeZone } from "./timezone";

/** Recurrence frequencies a Data Factory schedule trigger accepts. */
export type Frequency = "Minute" | "Hour" | "Day" | "Week" | "Month";
/** Days of the week as Azure spells them. */
export type WeekDay =
  | "Sunday"
  | "Monday"
  | "Tuesday"
  | "Wednesday"
  | "Thursday"
  | "Friday"
  | "Saturday";
/** Week days in .NET order (Sunday = 0), which is the order Data Factory uses. */
export const WEEK_DAYS: readonly WeekDay[] = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
];

/** "The first Monday", "the last Friday", "every Sunday" of a month. */
export interface MonthlyOccurrence {
  /** The week day (Azure reads day names case-insensitively; they are stored capitalised). */
  readonly day: WeekDay;
  /**
   * 1 to 5 counts from the start of the month, -1 to -5 from its end.
   * @default - every such week day of the month (Microsoft Learn: `{Sunday}` means every Sunday)
   */
  readonly occurrence?: number;
}

/** The `schedule` block of an ADF recurrence. Lists are stored sorted and de-duplicated. */
export interface RecurrenceSchedule {
  /** Minutes of the hour, 0-59. @default - the start time's minute */
  readonly minutes?: readonly number[];
  /** Hours of the day, 0-23. @default - the start time's hour */
  readonly hours?: readonly number[];
  /** Week days; only with `Week` frequency. @default - the start date's week day */
  readonly weekDays?: readonly WeekDay[];
  /** Days of the month, 1..31 or -31..-1 (from the end); only with `Month` frequency. @default - the start date's day, unless `monthlyOccurrences` is set */
  readonly monthDays?: readonly number[];
  /** Week-day occurrences in the month; only with `Month` frequency. @default [] */
  readonly monthlyOccurrences?: readonly MonthlyOccurrence[];
}

/**
 * A recurrence exactly as Data Factory's `ScheduleTriggerRecurrence` JSON spells it. This is the
 * escape hatch accepted by `Recurrence.fromAdf`, which reads it the way Azure does (see there).
 */
export interface AdfRecurrence {
  /** `Minute`, `Hour`, `Day`, `Week` or `Month` (any letter case). */
  readonly frequency: Frequency;
  /**
   * Units between periods, 1-1000. A numeric string (`"15"`) reads as the number, as Data
   * Factory's deserializer reads it.
   * @default 1
   */
  readonly interval?: number | string;
  /**
   * `2025-01-01T00:00:00` in `timeZone`; ends in `Z` when the zone is UTC. Fractional seconds
   * (`00:39:13.8441801Z`, as the service returns them) are allowed.
   */
  readonly startTime: string;
  /** Last firing, same format as `startTime`. @default - no end */
  readonly endTime?: string;
  /** Windows time zone id, e.g. `W. Europe Standard Time`, or `UTC`; `""` means UTC. @default "UTC" */
  readonly timeZone?: string;
  /** Hours, minutes and days to fire at. @default - the start time's */
  readonly schedule?: RecurrenceSchedule;
}

/** Options shared by all Recurrence factories. */
export interface RecurrenceOptions {
  /**
   * Time zone the wall-clock times are in: a Windows id or an IANA name.
   * @default TimeZone.UTC
   */
  readonly timeZone?: TimeZone | string;
  /**
   * First possible firing, as a wall-clock time in `timeZone` (`2026-01-01T00:00`, no offset) or
   * an instant (a `Date`). It also anchors `every` cadences and intervals above 1. A start in the
   * past does not backfill a schedule trigger. With a calendar schedule (`at`, `on`, `onDays`), a
   * scheduled time fires only when it is at least one minute after the start (Microsoft Learn,
   * portal steps); `Recurrence.every` fires at the start itself.
   * @default "2025-01-01T00:00:00" - a fixed past instant, so that every `pulumi up` sends the
   * same value and the trigger is not updated needlessly.
   */
  readonly startTime?: string | Date;
  /**
   * Last possible firing; Azure rejects an end time that is already past.
   * @default - no end
   */
  readonly endTime?: string | Date;
}

/** Options for `Recurrence.daily`, `weekly` and `monthly`. */
export interface CalendarOptions extends RecurrenceOptions {
  /**
   * Wall-clock times `HH:mm`. Data Factory combines every listed hour with every listed minute, so
   * the list must be such a cross product (`02:00, 02:30, 14:00, 14:30` is fine,
   * `02:00, 14:30` is not: use two triggers).
   */
  readonly at: string | readonly string[];
  /**
   * Run every n-th day / week / month, counted from `startTime`.
   * @default 1
   */
  readonly every?: number;
}

/** Options for `Recurrence.weekly`. */
export interface WeeklyOptions extends CalendarOptions {
  /**
   * The week days to fire on: an array of full English day names, e.g. `["Monday", "Thursday"]`
   * (any letter case; not a single string, not abbreviations). Each day fires at every time in
   * `at`. With `every: 2` the weeks alternate, counted from `startTime`'s week.
   */
  readonly on: readonly WeekDay[];
}

/** Options for `Recurrence.monthly`: at least one of `onDays` and `onOccurrences`. */
export interface MonthlyOptions extends CalendarOptions {
  /** Month days, 1..31 or -31..-1 (`-1` = the last day of the month). @default [] */
  readonly onDays?: readonly number[];
  /**
   * Week-day occurrences, e.g. `[{ day: "Monday", occurrence: 1 }]` (the first Monday); without
   * `occurrence`, every such day.
   * @default []
   */
  readonly onOccurrences?: readonly MonthlyOccurrence[];
}

/** Where the caller wrote each part of a recurrence, for error messages. */
interface PropNames {
  readonly interval: string;
  readonly weekDays: string;
  readonly monthDays: string;
  readonly monthlyOccurrences: string;
}

const ADF_NAMES: PropNames = {
  interval: "interval",
  weekDays: "schedule.weekDays",
  monthDays: "schedule.monthDays",
  monthlyOccurrences: "schedule.monthlyOccurrences",
};

const FREQUENCIES: readonly Frequency[] = ["Minute", "Hour", "Day", "Week", "Month"];
const CALENDAR_KEYS = ["at", "every", "timeZone", "startTime", "endTime"];

const DEFAULT_START = "2025-01-01T00:00:00";
const CTX = { component: "Recurrence" };
/** Longest Minute interval / Hour interval Azure accepts (interval 1-1000). */
const MAX_INTERVAL = 1000;

/** A wall-clock time with every field given (no defaults left to fill in). */
export type FullLocalDateTime = Required<LocalDateTime>;

/**
 * When a schedule trigger fires, as Data Factory understands it.
 *
 * Rules the engine (`lib/schedule`) follows, from Azure's documentation:
 * - `Minute` and `Hour` recurrences step a fixed number of minutes from the start instant; a DST
 *   change does not move them in UTC (so their local time moves by an hour);
 * - `Day`, `Week` and `Month` recurrences fire at wall-clock times in the zone and follow DST;
 * - a start time in the past does not backfill;
 * - with a `schedule`, a scheduled time fires only when it is at least one minute after the start.
 */
export class Recurrence {
  /**
   * Every `period`: whole hours become an `Hour` recurrence, anything else `Minute`.
   * The start time sets the phase (`every(hours(6))` from 00:00 fires 00:00, 06:00, ...).
   */
  static every(period: Duration, opts: RecurrenceOptions = {}): Recurrence {
    const check = new Check(CTX);
    check.required("period", period);
    check.duration("period", period);
    check.knownKeys("opts", opts, ["timeZone", "startTime", "endTime"]);
    const minutes = period.toSeconds() / 60;
    const hourly = minutes % 60 === 0 && minutes > 0;
    const interval = hourly ? minutes / 60 : minutes;
    check.ensure(
      Number.isInteger(minutes) && minutes >= 1 && interval <= MAX_INTERVAL,
      "OUT_OF_RANGE",
      "period",
      period.toIsoString(),
      "must be a whole number of minutes from 1 minute to 1000 minutes, or whole hours up to 1000 hours",
    );
    return Recurrence.build(hourly ? "Hour" : "Minute", interval, opts, undefined, check, {
      ...ADF_NAMES,
      interval: "period",
    });
  }

  /** Every day (or every `every` days) at the given wall-clock times. */
  static daily(opts: CalendarOptions): Recurrence {
    const check = calendarCheck(opts, []);
    return Recurrence.build("Day", opts.every ?? 1, opts, timesToSchedule(opts.at, check), check);
  }

  /**
   * On the given week days at the given wall-clock times, e.g.
   * `Recurrence.weekly({ on: ["Monday", "Thursday"], at: "06:00", timeZone: "Europe/Berlin" })`.
   */
  static weekly(opts: WeeklyOptions): Recurrence {
    const check = calendarCheck(opts, ["on"]);
    check.required("on", opts.on, "must name at least one week day");
    check.type("on", opts.on, "array");
    return Recurrence.build(
      "Week",
      opts.every ?? 1,
      opts,
      {
        ...timesToSchedule(opts.at, check),
        weekDays: opts.on.map((d, i) => weekDay(d, check, `on[${i}]`)),
      },
      check,
    );
  }

  /**
   * On month days (`onDays: [1, -1]` = first and last day) and/or week-day occurrences
   * (`onOccurrences: [{ day: "Monday", occurrence: 1 }]`; without `occurrence`, every such day)
   * at the given wall-clock times.
   */
  static monthly(opts: MonthlyOptions): Recurrence {
    const check = calendarCheck(opts, ["onDays", "onOccurrences"]);
    check.type("onDays", opts.onDays, "array");
    check.type("onOccurrences", opts.onOccurrences, "array");
    if (!opts.onDays?.length && !opts.onOccurrences?.length) {
      throw check.error(
        "REQUIRED",
        "onDays",
        undefined,
        "or 'onOccurrences' must name at least one day",
      );
    }
    return Recurrence.build(
      "Month",
      opts.every ?? 1,
      opts,
      {
        ...timesToSchedule(opts.at, check),
        monthDays: opts.onDays,
        monthlyOccurrences: opts.onOccurrences?.map((o, i) =>
          occurrence(o, check, `onOccurrences[${i}]`),
        ),
      },
      check,
    );
  }

  /**
   * The escape hatch: a recurrence in Data Factory's own JSON shape (from a raw azure-native
   * `datafactory.Trigger`, ADF Studio, Terraform or the REST API), read the way Azure reads it:
   * - `frequency` and day names in any letter case (`"saturday"`, as every Microsoft Learn example
   *   prints them; the docs say day values are not case-sensitive);
   * - `interval` left out means 1; `timeZone` left out or `""` (what Terraform azurerm sends when
   *   `time_zone` is unset) means UTC;
   * - fractional seconds in `startTime` / `endTime` (recorded service responses carry seven digits);
   * - a `monthlyOccurrences` entry without `occurrence` means every such week day of the month.
   *
   * A UTC start must end in `Z` (Azure refuses a UTC trigger whose start has no zone designator
   * when it is started: microsoft/finops-toolkit#2157); a start in another zone must have no
   * offset (it is read in `timeZone`). `check` reports errors in the caller's context, e.g. a
   * trigger's `recurrence`.
   */
  static fromAdf(json: AdfRecurrence, check: Check = new Check(CTX)): Recurrence {
    check.required("", json, "must be a recurrence object");
    check.type("", json, "object");
    check.required("frequency", json.frequency);
    check.type("frequency", json.frequency, "string");
    const frequency = FREQUENCIES.find((f) => f.toLowerCase() === json.frequency.toLowerCase());
    check.oneOf("frequency", frequency ?? json.frequency, FREQUENCIES);
    const interval = readAdfInteger(check, "interval", json.interval);
    check.type("timeZone", json.timeZone, "string");
    const zone = check.rethrow("timeZone", () => TimeZone.of(json.timeZone || "UTC"));
    check.required("startTime", json.startTime);
    const start = adfTime(check, "startTime", json.startTime, zone);
    const end =
      json.endTime === undefined ? undefined : adfTime(check, "endTime", json.endTime, zone);
    check.type("schedule", json.schedule, "object");
    const s = json.schedule;
    const schedule: RecurrenceSchedule | undefined = s && {
      minutes: numbers(check, "schedule.minutes", s.minutes),
      hours: numbers(check, "schedule.hours", s.hours),
      weekDays: list(check, "schedule.weekDays", s.weekDays)?.map((d, i) =>
        weekDay(d, check, `schedule.weekDays[${i}]`),
      ),
      monthDays: numbers(check, "schedule.monthDays", s.monthDays),
      monthlyOccurrences: list(check, "schedule.monthlyOccurrences", s.monthlyOccurrences)?.map(
        (o, i) => occurrence(o, check, `schedule.monthlyOccurrences[${i}]`, true),
      ),
    };
    return Recurrence.build(
      frequency!,
      interval ?? 1,
      { timeZone: zone, startTime: start, endTime: end },
      schedule,
      check,
      ADF_NAMES,
    );
  }

  private static build(
    frequency: Frequency,
    interval: number,
    opts: Omit<RecurrenceOptions, "startTime" | "endTime"> & {
      readonly startTime?: string | Date | FullLocalDateTime;
      readonly endTime?: string | Date | FullLocalDateTime;
    },
    schedule: RecurrenceSchedule | undefined,
    check: Check,
    names: PropNames = {
      interval: "every",
      weekDays: "on",
      monthDays: "onDays",
      monthlyOccurrences: "onOccurrences",
    },
  ): Recurrence {
    check.type("timeZone", opts.timeZone, ["string", "object"]);
    const zone =
      opts.timeZone instanceof TimeZone
        ? opts.timeZone
        : check.rethrow("timeZone", () => TimeZone.of((opts.timeZone as string) ?? "UTC"));
    const start = toLocal(opts.startTime ?? DEFAULT_START, zone, "startTime", check);
    const end =
      opts.endTime === undefined ? undefined : toLocal(opts.endTime, zone, "endTime", check);
    check.type(names.interval, interval, "number");
    const rec = new Recurrence(frequency, interval, zone, start, end, normalise(schedule));
    rec.validate(check, names);
    return rec;
  }

  private constructor(
    /** Minute, Hour, Day, Week or Month. */
    public readonly frequency: Frequency,
    /** How many frequency units between periods, 1-1000. */
    public readonly interval: number,
    /** The zone wall-clock times are read in. */
    public readonly timeZone: TimeZone,
    /** Start as a wall-clock time in `timeZone`. */
    public readonly startTime: FullLocalDateTime,
    /** End as a wall-clock time in `timeZone`. */
    public readonly endTime: FullLocalDateTime | undefined,
    /** The schedule block, if any. */
    public readonly schedule: RecurrenceSchedule | undefined,
  ) {}

  private validate(check: Check, names: PropNames): void {
    check.intRange(names.interval, this.interval, 1, MAX_INTERVAL);
    const s = this.schedule;
    if (s && this.hasSchedule) {
      check.conflict(
        !this.followsWallClock,
        "schedule",
        s,
        `is only used with Day, Week or Month frequency (got ${this.frequency})`,
        "Use Recurrence.every(...) for sub-daily cadences.",
      );
      s.minutes?.forEach((m, i) => check.intRange(`schedule.minutes[${i}]`, m, 0, 59));
      s.hours?.forEach((h, i) => check.intRange(`schedule.hours[${i}]`, h, 0, 23));
      check.conflict(
        !!s.weekDays?.length && this.frequency !== "Week",
        names.weekDays,
        s.weekDays,
        "is only allowed with Week frequency",
      );
      const monthly = !!s.monthDays?.length || !!s.monthlyOccurrences?.length;
      check.conflict(
        monthly && this.frequency !== "Month",
        s.monthDays?.length ? names.monthDays : names.monthlyOccurrences,
        s.monthDays?.length ? s.monthDays : s.monthlyOccurrences,
        "is only allowed with Month frequency",
      );
      s.monthDays?.forEach((d, i) =>
        check.ensure(
          Number.isInteger(d) && d !== 0 && d >= -31 && d <= 31,
          "OUT_OF_RANGE",
          `${names.monthDays}[${i}]`,
          d,
          "must be 1..31 or -31..-1",
        ),
      );
    }
    if (this.endTime) {
      const start = this.timeZone.resolve(this.startTime).instantMs;
      const end = this.timeZone.resolve(this.endTime).instantMs;
      check.conflict(
        end <= start,
        "endTime",
        this.renderLocal(this.endTime),
        "must be after startTime",
      );
    }
  }

  /** True when the `schedule` block names any hour, minute or day (a "complex schedule"). */
  get hasSchedule(): boolean {
    const s = this.schedule;
    return !!(
      s?.minutes?.length ||
      s?.hours?.length ||
      s?.weekDays?.length ||
      s?.monthDays?.length ||
      s?.monthlyOccurrences?.length
    );
  }

  /** The start as an instant (a start inside a DST gap moves to the end of the gap). */
  startInstant(): number {
    return this.timeZone.resolve(this.startTime).instantMs;
  }

  /** The end as an instant, if any. */
  endInstant(): number | undefined {
    return this.endTime && this.timeZone.resolve(this.endTime).instantMs;
  }

  /** True for Day, Week and Month: firings follow the zone's wall clock (and DST). */
  get followsWallClock(): boolean {
    return this.frequency === "Day" || this.frequency === "Week" || this.frequency === "Month";
  }

  private renderLocal(t: FullLocalDateTime): string {
    const p = (n: number, w = 2) => String(n).padStart(w, "0");
    const ms = t.millisecond ? `.${p(t.millisecond, 3)}` : "";
    const text = `${p(t.year, 4)}-${p(t.month)}-${p(t.day)}T${p(t.hour)}:${p(t.minute)}:${p(t.second)}${ms}`;
    return this.timeZone.isUtc ? `${text}Z` : text;
  }

  /** The `recurrence` object a ScheduleTrigger sends to Azure (the canonical spelling). */
  toAdf(): AdfRecurrence & { interval: number; timeZone: string } {
    const schedule = this.schedule && stripEmpty(this.schedule);
    return {
      frequency: this.frequency,
      interval: this.interval,
      startTime: this.renderLocal(this.startTime),
      ...(this.endTime ? { endTime: this.renderLocal(this.endTime) } : {}),
      timeZone: this.timeZone.windowsId,
      ...(schedule ? { schedule } : {}),
    };
  }

  /**
   * Plain-English cadence: `daily at 02:00`, `every 15 minutes`, `every Monday, Thursday at 06:30`,
   * `monthly on the 1st and the last day at 06:00`, `daily, hourly at :25`.
   */
  describe(): string {
    const n = this.interval;
    const pad = (v: number) => String(v).padStart(2, "0");
    if (this.frequency === "Minute") return n === 1 ? "every minute" : `every ${n} minutes`;
    if (this.frequency === "Hour") {
      const at = `:${pad(this.startTime.minute)}`;
      return n === 1 ? `hourly at ${at}` : `every ${n} hours at ${at} (from the start hour)`;
    }
    const times = describeTimes(this.times());
    if (this.frequency === "Day") {
      const every = n === 1 ? "daily" : `every ${n} days`;
      return times.hourly ? `${every}, ${times.text}` : `${every} at ${times.text}`;
    }
    const sep = times.hourly ? ", " : " at ";
    if (this.frequency === "Week") {
      const days = (this.schedule?.weekDays ?? [WEEK_DAYS[this.startWeekday()]]).join(", ");
      return `${n === 1 ? "every" : `every ${n} weeks on`} ${days}${sep}${times.text}`;
    }
    const monthDays = this.schedule?.monthDays ?? [];
    const days = [
      ...monthDays.filter((d) => d > 0).map((d) => `the ${ordinalNumber(d)}`),
      ...monthDays
        .filter((d) => d < 0)
        .sort((a, b) => b - a)
        .map((d) => (d === -1 ? "the last day" : `the ${ordinalNumber(-d)}-to-last day`)),
      ...(this.schedule?.monthlyOccurrences ?? []).map((o) =>
        o.occurrence === undefined ? `every ${o.day}` : `the ${ordinal(o.occurrence)} ${o.day}`,
      ),
    ];
    const on = days.length ? joinWords(days) : `the ${ordinalNumber(this.startTime.day)}`;
    return `${n === 1 ? "monthly" : `every ${n} months`} on ${on}${sep}${times.text}`;
  }

  /** Week day of the start (0 = Sunday). */
  startWeekday(): number {
    const s = this.startTime;
    return new Date(Date.UTC(s.year, s.month - 1, s.day)).getUTCDay();
  }

  /** Wall-clock [hour, minute] pairs of a Day/Week/Month recurrence, sorted. */
  times(): Array<[number, number]> {
    const hours = this.schedule?.hours?.length ? this.schedule.hours : [this.startTime.hour];
    const minutes = this.schedule?.minutes?.length
      ? this.schedule.minutes
      : [this.startTime.minute];
    return hours.flatMap((h) => minutes.map((m) => [h, m] as [number, number]));
  }

  /** Value equality on what Azure receives. */
  equals(other: Recurrence): boolean {
    return JSON.stringify(this.toAdf()) === JSON.stringify(other.toAdf());
  }

  /** Reads like code. */
  toString(): string {
    return `Recurrence.fromAdf(${JSON.stringify(this.toAdf())})`;
  }
}

/** `the first`, `the last`, `the third-from-last` occurrence. */
function ordinal(n: number): string {
  if (n === -1) return "last";
  if (n < 0) return `${ordinal(-n)}-from-last`;
  return ["", "first", "second", "third", "fourth", "fifth"][n] ?? `${n}th`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st, 31st. */
function ordinalNumber(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** `a`, `a and b`, `a, b and c`. */
function joinWords(words: readonly string[]): string {
  return words.length < 2
    ? words.join("")
    : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/**
 * The times of day in words: `02:00, 14:00`; when the hours cover the whole day,
 * `hourly at :25` (or `hourly at :00, :30`), and when they form a run of three or more,
 * `hourly at :15, :45 from 09:15 to 16:45`.
 */
function describeTimes(times: Array<[number, number]>): { text: string; hourly: boolean } {
  const pad = (v: number) => String(v).padStart(2, "0");
  const hours = [...new Set(times.map(([h]) => h))];
  const minutes = [...new Set(times.map(([, m]) => m))];
  const at = minutes.map((m) => `:${pad(m)}`).join(", ");
  if (hours.length === 24) return { text: `hourly at ${at}`, hourly: true };
  const run = hours.every((h, i) => i === 0 || h === hours[i - 1] + 1);
  if (hours.length >= 3 && run) {
    const first = `${pad(hours[0])}:${pad(minutes[0])}`;
    const last = `${pad(hours[hours.length - 1])}:${pad(minutes[minutes.length - 1])}`;
    return { text: `hourly at ${at} from ${first} to ${last}`, hourly: true };
  }
  return { text: times.map(([h, m]) => `${pad(h)}:${pad(m)}`).join(", "), hourly: false };
}

/** Runtime shape check of the options every calendar factory takes. */
function calendarCheck(opts: CalendarOptions, extra: readonly string[]): Check {
  const check = new Check(CTX);
  check.required("opts", opts, "must be an options object");
  check.knownKeys("", opts, [...CALENDAR_KEYS, ...extra]);
  check.type("every", opts.every, "number");
  check.type("startTime", opts.startTime, ["string", "object"]);
  check.type("endTime", opts.endTime, ["string", "object"]);
  return check;
}

/** A week day in any letter case, as Azure spells it. */
function weekDay(value: unknown, check: Check, prop: string): WeekDay {
  check.required(prop, value);
  check.type(prop, value, "string");
  const found = WEEK_DAYS.find((d) => d.toLowerCase() === (value as string).toLowerCase());
  check.oneOf(prop, found ?? (value as WeekDay), WEEK_DAYS);
  return found!;
}

/** A monthly occurrence with its day normalised; `occurrence` stays optional. */
function occurrence(value: unknown, check: Check, prop: string, adf = false): MonthlyOccurrence {
  check.required(prop, value);
  check.type(prop, value, "object");
  const o = value as { day?: unknown; occurrence?: unknown };
  const day = weekDay(o.day, check, `${prop}.day`);
  // ADF JSON: "2" reads as 2, as Data Factory's deserializer reads it (see `parseAdfInteger`).
  const raw = adf ? readAdfInteger(check, `${prop}.occurrence`, o.occurrence) : o.occurrence;
  if (raw === undefined || raw === null) return { day };
  check.type(`${prop}.occurrence`, raw, "number");
  const n = raw as number;
  check.ensure(
    Number.isInteger(n) && n !== 0 && n >= -5 && n <= 5,
    "OUT_OF_RANGE",
    `${prop}.occurrence`,
    n,
    "must be 1..5 or -5..-1",
  );
  return { day, occurrence: n };
}

function list<T>(check: Check, prop: string, value: readonly T[] | undefined): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  check.type(prop, value, "array");
  return [...value];
}

/**
 * A list of integers from ADF JSON. Microsoft Learn's schedule table lists "Integer" as well as
 * "Array of integers" for minutes and hours (and a single value for month days), so a bare number
 * is read as a one-element list. Each item may be a numeric string (`"5"`), which Data Factory's
 * deserializer reads as the number (`parseAdfInteger`).
 */
function numbers(
  check: Check,
  prop: string,
  value: readonly (number | string)[] | number | string | undefined,
): number[] | undefined {
  const out =
    typeof value === "number" || typeof value === "string" ? [value] : list(check, prop, value);
  return out?.map((v, i) => {
    const n = readAdfInteger(check, `${prop}[${i}]`, v);
    check.required(`${prop}[${i}]`, n, "must be an integer");
    return n!;
  });
}

/** A recurrence time from ADF JSON: strict ISO 8601, `Z` in UTC, no offset elsewhere. */
function adfTime(check: Check, prop: string, value: unknown, zone: TimeZone): FullLocalDateTime {
  check.type(prop, value, "string");
  const text = value as string;
  const t = parseIsoDateTime(text);
  if (!t) {
    const shape = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?(Z|[+-]\d{2}:\d{2})?$/;
    throw shape.test(text)
      ? check.error("INVALID_TIME", prop, text, "must be a real calendar date and time")
      : check.error(
          "INVALID_FORMAT",
          prop,
          text,
          "must be an ISO 8601 date-time like 2026-01-01T02:00:00 (seconds may carry a fraction)",
        );
  }
  if (zone.isUtc) {
    check.format(
      t.offsetMinutes === 0 && text.endsWith("Z"),
      prop,
      text,
      "must end in 'Z' when the time zone is UTC (yyyy-MM-ddTHH:mm:ssZ)",
    );
  } else {
    check.format(
      t.offsetMinutes === undefined,
      prop,
      text,
      `must have no offset when the time zone is not UTC: Data Factory reads it as wall-clock time in ${zone.windowsId}`,
    );
  }
  return withoutOffset(t);
}

function timesToSchedule(at: string | readonly string[], check: Check): RecurrenceSchedule {
  check.required("at", at, "must name at least one time of day");
  check.type("at", at, ["string", "array"]);
  const list = typeof at === "string" ? [at] : at;
  const pairs = list.map((t, i) => {
    // The prop as the caller wrote it: `at` for a single time, `at[1]` in a list.
    const prop = typeof at === "string" ? "at" : `at[${i}]`;
    check.type(prop, t, "string");
    const m = /^(\d{1,2}):(\d{2})$/.exec(t);
    check.format(!!m, prop, t, "must be a wall-clock time HH:mm");
    const [h, min] = [Number(m![1]), Number(m![2])];
    check.intRange(prop, h, 0, 23, "The hour must be 0-23.");
    check.intRange(prop, min, 0, 59, "The minute must be 0-59.");
    return `${h}:${min}`;
  });
  const hours = [...new Set(pairs.map((p) => Number(p.split(":")[0])))];
  const minutes = [...new Set(pairs.map((p) => Number(p.split(":")[1])))];
  if (new Set(pairs).size !== hours.length * minutes.length) {
    throw check.error(
      "CONFLICT",
      "at",
      list,
      "must be every combination of its hours and minutes, because Data Factory fires at each listed hour x each listed minute",
      "Split the times over two triggers.",
    );
  }
  return { hours, minutes };
}

function normalise(s: RecurrenceSchedule | undefined): RecurrenceSchedule | undefined {
  if (!s) return undefined;
  const sortNum = (a?: readonly number[]) =>
    a ? [...new Set(a)].sort((x, y) => x - y) : undefined;
  const seen = new Set<string>();
  return {
    minutes: sortNum(s.minutes),
    hours: sortNum(s.hours),
    weekDays: s.weekDays
      ? [...new Set(s.weekDays)].sort((a, b) => WEEK_DAYS.indexOf(a) - WEEK_DAYS.indexOf(b))
      : undefined,
    monthDays: sortNum(s.monthDays),
    monthlyOccurrences: s.monthlyOccurrences?.filter((o) => {
      const key = `${o.day}|${o.occurrence}`;
      return seen.has(key) ? false : (seen.add(key), true);
    }),
  };
}

function stripEmpty(s: RecurrenceSchedule): RecurrenceSchedule | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (Array.isArray(v) && v.length) out[k] = v;
  return Object.keys(out).length ? (out as RecurrenceSchedule) : undefined;
}

function toLocal(
  value: string | Date | FullLocalDateTime,
  zone: TimeZone,
  prop: string,
  check: Check,
): FullLocalDateTime {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw check.error("INVALID_TIME", prop, "Invalid Date", "must be a valid date");
    }
    const l = zone.toLocal(value.getTime());
    return withoutOffset({ ...l, offsetMinutes: undefined });
  }
  if (typeof value === "object") return value;
  const t = parseIsoDateTime(value);
  if (!t || t.offsetMinutes !== undefined) {
    const looksLikeDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?$/.test(value);
    if (looksLikeDate) {
      throw check.error("INVALID_TIME", prop, value, "must be a real calendar date and time");
    }
    throw check.error(
      "INVALID_FORMAT",
      prop,
      value,
      "must be a wall-clock time like 2026-01-01T02:00 (no offset: it is read in the recurrence's time zone), or a Date",
    );
  }
  return withoutOffset(t);
}

function withoutOffset(t: IsoDateTime): FullLocalDateTime {
  return {
    year: t.year,
    month: t.month,
    day: t.day,
    hour: t.hour,
    minute: t.minute,
    second: t.second,
    millisecond: t.millisecond,
  };
}
