import { ofType, searchIndexers, TYPES } from "../resources";
import type { PolicyResource, Rule, Violation } from "../types";

/** True when a metric alert watches the indexer's processed or failed documents. */
function watches(alert: PolicyResource, indexer: string): boolean {
  const criteria: any[] = alert.props.criteria?.allOf ?? [];
  return criteria.some((c) => {
    if (c?.metricName !== "DocumentsProcessedCount") return false;
    const dim = (c.dimensions ?? []).find((d: any) => d?.name === "IndexerName");
    // No IndexerName dimension: the alert covers every indexer of the service.
    return !dim || (dim.values ?? []).includes(indexer) || (dim.values ?? []).includes("*");
  });
}

export const searchIndexerAlerting: Rule = {
  id: "search-indexer-alerting",
  title: "Every scheduled Search indexer has an alert on failed documents",
  why: "A schema mismatch or a foreign file in the data source fails documents, then runs, silently: the index goes stale while searches still answer.",
  practice: "Monitor every scheduled indexer run and alert on failures",
  severity: "advisory",
  scope: "stack",
  appliesTo: ["pulumi-nodejs:dynamic/search:Indexer", TYPES.metricAlert],
  check(ctx) {
    const alerts = ofType(ctx.resources, TYPES.metricAlert);
    const out: Violation[] = [];
    for (const { resource, definition, timeline } of searchIndexers(ctx.resources)) {
      if (!timeline) continue;
      const name = String(definition.name ?? resource.name);
      if (alerts.some((a) => watches(a, name))) continue;
      out.push({
        resource: resource.urn,
        message: `Indexer ${name} runs on a schedule but no metric alert watches its DocumentsProcessedCount; add one on failed documents (SearchIndexerSchedule does by default).`,
      });
    }
    return out;
  },
};
