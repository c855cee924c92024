import { strict as assert } from "assert";
import { Cron } from "croner";
import { Duration, Recurrence } from "../../lib/core";
import { expandSchedule, MAX_EXPANSION_STEPS, scheduleFirings, toMs } from "../../lib/schedule";

/**
 * Pins down `expandSchedule` case by case for mutation testing
 * (`npm run test:mutation -- lib/schedule/firings.ts`). Rules: Azure Data Factory, "Create a
 * trigger that runs a pipeline on a schedule"
 * (https://learn.microsoft.com/azure/data-factory/how-to-create-schedule-trigger): no backfill,
 * nothing before the start or after the end, a scheduled time at least one minute after the
 * start. Calendar cases are checked against croner (an independent cron engine, a dependency of
 * this package) where cron can express them.
 */
const at = (iso: string) => Date.parse(iso);
const show = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const list = (r: Recurrence, from: string, limit: number, until?: string) =>
  scheduleFirings(r, { from: at(from), limit, ...(until ? { until: at(until) } : {}) }).map((f) =>
    show(f.at),
  );
const cron = (pattern: string, zone: string, from: string, n: number) =>
  new Cron(pattern, { timezone: zone, paused: true })
    .nextRuns(n, new Date(at(from) - 1000))
    .map((d) => show(d.getTime()));

