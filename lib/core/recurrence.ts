import { Duration } from "./duration";
import { Check, ValidationError } from "./errors";
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

/** "The first Monday", "the last Friday" of a month. */
export interface MonthlyOccurrence {
  /** The week day. */
  readonly day: WeekDay;
  /** 1 to 5 counts from the start of the month, -1 to -5 from its end. */
  readonly occurrence: number;
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
 * escape hatch accepted by `Recurrence.fromAdf`.
 */
export interface AdfRecurrence {
  readonly frequency: Frequency;
  readonly interval: number;
  /** `2025-01-01T00:00:00` in `timeZone` (must end in `Z` when the zone is UTC). */
  readonly startTime: string;
  /** Last firing, same format as `startTime`. @default - no end */
  readonly endTime?: string;
  /** Windows time zone id, e.g. `W. Europe Standard Time`, or `UTC`. @default "UTC" */
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
   * First possible firing, as a wall-clock time in `timeZone` (`2026-01-01T00:00`) or an instant.
   * It also anchors `every` cadences and intervals above 1. A start in the past does not backfill a
   * schedule trigger.
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

const DEFAULT_START = "2025-01-01T00:00:00";
const CTX = { component: "Recurrence" };

/**
 * When a schedule trigger fires, as Data Factory understands it.
 *
 * Rules the engine (`lib/schedule`) follows, from Azure's documentation:
 * - `Minute` and `Hour` recurrences step a fixed number of minutes from the start instant; a DST
 *   change does not move them in UTC (so their local time moves by an hour);
 * - `Day`, `Week` and `Month` recurrences fire at wall-clock times in the zone and follow DST;
 * - a start time in the past does not backfill.
 */
export class Recurrence {
  /**
   * Every `period`: whole hours become an `Hour` recurrence, anything else `Minute`.
   * The start time sets the phase (`every(hours(6))` from 00:00 fires 00:00, 06:00, ...).
   */
  static every(period: Duration, opts: RecurrenceOptions = {}): Recurrence {
    const minutes = period.toSeconds() / 60;
    if (!Number.isInteger(minutes) || minutes < 1) {
      throw new ValidationError(
        "OUT_OF_RANGE",
        CTX,
        "period",
        period.toIsoString(),
        "must be a whole number of minutes, at least 1",
      );
    }
    const hourly = minutes % 60 === 0;
    return Recurrence.build(hourly ? "Hour" : "Minute", hourly ? minutes / 60 : minutes, opts);
  }

  /** Every day (or every `every` days) at the given wall-clock times. */
  static daily(opts: CalendarOptions): Recurrence {
    return Recurrence.build("Day", opts.every ?? 1, opts, timesToSchedule(opts.at));
  }

  /** On the given week days at the given wall-clock times. */
  static weekly(opts: CalendarOptions & { readonly on: readonly WeekDay[] }): Recurrence {
    return Recurrence.build("Week", opts.every ?? 1, opts, {
      ...timesToSchedule(opts.at),
      weekDays: opts.on,
    });
  }

  /**
   * On month days (`onDays: [1, -1]` = first and last day) and/or week-day occurrences
   * (`onOccurrences: [{ day: "Monday", occurrence: 1 }]`) at the given wall-clock times.
   */
  static monthly(
    opts: CalendarOptions & {
      /** Month days, 1..31 or -31..-1. @default [] */
      readonly onDays?: readonly number[];
      /** Week-day occurrences. @default [] */
      readonly onOccurrences?: readonly MonthlyOccurrence[];
    },
  ): Recurrence {
    if (!opts.onDays?.length && !opts.onOccurrences?.length) {
      throw new ValidationError(
        "REQUIRED",
        CTX,
        "onDays",
        undefined,
        "or 'onOccurrences' must name at least one day",
      );
    }
    return Recurrence.build("Month", opts.every ?? 1, opts, {
      ...timesToSchedule(opts.at),
      monthDays: opts.onDays,
      monthlyOccurrences: opts.onOccurrences,
    });
  }

