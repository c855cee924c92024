import { ALWAYS_ON_REASON_TAG } from "../../ml/names";
import { ofType, TYPES } from "../resources";
import type { Rule } from "../types";

/**
 * Rule `compute-scale-to-zero`: Azure ML compute clusters scale to zero nodes when idle. Its
 * severity, scope and the practice it follows are listed in RULES.md.
 */
export const computeScaleToZero: Rule = {
  id: "compute-scale-to-zero",
  title: "Azure ML compute clusters scale to zero nodes when idle",
  why: "An AmlCompute cluster with minNodeCount above 0 keeps that many VMs (often GPUs) running and billed around the clock, whether or not a job runs.",
  practice: "Model training: compute that scales to zero when the run ends",
  severity: "mandatory",
  scope: "resource",
  appliesTo: [TYPES.mlCompute],
  check(ctx) {
    return ofType(ctx.resources, TYPES.mlCompute).flatMap((r) => {
      const compute = r.props.properties ?? {};
      if (compute.computeType !== "AmlCompute") return [];
      const min = Number(compute.properties?.scaleSettings?.minNodeCount ?? 0);
      const reason = r.props.tags?.[ALWAYS_ON_REASON_TAG];
      if (!(min > 0) || (typeof reason === "string" && reason.trim())) return [];
      return [
        {
          resource: r.urn,
          message: `Compute ${r.props.computeName ?? r.name} keeps ${min} node(s) running when idle (scaleSettings.minNodeCount ${min}), billed around the clock. Set minNodeCount to 0, or give the reason in the "${ALWAYS_ON_REASON_TAG}" tag (TrainingCluster's alwaysOnReason) or a suppression.`,
        },
      ];
    });
  },
};
