import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAdfInteger, Recurrence, ValidationError } from "../../lib/core";
import { triggerTimeline } from "../../lib/schedule";
import { backfillLoad } from "../../lib/plan/view";
import type { PlanDocument, PlanSchedule } from "../../lib/plan/document";

/**
 * Numbers written as strings in Data Factory JSON (issue 19, item 9). Sources:
 * - LEARN-TW: Microsoft Learn, "Create a trigger that runs a pipeline on a tumbling window",
 *   "Sample for Azure PowerShell" (MicrosoftDocs/azure-docs
 *   articles/data-factory/how-to-create-tumbling-window-trigger.md): `"interval": "15"`, created
 *   with Set-AzDataFactoryV2Trigger; the fixture is that JSON as printed;
 * - NEWTONSOFT: Data Factory's models are read with Newtonsoft.Json, whose
 *   `JsonReader.ReadAsInt32` converts a string token with `ReadInt32String`: `""` is null, else
 *   `int.TryParse(s, NumberStyles.Integer, InvariantCulture)` (white space and a sign allowed; no
 *   fraction, exponent or hex), else "Could not convert string to integer";
 * - SPEC: azure-rest-api-specs datafactory 2018-06-01: `interval`, `maxConcurrency`, `hours`,
 *   `minutes`, `monthDays`, `occurrence`, `intervalInSeconds` are `"type": "integer"`.
 */

const LEARN = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, "../fixtures/azure-samples/learn-tumbling-window-trigger.json"),
    "utf8",
  ),
);

/** azure-native flattens `typeProperties` into `properties` (x-ms-client-flatten). */
function azureNative(resource: { properties: Record<string, any> }): Record<string, any> {
  const { typeProperties, ...rest } = resource.properties;
  return { ...rest, ...typeProperties };
}

const utc = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();

function refusal(make: () => unknown): ValidationError {
  try {
    make();
  } catch (e) {
    if (ValidationError.isValidationError(e)) return e;
    throw e;
  }
  assert.fail("expected a ValidationError");
}

