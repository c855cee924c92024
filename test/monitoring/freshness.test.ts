import { strict as assert } from "assert";
import { Duration, Recurrence, ValidationError } from "../../lib/core";
import { scheduleFirings } from "../../lib/schedule";
import {
  checkFreshness,
  describeFreshness,
  FreshnessSpec,
  freshnessDeadlines,
  freshnessQuery,
  freshnessWindow,
  parseFreshnessQuery,
  withinFromDeadline,
} from "../../lib/monitoring";

const ctx = { component: "PipelineAlerts", name: "t" };
const berlinDaily = Recurrence.daily({ at: "02:00", timeZone: "W. Europe Standard Time" });
const iso = (ms: number) => new Date(ms).toISOString();

function spec(over: Partial<FreshnessSpec> = {}): FreshnessSpec {
  return {
    kind: "DeadlineAlert",
    factory: "adf-test",
    pipeline: "forecasting-ingest",
    trigger: "forecasting-ingest-schedule",
    recurrence: berlinDaily,
    within: withinFromDeadline(ctx, "succeededBy", berlinDaily, "06:00"),
    ingestionDelay: Duration.minutes(10),
    evaluationFrequency: Duration.minutes(15),
    ...over,
  };
}

describe("freshness deadlines", () => {
  it("turns 'succeeded by 06:00' after a 02:00 firing into four hours", () => {
    assert.equal(withinFromDeadline(ctx, "p", berlinDaily, "06:00").toIsoString(), "PT4H");
    // A deadline earlier in the day than the firing is refused, not read as the next day's
    // (issue 19, item 8): see "deadlines that disagree with their schedule".
  });

  it("keeps the deadline at 06:00 Berlin time across both DST changes (05:00 or 04:00 UTC)", () => {
    const s = spec();
    const spring = freshnessDeadlines(
      s,
      Date.parse("2026-03-28T00:00:00Z"),
      Date.parse("2026-03-31T00:00:00Z"),
    );
    assert.deepEqual(
      spring.map((f) => iso(f.at)),
      ["2026-03-28T05:00:00.000Z", "2026-03-29T04:00:00.000Z", "2026-03-30T04:00:00.000Z"],
    );
    const autumn = freshnessDeadlines(
      s,
      Date.parse("2026-10-24T00:00:00Z"),
      Date.parse("2026-10-27T00:00:00Z"),
    );
    assert.deepEqual(
      autumn.map((f) => iso(f.at)),
      ["2026-10-24T04:00:00.000Z", "2026-10-25T05:00:00.000Z", "2026-10-26T05:00:00.000Z"],
    );
  });

  it("derives every deadline from the schedule engine's firings (no second engine)", () => {
    const weekly = Recurrence.weekly({
      on: ["Monday", "Thursday"],
      at: "22:30",
      timeZone: "America/New_York",
    });
    const s = spec({ recurrence: weekly, within: Duration.hours(3) });
    const from = Date.parse("2026-11-01T00:00:00Z");
    const until = from + 28 * 86_400_000;
    const firings = scheduleFirings(weekly, { from: from - 86_400_000 - 3 * 3_600_000, until });
    const expected = firings.map((f) => f.at + 3 * 3_600_000).filter((t) => t >= from && t < until);
    assert.deepEqual(
      freshnessDeadlines(s, from, until).map((f) => f.at),
      expected,
    );
    assert.equal(expected.length, 8);
  });

  it("steps minute and hour schedules by a fixed UTC amount", () => {
    const hourly = Recurrence.every(Duration.hours(1), {
      startTime: new Date("2025-01-01T00:15:00Z"),
    });
    const s = spec({ recurrence: hourly, within: Duration.minutes(50) });
    const d = freshnessDeadlines(
      s,
      Date.parse("2026-03-29T00:00:00Z"),
      Date.parse("2026-03-29T03:00:00Z"),
    );
    const q = freshnessQuery(s);
    assert.match(q, /let start = datetime\(2025-01-01T00:15:00\.000Z\);\nlet step = 60m;/);
    assert.match(
      q,
      /let dueUtc = iff\(firingUtc >= start, firingUtc \+ within, datetime\(null\)\);/,
    );
    // The 23:15 firing of the day before has its deadline at 00:05; DST does not move any of them.
    assert.deepEqual(
      d.map((f) => iso(f.at)),
      ["2026-03-29T00:05:00.000Z", "2026-03-29T01:05:00.000Z", "2026-03-29T02:05:00.000Z"],
    );
  });
});

