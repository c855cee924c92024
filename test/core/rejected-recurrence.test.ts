import { strict as assert } from "assert";
import { Duration, Recurrence, ValidationCode, ValidationError } from "../../lib/core";

/**
 * Recurrence errors name what the caller wrote: `timeZone`, `every`, `on`, `onDays`,
 * `onOccurrences` for the factories; the ADF JSON path for `fromAdf`. One documented meaning per
 * code (README "Errors").
 */

type Row = [what: string, make: () => unknown, code: ValidationCode, prop: string];
const js = <T>(v: unknown): T => v as T;

const rows: Row[] = [
  [
    "an unknown time zone",
    () => Recurrence.daily({ at: "02:00", timeZone: "Mars/Olympus" }),
    "UNKNOWN_TIME_ZONE",
    "timeZone",
  ],
  ["every: 0", () => Recurrence.daily({ at: "02:00", every: 0 }), "OUT_OF_RANGE", "every"],
  [
    "every as text",
    () => Recurrence.weekly({ on: ["Monday"], at: "02:00", every: js("2") }),
    "INVALID_TYPE",
    "every",
  ],
  [
    "month day 0",
    () => Recurrence.monthly({ onDays: [0], at: "02:00" }),
    "OUT_OF_RANGE",
    "onDays[0]",
  ],
  [
    "occurrence 6",
    () => Recurrence.monthly({ onOccurrences: [{ day: "Friday", occurrence: 6 }], at: "02:00" }),
    "OUT_OF_RANGE",
    "onOccurrences[0].occurrence",
  ],
  [
    "an unknown day in onOccurrences",
    () => Recurrence.monthly({ onOccurrences: [{ day: js("Fri") }], at: "02:00" }),
    "NOT_ALLOWED",
    "onOccurrences[0].day",
  ],
  [
    "a week day that is not a day",
    () => Recurrence.weekly({ on: [js("Funday")], at: "02:00" }),
    "NOT_ALLOWED",
    "on[0]",
  ],
  [
    "on as one string",
    () => Recurrence.weekly({ on: js("Monday"), at: "02:00" }),
    "INVALID_TYPE",
    "on",
  ],
  ["no week days", () => Recurrence.weekly({ on: [], at: "02:00" }), "REQUIRED", "on"],
  [
    "a typo in the options",
    () => Recurrence.daily({ at: "02:00", ...js<object>({ timezone: "UTC" }) }),
    "NOT_ALLOWED",
    "timezone",
  ],
  [
    "a start with an offset",
    () => Recurrence.daily({ at: "02:00", startTime: "2026-01-01T00:00:00+02:00" }),
    "INVALID_FORMAT",
    "startTime",
  ],
  [
    "a start that does not exist",
    () => Recurrence.daily({ at: "02:00", startTime: "2026-02-30T00:00" }),
    "INVALID_TIME",
    "startTime",
  ],
  [
    "a period over 1000 minutes that is not whole hours",
    () => Recurrence.every(Duration.minutes(1001)),
    "OUT_OF_RANGE",
    "period",
  ],
  ["a period that is not a Duration", () => Recurrence.every(js("PT5M")), "INVALID_TYPE", "period"],
  [
    "fromAdf: a day name that is no day",
    () =>
      Recurrence.fromAdf({
        frequency: "Week",
        startTime: "2026-01-01T00:00:00Z",
        schedule: { weekDays: [js("sat")] },
      }),
    "NOT_ALLOWED",
    "schedule.weekDays[0]",
  ],
  [
    "fromAdf: interval 0",
    () => Recurrence.fromAdf({ frequency: "Day", interval: 0, startTime: "2026-01-01T00:00:00Z" }),
    "OUT_OF_RANGE",
    "interval",
  ],
  // Numeric strings ("15") are read as numbers, as Data Factory reads them (issue 19, item 9;
  // test/schedule/numeric-strings.test.ts); other text is refused.
  [
    "fromAdf: interval as non-numeric text",
    () =>
      Recurrence.fromAdf({
        frequency: "Day",
        interval: js("fifteen"),
        startTime: "2026-01-01T00:00:00Z",
      }),
    "INVALID_FORMAT",
    "interval",
  ],
  [
    "fromAdf: minutes as non-numeric text",
    () =>
      Recurrence.fromAdf({
        frequency: "Day",
        startTime: "2026-01-01T00:00:00Z",
        schedule: { minutes: js("15.5") },
      }),
    "INVALID_FORMAT",
    "schedule.minutes[0]",
  ],
  [
    "fromAdf: interval as an object",
    () =>
      Recurrence.fromAdf({
        frequency: "Day",
        interval: js({ value: 15 }),
        startTime: "2026-01-01T00:00:00Z",
      }),
    "INVALID_TYPE",
    "interval",
  ],
  [
    "fromAdf: no start time",
    () => Recurrence.fromAdf(js({ frequency: "Day" })),
    "REQUIRED",
    "startTime",
  ],
  [
    "fromAdf: a UTC start without Z (refused at start: microsoft/finops-toolkit#2157)",
    () =>
      Recurrence.fromAdf({ frequency: "Day", startTime: "2026-01-01T00:00:00", timeZone: "UTC" }),
    "INVALID_FORMAT",
    "startTime",
  ],
  [
    "fromAdf: a UTC start with +02:00 (the format is yyyy-MM-ddTHH:mm:ssZ)",
    () => Recurrence.fromAdf({ frequency: "Day", startTime: "2026-01-01T02:00:00+02:00" }),
    "INVALID_FORMAT",
    "startTime",
  ],
  [
    "fromAdf: a zoned start with Z",
    () =>
      Recurrence.fromAdf({
        frequency: "Day",
        startTime: "2026-01-01T00:00:00Z",
        timeZone: "W. Europe Standard Time",
      }),
    "INVALID_FORMAT",
    "startTime",
  ],
  [
    "fromAdf: Hour with a schedule",
    () =>
      Recurrence.fromAdf({
        frequency: "Hour",
        startTime: "2026-01-01T00:00:00Z",
        schedule: { minutes: [15] },
      }),
    "CONFLICT",
    "schedule",
  ],
  [
    "fromAdf: monthDays on a Week recurrence",
    () =>
      Recurrence.fromAdf({
        frequency: "Week",
        startTime: "2026-01-01T00:00:00Z",
        schedule: { monthDays: [1] },
      }),
    "CONFLICT",
    "schedule.monthDays",
  ],
];

describe("Recurrence: rejected inputs name the caller's prop", () => {
  for (const [what, make, code, prop] of rows) {
    it(`${what} -> ${code} at ${prop}`, () =>
      assert.throws(make, (e: unknown) => {
        assert.ok(ValidationError.isValidationError(e), String(e));
        assert.equal(e.code, code, e.message);
        assert.equal(e.prop, prop, e.message);
        return true;
      }));
  }
});
