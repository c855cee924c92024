import { strict as assert } from "assert";
import { Duration, Recurrence, ValidationCode, ValidationError } from "../../lib/core";

/**
 * Pins down what `Recurrence` accepts, refuses (code, prop path and the whole message) and renders,
 * case by case, so that mutation testing (`npm run test:mutation -- lib/core/recurrence.ts`) finds
 * every changed rule or word. The rules are Data Factory's ScheduleTrigger recurrence:
 * https://learn.microsoft.com/azure/data-factory/concepts-pipeline-execution-triggers#schedule-trigger
 * (interval 1-1000, minutes 0-59, hours 0-23, month days 1..31 / -31..-1, occurrences 1..5 / -5..-1).
 */
function refuses(make: () => unknown, code: ValidationCode, prop: string, message: string) {
  assert.throws(make, (e: unknown) => {
    assert.ok(ValidationError.isValidationError(e), String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.prop, prop, e.message);
    assert.equal(e.message, message);
    return true;
  });
}

const js = <T>(v: unknown): T => v as T;
const START = "2026-01-01T00:00:00Z";
/** A raw ADF recurrence (frequency any case), starting 2026-01-01 00:00 UTC (a Thursday). */
const adf = (frequency: string, extra: object = {}) =>
  Recurrence.fromAdf(js({ frequency, startTime: START, ...extra }));

