import { strict as assert } from "assert";
import fc from "fast-check";
import { MAX_EXPANSION_STEPS, tumblingWindows, windowStart } from "../../lib/schedule";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

describe("tumblingWindows", () => {
  it("counts a 2-day hourly backfill and lists the next windows, due at end + delay", () => {
    const plan = tumblingWindows(
      {
        frequency: "Hour",
        interval: 1,
        startTime: at("2026-11-25T00:00:00Z"),
        delaySeconds: 15 * 60,
      },
      { from: at("2026-11-27T00:00:00Z"), limit: 2 },
    );
    assert.equal(plan.backfill, 47); // the 48th window (23:00-00:00) is due at 00:15
    assert.deepEqual(
      plan.windows.map((w) => [iso(w.start), iso(w.end), iso(w.dueAt)]),
      [
        ["2026-11-26T23:00:00Z", "2026-11-27T00:00:00Z", "2026-11-27T00:15:00Z"],
        ["2026-11-27T00:00:00Z", "2026-11-27T01:00:00Z", "2026-11-27T01:15:00Z"],
      ],
    );
  });
  it("has no backfill when the start is in the future", () => {
    const plan = tumblingWindows(
      { frequency: "Minute", interval: 15, startTime: at("2026-12-01T00:00:00Z") },
      { from: at("2026-11-27T00:00:00Z"), limit: 1 },
    );
    assert.equal(plan.backfill, 0);
    assert.equal(iso(plan.windows[0].dueAt), "2026-12-01T00:15:00Z");
  });
  it("stops at the end time and backfills only windows that end by it", () => {
    const plan = tumblingWindows(
      {
        frequency: "Hour",
        interval: 6,
        startTime: at("2026-11-01T00:00:00Z"),
        endTime: at("2026-11-02T00:00:00Z"),
      },
      { from: at("2026-11-27T00:00:00Z"), limit: 5 },
    );
    assert.equal(plan.backfill, 4);
    assert.deepEqual(plan.windows, []);
  });
  it("month windows keep the start day, clamped to short months", () => {
    const spec = {
      frequency: "Month" as const,
      interval: 1,
      startTime: at("2026-01-31T00:00:00Z"),
    };
    assert.deepEqual(
      [1, 2].map((k) => iso(windowStart(spec, k))),
      ["2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z"],
    );
    const plan = tumblingWindows(spec, { from: at("2026-04-15T00:00:00Z"), limit: 1 });
    assert.equal(plan.backfill, 2);
    assert.equal(iso(plan.windows[0].start), "2026-03-31T00:00:00Z");
  });
  it("windows are contiguous: each ends where the next starts", () => {
    const plan = tumblingWindows(
      { frequency: "Minute", interval: 5, startTime: at("2026-01-01T00:00:00Z") },
      { from: at("2026-01-01T01:02:00Z"), limit: 20 },
    );
    plan.windows.slice(1).forEach((w, i) => assert.equal(w.start, plan.windows[i].end));
  });
});

