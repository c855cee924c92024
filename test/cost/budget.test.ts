import { strict as assert } from "assert";
import { mocks } from "../support/mocks";
import { schemaErrors } from "../support/schema";
import { Duration, Recurrence } from "../../lib/core";
import { ModelBackupVault } from "../../lib/backup";
import { DataFactory, ScheduledDataPipeline } from "../../lib/datafactory";
import { buildPlan, policyResources } from "../../lib/plan";
import { crossGuardPolicies, CrossGuardStackPolicy, evaluate, RULES } from "../../lib/policy";
import { DEFAULT_PRICES, mergePrices } from "../../lib/cost/prices";
import { estimateFromResources } from "../../lib/cost/budget";

const session = mocks();
const FROM = new Date("2026-12-01T00:00:00Z");
const mine = (prefix: string) => session.resources.filter((r) => r.name.startsWith(prefix));
const PRICES = mergePrices(DEFAULT_PRICES, {
  version: 1,
  region: "eastus",
  currency: "USD",
  asOf: "2026-12-04",
  prices: { "blob.cool.gb-month": { meter: "cool", per: 1, unit: "GB-month", amount: 0.01 } },
});

describe("rule monthly-cost-budget", () => {
  before(async () => {
    const adf = new DataFactory("costbud-adf", {
      resourceGroupName: "rg-bud",
      factoryName: "adf-bud",
    });
    new ScheduledDataPipeline("costbud-hourly", {
      factory: adf,
      activities: [
        { name: "a", type: "Wait", waitTimeInSeconds: 1 },
        {
          name: "b",
          type: "Wait",
          waitTimeInSeconds: 1,
          dependsOn: [{ activity: "a", dependencyConditions: ["Succeeded"] }],
        },
      ],
      schedule: Recurrence.every(Duration.hours(1)),
    });
    new ModelBackupVault("costbud-vault", {
      resourceGroupName: "rg-bud",
      accountName: "costbudvault01",
      families: ["forecasting"],
      tiering: {
        backupEvery: Duration.days(1),
        keepVersions: 60,
        current: { coolAfter: Duration.days(0) },
        backupSizeGB: 100,
      },
    });
    await session.settle();
  });

  it("is listed among the rules, stack-scoped, mandatory by default", () => {
    const rule = RULES.find((r) => r.id === "monthly-cost-budget")!;
    assert.equal(rule.scope, "stack");
    assert.equal(rule.severity, "mandatory");
  });

  it("finds nothing without budgets, and nothing within them", () => {
    const plan = buildPlan(mine("costbud-"), { from: FROM, prices: PRICES });
    assert.ok(!plan.findings.some((f) => f.rule === "monthly-cost-budget"));
    const total = plan.cost!.total30;
    const within = buildPlan(mine("costbud-"), {
      from: FROM,
      prices: PRICES,
      budgets: [{ scope: "stack", monthly: total }],
    });
    assert.ok(!within.findings.some((f) => f.rule === "monthly-cost-budget"));
  });

  it("flags the stack over its budget with the plan's own total", () => {
    const plan = buildPlan(mine("costbud-"), {
      from: FROM,
      prices: PRICES,
      budgets: [{ scope: "stack", monthly: 1 }],
    });
    // Hourly: 720 firings × (1 trigger + 2 activity runs) = 2,160 runs = $2.16, plus the vault's
    // 60 backups × 100 GB in Cool at $0.01 (the Hot one has no price here) = $60.
    const f = plan.findings.filter((x) => x.rule === "monthly-cost-budget");
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, "mandatory");
    assert.match(f[0].message, new RegExp(`≈ \\$${plan.cost!.total30.toFixed(2)} / 30 days`));
    assert.match(f[0].message, /over its budget of \$1\.00 \(budgets\[0\]/);
    assert.equal(plan.cost!.total30, 62.16);
  });

  it("flags a component over its budget on the component, and takes a reasoned suppression", () => {
    const opts = {
      from: FROM,
      prices: PRICES,
      budgets: [{ scope: "costbud-vault", monthly: 10 }],
    };
    const plan = buildPlan(mine("costbud-"), opts);
    const vault = plan.cost!.components.find(
      (c) => c.component === "ModelBackupVault costbud-vault",
    )!;
    // Backups aged 1-60 d are Cool (Cool after 0 d, deleted after keepVersions × 1 d = 60 d).
    assert.equal(vault.storage[0].steadyGB!.cool, 6000);
    assert.equal(vault.total30, 60);
    const f = plan.findings.find((x) => x.rule === "monthly-cost-budget")!;
    assert.match(f.resource, /mlops:backup:ModelBackupVault::costbud-vault$/);
    assert.match(f.message, /ModelBackupVault costbud-vault is ≈ \$60\.00 \/ 30 days/);
    const accepted = buildPlan(mine("costbud-"), {
      ...opts,
      suppressions: [
        {
          rule: "monthly-cost-budget",
          resource: "costbud-vault",
          reason: "quarter-end retraining",
        },
      ],
    });
    assert.ok(!accepted.findings.some((x) => x.rule === "monthly-cost-budget"));
    assert.equal(accepted.suppressed[0].reason, "quarter-end retraining");
  });

  it("says a budget in another currency cannot be checked", () => {
    const r = evaluate(policyResources(mine("costbud-")), {
      now: FROM,
      budgets: [{ scope: "stack", monthly: 1, currency: "EUR" }],
    });
    assert.match(
      r.findings.find((x) => x.rule === "monthly-cost-budget")!.message,
      /is in EUR but the prices are in USD/,
    );
  });

  it("refuses a negative budget, a bad currency and a budget without scope", () => {
    for (const [budget, code, prop] of [
      [{ scope: "stack", monthly: -1 }, "OUT_OF_RANGE", "budgets[0].monthly"],
      [{ scope: "stack", monthly: 5, currency: "usd" }, "INVALID_FORMAT", "budgets[0].currency"],
      [{ scope: "", monthly: 5 }, "REQUIRED", "budgets[0].scope"],
    ] as const)
      assert.throws(
        () => evaluate([], { budgets: [budget as any] }),
        (e: any) => e.code === code && e.prop === prop,
      );
    assert.deepEqual(
      schemaErrors("policy-v1", { budgets: [{ scope: "stack", monthly: 50, currency: "USD" }] }),
      [],
    );
    assert.ok(schemaErrors("policy-v1", { budgets: [{ scope: "stack" }] }).length);
  });

  it("works in the CrossGuard pack from the stack's resources, with the built-in prices", async () => {
    const policy = crossGuardPolicies({ now: () => FROM }).find(
      (p) => p.name === "monthly-cost-budget",
    ) as CrossGuardStackPolicy;
    // CrossGuard sees inputs only: no activation resource beside the trigger, so it counts as started.
    const resources = policyResources(mine("costbud-")).map((r) => ({
      ...r,
      activation: undefined,
    }));
    const out: { message: string; urn?: string }[] = [];
    const args = (budgets: unknown) => ({
      resources: resources.map((r) => ({ ...r, parent: r.parent ? { urn: r.parent } : undefined })),
      getConfig: <T>() => ({ budgets }) as T,
    });
    policy.validateStack(args([{ scope: "stack", monthly: 2 }]), (message, urn) =>
      out.push({ message, urn }),
    );
    // Built-in prices know only orchestration: 2,160 runs = $2.16 > $2 (the storage is unknown).
    const expected = estimateFromResources(resources, FROM);
    assert.equal(expected.total30, 2.16);
    assert.equal(out.length, 1);
    assert.match(
      out[0].message,
      /^\[monthly-cost-budget\] The counted monthly cost of the stack is ≈ \$2\.16 \/ 30 days, plus \d+ figure\(s\) with an unknown price/,
    );
    out.length = 0;
    policy.validateStack(args([{ scope: "stack", monthly: 2.16 }]), (message) =>
      out.push({ message }),
    );
    assert.equal(out.length, 0);
  });
});
