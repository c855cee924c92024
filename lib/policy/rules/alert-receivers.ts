import { ofType, TYPES } from "../resources";
import type { PolicyResource, Rule, Violation } from "../types";

const RECEIVER_LISTS = [
  "emailReceivers",
  "smsReceivers",
  "webhookReceivers",
  "logicAppReceivers",
  "azureFunctionReceivers",
  "armRoleReceivers",
  "voiceReceivers",
  "azureAppPushReceivers",
  "itsmReceivers",
  "automationRunbookReceivers",
  "eventHubReceivers",
  "incidentReceivers",
];

/** Action group ids an alert rule notifies (metric alerts and log alerts spell it differently). */
function actionGroupsOf(alert: PolicyResource): unknown[] {
  if (alert.type === TYPES.metricAlert)
    return (alert.props.actions ?? []).map((a: any) => a?.actionGroupId);
  return alert.props.actions?.actionGroups ?? [];
}

/**
 * Rule `alert-receivers`: Every alert rule notifies an enabled action group with at least one
 * receiver. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const alertReceivers: Rule = {
  id: "alert-receivers",
  title: "Every alert rule notifies an enabled action group with at least one receiver",
  why: "An alert without an action group, or with an empty or disabled one, fires into the portal where nobody looks: the night-time failure is found days later, as if there were no alert.",
  practice: "Alert by email when a pipeline run starts, completes or fails",
  severity: "advisory",
  scope: "stack",
  appliesTo: [TYPES.metricAlert, TYPES.scheduledQueryRule, TYPES.actionGroup],
  check(ctx) {
    const out: Violation[] = [];
    for (const g of ofType(ctx.resources, TYPES.actionGroup)) {
      const receivers = RECEIVER_LISTS.reduce((n, k) => n + (g.props[k]?.length ?? 0), 0);
      if (g.props.enabled === false || receivers === 0)
        out.push({
          resource: g.urn,
          message: `Action group ${g.props.actionGroupName ?? g.name} ${g.props.enabled === false ? "is disabled" : "has no receivers"}: its alerts notify nobody.`,
        });
    }
    for (const a of [
      ...ofType(ctx.resources, TYPES.metricAlert),
      ...ofType(ctx.resources, TYPES.scheduledQueryRule),
    ]) {
      if (actionGroupsOf(a).length === 0)
        out.push({
          resource: a.urn,
          message: `Alert rule ${a.props.ruleName ?? a.name} has no action group: it fires without notifying anyone.`,
        });
    }
    return out;
  },
};
