import { strict as assert } from "assert";
import * as datafactory from "@pulumi/azure-native/datafactory";
import {
  buildPlan,
  collisionMinutes,
  dependencyChains,
  emptyBinding,
  PlanDocument,
  renderMarkdown,
  renderSvg,
  renderText,
} from "../../lib/plan";
import {
  DataFactory,
  Duration,
  Recurrence,
  ScheduledDataPipeline,
  StorageEventTrigger,
  TumblingWindowTrigger,
} from "../../lib";
import { mocks } from "../support/mocks";

const session = mocks();
// "Now" as a default `--from` gives it: with seconds and milliseconds.
const from = new Date("2026-11-27T09:30:12.345Z");
const PIPELINE = "nightly-ingest-of-point-of-sale-transaction-forecast";
const LONG = `${PIPELINE}-schedule`; // the trigger's name: 61 characters

const rawSales = (folder?: string) => ({
  referenceName: "RawSales",
  type: "DatasetReference",
  ...(folder ? { parameters: { folder } } : {}),
});
const copy = (name: string, folder: string) => [
  {
    name,
    type: "Copy",
    inputs: [rawSales()],
    outputs: [rawSales(folder)],
    source: { type: "ParquetSource" },
    sink: { type: "ParquetSink" },
  },
];

/**
 * Issue 9 item 8: a consumer project (planned as `.`) with a tumbling window that backfills 2,903
 * hourly windows at 4 at once, a storage trigger, a 61-character trigger name, and a dataset
 * read and written with different parameters.
 */
async function consumerPlan(): Promise<PlanDocument> {
  const adf = new DataFactory("rd", { resourceGroupName: "rg-rd", location: "westeurope" });
  new datafactory.Dataset("rd-raw-sales", {
    resourceGroupName: "rg-rd",
    factoryName: adf.factoryName,
    datasetName: "RawSales",
    properties: {
      type: "Parquet",
      linkedServiceName: { referenceName: "Lake", type: "LinkedServiceReference" },
      location: { type: "AzureBlobFSLocation", fileSystem: "landing", folderPath: "sales/daily" },
    },
  });
  const ingest = new ScheduledDataPipeline("rd-ingest", {
    factory: adf,
    activities: copy("Ingest", "curated/sales"),
  });
  new ScheduledDataPipeline(PIPELINE, {
    factory: adf,
    activities: copy("Nightly", "curated/nightly"),
    schedule: Recurrence.daily({ at: "02:00", timeZone: "W. Europe Standard Time" }),
  });
  const hourly = new ScheduledDataPipeline("rd-hourly", {
    factory: adf,
    parameters: { windowStart: { type: "String" }, windowEnd: { type: "String" } },
    activities: copy("Features", "features/hourly"),
  });
  // 2,903 whole hours between the start and `from` (09:30 minus the 15-minute delay).
  new TumblingWindowTrigger("rd-hourly-window", {
    factory: adf,
    pipeline: hourly,
    window: Duration.hours(1),
    startTime: "2026-07-29T10:00:00Z",
    delay: Duration.minutes(15),
    maxConcurrency: 4,
  });
  new StorageEventTrigger("rd-landing", {
    factory: adf,
    storageAccountId:
      "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lake",
    container: "landing",
    pipelines: [ingest],
  });
  await session.settle();
  const mine = session.resources.filter(
    (r) => r.name.startsWith("rd") || r.name.startsWith("nightly-ingest-of-point"),
  );
  return buildPlan(mine, { from, program: ".", days: 7 });
}

