import type { CostLine, PlanCost } from "../cost/usage";
import type { Price } from "../cost/prices";
import type { PlanDocument } from "./document";
import { count, kindLabel } from "./view";

/** `$0.72`, `0.72 EUR`; amounts under a cent keep four decimals so they never read as 0. */
export function formatMoney(amount: number, currency: string): string {
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2;
  const n = Math.abs(amount).toFixed(digits);
  const sign = amount < 0 ? "-" : "";
  return currency === "USD" ? `${sign}$${n}` : `${sign}${n} ${currency}`;
}

/** `$1.00 / 1,000 runs`, or `unknown`. */
export function unitPrice(p: Price | undefined, currency: string): string {
  if (!p || p.amount === null) return "price unknown";
  return `${formatMoney(p.amount, currency)} / ${p.per === 1 ? "" : `${count(p.per)} `}${p.unit}${p.per === 1 ? "" : "s"}`;
}

/** `720 × $1.00 / 1,000 runs = $0.72`, `30`, `not known`. */
export function lineFigure(cost: PlanCost, l: CostLine, which: "days30" | "month"): string {
  const qty = l[which];
  if (qty === null) return "not known";
  if (!l.meter) return count(qty);
  const p = cost.prices[l.meter];
  const money = which === "days30" ? l.cost30 : l.costMonth;
  const priced = money === null ? "price unknown" : formatMoney(money, cost.currency);
  return `${count(qty)} × ${unitPrice(p, cost.currency)} = ${priced}`;
}

const BASIS: Record<CostLine["basis"], string> = {
  counted: "",
  "worst-case": " [worst case, not in total]",
  "one-time": " [one-time, not in total]",
  info: "",
};

/** The header of the cost section: market, price date, the two periods. */
function heading(cost: PlanCost): string {
  return `${cost.region}, ${cost.currency}, ${cost.pricesOrigin} prices of ${cost.pricesAsOf}; 30 days from ${cost.periods.days30.from.slice(0, 10)} | calendar month ${cost.periods.month.name}`;
}

function totalText(
  cost: PlanCost,
  { total30: t30, totalMonth: tMonth, unknown, priced }: Totals,
): string {
  const c = cost.currency;
  if (!priced)
    return unknown
      ? `not known (${unknown} figure(s) with an unknown price or quantity)`
      : "no per-run charge counted";
  return `${formatMoney(t30, c)} / 30 days, ${formatMoney(tMonth, c)} / ${cost.periods.month.name}${unknown ? ` + ${unknown} figure(s) with an unknown price or quantity` : ""}`;
}

/** The schedule's kind as the plan shows it (its component: `StorageEventTrigger`). */
function label(plan: PlanDocument, name: string, kind: string): string {
  const s = plan.schedules.find((x) => x.name === name && x.kind === kind);
  return s ? kindLabel(plan, s) : kind;
}

type Totals = Pick<PlanCost, "total30" | "totalMonth" | "unknown" | "priced">;

/** The cost section of the text plan (empty when the plan has no cost or no priced schedule). */
export function costTextLines(plan: PlanDocument): string[] {
  const cost = plan.cost;
  if (!cost?.components.length) return [];
  const out = ["", `Cost per month (${heading(cost)}):`];
  for (const c of cost.components) {
    out.push(`  ${c.component}: ${totalText(cost, c)}`);
    for (const s of c.schedules) {
      const f = (n: number | null) => (n === null ? "event-driven" : count(n));
      out.push(
        `    ${s.schedule} [${label(plan, s.schedule, s.kind)}]: ${f(s.firings30)} firings / 30 days, ${f(s.firingsMonth)} / ${cost.periods.month.name}`,
      );
      for (const l of s.lines)
        out.push(
          `      ${l.what}${BASIS[l.basis]}: ${lineFigure(cost, l, "days30")} | ${lineFigure(cost, l, "month")}${l.note ? ` (${l.note})` : ""}`,
        );
    }
  }
  out.push(`  Total: ${totalText(cost, cost)}`);
  out.push(`  Not counted: ${cost.notCounted.join("; ")}.`);
  return out;
}

const md = (text: string) => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The cost section of the Markdown plan. */
export function costMarkdownLines(plan: PlanDocument): string[] {
  const cost = plan.cost;
  if (!cost?.components.length) return [];
  const month = cost.periods.month.name;
  const out = [
    `**Cost per month** (${md(heading(cost))})`,
    "",
    `| Component | Schedule | What | 30 days | ${month} |`,
    "|---|---|---|---|---|",
  ];
  for (const c of cost.components) {
    for (const s of c.schedules)
      for (const l of s.lines)
        out.push(
          `| ${md(c.component)} | \`${md(s.schedule)}\` | ${md(l.what + BASIS[l.basis])}${l.note ? `<br>_${md(l.note)}_` : ""} | ${md(lineFigure(cost, l, "days30"))} | ${md(lineFigure(cost, l, "month"))} |`,
        );
    out.push(`| **${md(c.component)}** | | **total** | **${md(totalText(cost, c))}** | |`);
  }
  out.push(
    "",
    `**Total: ${md(totalText(cost, cost))}.** Not counted: ${md(cost.notCounted.join("; "))}.`,
    "",
  );
  return out;
}

/** The monthly change between two plans (JSON diff field `cost`). */
export interface CostDelta {
  /** Head minus base, over 30 days. */
  readonly orchestrationRuns30: number;
  /** Head minus base total, over 30 days; `null` when the currencies differ. */
  readonly money30: number | null;
  /** Currency of `money30` (the head plan's). */
  readonly currency: string;
  /** In words, as the diff's first line says it. */
  readonly text: string;
}

/**
 * The monthly change between two plans, for a diff's first lines: `this change adds 720
 * activity runs and ≈ $0.72 / month (30 days)`; undefined when either plan has no cost.
 */
export function costDelta(base: PlanDocument, head: PlanDocument): CostDelta | undefined {
  const b = base.cost;
  const h = head.cost;
  if (!b || !h) return undefined;
  const runs = h.orchestrationRuns30 - b.orchestrationRuns30;
  const money = Math.round((h.total30 - b.total30) * 1e6) / 1e6;
  const out = (text: string): CostDelta => ({
    orchestrationRuns30: runs,
    money30: b.currency === h.currency ? money : null,
    currency: h.currency,
    text,
  });
  if (!runs && !money) return out("this change does not change the counted monthly usage");
  const verb = (n: number) => (n >= 0 ? "adds" : "removes");
  const runText = runs
    ? `${verb(runs)} ${count(Math.abs(runs))} orchestration runs (trigger and activity runs)`
    : "keeps the orchestration runs";
  const same = b.currency === h.currency;
  const moneyText = same
    ? `${money >= 0 ? "" : "saves "}≈ ${formatMoney(Math.abs(money), h.currency)} / month (30 days)`
    : `money not compared (${b.currency} → ${h.currency})`;
  return out(`this change ${runText} and ${moneyText}`);
}
