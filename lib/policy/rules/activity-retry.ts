import { parseAdfInteger } from "../../core/adf-json";
import { forEachActivity, RETRYABLE_ACTIVITY_TYPES } from "../../datafactory/activity-types";
import { ofType, pipelineName, TYPES } from "../resources";
import type { Rule, Violation } from "../types";

/** The retry count the seed practice asks for. */
export const MIN_RETRIES = 3;

/**
 * Rule `adf-activity-retry`: every Data Factory activity that can fail transiently retries at
 * least 3 (`MIN_RETRIES`) times. Its severity, scope and the practice it follows are listed in
 * RULES.md.
 */
export const activityRetry: Rule = {
  id: "adf-activity-retry",
  title: `Every Data Factory activity that can fail transiently retries at least ${MIN_RETRIES} times`,
  why: "Copy, Web, Databricks and similar activities fail on throttling, network blips and cold starts; without retries one blip fails the whole scheduled run.",
  practice: "Data pipelines: 3 retries on every activity",
  severity: "mandatory",
  scope: "resource",
  appliesTo: [TYPES.pipeline],
  check(ctx) {
    const out: Violation[] = [];
    for (const p of ofType(ctx.resources, TYPES.pipeline)) {
      const weak: string[] = [];
      forEachActivity(p.props.activities, (a) => {
        if (!RETRYABLE_ACTIVITY_TYPES.has(a.type)) return;
        // A numeric string ("2") is the number, as Data Factory reads it (`parseAdfInteger`); an
        // expression ("@pipeline().parameters.retries") is decided at run time and not judged.
        const retry = parseAdfInteger(a.policy?.retry);
        if (retry === undefined || retry < MIN_RETRIES)
          weak.push(`${a.name} (${a.type}, retry ${retry ?? 0})`);
      });
      if (weak.length)
        out.push({
          resource: p.urn,
          message: `Pipeline ${pipelineName(p)}: ${weak.join(", ")} retr${weak.length === 1 ? "ies" : "y"} fewer than ${MIN_RETRIES} times; set policy.retry >= ${MIN_RETRIES} (ScheduledDataPipeline does by default).`,
        });
    }
    return out;
  },
};
