// Early-deletion periods and proration: Microsoft Learn, "Access tiers for blob data"
// (learn.microsoft.com/azure/storage/blobs/access-tiers-overview): a blob "is subject to an early
// deletion penalty if it's deleted or moved to a different tier before 30 days" (cool), "90 days"
// (cold), archive "at least 180 days"; "This charge is prorated. For example, if a blob is moved
// to the cool tier and then deleted after 21 days, you'll be charged an early deletion fee
// equivalent to 9 (30 minus 21) days of storing that blob in the cool tier."
// Container metadata names must be C# identifiers (learn.microsoft.com/rest/api/storageservices/
// naming-and-referencing-containers--blobs--and-metadata); 5 PiB account capacity: "Scalability
// and performance targets for standard storage accounts".
import { strict as assert } from "assert";
import { Cron } from "croner";
import { mocks, one, rejects } from "../support/mocks";
import { schemaErrors } from "../support/schema";
import { Duration, Recurrence } from "../../lib/core";
import { DataFactory } from "../../lib/datafactory";
import { DataBackupSchedule, ModelBackupVault, type VaultTiering } from "../../lib/backup";
import type { TierDays } from "../../lib/backup";
import {
  buildPlan,
  diffPlans,
  PlanDocument,
  renderDiffMarkdown,
  renderMarkdown,
  renderSvg,
  renderText,
} from "../../lib/plan";
import { earlyDeletions, steadyState, storedAt, TierGB } from "../../lib/cost/storage";
import { costPeriods, type BackupStorageCost } from "../../lib/cost/usage";
import { DEFAULT_PRICES, mergePrices } from "../../lib/cost/prices";
import { storageMoves } from "../../lib/plan/render-cost";

const session = mocks();
const d = Duration.days;
const DAY = 86_400_000;
const FROM = new Date("2026-12-01T00:00:00Z");
const mine = (prefix: string) => session.resources.filter((r) => r.name.startsWith(prefix));

/** Test prices (not Azure's): the built-in table leaves blob capacity unknown. */
const PRICES = mergePrices(DEFAULT_PRICES, {
  version: 1,
  region: "eastus",
  currency: "USD",
  asOf: "2026-12-04",
  prices: {
    "blob.hot.gb-month": { meter: "hot", per: 1, unit: "GB-month", amount: 0.02 },
    "blob.cool.gb-month": { meter: "cool", per: 1, unit: "GB-month", amount: 0.01 },
    "blob.cold.gb-month": { meter: "cold", per: 1, unit: "GB-month", amount: 0.004 },
    "blob.archive.gb-month": { meter: "archive", per: 1, unit: "GB-month", amount: 0.001 },
  },
});

/**
 * The oracle: blobs as objects with a tier, written every `every` days; each write instant the
 * "policy" walks every blob once, deletes it past `delete` or moves it one tier colder as its age
 * passes each step. Counted at the instant of the `writes`-th write.
 */
function simulate(everyDays: number, size: number, ages: TierDays, writes: number): TierGB {
  type Blob = { born: number; tier: keyof TierGB };
  let blobs: Blob[] = [];
  const order: [keyof TierGB, number | undefined][] = [
    ["cool", ages.cool],
    ["cold", ages.cold],
    ["archive", ages.archive],
  ];
  let now = 0;
  for (let k = 0; k < writes; k++) {
    now = k * everyDays;
    blobs.push({ born: now, tier: "hot" });
    blobs = blobs.filter((b) => !(ages.delete !== undefined && now - b.born > ages.delete));
    for (const b of blobs)
      for (const [tier, day] of order) if (day !== undefined && now - b.born > day) b.tier = tier;
  }
  const out: TierGB = { hot: 0, cool: 0, cold: 0, archive: 0 };
  for (const b of blobs) out[b.tier] += size;
  return out;
}

