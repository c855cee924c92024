import { strict as assert } from "assert";
import { mocks } from "../support/mocks";
import { schemaErrors } from "../support/schema";
import { Recurrence } from "../../lib/core";
import { ScheduledDataPipeline } from "../../lib/datafactory";
import { PipelineAlerts } from "../../lib/monitoring";
import { buildPlan, planForContract, renderMarkdown, renderSvg, renderText } from "../../lib/plan";

const session = mocks();
const FROM = new Date("2026-03-27T00:00:00Z");
const factory = { resourceGroupName: "rg-plan", factoryName: "adf-plan" };
const ingest = new ScheduledDataPipeline("plan-ingest", {
  factory,
  activities: [{ name: "Copy", type: "Copy", source: {}, sink: {} }],
  schedule: Recurrence.daily({ at: "02:00", timeZone: "W. Europe Standard Time" }),
});
new PipelineAlerts("plan-alerts", {
  factory: {
    ...factory,
    factoryId:
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-plan/providers/Microsoft.DataFactory/factories/adf-plan",
  },
  emails: ["ops@contoso.com"],
  deadlines: [{ pipeline: ingest, succeededBy: "06:00" }],
});

async function plan() {
  await session.settle();
  return buildPlan(
    session.resources.filter((r) => r.name.startsWith("plan-")),
    { from: FROM, days: 4, program: "test" },
  );
}

describe("plan: freshness alerts as schedules", () => {
  it("lists each deadline in UTC and local time, across the March DST change", async () => {
    const p = await plan();
    const deadline = p.schedules.find((s) => s.kind === "DeadlineAlert")!;
    assert.equal(deadline.timeZone, "W. Europe Standard Time");
    assert.deepEqual(deadline.pipelines, ["plan-ingest"]);
    assert.equal(deadline.factory, "adf-plan");
    assert.deepEqual(deadline.firings, [
      "2026-03-27T05:00:00.000Z",
      "2026-03-28T05:00:00.000Z",
      "2026-03-29T04:00:00.000Z",
      "2026-03-30T04:00:00.000Z",
    ]);
    assert.deepEqual(deadline.localFirings, [
      "2026-03-27 06:00",
      "2026-03-28 06:00",
      "2026-03-29 06:00",
      "2026-03-30 06:00",
    ]);
    const missed = p.schedules.find((s) => s.kind === "MissedRunAlert")!;
    assert.equal(missed.firings[0], "2026-03-27T01:15:00.000Z");
    // The trigger itself is still there, and the alert adds no "starts" edge to the data flow.
    assert.ok(p.schedules.some((s) => s.kind === "ScheduleTrigger"));
    assert.ok(p.flows.every((f) => !f.from.includes("plan-alerts")));
  });

  it("writes contract version 2 only because of them, and version 1 on request", async () => {
    const p = await plan();
    assert.equal(p.version, 2);
    assert.deepEqual(schemaErrors("plan-v1", p), []);
    const v1 = planForContract(p, 1);
    assert.equal(v1.version, 1);
    assert.deepEqual(
      v1.schedules.map((s) => s.kind),
      ["ScheduleTrigger"],
    );
    assert.deepEqual(schemaErrors("plan-v1", v1), []);
    // The schema's version rule: a version-1 document cannot carry an alert kind.
    assert.notDeepEqual(schemaErrors("plan-v1", { ...p, version: 1 }), []);
    const noAlerts = buildPlan(
      session.resources.filter((r) => r.name.startsWith("plan-ingest")),
      { from: FROM, days: 4 },
    );
    assert.equal(noAlerts.version, 1);
  });

  it("shows the deadlines in text, Markdown and SVG", async () => {
    const p = await plan();
    const text = renderText(p);
    assert.match(
      text,
      /plan-alerts-deadline-0 \[DeadlineAlert\] started on deploy\n\s+watches: plan-ingest/,
    );
    assert.match(text, /2026-03-29T04:00Z \| 2026-03-29 06:00/);
    assert.match(
      renderMarkdown(p),
      /\| `plan-alerts-deadline-0` \| DeadlineAlert \| plan-ingest \|/,
    );
    assert.match(renderSvg(p), />plan-alerts-deadline-0<\/tspan>/);
  });
});