describe("tumblingWindows: edges pinned by mutation testing", () => {
  const month = (
    startTime: string,
    interval = 1,
    extra: { endTime?: string; delaySeconds?: number } = {},
  ) => ({
    frequency: "Month" as const,
    interval,
    startTime: at(startTime),
    endTime: extra.endTime === undefined ? undefined : at(extra.endTime),
    delaySeconds: extra.delaySeconds,
  });
  const starts = (plan: { windows: { start: number }[] }) => plan.windows.map((w) => iso(w.start));

  it("month windows cross a year, keeping the day and the time of day", () => {
    const spec = month("2026-11-30T06:30:15Z");
    assert.deepEqual(
      [0, 1, 2, 3, 14].map((k) => iso(windowStart(spec, k))),
      [
        "2026-11-30T06:30:15Z",
        "2026-12-30T06:30:15Z",
        "2027-01-30T06:30:15Z",
        "2027-02-28T06:30:15Z",
        "2028-01-30T06:30:15Z",
      ],
    );
    const plan = tumblingWindows(spec, { from: at("2027-01-01T00:00:00Z"), limit: 2 });
    assert.equal(plan.backfill, 1);
    assert.deepEqual(starts(plan), ["2026-12-30T06:30:15Z", "2027-01-30T06:30:15Z"]);
    assert.equal(iso(plan.windows[0].end), "2027-01-30T06:30:15Z");
  });

  it("month intervals of 2 and more step that many months, clamped to short months", () => {
    const quarterly = month("2026-01-31T00:00:00Z", 3);
    assert.deepEqual(
      [1, 2, 3, 4].map((k) => iso(windowStart(quarterly, k))),
      [
        "2026-04-30T00:00:00Z",
        "2026-07-31T00:00:00Z",
        "2026-10-31T00:00:00Z",
        "2027-01-31T00:00:00Z",
      ],
    );
    const plan = tumblingWindows(month("2026-02-15T00:00:00Z", 2), {
      from: at("2026-09-01T00:00:00Z"),
      limit: 2,
    });
    // Windows Feb-Apr, Apr-Jun, Jun-Aug are due before September 1; Aug-Oct is next.
    assert.equal(plan.backfill, 3);
    assert.deepEqual(starts(plan), ["2026-08-15T00:00:00Z", "2026-10-15T00:00:00Z"]);
  });

  it("finds the window of a far 'from' exactly (the month estimate and its correction)", () => {
    for (const [interval, from, backfill, first] of [
      [1, "2036-05-10T00:00:00Z", 123, "2036-04-15T00:00:00Z"],
      [1, "2036-05-20T00:00:00Z", 124, "2036-05-15T00:00:00Z"],
      [5, "2036-05-10T00:00:00Z", 24, "2036-01-15T00:00:00Z"],
      [7, "2030-01-01T00:00:00Z", 6, "2029-07-15T00:00:00Z"],
    ] as const) {
      const plan = tumblingWindows(month("2026-01-15T00:00:00Z", interval), {
        from: at(from),
        limit: 1,
      });
      assert.equal(plan.backfill, backfill, `${interval} ${from}`);
      assert.deepEqual(starts(plan), [first], `${interval} ${from}`);
    }
  });

  it("a month window's end day clamps, and the end time bounds month windows", () => {
    const plan = tumblingWindows(
      month("2026-01-31T00:00:00Z", 1, { endTime: "2026-05-30T00:00:00Z" }),
      {
        from: at("2026-01-01T00:00:00Z"),
        limit: 10,
      },
    );
    assert.deepEqual(starts(plan), [
      "2026-01-31T00:00:00Z",
      "2026-02-28T00:00:00Z",
      "2026-03-31T00:00:00Z",
    ]);
    const exact = tumblingWindows(
      month("2026-01-31T00:00:00Z", 1, { endTime: "2026-04-30T00:00:00Z" }),
      {
        from: at("2026-06-01T00:00:00Z"),
        limit: 10,
      },
    );
    assert.deepEqual([exact.backfill, exact.windows.length], [3, 0]);
  });

  it("lists a window due exactly at 'from', and not the one due just before", () => {
    const spec = {
      frequency: "Hour" as const,
      interval: 1,
      startTime: at("2026-11-27T00:00:00Z"),
      delaySeconds: 600,
    };
    const onDue = tumblingWindows(spec, { from: at("2026-11-27T03:10:00Z"), limit: 1 });
    assert.equal(onDue.backfill, 2);
    assert.equal(iso(onDue.windows[0].dueAt), "2026-11-27T03:10:00Z");
    const after = tumblingWindows(spec, { from: at("2026-11-27T03:10:01Z"), limit: 1 });
    assert.equal(after.backfill, 3);
    assert.equal(iso(after.windows[0].dueAt), "2026-11-27T04:10:00Z");
    const monthly = month("2026-01-10T00:00:00Z", 1, { delaySeconds: 3600 });
    const onMonthDue = tumblingWindows(monthly, { from: at("2026-03-10T01:00:00Z"), limit: 1 });
    assert.equal(onMonthDue.backfill, 1);
    assert.equal(iso(onMonthDue.windows[0].dueAt), "2026-03-10T01:00:00Z");
    const atStart = tumblingWindows(spec, { from: spec.startTime, limit: 1 });
    assert.deepEqual(
      [atStart.backfill, iso(atStart.windows[0].start)],
      [0, "2026-11-27T00:00:00Z"],
    );
  });

  it("with a delay longer than a window, the first window due is still the one due first", () => {
    const spec = {
      frequency: "Minute" as const,
      interval: 15,
      startTime: at("2026-11-27T00:00:00Z"),
      delaySeconds: 3600,
    };
    const plan = tumblingWindows(spec, { from: at("2026-11-27T02:00:00Z"), limit: 2 });
    assert.equal(plan.backfill, 3);
    assert.deepEqual(
      plan.windows.map((w) => iso(w.dueAt)),
      ["2026-11-27T02:00:00Z", "2026-11-27T02:15:00Z"],
    );
  });

  it("'until' stops before a window due at it; 'limit' alone or 'until' alone is enough", () => {
    const spec = { frequency: "Hour" as const, interval: 2, startTime: at("2026-11-27T00:00:00Z") };
    const untilOnly = tumblingWindows(spec, {
      from: at("2026-11-27T00:00:00Z"),
      until: at("2026-11-27T08:00:00Z"),
    });
    assert.deepEqual(
      untilOnly.windows.map((w) => iso(w.dueAt)),
      ["2026-11-27T02:00:00Z", "2026-11-27T04:00:00Z", "2026-11-27T06:00:00Z"],
    );
    assert.equal(untilOnly.note, undefined);
    const both = tumblingWindows(spec, {
      from: at("2026-11-27T00:00:00Z"),
      until: at("2026-11-27T08:00:01Z"),
      limit: 5,
    });
    assert.equal(both.windows.length, 4);
    assert.throws(() => tumblingWindows(spec, { from: at("2026-11-27T00:00:00Z") }), {
      name: "RangeError",
      message: "tumblingWindows needs 'until' or 'limit'",
    });
  });

  it("never fires on an interval that is not a positive integer or a start that is not a time", () => {
    for (const spec of [
      { frequency: "Hour" as const, interval: 0, startTime: at("2026-11-27T00:00:00Z") },
      { frequency: "Hour" as const, interval: 1.5, startTime: at("2026-11-27T00:00:00Z") },
      { frequency: "Hour" as const, interval: 1, startTime: NaN },
    ]) {
      assert.deepEqual(tumblingWindows(spec, { from: 0, limit: 3 }), {
        backfill: 0,
        windows: [],
        note: `never fires: interval ${spec.interval} is not a positive integer, or the start is not a time`,
      });
    }
    assert.equal(
      tumblingWindows({ frequency: "Hour", interval: 1, startTime: 0 }, { from: 0, limit: 1 })
        .windows.length,
      1,
    );
  });

  it("stops listing after MAX_EXPANSION_STEPS windows, with a note", function () {
    this.timeout(120_000);
    const plan = tumblingWindows(
      { frequency: "Minute", interval: 1, startTime: at("2026-01-01T00:00:00Z") },
      // One window more than the engine lists, so that a run without the stop is short too.
      {
        from: at("2026-01-01T00:00:00Z"),
        until: at("2026-01-01T00:00:00Z") + (MAX_EXPANSION_STEPS + 2) * 60_000,
      },
    );
    assert.equal(plan.windows.length, MAX_EXPANSION_STEPS);
    assert.equal(plan.note, `stopped after ${MAX_EXPANSION_STEPS} windows`);
    assert.equal(plan.backfill, 0);
  });
});