describe("cost: backup storage per tier (pure)", () => {
  const cases: [string, number, TierDays][] = [
    ["daily, Cool after 1 d, deleted after 31 d", 1, { cool: 1, delete: 31 }],
    [
      "weekly, Cool 7, Cold 30, Archive 90, deleted after 365",
      7,
      { cool: 7, cold: 30, archive: 90, delete: 365 },
    ],
    ["hourly, Cool at once, deleted after 2 d", 1 / 24, { cool: 0, delete: 2 }],
    ["every 3 days, Archive after 10, deleted after 400", 3, { archive: 10, delete: 400 }],
  ];
  for (const [name, every, ages] of cases)
    it(`matches the blob-by-blob simulation in steady state: ${name}`, () => {
      const writes = Math.ceil(ages.delete! / every) + 20;
      assert.deepEqual(steadyState(every, 10, ages), simulate(every, 10, ages, writes));
      // storedAt with explicit write instants agrees too, at the last write.
      const at = (writes - 1) * every * DAY;
      const list = Array.from({ length: writes }, (_, k) => k * every * DAY);
      assert.deepEqual(storedAt(list, 10, ages, at), simulate(every, 10, ages, writes));
    });

  it("has no steady state without a delete step", () => {
    assert.equal(steadyState(1, 10, { cool: 1 }), null);
  });

  it("charges Microsoft's worked example: Cool, deleted after 21 days = 9 more days", () => {
    assert.deepEqual(earlyDeletions({ cool: 0, delete: 21 }), [
      { tier: "cool", stay: 21, chargedDays: 9 },
    ]);
  });

  it("charges each tier left inside its minimum: Cool 30, Cold 90, Archive 180 days", () => {
    assert.deepEqual(earlyDeletions({ cool: 1, cold: 11, archive: 41, delete: 100 }), [
      { tier: "cool", stay: 10, chargedDays: 20 },
      { tier: "cold", stay: 30, chargedDays: 60 },
      { tier: "archive", stay: 59, chargedDays: 121 },
    ]);
    assert.deepEqual(earlyDeletions({ cool: 1, cold: 31, archive: 121, delete: 301 }), []);
  });
});

