import { runsIn } from "../../schedule/timeline";
import { clockDrivenPipelines, datasetFlow, factoryOf, pipelineName, TYPES } from "../resources";
import type { Rule, Violation } from "../types";

/** Days over which run counts are compared (long enough for weekly and monthly producers). */
const WINDOW_DAYS = 28;

export const consumerCadence: Rule = {
  id: "consumer-cadence",
  title: "A consumer does not run more often than the data it reads is refreshed",
  why: "A job (or indexer) that runs daily over data refreshed weekly re-reads the same data six times out of seven: wasted compute, and it looks fresher than it is.",
  practice: "Indexers and consumers scheduled to match data refresh",
  severity: "advisory",
  scope: "stack",
  appliesTo: [TYPES.pipeline, TYPES.trigger],
  check(ctx) {
    const scheduled = clockDrivenPipelines(ctx.resources).map((p) => ({
      ...p,
      flow: datasetFlow(p.pipeline),
      runs: Math.max(...p.triggers.map((t) => runsIn(t.timeline!, ctx.now, WINDOW_DAYS))),
    }));
    const out: Violation[] = [];
    for (const consumer of scheduled) {
      for (const producer of scheduled) {
        if (producer === consumer || factoryOf(producer.pipeline) !== factoryOf(consumer.pipeline))
          continue;
        const shared = consumer.flow.reads.filter((r) =>
          producer.flow.writes.some((w) => w.key === r.key),
        );
        if (!shared.length || consumer.runs <= producer.runs || producer.runs === 0) continue;
        out.push({
          resource: consumer.pipeline.urn,
          message: `Pipeline ${pipelineName(consumer.pipeline)} runs ${consumer.runs} times in ${WINDOW_DAYS} days but reads ${shared.map((s) => s.key).join(", ")}, which ${pipelineName(producer.pipeline)} refreshes only ${producer.runs} times; schedule it after each refresh (or trigger it on the data) instead.`,
        });
      }
    }
    return out;
  },
};
