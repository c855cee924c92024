import { Check, ValidationContext } from "../core/errors";
import { parseIsoDateTime } from "../core/iso";
import { AdfRecurrence, Frequency, Recurrence, WEEK_DAYS, WeekDay } from "../core/recurrence";
import { LocalDateTime, TimeZone } from "../core/timezone";
import { expandSchedule, FiringPlan } from "./firings";
import { describeMlCron, mlCronFirings, parseMlCron } from "./ml-cron";
import type { TriggerTimeline } from "./timeline";

/**
 * Azure ML's `RecurrenceTrigger` (REST `Microsoft.MachineLearningServices/workspaces/schedules`,
 * azure-native 3.28 `machinelearningservices.RecurrenceTriggerArgs`).
 */
export interface MlRecurrenceTrigger {
  /** Discriminant: always `Recurrence`. */
  readonly triggerType: "Recurrence";
  /** Unit of `interval`: `Minute`, `Hour`, `Day`, `Week` or `Month`. */
  readonly frequency: Frequency;
  /** How many `frequency` units between firings. */
  readonly interval: number;
  /** ISO 8601 "without a UTC offset", read in `timeZone`. */
  readonly startTime?: string;
  /** ISO 8601 "without a UTC offset", read in `timeZone`: no firing after it. */
  readonly endTime?: string;
  /** Windows time zone id. @default "UTC" */
  readonly timeZone?: string;
  /** `hours` and `minutes` are both required when a schedule is given. */
  readonly schedule?: {
    readonly hours: number[];
    readonly minutes: number[];
    readonly weekDays?: WeekDay[];
    readonly monthDays?: number[];
  };
}

/** Azure ML's `CronTrigger` (azure-native 3.28 `machinelearningservices.CronTriggerArgs`). */
export interface MlCronTrigger {
  /** Discriminant: always `Cron`. */
  readonly triggerType: "Cron";
  /** Five-field NCRONTAB expression (`minute hour day month weekday`), read in `timeZone`. */
  readonly expression: string;
  /** ISO 8601 "without a UTC offset", read in `timeZone`: no firing before it. */
  readonly startTime?: string;
  /** ISO 8601 "without a UTC offset", read in `timeZone`: no firing after it. */
  readonly endTime?: string;
  /** Windows time zone id the expression is read in (`UTC` when absent). */
  readonly timeZone?: string;
}

/**
 * Checks that a schedule time is ISO 8601 without a UTC offset, as Azure ML requires ("Specifies
 * start time of schedule in ISO 8601 format, but without a UTC offset"), and reads it.
 */
export function readMlLocalTime(
  value: unknown,
  ctx: ValidationContext,
  prop: string,
): Required<LocalDateTime> {
  const check = new Check(ctx);
  const t = typeof value === "string" ? parseIsoDateTime(value) : undefined;
  check.format(
    t !== undefined && /T/.test(value as string),
    prop,
    value,
    "must be an ISO 8601 date and time like 2026-01-01T03:00:00 (a real calendar date)",
  );
  check.format(
    t!.offsetMinutes === undefined,
    prop,
    value,
    "must be written without a UTC offset (Azure ML reads it in the schedule's timeZone)",
    'Write the wall-clock time, e.g. "2026-01-01T03:00:00", and set timeZone.',
  );
  const { year, month, day, hour, minute, second, millisecond } = t!;
  return { year, month, day, hour, minute, second, millisecond };
}

const p2 = (n: number, w = 2) => String(n).padStart(w, "0");
const renderLocal = (t: Required<LocalDateTime>) =>
  `${p2(t.year, 4)}-${p2(t.month)}-${p2(t.day)}T${p2(t.hour)}:${p2(t.minute)}:${p2(t.second)}`;

/**
 * Renders a library `Recurrence` as Azure ML's RecurrenceTrigger. The firing rules are the same
 * engine's; the JSON differs from Data Factory's in three ways Azure ML documents:
 * - times carry no offset at all, not even `Z` for UTC;
 * - a `schedule` needs both `hours` and `minutes` (we always write them, and the week days or
 *   month days a calendar recurrence fires on, so nothing depends on Azure's defaults);
 * - there is no `monthlyOccurrences`, and month days are documented as 1-31 only: both refused.
 */
export function toMlRecurrenceTrigger(
  rec: Recurrence,
  ctx: ValidationContext,
  prop: string,
): MlRecurrenceTrigger {
  const check = new Check(ctx);
  const s = rec.schedule;
  check.conflict(
    !!s?.monthlyOccurrences?.length,
    `${prop}.schedule.monthlyOccurrences`,
    s?.monthlyOccurrences,
    "is not supported by Azure ML schedules (RecurrenceSchedule has hours, minutes, weekDays and monthDays only)",
    "Use monthly({ onDays }) or a cron expression on week days.",
  );
  s?.monthDays?.forEach((d, i) =>
    check.intRange(
      `${prop}.schedule.monthDays[${i}]`,
      d,
      1,
      31,
      "Azure ML documents no counting from the end of the month.",
    ),
  );
  const base = {
    triggerType: "Recurrence" as const,
    frequency: rec.frequency,
    interval: rec.interval,
    startTime: renderLocal(rec.startTime),
    ...(rec.endTime ? { endTime: renderLocal(rec.endTime) } : {}),
    timeZone: rec.timeZone.windowsId,
  };
  if (!rec.followsWallClock) return base;
  const times = rec.times();
  const schedule = {
    hours: [...new Set(times.map(([h]) => h))],
    minutes: [...new Set(times.map(([, m]) => m))],
    ...(rec.frequency === "Week"
      ? { weekDays: [...(s?.weekDays ?? [WEEK_DAYS[rec.startWeekday()]])] }
      : {}),
    ...(rec.frequency === "Month" ? { monthDays: [...(s?.monthDays ?? [rec.startTime.day])] } : {}),
  };
  return { ...base, schedule };
}