describe("numeric strings in Data Factory JSON are read as Data Factory reads them", () => {
  it('LEARN-TW: the PowerShell sample ("interval": "15") plans 15-minute windows, 1 s late, 50 at once', () => {
    const t = triggerTimeline(azureNative(LEARN), "PerfTWTrigger")!;
    assert.equal(t.kind, "TumblingWindowTrigger");
    assert.equal(t.maxConcurrency, 50);
    assert.equal(
      t.cadence,
      "every 15 minutes (tumbling window, due at window end + 00:00:01; max 50 at once)",
    );
    const f = t
      .firings(utc("2017-09-08T06:00:00Z"), utc("2017-09-08T06:31:00Z"))
      .map((x) => iso(x.at));
    assert.deepEqual(f, [
      "2017-09-08T06:00:01.000Z",
      "2017-09-08T06:15:01.000Z",
      "2017-09-08T06:30:01.000Z",
    ]);
    // A start in the past backfills every 15-minute window since 2017-09-08T05:30Z that is due
    // (window end + 1 s): 05:30-05:45 ... 07:00-07:15, seven windows at 07:30:00.
    assert.equal(t.backfill(utc("2017-09-08T07:30:00Z")), 7);
  });

  it("LEARN-TW: the plan's backfill load reads the string interval (15-minute windows)", () => {
    const props = azureNative(LEARN);
    const plan = {
      resources: [{ urn: "urn:t", inputs: { properties: props } }],
    } as unknown as PlanDocument;
    const load = backfillLoad(plan, { resource: "urn:t", backfill: 100 } as PlanSchedule)!;
    assert.equal(load.windowMs, 15 * 60_000);
    assert.equal(load.atOnce, 50);
    const asStrings = { ...props, maxConcurrency: "10" };
    const plan2 = {
      resources: [{ urn: "urn:t", inputs: { properties: asStrings } }],
    } as unknown as PlanDocument;
    assert.equal(
      backfillLoad(plan2, { resource: "urn:t", backfill: 100 } as PlanSchedule)!.atOnce,
      10,
    );
  });

  it("SPEC: maxConcurrency, retryPolicy.count and retryPolicy.intervalInSeconds as strings", () => {
    const t = triggerTimeline({
      ...azureNative(LEARN),
      maxConcurrency: "10",
      retryPolicy: { count: "2", intervalInSeconds: "60" },
    })!;
    assert.equal(t.maxConcurrency, 10);
  });

  it("schedule triggers: interval, hours, minutes, monthDays and occurrence as strings fire like numbers", () => {
    const asNumbers = Recurrence.fromAdf({
      frequency: "Month",
      interval: 1,
      startTime: "2026-01-01T00:00:00Z",
      schedule: {
        hours: [5],
        minutes: [30],
        monthDays: [1],
        monthlyOccurrences: [{ day: "Friday", occurrence: 2 }],
      } as any,
    });
    const asStrings = Recurrence.fromAdf({
      frequency: "Month",
      interval: "1",
      startTime: "2026-01-01T00:00:00Z",
      schedule: {
        hours: ["5"],
        minutes: [" 30 "],
        monthDays: "1",
        monthlyOccurrences: [{ day: "Friday", occurrence: "2" }],
      } as any,
    });
    assert.deepEqual(asStrings.toAdf(), asNumbers.toAdf());
    const t = triggerTimeline({
      type: "ScheduleTrigger",
      pipelines: [],
      recurrence: { frequency: "Hour", interval: "4", startTime: "2026-01-01T00:00:00Z" },
    })!;
    assert.equal(t.recurrence!.interval, 4);
    assert.equal(t.firings(utc("2026-01-01T00:00:00Z"), utc("2026-01-01T12:00:00Z")).length, 3);
  });

  it("NEWTONSOFT: a sign and surrounding white space are allowed; the empty string means absent", () => {
    assert.equal(parseAdfInteger("+15"), 15);
    assert.equal(parseAdfInteger(" 15\t"), 15);
    assert.equal(parseAdfInteger("-1"), -1);
    assert.equal(parseAdfInteger(""), undefined);
    assert.equal(parseAdfInteger(15), 15);
    // interval "" is null to the deserializer: the schedule's default interval 1 applies.
    const r = Recurrence.fromAdf({
      frequency: "Day",
      interval: "",
      startTime: "2026-01-01T00:00:00Z",
    });
    assert.equal(r.interval, 1);
  });

  describe("NEWTONSOFT: strings that are not integers are refused, naming the path", () => {
    const cases: [string, unknown][] = [
      ["a fraction", "15.0"],
      ["a word", "fifteen"],
      ["an exponent", "1e1"],
      ["hex", "0x0F"],
      ["a thousands separator", "1,000"],
      ["a unit", "15m"],
      ["beyond Int32", "2147483648"],
    ];
    for (const [what, value] of cases)
      it(`tumbling interval: ${what} (${JSON.stringify(value)})`, () => {
        const e = refusal(() => triggerTimeline({ ...azureNative(LEARN), interval: value }, "tw"));
        assert.equal(e.code, "INVALID_FORMAT");
        assert.equal(e.prop, "properties.interval");
      });
    it("a boolean or an object is the wrong type", () => {
      const e = refusal(() =>
        triggerTimeline({ ...azureNative(LEARN), maxConcurrency: true }, "tw"),
      );
      assert.equal(e.code, "INVALID_TYPE");
      assert.equal(e.prop, "properties.maxConcurrency");
    });
    it("schedule hours and occurrences too", () => {
      const rec = (schedule: object) => ({
        type: "ScheduleTrigger",
        pipelines: [],
        recurrence: { frequency: "Month", startTime: "2026-01-01T00:00:00Z", schedule },
      });
      let e = refusal(() => triggerTimeline(rec({ hours: ["5.5"] })));
      assert.equal(e.code, "INVALID_FORMAT");
      assert.equal(e.prop, "properties.recurrence.schedule.hours[0]");
      e = refusal(() =>
        triggerTimeline(rec({ monthlyOccurrences: [{ day: "Friday", occurrence: "second" }] })),
      );
      assert.equal(e.prop, "properties.recurrence.schedule.monthlyOccurrences[0].occurrence");
    });
    it("range checks still apply after reading: maxConcurrency '80' is out of range", () => {
      const e = refusal(() => triggerTimeline({ ...azureNative(LEARN), maxConcurrency: "80" }));
      assert.equal(e.code, "OUT_OF_RANGE");
      assert.equal(e.prop, "properties.maxConcurrency");
      const r = refusal(() =>
        triggerTimeline({ ...azureNative(LEARN), retryPolicy: { intervalInSeconds: "10" } }),
      );
      assert.equal(r.prop, "properties.retryPolicy.intervalInSeconds");
    });
  });
});
