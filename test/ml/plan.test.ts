import { strict as assert } from "assert";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import { mocks } from "../support/mocks";
import { schemaErrors } from "../support/schema";
import { Recurrence } from "../../lib/core";
import {
  OnlineEndpointTraffic,
  ShadowDeployment,
  TrainingCluster,
  TrainingSchedule,
} from "../../lib/ml";
import {
  buildPlan,
  diffPlans,
  PlanDocument,
  policyResources,
  renderDiffMarkdown,
  renderDiffText,
  renderMarkdown,
  renderSvg,
  renderText,
} from "../../lib/plan";
import { ruleContext } from "../../lib/policy";
import {
  computeScaleToZero,
  onlineEndpointKeyless,
  onlineEndpointTraffic,
} from "../../lib/policy/rules";

const session = mocks();
const workspace = { resourceGroupName: "rg-mlplan", workspaceName: "mlw-plan" };
const FROM = new Date("2026-03-27T00:00:00Z");
const mine = (prefix: string) => session.resources.filter((r) => r.name.startsWith(prefix));

describe("offline plan of Azure ML resources", () => {
  let plan: PlanDocument;
  before(async () => {
    new TrainingSchedule("mlplan-retrain", {
      workspace,
      recurrence: Recurrence.daily({ at: "03:00", timeZone: "W. Europe Standard Time" }),
      job: {
        jobType: "Command",
        command: "python train.py",
        environmentId: "azureml:env:1",
        displayName: "retrain",
      },
    });
    new TrainingSchedule("mlplan-cron", {
      workspace,
      cron: { expression: "30 4 * * 1", timeZone: "Eastern Standard Time" },
      job: { jobType: "Pipeline", displayName: "weekly-eval" },
      enabled: false,
    });
    await session.settle();
    plan = buildPlan(mine("mlplan-"), { from: FROM, days: 5, program: "test/ml", stack: "t" });
  });

  it("lists each Azure ML schedule as kind MLSchedule with UTC and local firings, following the contract", () => {
    assert.deepEqual(schemaErrors("plan-v1", plan), []);
    const daily = plan.schedules.find((s) => s.name === "mlplan-retrain")!;
    assert.equal(daily.kind, "MLSchedule");
    assert.equal(daily.timeZone, "W. Europe Standard Time");
    assert.deepEqual(daily.pipelines, ["retrain"]);
    assert.equal(daily.activation, "started on deploy");
    assert.deepEqual(daily.firings, [
      "2026-03-27T02:00:00.000Z",
      "2026-03-28T02:00:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T01:00:00.000Z",
      "2026-03-31T01:00:00.000Z",
    ]);
    assert.deepEqual(daily.localFirings, [
      "2026-03-27 03:00",
      "2026-03-28 03:00",
      "2026-03-29 03:00",
      "2026-03-30 03:00",
      "2026-03-31 03:00",
    ]);
    const cron = plan.schedules.find((s) => s.name === "mlplan-cron")!;
    assert.equal(cron.activation, "left stopped");
    assert.deepEqual(cron.firings, []);
    assert.match(cron.cadence, /^cron 30 4 \* \* 1: on Monday at 04:30 \(disabled\)$/);
    assert.deepEqual(
      plan.flows.filter((f) => f.from === "trigger:mlplan-retrain"),
      [{ from: "trigger:mlplan-retrain", to: "pipeline:retrain", kind: "starts" }],
    );
  });

  it("shows them in every format", () => {
    assert.match(renderText(plan), /mlplan-retrain[\s\S]*MLSchedule/);
    assert.match(renderMarkdown(plan), /mlplan-retrain/);
    assert.match(renderSvg(plan), /mlplan-retrain/);
  });
});

describe("plan diff of a ShadowDeployment stage change", () => {
  it("says in words what share of traffic moves to which model", async () => {
    const args = (stage: string) => ({
      workspace,
      endpointName: "ep-forecast",
      live: { name: "blue", model: "azureml:forecast:6" },
      candidate: { name: "green", model: "azureml:forecast:7" },
      stage,
    });
    new ShadowDeployment("stagebase", args("shadow 20%"));
    new ShadowDeployment("stagehead", args("canary 10%"));
    await session.settle();
    const base = buildPlan(mine("stagebase"), { from: FROM });
    // The same program one commit later: rename the head's resources onto the base's.
    const head: PlanDocument = JSON.parse(
      JSON.stringify(buildPlan(mine("stagehead"), { from: FROM })).replace(
        /stagehead/g,
        "stagebase",
      ),
    );
    const d = diffPlans(base, head);
    assert.deepEqual(schemaErrors("plan-diff-v1", d), []);
    assert.deepEqual(d.traffic, [
      {
        endpoint: "ep-forecast",
        resource: head.resources.find((r) => r.name === "stagebase-traffic")!.urn,
        before: "blue answers 100%; green gets a 20% mirrored copy (answers discarded)",
        after: "blue answers 90%; green answers 10%",
        moves: "10% of live traffic moves from blue to green; mirroring to green stops (was 20%)",
      },
    ]);
    assert.match(
      renderDiffText(d),
      /endpoint ep-forecast: 10% of live traffic moves from blue to green/,
    );
    assert.match(
      renderDiffMarkdown(d),
      /\*\*10% of live traffic moves from blue to green; mirroring to green stops \(was 20%\)\*\*/,
    );
  });
});

