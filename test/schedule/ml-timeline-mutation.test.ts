import { strict as assert } from "assert";
import { Duration, Recurrence, TimeZone, ValidationCode, ValidationError } from "../../lib/core";
import {
  mlScheduleTimeline,
  readMlLocalTime,
  recurrenceFromMl,
  toMlRecurrenceTrigger,
} from "../../lib/schedule";

/**
 * Pins down Azure ML schedule JSON for mutation testing
 * (`npm run test:mutation -- lib/schedule/ml-timeline.ts`). Shapes: REST
 * `Microsoft.MachineLearningServices/workspaces/schedules` (azure-rest-api-specs,
 * specification/machinelearningservices/.../mfe.json: RecurrenceTrigger, RecurrenceSchedule with
 * required hours and minutes, CronTrigger; start and end times "in ISO 8601 format, but without a
 * UTC offset").
 */
const CTX = { component: "TrainingSchedule", name: "nightly" };
const at = (iso: string) => Date.parse(iso);
const show = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

function refuses(make: () => unknown, code: ValidationCode, prop: string, message: string) {
  assert.throws(make, (e: unknown) => {
    assert.ok(ValidationError.isValidationError(e), String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.prop, prop, e.message);
    assert.equal(e.message, message);
    return true;
  });
}
const LOCAL = "must be an ISO 8601 date and time like 2026-01-01T03:00:00 (a real calendar date)";

