import { searchIndexers } from "../resources";
import type { Rule, Violation } from "../types";

/**
 * Rule `search-one-indexer-per-data-source`: Each Search data source is read by one indexer. Its
 * severity, scope and the practice it follows are listed in RULES.md.
 */
export const searchOneIndexerPerDataSource: Rule = {
  id: "search-one-indexer-per-data-source",
  title: "Each Search data source is read by one indexer",
  why: "Indexers over the same data source each keep their own change-tracking state and re-read the same blobs: double the load on storage and the service, and two writers racing on one index.",
  practice: "One indexer per data source (Azure AI Search indexer guidance)",
  severity: "advisory",
  scope: "stack",
  appliesTo: ["pulumi-nodejs:dynamic/search:Indexer"],
  check(ctx) {
    const bySource = new Map<string, ReturnType<typeof searchIndexers>>();
    for (const view of searchIndexers(ctx.resources)) {
      const source = view.definition.dataSourceName;
      if (typeof source !== "string") continue;
      // Names are per service: the same data source name on two services is two data sources.
      const key = `${view.endpoint ?? "?"}|${source}`;
      bySource.set(key, [...(bySource.get(key) ?? []), view]);
    }
    const out: Violation[] = [];
    for (const views of bySource.values()) {
      if (views.length < 2) continue;
      const names = views.map((v) => String(v.definition.name ?? v.resource.name));
      for (const v of views.slice(1))
        out.push({
          resource: v.resource.urn,
          message: `Data source ${v.definition.dataSourceName} is read by ${views.length} indexers (${names.join(", ")}); give each data source one indexer (split the container by folder if two indexes need it).`,
        });
    }
    return out;
  },
};
