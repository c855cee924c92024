import { describeLifecycleRule } from "../backup/lifecycle";
import type { PlanDocument } from "./document";

/** One storage account's lifecycle policy in words. */
export interface LifecycleView {
  /** The account name, or the policy's Pulumi name when the account is unknown. */
  readonly account: string;
  /** The component that owns the policy (a vault or data backup), if any. */
  readonly owner?: string;
  /** `forecasting (forecasting/): previous versions → Cool after 0 d → ... → deleted after 30 d`. */
  readonly lines: string[];
}

/**
 * Every management policy of the plan in words. It reads the masked resource inputs of the JSON
 * contract, so the text and Markdown views say exactly what the JSON carries.
 */
export function lifecycleViews(plan: PlanDocument): LifecycleView[] {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  return plan.resources
    .filter((r) => r.type === "azure-native:storage:ManagementPolicy")
    .map((r) => {
      const parent = r.parent ? byUrn.get(r.parent) : undefined;
      const rules: unknown[] = Array.isArray(r.inputs.policy?.rules) ? r.inputs.policy.rules : [];
      return {
        account: String(r.inputs.accountName ?? r.name),
        owner:
          parent && !parent.custom ? `${parent.type.split(":").pop()} ${parent.name}` : undefined,
        lines: rules.flatMap((rule) => describeLifecycleRule(rule)),
      };
    });
}
