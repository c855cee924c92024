import { strict as assert } from "assert";
import { Duration, Recurrence } from "../../lib/core";
import { scheduleFirings } from "../../lib/schedule";

const at = (iso: string) => Date.parse(iso);
const list = (r: Recurrence, from: string, limit: number) =>
  scheduleFirings(r, { from: at(from), limit }).map((f) =>
    new Date(f.at).toISOString().replace(".000Z", "Z"),
  );

describe("scheduleFirings", () => {
  describe("Day/Week/Month follow the wall clock across DST", () => {
    it("daily 02:00 Berlin moves from 01:00Z to 00:00Z when summer time starts", () => {
      assert.deepEqual(
        list(
          Recurrence.daily({ at: "02:00", timeZone: "W. Europe Standard Time" }),
          "2026-03-27T12:00:00Z",
          4,
        ),
        [
          "2026-03-28T01:00:00Z",
          "2026-03-29T01:00:00Z", // 02:00 does not exist: fires when the clock jumps to 03:00 CEST
          "2026-03-30T00:00:00Z",
          "2026-03-31T00:00:00Z",
        ],
      );
    });
    it("daily 02:30 Berlin fires once, at the first 02:30, when summer time ends", () => {
      const f = scheduleFirings(Recurrence.daily({ at: "02:30", timeZone: "Europe/Berlin" }), {
        from: at("2026-10-24T12:00:00Z"),
        limit: 2,
      });
      assert.deepEqual(
        f.map((x) => [new Date(x.at).toISOString(), x.kind]),
        [
          ["2026-10-25T00:30:00.000Z", "ambiguous"],
          ["2026-10-26T01:30:00.000Z", "exact"],
        ],
      );
    });
    it("New York 09:00 shifts from 14:00Z to 13:00Z on the second Sunday of March", () => {
      assert.deepEqual(
        list(
          Recurrence.daily({ at: "09:00", timeZone: "America/New_York" }),
          "2026-03-07T00:00:00Z",
          2,
        ),
        ["2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z"],
      );
    });
    it("Sydney (southern hemisphere) 06:00 moves later in UTC when DST ends on 5 April and earlier when it starts on 4 October", () => {
      const r = Recurrence.daily({ at: "06:00", timeZone: "AUS Eastern Standard Time" });
      assert.deepEqual(list(r, "2026-04-03T00:00:00Z", 3), [
        "2026-04-03T19:00:00Z",
        "2026-04-04T20:00:00Z",
        "2026-04-05T20:00:00Z",
      ]);
      assert.deepEqual(list(r, "2026-10-02T00:00:00Z", 3), [
        "2026-10-02T20:00:00Z",
        "2026-10-03T19:00:00Z",
        "2026-10-04T19:00:00Z",
      ]);
    });
    it("several wall times inside one DST gap collapse into one firing", () => {
      const r = Recurrence.daily({ at: ["02:15", "02:45"], timeZone: "Europe/Berlin" });
      assert.deepEqual(list(r, "2026-03-28T12:00:00Z", 3), [
        "2026-03-29T01:00:00Z",
        "2026-03-30T00:15:00Z",
        "2026-03-30T00:45:00Z",
      ]);
    });
  });

  describe("Minute/Hour keep a fixed UTC step", () => {
    it("every 6 hours in Berlin stays on the same UTC hours across the DST change", () => {
      const r = Recurrence.every(Duration.hours(6), {
        timeZone: "Europe/Berlin",
        startTime: "2026-03-01T00:00",
      });
      assert.deepEqual(list(r, "2026-03-28T20:00:00Z", 4), [
        "2026-03-28T23:00:00Z",
        "2026-03-29T05:00:00Z",
        "2026-03-29T11:00:00Z",
        "2026-03-29T17:00:00Z",
      ]);
    });
    it("every 15 minutes is aligned to the start", () => {
      const r = Recurrence.every(Duration.minutes(15), { startTime: "2026-01-01T00:05" });
      assert.deepEqual(list(r, "2026-02-01T10:06:00Z", 2), [
        "2026-02-01T10:20:00Z",
        "2026-02-01T10:35:00Z",
      ]);
    });
  });

  describe("start, end and intervals", () => {
    it("does not backfill: a past start yields firings from 'now' only", () => {
      const r = Recurrence.daily({ at: "02:00", startTime: "2020-01-01" });
      assert.deepEqual(list(r, "2026-11-27T03:00:00Z", 1), ["2026-11-28T02:00:00Z"]);
    });
    it("nothing fires before a future start", () => {
      const r = Recurrence.daily({ at: "02:00", startTime: "2027-01-10T03:00" });
      assert.deepEqual(list(r, "2026-11-27T00:00:00Z", 1), ["2027-01-11T02:00:00Z"]);
    });
    it("nothing fires after the end", () => {
      const r = Recurrence.daily({
        at: "02:00",
        startTime: "2026-11-01",
        endTime: "2026-11-29T02:00",
      });
      assert.deepEqual(list(r, "2026-11-27T00:00:00Z", 10), [
        "2026-11-27T02:00:00Z",
        "2026-11-28T02:00:00Z",
        "2026-11-29T02:00:00Z",
      ]);
    });
    it("every 3 days counts from the start date", () => {
      const r = Recurrence.daily({ at: "00:00", every: 3, startTime: "2026-11-01" });
      assert.deepEqual(list(r, "2026-11-02T00:00:00Z", 3), [
        "2026-11-04T00:00:00Z",
        "2026-11-07T00:00:00Z",
        "2026-11-10T00:00:00Z",
      ]);
    });
    it("every 2 weeks counts weeks (starting Sunday) from the start's week", () => {
      // 2026-11-02 is a Monday; its week starts Sunday 2026-11-01.
      const r = Recurrence.weekly({
        on: ["Monday", "Friday"],
        at: "06:00",
        every: 2,
        startTime: "2026-11-02",
      });
      assert.deepEqual(list(r, "2026-11-02T00:00:00Z", 4), [
        "2026-11-02T06:00:00Z",
        "2026-11-06T06:00:00Z",
        "2026-11-16T06:00:00Z",
        "2026-11-20T06:00:00Z",
      ]);
    });
    it("monthly on the 31st skips shorter months; -1 is always the last day", () => {
      assert.deepEqual(
        list(Recurrence.monthly({ onDays: [31], at: "00:00" }), "2026-01-01T00:00:00Z", 3),
        ["2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z"],
      );
      assert.deepEqual(
        list(Recurrence.monthly({ onDays: [-1], at: "00:00" }), "2026-02-01T00:00:00Z", 2),
        ["2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z"],
      );
    });
    it("monthly occurrences: first Monday and last Friday", () => {
      const r = Recurrence.monthly({
        onOccurrences: [
          { day: "Monday", occurrence: 1 },
          { day: "Friday", occurrence: -1 },
        ],
        at: "08:00",
      });
      assert.deepEqual(list(r, "2026-11-01T00:00:00Z", 4), [
        "2026-11-02T08:00:00Z",
        "2026-11-27T08:00:00Z",
        "2026-12-07T08:00:00Z",
        "2026-12-25T08:00:00Z",
      ]);
    });
    it("a recurrence that can never fire returns nothing instead of looping", () => {
      const r = Recurrence.monthly({
        onDays: [30],
        at: "00:00",
        every: 12,
        startTime: "2026-02-01",
      });
      assert.deepEqual(list(r, "2026-02-01T00:00:00Z", 1), []);
    });
    it("needs a bound", () => {
      assert.throws(
        () => scheduleFirings(Recurrence.daily({ at: "02:00" }), { from: 0 }),
        RangeError,
      );
    });
    it("honours 'until' as an exclusive bound", () => {
      const f = scheduleFirings(Recurrence.every(Duration.hours(1)), {
        from: at("2026-01-01T00:00:00Z"),
        until: at("2026-01-01T03:00:00Z"),
      });
      assert.equal(f.length, 3);
    });
  });
});