describe("Azure ML schedules (pinned behaviour)", () => {
  describe("readMlLocalTime", () => {
    it("reads a wall-clock time, milliseconds included", () => {
      assert.deepEqual(readMlLocalTime("2026-03-04T05:06:07.089", CTX, "startTime"), {
        year: 2026,
        month: 3,
        day: 4,
        hour: 5,
        minute: 6,
        second: 7,
        millisecond: 89,
      });
    });
    it("refuses what is not a date and time, and any offset", () => {
      for (const v of [5, "2026-01-01", "2026-02-30T00:00:00"]) {
        refuses(
          () => readMlLocalTime(v, CTX, "startTime"),
          "INVALID_FORMAT",
          "startTime",
          `TrainingSchedule 'nightly': 'startTime' ${LOCAL}, got ${JSON.stringify(v)}.`,
        );
      }
      for (const v of ["2026-01-01T03:00:00Z", "2026-01-01T03:00:00+01:00"]) {
        refuses(
          () => readMlLocalTime(v, CTX, "startTime"),
          "INVALID_FORMAT",
          "startTime",
          `TrainingSchedule 'nightly': 'startTime' must be written without a UTC offset (Azure ML reads it in the schedule's timeZone), got ${JSON.stringify(v)}. Write the wall-clock time, e.g. "2026-01-01T03:00:00", and set timeZone.`,
        );
      }
    });
  });

  describe("toMlRecurrenceTrigger", () => {
    const ml = (r: Recurrence) => toMlRecurrenceTrigger(r, CTX, "schedule");
    it("a daily recurrence: no offset, hours and minutes both written", () => {
      assert.deepEqual(
        ml(
          Recurrence.daily({ at: ["02:00", "02:30", "14:00", "14:30"], timeZone: "Europe/Berlin" }),
        ),
        {
          triggerType: "Recurrence",
          frequency: "Day",
          interval: 1,
          startTime: "2025-01-01T00:00:00",
          timeZone: "W. Europe Standard Time",
          schedule: { hours: [2, 14], minutes: [0, 30] },
        },
      );
    });
    it("UTC times carry no Z; the end is written when set", () => {
      const t = ml(
        Recurrence.every(Duration.hours(6), {
          startTime: "2026-01-01T00:00",
          endTime: "2026-02-01T00:00",
        }),
      );
      assert.deepEqual(t, {
        triggerType: "Recurrence",
        frequency: "Hour",
        interval: 6,
        startTime: "2026-01-01T00:00:00",
        endTime: "2026-02-01T00:00:00",
        timeZone: "UTC",
      });
    });
    it("week days and month days are written out, the start's when not listed", () => {
      assert.deepEqual(ml(Recurrence.weekly({ on: ["Friday", "Monday"], at: "06:00" })).schedule, {
        hours: [6],
        minutes: [0],
        weekDays: ["Monday", "Friday"],
      });
      const start = "2026-01-01T07:15:00Z"; // a Thursday
      assert.deepEqual(ml(Recurrence.fromAdf({ frequency: "Week", startTime: start })).schedule, {
        hours: [7],
        minutes: [15],
        weekDays: ["Thursday"],
      });
      assert.deepEqual(ml(Recurrence.fromAdf({ frequency: "Month", startTime: start })).schedule, {
        hours: [7],
        minutes: [15],
        monthDays: [1],
      });
      assert.deepEqual(ml(Recurrence.monthly({ onDays: [15, 1, 31], at: "06:00" })).schedule, {
        hours: [6],
        minutes: [0],
        monthDays: [1, 15, 31],
      });
    });
    it("refuses occurrences and days counted from the month's end", () => {
      refuses(
        () =>
          ml(
            Recurrence.monthly({ onOccurrences: [{ day: "Monday", occurrence: 1 }], at: "06:00" }),
          ),
        "CONFLICT",
        "schedule.schedule.monthlyOccurrences",
        'TrainingSchedule \'nightly\': \'schedule.schedule.monthlyOccurrences\' is not supported by Azure ML schedules (RecurrenceSchedule has hours, minutes, weekDays and monthDays only), got [{"day":"Monday","occurrence":1}]. Use monthly({ onDays }) or a cron expression on week days.',
      );
      refuses(
        () => ml(Recurrence.monthly({ onDays: [1, -1], at: "06:00" })),
        "OUT_OF_RANGE",
        "schedule.schedule.monthDays[0]",
        "TrainingSchedule 'nightly': 'schedule.schedule.monthDays[0]' must be an integer between 1 and 31, got -1. Azure ML documents no counting from the end of the month.",
      );
    });
  });

  describe("recurrenceFromMl", () => {
    it("reads the trigger back the way toMlRecurrenceTrigger writes it", () => {
      const r = Recurrence.weekly({
        on: ["Monday"],
        at: ["06:00", "18:00"],
        timeZone: "Tokyo Standard Time",
        startTime: "2026-01-01T00:00",
        endTime: "2027-01-01T00:00",
      });
      assert.ok(recurrenceFromMl(toMlRecurrenceTrigger(r, CTX, "s")).equals(r));
      const m = Recurrence.monthly({ onDays: [1, 15], at: "06:00", startTime: "2026-01-01T00:00" });
      assert.ok(recurrenceFromMl(toMlRecurrenceTrigger(m, CTX, "s")).equals(m));
    });
    it("reads any-case frequency and day names; defaults the start and the zone", () => {
      const r = recurrenceFromMl({
        frequency: "week",
        interval: 2,
        timeZone: "",
        schedule: { hours: [6], minutes: [0], weekDays: ["monday", "FRIDAY"], monthDays: [] },
      });
      assert.deepEqual(r.toAdf(), {
        frequency: "Week",
        interval: 2,
        startTime: "2025-01-01T00:00:00Z",
        timeZone: "UTC",
        schedule: { minutes: [0], hours: [6], weekDays: ["Monday", "Friday"] },
      });
      const d = recurrenceFromMl({
        frequency: "Day",
        interval: 1,
        schedule: { hours: [6], minutes: [0], weekDays: [] },
      });
      assert.deepEqual(d.toAdf().schedule, { minutes: [0], hours: [6] });
    });
    it("refuses an unknown week day as Recurrence does", () => {
      assert.throws(
        () =>
          recurrenceFromMl({
            frequency: "Week",
            interval: 1,
            schedule: { hours: [6], minutes: [0], weekDays: ["Funday"] },
          }),
        (e: unknown) =>
          ValidationError.isValidationError(e) &&
          e.code === "NOT_ALLOWED" &&
          e.prop === "schedule.weekDays[0]",
      );
    });
    it("refuses a missing or unknown frequency, a missing interval and a half schedule", () => {
      const M = "MLSchedule";
      refuses(
        () => recurrenceFromMl({ frequency: "Year", interval: 1 }),
        "NOT_ALLOWED",
        "trigger.frequency",
        `${M}: 'trigger.frequency' must be one of "Minute", "Hour", "Day", "Week", "Month", got "Year".`,
      );
      refuses(
        () => recurrenceFromMl({ interval: 1 }),
        "REQUIRED",
        "trigger.frequency",
        `${M}: 'trigger.frequency' is required, got nothing.`,
      );
      refuses(
        () => recurrenceFromMl({ frequency: "Day" }),
        "REQUIRED",
        "trigger.interval",
        `${M}: 'trigger.interval' is required, got nothing.`,
      );
      refuses(
        () => recurrenceFromMl({ frequency: "Day", interval: 1, schedule: { minutes: [0] } }),
        "REQUIRED",
        "trigger.schedule.hours",
        `${M}: 'trigger.schedule.hours' is required when a schedule is given, got nothing.`,
      );
      refuses(
        () => recurrenceFromMl({ frequency: "Day", interval: 1, schedule: { hours: [1] } }),
        "REQUIRED",
        "trigger.schedule.minutes",
        `${M}: 'trigger.schedule.minutes' is required when a schedule is given, got nothing.`,
      );
      refuses(
        () =>
          recurrenceFromMl(
            { frequency: "Day", interval: 1, startTime: "2026-01-01T00:00:00Z" },
            CTX,
          ),
        "INVALID_FORMAT",
        "trigger.startTime",
        `TrainingSchedule 'nightly': 'trigger.startTime' must be written without a UTC offset (Azure ML reads it in the schedule's timeZone), got "2026-01-01T00:00:00Z". Write the wall-clock time, e.g. "2026-01-01T03:00:00", and set timeZone.`,
      );
      refuses(
        () => recurrenceFromMl({ frequency: "Day", interval: 1, endTime: "2026-01-01" }),
        "INVALID_FORMAT",
        "trigger.endTime",
        `${M}: 'trigger.endTime' ${LOCAL}, got "2026-01-01".`,
      );
    });
  });

  describe("mlScheduleTimeline", () => {
    const action = {
      actionType: "CreateJob",
      jobDefinition: { jobType: "Command", experimentName: "exp", displayName: "train" },
    };
    it("a recurrence schedule: zone, cadence, job label and firings", () => {
      const t = mlScheduleTimeline({
        action,
        trigger: {
          triggerType: "Recurrence",
          frequency: "Day",
          interval: 1,
          startTime: "2026-01-01T00:00:00",
          timeZone: "W. Europe Standard Time",
          schedule: { hours: [2], minutes: [0] },
        },
      })!;
      assert.equal(t.kind, "MLSchedule");
      assert.equal(t.clock, true);
      assert.deepEqual([t.pipelines, t.dependsOn], [["train"], []]);
      assert.equal(t.backfill(0), undefined);
      assert.equal(t.timeZone?.windowsId, "W. Europe Standard Time");
      assert.equal(t.cadence, "daily at 02:00");
      assert.equal(t.zoneImplicit, false);
      assert.equal(t.recurrence?.frequency, "Day");
      const from = at("2026-01-01T00:00:00Z");
      const until = at("2026-01-03T00:00:00Z");
      assert.deepEqual(
        t.firings(from, until).map((f) => show(f.at)),
        ["2026-01-01T01:00:00Z", "2026-01-02T01:00:00Z"],
      );
      assert.deepEqual(t.expand(from, until, 1), {
        firings: [{ at: at("2026-01-01T01:00:00Z"), kind: "exact" }],
      });
    });
    it("labels the job by display name, experiment, job type, action type, else '?'", () => {
      const label = (a: unknown) =>
        mlScheduleTimeline({
          action: a,
          trigger: { triggerType: "Cron", expression: "0 3 * * *" },
        })!.pipelines[0];
      assert.equal(label(action), "train");
      assert.equal(label({ jobDefinition: { jobType: "Command", experimentName: "exp" } }), "exp");
      assert.equal(
        label({ actionType: "CreateJob", jobDefinition: { jobType: "Pipeline" } }),
        "Pipeline",
      );
      assert.equal(label({ actionType: "CreateMonitor" }), "CreateMonitor");
      assert.equal(label(undefined), "?");
    });
    it("a disabled schedule keeps its cadence and never fires", () => {
      const t = mlScheduleTimeline({
        isEnabled: false,
        trigger: { triggerType: "Recurrence", frequency: "Hour", interval: 1 },
      })!;
      assert.equal(t.cadence, "hourly at :00 (disabled)");
      assert.equal(t.zoneImplicit, true);
      assert.deepEqual(t.expand(0, Infinity, 5), {
        firings: [],
        note: "never fires: the schedule is disabled",
      });
      assert.deepEqual(t.firings(0, Infinity, 5), []);
      const c = mlScheduleTimeline({
        isEnabled: false,
        trigger: { triggerType: "Cron", expression: "0 3 * * *" },
      })!;
      assert.equal(c.cadence, "cron 0 3 * * *: every day at 03:00 (disabled)");
      assert.deepEqual(c.firings(0, at("2026-01-01T00:00:00Z")), []);
      const on = mlScheduleTimeline({
        isEnabled: true,
        trigger: { triggerType: "Recurrence", frequency: "Hour", interval: 1 },
      })!;
      assert.equal(on.cadence, "hourly at :00");
    });
    it("a cron schedule: read in its zone, between its start and (inclusive) end", () => {
      const t = mlScheduleTimeline({
        action,
        trigger: {
          triggerType: "Cron",
          expression: "0 3 * * *",
          timeZone: "Tokyo Standard Time",
          startTime: "2026-01-02T00:00:00",
          endTime: "2026-01-04T03:00:00",
        },
      })!;
      assert.equal(t.kind, "MLSchedule");
      assert.equal(t.timeZone, TimeZone.of("Tokyo Standard Time"));
      assert.equal(t.cadence, "cron 0 3 * * *: every day at 03:00");
      assert.equal(t.zoneImplicit, false);
      assert.equal(t.recurrence, undefined);
      assert.deepEqual(
        t.firings(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z")).map((f) => show(f.at)),
        ["2026-01-01T18:00:00Z", "2026-01-02T18:00:00Z", "2026-01-03T18:00:00Z"],
      );
      assert.deepEqual(
        t.expand(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"), 1).firings.length,
        1,
      );
      const utc = mlScheduleTimeline({
        trigger: { triggerType: "Cron", expression: "0 3 * * *", timeZone: "" },
      })!;
      assert.equal(utc.timeZone, TimeZone.UTC);
      assert.equal(utc.zoneImplicit, true);
      assert.deepEqual(
        utc
          .firings(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"), 1)
          .map((f) => show(f.at)),
        ["2026-01-01T03:00:00Z"],
      );
    });
    it("refuses a cron outside Azure ML's dialect and offset times, at the trigger's props", () => {
      refuses(
        () => mlScheduleTimeline({ trigger: { triggerType: "Cron", expression: "0 3 * *" } }),
        "INVALID_FORMAT",
        "trigger.expression",
        "MLSchedule: 'trigger.expression' must have exactly five fields MINUTES HOURS DAYS MONTHS DAYS-OF-WEEK (Azure ML has no seconds, years or @macros), got \"0 3 * *\".",
      );
      for (const prop of ["startTime", "endTime"]) {
        assert.throws(
          () =>
            mlScheduleTimeline({
              trigger: {
                triggerType: "Cron",
                expression: "0 3 * * *",
                [prop]: "2026-01-01T00:00:00Z",
              },
            }),
          (e: unknown) =>
            ValidationError.isValidationError(e) &&
            e.prop === `trigger.${prop}` &&
            e.component === "MLSchedule",
        );
      }
    });
    it("an unknown or missing trigger is not modelled", () => {
      assert.equal(mlScheduleTimeline({ trigger: { triggerType: "Event" } }), undefined);
      assert.equal(mlScheduleTimeline({}), undefined);
    });
  });
});
