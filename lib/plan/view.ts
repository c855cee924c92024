import type { PlanDocument, PlanResource, PlanSchedule } from "./document";
import type { Finding } from "../policy/types";

/** `2026-11-28T01:00Z` from an ISO time. */
export function shortUtc(iso: string): string {
  return iso.replace(/:00\.000Z$/, "Z").replace(/\.000Z$/, "Z");
}

/** The last URN segment: the Pulumi name. */
export function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The resource tree in display order: roots (no parent, or a parent outside the plan) first. */
export function resourceTree(plan: PlanDocument): { resource: PlanResource; depth: number }[] {
  const known = new Set(plan.resources.map((r) => r.urn));
  const children = new Map<string | null, PlanResource[]>();
  for (const r of plan.resources) {
    const parent = r.parent !== null && known.has(r.parent) ? r.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: { resource: PlanResource; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort(
      (a, b) => Number(a.custom) - Number(b.custom) || a.name.localeCompare(b.name),
    );
    for (const r of list) {
      out.push({ resource: r, depth });
      walk(r.urn, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/**
 * The data flow as chains, read left to right: a dataset nobody in the program writes (or a
 * pipeline that reads none) starts a chain; pipelines are labelled with the triggers that start
 * them. `RawSales → forecasting-ingest (by forecasting-ingest-schedule) → CuratedSales → ...`
 */
export function dependencyChains(plan: PlanDocument): string[] {
  const startedBy = new Map<string, string[]>();
  const next = new Map<string, string[]>();
  const incoming = new Map<string, number>();
  const nodes = new Set<string>();
  for (const f of plan.flows) {
    if (f.kind === "starts") {
      startedBy.set(f.to, [...(startedBy.get(f.to) ?? []), f.from.slice("trigger:".length)]);
      nodes.add(f.to);
      continue;
    }
    if (f.kind === "waits-for") continue;
    nodes.add(f.from).add(f.to);
    next.set(f.from, [...(next.get(f.from) ?? []), f.to]);
    incoming.set(f.to, (incoming.get(f.to) ?? 0) + 1);
  }
  const label = (node: string) => {
    const [kind, ...rest] = node.split(":");
    const name = rest.join(":");
    if (kind !== "pipeline") return name;
    const by = startedBy.get(node);
    return by?.length ? `${name} (by ${by.sort().join(", ")})` : `${name} (not triggered)`;
  };
  const chains: string[] = [];
  const walk = (node: string, path: string[], seen: Set<string>) => {
    const outs = (next.get(node) ?? []).filter((n) => !seen.has(n)).sort();
    if (!outs.length || chains.length > 200) {
      chains.push(path.join(" → "));
      return;
    }
    for (const n of outs) walk(n, [...path, label(n)], new Set(seen).add(n));
  };
  const sources = [...nodes].filter((n) => !incoming.get(n)).sort();
  for (const s of sources) walk(s, [label(s)], new Set([s]));
  return chains;
}

/** Window dependencies in words. */
export function waits(s: PlanSchedule): string | undefined {
  if (!s.dependsOn.length) return undefined;
  return s.dependsOn
    .map((d) => (d === "self" ? "its own previous window" : `trigger ${d}`))
    .join(", ");
}

/** Findings grouped by severity, mandatory first. */
export function findingGroups(plan: PlanDocument): { title: string; findings: Finding[] }[] {
  return [
    { title: "Mandatory", findings: plan.findings.filter((f) => f.severity === "mandatory") },
    { title: "Advisory", findings: plan.findings.filter((f) => f.severity === "advisory") },
  ];
}

/** `2 mandatory, 3 advisory, 1 suppressed`. */
export function findingSummary(plan: PlanDocument): string {
  const [m, a] = findingGroups(plan);
  return `${m.findings.length} mandatory, ${a.findings.length} advisory, ${plan.suppressed.length} suppressed`;
}

/** `forecasting-ingest-schedule: 02:00` style: distinct local times of day of the firings. */
export function localTimesOfDay(s: PlanSchedule): string[] {
  return [...new Set(s.localFirings.map((l) => l.slice(11)))].sort();
}
