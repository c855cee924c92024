import { describeTraffic, describeTrafficMove } from "../ml/traffic";
import { endpointTraffics } from "../policy/resources";
import type { Finding } from "../policy/types";
import type { PlanDocument, PlanSchedule } from "./document";
import { cell } from "./render-markdown";
import { costDelta, type CostDelta } from "./render-cost";
import { renderSvg } from "./render-svg";
import { cadenceWithZone, localTimesOfDay, nameOf, planSubject, projectOf, shortUtc } from "./view";

/** A schedule named in a diff. */
export interface DiffScheduleRef {
  /** Schedule name. */
  readonly name: string;
  /** URN of the schedule's resource. */
  readonly resource: string;
  /** Schedule kind, as in `PlanSchedule.kind`. */
  readonly kind: string;
  /** Cadence in words. */
  readonly cadence: string;
  /** Time zone the firings are computed in. */
  readonly timeZone: string;
}

/** A field of a schedule that changed. */
export interface DiffFieldChange {
  /** Which field changed (`cadence`, `timeZone`, `pipelines`, ...). */
  readonly field: string;
  /** The value in the base plan, in words. */
  readonly before: string;
  /** The value in the head plan, in words. */
  readonly after: string;
}

/** A schedule present in both plans whose definition or firings changed. */
export interface DiffScheduleChange extends DiffScheduleRef {
  /** The fields that changed. */
  readonly changes: DiffFieldChange[];
  /** Firing times that moved, e.g. `02:00 → 03:00 W. Europe Standard Time`. */
  readonly moved: string | null;
}

/** One side of a diff: which plan it is. */
export interface DiffSide {
  /** Program directory of the plan. */
  readonly program: string;
  /** Stack name of the plan. */
  readonly stack: string;
  /** "Now" of the plan, UTC ISO. */
  readonly generatedFrom: string;
  /** The Pulumi project (from the plan's URNs). Added in 0.2 within version 1. */
  readonly project?: string;
}

/** What changed between two plans (JSON contract: `kind: "plan-diff"`, version 1). */
export interface PlanDiff {
  /** Contract version of the diff. */
  readonly version: 1;
  /** Discriminant of the JSON document: always `plan-diff`. */
  readonly kind: "plan-diff";
  /** The plan compared against (before). */
  readonly base: DiffSide;
  /** The plan under review (after). */
  readonly head: DiffSide;
  /** Schedules added, removed and changed. */
  readonly schedules: {
    readonly added: DiffScheduleRef[];
    readonly removed: DiffScheduleRef[];
    readonly changed: DiffScheduleChange[];
  };
  /** Findings that appear in head only (`new`) and in base only (`resolved`). */
  readonly findings: { readonly new: Finding[]; readonly resolved: Finding[] };
  /**
   * Online endpoints whose traffic split changed (a ShadowDeployment stage or a raw endpoint's
   * `traffic` / `mirrorTraffic`), in words. Added in 0.2 within version 1; absent means none.
   */
  readonly traffic?: DiffTrafficChange[];
  /** The monthly usage and money change (`lib/cost`); absent when a plan has no cost. */
  readonly cost?: CostDelta;
}

/** An online endpoint whose traffic split changed. */
export interface DiffTrafficChange {
  /** The endpoint name in Azure. */
  readonly endpoint: string;
  /** URN of the resource that declares the traffic. */
  readonly resource: string;
  /** The split before and after, in words. */
  readonly before: string;
  /** The split after, in words. */
  readonly after: string;
  /** What share of traffic moves to which model, e.g. `10% of live traffic moves from blue to green`. */
  readonly moves: string;
}

function trafficChanges(base: PlanDocument, head: PlanDocument): DiffTrafficChange[] {
  // A raw endpoint's own traffic or a ShadowDeployment's traffic resource, as the rules read them.
  const split = (p: PlanDocument) =>
    new Map(
      endpointTraffics(
        p.resources.map((r) => ({
          urn: r.urn,
          type: r.type,
          name: r.name,
          parent: r.parent ?? undefined,
          props: r.inputs,
        })),
      ).map((t) => [resourceKey(t.resource.urn), t]),
    );
  const b = split(base);
  const out: DiffTrafficChange[] = [];
  for (const [key, after] of split(head)) {
    const before = b.get(key);
    if (!before) continue;
    const moves = describeTrafficMove(before, after);
    if (!moves) continue;
    out.push({
      endpoint: after.endpointName,
      resource: after.resource.urn,
      before: describeTraffic(before),
      after: describeTraffic(after),
      moves,
    });
  }
  return out;
}

/** A URN without its stack and project, so plans of two stacks (or checkouts) line up. */
export function resourceKey(urn: string): string {
  const parts = urn.split("::");
  return parts.length >= 4 ? parts.slice(2).join("::") : urn;
}

