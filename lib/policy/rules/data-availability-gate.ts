import { clockDrivenPipelines, pipelineName, TYPES } from "../resources";
import type { Rule } from "../types";

/** A top-level activity that checks for input data: Validation, or GetMetadata asking `exists`. */
function isGate(a: any): boolean {
  return (
    a?.type === "Validation" ||
    (a?.type === "GetMetadata" && (a.fieldList ?? []).includes("exists"))
  );
}

/**
 * Rule `adf-data-availability-gate`: Clock-driven pipelines check that their input data is there
 * before processing. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const dataAvailabilityGate: Rule = {
  id: "adf-data-availability-gate",
  title: "Clock-driven pipelines check that their input data is there before processing",
  why: "A schedule fires whether or not upstream data arrived; without a check the run processes nothing or yesterday's data and reports success.",
  practice: "Data pipelines: a data-availability check before processing",
  severity: "advisory",
  scope: "stack",
  appliesTo: [TYPES.pipeline, TYPES.trigger],
  check(ctx) {
    return clockDrivenPipelines(ctx.resources)
      .filter(({ pipeline }) => !(pipeline.props.activities ?? []).some(isGate))
      .map(({ pipeline, triggers }) => ({
        resource: pipeline.urn,
        message: `Pipeline ${pipelineName(pipeline)} is started by ${triggers.map((t) => t.timeline!.kind).join(", ")} but never checks its input exists (no Validation or GetMetadata 'exists' activity); add dataAvailability to ScheduledDataPipeline.`,
      }));
  },
};
