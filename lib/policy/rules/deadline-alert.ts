import {
  clockDrivenPipelines,
  factoryOf,
  freshnessRules,
  ofType,
  pipelineName,
  TYPES,
  unknownAt,
} from "../resources";
import type { Rule } from "../types";

/**
 * Rule `deadline-alert`: Every pipeline on a schedule trigger has a deadline (freshness) alert.
 * Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const deadlineAlert: Rule = {
  id: "deadline-alert",
  title: "Every pipeline on a schedule trigger has a deadline (freshness) alert",
  why: "A failure alert never fires for a run that did not happen: a stopped trigger, a run stuck in a queue or a gate that waits all morning all end with stale data and no alarm. A deadline derived from the schedule catches them.",
  practice: "Data pipelines: alerts when a run starts, ends or fails (and when it never ran)",
  severity: "advisory",
  scope: "stack",
  appliesTo: [TYPES.pipeline, TYPES.trigger, TYPES.scheduledQueryRule],
  check(ctx) {
    // A log alert whose query is unknown (a preview, before the names it embeds exist) may be the
    // deadline: report nothing rather than a pipeline it may well watch.
    const queries = ofType(ctx.resources, TYPES.scheduledQueryRule);
    if (queries.some((q) => unknownAt(q, "criteria.allOf.0.query"))) return [];
    const watched = new Set(
      freshnessRules(ctx.resources)
        // A training deadline (Azure ML) names an experiment, not a pipeline.
        .filter((r) => r.spec.kind === "DeadlineAlert" && r.spec.service !== "MachineLearning")
        .map((r) => `${r.spec.factory ?? ""}|${r.spec.pipeline}`),
    );
    return clockDrivenPipelines(ctx.resources)
      .filter(({ triggers }) => triggers.some((t) => t.timeline?.kind === "ScheduleTrigger"))
      .filter(({ pipeline }) => {
        const name = pipelineName(pipeline);
        return !watched.has(`${factoryOf(pipeline) ?? ""}|${name}`) && !watched.has(`|${name}`);
      })
      .map(({ pipeline }) => ({
        resource: pipeline.urn,
        message: `Pipeline ${pipelineName(pipeline)} runs on a schedule but no deadline alert checks that it succeeded: add it to PipelineAlerts 'deadlines' (e.g. succeededBy: "06:00").`,
      }));
  },
};
