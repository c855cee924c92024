import {
  diffPlans,
  PlanDocument,
  renderDiffMarkdown,
  renderDiffSvg,
  renderDiffText,
  renderMarkdown,
  renderSvg,
  renderText,
} from "../../lib/plan";

/** Every format a reviewer or a machine reads, of a plan and of its diff against `base`. */
export function everyFormat(plan: PlanDocument, base: PlanDocument): Record<string, string> {
  const d = diffPlans(base, plan);
  return {
    text: renderText(plan, { count: 50 }),
    markdown: renderMarkdown(plan, { count: 10 }),
    json: JSON.stringify(plan),
    svg: renderSvg(plan),
    "diff text": renderDiffText(d),
    "diff markdown": renderDiffMarkdown(d),
    "diff json": JSON.stringify(d),
    "diff svg": renderDiffSvg(d, base, plan),
  };
}

/** An empty plan at the same instant: every schedule of `plan` reads as added. */
export function emptyBase(plan: PlanDocument): PlanDocument {
  return { ...plan, resources: [], schedules: [], flows: [], findings: [], suppressed: [] };
}
