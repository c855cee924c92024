import { ADF_LOG_CATEGORIES } from "../../monitoring/limits";
import { ofType, TYPES, unknownAt } from "../resources";
import type { PolicyResource, Rule } from "../types";

/** True when a diagnostic setting sends every run-log category of `factory` to a workspace. */
function sendsRunLogs(setting: PolicyResource, factory: string): boolean {
  const uri = setting.props.resourceUri;
  // During a preview the factory id may still be unknown: give the setting the benefit of the doubt.
  const about =
    uri === undefined ||
    (typeof uri === "string" && uri.toLowerCase().endsWith(`/factories/${factory.toLowerCase()}`));
  // A workspace created in the same deployment has no id before it exists (CrossGuard preview).
  const workspace = Boolean(setting.props.workspaceId) || unknownAt(setting, "workspaceId");
  if (!about || !workspace) return false;
  const logs: any[] = setting.props.logs ?? [];
  const on = (category: string) =>
    logs.some(
      (l) => l?.enabled !== false && (l?.category === category || l?.categoryGroup === "allLogs"),
    );
  return ADF_LOG_CATEGORIES.every(on);
}

/**
 * Rule `adf-run-logs`: Every data factory sends its pipeline, activity and trigger run logs to Log
 * Analytics. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const adfRunLogs: Rule = {
  id: "adf-run-logs",
  title: "Every data factory sends its pipeline, activity and trigger run logs to Log Analytics",
  why: "Data Factory keeps run history for 45 days and only per factory; without the logs in a workspace there is no one place to see every pipeline and trigger, and no log alert can check that a run happened.",
  practice:
    "Centralised monitoring (Azure Monitor) with a dashboard for all pipelines and triggers",
  severity: "advisory",
  scope: "stack",
  appliesTo: [TYPES.factory, TYPES.diagnosticSetting],
  check(ctx) {
    const settings = ofType(ctx.resources, TYPES.diagnosticSetting);
    return ofType(ctx.resources, TYPES.factory).flatMap((f) => {
      const name = String(f.props.factoryName ?? f.name);
      return settings.some((s) => sendsRunLogs(s, name))
        ? []
        : [
            {
              resource: f.urn,
              message: `Factory ${name} has no diagnostic setting sending ${ADF_LOG_CATEGORIES.join(", ")} to a Log Analytics workspace: add PipelineAlerts (diagnostics are on by default).`,
            },
          ];
    });
  },
};
