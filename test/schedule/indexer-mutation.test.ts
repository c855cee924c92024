import { strict as assert } from "assert";
import { TimeZone, ValidationError } from "../../lib/core";
import {
  describeIndexerInterval,
  expandIndexer,
  indexerFirings,
  indexerTimeline,
  MAX_EXPANSION_STEPS,
} from "../../lib/schedule";

/**
 * Pins down the Azure AI Search indexer schedule for mutation testing
 * (`npm run test:mutation -- lib/schedule/indexer.ts`). Search runs an indexer at
 * `startTime + k * interval` in UTC, interval PT5M to PT24H
 * (https://learn.microsoft.com/azure/search/search-howto-schedule-indexers).
 */
const at = (iso: string) => Date.parse(iso);
const show = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const MIN = 60_000;
const HOUR = 60 * MIN;

describe("indexer schedule (pinned behaviour)", () => {
  describe("describeIndexerInterval", () => {
    const cases: Array<[number, string | undefined, string]> = [
      [90_000, "2025-01-01T00:00:00Z", "every PT1M30S from 2025-01-01T00:00:00.000Z"],
      [90_000, undefined, "every PT1M30S from creation"],
      [5 * MIN, "2025-01-01T00:00:30Z", "every PT5M from 2025-01-01T00:00:30.000Z"],
      [5 * MIN, "2025-01-01T00:00:00.500Z", "every PT5M from 2025-01-01T00:00:00.500Z"],
      [5 * MIN, "2025-01-01T00:00:05.005Z", "every PT5M from 2025-01-01T00:00:05.005Z"],
      [24 * HOUR, "2025-01-01T01:30:00Z", "daily at 01:30"],
      [24 * HOUR, undefined, "daily at the time of creation"],
      [HOUR, undefined, "hourly from creation"],
      [HOUR, "2025-01-01T01:07:00Z", "hourly at :07"],
      [6 * HOUR, undefined, "every 6 hours from creation"],
      [6 * HOUR, "2025-01-01T13:30:00Z", "every 6 hours at :30 from 01:30"],
      [2 * HOUR, "2025-01-01T03:05:00Z", "every 2 hours at :05 from 01:05"],
      [12 * HOUR, "2025-01-01T20:45:00Z", "every 12 hours at :45 from 08:45"],
      [5 * HOUR, "2025-01-01T13:30:00Z", "every 5 hours from 2025-01-01 13:30"],
      [5 * HOUR, undefined, "every 5 hours from creation"],
      [48 * HOUR, "2025-01-01T13:30:00Z", "every 48 hours from 2025-01-01 13:30"],
      [15 * MIN, "2025-01-01T00:05:00Z", "every 15 minutes from :05"],
      [15 * MIN, "2025-01-01T00:30:00Z", "every 15 minutes"],
      [15 * MIN, undefined, "every 15 minutes from creation"],
      [5 * MIN, "2025-01-01T09:07:00Z", "every 5 minutes from :02"],
      [7 * MIN, "2025-01-01T01:30:00Z", "every 7 minutes from 2025-01-01 01:30"],
      [90 * MIN, "2025-01-01T01:30:00Z", "every 90 minutes from 2025-01-01 01:30"],
      [90 * MIN, undefined, "every 90 minutes from creation"],
    ];
    for (const [ms, start, text] of cases) {
      it(`${ms / 1000} s from ${start ?? "creation"}: ${text}`, () =>
        assert.equal(
          describeIndexerInterval(ms, start === undefined ? undefined : at(start)),
          text,
        ));
    }
  });

  describe("indexerFirings", () => {
    const spec = { intervalMs: 2 * HOUR, startMs: at("2026-01-01T00:30:00Z") };
    it("needs until or limit", () => {
      assert.throws(
        () => indexerFirings(spec, { from: 0 }),
        (e: unknown) =>
          e instanceof RangeError && e.message === "indexerFirings needs 'until' or 'limit'",
      );
    });
    it("steps from the start in UTC, from included, until excluded", () => {
      assert.deepEqual(
        indexerFirings(spec, {
          from: at("2026-01-01T02:30:00Z"),
          until: at("2026-01-01T08:30:00Z"),
        }).map((f) => [show(f.at), f.kind]),
        [
          ["2026-01-01T02:30:00Z", "exact"],
          ["2026-01-01T04:30:00Z", "exact"],
          ["2026-01-01T06:30:00Z", "exact"],
        ],
      );
      assert.deepEqual(
        indexerFirings(spec, { from: new Date("2026-01-01T02:31:00Z"), limit: 2 }).map((f) =>
          show(f.at),
        ),
        ["2026-01-01T04:30:00Z", "2026-01-01T06:30:00Z"],
      );
    });
    it("nothing before the start", () => {
      assert.deepEqual(
        indexerFirings(spec, { from: at("2025-12-01T00:00:00Z"), limit: 1 }).map((f) => show(f.at)),
        ["2026-01-01T00:30:00Z"],
      );
      assert.deepEqual(indexerFirings(spec, { from: 0, until: at("2026-01-01T00:30:00Z") }), []);
    });
    it("no firings for a zero, negative or NaN interval, or a limit of 0", () => {
      for (const intervalMs of [0, -HOUR, NaN]) {
        assert.deepEqual(indexerFirings({ ...spec, intervalMs }, { from: 0, limit: 3 }), []);
      }
      assert.deepEqual(indexerFirings(spec, { from: 0, limit: 0 }), []);
    });
  });

  describe("expandIndexer", () => {
    const spec = { intervalMs: 5 * MIN, startMs: at("2026-01-01T00:00:00Z") };
    it(`stops at ${MAX_EXPANSION_STEPS} firings and says so, unless the limit asked for that many`, () => {
      const far = expandIndexer(spec, { from: spec.startMs, until: at("2100-01-01T00:00:00Z") });
      assert.equal(far.firings.length, MAX_EXPANSION_STEPS);
      assert.equal(far.note, "stopped after 2000000 firings (hard bound)");
      const asked = expandIndexer(spec, { from: spec.startMs, limit: MAX_EXPANSION_STEPS });
      assert.equal(asked.firings.length, MAX_EXPANSION_STEPS);
      assert.deepEqual(Object.keys(asked), ["firings"]);
      const more = expandIndexer(spec, { from: spec.startMs, limit: MAX_EXPANSION_STEPS + 1 });
      assert.equal(more.note, "stopped after 2000000 firings (hard bound)");
    });
    it("a list bounded by 'until' has no note", () => {
      const plan = expandIndexer(spec, { from: spec.startMs, until: spec.startMs + 60 * MIN });
      assert.equal(plan.firings.length, 12);
      assert.deepEqual(Object.keys(plan), ["firings"]);
    });
    it("a short list has no note", () => {
      assert.deepEqual(expandIndexer(spec, { from: spec.startMs, limit: 2 }), {
        firings: [
          { at: spec.startMs, kind: "exact" },
          { at: spec.startMs + 5 * MIN, kind: "exact" },
        ],
      });
    });
  });

  describe("indexerTimeline", () => {
    it("is a UTC clock trigger without pipelines; its cadence says it also runs on creation", () => {
      const t = indexerTimeline({ interval: "PT2H", startTime: "2026-01-01T00:30:00Z" });
      assert.equal(t.kind, "SearchIndexer");
      assert.equal(t.timeZone, TimeZone.UTC);
      assert.equal(t.clock, true);
      assert.equal(t.cadence, "every 2 hours at :30 from 00:30 (also runs once when created)");
      assert.deepEqual([t.pipelines, t.dependsOn], [[], []]);
      assert.equal(t.backfill(at("2026-01-01T00:00:00Z")), undefined);
      const from = at("2026-01-01T01:00:00Z");
      assert.deepEqual(
        t.firings(from, Infinity, 2).map((f) => show(f.at)),
        ["2026-01-01T02:30:00Z", "2026-01-01T04:30:00Z"],
      );
      assert.deepEqual(
        t.expand(from, at("2026-01-01T05:00:00Z"), undefined).firings.map((f) => show(f.at)),
        ["2026-01-01T02:30:00Z", "2026-01-01T04:30:00Z"],
      );
    });
    it("without a start, runs are anchored at the deploy ('from')", () => {
      const t = indexerTimeline({ interval: "PT1H" });
      assert.equal(t.cadence, "hourly from creation (also runs once when created)");
      const from = at("2026-01-01T00:17:00Z");
      assert.deepEqual(
        t.firings(from, Infinity, 2).map((f) => show(f.at)),
        ["2026-01-01T00:17:00Z", "2026-01-01T01:17:00Z"],
      );
      assert.deepEqual(
        t.expand(from, Infinity, 2).firings.map((f) => show(f.at)),
        ["2026-01-01T00:17:00Z", "2026-01-01T01:17:00Z"],
      );
    });
    it("refuses an interval that is not an ISO duration", () => {
      assert.throws(
        () => indexerTimeline({ interval: "2 hours" }),
        (e: unknown) => ValidationError.isValidationError(e),
      );
    });
  });
});
