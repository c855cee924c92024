import { runsIn } from "../../schedule/timeline";
import { clockDrivenPipelines, datasetFlow, factoryOf, pipelineName, TYPES } from "../resources";
import type { Rule, Violation } from "../types";

/** Days over which run counts are compared (long enough for weekly and monthly producers). */
const WINDOW_DAYS = 28;

/**
 * Rule `consumer-cadence`: A consumer does not run more often than the data it reads is refreshed.
 * Its severity, scope and the practice it follows are listed in RULES.md.
 */
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
    // Who writes each dataset (by factory), so each consumer only meets its own producers.
    const writers = new Map<string, typeof scheduled>();
    for (const p of scheduled)
      for (const w of p.flow.writes) {
        const key = `${factoryOf(p.pipeline)}|${w.key}`;
        writers.set(key, [...(writers.get(key) ?? []), p]);
      }
    const out: Violation[] = [];
    for (const consumer of scheduled) {
      const producers = new Map<(typeof scheduled)[number], string[]>();
      for (const r of consumer.flow.reads)
        for (const producer of writers.get(`${factoryOf(consumer.pipeline)}|${r.key}`) ?? [])
          if (producer !== consumer)
            producers.set(producer, [...(producers.get(producer) ?? []), r.key]);
      for (const [producer, shared] of producers) {
        if (consumer.runs <= producer.runs || producer.runs === 0) continue;
        out.push({
          resource: consumer.pipeline.urn,
          message: `Pipeline ${pipelineName(consumer.pipeline)} runs ${consumer.runs} times in ${WINDOW_DAYS} days but reads ${shared.join(", ")}, which ${pipelineName(producer.pipeline)} refreshes only ${producer.runs} times; schedule it after each refresh (or trigger it on the data) instead.`,
        });
      }
    }
    return out;
  },
};
