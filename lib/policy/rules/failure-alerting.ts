import { clockDrivenPipelines, factoryOf, ofType, pipelineName, TYPES } from "../resources";
import type { PolicyResource, Rule } from "../types";

/** Activity types that can notify someone. */
const NOTIFYING = new Set(["WebActivity", "WebHook", "AzureFunctionActivity", "ExecutePipeline"]);

/** True when a top-level notifying activity runs on a non-success outcome of another activity. */
function notifiesOnFailure(pipeline: PolicyResource): boolean {
  return (pipeline.props.activities ?? []).some(
    (a: any) =>
      NOTIFYING.has(a?.type) &&
      (a.dependsOn ?? []).some((d: any) =>
        (d?.dependencyConditions ?? []).some((c: string) => c !== "Succeeded"),
      ),
  );
}

/** True when a metric alert watches failed pipeline runs of the factory. */
function alertWatches(alert: PolicyResource, factory: string | undefined): boolean {
  const scopes: unknown[] = alert.props.scopes ?? [];
  const watchesFactory = scopes.some(
    (s) => typeof s === "string" && factory !== undefined && s.endsWith(`/factories/${factory}`),
  );
  const criteria = JSON.stringify(alert.props.criteria ?? {});
  return watchesFactory && criteria.includes("PipelineFailedRuns");
}

/**
 * Rule `adf-failure-alerting`: Every scheduled pipeline alerts someone when a run fails. Its
 * severity, scope and the practice it follows are listed in RULES.md.
 */
export const failureAlerting: Rule = {
  id: "adf-failure-alerting",
  title: "Every scheduled pipeline alerts someone when a run fails",
  why: "A scheduled run fails at night with nobody watching; without an alert the first sign is stale data or a stale model days later.",
  practice: "Data pipelines: alerts when a run starts, ends or fails",
  severity: "mandatory",
  scope: "stack",
  appliesTo: [TYPES.pipeline, TYPES.trigger, TYPES.metricAlert],
  check(ctx) {
    const alerts = ofType(ctx.resources, TYPES.metricAlert);
    return clockDrivenPipelines(ctx.resources)
      .filter(
        ({ pipeline }) =>
          !notifiesOnFailure(pipeline) && !alerts.some((a) => alertWatches(a, factoryOf(pipeline))),
      )
      .map(({ pipeline }) => ({
        resource: pipeline.urn,
        message: `Pipeline ${pipelineName(pipeline)} runs on a schedule but nothing reports a failed run: add notifications.onFailure, or a metric alert on PipelineFailedRuns for factory ${factoryOf(pipeline) ?? "?"}.`,
      }));
  },
};
