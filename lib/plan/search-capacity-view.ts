import { SEARCH_TIERS, tierOf } from "../search/tiers";
import type { PlanDocument } from "./document";

const COUNTED: Record<string, "indexes" | "indexers" | "dataSources" | "skillsets"> = {
  "pulumi-nodejs:dynamic/search:Index": "indexes",
  "pulumi-nodejs:dynamic/search:Indexer": "indexers",
  "pulumi-nodejs:dynamic/search:DataSource": "dataSources",
  "pulumi-nodejs:dynamic/search:Skillset": "skillsets",
};

/**
 * One line per Search service whose tier the plan knows: the declared objects against the tier's
 * limits, the storage quota, and the storage check (from a `SearchIndexerSchedule` storage alert)
 * with its cadence. Read from the masked resource inputs of the JSON contract, like the lifecycle
 * view. `srch-x (Basic, 1 partition): indexes 1/15, indexers 1/15, ...`.
 */
export function searchCapacityLines(plan: PlanDocument): string[] {
  const services = new Map<
    string,
    { tier?: string; partitions: number; counts: Record<string, Set<string>> }
  >();
  for (const r of plan.resources) {
    const kind = COUNTED[r.type];
    if (!kind) continue;
    const host = /^https:\/\/([^.]+)\.search\.windows\.net/i.exec(String(r.inputs?.endpoint ?? ""));
    if (!host) continue;
    const name = host[1].toLowerCase();
    const s = services.get(name) ?? {
      partitions: 1,
      counts: {
        indexes: new Set(),
        indexers: new Set(),
        dataSources: new Set(),
        skillsets: new Set(),
      },
    };
    if (!s.tier && r.inputs?.service?.tier) {
      s.tier = String(r.inputs.service.tier);
      s.partitions = Number(r.inputs.service.partitions ?? 1) || 1;
    }
    s.counts[kind].add(String(r.inputs?.definition?.name ?? r.name));
    services.set(name, s);
  }
  const out: string[] = [];
  for (const [name, s] of [...services].sort(([a], [b]) => a.localeCompare(b))) {
    const tier = s.tier ? tierOf(s.tier) : undefined;
    if (!tier) continue;
    const t = SEARCH_TIERS[tier];
    const indexes = tier === "standard3-hd" ? Math.min(3000, 1000 * s.partitions) : t.indexes;
    const of = (what: string, n: number, max: number) =>
      `${what} ${n}/${max}${n > max ? " (over)" : ""}`;
    const gb = t.storageGbPerPartition * s.partitions;
    const check = plan.resources.find(
      (r) =>
        r.type === "azure-native:logic:Workflow" &&
        String(
          r.inputs?.definition?.actions?.read_service_statistics?.inputs?.uri ?? "",
        ).startsWith(`https://${name}.search.windows.net/servicestats`),
    );
    const recurrence = check?.inputs?.definition?.triggers?.check_storage?.recurrence;
    const alert = check
      ? plan.resources.find(
          (r) =>
            r.type === "azure-native:monitor:MetricAlert" &&
            r.name === check.name.replace(/-check$/, ""),
        )
      : undefined;
    const threshold = alert?.inputs?.criteria?.allOf?.[0]?.threshold;
    out.push(
      `${name} (${t.label}, ${s.partitions} partition${s.partitions === 1 ? "" : "s"}): ` +
        [
          of("indexes", s.counts.indexes.size, indexes),
          of("indexers", s.counts.indexers.size, t.indexers),
          of("data sources", s.counts.dataSources.size, t.dataSources),
          of("skillsets", s.counts.skillsets.size, t.skillsets),
        ].join(", ") +
        `; storage ${gb} GB (${t.storageGbPerPartition} GB per partition on a service created after May 2024)` +
        (recurrence
          ? `; storage alert at ${threshold ?? "?"}% of the quota, checked every ${recurrence.interval} ${String(recurrence.frequency).toLowerCase()}${recurrence.interval === 1 ? "" : "s"}`
          : "; no storage alert"),
    );
  }
  return out;
}
