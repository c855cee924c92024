import { strict as assert } from "assert";
import { tumblingWindows, windowStart } from "../../lib/schedule";

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