describe("cost: ModelBackupVault storage in the plan", () => {
  let plan: PlanDocument;
  const tiering = (coolAfter: number): VaultTiering => ({
    backupEvery: d(1),
    keepVersions: 30,
    current: { coolAfter: d(coolAfter), coldAfter: d(coolAfter + 10) },
    backupSizeGB: 12.5,
  });
  const vault = (name: string, coolAfter: number) =>
    new ModelBackupVault(name, {
      resourceGroupName: "rg-cost",
      accountName: `${name.replace(/-/g, "")}acct`,
      families: ["forecasting"],
      tiering: tiering(coolAfter),
    });
  before(async () => {
    vault("costvault-a", 1);
    vault("costvault-b", 7);
    await session.settle();
    plan = buildPlan(mine("costvault-a"), { from: FROM, days: 1, prices: PRICES });
  });

  it("writes the size and cadence as container metadata (names Azure accepts)", () => {
    const c = one("costvault-a-forecasting", "azure-native:storage:BlobContainer");
    assert.deepEqual(c.inputs.metadata, {
      mlops_backup_size_gb: "12.5",
      mlops_backup_every: "P1D",
    });
    for (const k of Object.keys(c.inputs.metadata)) assert.match(k, /^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it("projects stored GB per tier from the lifecycle rule Azure receives, priced per GB-month", () => {
    const s: BackupStorageCost = plan.cost!.components[0].storage[0];
    assert.equal(s.container, "forecasting");
    // keepVersions 30 × 1 d = 30, raised to Cold's 11 + 90 = 101 so nothing leaves Cold early.
    assert.deepEqual(s.ages, { cool: 1, cold: 11, delete: 101 });
    const oracle = simulate(1, 12.5, s.ages, 200);
    assert.deepEqual(s.steadyGB, oracle);
    // Hand count: Hot ages 0-1 (2), Cool 2-11 (10), Cold 12-101 (90).
    assert.deepEqual(oracle, { hot: 25, cool: 125, cold: 1125, archive: 0 });
    const hot = s.lines.find((l) => l.meter === "blob.hot.gb-month")!;
    assert.equal(hot.what, "Hot: 2 backups × 12.5 GB (steady state, GB-months)");
    assert.equal(hot.cost30, 25 * 0.02);
    const storage = 25 * 0.02 + 125 * 0.01 + 1125 * 0.004;
    // Early deletion: Cool is left after 10 d, 20 more days charged for each of 30 backups.
    const early = s.lines.find((l) => l.what.startsWith("early deletion"))!;
    assert.equal(s.writes30, 30);
    assert.equal(s.writesMonth, 31);
    assert.equal(early.days30, (30 * 12.5 * 20) / 30);
    assert.equal(early.month, (31 * 12.5 * 20) / 30);
    assert.ok(Math.abs(plan.cost!.total30 - (storage + (30 * 12.5 * 20 * 0.01) / 30)) < 1e-6);
    assert.deepEqual(schemaErrors("plan-v1", plan), []);
  });

  it("projects the next 12 months per tier, growing until backups reach their deletion age", () => {
    const s = plan.cost!.components[0].storage[0];
    assert.equal(s.months.length, 12);
    assert.equal(s.months[0].at, "2027-01-01T00:00:00.000Z");
    // One month in: 32 backups written (days 0-31); ages 0-31: Hot 2, Cool 10, Cold 20.
    assert.deepEqual(s.months[0].gb, { hot: 25, cool: 125, cold: 250, archive: 0 });
    assert.deepEqual(s.months[11].gb, s.steadyGB);
  });

  it("shows the storage in the text and Markdown plans, each figure as GB × unit price", () => {
    assert.match(
      renderText(plan),
      /backups costvaultaacct\/forecasting: written every P1D, 12\.5 GB each; Hot → Cool after 1 d → Cold after 11 d → deleted after 101 d/,
    );
    assert.match(
      renderMarkdown(plan),
      /\| Cold: 90 backups × 12\.5 GB \(steady state, GB-months\) \| 1,125 × \$0\.0040 \/ GB-month = \$4\.50 \|/,
    );
  });

  it("draws stored GB per tier for the next 12 months in the plan's SVG, one stacked bar a month", () => {
    const svg = renderSvg(plan);
    const s = plan.cost!.components[0].storage[0];
    assert.match(svg, /Backups stored per tier, next 12 months/);
    const tips = [
      ...svg.matchAll(
        /<title>(\d{4}-\d{2}-\d{2}): hot ([\d,.]+) GB, cool ([\d,.]+) GB, cold ([\d,.]+) GB, archive ([\d,.]+) GB<\/title>/g,
      ),
    ];
    assert.equal(tips.length, 12);
    tips.forEach((t, i) =>
      assert.deepEqual(
        [t[1], ...t.slice(2).map((x) => Number(x.replace(/,/g, "")))],
        [
          s.months[i].at.slice(0, 10),
          s.months[i].gb.hot,
          s.months[i].gb.cool,
          s.months[i].gb.cold,
          0,
        ],
      ),
    );
    // The tallest bar (the steady state) is the chart's full 140 px; Cold's share of it is 1125/1275.
    const cold = [
      ...svg.matchAll(
        /<rect x="[\d.]+" y="[\d.]+" width="56" height="([\d.]+)" fill="#8250df"\/>/g,
      ),
    ];
    assert.equal(cold.length, 12);
    assert.equal(Number(cold[11][1]), Number(((1125 / 1275) * 140).toFixed(1)));
  });

  it("says in the diff's first line how many GB move between tiers", async () => {
    // Cool after 7 d instead of 1, kept 60 d either way: ages 2-7 stay Hot, 6 × 12.5 GB move.
    const keep60 = (name: string, coolAfter: number) =>
      new ModelBackupVault(name, {
        resourceGroupName: "rg-cost",
        accountName: "costvaultmoveacct",
        families: ["forecasting"],
        tiering: {
          backupEvery: d(1),
          keepVersions: 60,
          current: { coolAfter: d(coolAfter) },
          backupSizeGB: 12.5,
        },
      });
    keep60("costmove-base", 1);
    keep60("costmove-head", 7);
    await session.settle();
    const base = buildPlan(mine("costmove-base"), { from: FROM, days: 1, prices: PRICES });
    const head = buildPlan(mine("costmove-head"), { from: FROM, days: 1, prices: PRICES });
    const diff = diffPlans(base, head);
    assert.deepEqual(diff.cost!.storedGB, { hot: 75, cool: -75, cold: 0, archive: 0 });
    assert.deepEqual(schemaErrors("plan-diff-v1", diff), []);
    // 75 GB × ($0.02 - $0.01) = $0.75 more a month.
    assert.equal(
      renderDiffMarkdown(diff).split("\n")[2],
      "**Cost:** this change keeps the orchestration runs and ≈ $0.75 / month (30 days); backups move 75 GB from Cool to Hot.",
    );
  });

  it("words a move with a net change, and a pure addition", () => {
    assert.equal(
      storageMoves({ hot: 10, cool: -30, cold: 0, archive: 0 }),
      "backups move 10 GB from Cool to Hot, freeing 20 GB in all",
    );
    assert.equal(storageMoves({ hot: 0, cool: 0, cold: 0, archive: 0 }), "");
    assert.equal(
      storageMoves({ hot: 0, cool: 0, cold: -5, archive: 0 }),
      "backups free 5 GB (Cold)",
    );
  });

  it("says how many GB a longer retention adds", () => {
    // costvault-b: Cool after 7 d, Cold after 17 d, so deleted after 17 + 90 = 107 d, not 101.
    const head = buildPlan(mine("costvault-b"), { from: FROM, days: 1, prices: PRICES });
    const diff = diffPlans(plan, head);
    assert.match(renderDiffMarkdown(diff).split("\n")[2], /; backups add 75 GB \(Hot\)\.$/);
  });

  it("throws when backupSizeGB is 0, negative, above 5 PiB or not a number", async () => {
    for (const [size, code] of [
      [0, "CONFLICT"],
      [-1, "OUT_OF_RANGE"],
      [5 * 1024 * 1024 + 1, "OUT_OF_RANGE"],
      ["12" as unknown as number, "INVALID_TYPE"],
    ] as const)
      await rejects(
        () =>
          new ModelBackupVault("costvault-bad", {
            resourceGroupName: "rg-cost",
            families: ["forecasting"],
            tiering: { ...tiering(1), backupSizeGB: size },
          }),
        code,
        /^tiering\.backupSizeGB$/,
      );
  });

  it("throws when backupSizeGB comes without backupEvery, naming the family's prop", async () => {
    await rejects(
      () =>
        new ModelBackupVault("costvault-bad2", {
          resourceGroupName: "rg-cost",
          families: ["forecasting"],
          familyTiering: { forecasting: { current: { coolAfter: d(1) }, backupSizeGB: 3 } },
        }),
      "REQUIRED",
      /^familyTiering\.forecasting\.backupEvery$/,
    );
  });
});

describe("cost: DataBackupSchedule storage from its trigger's firings", () => {
  let plan: PlanDocument;
  before(async () => {
    const adf = new DataFactory("costdbs-adf", {
      resourceGroupName: "rg-cost",
      factoryName: "adf-cost",
    });
    new DataBackupSchedule("costdbs", {
      factory: adf,
      source: {
        accountId:
          "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cost/providers/Microsoft.Storage/storageAccounts/costlake",
        container: "landing",
      },
      destination: { resourceGroupName: "rg-cost", accountName: "costdbsbackup01" },
      // Weekdays only: an irregular cadence the closed form cannot use.
      schedule: Recurrence.weekly({
        on: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        at: "02:00",
        timeZone: "W. Europe Standard Time",
      }),
      tiering: { coolAfter: d(0), archiveAfter: d(30), deleteAfter: d(120), backupSizeGB: 4 },
    });
    await session.settle();
    plan = buildPlan(mine("costdbs"), { from: FROM, days: 1, prices: PRICES });
  });

  it("counts the stored GB per tier from the firings croner counts", () => {
    const s = plan.cost!.components.flatMap((c) => c.storage)[0];
    assert.equal(s.cadence, "at the firings of 1 trigger");
    // The oracle: croner's weekday 02:00 Berlin firings from FROM, counted at the first firing at
    // least 120 days on; each backup's tier by its age.
    const cron = new Cron("0 2 * * 1-5", { timezone: "Europe/Berlin", paused: true });
    const fires: number[] = [];
    for (
      let t = cron.nextRun(new Date(+FROM - 1));
      t && +t < +FROM + 400 * DAY;
      t = cron.nextRun(t)
    )
      fires.push(+t);
    const at = fires.find((f) => f >= +FROM + 120 * DAY)!;
    const gb = { hot: 0, cool: 0, cold: 0, archive: 0 };
    for (const f of fires.filter((x) => x <= at)) {
      const age = (at - f) / DAY;
      if (age > 120) continue;
      gb[age > 30 ? "archive" : age > 0 ? "cool" : "hot"] += 4;
    }
    assert.deepEqual(s.steadyGB, gb);
    const p = costPeriods(FROM);
    const count = (a: string, b: string) =>
      fires.filter((f) => f >= Date.parse(a) && f < Date.parse(b)).length;
    assert.equal(s.writes30, count(p.days30.from, p.days30.until));
    // Archive is left after 90 d, 90 more days charged per backup.
    const early = s.lines.find((l) => l.what.startsWith("early deletion: Archive"))!;
    assert.equal(early.days30, (s.writes30! * 4 * 90) / 30);
    assert.equal(
      one("costdbs-data-backup", "azure-native:storage:BlobContainer").inputs.metadata
        .mlops_backup_size_gb,
      "4",
    );
  });

  it("throws when tiering.backupSizeGB is negative", async () => {
    await rejects(
      () =>
        new DataBackupSchedule("costdbs-bad", {
          factory: { resourceGroupName: "rg-cost", factoryName: "adf-cost" },
          factoryPrincipalId: "99999999-2222-3333-4444-555555555555",
          source: {
            accountId:
              "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x",
            container: "landing",
          },
          destination: { resourceGroupName: "rg-cost", accountName: "costdbsbackup02" },
          schedule: Recurrence.daily({ at: "02:00" }),
          tiering: { backupSizeGB: -3 },
        }),
      "OUT_OF_RANGE",
      /^tiering\.backupSizeGB$/,
    );
  });
});
