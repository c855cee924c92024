import { searchIndexers, timelineOf, TYPES } from "../policy/resources";
import type { PolicyResource } from "../policy/types";
import type { PlanDocument, PlanResource, PlanSchedule } from "../plan/document";
import { DEFAULT_PRICES, PriceTable } from "./prices";
import { estimateCost, PlanCost } from "./usage";

/** A monthly budget of the policy file (`budgets`), checked by the `monthly-cost-budget` rule. */
export interface CostBudget {
  /**
   * `stack` for the whole program, or one component: its Pulumi name (`models`) or the label the
   * plan's cost section gives it (`ModelBackupVault models`).
   */
  readonly scope: string;
  /** Most money per month (30 days), in `currency`. At least 0. */
  readonly monthly: number;
  /** ISO 4217 code. @default - the price table's currency */
  readonly currency?: string;
}

const PROVIDER_TYPE = /^(azure-native|azuread|random|pulumi-nodejs|pulumi):/;

/**
 * The cost estimate of a set of policy resources (the offline plan's or a CrossGuard stack's),
 * with the schedules derived the way the plan derives them: a trigger counts unless it is known to
 * stay stopped (CrossGuard sees no activation, so a trigger counts as started, the library's
 * default), an Azure ML schedule unless `isEnabled` is false.
 */
export function estimateFromResources(
  resources: readonly PolicyResource[],
  now: Date,
  prices: PriceTable = DEFAULT_PRICES,
): PlanCost {
  const parents = new Set(resources.map((r) => r.parent).filter(Boolean));
  const planResources: PlanResource[] = resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent ?? null,
    custom: !(parents.has(r.urn) && !PROVIDER_TYPE.test(r.type)),
    inputs: r.props,
  }));
  const schedules: Partial<PlanSchedule>[] = [];
  for (const r of resources) {
    if (r.type !== TYPES.trigger && r.type !== TYPES.mlSchedule) continue;
    let timeline;
    try {
      timeline = timelineOf(r);
    } catch {
      continue;
    }
    if (!timeline) continue;
    const ml = r.type === TYPES.mlSchedule;
    schedules.push({
      resource: r.urn,
      name: String(ml ? (r.props.name ?? r.name) : (r.props.triggerName ?? r.name)),
      factory: ml ? null : String(r.props.factoryName ?? ""),
      kind: ml ? "MLSchedule" : String(r.props.properties?.type ?? "Trigger"),
      pipelines: timeline.pipelines,
      activation: (ml ? r.props.properties?.isEnabled === false : r.activation === "Stopped")
        ? "left stopped"
        : "started on deploy",
      backfill: timeline.backfill(now) ?? null,
    });
  }
  for (const v of searchIndexers(resources))
    schedules.push({
      resource: v.resource.urn,
      name: v.resource.name,
      factory: null,
      kind: "SearchIndexer",
      pipelines: [],
      activation: "started on deploy",
      backfill: null,
    });
  const plan = {
    generatedFrom: now.toISOString(),
    resources: planResources,
    schedules,
  } as unknown as PlanDocument;
  return estimateCost(plan, prices);
}
