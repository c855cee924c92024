import { strict as assert } from "assert";
import { Duration, Recurrence, TimeZone, ValidationCode, ValidationError } from "../../lib/core";

function rejects(make: () => unknown, code: ValidationCode, prop: RegExp) {
  assert.throws(make, (e: unknown) => {
    assert.ok(ValidationError.isValidationError(e), String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.prop, prop);
    assert.match(e.message, /^Recurrence: '/);
    return true;
  });
}

/** A raw ADF recurrence starting 2026-01-01 UTC, for the validation cases. */
const adf = (
  frequency: "Minute" | "Hour" | "Day" | "Week" | "Month",
  schedule?: object,
  interval = 1,
) => Recurrence.fromAdf({ frequency, interval, startTime: "2026-01-01T00:00:00Z", schedule });

describe("Recurrence", () => {
  describe("renders what a ScheduleTrigger sends to Azure", () => {
    it("daily at 02:00 in a Windows zone, start without offset", () => {
      assert.deepEqual(Recurrence.daily({ at: "02:00", timeZone: "Europe/Berlin" }).toAdf(), {
        frequency: "Day",
        interval: 1,
        startTime: "2025-01-01T00:00:00",
        timeZone: "W. Europe Standard Time",
        schedule: { minutes: [0], hours: [2] },
      });
    });
    it("a UTC start ends in Z", () => {
      const adf = Recurrence.every(Duration.minutes(15), { startTime: "2026-01-01T00:00" }).toAdf();
      assert.equal(adf.startTime, "2026-01-01T00:00:00Z");
      assert.equal(adf.timeZone, "UTC");
      assert.equal(adf.frequency, "Minute");
      assert.equal(adf.interval, 15);
    });
    it("whole hours become an Hour recurrence", () => {
      const adf = Recurrence.every(Duration.hours(6)).toAdf();
      assert.deepEqual([adf.frequency, adf.interval], ["Hour", 6]);
    });
    it("weekly and monthly schedules, sorted and de-duplicated", () => {
      const w = Recurrence.weekly({
        on: ["Thursday", "Monday", "Monday"],
        at: ["06:30"],
        timeZone: "UTC",
      }).toAdf();
      assert.deepEqual(w.schedule, { minutes: [30], hours: [6], weekDays: ["Monday", "Thursday"] });
      const m = Recurrence.monthly({
        onDays: [-1, 1],
        onOccurrences: [{ day: "Friday", occurrence: 1 }],
        at: "03:00",
      }).toAdf();
      assert.deepEqual(m.schedule, {
        minutes: [0],
        hours: [3],
        monthDays: [-1, 1],
        monthlyOccurrences: [{ day: "Friday", occurrence: 1 }],
      });
    });
    it("an instant start is converted to wall time in the zone", () => {
      const r = Recurrence.daily({
        at: "02:00",
        timeZone: "Europe/Berlin",
        startTime: new Date("2026-06-01T00:00:00Z"),
      });
      assert.equal(r.toAdf().startTime, "2026-06-01T02:00:00");
    });
    it("fromAdf round-trips", () => {
      const json = {
        frequency: "Week" as const,
        interval: 2,
        startTime: "2026-01-05T00:00:00",
        timeZone: "Eastern Standard Time",
        schedule: { hours: [5, 17], minutes: [15], weekDays: ["Monday" as const] },
      };
      const r = Recurrence.fromAdf(json);
      assert.deepEqual(r.toAdf(), {
        ...json,
        schedule: { minutes: [15], hours: [5, 17], weekDays: ["Monday"] },
      });
      assert.ok(r.equals(Recurrence.fromAdf(json)));
      assert.ok(r.timeZone.equals(TimeZone.of("America/New_York")));
    });
    it("describes the cadence in words", () => {
      assert.equal(Recurrence.daily({ at: "02:00" }).describe(), "daily at 02:00");
      assert.equal(Recurrence.every(Duration.minutes(15)).describe(), "every 15 minutes");
      assert.equal(
        Recurrence.weekly({ on: ["Monday", "Thursday"], at: "06:30" }).describe(),
        "every Monday, Thursday at 06:30",
      );
      assert.equal(
        Recurrence.monthly({ onDays: [-1], at: "03:00" }).describe(),
        "monthly on the last day at 03:00",
      );
    });
  });

  describe("validation (one rejecting case per rule)", () => {
    it("rejects an interval above 1000", () =>
      rejects(() => Recurrence.daily({ at: "02:00", every: 1001 }), "OUT_OF_RANGE", /^every$/));
    it("rejects an interval of 0", () =>
      rejects(() => Recurrence.daily({ at: "02:00", every: 0 }), "OUT_OF_RANGE", /^every$/));
    it("rejects a period that is not whole minutes", () =>
      rejects(() => Recurrence.every(Duration.seconds(90)), "OUT_OF_RANGE", /^period$/));
    it("rejects a schedule on a Minute recurrence", () =>
      rejects(() => adf("Minute", { minutes: [0] }, 5), "CONFLICT", /^schedule$/));
    it("rejects minute 60", () =>
      rejects(() => adf("Day", { minutes: [60] }), "OUT_OF_RANGE", /schedule\.minutes\[0\]/));
    it("rejects hour 24", () =>
      rejects(() => adf("Day", { hours: [1, 24] }), "OUT_OF_RANGE", /schedule\.hours\[1\]/));
    it("rejects weekDays on a Day recurrence", () =>
      rejects(() => adf("Day", { weekDays: ["Monday"] }), "CONFLICT", /weekDays/));
    it("rejects an unknown week day", () =>
      rejects(
        () => Recurrence.weekly({ on: ["Funday" as never], at: "02:00" }),
        "NOT_ALLOWED",
        /^on\[0\]$/,
      ));
    it("rejects monthDays on a Week recurrence", () =>
      rejects(() => adf("Week", { monthDays: [1] }), "CONFLICT", /monthDays/));
    it("rejects month day 0", () =>
      rejects(
        () => Recurrence.monthly({ onDays: [0], at: "02:00" }),
        "OUT_OF_RANGE",
        /^onDays\[0\]$/,
      ));
    it("rejects month day 32", () =>
      rejects(
        () => Recurrence.monthly({ onDays: [32], at: "02:00" }),
        "OUT_OF_RANGE",
        /^onDays\[0\]$/,
      ));
    it("rejects occurrence 6", () =>
      rejects(
        () =>
          Recurrence.monthly({ onOccurrences: [{ day: "Monday", occurrence: 6 }], at: "02:00" }),
        "OUT_OF_RANGE",
        /occurrence/,
      ));
    it("rejects occurrence 0", () =>
      rejects(
        () =>
          Recurrence.monthly({ onOccurrences: [{ day: "Monday", occurrence: 0 }], at: "02:00" }),
        "OUT_OF_RANGE",
        /^onOccurrences\[0\]\.occurrence$/,
      ));
    it("rejects a monthly recurrence with no days", () =>
      rejects(() => Recurrence.monthly({ at: "02:00" }), "REQUIRED", /onDays/));
    it("rejects times that are not an hours x minutes cross product", () =>
      rejects(() => Recurrence.daily({ at: ["02:00", "14:30"] }), "CONFLICT", /^at$/));
    it("rejects a malformed time of day", () =>
      rejects(() => Recurrence.daily({ at: "2pm" }), "INVALID_FORMAT", /^at$/));
    it("rejects hour 25 in a time of day", () =>
      rejects(() => Recurrence.daily({ at: "25:00" }), "OUT_OF_RANGE", /^at$/));
    it("rejects an empty list of times", () =>
      rejects(() => Recurrence.daily({ at: [] }), "REQUIRED", /^at$/));
    it("rejects an end before the start", () =>
      rejects(
        () => Recurrence.daily({ at: "02:00", startTime: "2026-02-01", endTime: "2026-01-01" }),
        "CONFLICT",
        /endTime/,
      ));
    it("rejects an impossible calendar date", () =>
      rejects(
        () => Recurrence.daily({ at: "02:00", startTime: "2026-02-30" }),
        "INVALID_TIME",
        /startTime/,
      ));
    it("rejects a start with an offset", () =>
      rejects(
        () => Recurrence.daily({ at: "02:00", startTime: "2026-02-01T00:00:00+01:00" }),
        "INVALID_FORMAT",
        /startTime/,
      ));
    it("rejects an invalid Date", () =>
      rejects(
        () => Recurrence.daily({ at: "02:00", startTime: new Date("nope") }),
        "INVALID_TIME",
        /startTime/,
      ));
    it("rejects a UTC fromAdf start without Z", () =>
      rejects(
        () =>
          Recurrence.fromAdf({
            frequency: "Day",
            interval: 1,
            startTime: "2026-01-01T00:00:00",
            timeZone: "UTC",
          }),
        "INVALID_FORMAT",
        /startTime/,
      ));
    it("rejects a zoned fromAdf start with an offset", () =>
      rejects(
        () =>
          Recurrence.fromAdf({
            frequency: "Day",
            interval: 1,
            startTime: "2026-01-01T00:00:00Z",
            timeZone: "W. Europe Standard Time",
          }),
        "INVALID_FORMAT",
        /startTime/,
      ));
    it("rejects an unknown frequency", () =>
      rejects(
        () =>
          Recurrence.fromAdf({
            frequency: "Year" as never,
            interval: 1,
            startTime: "2026-01-01T00:00:00Z",
          }),
        "NOT_ALLOWED",
        /frequency/,
      ));
  });
});