function ref(s: PlanSchedule): DiffScheduleRef {
  return {
    name: s.name,
    resource: s.resource,
    kind: s.kind,
    cadence: s.cadence,
    timeZone: s.timeZone,
  };
}

const list = (xs: string[]) =>
  (xs.length > 4 ? `${xs.slice(0, 3).join(", ")}, … (${xs.length})` : xs.join(", ")) || "none";

function moved(base: PlanSchedule, head: PlanSchedule, sameFrom: boolean): string | null {
  if (!base.firings.length && !head.firings.length) return null;
  const b = localTimesOfDay(base);
  const h = localTimesOfDay(head);
  const zone = head.timeZone === base.timeZone ? ` ${head.timeZone}` : "";
  if (b.join() !== h.join()) return `${list(b)} → ${list(h)}${zone}`;
  if (sameFrom && base.firings.join() !== head.firings.join()) {
    const i = base.firings.findIndex((f, k) => head.firings[k] !== f);
    const before = base.localFirings[i] ?? "none";
    const after = head.localFirings[i] ?? "none";
    return `next runs moved: ${before} → ${after}${zone}`;
  }
  if (base.timeZone !== head.timeZone && base.firings[0] !== head.firings[0])
    return `${shortUtc(base.firings[0] ?? "none")} → ${shortUtc(head.firings[0] ?? "none")} UTC`;
  return null;
}

const FIELDS: (keyof PlanSchedule)[] = [
  "kind",
  "timeZone",
  "pipelines",
  "cadence",
  "activation",
  "dependsOn",
];

/** A field as the diff shows it; a held trigger's activation carries its reason. */
function fieldText(s: PlanSchedule, f: keyof PlanSchedule): string {
  if (f === "activation" && s.hold !== undefined) return `${s.activation}: ${s.hold}`;
  return String(s[f]);
}

/** Compares a base plan (e.g. from the target branch) with a head plan (the pull request). */
export function diffPlans(base: PlanDocument, head: PlanDocument): PlanDiff {
  const byKey = (p: PlanDocument) => new Map(p.schedules.map((s) => [resourceKey(s.resource), s]));
  const b = byKey(base);
  const h = byKey(head);
  const sameFrom = base.generatedFrom === head.generatedFrom;
  const changed: DiffScheduleChange[] = [];
  for (const [key, hs] of h) {
    const bs = b.get(key);
    if (!bs) continue;
    const changes = FIELDS.flatMap((f) => {
      const before = fieldText(bs, f);
      const after = fieldText(hs, f);
      return before === after ? [] : [{ field: f, before, after }];
    });
    if (sameFrom && bs.backfill !== hs.backfill)
      changes.push({ field: "backfill", before: String(bs.backfill), after: String(hs.backfill) });
    const m = moved(bs, hs, sameFrom);
    if (changes.length || m) changed.push({ ...ref(hs), changes, moved: m });
  }
  const fkey = (f: Finding) => `${f.rule}|${resourceKey(f.resource)}`;
  const bf = new Set(base.findings.map(fkey));
  const hf = new Set(head.findings.map(fkey));
  const meta = (p: PlanDocument): DiffSide => {
    const project = projectOf(p);
    return {
      program: p.program,
      stack: p.stack,
      generatedFrom: p.generatedFrom,
      ...(project ? { project } : {}),
    };
  };
  return {
    version: 1,
    kind: "plan-diff",
    base: meta(base),
    head: meta(head),
    schedules: {
      added: [...h].filter(([k]) => !b.has(k)).map(([, s]) => ref(s)),
      removed: [...b].filter(([k]) => !h.has(k)).map(([, s]) => ref(s)),
      changed,
    },
    findings: {
      new: head.findings.filter((f) => !bf.has(fkey(f))),
      resolved: base.findings.filter((f) => !hf.has(fkey(f))),
    },
    traffic: trafficChanges(base, head),
    cost: costDelta(base, head),
  };
}

/** True when nothing changed. */
export function isEmptyDiff(d: PlanDiff): boolean {
  const s = d.schedules;
  return (
    !s.added.length &&
    !s.removed.length &&
    !s.changed.length &&
    !d.findings.new.length &&
    !d.findings.resolved.length &&
    !d.traffic?.length &&
    !costChanged(d)
  );
}

/** `mlops-platform (stacks/platform), stack dev, from 2026-12-01T00:00Z`. */
export function sideLabel(side: DiffSide): string {
  return `${planSubject(side)}, stack ${side.stack}, from ${shortUtc(side.generatedFrom)}`;
}

/** True when the counted monthly usage or money changed. */
function costChanged(d: PlanDiff): boolean {
  return !!(
    d.cost?.orchestrationRuns30 ||
    d.cost?.money30 ||
    Object.values(d.cost?.storedGB ?? {}).some(Boolean)
  );
}

