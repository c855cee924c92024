import { strict as assert } from "assert";
import { Cron } from "croner";
import { mocks, one, rejects } from "../support/mocks";
import { schemaErrors } from "../support/schema";
import { Duration, Recurrence } from "../../lib/core";
import { TrainingCluster, TrainingSchedule } from "../../lib/ml";
import { buildPlan, PlanDocument, renderText } from "../../lib/plan";
import { costPeriods, mlComputeOf } from "../../lib/cost/usage";
import { DEFAULT_PRICES, mergePrices } from "../../lib/cost/prices";

const session = mocks();
const workspace = { resourceGroupName: "rg-mlcost", workspaceName: "mlw-cost" };
const FROM = new Date("2026-03-20T00:00:00Z");
const mine = (prefix: string) => session.resources.filter((r) => r.name.startsWith(prefix));
const job = {
  jobType: "Command" as const,
  command: "python train.py",
  environmentId: "azureml:env:1",
  resources: { instanceCount: 2 },
};

/** Firings of `expr` in `zone` in [from, until), counted by croner (the tests' schedule oracle). */
function cronFirings(expr: string, zone: string, from: string, until: string): number {
  const cron = new Cron(expr, { timezone: zone, paused: true });
  let n = 0;
  for (
    let t = cron.nextRun(new Date(Date.parse(from) - 1));
    t && +t < Date.parse(until);
    t = cron.nextRun(t)
  )
    n++;
  return n;
}

describe("cost: Azure ML compute hours", () => {
  let plan: PlanDocument;
  before(async () => {
    const cluster = new TrainingCluster("mlcost-gpu", {
      workspace,
      idleTimeBeforeScaleDown: Duration.minutes(10),
    });
    new TrainingSchedule("mlcost-retrain", {
      workspace,
      // Daily at 03:00 Berlin time: the DST change of 2026-03-29 falls inside both periods.
      recurrence: Recurrence.daily({ at: "03:00", timeZone: "W. Europe Standard Time" }),
      job,
      cluster,
      expectedDuration: Duration.minutes(45),
    });
    new TrainingSchedule("mlcost-unstated", {
      workspace,
      recurrence: Recurrence.daily({ at: "05:00" }),
      job: { ...job, resources: undefined },
      cluster,
    });
    await session.settle();
    plan = buildPlan(mine("mlcost-"), {
      from: FROM,
      days: 2,
      prices: mergePrices(DEFAULT_PRICES, {
        version: 1,
        region: "eastus",
        currency: "USD",
        asOf: "2026-12-04",
        prices: {
          "ml.compute-hour": { meter: "test node", per: 1, unit: "node-hour", amount: 0.5 },
        },
      }),
    });
  });

  it("sends expectedDuration to Azure as the schedule tag the estimate reads", () => {
    const s = one("mlcost-retrain", "azure-native:machinelearningservices:Schedule");
    assert.deepEqual(s.inputs.properties.tags, { "mlops:expected-duration": "PT45M" });
    const unstated = one("mlcost-unstated", "azure-native:machinelearningservices:Schedule");
    assert.equal(unstated.inputs.properties.tags, undefined);
  });

  it("counts runs × nodes × duration plus the idle scale-down per run, firings as croner counts them", () => {
    const p = costPeriods(FROM);
    const f30 = cronFirings("0 3 * * *", "Europe/Berlin", p.days30.from, p.days30.until);
    const fMonth = cronFirings("0 3 * * *", "Europe/Berlin", p.month.from, p.month.until);
    assert.equal(f30, 30);
    assert.equal(fMonth, 31);
    const s = plan
      .cost!.components.flatMap((c) => c.schedules)
      .find((x) => x.schedule === "mlcost-retrain")!;
    assert.equal(s.firings30, f30);
    const [runs, busy, idle] = s.lines;
    assert.equal(runs.days30, f30);
    // 2 nodes × 0.75 h per run; 2 nodes × 10 min idle per run.
    assert.equal(busy.days30, f30 * 2 * 0.75);
    assert.equal(busy.month, fMonth * 2 * 0.75);
    assert.equal(busy.cost30, f30 * 2 * 0.75 * 0.5);
    assert.ok(Math.abs(idle.days30! - (f30 * 2 * 10) / 60) < 1e-9);
    assert.ok(Math.abs(idle.cost30! - ((f30 * 2 * 10) / 60) * 0.5) < 1e-9);
    assert.match(busy.what, /runs × 2 nodes × PT45M/);
    assert.match(idle.what, /PT600S/);
    assert.deepEqual(schemaErrors("plan-v1", plan), []);
  });

  it("says hours are not known without expectedDuration, and prices nothing for them", () => {
    const s = plan
      .cost!.components.flatMap((c) => c.schedules)
      .find((x) => x.schedule === "mlcost-unstated")!;
    const busy = s.lines[1];
    assert.equal(busy.days30, null);
    assert.equal(busy.cost30, null);
    assert.equal(busy.note, "hours not known: no expectedDuration");
    assert.match(renderText(plan), /compute node-hours \(runs × nodes × duration\): not known/);
  });

  it("reads the job's nodes and finds no cluster when the job names one outside the program", () => {
    const s = one("mlcost-retrain", "azure-native:machinelearningservices:Schedule");
    const shape = mlComputeOf(
      { ...s, parent: s.parent ?? null },
      [], // no compute resources: the cluster is not in the program
    );
    assert.deepEqual(
      { hours: shape.hours, nodes: shape.nodes, idleHours: shape.idleHours },
      { hours: 0.75, nodes: 2, idleHours: null },
    );
  });

  it("throws when expectedDuration is not a Duration", async () => {
    await rejects(
      () =>
        new TrainingSchedule("mlcost-bad1", {
          workspace,
          recurrence: Recurrence.daily({ at: "03:00" }),
          job,
          expectedDuration: "PT1H" as unknown as Duration,
        }),
      "INVALID_TYPE",
      /^expectedDuration$/,
      /must be a Duration/,
    );
  });

  it("throws when expectedDuration is zero", async () => {
    await rejects(
      () =>
        new TrainingSchedule("mlcost-bad2", {
          workspace,
          recurrence: Recurrence.daily({ at: "03:00" }),
          job,
          expectedDuration: Duration.seconds(0),
        }),
      "OUT_OF_RANGE",
      /^expectedDuration$/,
      /PT0S/,
    );
  });

  it("throws when expectedDuration is longer than the job's limits.timeout", async () => {
    // Azure ML cancels a command job at limits.timeout (CommandJobLimits.timeout, ISO 8601):
    // azure-rest-api-specs machinelearningservices mfe.json "CommandJobLimits".
    await rejects(
      () =>
        new TrainingSchedule("mlcost-bad3", {
          workspace,
          recurrence: Recurrence.daily({ at: "03:00" }),
          job: { ...job, limits: { jobLimitsType: "Command", timeout: "PT1H" } },
          expectedDuration: Duration.hours(2),
        }),
      "CONFLICT",
      /^expectedDuration$/,
      /limits\.timeout \(PT1H\)/,
    );
  });
});
