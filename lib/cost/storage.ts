/**
 * Stored GB per access tier of a backup container, from when backups are written, their size and
 * the lifecycle ages of the management-policy rule over them. Pulumi-free: the plan's cost
 * estimate calls it with what the plan document carries.
 *
 * The model, stated once: a lifecycle step takes effect when a blob's age exceeds the rule's days
 * (`daysAfterCreationGreaterThan: 30` moves it once it is older than 30 days; Azure's daily policy
 * run may take up to another day). Backups are written once, so creation and modification ages
 * are the same. Only current blobs are counted: previous versions and snapshots are not.
 */
import { EARLY_DELETION_DAYS, type TierDays } from "../backup/lifecycle";

/** An access tier of a block blob. */
export type Tier = "hot" | "cool" | "cold" | "archive";

/** The four tiers in order, warmest first. */
export const TIERS: readonly Tier[] = ["hot", "cool", "cold", "archive"];

/** GB stored in each tier. */
export type TierGB = Record<Tier, number>;

const DAY = 86_400_000;

/** The tier of a blob `age` days old under `ages`, or `deleted`. */
export function tierAt(ages: TierDays, age: number): Tier | "deleted" {
  if (ages.delete !== undefined && age > ages.delete) return "deleted";
  let tier: Tier = "hot";
  let since = -Infinity;
  for (const t of ["cool", "cold", "archive"] as const) {
    const d = ages[t];
    if (d !== undefined && age > d && d >= since) {
      tier = t;
      since = d;
    }
  }
  return tier;
}

/** GB per tier at instant `at` (ms) of backups of `sizeGB` written at `writes` (ms, any order). */
export function storedAt(
  writes: readonly number[],
  sizeGB: number,
  ages: TierDays,
  at: number,
): TierGB {
  const out: TierGB = { hot: 0, cool: 0, cold: 0, archive: 0 };
  for (const w of writes) {
    if (w > at) continue;
    const tier = tierAt(ages, (at - w) / DAY);
    if (tier !== "deleted") out[tier] += sizeGB;
  }
  return out;
}

/** One tier a backup leaves (to a colder tier or by deletion) before its minimum stay ends. */
export interface EarlyDeletion {
  readonly tier: Exclude<Tier, "hot">;
  /** Days the backup stays in the tier. */
  readonly stay: number;
  /** Days Azure charges as if it had stayed: the tier's minimum minus `stay`. */
  readonly chargedDays: number;
}

/**
 * The early-deletion charges one backup incurs: Azure charges the remaining days of a blob that
 * is deleted or moved to another tier before Cool's 30, Cold's 90 or Archive's 180 days
 * (prorated). A tier the ages skip (a later step at an earlier or equal age) is never entered.
 */
export function earlyDeletions(ages: TierDays): EarlyDeletion[] {
  const steps = (["cool", "cold", "archive", "delete"] as const)
    .filter((s) => ages[s] !== undefined)
    .map((s) => ({ s, d: ages[s]! }))
    .sort((a, b) => a.d - b.d);
  const out: EarlyDeletion[] = [];
  for (let k = 0; k + 1 < steps.length; k++) {
    const { s, d } = steps[k];
    if (s === "delete") break;
    const stay = steps[k + 1].d - d;
    if (stay <= 0) continue;
    const min = EARLY_DELETION_DAYS[s];
    if (stay < min) out.push({ tier: s, stay, chargedDays: min - stay });
  }
  return out;
}

/**
 * Steady state: GB per tier once backups written every `everyDays` days have reached their
 * deletion age, at the moment a backup is written (ages 0, E, 2E, …). `null` without a delete
 * step: the last tier then grows without bound.
 */
export function steadyState(everyDays: number, sizeGB: number, ages: TierDays): TierGB | null {
  if (ages.delete === undefined) return null;
  const out: TierGB = { hot: 0, cool: 0, cold: 0, archive: 0 };
  // Backups k = 0, 1, … of age k × E; the oldest kept is the last with k × E <= delete.
  const oldest = Math.floor(ages.delete / everyDays + 1e-9);
  for (let k = 0; k <= oldest; k++) {
    const tier = tierAt(ages, k * everyDays);
    if (tier !== "deleted") out[tier] += sizeGB;
  }
  return out;
}
