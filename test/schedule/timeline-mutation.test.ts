import { strict as assert } from "assert";
import { Check, TimeZone, ValidationCode, ValidationError } from "../../lib/core";
import { readTumblingWindowSpec, runsIn, triggerTimeline } from "../../lib/schedule";

/**
 * Pins down the reader of Data Factory trigger JSON for mutation testing
 * (`npm run test:mutation -- lib/schedule/timeline.ts`). Limits: the TumblingWindowTrigger ARM
 * schema (azure-rest-api-specs, specification/datafactory/resource-manager/Microsoft.DataFactory/
 * stable/2018-06-01/entityTypes/Trigger.json): interval > 0, maxConcurrency 1-50,
 * retryPolicy.count an integer or expression, retryPolicy.intervalInSeconds 30-86400; the
 * TumblingWindowTrigger component documents interval up to 1000.
 */
const at = (iso: string) => Date.parse(iso);
const show = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const TW = { frequency: "Hour", interval: 1, startTime: "2026-01-01T00:00:00Z" };

function refuses(make: () => unknown, code: ValidationCode, prop: string, message: string) {
  assert.throws(make, (e: unknown) => {
    assert.ok(ValidationError.isValidationError(e), String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.prop, prop, e.message);
    assert.equal(e.message, message);
    return true;
  });
}
const spec = (extra: object) => readTumblingWindowSpec({ ...TW, ...extra });