describe("expandSchedule (pinned behaviour)", () => {
  describe("the window", () => {
    it("needs until or limit, and says so", () => {
      assert.throws(
        () => expandSchedule(Recurrence.daily({ at: "02:00" }), { from: 0 }),
        (e: unknown) =>
          e instanceof RangeError && e.message === "scheduleFirings needs 'until' or 'limit'",
      );
      assert.equal(
        scheduleFirings(Recurrence.daily({ at: "02:00" }), {
          from: 0,
          until: at("2025-01-03T00:00:00Z"),
        }).length,
        2,
      );
    });
    it("takes Dates as well as numbers", () => {
      assert.equal(toMs(new Date(5)), 5);
      assert.equal(toMs(7), 7);
      const r = Recurrence.every(Duration.hours(1));
      assert.deepEqual(
        scheduleFirings(r, {
          from: new Date("2026-01-01T00:30:00Z"),
          until: new Date("2026-01-01T02:00:00Z"),
        }).map((f) => show(f.at)),
        ["2026-01-01T01:00:00Z"],
      );
    });
    it("a limit of 0 gives nothing on the wall-clock path too", () => {
      const d = Recurrence.daily({ at: "02:00" });
      assert.deepEqual(expandSchedule(d, { from: at("2026-01-01T00:00:00Z"), limit: 0 }), {
        firings: [],
      });
    });
    it("a malformed interval (not a positive integer) never fires, and says so", () => {
      const r = Recurrence.daily({ at: "02:00" });
      for (const interval of [0, 1.5, -2]) {
        const bad = Object.create(r, { interval: { value: interval } }) as Recurrence;
        assert.deepEqual(expandSchedule(bad, { from: 0, limit: 3 }), {
          firings: [],
          note: `never fires: interval ${interval} is not a positive integer`,
        });
      }
    });
    it("every() firings are exact", () => {
      const r = Recurrence.every(Duration.hours(1));
      assert.deepEqual(
        scheduleFirings(r, { from: at("2026-01-01T00:00:00Z"), limit: 2 }).map((f) => f.kind),
        ["exact", "exact"],
      );
    });
    it("a zone 14 hours ahead: the last local day before 'until' still counts", () => {
      // Kiritimati (UTC+14): 00:30 local on 3 January is 10:30 UTC on 2 January.
      const r = Recurrence.daily({
        at: "00:30",
        timeZone: "Pacific/Kiritimati",
        startTime: "2026-01-01",
      });
      assert.deepEqual(list(r, "2026-01-01T00:00:00Z", 10, "2026-01-02T12:00:00Z"), [
        "2026-01-01T10:30:00Z",
        "2026-01-02T10:30:00Z",
      ]);
    });
    it("a limit of 0, or an empty window, gives nothing and no note", () => {
      const r = Recurrence.every(Duration.hours(1));
      assert.deepEqual(expandSchedule(r, { from: at("2026-01-01T00:00:00Z"), limit: 0 }), {
        firings: [],
      });
      assert.deepEqual(
        expandSchedule(r, { from: at("2026-01-01T01:00:00Z"), until: at("2026-01-01T01:00:00Z") }),
        { firings: [] },
      );
    });
    it("the firing exactly at 'from' is listed; the one exactly at 'until' is not", () => {
      const r = Recurrence.every(Duration.minutes(30));
      assert.deepEqual(list(r, "2026-01-01T01:00:00Z", 10, "2026-01-01T02:00:00Z"), [
        "2026-01-01T01:00:00Z",
        "2026-01-01T01:30:00Z",
      ]);
      const d = Recurrence.daily({ at: "02:00" });
      assert.deepEqual(list(d, "2026-01-01T02:00:00Z", 10, "2026-01-03T02:00:00Z"), [
        "2026-01-01T02:00:00Z",
        "2026-01-02T02:00:00Z",
      ]);
    });
    it("a firing exactly at endTime is the last one", () => {
      const r = Recurrence.daily({
        at: "02:00",
        startTime: "2026-01-01",
        endTime: "2026-01-03T02:00",
      });
      assert.deepEqual(list(r, "2026-01-01T00:00:00Z", 10), [
        "2026-01-01T02:00:00Z",
        "2026-01-02T02:00:00Z",
        "2026-01-03T02:00:00Z",
      ]);
      const e = Recurrence.every(Duration.hours(1), {
        startTime: "2026-01-01T00:00",
        endTime: "2026-01-01T02:00",
      });
      assert.deepEqual(list(e, "2025-12-31T00:00:00Z", 10), [
        "2026-01-01T00:00:00Z",
        "2026-01-01T01:00:00Z",
        "2026-01-01T02:00:00Z",
      ]);
    });
    it("a limit stops the list at that many firings", () => {
      assert.equal(
        list(Recurrence.daily({ at: ["02:00", "03:00"] }), "2026-01-01T00:00:00Z", 3).length,
        3,
      );
      assert.equal(
        list(Recurrence.every(Duration.minutes(5)), "2026-01-01T00:00:00Z", 4).length,
        4,
      );
    });
  });

  describe("the start", () => {
    it("every() fires at the start itself, aligned to it afterwards", () => {
      const r = Recurrence.every(Duration.minutes(45), { startTime: "2026-01-01T00:10" });
      assert.deepEqual(list(r, "2025-06-01T00:00:00Z", 3), [
        "2026-01-01T00:10:00Z",
        "2026-01-01T00:55:00Z",
        "2026-01-01T01:40:00Z",
      ]);
      assert.deepEqual(list(r, "2026-01-01T00:56:00Z", 1), ["2026-01-01T01:40:00Z"]);
      // An Hour recurrence steps whole hours from the start (3 h), not 3 minutes.
      const h = Recurrence.every(Duration.hours(3), { startTime: "2026-01-01T00:10" });
      assert.deepEqual(list(h, "2026-01-01T00:11:00Z", 2), [
        "2026-01-01T03:10:00Z",
        "2026-01-01T06:10:00Z",
      ]);
    });
    it("a scheduled time fires only when at least a minute after the start", () => {
      const lead = (start: string) =>
        list(Recurrence.daily({ at: "02:00", startTime: start }), "2025-01-01T00:00:00Z", 1);
      assert.deepEqual(lead("2026-01-01T01:59:00"), ["2026-01-01T02:00:00Z"]);
      assert.deepEqual(lead("2026-01-01T01:59:01"), ["2026-01-02T02:00:00Z"]);
      assert.deepEqual(lead("2026-01-01T02:00:00"), ["2026-01-02T02:00:00Z"]);
    });
    it("a recurrence without schedule hours fires at the start's seconds too", () => {
      const r = Recurrence.fromAdf({ frequency: "Day", startTime: "2026-01-01T02:00:30.250Z" });
      assert.deepEqual(
        scheduleFirings(r, { from: at("2026-01-01T00:00:00Z"), limit: 2 }).map((f) =>
          new Date(f.at).toISOString(),
        ),
        ["2026-01-01T02:00:30.250Z", "2026-01-02T02:00:30.250Z"],
      );
      const s = Recurrence.fromAdf({
        frequency: "Day",
        startTime: "2026-01-01T01:00:30Z",
        schedule: { hours: [2] },
      });
      assert.deepEqual(list(s, "2026-01-01T00:00:00Z", 1), ["2026-01-01T02:00:00Z"]);
      const m = Recurrence.fromAdf({
        frequency: "Day",
        startTime: "2026-01-01T01:00:30Z",
        schedule: { minutes: [15] },
      });
      assert.deepEqual(list(m, "2026-01-01T00:00:00Z", 1), ["2026-01-01T01:15:00Z"]);
    });
    it("a window millennia after the start is reached directly", () => {
      const r = Recurrence.daily({ at: "06:00", startTime: "2025-01-01" });
      assert.deepEqual(list(r, "9990-01-01T00:00:00Z", 1), ["9990-01-01T06:00:00Z"]);
    });
    it("phases: 12 days after the start of an every-3-days; months before the start's month", () => {
      const d = Recurrence.daily({ at: "06:00", every: 3, startTime: "2026-01-01" });
      assert.deepEqual(list(d, "2026-01-13T06:00:00Z", 2), [
        "2026-01-13T06:00:00Z",
        "2026-01-16T06:00:00Z",
      ]);
      const m = Recurrence.monthly({ onDays: [1], at: "06:00", startTime: "2026-11-01" });
      assert.deepEqual(list(m, "2027-03-01T00:00:00Z", 2), [
        "2027-03-01T06:00:00Z",
        "2027-04-01T06:00:00Z",
      ]);
      // Every 5 months from November 2026: December 2028 (25), May 2029 (30), October 2029.
      const five = Recurrence.monthly({
        onDays: [-1],
        at: "06:00",
        every: 5,
        startTime: "2026-11-01",
      });
      assert.deepEqual(list(five, "2029-01-01T00:00:00Z", 2), [
        "2029-05-31T06:00:00Z",
        "2029-10-31T06:00:00Z",
      ]);
    });
    it("a schedule naming neither hours nor minutes fires at the start's time", () => {
      const d = Recurrence.fromAdf({
        frequency: "Day",
        startTime: "2026-01-01T02:00:30Z",
        schedule: {},
      });
      assert.deepEqual(list(d, "2026-01-01T00:00:00Z", 1), ["2026-01-01T02:00:30Z"]);
      const m = Recurrence.fromAdf({
        frequency: "Month",
        startTime: "2026-01-05T02:00:00Z",
        schedule: { hours: [3] },
      });
      assert.deepEqual(list(m, "2026-01-01T00:00:00Z", 2), [
        "2026-01-05T03:00:00Z",
        "2026-02-05T03:00:00Z",
      ]);
    });
    it("a window far after the start keeps the interval's phase (days, weeks, months)", () => {
      const d = Recurrence.daily({ at: "06:00", every: 3, startTime: "2026-01-01" });
      assert.deepEqual(list(d, "2026-03-01T07:00:00Z", 2), [
        "2026-03-02T06:00:00Z", // day 60 after the start: 3 x 20
        "2026-03-05T06:00:00Z",
      ]);
      // Week 0 is the start's week (Sunday 2025-12-28); every 3rd week from it.
      const w = Recurrence.weekly({
        on: ["Monday", "Saturday"],
        at: "06:00",
        every: 3,
        startTime: "2026-01-01",
      });
      assert.deepEqual(list(w, "2026-01-01T00:00:00Z", 4), [
        "2026-01-03T06:00:00Z",
        "2026-01-19T06:00:00Z",
        "2026-01-24T06:00:00Z",
        "2026-02-09T06:00:00Z",
      ]);
      assert.deepEqual(list(w, "2026-06-01T00:00:00Z", 3), [
        "2026-06-15T06:00:00Z", // week 24 from the anchor starts Sunday 14 June
        "2026-06-20T06:00:00Z",
        "2026-07-06T06:00:00Z",
      ]);
      // Every 5 months from November 2026: April 2027, September 2027, February 2028.
      const m = Recurrence.monthly({
        onDays: [-1],
        at: "06:00",
        every: 5,
        startTime: "2026-11-01",
      });
      assert.deepEqual(list(m, "2026-01-01T00:00:00Z", 3), [
        "2026-11-30T06:00:00Z",
        "2027-04-30T06:00:00Z",
        "2027-09-30T06:00:00Z",
      ]);
      assert.deepEqual(list(m, "2027-10-01T00:00:00Z", 2), [
        "2028-02-29T06:00:00Z",
        "2028-07-31T06:00:00Z",
      ]);
    });
  });

  describe("calendars, against croner", () => {
    it("daily in Berlin across both DST changes", () => {
      const r = Recurrence.daily({
        at: "02:30",
        timeZone: "Europe/Berlin",
        startTime: "2026-03-01",
      });
      for (const from of ["2026-03-27T00:00:00Z", "2026-10-23T00:00:00Z"]) {
        assert.deepEqual(list(r, from, 4), cron("0 30 2 * * *", "Europe/Berlin", from, 4), from);
      }
      // Both sides spelled out: the skipped 02:30 fires at 03:00 CEST, the repeated one once, first.
      assert.deepEqual(list(r, "2026-03-28T00:00:00Z", 3), [
        "2026-03-28T01:30:00Z",
        "2026-03-29T01:00:00Z",
        "2026-03-30T00:30:00Z",
      ]);
      assert.deepEqual(list(r, "2026-10-25T00:00:00Z", 2), [
        "2026-10-25T00:30:00Z",
        "2026-10-26T01:30:00Z",
      ]);
    });
    it("weekly in Sydney, a window crossing the southern spring change", () => {
      const r = Recurrence.weekly({
        on: ["Sunday", "Wednesday"],
        at: "02:30",
        timeZone: "Australia/Sydney",
        startTime: "2026-09-01",
      });
      const ours = scheduleFirings(r, { from: at("2026-09-20T00:00:00Z"), limit: 6 });
      assert.deepEqual(
        ours.map((f) => show(f.at)),
        cron("0 30 2 * * 0,3", "Australia/Sydney", "2026-09-20T00:00:00Z", 6),
      );
      // 2026-10-04 02:30 does not exist in Sydney: fired when the clock jumps, marked as a gap.
      assert.deepEqual(
        ours.filter((f) => f.kind !== "exact").map((f) => [show(f.at), f.kind]),
        [["2026-10-03T16:00:00Z", "gap"]],
      );
    });
    it("monthly first, last and every such week day, and day 31, in New York", () => {
      const r = Recurrence.monthly({
        onDays: [31],
        onOccurrences: [
          { day: "Monday", occurrence: 1 },
          { day: "Friday", occurrence: -1 },
        ],
        at: "09:00",
        timeZone: "America/New_York",
        startTime: "2026-01-01",
      });
      assert.deepEqual(list(r, "2026-01-01T00:00:00Z", 9), [
        "2026-01-05T14:00:00Z", // first Monday
        "2026-01-30T14:00:00Z", // last Friday
        "2026-01-31T14:00:00Z", // the 31st
        "2026-02-02T14:00:00Z",
        "2026-02-27T14:00:00Z", // February has no 31st
        "2026-03-02T14:00:00Z",
        "2026-03-27T13:00:00Z", // EDT from 8 March
        "2026-03-31T13:00:00Z",
        "2026-04-06T13:00:00Z",
      ]);
      const every = Recurrence.monthly({
        onOccurrences: [{ day: "Thursday" }],
        at: "09:00",
        timeZone: "America/New_York",
        startTime: "2026-01-01",
      });
      assert.deepEqual(
        list(every, "2026-01-02T00:00:00Z", 6),
        cron("0 0 9 * * 4", "America/New_York", "2026-01-02T00:00:00Z", 6),
      );
    });
    it("the fifth and the fourth-from-last occurrence exist only in some months", () => {
      const fifth = Recurrence.monthly({
        onOccurrences: [{ day: "Sunday", occurrence: 5 }],
        at: "00:00",
        startTime: "2026-01-01",
      });
      // Months of 2026 with five Sundays: March, May, August, November.
      assert.deepEqual(list(fifth, "2026-01-01T00:00:00Z", 4), [
        "2026-03-29T00:00:00Z",
        "2026-05-31T00:00:00Z",
        "2026-08-30T00:00:00Z",
        "2026-11-29T00:00:00Z",
      ]);
      const fifthLast = Recurrence.monthly({
        onOccurrences: [{ day: "Sunday", occurrence: -5 }],
        at: "00:00",
        startTime: "2026-01-01",
      });
      assert.deepEqual(list(fifthLast, "2026-01-01T00:00:00Z", 2), [
        "2026-03-01T00:00:00Z",
        "2026-05-03T00:00:00Z",
      ]);
    });
    it("month days from the end: -31 only in 31-day months, -28 in February", () => {
      const r = Recurrence.monthly({ onDays: [-31, -28], at: "00:00", startTime: "2025-12-01" });
      assert.deepEqual(list(r, "2026-01-01T00:00:00Z", 5), [
        "2026-01-01T00:00:00Z",
        "2026-01-04T00:00:00Z",
        "2026-02-01T00:00:00Z",
        "2026-03-01T00:00:00Z",
        "2026-03-04T00:00:00Z",
      ]);
    });
    it("a month recurrence without days fires on the start's day", () => {
      const r = Recurrence.fromAdf({ frequency: "Month", startTime: "2026-01-31T08:00:00Z" });
      assert.deepEqual(list(r, "2026-01-01T00:00:00Z", 3), [
        "2026-01-31T08:00:00Z",
        "2026-03-31T08:00:00Z",
        "2026-05-31T08:00:00Z",
      ]);
    });
    it("a week recurrence without days fires on the start's week day", () => {
      const r = Recurrence.fromAdf({
        frequency: "Week",
        interval: 2,
        startTime: "2026-01-01T08:00:00Z",
      });
      assert.deepEqual(list(r, "2026-01-01T00:00:00Z", 2), [
        "2026-01-01T08:00:00Z",
        "2026-01-15T08:00:00Z",
      ]);
    });
  });

  describe("notes: why the list stops early", () => {
    it("a month recurrence whose cycle never has the day says so", () => {
      const r = Recurrence.monthly({
        onDays: [30],
        at: "00:00",
        every: 12,
        startTime: "2026-02-01",
      });
      assert.deepEqual(expandSchedule(r, { from: at("2026-02-01T00:00:00Z"), limit: 1 }), {
        firings: [],
        note: "never fires: no month of its cycle (every 12 month(s) from 2026-02) has the scheduled day",
      });
    });
    it("a month recurrence past the year 9999 says so", () => {
      const r = Recurrence.monthly({
        onDays: [1],
        at: "01:00",
        every: 12,
        startTime: "9997-06-01",
      });
      assert.deepEqual(expandSchedule(r, { from: at("9997-01-01T00:00:00Z"), limit: 5 }), {
        firings: ["9997-06-01", "9998-06-01", "9999-06-01"].map((d) => ({
          at: at(`${d}T01:00:00Z`),
          kind: "exact",
        })),
        note: "never fires again before the year 10000",
      });
    });
    it("a bounded list that ends within the window has no note", () => {
      const r = Recurrence.daily({ at: "02:00" });
      assert.deepEqual(
        Object.keys(
          expandSchedule(r, {
            from: at("2026-01-01T00:00:00Z"),
            until: at("2026-01-05T00:00:00Z"),
          }),
        ),
        ["firings"],
      );
    });
    it(`a minute cadence stops at the hard bound of ${MAX_EXPANSION_STEPS} steps`, () => {
      const r = Recurrence.every(Duration.minutes(1), { startTime: "2026-01-01T00:00" });
      const plan = expandSchedule(r, {
        from: at("2026-01-01T00:00:00Z"),
        until: at("2031-01-01T00:00:00Z"),
      });
      assert.equal(plan.firings.length, MAX_EXPANSION_STEPS);
      assert.equal(
        plan.note,
        "stopped after 2000000 steps (the engine's hard bound); narrow the window",
      );
      assert.equal(
        plan.firings[MAX_EXPANSION_STEPS - 1].at,
        at("2026-01-01T00:00:00Z") + (MAX_EXPANSION_STEPS - 1) * 60_000,
      );
    });
  });
});
