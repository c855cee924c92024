import { strict as assert } from "assert";
import * as path from "path";
import { cliIn, pooled, ROOT } from "../support/cli";
import { schemaErrors } from "../support/schema";
import type { PlanDocument } from "../../lib/plan";

/**
 * stacks/platform planned as its own Pulumi project (its Pulumi.yaml and Pulumi.<stack>.yaml), for
 * both stacks: each plans with exit 0 (no mandatory finding) and shows its typed config.
 */
describe("stacks/platform (dev and prod stacks)", () => {
  const dir = path.join(ROOT, "stacks/platform");
  const plans = new Map<string, PlanDocument>();
  before(async function () {
    this.timeout(300_000);
    const runs = await pooled(
      ["dev", "prod"].map(
        (stack) => () =>
          cliIn(
            dir,
            "plan",
            ".",
            "--stack",
            stack,
            "--from",
            "2026-11-27T00:00:00Z",
            "--format",
            "json",
          ),
      ),
      2,
    );
    ["dev", "prod"].forEach((stack, i) => {
      assert.equal(runs[i].code, 0, `${stack}: ${runs[i].err}`);
      plans.set(stack, JSON.parse(runs[i].out));
    });
  });

  it("both plans follow the contract and have no mandatory finding", () => {
    for (const [stack, plan] of plans) {
      assert.deepEqual(schemaErrors("plan-v1", plan), [], stack);
      assert.deepEqual(
        plan.findings.filter((f) => f.severity === "mandatory"),
        [],
        stack,
      );
    }
  });

  const input = (plan: PlanDocument, name: string) =>
    plan.resources.find((r) => r.name === name)!.inputs;

  it("dev retrains on weekdays by cron on evictable nodes; prod daily at 03:00 on dedicated GPUs", () => {
    const dev = plans.get("dev")!;
    const prod = plans.get("prod")!;
    assert.deepEqual(input(dev, "forecast-retrain-schedule").properties.trigger, {
      triggerType: "Cron",
      expression: "0 4 * * 1-5",
      startTime: "2025-01-01T00:00:00",
      timeZone: "W. Europe Standard Time",
    });
    assert.equal(
      input(prod, "forecast-retrain-schedule").properties.trigger.triggerType,
      "Recurrence",
    );
    const retrain = (p: PlanDocument) => p.schedules.find((s) => s.name === "forecast-retrain")!;
    assert.equal(retrain(dev).kind, "MLSchedule");
    assert.equal(retrain(dev).runs, 5);
    assert.equal(retrain(prod).runs, 7);
    assert.equal(retrain(prod).localFirings[0], "2026-11-27 03:00");
    const compute = (p: PlanDocument) => input(p, "train-gpu-compute").properties.properties;
    assert.equal(compute(dev).vmPriority, "LowPriority");
    assert.equal(compute(prod).vmSize, "Standard_NC6s_v3");
    assert.deepEqual(compute(prod).scaleSettings, {
      minNodeCount: 0,
      maxNodeCount: 8,
      nodeIdleTimeBeforeScaleDown: "PT120S",
    });
  });

  it("prod shadows 20% to the candidate with three instances each; dev sends it everything", () => {
    // Traffic lives on the ShadowDeployment's traffic resource, not on the endpoint.
    const split = (stack: string) => input(plans.get(stack)!, "forecast-endpoint-traffic");
    assert.deepEqual(split("prod").traffic, { blue: 100, green: 0 });
    assert.deepEqual(split("prod").mirrorTraffic, { green: 20 });
    assert.deepEqual(split("dev").traffic, { blue: 0, green: 100 });
    assert.equal(input(plans.get("prod")!, "forecast-endpoint-candidate").sku.capacity, 3);
  });

  it("prod e-mails two recipients on failed runs (PipelineAlerts) and plans with no advisory finding either", () => {
    const prod = plans.get("prod")!;
    assert.deepEqual(
      input(prod, "ml-alerts-actions").emailReceivers.map((r: any) => r.emailAddress),
      ["ml-oncall@example.com", "forecasting-team@example.com"],
    );
    for (const [stack, plan] of plans) assert.deepEqual(plan.findings, [], stack);
    const deadline = prod.schedules.find((s) => s.kind === "DeadlineAlert")!;
    assert.deepEqual(deadline.pipelines, ["ingest"]);
    assert.match(deadline.cadence, /within 4 hours of each firing \(daily at 01:30\)/);
  });

  it("data flow: ingest → validate → train → the vault's backup, and ingest → index, from the paths each step writes and reads", () => {
    const prod = plans.get("prod")!;
    const edges = prod.flows.map((f) => `${f.from} ${f.kind} ${f.to}`);
    for (const e of [
      "trigger:forecast-arrival starts pipeline:forecast-validate",
      "pipeline:forecast-validate starts pipeline:forecast-train",
      // forecast-train writes abfss://models@<lake>/forecast/; the vault watches /models/blobs/forecast/.
      "pipeline:forecast-train starts trigger:models-vault-artifacts-forecast",
      "trigger:models-vault-artifacts-forecast starts pipeline:models-vault-artifacts",
      // ingest writes RawSales (landing/sales); the indexer's data source reads landing, sales/.
      "pipeline:ingest writes dataset:RawSales",
      "dataset:RawSales reads trigger:sales-search-indexer",
    ])
      assert.ok(edges.includes(e), e);
    const train = input(prod, "forecast-train-pipeline").activities[0];
    assert.match(
      train.mlPipelineParameters.modelOutput,
      /^abfss:\/\/models@[a-z0-9]+\.dfs\.core\.windows\.net\/forecast\/$/,
    );
    const backup = prod.schedules.find((s) => s.name === "models-vault-artifacts-forecast")!;
    assert.match(backup.cadence, /\/models\/blobs\/forecast\/ ending _SUCCESS/);
    assert.equal(backup.activation, "started on deploy");
    assert.equal(
      prod.schedules.find((s) => s.name === "sales-search-indexer")!.kind,
      "SearchIndexer",
    );
  });

  it("the candidate's alerts follow the stage and typed config: prod's shadow at 2000 ms, dev's full rollout at 3000 ms", () => {
    const latency = (stack: string) =>
      input(plans.get(stack)!, "forecast-endpoint-candidate-latency").criteria.allOf[0];
    assert.equal(latency("prod").threshold, 2000);
    assert.equal(latency("dev").threshold, 3000);
    const errors = (stack: string) =>
      input(plans.get(stack)!, "forecast-endpoint-candidate-errors").criteria.allOf[0].threshold;
    assert.deepEqual([errors("prod"), errors("dev")], [1, 5]);
    assert.equal(latency("prod").metricName, "RequestLatency_P99");
    assert.deepEqual(latency("prod").dimensions, [
      { name: "deployment", operator: "Include", values: ["green"] },
    ]);
    const prodErrors = input(plans.get("prod")!, "forecast-endpoint-candidate-errors");
    assert.equal(prodErrors.criteria.allOf[0].metricName, "RequestsPerMinute");
    assert.equal(prodErrors.actions.length, 1);
  });
});