  /** The escape hatch: a recurrence in Data Factory's own JSON shape, validated the same way. */
  static fromAdf(json: AdfRecurrence): Recurrence {
    const check = new Check(CTX);
    check.oneOf("frequency", json.frequency, ["Minute", "Hour", "Day", "Week", "Month"] as const);
    check.required("startTime", json.startTime);
    const zone = TimeZone.of(json.timeZone ?? "UTC");
    if (zone.isUtc) {
      check.format(
        /Z$/.test(json.startTime),
        "startTime",
        json.startTime,
        "must end in 'Z' when the time zone is UTC",
      );
    } else {
      check.format(
        !/(Z|[+-]\d{2}:?\d{2})$/.test(json.startTime),
        "startTime",
        json.startTime,
        "must have no offset when the time zone is not UTC (Data Factory reads it in timeZone)",
      );
    }
    return Recurrence.build(
      json.frequency,
      json.interval,
      {
        timeZone: zone,
        startTime: json.startTime.replace(/Z$/, ""),
        endTime: json.endTime?.replace(/Z$/, ""),
      },
      json.schedule,
    );
  }

  private static build(
    frequency: Frequency,
    interval: number,
    opts: RecurrenceOptions,
    schedule?: RecurrenceSchedule,
  ): Recurrence {
    const zone =
      opts.timeZone instanceof TimeZone ? opts.timeZone : TimeZone.of(opts.timeZone ?? "UTC");
    const start = toLocal(opts.startTime ?? DEFAULT_START, zone, "startTime");
    const end = opts.endTime === undefined ? undefined : toLocal(opts.endTime, zone, "endTime");
    const rec = new Recurrence(frequency, interval, zone, start, end, normalise(schedule));
    rec.validate();
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
    public readonly startTime: Required<LocalDateTime>,
    /** End as a wall-clock time in `timeZone`. */
    public readonly endTime: Required<LocalDateTime> | undefined,
    /** The schedule block, if any. */
    public readonly schedule: RecurrenceSchedule | undefined,
  ) {}

