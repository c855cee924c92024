import { Duration } from "../../core/duration";
import { searchIndexers } from "../resources";
import type { Rule, Violation } from "../types";

const DAY_SECONDS = 86_400;

function seconds(iso: unknown): number | undefined {
  if (typeof iso !== "string") return undefined;
  try {
    return Duration.parse(iso).toSeconds();
  } catch {
    return undefined;
  }
}

/**
 * Rule `search-indexer-cadence`: A Search indexer does not run more often than its data is
 * refreshed. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const searchIndexerCadence: Rule = {
  id: "search-indexer-cadence",
  title: "A Search indexer does not run more often than its data is refreshed",
  why: "Each run reads the data source and bills indexing time; an hourly indexer over data refreshed daily does 23 runs that find nothing new (and a daily one over weekly data six).",
  practice:
    "Pick the indexer's run time by data availability, priority and cost (Azure AI Search indexer scheduling)",
  severity: "advisory",
  scope: "resource",
  appliesTo: ["pulumi-nodejs:dynamic/search:Indexer"],
  check(ctx) {
    const out: Violation[] = [];
    for (const { resource, definition } of searchIndexers(ctx.resources)) {
      const interval = seconds(definition.schedule?.interval);
      const refresh = seconds(resource.props.dataRefresh);
      if (interval === undefined || refresh === undefined) continue;
      // Azure cannot schedule an indexer more than a day apart: a daily run is the best there.
      const best = Math.min(refresh, DAY_SECONDS);
      if (interval >= best) continue;
      out.push({
        resource: resource.urn,
        message: `Indexer ${definition.name ?? resource.name} runs every ${definition.schedule.interval} but its data is refreshed every ${resource.props.dataRefresh}: ${Math.round(best / interval)} runs per refresh find nothing new; schedule it every ${Duration.seconds(best).toIsoString()} after the refresh lands.`,
      });
    }
    return out;
  },
};
