import { ofType, TYPES, unknownAt } from "../resources";
import type { PolicyResource, Rule } from "../types";

const ML_WORKSPACES = "microsoft.machinelearningservices/workspaces";
/** The run outcome the rule requires an alert on (`TRAINING_FAILURE_METRICS.failed`). */
const FAILED_RUNS = "failed runs";

/** The experiment an Azure ML schedule's jobs land in (Azure ML's default: `Default`). */
function experimentOf(schedule: PolicyResource): string {
  const e = schedule.props.properties?.action?.jobDefinition?.experimentName;
  return typeof e === "string" && e !== "" ? e : "Default";
}

/** True when `alert` is an enabled `Failed Runs` alert on workspace `workspace` covering `experiment`. */
function watches(
  alert: PolicyResource,
  workspace: string | undefined,
  experiment: string,
): boolean {
  const a = alert.props;
  if (a.enabled === false) return false;
  const scopes: unknown[] = a.scopes ?? [];
  // Unknown before the first deploy (a CrossGuard preview) or for a workspace named by an output:
  // the criteria decide.
  const onWorkspace =
    unknownAt(alert, "scopes") ||
    unknownAt(alert, "scopes.0") ||
    workspace === undefined ||
    scopes.some(
      (s) =>
        s === undefined ||
        (typeof s === "string" &&
          s.toLowerCase().endsWith(`/workspaces/${workspace.toLowerCase()}`)),
    );
  if (!onWorkspace) return false;
  return (a.criteria?.allOf ?? []).some((c: any) => {
    const namespace = String(c?.metricNamespace ?? a.targetResourceType ?? "").toLowerCase();
    if (namespace !== ML_WORKSPACES || String(c?.metricName).toLowerCase() !== FAILED_RUNS)
      return false;
    const dim = (c.dimensions ?? []).find(
      (x: any) => String(x?.name).toLowerCase() === "experimentname",
    );
    // No experiment dimension: every failed run of the workspace alerts, this one included.
    if (!dim) return true;
    const values: unknown[] = Array.isArray(dim.values) ? dim.values : [];
    const include = String(dim.operator ?? "Include").toLowerCase() !== "exclude";
    const listed = values.includes(experiment) || values.includes("*");
    return include ? listed : !values.includes(experiment);
  });
}

/**
 * Rule `training-failure-alert`: Every scheduled Azure ML training alerts someone when a run fails.
 * Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const trainingFailureAlert: Rule = {
  id: "training-failure-alert",
  title: "Every scheduled Azure ML training alerts someone when a run fails",
  why: "A scheduled retrain that fails at night leaves yesterday's model serving with nobody told; Azure ML counts failed runs per experiment (metric Failed Runs), and an alert on it is the only signal that reaches a person.",
  practice: "Model training: monitor model runs, and trigger on unwanted metric values",
  severity: "advisory",
  scope: "stack",
  appliesTo: [TYPES.mlSchedule, TYPES.metricAlert],
  check(ctx) {
    const alerts = ofType(ctx.resources, TYPES.metricAlert);
    return ofType(ctx.resources, TYPES.mlSchedule)
      .filter((s) => s.props.properties?.isEnabled !== false)
      .filter((s) => {
        const workspace =
          typeof s.props.workspaceName === "string" ? s.props.workspaceName : undefined;
        return !alerts.some((a) => watches(a, workspace, experimentOf(s)));
      })
      .map((s) => ({
        resource: s.urn,
        message: `Azure ML schedule ${String(s.props.name ?? s.name)} starts training jobs (experiment ${experimentOf(s)}) but no metric alert watches their failures (metric 'Failed Runs', dimension ExperimentName): add the schedule to TrainingAlerts 'trainings'.`,
      }));
  },
};