  private validate(): void {
    const check = new Check(CTX);
    check.intRange("interval", this.interval, 1, 1000);
    const s = this.schedule;
    if (s) {
      const calendar =
        this.frequency === "Day" || this.frequency === "Week" || this.frequency === "Month";
      check.conflict(
        !calendar,
        "schedule",
        s,
        `is only used with Day, Week or Month frequency (got ${this.frequency})`,
        "Use Recurrence.every(...) for sub-daily cadences.",
      );
      s.minutes?.forEach((m, i) => check.intRange(`schedule.minutes[${i}]`, m, 0, 59));
      s.hours?.forEach((h, i) => check.intRange(`schedule.hours[${i}]`, h, 0, 23));
      check.conflict(
        !!s.weekDays?.length && this.frequency !== "Week",
        "schedule.weekDays",
        s.weekDays,
        "is only allowed with Week frequency",
      );
      s.weekDays?.forEach((d, i) => check.oneOf(`schedule.weekDays[${i}]`, d, WEEK_DAYS));
      const monthly = !!s.monthDays?.length || !!s.monthlyOccurrences?.length;
      check.conflict(
        monthly && this.frequency !== "Month",
        "schedule.monthDays",
        s.monthDays ?? s.monthlyOccurrences,
        "and 'monthlyOccurrences' are only allowed with Month frequency",
      );
      s.monthDays?.forEach((d, i) => {
        check.intRange(`schedule.monthDays[${i}]`, d, -31, 31);
        check.conflict(d === 0, `schedule.monthDays[${i}]`, d, "must be 1..31 or -31..-1");
      });
      s.monthlyOccurrences?.forEach((o, i) => {
        check.oneOf(`schedule.monthlyOccurrences[${i}].day`, o.day, WEEK_DAYS);
        check.intRange(`schedule.monthlyOccurrences[${i}].occurrence`, o.occurrence, -5, 5);
        check.conflict(
          o.occurrence === 0,
          `schedule.monthlyOccurrences[${i}].occurrence`,
          o.occurrence,
          "must be 1..5 or -5..-1",
        );
      });
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

  private renderLocal(t: Required<LocalDateTime>): string {
    const p = (n: number, w = 2) => String(n).padStart(w, "0");
    const text = `${p(t.year, 4)}-${p(t.month)}-${p(t.day)}T${p(t.hour)}:${p(t.minute)}:${p(t.second)}`;
    return this.timeZone.isUtc ? `${text}Z` : text;
  }

  /** The `recurrence` object a ScheduleTrigger sends to Azure. */
  toAdf(): AdfRecurrence & { timeZone: string } {
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

  /** Plain-English cadence: `daily at 02:00`, `every 15 minutes`, `every Monday, Thursday at 06:30`. */
  describe(): string {
    const n = this.interval;
    const unit = (word: string) => (n === 1 ? word : `${n} ${word}s`);
    if (this.frequency === "Minute") return n === 1 ? "every minute" : `every ${n} minutes`;
    if (this.frequency === "Hour") {
      const at = `:${String(this.startTime.minute).padStart(2, "0")}`;
      return n === 1 ? `hourly at ${at}` : `every ${n} hours at ${at} (from the start hour)`;
    }
    const times = this.times()
      .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`)
      .join(", ");
    if (this.frequency === "Day") return `${n === 1 ? "daily" : `every ${n} days`} at ${times}`;
    if (this.frequency === "Week") {
      const days = (this.schedule?.weekDays ?? [WEEK_DAYS[this.startWeekday()]]).join(", ");
      return `${n === 1 ? "every" : `every ${unit("week")} on`} ${days} at ${times}`;
    }
    const days = [
      ...(this.schedule?.monthDays ?? []).map((d) =>
        d === -1 ? "last day" : d < 0 ? `day ${d}` : `day ${d}`,
      ),
      ...(this.schedule?.monthlyOccurrences ?? []).map((o) => `${ordinal(o.occurrence)} ${o.day}`),
    ];
    const on = days.length ? days.join(", ") : `day ${this.startTime.day}`;
    return `${n === 1 ? "monthly" : `every ${unit("month")}`} on ${on} at ${times}`;
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

function ordinal(n: number): string {
  if (n === -1) return "last";
  if (n < 0) return `${ordinal(-n)}-from-last`;
  return ["", "first", "second", "third", "fourth", "fifth"][n] ?? `${n}th`;
}

function timesToSchedule(at: string | readonly string[]): RecurrenceSchedule {
  const list = typeof at === "string" ? [at] : at;
  const check = new Check(CTX);
  check.required("at", list, "must name at least one time of day");
  const pairs = list.map((t, i) => {
    const m = /^(\d{1,2}):(\d{2})$/.exec(t);
    check.format(!!m, `at[${i}]`, t, "must be a wall-clock time HH:mm");
    const [h, min] = [Number(m![1]), Number(m![2])];
    check.intRange(`at[${i}]`, h, 0, 23, "The hour must be 0-23.");
    check.intRange(`at[${i}]`, min, 0, 59, "The minute must be 0-59.");
    return `${h}:${min}`;
  });
  const hours = [...new Set(pairs.map((p) => Number(p.split(":")[0])))];
  const minutes = [...new Set(pairs.map((p) => Number(p.split(":")[1])))];
  if (new Set(pairs).size !== hours.length * minutes.length) {
    throw new ValidationError(
      "CONFLICT",
      CTX,
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
  return {
    minutes: sortNum(s.minutes),
    hours: sortNum(s.hours),
    weekDays: s.weekDays
      ? [...new Set(s.weekDays)].sort((a, b) => WEEK_DAYS.indexOf(a) - WEEK_DAYS.indexOf(b))
      : undefined,
    monthDays: sortNum(s.monthDays),
    monthlyOccurrences: s.monthlyOccurrences ? [...s.monthlyOccurrences] : undefined,
  };
}

function stripEmpty(s: RecurrenceSchedule): RecurrenceSchedule | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (Array.isArray(v) && v.length) out[k] = v;
  return Object.keys(out).length ? (out as RecurrenceSchedule) : undefined;
}

function toLocal(value: string | Date, zone: TimeZone, prop: string): Required<LocalDateTime> {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new ValidationError("INVALID_TIME", CTX, prop, "Invalid Date", "must be a valid date");
    }
    const l = zone.toLocal(value.getTime());
    return {
      year: l.year,
      month: l.month,
      day: l.day,
      hour: l.hour,
      minute: l.minute,
      second: l.second,
    };
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!m) {
    throw new ValidationError(
      "INVALID_FORMAT",
      CTX,
      prop,
      value,
      "must be a wall-clock time like 2026-01-01T02:00 (no offset: it is read in the recurrence's time zone), or a Date",
    );
  }
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new ValidationError(
      "INVALID_TIME",
      CTX,
      prop,
      value,
      "must be a real calendar date and time",
    );
  }
  return { year: y, month: mo, day: d, hour: h, minute: mi, second: s };
}