describe("plan readability (issue 9 item 8)", () => {
  let plan: PlanDocument;
  let text: string;
  before(async () => {
    plan = await consumerPlan();
    text = renderText(plan);
  });
  const schedule = (name: string) => plan.schedules.find((s) => s.name === name)!;

  it("lists a UTC schedule's firings once: `next firings (UTC)`, not `(UTC | UTC)`", () => {
    assert.match(text, /rd-hourly-window[^]*?next firings \(UTC\):\n {6}2026-11-27T10:15Z\n/);
    assert.doesNotMatch(text, /UTC \| UTC/);
    assert.match(renderMarkdown(plan), /\| `rd-hourly-window` \|[^\n]*\| \(UTC\) \|/);
  });

  it("names the zone once after the cadence: no `) (UTC)`", () => {
    assert.doesNotMatch(text, /\) \(UTC\)/);
    assert.match(text, /when: every hour \(tumbling window, [^\n]*\), UTC\n/);
    assert.match(text, /when: daily at 02:00, W\. Europe Standard Time\n/);
  });

  it("shows no millisecond timestamps in the backfill line or the header", () => {
    assert.doesNotMatch(text, /\.\d{3}Z/);
    assert.match(text, /from 2026-11-27T09:30:12Z/);
  });

  it("turns a large backfill into catch-up time at maxConcurrency", () => {
    assert.equal(schedule("rd-hourly-window").backfill, 2903);
    assert.match(
      text,
      /backfill on deploy: 2,903 windows already due; at most 4 at once ≈ 726 hours \(≈ 30 days\) of catch-up if each run takes its full 1-hour window/,
    );
    assert.match(renderMarkdown(plan), /\| 2,903<br>≈ 726 hours \(≈ 30 days\) at 4 at once \|/);
  });

  it("names a dataset used with different parameters by where it points: no loop", () => {
    const chains = dependencyChains(plan);
    assert.ok(
      chains.includes(
        "RawSales (landing/sales/daily) → rd-hourly (by rd-hourly-window) → RawSales (folder=features/hourly)",
      ),
      chains.join("\n"),
    );
  });

  it("labels every trigger with its component, the storage trigger too", () => {
    assert.match(text, /rd-landing \[StorageEventTrigger\] started on deploy/);
    assert.match(text, /rd-hourly-window \[TumblingWindowTrigger\]/);
    assert.match(text, /nightly-ingest-of-point[-\w]* \[ScheduleTrigger\]/);
    assert.doesNotMatch(text, /\[BlobEventsTrigger\]/);
    assert.equal(schedule("rd-landing").kind, "BlobEventsTrigger", "the JSON keeps ADF's kind");
  });

  it("titles a consumer project's plan by its project, not `.`", () => {
    assert.match(text, /^Offline plan of mlops-test \(stack plan,/);
    assert.match(renderMarkdown(plan), /^### Schedule plan: `mlops-test`/);
    const svg = renderSvg(plan);
    assert.match(svg, />Runs per hour \(UTC\) · mlops-test · stack plan</);
    assert.doesNotMatch(svg, /· \. ·/);
  });

  describe("SVG", () => {
    let svg: string;
    before(() => {
      svg = renderSvg(plan);
    });

    it("says 7 days in the picture's title as in its subtitle, a partial first day drawn", () => {
      assert.match(svg, /<title id="plan-title">[^<]*, 7 days from 2026-11-27T09:30:12Z</);
      assert.match(svg, />From 2026-11-27T09:30:12Z for 7 days ·/);
      assert.equal((svg.match(/>(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w+</g) ?? []).length, 8);
    });

    it("draws the backfill: hatched over every hour of the catch-up (726 h, past the grid)", () => {
      const hatched = (svg.match(/fill="url\(#backfill-\d+\)"/g) ?? []).length;
      // From 09:00 on the first day to the end of the 8th row, plus the legend swatch.
      assert.equal(hatched, 24 * 8 - 9 + 1);
      assert.match(svg, /Fri 27 Nov 09:00-09:59 UTC: rd-hourly-window backfill catching up/);
      assert.match(
        svg,
        /backfill: 2,903 windows on deploy, ≈ 726 hours \(≈ 30 days\) of catch-up at 4 at once/,
      );
    });

    it("gives a 61-character trigger name a line of its own, inside the picture", () => {
      const name = schedule(LONG).name;
      assert.equal(name.length, 61);
      assert.match(svg, new RegExp(`<tspan font-weight="600">${name}</tspan></text>`));
      const width = Number(/<svg [^>]*width="(\d+)"/.exec(svg)![1]);
      const longest = Math.max(
        ...[...svg.matchAll(/<text x="40"[^>]*>(.*?)<\/text>/g)].map(
          (m) => m[1].replace(/<[^>]+>/g, "").length,
        ),
      );
      // 7.6 px a character covers DejaVu Sans at 12 px, the widest common fallback.
      assert.ok(40 + longest * 7.6 <= width, `${longest} characters in ${width} px`);
    });
  });
});

describe("SVG collision outline agrees with the schedule-collision rule", () => {
  const trigger = (name: string, hour: number, minute: number, kind = "ScheduleTrigger") => ({
    urn: `urn:pulumi:plan::p::azure-native:datafactory:Trigger::${name}`,
    type: "azure-native:datafactory:Trigger",
    name,
    custom: true,
    inputs: {
      resourceGroupName: "rg",
      factoryName: "adf",
      triggerName: name,
      properties:
        kind === "ScheduleTrigger"
          ? {
              type: "ScheduleTrigger",
              recurrence: {
                frequency: "Day",
                interval: 1,
                startTime: "2026-01-01T00:00:00Z",
                schedule: { hours: [hour], minutes: [minute] },
              },
              pipelines: [
                { pipelineReference: { referenceName: name, type: "PipelineReference" } },
              ],
            }
          : {
              type: "TumblingWindowTrigger",
              frequency: "Hour",
              interval: 1,
              startTime: "2026-11-27T00:00:00Z",
              maxConcurrency: 1,
              pipeline: { pipelineReference: { referenceName: name, type: "PipelineReference" } },
            },
    },
    secretPaths: [],
    hooks: emptyBinding(),
  });
  const from = new Date("2026-11-27T00:00:00Z");
  const red = (svg: string) => (svg.match(/stroke="#cf222e"/g) ?? []).length;

  it("no outline for runs in the same hour but different minutes, or a tumbling window", () => {
    const plan = buildPlan(
      [trigger("a", 2, 0), trigger("b", 2, 30), trigger("w", 0, 0, "Tumbling")],
      { from },
    );
    assert.equal(plan.findings.filter((f) => f.rule === "schedule-collision").length, 0);
    assert.equal(red(renderSvg(plan)), 0);
  });

  it("an outline on each hour the rule flags, named in the tooltip", () => {
    const plan = buildPlan([trigger("a", 2, 0), trigger("b", 2, 0)], { from });
    assert.equal(plan.findings.filter((f) => f.rule === "schedule-collision").length, 2);
    const svg = renderSvg(plan);
    assert.equal(red(svg), 7);
    assert.match(svg, /02:00-02:59 UTC: [^<]*; schedule-collision: a, b start in the same minute/);
    assert.equal(collisionMinutes(plan).size, 7);
  });

  it("no outline when the rule is disabled: the picture says what the findings say", () => {
    const plan = buildPlan([trigger("a", 2, 0), trigger("b", 2, 0)], {
      from,
      severities: { "schedule-collision": "disabled" },
    });
    assert.equal(red(renderSvg(plan)), 0);
  });
});