const FREQUENCIES: readonly Frequency[] = ["Minute", "Hour", "Day", "Week", "Month"];
/** Azure ML's start default is the creation time; the plan, which cannot know it, uses this. */
const UNKNOWN_START = "2025-01-01T00:00:00";
const CTX = { component: "MLSchedule" };

/** Reads an Azure ML RecurrenceTrigger back into the engine's Recurrence (validating it). */
export function recurrenceFromMl(trigger: Record<string, any>, ctx = CTX): Recurrence {
  const check = new Check(ctx);
  check.required("trigger.frequency", trigger.frequency);
  const frequency = FREQUENCIES.find(
    (f) => f.toLowerCase() === String(trigger.frequency ?? "").toLowerCase(),
  );
  check.oneOf("trigger.frequency", frequency ?? trigger.frequency, FREQUENCIES);
  check.required("trigger.interval", trigger.interval);
  const zone = TimeZone.of(trigger.timeZone || "UTC");
  const time = (prop: "startTime" | "endTime") => {
    const v = trigger[prop] ?? (prop === "startTime" ? UNKNOWN_START : undefined);
    if (v === undefined) return undefined;
    const text = renderLocal(readMlLocalTime(v, ctx, `trigger.${prop}`));
    return zone.isUtc ? `${text}Z` : text;
  };
  const sched = trigger.schedule;
  if (sched) {
    check.required("trigger.schedule.hours", sched.hours, "is required when a schedule is given");
    check.required(
      "trigger.schedule.minutes",
      sched.minutes,
      "is required when a schedule is given",
    );
  }
  const weekDays = sched?.weekDays?.map(
    (d: string) => WEEK_DAYS.find((w) => w.toLowerCase() === String(d).toLowerCase()) ?? d,
  );
  const adf: AdfRecurrence = {
    frequency: frequency!,
    interval: trigger.interval,
    startTime: time("startTime")!,
    ...(trigger.endTime ? { endTime: time("endTime") } : {}),
    timeZone: zone.windowsId,
    ...(sched
      ? {
          schedule: {
            hours: sched.hours,
            minutes: sched.minutes,
            ...(weekDays?.length ? { weekDays } : {}),
            ...(sched.monthDays?.length ? { monthDays: sched.monthDays } : {}),
          },
        }
      : {}),
  };
  return Recurrence.fromAdf(adf);
}

/** A short label of the job a schedule creates (display name, else experiment, else type). */
function jobLabel(action: Record<string, any> | undefined): string {
  const job = action?.jobDefinition ?? {};
  return String(job.displayName ?? job.experimentName ?? job.jobType ?? action?.actionType ?? "?");
}

/**
 * The timeline of an Azure ML schedule from its ARM `properties` (Recurrence or Cron trigger), kind
 * `MLSchedule`, or `undefined` when the trigger type is unknown. Throws a ValidationError for
 * properties Azure ML would refuse (offset start times, a cron expression outside its dialect...).
 * A disabled schedule (`isEnabled: false`) has a cadence but no firings.
 */
export function mlScheduleTimeline(props: Record<string, any>): TriggerTimeline | undefined {
  const trigger = props.trigger ?? {};
  const disabled = props.isEnabled === false ? " (disabled)" : "";
  const common = {
    kind: "MLSchedule" as const,
    clock: true,
    pipelines: [jobLabel(props.action)],
    dependsOn: [],
    backfill: () => undefined,
  };
  type Expand = (from: number | Date, until: number | Date, limit?: number) => FiringPlan;
  const timeline = (expand: Expand) => {
    const run: Expand = disabled
      ? () => ({ firings: [], note: "never fires: the schedule is disabled" })
      : expand;
    return { expand: run, firings: (...a: Parameters<Expand>) => run(...a).firings };
  };
  if (trigger.triggerType === "Recurrence") {
    const rec = recurrenceFromMl(trigger);
    return {
      ...common,
      timeZone: rec.timeZone,
      cadence: `${rec.describe()}${disabled}`,
      recurrence: rec,
      zoneImplicit: !trigger.timeZone,
      ...timeline((from, until, limit) => expandSchedule(rec, { from, until, limit })),
    };
  }
  if (trigger.triggerType === "Cron") {
    const cron = parseMlCron(trigger.expression, CTX, "trigger.expression");
    const zone = TimeZone.of(trigger.timeZone || "UTC");
    const at = (prop: string) =>
      trigger[prop] === undefined
        ? undefined
        : zone.resolve(readMlLocalTime(trigger[prop], CTX, `trigger.${prop}`)).instantMs;
    const start = at("startTime");
    const end = at("endTime");
    return {
      ...common,
      timeZone: zone,
      cadence: `${describeMlCron(cron)}${disabled}`,
      zoneImplicit: !trigger.timeZone,
      ...timeline((from, until, limit) => ({
        firings: mlCronFirings(cron, zone, { from, until, limit, start, end }),
      })),
    };
  }
  return undefined;
}
