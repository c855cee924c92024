import type { BackupStorageCost, CostLine, PlanCost } from "../cost/usage";
import { TIERS, type Tier } from "../cost/storage";
import { formatMoney, type Price } from "../cost/prices";

export { formatMoney };
import type { PlanDocument } from "./document";
import { count, kindLabel } from "./view";

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

/** `backups vaultabc/forecasting`. */
function storageLabel(b: BackupStorageCost): string {
  return `backups ${b.account}/${b.container}`;
}

/** `written every P1D, 12 GB each; Cool after 1 d → deleted after 30 d`. */
function storageSummary(b: BackupStorageCost): string {
  const steps = (["cool", "cold", "archive", "delete"] as const)
    .filter((s) => b.ages[s] !== undefined)
    .sort((x, y) => b.ages[x]! - b.ages[y]!)
    .map(
      (s) => `${s === "delete" ? "deleted" : s[0].toUpperCase() + s.slice(1)} after ${b.ages[s]} d`,
    );
  const size = b.sizeGB === null ? "size not stated" : `${b.sizeGB} GB each`;
  return `written ${b.cadence}, ${size}; ${steps.length ? `Hot → ${steps.join(" → ")}` : "no lifecycle rule: stays Hot"}`;
}

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
    for (const b of c.storage ?? []) {
      out.push(`    ${storageLabel(b)}: ${storageSummary(b)}`);
      for (const l of b.lines)
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
    for (const b of c.storage ?? [])
      for (const l of b.lines)
        out.push(
          `| ${md(c.component)} | \`${md(storageLabel(b))}\`<br>_${md(storageSummary(b))}_ | ${md(l.what + BASIS[l.basis])}${l.note ? `<br>_${md(l.note)}_` : ""} | ${md(lineFigure(cost, l, "days30"))} | ${md(lineFigure(cost, l, "month"))} |`,
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
  /** Head minus base steady-state backup GB per tier (`hot`, `cool`, `cold`, `archive`). */
  readonly storedGB: Record<Tier, number>;
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
  const zero = { hot: 0, cool: 0, cold: 0, archive: 0 };
  const stored = Object.fromEntries(
    TIERS.map((t) => [
      t,
      Math.round(((h.storedGB ?? zero)[t] - (b.storedGB ?? zero)[t]) * 1e6) / 1e6,
    ]),
  ) as Record<Tier, number>;
  const moves = storageMoves(stored);
  const out = (text: string): CostDelta => ({
    orchestrationRuns30: runs,
    money30: b.currency === h.currency ? money : null,
    storedGB: stored,
    currency: h.currency,
    text: moves ? `${text}; ${moves}` : text,
  });
  if (!runs && !money)
    return moves
      ? { ...out(""), text: `this change ${moves.replace(/^backups /, "makes backups ")}` }
      : out("this change does not change the counted monthly usage");
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

const TIER_WORD: Record<Tier, string> = {
  hot: "Hot",
  cool: "Cool",
  cold: "Cold",
  archive: "Archive",
};

/**
 * Backup GB moving between tiers in words: `backups move 40 GB from Hot to Cool`, or `backups
 * add 12 GB (Cool)` when the total changes; empty when nothing moves.
 */
export function storageMoves(delta: Record<Tier, number>): string {
  const gb = (n: number) => `${count(Math.round(Math.abs(n) * 100) / 100)} GB`;
  const from = TIERS.filter((t) => delta[t] < 0);
  const to = TIERS.filter((t) => delta[t] > 0);
  if (!from.length && !to.length) return "";
  const net = Math.round(TIERS.reduce((a, t) => a + delta[t], 0) * 1e6) / 1e6;
  const list = (ts: Tier[]) => ts.map((t) => `${TIER_WORD[t]}`).join(" and ");
  if (from.length && to.length) {
    const moved = Math.min(
      -from.reduce((a, t) => a + delta[t], 0),
      to.reduce((a, t) => a + delta[t], 0),
    );
    const rest = net ? `, ${net > 0 ? "adding" : "freeing"} ${gb(net)} in all` : "";
    return `backups move ${gb(moved)} from ${list(from)} to ${list(to)}${rest}`;
  }
  return net > 0
    ? `backups add ${gb(net)} (${list(to)})`
    : `backups free ${gb(net)} (${list(from)})`;
}

const TIER_COLOR: Record<Tier, string> = {
  hot: "#cf222e",
  cool: "#0969da",
  cold: "#8250df",
  archive: "#57606a",
};
const SHORT_MONTH = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

const esc = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The SVG panel under the calendar: for each backup container whose projection is known, stored
 * GB per tier at the end of each of the next 12 months as stacked bars (Hot, Cool, Cold, Archive),
 * each bar with a tooltip of its figures. Empty when no container has a projection.
 */
export function storageSvg(plan: PlanDocument, top: number): { parts: string[]; height: number } {
  const stores = (plan.cost?.components ?? [])
    .flatMap((c) => (c.storage ?? []).map((b) => ({ component: c.component, b })))
    .filter(({ b }) => b.months.length);
  if (!stores.length) return { parts: [], height: 0 };
  const left = 118;
  const barW = 56;
  const gap = 28;
  const chartH = 140;
  const blockH = chartH + 78;
  const o: string[] = [
    `<text x="16" y="${top + 4}" font-weight="600" fill="#1f2328">${esc("Backups stored per tier, next 12 months (GB at each month's end; backups written from the plan's start)")}</text>`,
  ];
  TIERS.forEach((t, k) => {
    const x = 16 + k * 90;
    o.push(
      `<rect x="${x}" y="${top + 14}" width="12" height="12" rx="1.5" fill="${TIER_COLOR[t]}"/>`,
      `<text x="${x + 18}" y="${top + 24}" fill="#1f2328">${t[0].toUpperCase()}${t.slice(1)}</text>`,
    );
  });
  stores.forEach(({ component, b }, n) => {
    const y0 = top + 40 + n * blockH;
    const base = y0 + 24 + chartH;
    const max = Math.max(...b.months.map((m) => TIERS.reduce((a, t) => a + m.gb[t], 0)), 1e-9);
    o.push(
      `<text x="16" y="${y0 + 12}" fill="#1f2328"><tspan font-weight="600">${esc(`${b.account}/${b.container}`)}</tspan><tspan fill="#57606a" dx="8">${esc(`${component} · written ${b.cadence}, ${b.sizeGB} GB each`)}</tspan></text>`,
      `<line x1="${left - 4}" y1="${base}" x2="${left + 12 * (barW + gap)}" y2="${base}" stroke="#d0d7de"/>`,
      `<text x="${left - 10}" y="${y0 + 28}" text-anchor="end" fill="#57606a">${esc(`${count(Math.round(max * 10) / 10)} GB`)}</text>`,
      `<text x="${left - 10}" y="${base}" text-anchor="end" fill="#57606a">0</text>`,
    );
    b.months.forEach((m, i) => {
      const x = left + i * (barW + gap);
      const total = TIERS.reduce((a, t) => a + m.gb[t], 0);
      const tip = `${m.at.slice(0, 10)}: ${TIERS.map((t) => `${t} ${count(Math.round(m.gb[t] * 100) / 100)} GB`).join(", ")}`;
      o.push(`<g><title>${esc(tip)}</title>`);
      let y = base;
      for (const t of TIERS) {
        const h = (m.gb[t] / max) * chartH;
        if (h <= 0) continue;
        y -= h;
        o.push(
          `<rect x="${x}" y="${y.toFixed(1)}" width="${barW}" height="${h.toFixed(1)}" fill="${TIER_COLOR[t]}"/>`,
        );
      }
      o.push(
        `<text x="${x + barW / 2}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="10" fill="#1f2328">${esc(count(Math.round(total * 10) / 10))}</text>`,
        "</g>",
      );
      const at = new Date(m.at);
      o.push(
        `<text x="${x + barW / 2}" y="${base + 16}" text-anchor="middle" fill="#57606a">${SHORT_MONTH[at.getUTCMonth()]} ${at.getUTCFullYear()}</text>`,
      );
    });
  });
  return { parts: o, height: 40 + stores.length * blockH };
}
