import { strict as assert } from "assert";
import {
  buildPlan,
  diffPlans,
  MAX_FIRINGS,
  planForContract,
  renderDiffText,
  renderMarkdown,
  renderSvg,
  renderText,
} from "../../lib/plan";
import type { RecordedResource } from "../../lib/plan";
import { schemaErrors } from "../support/schema";

function trigger(name: string, properties: Record<string, any>): RecordedResource {
  const none: string[] = [];
  return {
    urn: `urn:pulumi:plan::p::azure-native:datafactory:Trigger::${name}`,
    type: "azure-native:datafactory:Trigger",
    name,
    custom: true,
    inputs: { resourceGroupName: "rg", factoryName: "adf", triggerName: name, properties },
    secretPaths: [],
    hooks: {
      beforeCreate: none,
      afterCreate: none,
      beforeUpdate: none,
      afterUpdate: none,
      beforeDelete: none,
      afterDelete: none,
      onError: none,
    },
  };
}

describe("buildPlan", () => {
  const from = new Date("2026-11-27T00:00:00Z");
  const everyMinute = trigger("every-minute", {
    type: "ScheduleTrigger",
    recurrence: { frequency: "Minute", interval: 1, startTime: "2026-01-01T00:00:00Z" },
    pipelines: [{ pipelineReference: { referenceName: "poll", type: "PipelineReference" } }],
  });

  it("caps the listed firings but counts every run, per hour too", () => {
    const plan = buildPlan([everyMinute], { from, days: 7 });
    const s = plan.schedules[0];
    assert.equal(s.firings.length, MAX_FIRINGS);
    assert.equal(s.runs, 7 * 24 * 60);
    assert.equal(Object.keys(s.runsByHour).length, 7 * 24);
    assert.equal(s.runsByHour["2026-12-03T23"], 60);
    assert.deepEqual(schemaErrors("plan-v1", plan), []);
  });

  it("draws the calendar from the complete hourly counts, beyond the cap", () => {
    const svg = renderSvg(buildPlan([everyMinute], { from, days: 7 }));
    assert.match(svg, /<title>Thu 3 Dec 23:00-23:59 UTC: every-minute \(60 runs\)<\/title>/);
  });

  it("reports activation from each trigger's TriggerActivation resource", () => {
    const stopped = { ...everyMinute, urn: `${everyMinute.urn}-2` };
    const activation: RecordedResource = {
      ...everyMinute,
      urn: `${everyMinute.urn}$pulumi-nodejs:dynamic/mlops:TriggerActivation::every-minute-activation`,
      type: "pulumi-nodejs:dynamic/mlops:TriggerActivation",
      name: "every-minute-activation",
      parent: everyMinute.urn,
      inputs: { desiredState: "Started", triggerType: "ScheduleTrigger" },
    };
    const plan = buildPlan([everyMinute, activation, stopped], { from, days: 1 });
    assert.deepEqual(
      plan.schedules.map((s) => s.activation),
      ["started on deploy", "left stopped"],
    );
  });

  it("shows a held trigger as held stopped with its reason, in every format and in the diff (issue 18, case 3)", () => {
    const activation = (inputs: Record<string, unknown>): RecordedResource => ({
      ...everyMinute,
      urn: `${everyMinute.urn}$pulumi-nodejs:dynamic/mlops:TriggerActivation::every-minute-activation`,
      type: "pulumi-nodejs:dynamic/mlops:TriggerActivation",
      name: "every-minute-activation",
      parent: everyMinute.urn,
      inputs: { triggerType: "ScheduleTrigger", ...inputs },
    });
    const running = buildPlan([everyMinute, activation({ desiredState: "Started" })], {
      from,
      days: 1,
    });
    const held = buildPlan(
      [everyMinute, activation({ desiredState: "Stopped", hold: "INC-4711 upstream outage" })],
      { from, days: 1 },
    );
    const s = held.schedules[0];
    assert.equal(s.activation, "held stopped");
    assert.equal(s.hold, "INC-4711 upstream outage");
    assert.equal(held.version, 2, "held stopped is a contract version 2 value");
    assert.deepEqual(schemaErrors("plan-v1", held), []);
    const v1 = planForContract(held, 1);
    assert.equal(v1.schedules[0].activation, "left stopped");
    assert.equal(v1.schedules[0].hold, undefined);
    assert.deepEqual(schemaErrors("plan-v1", v1), []);
    assert.match(renderText(held), /every-minute \[.*\] held stopped \(INC-4711 upstream outage\)/);
    assert.match(renderMarkdown(held), /\*\*held stopped\*\*: INC-4711 upstream outage/);
    assert.match(renderSvg(held), /HELD STOPPED \(INC-4711 upstream outage\)/);
    assert.match(
      JSON.stringify(held),
      /"activation":"held stopped","hold":"INC-4711 upstream outage"/,
    );
    assert.equal(held.findings.filter((f) => f.rule === "adf-trigger-activated").length, 0);
    const diff = diffPlans(running, held);
    assert.deepEqual(diff.schedules.changed[0].changes, [
      {
        field: "activation",
        before: "started on deploy",
        after: "held stopped: INC-4711 upstream outage",
      },
    ]);
    assert.match(renderDiffText(diff), /held stopped: INC-4711 upstream outage/);
  });
});
