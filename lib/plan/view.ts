import { parseAdfInteger } from "../core/adf-json";
import type { PlanDocument, PlanResource, PlanSchedule } from "./document";
import type { Finding } from "../policy/types";

/** `2026-11-28T01:00Z` from an ISO time: no milliseconds, no `:00` seconds. */
export function shortUtc(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, "Z").replace(/:00Z$/, "Z");
}

/** The Pulumi project of a plan, read from its URNs (`urn:pulumi:<stack>::<project>::...`). */
export function projectOf(plan: PlanDocument): string | undefined {
  const urn = plan.resources[0]?.urn ?? plan.schedules[0]?.resource;
  return urn?.split("::")[1];
}

/**
 * What the plan is of, for titles: the project, and the program directory when it is not the
 * project's own (`mlops (stacks/reference)`, `acme-forecast`).
 */
export function planSubject(
  plan: PlanDocument | { readonly program: string; readonly project?: string },
): string {
  const project = "resources" in plan ? projectOf(plan) : plan.project;
  const program = plan.program === "." || plan.program === "" ? undefined : plan.program;
  if (project && program) return `${project} (${program})`;
  return project ?? program ?? "(empty program)";
}

/** The component that made a trigger (`StorageEventTrigger`), else its Data Factory kind. */
export function kindLabel(plan: PlanDocument, s: PlanSchedule): string {
  const trigger = plan.resources.find((r) => r.urn === s.resource);
  const parent = trigger?.parent && plan.resources.find((r) => r.urn === trigger.parent);
  const m = parent && /^mlops:datafactory:(\w*Trigger)$/.exec(parent.type);
  return m ? m[1] : s.kind;
}

/**
 * True for a schedule a clock drives (it has firings: schedule and tumbling-window triggers, Search
 * indexers, Azure ML schedules, alert deadlines); false for an event trigger. Read from the JSON
 * contract itself (an event trigger's `timeZone` is `-`), so it holds for a plan read back from
 * JSON and for kinds added later. Every renderer asks this, never a list of kinds.
 */
export function isClockDriven(s: Pick<PlanSchedule, "timeZone">): boolean {
  return s.timeZone !== "-";
}

/**
 * What a schedule starts, for a "starts" cell or a legend: its pipelines, or for a Search indexer
 * (which runs itself) `data source X → [skillset S →] index Y` from its masked definition.
 */
export function startsLabel(plan: PlanDocument, s: PlanSchedule): string {
  if (s.pipelines.length) return s.pipelines.join(", ");
  const def = plan.resources.find((r) => r.urn === s.resource)?.inputs.definition;
  const source = typeof def?.dataSourceName === "string" ? `data source ${def.dataSourceName}` : "";
  const skillset = typeof def?.skillsetName === "string" ? `skillset ${def.skillsetName}` : "";
  const index = typeof def?.targetIndexName === "string" ? `index ${def.targetIndexName}` : "";
  return [source, skillset, index].filter(Boolean).join(" → ");
}

/** The cadence with the zone it is read in: `daily at 02:00, W. Europe Standard Time`. */
export function cadenceWithZone(s: { cadence: string; timeZone: string }): string {
  return s.timeZone === "-" ? s.cadence : `${s.cadence}, ${s.timeZone}`;
}

/** `2,903`. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

const UNIT_MS: Record<string, number> = { Minute: 60_000, Hour: 3_600_000 };

/** What a tumbling-window backfill costs: windows, how many run at once, catch-up time. */
export interface BackfillLoad {
  /** Windows already due (queued by a deploy). */
  readonly windows: number;
  /** `maxConcurrency`, when the plan shows it. */
  readonly atOnce?: number;
  /** Window length in ms (minute and hour windows). */
  readonly windowMs?: number;
  /** Catch-up time in ms if each run takes its full window: rounds of `atOnce` × window. */
  readonly catchUpMs?: number;
}

/** The backfill of a tumbling-window trigger, with its catch-up time when the inputs show it. */
export function backfillLoad(plan: PlanDocument, s: PlanSchedule): BackfillLoad | undefined {
  if (!s.backfill) return undefined;
  const p = plan.resources.find((r) => r.urn === s.resource)?.inputs.properties ?? {};
  // Numeric strings ("15") count, as Data Factory reads them (`parseAdfInteger`).
  const atOnce = Number.isInteger(parseAdfInteger(p.maxConcurrency))
    ? parseAdfInteger(p.maxConcurrency)
    : undefined;
  const interval = parseAdfInteger(p.interval) ?? 1;
  const windowMs =
    UNIT_MS[p.frequency] && Number.isInteger(interval)
      ? UNIT_MS[p.frequency] * interval
      : undefined;
  const catchUpMs = atOnce && windowMs ? Math.ceil(s.backfill / atOnce) * windowMs : undefined;
  return { windows: s.backfill, atOnce, windowMs, catchUpMs };
}

/** `45 minutes`, `12 hours`, `711 hours (≈ 30 days)`. */
export function span(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(ms / 3_600_000);
  return hours < 72 ? `${hours} hours` : `${count(hours)} hours (≈ ${Math.round(hours / 24)} days)`;
}

