import type { PlanDocument } from "./document";
import { searchCapacityLines } from "./search-capacity-view";
import type { RenderOptions } from "./render-text";
import { lifecycleViews } from "./lifecycle-view";
import { costMarkdownLines } from "./render-cost";
import {
  backfillLoad,
  cadenceWithZone,
  count as thousands,
  dependencyChains,
  findingGroups,
  isClockDriven,
  kindLabel,
  nameOf,
  planSubject,
  resourceTree,
  shortUtc,
  span,
  startsLabel,
  waits,
} from "./view";

/** Escapes text for a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

const ICON: Record<string, string> = { Mandatory: "❌", Advisory: "⚠️" };

/** The plan as Markdown, written to be posted as a pull-request comment. */
export function renderMarkdown(plan: PlanDocument, opts: RenderOptions = {}): string {
  const count = Math.min(opts.count ?? 3, 10);
  const [mandatory, advisory] = findingGroups(plan);
  const out: string[] = [
    `### Schedule plan: \`${planSubject(plan)}\``,
    "",
    `Stack \`${plan.stack}\` · from ${shortUtc(plan.generatedFrom)} · next ${plan.days} days · ${plan.resources.length} resources · ${plan.schedules.length} schedules · ` +
      `**${mandatory.findings.length} mandatory**, ${advisory.findings.length} advisory finding(s)` +
      (plan.suppressed.length ? `, ${plan.suppressed.length} suppressed` : "") +
      (plan.peakHours ? ` · peak hours ${plan.peakHours}` : ""),
    "",
  ];
  if (plan.schedules.length) {
    out.push(
      "| Trigger | Kind | Starts | When | Next (UTC) | Next (local) | Runs | Backfill | Waits for | State |",
      "|---|---|---|---|---|---|---:|---:|---|---|",
    );
    for (const s of plan.schedules) {
      const clock = isClockDriven(s);
      const utc = clock
        ? s.firings.slice(0, count).map(shortUtc).join("<br>") || "none"
        : "on event";
      const local =
        s.timeZone === "UTC"
          ? "(UTC)"
          : clock
            ? s.localFirings.slice(0, count).join("<br>") || "none"
            : "on event";
      const load = backfillLoad(plan, s);
      const backfill = load
        ? `${thousands(load.windows)}${load.catchUpMs ? `<br>≈ ${span(load.catchUpMs)} at ${load.atOnce} at once` : ""}`
        : (s.backfill ?? "-");
      out.push(
        `| \`${cell(s.name)}\` | ${cell(kindLabel(plan, s))} | ${cell(startsLabel(plan, s))} | ${cell(cadenceWithZone(s))} | ${utc} | ${local} | ${clock ? s.runs : "-"} | ${backfill} | ${cell(waits(s) ?? "-")} | ${s.activation === "started on deploy" ? "started" : s.activation === "held stopped" ? `**held stopped**: ${cell(s.hold ?? "")}` : "**stopped**"} |`,
      );
    }
    const notes = plan.schedules.filter((s) => s.note);
    if (notes.length) {
      out.push("");
      for (const s of notes) out.push(`> **Note:** \`${cell(s.name)}\` ${cell(s.note!)}`);
    }
    const dst = plan.schedules.filter((s) => s.dst.length);
    if (dst.length) {
      out.push("");
      for (const s of dst)
        out.push(
          `> DST: \`${s.name}\` ${s.dst.map((d) => `${shortUtc(d.utc)} (${d.kind === "gap" ? "wall time skipped, fires when the clock jumps" : "wall time repeated, first taken"})`).join(", ")}`,
        );
    }
    out.push("");
  }
  const lifecycles = lifecycleViews(plan);
  if (lifecycles.length) {
    out.push("**Storage lifecycle**", "");
    for (const l of lifecycles)
      out.push(
        `- \`${cell(l.account)}\`${l.owner ? ` (${cell(l.owner)})` : ""}: ${l.lines.length ? l.lines.map(cell).join("; ") : "no actions"}`,
      );
    out.push("");
  }
  const capacity = searchCapacityLines(plan);
  if (capacity.length)
    out.push("**Search capacity**", "", ...capacity.map((l) => `- ${cell(l)}`), "");
  const chains = dependencyChains(plan);
  if (chains.length) out.push("**Data flow**", "", "```text", ...chains, "```", "");
  out.push(...costMarkdownLines(plan));
  out.push("**Findings**", "");
  if (!plan.findings.length) out.push("No findings.", "");
  for (const g of findingGroups(plan)) {
    if (!g.findings.length) continue;
    out.push(`${ICON[g.title]} **${g.title} (${g.findings.length})**`, "");
    for (const f of g.findings) out.push(`- \`${f.rule}\` **${nameOf(f.resource)}**: ${f.message}`);
    out.push("");
  }
  if (plan.suppressed.length) {
    out.push(`<details><summary>Suppressed (${plan.suppressed.length})</summary>`, "");
    for (const f of plan.suppressed)
      out.push(`- \`${f.rule}\` **${nameOf(f.resource)}**: ${f.message} _Accepted: ${f.reason}_`);
    out.push("", "</details>", "");
  }
  out.push(`<details><summary>Resources (${plan.resources.length})</summary>`, "", "```text");
  for (const { resource: r, depth } of resourceTree(plan))
    out.push(`${"  ".repeat(depth)}${r.custom ? "" : "[component] "}${r.type} ${r.name}`);
  out.push("```", "", "</details>", "");
  return out.join("\n");
}
