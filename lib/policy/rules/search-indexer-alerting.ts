import { ofType, searchIndexers, TYPES } from "../resources";
import type { PolicyResource, Rule, Violation } from "../types";

/** True when a dimension filter is absent or lets `value` (or every value) through. */
function includes(c: any, name: string, value: string): boolean {
  const dim = (c.dimensions ?? []).find((d: any) => d?.name === name);
  if (!dim) return true;
  const values: string[] = (dim.values ?? []).map((v: unknown) => String(v).toLowerCase());
  const hit = values.includes(value.toLowerCase()) || values.includes("*");
  return String(dim.operator ?? "Include") === "Exclude" ? !hit : hit;
}

/**
 * True when a metric alert can fire on the indexer's failed documents: `DocumentsProcessedCount`
 * above a threshold, with the `Failed` dimension letting `True` through. A "fewer than" criterion
 * does not count: a static metric alert evaluates only series that exist, and the metric is
 * emitted only when documents are processed, so it never fires on an indexer that stopped
 * (issue 19, item 2).
 */
function watches(alert: PolicyResource, indexer: string): boolean {
  const criteria: any[] = alert.props.criteria?.allOf ?? [];
  return criteria.some(
    (c) =>
      c?.metricName === "DocumentsProcessedCount" &&
      /^GreaterThan/.test(String(c.operator ?? "")) &&
      // No IndexerName dimension: the alert covers every indexer of the service.
      includes(c, "IndexerName", indexer) &&
      includes(c, "Failed", "True"),
  );
}

/**
 * Rule `search-indexer-alerting`: Every scheduled Search indexer has an alert on failed documents.
 * Its severity, scope and the practice it follows are listed in RULES.md.
 */
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
        message: `Indexer ${name} runs on a schedule but no metric alert watches its DocumentsProcessedCount for failed documents (Failed = True, above a threshold); add one (SearchIndexerSchedule does by default).`,
      });
    }
    return out;
  },
};
