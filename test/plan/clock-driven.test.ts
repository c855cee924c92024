import { strict as assert } from "assert";
import * as path from "path";
import { cliIn, pooled, ROOT } from "../support/cli";
import {
  diffPlans,
  PlanDocument,
  readableParameters,
  renderDiffText,
  renderMarkdown,
  renderSvg,
  renderText,
  shortUtc,
} from "../../lib/plan";
import { describeIndexerInterval } from "../../lib/schedule";

const FROM = "2026-12-01T00:00:00Z";
/** Every schedule kind a clock drives; between them the two stacks have each one. */
const CLOCK_KINDS = [
  "ScheduleTrigger",
  "TumblingWindowTrigger",
  "SearchIndexer",
  "MLSchedule",
  "DeadlineAlert",
  "MissedRunAlert",
];
const EVENT_KINDS = ["BlobEventsTrigger", "CustomEventsTrigger"];

/**
 * Issue 20 item 1-3: every clock-driven schedule (not only Data Factory's schedule and tumbling
 * triggers) appears with its firings in every format, and reads in the same words as the others.
 */
describe("plan: every clock-driven schedule on every surface", function () {
  this.timeout(0);
  const plans = new Map<string, PlanDocument>();

  before(async () => {
    const programs = [
      { dir: path.join(ROOT, "stacks/platform"), args: [] }, // dev of dev and prod: the default
      { dir: ROOT, args: ["stacks/reference"] },
    ];
    const runs = await pooled(
      programs.map(
        (p) => () => cliIn(p.dir, "plan", ...p.args, "--from", FROM, "--format", "json"),
      ),
      2,
    );
    runs.forEach((r, i) => {
      assert.equal(r.code, 0, r.err);
      plans.set(i ? "reference" : "platform", JSON.parse(r.out));
    });
  });

  const clockSchedules = () =>
    [...plans.values()].flatMap((plan) =>
      plan.schedules.filter((s) => !EVENT_KINDS.includes(s.kind)).map((s) => ({ plan, s })),
    );

  it("has every clock-driven kind, each with firings in the JSON plan", () => {
    assert.equal(plans.get("platform")!.stack, "dev");
    const kinds = new Set(clockSchedules().map(({ s }) => s.kind));
    assert.deepEqual([...kinds].sort(), [...CLOCK_KINDS].sort());
    for (const { s } of clockSchedules()) {
      assert.ok(s.firings.length > 0 && s.runs > 0, `${s.name} [${s.kind}]: no firings`);
      assert.notEqual(s.timeZone, "-", s.name);
    }
  });

  it("text lists every clock-driven schedule's firings", () => {
    for (const plan of plans.values()) {
      const text = renderText(plan);
      for (const s of plan.schedules.filter((x) => !EVENT_KINDS.includes(x.kind))) {
        const block = text.slice(text.indexOf(`  ${s.name} [`)).split("\n\n")[0];
        assert.match(block, /next firings \(UTC/, `${s.name} [${s.kind}]`);
        assert.ok(block.includes(shortUtc(s.firings[0])), `${s.name}: first firing missing`);
        assert.doesNotMatch(block, /event-driven/, s.name);
      }
    }
  });

  it("markdown lists every clock-driven schedule's next firings (UTC and local) and runs", () => {
    for (const plan of plans.values()) {
      const md = renderMarkdown(plan);
      for (const s of plan.schedules) {
        const row = md.split("\n").find((l) => l.startsWith(`| \`${s.name}\` |`))!;
        assert.ok(row, `${s.name}: no row`);
        const cells = row.split(" | ");
        if (EVENT_KINDS.includes(s.kind)) {
          assert.equal(cells[4], "on event", s.name);
          continue;
        }
        // Trigger | Kind | Starts | When | Next (UTC) | Next (local) | Runs
        assert.ok(cells[2].length > 0, `${s.name}: empty Starts cell`);
        assert.ok(cells[4].startsWith(shortUtc(s.firings[0])), `${s.name}: ${cells[4]}`);
        assert.equal(
          cells[5],
          s.timeZone === "UTC" ? "(UTC)" : s.localFirings.slice(0, 3).join("<br>"),
        );
        assert.equal(cells[6], String(s.runs), `${s.name}: runs`);
        assert.doesNotMatch(row, /on event/, s.name);
      }
    }
  });

  it("markdown's Starts cell names an indexer's data source, skillset and index", () => {
    const md = renderMarkdown(plans.get("platform")!);
    assert.match(
      md,
      /\| `sales-search-indexer` \| SearchIndexer \| data source sales-search-blobs → skillset sales-search-skillset → index sales-search \| daily at 02:00/,
    );
  });

  it("the SVG calendar counts, draws and explains every clock-driven schedule", () => {
    for (const plan of plans.values()) {
      const svg = renderSvg(plan);
      const clock = plan.schedules.filter((s) => !EVENT_KINDS.includes(s.kind));
      assert.match(
        svg,
        new RegExp(`${clock.length} clock-driven of ${plan.schedules.length} schedules`),
      );
      for (const s of clock) {
        // A cell's tooltip names the schedule's runs in the hour of its first firing.
        const hour = new Date(s.firings[0]).getUTCHours();
        const hh = String(hour).padStart(2, "0");
        assert.match(
          svg,
          new RegExp(`${hh}:00-${hh}:59 UTC: [^<]*${s.name} \\(\\d+ runs?\\)`),
          `${s.name} [${s.kind}] not drawn`,
        );
        const legend = svg.slice(svg.indexOf(`>${s.name}</tspan>`));
        const details = legend.slice(0, legend.indexOf("</text>", legend.indexOf("</text>") + 7));
        assert.doesNotMatch(details, /event-driven/, s.name);
        assert.match(details, new RegExp(`${s.runs} (runs?|deadlines?) in 7 days`), s.name);
      }
    }
  });

  it("the SVG shows the 02:00 UTC indexer after the 01:00 UTC ingest it follows", () => {
    const svg = renderSvg(plans.get("platform")!);
    assert.match(svg, /Tue 1 Dec 01:00-01:59 UTC: [^<]*ingest-schedule \(1 run\)/);
    assert.match(svg, /Tue 1 Dec 02:00-02:59 UTC: [^<]*sales-search-indexer \(1 run\)/);
  });

  it("words the indexer cadence like every other cadence", () => {
    const s = plans.get("platform")!.schedules.find((x) => x.kind === "SearchIndexer")!;
    assert.equal(s.cadence, "daily at 02:00 (also runs once when created)");
    const day = 86_400_000;
    const start = Date.parse("2025-01-01T01:30:00Z");
    assert.equal(describeIndexerInterval(day, start), "daily at 01:30");
    assert.equal(describeIndexerInterval(3_600_000, start), "hourly at :30");
    assert.equal(describeIndexerInterval(6 * 3_600_000, start), "every 6 hours at :30 from 01:30");
    assert.equal(describeIndexerInterval(15 * 60_000, start), "every 15 minutes");
    assert.equal(
      describeIndexerInterval(15 * 60_000, Date.parse("2025-01-01T01:35:00Z")),
      "every 15 minutes from :05",
    );
    assert.equal(
      describeIndexerInterval(7 * 3_600_000, start),
      "every 7 hours from 2025-01-01 01:30",
    );
    assert.equal(describeIndexerInterval(day), "daily at the time of creation");
  });

  it("reads the data flow: no raw ADF expression, no empty parameter, Azure ML jobs named as such", () => {
    const text = renderText(plans.get("platform")!);
    const flow = text.slice(text.indexOf("Data flow:"), text.indexOf("Findings:"));
    assert.doesNotMatch(flow, /@concat|@join|pipeline\(\)|=\s*[,)]/);
    assert.match(flow, /container=\{family\}, folder=\(computed at run time\)/);
    assert.match(flow, /Azure ML job forecast-retrain \(by schedule forecast-retrain\)/);
    assert.equal(
      readableParameters(
        "container=@pipeline().parameters.family, folder=@concat('a, b', formatDateTime(utcnow(), 'yyyy')), prefix=, name=raw",
      ),
      "container={family}, folder=(computed at run time), prefix=(empty), name=raw",
    );
    assert.equal(readableParameters("folder=@@literal"), "folder=@@literal");
  });

  it("names the program and stack in the diff header", () => {
    const plan = plans.get("platform")!;
    const text = renderDiffText(diffPlans(plan, plan));
    assert.match(
      text,
      /^Plan diff: mlops-platform, stack dev, from 2026-12-01T00:00Z → mlops-platform, stack dev, from 2026-12-01T00:00Z\n/,
    );
    const ref = plans.get("reference")!;
    assert.match(
      renderDiffText(diffPlans(ref, ref)),
      /^Plan diff: mlops-scheduling-reference \(stacks\/reference\), stack plan, from /,
    );
  });
});