describe("tumblingWindows against a window-by-window oracle", () => {
  // The oracle walks windows one by one from the start (windowStart itself is pinned above by
  // literal dates); the engine computes the index of the first window due at or after `from`.
  it("agrees on the backfill and the next windows for any frequency, interval, delay and end", () =>
    fc.assert(
      fc.property(
        fc.constantFrom("Minute" as const, "Hour" as const, "Month" as const),
        fc.integer({ min: 1, max: 13 }),
        fc.integer({ min: 0, max: 400 * 86_400 }),
        fc.integer({ min: 0, max: 3 }),
        fc.option(fc.integer({ min: 0, max: 3 * 86_400 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
        fc.integer({ min: -5, max: 120 }),
        (frequency, interval, startOffset, delayPick, delaySeconds, endWindows, fromWindows) => {
          const spec = {
            frequency,
            interval,
            startTime: at("2026-01-29T07:45:00Z") + startOffset * 1000,
            delaySeconds: [0, delaySeconds, 3600, undefined][delayPick],
            endTime: undefined as number | undefined,
          };
          const delay = (spec.delaySeconds ?? 0) * 1000;
          if (endWindows !== undefined) spec.endTime = windowStart(spec, endWindows) + 1;
          const from =
            windowStart(spec, Math.max(0, fromWindows)) + (fromWindows < 0 ? -1 : 0) + delay;
          const exists = (k: number) =>
            spec.endTime === undefined || windowStart(spec, k + 1) <= spec.endTime;
          let first = 0;
          while (exists(first) && windowStart(spec, first + 1) + delay < from) first++;
          const expected: number[] = [];
          for (let k = first; expected.length < 3 && exists(k); k++)
            expected.push(windowStart(spec, k));
          const plan = tumblingWindows(spec, { from, limit: 3 });
          assert.deepEqual(
            plan.windows.map((w) => w.start),
            expected,
          );
          assert.equal(plan.backfill, first); // every window before it was due before `from`
          for (const w of plan.windows) assert.equal(w.dueAt, w.end + delay);
        },
      ),
      { numRuns: 300 },
    ));
});