describe("trigger timelines (pinned behaviour)", () => {
  describe("readTumblingWindowSpec", () => {
    it("reads Azure's spellings: any-case frequency, numeric strings, fractional seconds", () => {
      assert.deepEqual(
        readTumblingWindowSpec({
          frequency: "minute",
          interval: "15",
          startTime: "2026-01-01T00:00:00.5Z",
          endTime: "2026-02-01T00:00:00+01:00",
          delay: "00:10:00",
          maxConcurrency: "5",
        }),
        {
          frequency: "Minute",
          interval: 15,
          startTime: at("2026-01-01T00:00:00.500Z"),
          endTime: at("2026-01-31T23:00:00Z"),
          delaySeconds: 600,
          maxConcurrency: 5,
        },
      );
      assert.deepEqual(spec({ endTime: null, delay: "" }), {
        frequency: "Hour",
        interval: 1,
        startTime: at("2026-01-01T00:00:00Z"),
        endTime: undefined,
        delaySeconds: 0,
      });
      assert.equal(spec({ frequency: "MONTH" }).frequency, "Month");
    });
    it("refuses a missing or unknown frequency", () => {
      const T = "TumblingWindowTrigger";
      refuses(
        () => spec({ frequency: undefined }),
        "REQUIRED",
        "frequency",
        `${T}: 'frequency' is required, got nothing.`,
      );
      refuses(
        () => spec({ frequency: 5 }),
        "INVALID_TYPE",
        "frequency",
        `${T}: 'frequency' must be a string, not number, got 5.`,
      );
      refuses(
        () => spec({ frequency: "Day" }),
        "NOT_ALLOWED",
        "frequency",
        `${T}: 'frequency' must be one of "Minute", "Hour", "Month", got "Day".`,
      );
    });
    it("interval 1 to 1000, required", () => {
      assert.equal(spec({ interval: 1000 }).interval, 1000);
      refuses(
        () => spec({ interval: undefined }),
        "REQUIRED",
        "interval",
        "TumblingWindowTrigger: 'interval' is required, got nothing.",
      );
      for (const n of [0, 1001]) {
        refuses(
          () => spec({ interval: n }),
          "OUT_OF_RANGE",
          "interval",
          `TumblingWindowTrigger: 'interval' must be an integer between 1 and 1000, got ${n}.`,
        );
      }
    });
    it("startTime required, a string with Z or an offset; endTime after it", () => {
      refuses(
        () => spec({ startTime: undefined }),
        "REQUIRED",
        "startTime",
        "TumblingWindowTrigger: 'startTime' is required, got nothing.",
      );
      refuses(
        () => spec({ startTime: 5 }),
        "INVALID_TYPE",
        "startTime",
        "TumblingWindowTrigger: 'startTime' must be a string, not number, got 5.",
      );
      refuses(
        () => spec({ startTime: "2026-01-01T00:00:00" }),
        "INVALID_FORMAT",
        "startTime",
        "TumblingWindowTrigger: 'startTime' must be an ISO 8601 time with Z or an offset (tumbling windows are UTC), e.g. 2026-01-01T00:00:00Z, got \"2026-01-01T00:00:00\".",
      );
      refuses(
        () => spec({ endTime: "2026-01-01T00:00:00Z" }),
        "CONFLICT",
        "endTime",
        "TumblingWindowTrigger: 'endTime' must be after startTime, got \"2026-01-01T00:00:00Z\".",
      );
      refuses(
        () => spec({ endTime: 5 }),
        "INVALID_TYPE",
        "endTime",
        "TumblingWindowTrigger: 'endTime' must be a string, not number, got 5.",
      );
      assert.equal(spec({ endTime: "2026-01-01T00:00:01Z" }).endTime, at("2026-01-01T00:00:01Z"));
    });
    it("delay: a timespan string", () => {
      refuses(
        () => spec({ delay: 5 }),
        "INVALID_TYPE",
        "delay",
        "TumblingWindowTrigger: 'delay' must be a string, not number, got 5.",
      );
      assert.throws(
        () => spec({ delay: "soon" }),
        (e: unknown) =>
          ValidationError.isValidationError(e) &&
          e.prop === "delay" &&
          e.component === "TumblingWindowTrigger",
      );
    });
    it("numbers that are no integer strings are refused at their prop", () => {
      for (const [extra, prop] of [
        [{ interval: "x" }, "interval"],
        [{ maxConcurrency: "x" }, "maxConcurrency"],
        [{ retryPolicy: { intervalInSeconds: "x" } }, "retryPolicy.intervalInSeconds"],
      ] as const) {
        refuses(
          () => spec(extra),
          "INVALID_FORMAT",
          prop,
          `TumblingWindowTrigger: '${prop}' must be an integer, or a string of one such as "15" (Data Factory reads it as 15), got "x".`,
        );
      }
    });
    it("maxConcurrency 1 to 50", () => {
      assert.equal(spec({ maxConcurrency: 50 }).maxConcurrency, 50);
      assert.equal(spec({ maxConcurrency: 1 }).maxConcurrency, 1);
      for (const n of [0, 51]) {
        refuses(
          () => spec({ maxConcurrency: n }),
          "OUT_OF_RANGE",
          "maxConcurrency",
          `TumblingWindowTrigger: 'maxConcurrency' must be an integer between 1 and 50, got ${n}.`,
        );
      }
    });
    it("retryPolicy: an object; count an integer >= 0 or an expression; interval 30 s to a day", () => {
      refuses(
        () => spec({ retryPolicy: "x" }),
        "INVALID_TYPE",
        "retryPolicy",
        "TumblingWindowTrigger: 'retryPolicy' must be an object, not string, got \"x\".",
      );
      for (const count of [0, "3", 2_147_483_647, "@pipeline().parameters.retries"]) {
        spec({ retryPolicy: { count, intervalInSeconds: 30 } });
      }
      spec({ retryPolicy: { intervalInSeconds: 86_400 } });
      spec({ retryPolicy: {} });
      for (const count of [-1, 2_147_483_648]) {
        refuses(
          () => spec({ retryPolicy: { count } }),
          "OUT_OF_RANGE",
          "retryPolicy.count",
          `TumblingWindowTrigger: 'retryPolicy.count' must be an integer between 0 and 2147483647, got ${count}.`,
        );
      }
      refuses(
        () => spec({ retryPolicy: { count: "three" } }),
        "INVALID_FORMAT",
        "retryPolicy.count",
        'TumblingWindowTrigger: \'retryPolicy.count\' must be an integer, or a string of one such as "15" (Data Factory reads it as 15), got "three".',
      );
      for (const s of [29, 86_401]) {
        refuses(
          () => spec({ retryPolicy: { intervalInSeconds: s } }),
          "OUT_OF_RANGE",
          "retryPolicy.intervalInSeconds",
          `TumblingWindowTrigger: 'retryPolicy.intervalInSeconds' must be an integer between 30 and 86400, got ${s}.`,
        );
      }
    });
    it("reports in the caller's context", () => {
      refuses(
        () =>
          readTumblingWindowSpec(
            { ...TW, interval: 0 },
            new Check({ component: "X", name: "n" }, "props"),
          ),
        "OUT_OF_RANGE",
        "props.interval",
        "X 'n': 'props.interval' must be an integer between 1 and 1000, got 0.",
      );
    });
  });

  describe("triggerTimeline", () => {
    const pipelines = [
      { pipelineReference: { referenceName: "ingest" } },
      { pipelineReference: {} },
      {},
      null,
    ];
    it("a schedule trigger: its recurrence, cadence, zone and firings", () => {
      const props = {
        type: "ScheduleTrigger",
        pipelines,
        recurrence: {
          frequency: "Day",
          startTime: "2026-01-01T00:00:00",
          timeZone: "Tokyo Standard Time",
          schedule: { hours: [9] },
        },
      };
      const t = triggerTimeline(props, "tr")!;
      assert.equal(t.kind, "ScheduleTrigger");
      assert.ok(t.timeZone?.equals(TimeZone.of("Asia/Tokyo")));
      assert.equal(t.clock, true);
      assert.equal(t.cadence, "daily at 09:00");
      assert.equal(t.zoneImplicit, false);
      assert.deepEqual(t.pipelines, ["ingest", "?", "?", "?"]);
      assert.deepEqual(t.dependsOn, []);
      assert.equal(t.recurrence?.frequency, "Day");
      const from = at("2026-01-01T00:00:00Z");
      const until = at("2026-01-03T00:00:00Z");
      assert.deepEqual(
        t.firings(from, until).map((f) => show(f.at)),
        ["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"],
      );
      assert.deepEqual(
        t.firings(from, until, 1).map((f) => show(f.at)),
        ["2026-01-01T00:00:00Z"],
      );
      assert.deepEqual(t.expand(from, until, 1).firings.length, 1);
      assert.equal(t.backfill(from), undefined);
      assert.equal(runsIn(t, from, 7), 7);
    });
    it("a schedule trigger without a zone (or with '') runs in UTC by default", () => {
      for (const timeZone of [undefined, ""]) {
        const t = triggerTimeline({
          type: "ScheduleTrigger",
          recurrence: { frequency: "Hour", startTime: "2026-01-01T00:00:00Z", timeZone },
        })!;
        assert.equal(t.zoneImplicit, true);
        assert.equal(t.timeZone, TimeZone.UTC);
      }
      assert.equal(
        triggerTimeline({
          type: "ScheduleTrigger",
          recurrence: { frequency: "Hour", startTime: "2026-01-01T00:00:00Z" },
        })!.pipelines.length,
        0,
      );
      assert.deepEqual(
        triggerTimeline({
          type: "ScheduleTrigger",
          recurrence: { frequency: "Hour", startTime: "2026-01-01T00:00:00Z" },
          pipelines: { pipelineReference: { referenceName: "not-a-list" } },
        })!.pipelines,
        [],
      );
    });
    it("names the trigger and the properties path in errors", () => {
      refuses(
        () =>
          triggerTimeline(
            {
              type: "ScheduleTrigger",
              recurrence: { frequency: "Year", startTime: "2026-01-01T00:00:00Z" },
            },
            "tr",
          ),
        "NOT_ALLOWED",
        "properties.recurrence.frequency",
        'datafactory.Trigger \'tr\': \'properties.recurrence.frequency\' must be one of "Minute", "Hour", "Day", "Week", "Month", got "Year".',
      );
      refuses(
        () => triggerTimeline({ type: "TumblingWindowTrigger", ...TW, interval: 0 }),
        "OUT_OF_RANGE",
        "properties.interval",
        "datafactory.Trigger: 'properties.interval' must be an integer between 1 and 1000, got 0.",
      );
    });
    it("a tumbling window: cadence in words, due times, backfill, dependencies", () => {
      const t = triggerTimeline({
        type: "TumblingWindowTrigger",
        ...TW,
        frequency: "Minute",
        interval: 15,
        delay: "00:05:00",
        maxConcurrency: 3,
        pipeline: { pipelineReference: { referenceName: "load" } },
        dependsOn: [
          { type: "SelfDependencyTumblingWindowTriggerReference", offset: "-00:15:00" },
          {
            type: "TumblingWindowTriggerDependencyReference",
            referenceTrigger: { referenceName: "upstream" },
          },
          { type: "TumblingWindowTriggerDependencyReference" },
          null,
        ],
      })!;
      assert.equal(t.kind, "TumblingWindowTrigger");
      assert.equal(t.timeZone, TimeZone.UTC);
      assert.equal(t.clock, true);
      assert.equal(
        t.cadence,
        "every 15 minutes (tumbling window, due at window end + 00:05:00; max 3 at once)",
      );
      assert.equal(t.maxConcurrency, 3);
      assert.deepEqual(t.pipelines, ["load"]);
      assert.deepEqual(t.dependsOn, [
        { trigger: "self", offset: "-00:15:00" },
        { trigger: "upstream" },
        { trigger: "?" },
        { trigger: "?" },
      ]);
      const from = at("2026-01-01T01:00:00Z");
      assert.deepEqual(
        t.firings(from, at("2026-01-01T01:40:00Z")).map((f) => [show(f.at), f.kind]),
        [
          ["2026-01-01T01:05:00Z", "exact"],
          ["2026-01-01T01:20:00Z", "exact"],
          ["2026-01-01T01:35:00Z", "exact"],
        ],
      );
      assert.deepEqual(t.firings(from, at("2026-02-01T00:00:00Z"), 1).length, 1);
      // Windows 00:00, 00:15 and 00:30 are due (end + 5 min) before 01:00; 00:45 is due at 01:05.
      assert.equal(t.backfill(from), 3);
      assert.deepEqual(t.expand(from, at("2026-01-01T01:10:00Z")), {
        firings: [{ at: at("2026-01-01T01:05:00Z"), kind: "exact" }],
      });
      const plain = triggerTimeline({ type: "TumblingWindowTrigger", ...TW })!;
      assert.equal(plain.cadence, "every hour (tumbling window, due at window end)");
      assert.equal(
        triggerTimeline({ type: "TumblingWindowTrigger", ...TW, frequency: "Month", interval: 2 })!
          .cadence,
        "every 2 months (tumbling window, due at window end)",
      );
    });
    it("a tumbling expansion that ends at its limit has no note", () => {
      const t = triggerTimeline({ type: "TumblingWindowTrigger", ...TW, interval: 1 })!;
      const plan = t.expand(at("2026-01-01T00:00:00Z"), Infinity, 3);
      assert.deepEqual(Object.keys(plan), ["firings"]);
    });
    it("event triggers have no clock and no firings", () => {
      const blob = triggerTimeline({
        type: "BlobEventsTrigger",
        events: ["Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobDeleted"],
        blobPathBeginsWith: "/in/blobs/",
        blobPathEndsWith: ".csv",
        pipelines,
      })!;
      assert.equal(blob.kind, "BlobEventsTrigger");
      assert.equal(blob.clock, false);
      assert.equal(blob.timeZone, undefined);
      assert.equal(blob.cadence, "on BlobCreated / BlobDeleted under /in/blobs/ ending .csv");
      assert.deepEqual(blob.firings(0, Infinity), []);
      assert.deepEqual(blob.expand(0, Infinity), { firings: [] });
      assert.equal(blob.backfill(0), undefined);
      assert.equal(
        triggerTimeline({ type: "BlobEventsTrigger", events: "x" })!.cadence,
        "on  under /",
      );
      const custom = triggerTimeline({
        type: "CustomEventsTrigger",
        events: ["a", "b"],
        subjectBeginsWith: "s/",
        subjectEndsWith: ".json",
      })!;
      assert.equal(custom.kind, "CustomEventsTrigger");
      assert.equal(custom.clock, false);
      assert.equal(custom.cadence, "on events a, b (subject s/*.json)");
      assert.deepEqual(custom.firings(0, Infinity), []);
      assert.deepEqual(custom.expand(0, Infinity), { firings: [] });
      assert.equal(custom.backfill(0), undefined);
      assert.equal(
        triggerTimeline({ type: "CustomEventsTrigger", events: "x" })!.cadence,
        "on events  (subject *)",
      );
    });
    it("an unknown trigger type is not modelled", () => {
      assert.equal(triggerTimeline({ type: "RerunTumblingWindowTrigger" }), undefined);
    });
  });
});
