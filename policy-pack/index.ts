/**
 * CrossGuard pack with the library's best-practice rules:
 *
 *   pulumi preview --policy-pack node_modules/pulumi-mlops-scheduling/dist/policy-pack
 *
 * Per-policy config (`--policy-pack-config`): enforcementLevel, suppressions [{resource, reason}],
 * peakHours ("8-18@W. Europe Standard Time"), horizonDays, budgets [{scope, monthly, currency}]
 * (monthly-cost-budget, built-in prices). See RULES.md.
 */
import { PolicyPack } from "@pulumi/policy";
import { crossGuardPolicies } from "../lib/policy/crossguard";

new PolicyPack("mlops-scheduling", {
  description: "MLOps scheduling best practices for Azure Data Factory, storage and backups",
  policies: crossGuardPolicies(),
});
