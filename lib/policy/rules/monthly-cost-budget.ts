import { estimateFromResources } from "../../cost/budget";
import { DEFAULT_PRICES, formatMoney } from "../../cost/prices";
import { TYPES } from "../resources";
import type { Rule, Violation } from "../types";

/**
 * Rule `monthly-cost-budget`: the counted monthly cost of the schedules (the plan's cost section)
 * stays within each budget of the policy file, for the stack or one component. Its severity, scope
 * and the practice it follows are listed in RULES.md.
 */
export const monthlyCostBudget: Rule = {
  id: "monthly-cost-budget",
  title: "The schedules' counted monthly cost stays within the budgets the policy file sets",
  why: "A schedule change that multiplies runs, node-hours or stored backup GB is a cost change; a budget per stack or component makes the pull request that crosses it say so before anything is deployed. Only priced figures count: a total with unknown prices is a lower bound, and crossing the budget with it is certain.",
  practice:
    "Cost: what a schedule will cost is reviewed with the schedule (FinOps: budgets and cost visibility)",
  severity: "mandatory",
  scope: "stack",
  appliesTo: [
    TYPES.trigger,
    TYPES.pipeline,
    TYPES.mlSchedule,
    TYPES.mlCompute,
    TYPES.searchIndexer,
    TYPES.blobContainer,
    TYPES.managementPolicy,
  ],
  check(ctx) {
    const budgets = ctx.budgets ?? [];
    if (!budgets.length || !ctx.resources.length) return [];
    const prices = ctx.prices ?? DEFAULT_PRICES;
    const cost = estimateFromResources(ctx.resources, ctx.now, prices);
    const stack = ctx.resources.find((r) => r.type === "pulumi:pulumi:Stack") ?? ctx.resources[0];
    const out: Violation[] = [];
    budgets.forEach((b, i) => {
      const where = `budgets[${i}]`;
      const whole = b.scope === "stack";
      const component = whole
        ? undefined
        : cost.components.find(
            (c) => c.component === b.scope || c.component.split(" ").slice(1).join(" ") === b.scope,
          );
      if (!whole && !component) return;
      const figures = whole ? cost : component!;
      const resource = whole
        ? stack
        : (ctx.resources.find(
            (r) =>
              r.name === component!.component.split(" ").slice(1).join(" ") &&
              r.type.endsWith(`:${component!.component.split(" ")[0]}`),
          ) ?? stack);
      const what = whole ? "the stack" : component!.component;
      if (b.currency !== undefined && b.currency !== cost.currency) {
        out.push({
          resource: resource.urn,
          message: `The budget for ${what} (${where}) is in ${b.currency} but the prices are in ${cost.currency}: it cannot be checked. Give the budget in ${cost.currency} or a --prices file in ${b.currency}.`,
        });
        return;
      }
      if (figures.total30 <= b.monthly) return;
      const unknown = figures.unknown
        ? `, plus ${figures.unknown} figure(s) with an unknown price or quantity`
        : "";
      out.push({
        resource: resource.urn,
        message: `The counted monthly cost of ${what} is ≈ ${formatMoney(figures.total30, cost.currency)} / 30 days${unknown}, over its budget of ${formatMoney(b.monthly, cost.currency)} (${where}, ${cost.region} prices of ${cost.pricesAsOf}). Run less often, keep backups for less time or in a colder tier, raise the budget, or suppress this finding with the reason.`,
      });
    });
    return out;
  },
};