describe("Recurrence (pinned behaviour)", () => {
  describe("Recurrence.every", () => {
    it("accepts 1 minute, 1000 minutes and 1000 hours, the ends of Azure's interval range", () => {
      assert.deepEqual(
        [Duration.minutes(1), Duration.minutes(1000), Duration.hours(1000)].map((d) => {
          const a = Recurrence.every(d).toAdf();
          return [a.frequency, a.interval];
        }),
        [
          ["Minute", 1],
          ["Minute", 1000],
          ["Hour", 1000],
        ],
      );
    });
    it("refuses 1001 minutes, 1001 hours, half a minute and zero with one message", () => {
      const rule =
        "must be a whole number of minutes from 1 minute to 1000 minutes, or whole hours up to 1000 hours";
      for (const [d, iso] of [
        [Duration.minutes(1001), "PT16H41M"],
        [Duration.hours(1001), "P41DT17H"],
        [Duration.seconds(30), "PT30S"],
        [Duration.seconds(0), "PT0S"],
      ] as const) {
        refuses(
          () => Recurrence.every(d),
          "OUT_OF_RANGE",
          "period",
          `Recurrence: 'period' ${rule}, got ${JSON.stringify(iso)}.`,
        );
      }
    });
    it("needs a period and knows only timeZone, startTime and endTime", () => {
      refuses(
        () => Recurrence.every(js(undefined)),
        "REQUIRED",
        "period",
        "Recurrence: 'period' is required, got nothing.",
      );
      const r = Recurrence.every(Duration.hours(1), {
        timeZone: "Europe/Berlin",
        startTime: "2026-01-01T00:25",
        endTime: "2026-02-01T00:00",
      });
      assert.equal(r.toAdf().endTime, "2026-02-01T00:00:00");
      assert.throws(
        () => Recurrence.every(Duration.hours(1), js({ at: "02:00" })),
        (e: unknown) => ValidationError.isValidationError(e) && e.prop === "opts.at",
      );
    });
  });

  describe("calendar factories", () => {
    it("weekly accepts every week day in any letter case and stores them in .NET order", () => {
      const r = Recurrence.weekly({
        on: js(["saturday", "FRIDAY", "Thursday", "wednesday", "Tuesday", "monday", "sunday"]),
        at: "06:00",
      });
      assert.deepEqual(r.toAdf().schedule?.weekDays, [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
      ]);
    });
    it("refuses what they do not know, with the caller's prop names", () => {
      refuses(
        () => Recurrence.daily(js(undefined)),
        "REQUIRED",
        "opts",
        "Recurrence: 'opts' must be an options object, got nothing.",
      );
      refuses(
        () => Recurrence.weekly({ on: [], at: "06:00" }),
        "REQUIRED",
        "on",
        "Recurrence: 'on' must name at least one week day, got [].",
      );
      refuses(
        () => Recurrence.monthly({ at: "06:00" }),
        "REQUIRED",
        "onDays",
        "Recurrence: 'onDays' or 'onOccurrences' must name at least one day, got nothing.",
      );
      refuses(
        () => Recurrence.monthly({ onDays: js(5), at: "06:00" }),
        "INVALID_TYPE",
        "onDays",
        "Recurrence: 'onDays' must be an array, not number, got 5.",
      );
      refuses(
        () => Recurrence.monthly({ onOccurrences: js({ day: "Monday" }), at: "06:00" }),
        "INVALID_TYPE",
        "onOccurrences",
        'Recurrence: \'onOccurrences\' must be an array, not object, got {"day":"Monday"}.',
      );
      refuses(
        () => Recurrence.daily({ at: "06:00", timeZone: js(5) }),
        "INVALID_TYPE",
        "timeZone",
        "Recurrence: 'timeZone' must be a string or an object, not number, got 5.",
      );
      refuses(
        () => Recurrence.daily({ at: "06:00", startTime: js(5) }),
        "INVALID_TYPE",
        "startTime",
        "Recurrence: 'startTime' must be a string or an object, not number, got 5.",
      );
      refuses(
        () => Recurrence.daily({ at: "06:00", endTime: js(5) }),
        "INVALID_TYPE",
        "endTime",
        "Recurrence: 'endTime' must be a string or an object, not number, got 5.",
      );
      refuses(
        () => Recurrence.daily({ at: "06:00", endTime: "soon" }),
        "INVALID_FORMAT",
        "endTime",
        "Recurrence: 'endTime' must be a wall-clock time like 2026-01-01T02:00 (no offset: it is read in the recurrence's time zone), or a Date, got \"soon\".",
      );
    });
    it("takes a Date as endTime", () => {
      const r = Recurrence.daily({ at: "06:00", endTime: new Date("2026-03-01T12:00:00Z") });
      assert.equal(r.toAdf().endTime, "2026-03-01T12:00:00Z");
    });
    it("refuses times of day that are not HH:mm, naming the list item", () => {
      refuses(
        () => Recurrence.daily(js({})),
        "REQUIRED",
        "at",
        "Recurrence: 'at' must name at least one time of day, got nothing.",
      );
      refuses(
        () => Recurrence.daily({ at: js(5) }),
        "INVALID_TYPE",
        "at",
        "Recurrence: 'at' must be a string or an array, not number, got 5.",
      );
      refuses(
        () => Recurrence.daily({ at: ["02:00", "2pm"] }),
        "INVALID_FORMAT",
        "at[1]",
        "Recurrence: 'at[1]' must be a wall-clock time HH:mm, got \"2pm\".",
      );
      for (const t of ["x02:00", "02:00x"]) {
        refuses(
          () => Recurrence.daily({ at: t }),
          "INVALID_FORMAT",
          "at",
          `Recurrence: 'at' must be a wall-clock time HH:mm, got ${JSON.stringify(t)}.`,
        );
      }
      refuses(
        () => Recurrence.daily({ at: "24:00" }),
        "OUT_OF_RANGE",
        "at",
        "Recurrence: 'at' must be an integer between 0 and 23, got 24. The hour must be 0-23.",
      );
      refuses(
        () => Recurrence.daily({ at: "02:60" }),
        "OUT_OF_RANGE",
        "at",
        "Recurrence: 'at' must be an integer between 0 and 59, got 60. The minute must be 0-59.",
      );
      refuses(
        () => Recurrence.daily({ at: ["02:00", "14:30"] }),
        "CONFLICT",
        "at",
        'Recurrence: \'at\' must be every combination of its hours and minutes, because Data Factory fires at each listed hour x each listed minute, got ["02:00","14:30"]. Split the times over two triggers.',
      );
    });
    it("splits the times into hours x minutes", () => {
      assert.deepEqual(Recurrence.daily({ at: ["14:30", "14:00"] }).toAdf().schedule, {
        hours: [14],
        minutes: [0, 30],
      });
      assert.deepEqual(
        Recurrence.daily({ at: ["23:05", "07:05", "15:05"] }).toAdf().schedule?.hours,
        [7, 15, 23],
      );
    });
    it("month days: -31 and 31 pass, -32 does not", () => {
      assert.deepEqual(
        Recurrence.monthly({ onDays: [31, -31], at: "01:00" }).toAdf().schedule?.monthDays,
        [-31, 31],
      );
      refuses(
        () => Recurrence.monthly({ onDays: [-32], at: "01:00" }),
        "OUT_OF_RANGE",
        "onDays[0]",
        "Recurrence: 'onDays[0]' must be 1..31 or -31..-1, got -32.",
      );
    });
    it("occurrences: 5 and -5 pass, -6 does not; without occurrence (or null) every such day", () => {
      const r = Recurrence.monthly({
        onOccurrences: [
          { day: "Monday", occurrence: 5 },
          { day: "Friday", occurrence: -5 },
          { day: "Sunday" },
          { day: "Tuesday", occurrence: js(null) },
        ],
        at: "01:00",
      });
      assert.deepEqual(r.toAdf().schedule?.monthlyOccurrences, [
        { day: "Monday", occurrence: 5 },
        { day: "Friday", occurrence: -5 },
        { day: "Sunday" },
        { day: "Tuesday" },
      ]);
      refuses(
        () =>
          Recurrence.monthly({ onOccurrences: [{ day: "Monday", occurrence: -6 }], at: "01:00" }),
        "OUT_OF_RANGE",
        "onOccurrences[0].occurrence",
        "Recurrence: 'onOccurrences[0].occurrence' must be 1..5 or -5..-1, got -6.",
      );
      // A numeric string is ADF JSON's reading (fromAdf); the typed factory wants a number.
      refuses(
        () =>
          Recurrence.monthly({
            onOccurrences: [{ day: "Monday", occurrence: js("2") }],
            at: "01:00",
          }),
        "INVALID_TYPE",
        "onOccurrences[0].occurrence",
        "Recurrence: 'onOccurrences[0].occurrence' must be a number, not string, got \"2\".",
      );
    });
    it("keeps distinct occurrences and drops repeated ones", () => {
      const r = Recurrence.monthly({
        onOccurrences: [
          { day: "Monday", occurrence: 1 },
          { day: "Monday", occurrence: 2 },
          { day: "Monday", occurrence: 1 },
        ],
        at: "01:00",
      });
      assert.deepEqual(r.toAdf().schedule?.monthlyOccurrences, [
        { day: "Monday", occurrence: 1 },
        { day: "Monday", occurrence: 2 },
      ]);
    });
    it("an end equal to the start is refused", () => {
      refuses(
        () =>
          Recurrence.daily({ at: "02:00", startTime: "2026-02-01", endTime: "2026-02-01T00:00" }),
        "CONFLICT",
        "endTime",
        "Recurrence: 'endTime' must be after startTime, got \"2026-02-01T00:00:00Z\".",
      );
    });
    it("an invalid Date and impossible dates: INVALID_TIME; other text: INVALID_FORMAT", () => {
      refuses(
        () => Recurrence.daily({ at: "02:00", startTime: new Date("nope") }),
        "INVALID_TIME",
        "startTime",
        "Recurrence: 'startTime' must be a valid date, got \"Invalid Date\".",
      );
      for (const t of [
        "2026-02-30",
        "2026-02-30T01:00",
        "2026-02-30T01:00:00",
        "2026-02-30T01:00:00.12",
      ]) {
        refuses(
          () => Recurrence.daily({ at: "02:00", startTime: t }),
          "INVALID_TIME",
          "startTime",
          `Recurrence: 'startTime' must be a real calendar date and time, got ${JSON.stringify(t)}.`,
        );
      }
      for (const t of ["x2026-02-30", "2026-02-30T01:00:0", "2026-02-30T01:00:00.12345678"]) {
        refuses(
          () => Recurrence.daily({ at: "02:00", startTime: t }),
          "INVALID_FORMAT",
          "startTime",
          `Recurrence: 'startTime' must be a wall-clock time like 2026-01-01T02:00 (no offset: it is read in the recurrence's time zone), or a Date, got ${JSON.stringify(t)}.`,
        );
      }
    });
  });

  describe("Recurrence.fromAdf", () => {
    it("refuses a missing or malformed object, frequency or zone at the ADF prop", () => {
      refuses(
        () => Recurrence.fromAdf(js(undefined)),
        "REQUIRED",
        "",
        "Recurrence: '' must be a recurrence object, got nothing.",
      );
      refuses(
        () => Recurrence.fromAdf(js("Day")),
        "INVALID_TYPE",
        "",
        "Recurrence: '' must be an object, not string, got \"Day\".",
      );
      refuses(
        () => Recurrence.fromAdf(js({ startTime: START })),
        "REQUIRED",
        "frequency",
        "Recurrence: 'frequency' is required, got nothing.",
      );
      refuses(
        () => adf(js(5)),
        "INVALID_TYPE",
        "frequency",
        "Recurrence: 'frequency' must be a string, not number, got 5.",
      );
      refuses(
        () => adf("Day", { timeZone: 5 }),
        "INVALID_TYPE",
        "timeZone",
        "Recurrence: 'timeZone' must be a string, not number, got 5.",
      );
      assert.throws(
        () => adf("Day", { timeZone: "Mars/Olympus_Mons" }),
        (e: unknown) =>
          ValidationError.isValidationError(e) &&
          e.code === "UNKNOWN_TIME_ZONE" &&
          e.prop === "timeZone",
      );
      refuses(
        () => adf("Day", { schedule: "daily" }),
        "INVALID_TYPE",
        "schedule",
        "Recurrence: 'schedule' must be an object, not string, got \"daily\".",
      );
    });
    it("reads the frequency in any letter case and an endTime", () => {
      const r = adf("month", { endTime: "2026-06-01T00:00:00.5Z" });
      assert.equal(r.frequency, "Month");
      assert.equal(r.toAdf().endTime, "2026-06-01T00:00:00.500Z");
      assert.equal(r.endInstant(), Date.parse("2026-06-01T00:00:00.500Z"));
      refuses(
        () => adf("Day", { endTime: "2026-06-01T00:00:00" }),
        "INVALID_FORMAT",
        "endTime",
        "Recurrence: 'endTime' must end in 'Z' when the time zone is UTC (yyyy-MM-ddTHH:mm:ssZ), got \"2026-06-01T00:00:00\".",
      );
    });
    it("keeps fractional seconds of the start", () => {
      const r = adf("Day", { startTime: "2026-01-01T00:39:13.8441801Z" });
      assert.equal(r.toAdf().startTime, "2026-01-01T00:39:13.844Z");
      assert.equal(r.startInstant(), Date.parse("2026-01-01T00:39:13.844Z"));
    });
    it("reads a bare number as a one-element list, null lists as absent", () => {
      const r = adf("Week", {
        schedule: { hours: 5, minutes: "7", weekDays: null, monthDays: null },
      });
      assert.deepEqual(r.toAdf().schedule, { hours: [5], minutes: [7] });
      assert.deepEqual(r.toAdf().schedule, { hours: [5], minutes: [7] });
    });
    it("sorts hours and minutes", () => {
      const r = adf("Day", { schedule: { hours: [17, 5, 10], minutes: [45, 0, 15] } });
      assert.deepEqual(r.toAdf().schedule, { minutes: [0, 15, 45], hours: [5, 10, 17] });
    });
    it("reports bad schedule items at their ADF paths", () => {
      refuses(
        () => adf("Day", { schedule: { hours: ["x"] } }),
        "INVALID_FORMAT",
        "schedule.hours[0]",
        'Recurrence: \'schedule.hours[0]\' must be an integer, or a string of one such as "15" (Data Factory reads it as 15), got "x".',
      );
      refuses(
        () => adf("Day", { schedule: { hours: [null] } }),
        "REQUIRED",
        "schedule.hours[0]",
        "Recurrence: 'schedule.hours[0]' must be an integer, got nothing.",
      );
      refuses(
        () => adf("Month", { schedule: { monthDays: ["x"] } }),
        "INVALID_FORMAT",
        "schedule.monthDays[0]",
        'Recurrence: \'schedule.monthDays[0]\' must be an integer, or a string of one such as "15" (Data Factory reads it as 15), got "x".',
      );
      refuses(
        () => adf("Week", { schedule: { weekDays: "Monday" } }),
        "INVALID_TYPE",
        "schedule.weekDays",
        "Recurrence: 'schedule.weekDays' must be an array, not string, got \"Monday\".",
      );
      refuses(
        () => adf("Month", { schedule: { monthlyOccurrences: { day: "Monday" } } }),
        "INVALID_TYPE",
        "schedule.monthlyOccurrences",
        'Recurrence: \'schedule.monthlyOccurrences\' must be an array, not object, got {"day":"Monday"}.',
      );
      refuses(
        () => adf("Month", { schedule: { monthlyOccurrences: [{ day: "Funday" }] } }),
        "NOT_ALLOWED",
        "schedule.monthlyOccurrences[0].day",
        'Recurrence: \'schedule.monthlyOccurrences[0].day\' must be one of "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", got "Funday".',
      );
      refuses(
        () =>
          adf("Month", { schedule: { monthlyOccurrences: [{ day: "Monday", occurrence: "x" }] } }),
        "INVALID_FORMAT",
        "schedule.monthlyOccurrences[0].occurrence",
        'Recurrence: \'schedule.monthlyOccurrences[0].occurrence\' must be an integer, or a string of one such as "15" (Data Factory reads it as 15), got "x".',
      );
    });
    it("reads a numeric-string occurrence as the number", () => {
      const r = adf("Month", {
        schedule: { monthlyOccurrences: [{ day: "monday", occurrence: "2" }] },
      });
      assert.deepEqual(r.toAdf().schedule?.monthlyOccurrences, [{ day: "Monday", occurrence: 2 }]);
    });
    it("refuses schedule parts the frequency does not take, with the rule in words", () => {
      refuses(
        () => adf("Minute", { schedule: { hours: [1] } }),
        "CONFLICT",
        "schedule",
        "Recurrence: 'schedule' is only used with Day, Week or Month frequency (got Minute), got {\"hours\":[1]}. Use Recurrence.every(...) for sub-daily cadences.",
      );
      refuses(
        () => adf("Day", { schedule: { weekDays: ["Monday"] } }),
        "CONFLICT",
        "schedule.weekDays",
        "Recurrence: 'schedule.weekDays' is only allowed with Week frequency, got [\"Monday\"].",
      );
      refuses(
        () => adf("Week", { schedule: { monthlyOccurrences: [{ day: "Monday", occurrence: 1 }] } }),
        "CONFLICT",
        "schedule.monthlyOccurrences",
        'Recurrence: \'schedule.monthlyOccurrences\' is only allowed with Month frequency, got [{"day":"Monday","occurrence":1}].',
      );
    });
    it("an empty schedule on a Minute or Hour recurrence is no schedule", () => {
      for (const schedule of [{}, { minutes: [], hours: [] }]) {
        const r = adf("Hour", { schedule });
        assert.equal(r.hasSchedule, false);
        assert.equal(r.toAdf().schedule, undefined);
      }
    });
    it("refuses a UTC start with a +00:00 offset instead of Z", () => {
      refuses(
        () => adf("Day", { startTime: "2026-01-01T00:00:00+00:00" }),
        "INVALID_FORMAT",
        "startTime",
        "Recurrence: 'startTime' must end in 'Z' when the time zone is UTC (yyyy-MM-ddTHH:mm:ssZ), got \"2026-01-01T00:00:00+00:00\".",
      );
      refuses(
        () =>
          adf("Day", { timeZone: "Tokyo Standard Time", startTime: "2026-01-01T00:00:00+09:00" }),
        "INVALID_FORMAT",
        "startTime",
        "Recurrence: 'startTime' must have no offset when the time zone is not UTC: Data Factory reads it as wall-clock time in Tokyo Standard Time, got \"2026-01-01T00:00:00+09:00\".",
      );
    });
    it("tells an impossible date (INVALID_TIME) from text that is no date (INVALID_FORMAT)", () => {
      for (const t of [
        "2026-02-30",
        "2026-02-30T01:00",
        "2026-02-30T01:00:00Z",
        "2026-02-30T01:00:00.1234567Z",
        "2026-02-30T01:00:00+01:00",
      ]) {
        refuses(
          () => adf("Day", { startTime: t }),
          "INVALID_TIME",
          "startTime",
          `Recurrence: 'startTime' must be a real calendar date and time, got ${JSON.stringify(t)}.`,
        );
      }
      for (const t of [
        "x2026-02-30",
        "2026-02-30Zx",
        "2026-02-30T01:00:0",
        "2026-02-30T01:00:00.12345678Z",
        "2026-02-30T01:00:00+1:00",
      ]) {
        refuses(
          () => adf("Day", { startTime: t }),
          "INVALID_FORMAT",
          "startTime",
          `Recurrence: 'startTime' must be an ISO 8601 date-time like 2026-01-01T02:00:00 (seconds may carry a fraction), got ${JSON.stringify(t)}.`,
        );
      }
    });
  });

  describe("reads", () => {
    it("hasSchedule for each kind of schedule part, and without one", () => {
      assert.equal(Recurrence.every(Duration.hours(1)).hasSchedule, false);
      assert.equal(adf("Day").hasSchedule, false);
      assert.equal(adf("Day", { schedule: {} }).hasSchedule, false);
      assert.equal(adf("Day", { schedule: { hours: [1] } }).hasSchedule, true);
      assert.equal(adf("Week", { schedule: { weekDays: ["Monday"] } }).hasSchedule, true);
      assert.equal(adf("Month", { schedule: { monthDays: [1] } }).hasSchedule, true);
      assert.equal(
        adf("Month", { schedule: { monthlyOccurrences: [{ day: "Monday" }] } }).hasSchedule,
        true,
      );
    });
    it("startInstant and endInstant in a zone", () => {
      const r = Recurrence.daily({
        at: "02:00",
        timeZone: "Europe/Berlin",
        startTime: "2026-07-01T00:00",
        endTime: "2026-08-01T00:00",
      });
      assert.equal(r.startInstant(), Date.parse("2026-06-30T22:00:00Z"));
      assert.equal(r.endInstant(), Date.parse("2026-07-31T22:00:00Z"));
      assert.equal(Recurrence.daily({ at: "02:00" }).endInstant(), undefined);
    });
    it("times default to the start's hour and minute", () => {
      const start = "2026-01-01T07:25:00Z";
      assert.deepEqual(adf("Day", { startTime: start }).times(), [[7, 25]]);
      assert.deepEqual(adf("Day", { startTime: start, schedule: { hours: [5, 9] } }).times(), [
        [5, 25],
        [9, 25],
      ]);
      assert.deepEqual(adf("Day", { startTime: start, schedule: { minutes: [0] } }).times(), [
        [7, 0],
      ]);
    });
    it("startWeekday", () => {
      assert.equal(adf("Week").startWeekday(), 4); // 2026-01-01 was a Thursday
      assert.equal(adf("Week", { startTime: "2026-03-01T00:00:00Z" }).startWeekday(), 0);
    });
    it("equals compares what Azure receives; toString reads like code", () => {
      assert.equal(adf("Day").equals(adf("Day", { interval: 2 })), false);
      assert.equal(adf("Day").equals(adf("day")), true);
      assert.equal(
        adf("Day").toString(),
        'Recurrence.fromAdf({"frequency":"Day","interval":1,"startTime":"2026-01-01T00:00:00Z","timeZone":"UTC"})',
      );
    });
  });

  describe("describe()", () => {
    const cases: Array<[Recurrence, string]> = [
      [Recurrence.every(Duration.minutes(1)), "every minute"],
      [Recurrence.every(Duration.hours(1), { startTime: "2026-01-01T00:25" }), "hourly at :25"],
      [
        Recurrence.every(Duration.hours(6), { startTime: "2026-01-01T03:05" }),
        "every 6 hours at :05 (from the start hour)",
      ],
      [Recurrence.daily({ at: "02:00", every: 2 }), "every 2 days at 02:00"],
      [Recurrence.daily({ at: ["02:00", "14:00"] }), "daily at 02:00, 14:00"],
      [Recurrence.daily({ at: ["01:00", "02:00", "04:00"] }), "daily at 01:00, 02:00, 04:00"],
      [Recurrence.daily({ at: ["01:00", "02:00"] }), "daily at 01:00, 02:00"],
      [
        Recurrence.daily({ at: ["09:15", "09:45", "10:15", "10:45", "11:15", "11:45"] }),
        "daily, hourly at :15, :45 from 09:15 to 11:45",
      ],
      [
        Recurrence.daily({
          at: Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}:25`),
        }),
        "daily, hourly at :25",
      ],
      [adf("Week"), "every Thursday at 00:00"],
      [
        Recurrence.weekly({ on: ["Monday"], at: "06:30", every: 2 }),
        "every 2 weeks on Monday at 06:30",
      ],
      [
        Recurrence.weekly({ on: ["Monday", "Friday"], at: ["06:00", "07:00", "08:00"] }),
        "every Monday, Friday, hourly at :00 from 06:00 to 08:00",
      ],
      [adf("Month", { startTime: "2026-01-22T00:00:00Z" }), "monthly on the 22nd at 00:00"],
      [
        Recurrence.monthly({ onDays: [2, 3, 4, 11, 12, 13, 21, 22, 23, 31, 1], at: "01:00" }),
        "monthly on the 1st, the 2nd, the 3rd, the 4th, the 11th, the 12th, the 13th, the 21st, the 22nd, the 23rd and the 31st at 01:00",
      ],
      [
        Recurrence.monthly({ onDays: [-3, -1, -2, 1], at: "01:00", every: 3 }),
        "every 3 months on the 1st, the last day, the 2nd-to-last day and the 3rd-to-last day at 01:00",
      ],
      [
        Recurrence.monthly({
          onOccurrences: [
            { day: "Monday", occurrence: 1 },
            { day: "Tuesday", occurrence: 2 },
            { day: "Wednesday", occurrence: 3 },
            { day: "Thursday", occurrence: 4 },
            { day: "Friday", occurrence: 5 },
            { day: "Saturday", occurrence: -1 },
            { day: "Sunday", occurrence: -2 },
            { day: "Friday" },
          ],
          at: "01:00",
        }),
        "monthly on the first Monday, the second Tuesday, the third Wednesday, the fourth Thursday, the fifth Friday, the last Saturday, the second-from-last Sunday and every Friday at 01:00",
      ],
      [
        Recurrence.monthly({ onDays: [15], at: ["00:10", "01:10", "02:10"] }),
        "monthly on the 15th, hourly at :10 from 00:10 to 02:10",
      ],
    ];
    for (const [r, text] of cases) it(text, () => assert.equal(r.describe(), text));
  });
});
