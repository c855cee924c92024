import { strict as assert } from "assert";
import { mocks, one } from "../support/mocks";
import { schemaErrors } from "../support/schema";
import { Recurrence } from "../../lib/core";
import { DataFactory, ScheduledDataPipeline } from "../../lib/datafactory";
import { LogicAppNotifier, PipelineAlerts } from "../../lib/monitoring";
import { buildPlan, PlanDocument, renderText } from "../../lib/plan";

const session = mocks();
const FROM = new Date("2026-12-01T00:00:00Z");
const mine = (prefix: string) => session.resources.filter((r) => r.name.startsWith(prefix));

/** Entries of every `actions` object anywhere in a Logic App definition (the oracle). */
function actionsIn(node: unknown): number {
  if (!node || typeof node !== "object") return 0;
  let n = 0;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === "actions" && v && typeof v === "object" && !Array.isArray(v))
      n += Object.keys(v).length;
    n += actionsIn(v);
  }
  return n;
}

describe("cost: alerts and notifications as worst-case counts", () => {
  let plan: PlanDocument;
  before(async () => {
    const adf = new DataFactory("costal-adf", {
      resourceGroupName: "rg-al",
      factoryName: "adf-costal",
    });
    const daily = Recurrence.daily({ at: "02:00" });
    const ingest = new ScheduledDataPipeline("costal-ingest", {
      factory: adf,
      activities: [{ name: "Copy", type: "Copy", source: {}, sink: {} }],
      schedule: daily,
    });
    new ScheduledDataPipeline("costal-train", {
      factory: adf,
      activities: [{ name: "Wait", type: "Wait", waitTimeInSeconds: 1 }],
      schedule: Recurrence.daily({ at: "04:00" }),
    });
    const notifier = new LogicAppNotifier("costal-notify", {
      resourceGroupName: "rg-al",
      recipients: ["ops@contoso.com"],
    });
    new PipelineAlerts("costal-alerts", {
      factory: adf,
      shortName: "costal",
      emails: ["a@contoso.com", "b@contoso.com"],
      logicApp: notifier,
      deadlines: [{ pipeline: ingest, succeededBy: "06:00" }],
    });
    await session.settle();
    plan = buildPlan(mine("costal-"), { from: FROM, days: 1 });
  });
  const entry = (kind: string, name: RegExp) =>
    plan
      .cost!.components.flatMap((c) => c.schedules)
      .find((s) => s.kind === kind && name.test(s.schedule))!;

  it("counts a '*' metric alert's time series as every pipeline or trigger of the factory", () => {
    const pipelines = mine("costal-").filter(
      (r) =>
        r.type === "azure-native:datafactory:Pipeline" && r.inputs.factoryName === "adf-costal",
    ).length;
    const triggers = mine("costal-").filter(
      (r) => r.type === "azure-native:datafactory:Trigger" && r.inputs.factoryName === "adf-costal",
    ).length;
    assert.equal(pipelines, 2);
    const failed = entry("MetricAlert", /pipeline-failed/);
    assert.equal(failed.lines[0].days30, pipelines);
    // Every PT5M: 30 days × 288 evaluations per time series; December has 31 days.
    assert.equal(failed.lines[1].days30, pipelines * 30 * 288);
    assert.equal(failed.lines[1].month, pipelines * 31 * 288);
    assert.equal(entry("MetricAlert", /trigger-failed/).lines[0].days30, triggers);
    assert.ok(
      failed.lines.every((l) => l.meter === null && l.cost30 === null && l.basis === "info"),
    );
  });

  it("counts a log alert's evaluations by its frequency", () => {
    const rules = mine("costal-alerts").filter(
      (r) => r.type === "azure-native:monitor:ScheduledQueryRule",
    );
    assert.ok(rules.length >= 1);
    const logs = plan
      .cost!.components.flatMap((c) => c.schedules)
      .filter((s) => s.kind === "ScheduledQueryRule");
    assert.equal(logs.length, rules.length);
    for (const r of rules) {
      // PT15M (the deadline default): 96 a day; 30 days, and December's 31.
      const perDay = { PT15M: 96, PT5M: 288, PT1H: 24 }[r.inputs.evaluationFrequency as string]!;
      const log = logs.find((l) => l.schedule === (r.inputs.ruleName ?? r.name))!;
      assert.equal(log.lines[0].days30, 30 * perDay);
      assert.equal(log.lines[0].month, 31 * perDay);
    }
  });

  it("counts emails and Logic App runs per alert, and a Logic App's actions per run", () => {
    const group = entry("ActionGroup", /.*/);
    assert.match(group.lines[0].what, /emails per alert \(2 receivers\)/);
    assert.match(group.lines[1].what, /Logic App runs per alert \(1 receiver\)/);
    const wf = one("costal-notify", "azure-native:logic:Workflow");
    const app = entry("LogicApp", /.*/);
    assert.match(
      app.lines[0].what,
      new RegExp(`actions per run \\(${actionsIn(wf.inputs.definition)},`),
    );
    assert.ok(actionsIn(wf.inputs.definition) > 0);
    assert.match(
      renderText(plan),
      /emails per alert \(2 receivers\): not known \| not known \(per alert fired/,
    );
    assert.deepEqual(schemaErrors("plan-v1", plan), []);
  });
});