/** `1-hour`, `15-minute`. */
function windowLength(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}-hour` : `${ms / 60_000}-minute`;
}

/**
 * The backfill in words: `2,903 windows already due; at most 4 at once ≈ 726 hours (≈ 30 days)
 * of catch-up if each run takes its full 1-hour window`.
 */
export function backfillText(plan: PlanDocument, s: PlanSchedule): string | undefined {
  const load = backfillLoad(plan, s);
  if (!load) return s.backfill === 0 ? "none" : undefined;
  const head = `${count(load.windows)} window${load.windows === 1 ? "" : "s"} already due`;
  if (!load.atOnce || !load.windowMs || !load.catchUpMs) return head;
  return `${head}; at most ${load.atOnce} at once ≈ ${span(load.catchUpMs)} of catch-up if each run takes its full ${windowLength(load.windowMs)} window`;
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
  // A trigger a pipeline's output fires (training → the vault's backup trigger) is a step too.
  const firedByPipeline = new Set(
    plan.flows
      .filter((f) => f.kind === "starts" && f.from.startsWith("pipeline:"))
      .map((f) => f.to),
  );
  for (const f of plan.flows) {
    if (f.kind === "starts") {
      const starter = f.from.slice(f.from.indexOf(":") + 1);
      startedBy.set(f.to, [...(startedBy.get(f.to) ?? []), starter]);
      nodes.add(f.to);
      // A pipeline that runs another is a step of the chain (validation → training).
      if (!f.from.startsWith("pipeline:") && !firedByPipeline.has(f.from)) continue;
    }
    if (f.kind === "waits-for") continue;
    nodes.add(f.from).add(f.to);
    next.set(f.from, [...(next.get(f.from) ?? []), f.to]);
    incoming.set(f.to, (incoming.get(f.to) ?? 0) + 1);
  }
  const kindOf = new Map(plan.schedules.map((s) => [s.name, s.kind]));
  const label = (node: string) => {
    const [kind, ...rest] = node.split(":");
    const name = rest.join(":");
    if (kind === "dataset") return datasetLabel(name);
    if (kind !== "pipeline") return name;
    const by = startedBy.get(node);
    if (!by?.length) return `${name} (not triggered)`;
    // An Azure ML schedule starts a job, not a Data Factory pipeline: say so, or the chain of
    // one node reads like a pipeline that lost its data.
    const ml = by.length === 1 && kindOf.get(by[0]) === "MLSchedule";
    return ml
      ? `Azure ML job ${name} (by schedule ${by[0]})`
      : `${name} (by ${by.sort().join(", ")})`;
  };
  // One dataset used with several parameter sets (`RawSales` read, `RawSales(folder=curated)`
  // written) is several places: name each by where it points, so a chain does not read as a loop.
  const datasetKeys = [...nodes].filter((n) => n.startsWith("dataset:")).map((n) => n.slice(8));
  const baseName = (key: string) => key.replace(/\(.*\)$/, "");
  const datasetLabel = (key: string) => {
    const name = baseName(key);
    const params = readableParameters(key.slice(name.length).replace(/^\((.*)\)$/s, "$1"));
    if (datasetKeys.filter((k) => baseName(k) === name).length < 2)
      return params ? `${name}(${params})` : name;
    return `${name} (${params || datasetLocation(plan, name) || "default parameters"})`;
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

/**
 * Dataset parameters as a reviewer reads them: `container=models, folder=(computed at run time)`.
 * An ADF expression (`@...`) shows as the pipeline or dataset parameter it passes on
 * (`{family}`), else as computed at run time; an empty value as `(empty)`. Splits `k=v, k=v` at
 * top level only, since expressions hold commas, parentheses and quoted strings.
 */
export function readableParameters(params: string): string {
  if (!params) return "";
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < params.length; i++) {
    const c = params[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")") depth--;
    else if (!quoted && depth === 0 && params.startsWith(", ", i)) {
      parts.push(params.slice(start, i));
      start = i + 2;
    }
  }
  parts.push(params.slice(start));
  return parts
    .map((p) => {
      const eq = p.indexOf("=");
      if (eq < 0) return p;
      return `${p.slice(0, eq)}=${readableValue(p.slice(eq + 1))}`;
    })
    .join(", ");
}

function readableValue(v: string): string {
  if (v === "" || v === '""') return "(empty)";
  // `@@` escapes a literal `@`.
  if (!v.startsWith("@") || v.startsWith("@@")) return v;
  const param = /^@(?:pipeline\(\)\.parameters|dataset\(\))\.(\w+)$/.exec(v);
  return param ? `{${param[1]}}` : "(computed at run time)";
}

/** Where a dataset of the program points (`landing/sales/daily`), from its masked inputs. */
function datasetLocation(plan: PlanDocument, name: string): string | undefined {
  const ds = plan.resources.find(
    (r) => r.type === "azure-native:datafactory:Dataset" && r.inputs.datasetName === name,
  );
  const l = ds?.inputs.properties?.location;
  if (!l) return undefined;
  const parts = [l.fileSystem ?? l.container, l.folderPath, l.fileName].filter(
    (x) => typeof x === "string" && x,
  );
  return parts.length ? parts.join("/") : undefined;
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
