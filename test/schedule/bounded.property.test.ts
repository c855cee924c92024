import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import fc from "fast-check";
import * as path from "path";
import { VALIDATION_CODES, ValidationError } from "../../lib/core";
import { triggerTimeline } from "../../lib/schedule";

/**
 * No loop in lib/schedule runs unbounded: schedules that cannot fire (or that a strict reader used
 * to hang on) return no firings with a reason, and any recurrence JSON either plans or is refused
 * with a coded error.
 */

const ROOT = path.resolve(__dirname, "../..");
const FROM = Date.UTC(2026, 2, 1);

/**
 * Runs the expansions in a child process with a wall-clock limit: a loop that never ends is
 * killed and fails the test instead of hanging the suite. The limit is a termination guard, not a
 * speed assertion (it is far above what the expansions need on a loaded machine).
 */
function runIsolated(script: string): unknown {
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
    cwd: ROOT,
    timeout: 120_000,
    encoding: "utf8",
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
  });
  assert.equal(r.error, undefined, `the expansion did not terminate: ${r.error}`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

describe("bounded expansion", () => {
  it("the interval-less trigger from the issue (and never-firing ones) terminate, with a reason when empty", function () {
    this.timeout(180_000);
    const out = runIsolated(`
      const { triggerTimeline, tumblingWindows } = require("./lib/schedule");
      const from = ${FROM};
      const timeline = (recurrence) => triggerTimeline({ type: "ScheduleTrigger", recurrence, pipelines: [] });
      // Microsoft Learn's schema: interval optional, default 1. Limit only, no end of window.
      const noInterval = timeline({ frequency: "Day", startTime: "2026-01-01T00:00:00Z", schedule: { hours: [2] } })
        .expand(from, Infinity, 5);
      // Day 31 every 12 months from April: April never has a 31st.
      const never = timeline({ frequency: "Month", interval: 12, startTime: "2026-04-01T00:00:00Z", schedule: { monthDays: [31] } })
        .expand(from, Infinity, 5);
      // A tumbling spec without an interval, as a plain-JavaScript caller could build it.
      const tumbling = tumblingWindows({ frequency: "Hour", startTime: from }, { from, limit: 5 });
      console.log(JSON.stringify({
        noInterval: noInterval.firings.length,
        never: [never.firings.length, never.note],
        tumbling: [tumbling.windows.length, tumbling.note],
      }));
    `) as { noInterval: number; never: [number, string]; tumbling: [number, string] };
    assert.equal(out.noInterval, 5);
    assert.equal(out.never[0], 0);
    assert.match(out.never[1], /^never fires/);
    assert.equal(out.tumbling[0], 0);
    assert.match(out.tumbling[1], /^never fires/);
  });

  it("property: any recurrence JSON either plans within the bound or is refused with a coded error", () => {
    const anyCase = (values: readonly string[]) =>
      fc.constantFrom(...values).chain((v) => fc.constantFrom(v, v.toLowerCase(), v.toUpperCase()));
    // Mostly valid values (each field is refused alone by the unit tests), with invalid ones
    // mixed in, so that both planning and refusing are exercised.
    const valid = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>): fc.Arbitrary<T> =>
      fc.oneof({ arbitrary: good, weight: 9 }, { arbitrary: bad as fc.Arbitrary<T>, weight: 1 });
    const frequency = valid(
      anyCase(["Minute", "Hour", "Day", "Week", "Month"]),
      fc.constantFrom("Year", "", "daily", undefined),
    );
    const interval = valid(
      fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 1000 })),
      fc.constantFrom(0, -1, 1001, 1.5, Number.NaN, "2" as unknown as number),
    );
    const zoned = valid(
      fc.oneof(
        fc.record({
          timeZone: fc.constantFrom(undefined, "", "UTC"),
          startTime: fc.constantFrom(
            "2026-01-01T00:00:00Z",
            "2018-06-16T00:39:13.8441801Z",
            "2026-01-31T23:59:00Z",
          ),
        }),
        fc.record({
          timeZone: fc.constantFrom(
            "W. Europe Standard Time",
            "Europe/Berlin",
            "AUS Eastern Standard Time",
          ),
          startTime: fc.constantFrom("2026-01-01T00:00:00", "2026-03-29T02:30:00.5"),
        }),
      ),
      fc.record({
        timeZone: fc.constantFrom(undefined, "UTC", "W. Europe Standard Time", "Mars/Olympus"),
        startTime: fc.constantFrom(
          "2026-01-01T00:00:00",
          "2026-01-01T00:00:00+02:00",
          "2026-02-30T00:00:00Z",
          "12",
          undefined as unknown as string,
        ),
      }),
    );
    const days = anyCase(["Sunday", "Monday", "Friday", "Saturday"]);
    const list = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) =>
      fc.array(valid(good, bad), { maxLength: 4 });
    const schedule = fc.option(
      fc.record(
        {
          minutes: list(fc.integer({ min: 0, max: 59 }), fc.constantFrom(-1, 60)),
          hours: list(fc.integer({ min: 0, max: 23 }), fc.constantFrom(-1, 24)),
          weekDays: list(days, fc.constant("Funday")),
          monthDays: list(
            fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: -31, max: -1 })),
            fc.constantFrom(0, 32),
          ),
          monthlyOccurrences: fc.array(
            fc.record(
              {
                day: days,
                occurrence: valid(
                  fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -5, max: -1 })),
                  fc.constantFrom(0, 6),
                ),
              },
              { requiredKeys: ["day"] },
            ),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined, freq: 2 },
    );
    const recurrence = fc
      .record({ frequency, interval, zoned, schedule })
      .map(({ zoned: z, ...rest }) => ({ ...rest, ...z }));
    const codes = new Set<string>(VALIDATION_CODES);
    let planned = 0;

    fc.assert(
      fc.property(recurrence, fc.boolean(), (rec, windowed) => {
        let timeline;
        try {
          timeline = triggerTimeline({ type: "ScheduleTrigger", recurrence: rec, pipelines: [] });
        } catch (e) {
          assert.ok(ValidationError.isValidationError(e), `not a coded error: ${String(e)}`);
          assert.ok(codes.has(e.code), e.code);
          assert.match(e.prop, /^properties\.recurrence/);
          return;
        }
        planned++;
        const until = windowed ? FROM + 40 * 86_400_000 : Infinity;
        const plan = timeline!.expand(FROM, until, 200);
        assert.ok(plan.firings.length <= 200);
        for (let i = 0; i < plan.firings.length; i++) {
          const at = plan.firings[i].at;
          assert.ok(at >= FROM && at < until);
          if (i > 0) assert.ok(at > plan.firings[i - 1].at, "firings strictly increase");
        }
        if (plan.firings.length < 200 && !windowed) assert.ok(plan.note, "an early stop says why");
        assert.doesNotMatch(timeline!.cadence, /undefined|NaN/);
      }),
      { seed: 20261128, numRuns: 600 },
    );
    // Both branches are exercised, not only the refusals.
    assert.ok(planned >= 60, `only ${planned} of 600 generated recurrences planned`);
  });
});