describe("freshness query (KQL)", () => {
  it("names the pipeline, the zone and the deadline derived from the recurrence", () => {
    const q = freshnessQuery(spec());
    const lines = q.split("\n");
    assert.match(lines[0], /^\/\/ mlops:freshness \{/);
    assert.ok(lines.includes("let within = 240m;"), q);
    assert.ok(lines.includes("let delay = 10m;"));
    assert.ok(lines.includes("let every = 15m;"));
    assert.ok(lines.includes('let tz = "Europe/Berlin";'), q);
    // 02:00 is minute 120 of the day; the start anchors the first possible deadline.
    assert.ok(lines.includes("    | mv-expand at = dynamic([120]) to typeof(long)"), q);
    assert.ok(lines.includes("    | where firing >= datetime(2025-01-01T00:00:00)"), q);
    assert.ok(lines.includes("ADFPipelineRun"));
    assert.ok(
      lines.includes('| where PipelineName == "forecasting-ingest" and Status == "Succeeded"'),
    );
    assert.ok(lines.includes("let dueUtc = datetime_local_to_utc(due, tz);"));
    assert.match(q, /where runs == 0 and isnotnull\(dueUtc\) and now\(\) - delay - dueUtc < every/);
  });

  it("filters week days (Sunday = 0, as ADF and KQL's dayofweek count) and every-n-weeks", () => {
    const rec = Recurrence.weekly({
      on: ["Monday", "Friday"],
      at: "07:15",
      every: 2,
      timeZone: "UTC",
    });
    const q = freshnessQuery(spec({ recurrence: rec, within: Duration.hours(2) }));
    assert.match(q, /where toint\(dayofweek\(firing\) \/ 1d\) in \(1, 5\)/);
    assert.match(
      q,
      /startofweek\(firing\) - startofweek\(datetime\(2025-01-01T00:00:00\)\)\) \/ 7d\) % 2 == 0/,
    );
    assert.doesNotMatch(q, /datetime_utc_to_local/, "UTC needs no conversion");
  });

  it("checks trigger runs for the missed-trigger alert", () => {
    const q = freshnessQuery(spec({ kind: "MissedRunAlert", within: Duration.minutes(15) }));
    assert.match(q, /^ADFTriggerRun$/m);
    assert.match(q, /\| where TriggerName == "forecasting-ingest-schedule"/);
  });

  it("escapes names inside KQL string literals", () => {
    const q = freshnessQuery(spec({ pipeline: 'say "hi"' }));
    assert.ok(q.includes('PipelineName == "say \\"hi\\""'), q);
  });

  it("is read back by the plan from its first line", () => {
    const s = spec();
    const back = parseFreshnessQuery(freshnessQuery(s))!;
    assert.equal(back.kind, "DeadlineAlert");
    assert.equal(back.pipeline, "forecasting-ingest");
    assert.equal(back.factory, "adf-test");
    assert.ok(back.recurrence.equals(berlinDaily));
    assert.ok(back.within.equals(Duration.hours(4)));
    assert.equal(parseFreshnessQuery("AzureActivity | take 1"), undefined);
    assert.equal(parseFreshnessQuery("// mlops:freshness {broken"), undefined);
    assert.match(describeFreshness(s), /within 4 hours of each firing \(daily at 02:00\)/);
  });

  it("sizes the query window to reach the firing: within + delay + frequency, rounded up", () => {
    // 4 h + 10 min + 15 min -> PT5H (scheduled query rule windows: TF azurerm window_duration list)
    assert.equal(freshnessWindow(ctx, "within", spec()), "PT5H");
    assert.equal(freshnessWindow(ctx, "within", spec({ within: Duration.minutes(15) })), "PT45M");
  });
});

describe("freshness validation", () => {
  const cases: [string, Partial<FreshnessSpec>, string, RegExp][] = [
    [
      "a monthly schedule (no KQL calendar for it)",
      { recurrence: Recurrence.monthly({ at: "01:00", onDays: [1] }) },
      "NOT_ALLOWED",
      /recurrence\.frequency/,
    ],
    ["within under a minute", { within: Duration.seconds(30) }, "CONFLICT", /within/],
    [
      "within plus delay beyond the 2-day window",
      { within: Duration.days(2) },
      "OUT_OF_RANGE",
      /within/,
    ],
    [
      "an evaluation frequency Azure does not offer",
      { evaluationFrequency: Duration.minutes(20) },
      "NOT_ALLOWED",
      /evaluationFrequency/,
    ],
  ];
  for (const [what, over, code, prop] of cases) {
    it(`rejects ${what} with ${code}`, () => {
      assert.throws(
        () => checkFreshness(ctx, "deadlines[0]", spec(over)),
        (e: unknown) =>
          ValidationError.isValidationError(e) && e.code === code && prop.test(e.prop),
      );
    });
  }
  it("rejects a wall-clock deadline for an hourly schedule", () => {
    assert.throws(
      () => withinFromDeadline(ctx, "succeededBy", Recurrence.every(Duration.hours(1)), "06:00"),
      (e: unknown) => ValidationError.isValidationError(e) && e.code === "CONFLICT",
    );
  });
});
