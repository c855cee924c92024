import { ALERT_SCHEDULE_KINDS, type PlanDocument, type PlanSchedule } from "./document";
import { searchCapacityLines } from "./search-capacity-view";
import { lifecycleViews } from "./lifecycle-view";
import { costTextLines } from "./render-cost";
import {
  backfillText,
  cadenceWithZone,
  dependencyChains,
  findingGroups,
  findingSummary,
  isClockDriven,
  kindLabel,
  nameOf,
  planSubject,
  resourceTree,
  shortUtc,
  startsLabel,
  waits,
} from "./view";

/** Options for the text and Markdown renderers. */
export interface RenderOptions {
  /** Firings listed per schedule. @default 5 */
  readonly count?: number;
}

/**
 * The firings of a schedule as `UTC | local` lines (only UTC for a schedule in UTC), with DST notes
 * and the rest counted.
 */
export function firingLines(s: PlanSchedule, count: number, days: number): string[] {
  const utcOnly = s.timeZone === "UTC";
  const dst = new Map(s.dst.map((d) => [d.utc, d.kind]));
  const lines = s.firings.slice(0, count).map((utc, i) => {
    const note = dst.get(utc);
    const why =
      note === "gap"
        ? " (wall time skipped by DST)"
        : note
          ? " (wall time repeated by DST, first taken)"
          : "";
    return `${shortUtc(utc)}${utcOnly ? "" : ` | ${s.localFirings[i]}`}${why}`;
  });
  if (s.runs > count) lines.push(`(+${s.runs - count} more in ${days} days)`);
  return lines;
}

/** The plan as terminal text. */
export function renderText(plan: PlanDocument, opts: RenderOptions = {}): string {
  const count = opts.count ?? 5;
  const out: string[] = [
    `Offline plan of ${planSubject(plan)} (stack ${plan.stack}, from ${shortUtc(plan.generatedFrom)}, ${plan.days} days; no cloud calls)`,
    "",
    `Resources (${plan.resources.length}):`,
  ];
  for (const { resource: r, depth } of resourceTree(plan))
    out.push(`${"  ".repeat(depth + 1)}${r.custom ? "" : "[component] "}${r.type} ${r.name}`);
  out.push("", `Schedules (${plan.schedules.length}):`);
  for (const s of plan.schedules) {
    out.push(
      "",
      `  ${s.name} [${kindLabel(plan, s)}] ${s.activation}${s.hold !== undefined ? ` (${s.hold})` : ""}`,
    );
    const starts = startsLabel(plan, s);
    if (starts)
      out.push(`    ${ALERT_SCHEDULE_KINDS.includes(s.kind) ? "watches" : "runs"}: ${starts}`);
    out.push(`    when: ${cadenceWithZone(s)}`);
    if (s.note) out.push(`    note: ${s.note}`);
    const w = waits(s);
    if (w) out.push(`    waits for: ${w}`);
    const backfill = backfillText(plan, s);
    if (backfill) out.push(`    backfill on deploy: ${backfill}`);
    if (!isClockDriven(s)) {
      out.push("    next firings: event-driven (no clock)");
    } else if (!s.firings.length) {
      out.push(`    next firings: none in ${plan.days} days`);
    } else {
      out.push(`    next firings (UTC${s.timeZone === "UTC" ? "" : ` | ${s.timeZone}`}):`);
      for (const l of firingLines(s, count, plan.days)) out.push(`      ${l}`);
    }
  }
  const lifecycles = lifecycleViews(plan);
  if (lifecycles.length) {
    out.push("", `Storage lifecycle (${lifecycles.length}):`);
    for (const l of lifecycles) {
      out.push(`  account ${l.account}${l.owner ? ` (${l.owner})` : ""}:`);
      for (const line of l.lines.length ? l.lines : ["no actions"]) out.push(`    ${line}`);
    }
  }
  const capacity = searchCapacityLines(plan);
  if (capacity.length) {
    out.push("", `Search capacity (${capacity.length}):`);
    for (const line of capacity) out.push(`  ${line}`);
  }
  const chains = dependencyChains(plan);
  if (chains.length) {
    out.push("", "Data flow:");
    for (const c of chains) out.push(`  ${c}`);
  }
  out.push(...costTextLines(plan));
  out.push(
    "",
    `Findings: ${findingSummary(plan)}${plan.peakHours ? ` (peak hours ${plan.peakHours})` : ""}`,
  );
  for (const g of findingGroups(plan)) {
    if (!g.findings.length) continue;
    out.push(`  ${g.title}:`);
    for (const f of g.findings) out.push(`    [${f.rule}] ${nameOf(f.resource)}: ${f.message}`);
  }
  if (plan.suppressed.length) {
    out.push("  Suppressed:");
    for (const f of plan.suppressed)
      out.push(`    [${f.rule}] ${nameOf(f.resource)}: ${f.message} (accepted: ${f.reason})`);
  }
  return out.join("\n") + "\n";
}