describe(`rule ${computeScaleToZero.id}`, () => {
  const check = () =>
    computeScaleToZero.check(ruleContext(policyResources(mine("stz-")), { now: FROM }));
  it("flags a raw AmlCompute with a floor and no reason, accepts ours and a raw one with the reason tag", async () => {
    new TrainingCluster("stz-ours", { workspace });
    new TrainingCluster("stz-warm", { workspace, minNodeCount: 1, alwaysOnReason: "latency SLO" });
    const raw = (name: string, tags?: Record<string, string>) =>
      new ml.Compute(name, {
        ...workspace,
        computeName: name,
        tags,
        properties: {
          computeType: "AmlCompute",
          properties: {
            vmSize: "Standard_NC6s_v3",
            scaleSettings: { minNodeCount: 2, maxNodeCount: 4 },
          },
        },
      });
    raw("stz-raw");
    raw("stz-raw-reasoned", { "mlops-always-on-reason": "warm pool for interactive notebooks" });
    new ml.Compute("stz-instance", {
      ...workspace,
      properties: { computeType: "ComputeInstance", properties: { vmSize: "Standard_DS3_v2" } },
    });
    await session.settle();
    const v = check();
    assert.equal(v.length, 1);
    assert.match(v[0].resource, /::stz-raw$/);
    assert.match(v[0].message, /stz-raw keeps 2 node\(s\) running when idle/);
  });
});

describe(`rules ${onlineEndpointTraffic.id} and ${onlineEndpointKeyless.id}`, () => {
  const check = (rule: typeof onlineEndpointTraffic) =>
    rule.check(ruleContext(policyResources(mine("ept-")), { now: FROM }));
  it("accept ShadowDeployment stages; flag raw splits Azure refuses and key auth", async () => {
    new ShadowDeployment("ept-ours", {
      workspace,
      endpointName: "ept-ours",
      live: { name: "blue", model: "azureml:m:1" },
      candidate: { name: "green", model: "azureml:m:2" },
      stage: "shadow 50%",
    });
    const raw = (name: string, properties: Record<string, unknown>) =>
      new ml.OnlineEndpoint(name, {
        ...workspace,
        endpointName: name,
        properties: properties as never,
      });
    raw("ept-ok", { authMode: "AADToken", traffic: { a: 70, b: 30 } });
    raw("ept-live90", { authMode: "AADToken", traffic: { a: 90 } });
    raw("ept-mirror60", {
      authMode: "AADToken",
      traffic: { a: 100, b: 0 },
      mirrorTraffic: { b: 60 },
    });
    raw("ept-both", { authMode: "AADToken", traffic: { a: 90, b: 10 }, mirrorTraffic: { b: 10 } });
    raw("ept-key", { authMode: "Key" });
    // A traffic resource used on its own is read like a raw endpoint's traffic.
    new OnlineEndpointTraffic("ept-tr-mirror60", {
      endpointId:
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/onlineEndpoints/ept-tr",
      traffic: { a: 100 },
      mirrorTraffic: { b: 60 },
    });
    await session.settle();
    const traffic = check(onlineEndpointTraffic)
      .map((v) => [v.resource.split("::").pop()!, v.message])
      .sort((a, b) => a[0].localeCompare(b[0]));
    assert.deepEqual(
      traffic.map(([r]) => r),
      ["ept-both", "ept-live90", "ept-mirror60", "ept-tr-mirror60"],
    );
    assert.match(traffic[0][1]!, /b receives live and mirrored traffic at once/);
    assert.match(traffic[1][1]!, /live traffic sums to 90, not 100/);
    assert.match(traffic[2][1]!, /60% is mirrored \(at most 50\)/);
    assert.match(traffic[3][1]!, /^Online endpoint ept-tr: 60% is mirrored \(at most 50\)/);
    assert.deepEqual(
      check(onlineEndpointKeyless).map((v) => v.resource.split("::").pop()),
      ["ept-key"],
    );
  });
});
