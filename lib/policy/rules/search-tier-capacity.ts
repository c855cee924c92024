import { ofType, TYPES } from "../resources";
import type { PolicyResource, Rule, Violation } from "../types";
import { SEARCH_TIERS, SearchTier, tierOf, tierOverruns } from "../../search/tiers";

/** Data-plane object types the rule counts, by what they count as. */
const COUNTED: Record<string, "indexes" | "indexers" | "dataSources" | "skillsets"> = {
  "pulumi-nodejs:dynamic/search:Index": "indexes",
  "pulumi-nodejs:dynamic/search:Indexer": "indexers",
  "pulumi-nodejs:dynamic/search:DataSource": "dataSources",
  "pulumi-nodejs:dynamic/search:Skillset": "skillsets",
};

/** The service name of `https://<name>.search.windows.net`. */
function serviceOf(endpoint: unknown): string | undefined {
  if (typeof endpoint !== "string") return undefined;
  return /^https:\/\/([^.]+)\.search\.windows\.net\/?$/i.exec(endpoint)?.[1]?.toLowerCase();
}

/**
 * The tier and partitions of a service: from the objects' own `service` input (set by
 * `SearchIndexerSchedule`, also for an existing service given its `sku`), else from the
 * `azure-native:search:Service` the program declares with that name.
 */
function tierFor(
  name: string,
  objects: readonly PolicyResource[],
  services: readonly PolicyResource[],
): { tier: SearchTier; partitions: number } | undefined {
  for (const o of objects) {
    const s = o.props.service;
    // A tier key (`standard3-hd` included), as `SearchIndexerSchedule` writes it.
    const tier = s && tierOf(s.tier);
    if (tier) return { tier, partitions: Number(s.partitions ?? 1) || 1 };
  }
  const svc = services.find(
    (r) => String(r.props.searchServiceName ?? r.name).toLowerCase() === name,
  );
  const tier = svc && tierOf(svc.props.sku?.name, svc.props.hostingMode);
  return tier ? { tier, partitions: Number(svc!.props.partitionCount ?? 1) || 1 } : undefined;
}

/**
 * Rule `search-tier-capacity`: A Search service holds no more indexes, indexers, data sources
 * and skillsets than its tier allows. Its severity, scope and the practice it follows are listed
 * in RULES.md.
 */
export const searchTierCapacity: Rule = {
  id: "search-tier-capacity",
  title:
    "A Search service holds no more indexes, indexers, data sources and skillsets than its tier allows",
  why: "Each tier caps the objects a service can hold (S1: 50 indexes and 50 indexers); the PUT past the cap fails and the deploy stops half-way. Choose the next tier before the program declares more.",
  practice:
    "Monitor index counts and size and upgrade capacity when needed (Azure AI Search service limits)",
  severity: "mandatory",
  scope: "stack",
  appliesTo: [TYPES.searchService, ...Object.keys(COUNTED)],
  check(ctx) {
    const byService = new Map<string, PolicyResource[]>();
    for (const r of ctx.resources) {
      if (!COUNTED[r.type]) continue;
      const name = serviceOf(r.props.endpoint);
      if (!name) continue;
      byService.set(name, [...(byService.get(name) ?? []), r]);
    }
    const services = ofType(ctx.resources, TYPES.searchService);
    const out: Violation[] = [];
    for (const [name, objects] of byService) {
      const found = tierFor(name, objects, services);
      if (!found) continue;
      const counts = { indexes: 0, indexers: 0, dataSources: 0, skillsets: 0 };
      // Names are per service: the same object declared twice counts once.
      const seen = new Set<string>();
      for (const o of objects) {
        const key = `${o.type}|${o.props.definition?.name ?? o.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        counts[COUNTED[o.type]]++;
      }
      const over = tierOverruns(found.tier, counts, found.partitions);
      if (over.length === 0) continue;
      const label = SEARCH_TIERS[found.tier].label;
      out.push({
        resource: objects[objects.length - 1].urn,
        message: `Search service ${name} (${label}) would hold ${over.join(", ")}; Azure refuses the objects past the limit. Move to a larger tier or split the objects across services.`,
      });
    }
    return out;
  },
};