/** The diff as terminal text. */
export function renderDiffText(d: PlanDiff): string {
  const out = [`Plan diff: ${sideLabel(d.base)} → ${sideLabel(d.head)}`];
  if (costChanged(d)) out.push(`  cost: ${d.cost!.text}`);
  if (isEmptyDiff(d)) return `${out.join("\n")}\n  no schedule or finding changes\n`;
  for (const s of d.schedules.added) out.push(`  + ${s.name} [${s.kind}] ${cadenceWithZone(s)}`);
  for (const s of d.schedules.removed) out.push(`  - ${s.name} [${s.kind}] ${cadenceWithZone(s)}`);
  for (const s of d.schedules.changed) {
    out.push(`  ~ ${s.name} [${s.kind}]`);
    if (s.moved) out.push(`      firings: ${s.moved}`);
    for (const c of s.changes) out.push(`      ${c.field}: ${c.before} → ${c.after}`);
  }
  for (const t of d.traffic ?? [])
    out.push(`  ~ endpoint ${t.endpoint}: ${t.moves}`, `      now: ${t.after} (was: ${t.before})`);
  for (const f of d.findings.new)
    out.push(`  new finding (${f.severity}) [${f.rule}] ${nameOf(f.resource)}: ${f.message}`);
  for (const f of d.findings.resolved)
    out.push(`  resolved finding [${f.rule}] ${nameOf(f.resource)}`);
  return out.join("\n") + "\n";
}

/** The diff as Markdown for a pull-request comment. */
export function renderDiffMarkdown(d: PlanDiff): string {
  const out = [`### Schedule changes in this pull request`, ""];
  if (costChanged(d)) out.push(`**Cost:** ${cell(d.cost!.text)}.`, "");
  if (isEmptyDiff(d)) return `${out.join("\n")}No schedule or finding changes.\n`;
  const rows: string[] = [];
  for (const s of d.schedules.added)
    rows.push(`| ➕ added | \`${cell(s.name)}\` | ${cell(cadenceWithZone(s))} |`);
  for (const s of d.schedules.removed)
    rows.push(`| ➖ removed | \`${cell(s.name)}\` | ${cell(cadenceWithZone(s))} |`);
  for (const s of d.schedules.changed) {
    const what = [
      s.moved ? `**firings ${cell(s.moved)}**` : "",
      ...s.changes.map((c) => `${c.field}: ${cell(c.before)} → ${cell(c.after)}`),
    ]
      .filter(Boolean)
      .join("<br>");
    rows.push(`| ✏️ changed | \`${cell(s.name)}\` | ${what} |`);
  }
  if (rows.length) out.push("| Change | Trigger | What |", "|---|---|---|", ...rows, "");
  if (d.traffic?.length) {
    out.push("**Traffic moves**", "");
    for (const t of d.traffic)
      out.push(`- \`${cell(t.endpoint)}\`: **${cell(t.moves)}** (now: ${cell(t.after)})`);
    out.push("");
  }
  if (d.findings.new.length) {
    out.push("**New findings**", "");
    for (const f of d.findings.new)
      out.push(
        `- ${f.severity === "mandatory" ? "❌" : "⚠️"} \`${f.rule}\` **${nameOf(f.resource)}**: ${f.message}`,
      );
    out.push("");
  }
  if (d.findings.resolved.length) {
    out.push("**Resolved findings**", "");
    for (const f of d.findings.resolved) out.push(`- ✅ \`${f.rule}\` **${nameOf(f.resource)}**`);
    out.push("");
  }
  return out.join("\n");
}

/** The head plan's calendar with the diff marked: added/changed in the legend, the base's lost runs dashed. */
export function renderDiffSvg(d: PlanDiff, base: PlanDocument, head: PlanDocument): string {
  const marks = new Map<string, "+" | "~">();
  for (const s of d.schedules.added) marks.set(s.name, "+");
  for (const s of d.schedules.changed) marks.set(s.name, "~");
  const headKeys = new Map(head.schedules.map((s) => [resourceKey(s.resource), s]));
  const ghosts = base.schedules.flatMap((s) => {
    const now = headKeys.get(resourceKey(s.resource));
    const kept = new Set(now?.firings ?? []);
    const lost = s.firings.filter((f) => !kept.has(f));
    return lost.length && (!now || marks.has(now.name)) ? [{ name: s.name, firings: lost }] : [];
  });
  const summary = `Diff against ${sideLabel(d.base)}: ${d.schedules.added.length} added, ${d.schedules.removed.length} removed, ${d.schedules.changed.length} changed`;
  return renderSvg(head, { marks, ghosts, title: summary });
}
