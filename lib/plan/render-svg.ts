import { inPeakHours, peakHoursFromDescription } from "../policy/peak-hours";
import type { PlanDocument, PlanSchedule } from "./document";

/** Colour-blind-safe palette (Okabe-Ito, then Tableau), one colour per trigger. */
const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#4E79A7",
  "#F28E2B",
  "#59A14F",
  "#B07AA1",
  "#76B7B2",
  "#9C755F",
  "#EDC948",
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEKDAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Escapes text for SVG content and attributes. */
export function xml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Extra marks for a diff picture. */
export interface SvgDiffMarks {
  /** Trigger name → `+` (added) or `~` (changed). */
  readonly marks: ReadonlyMap<string, "+" | "~">;
  /** Firings of the base plan that the head plan no longer has (removed or moved triggers). */
  readonly ghosts: readonly { name: string; firings: readonly string[] }[];
  /** Heading line describing the comparison. */
  readonly title: string;
}

/** Most day rows drawn (a month); longer plans are cut, with a note. */
export const MAX_SVG_DAYS = 31;

interface Cell {
  runs: Map<number, number>;
  ghosts: Set<string>;
}

/**
 * A week (or `days`) × 24 h grid in UTC: one row per day, one column per hour. Each trigger has a
 * colour; a cell shows a square per trigger that starts runs in that hour (with the count when
 * more than one). Cells where several triggers start runs are outlined in red, declared peak hours
 * are shaded, hours before the plan's start are greyed. Every cell has a tooltip listing its runs.
 */
export function renderSvg(plan: PlanDocument, diff?: SvgDiffMarks): string {
  const from = Date.parse(plan.generatedFrom);
  const day0 = Math.floor(from / DAY) * DAY;
  const rows = Math.min(plan.days + (from > day0 ? 1 : 0), MAX_SVG_DAYS);
  const gridEnd = day0 + rows * DAY;
  const clock = clockSchedules(plan);
  const color = new Map(plan.schedules.map((s, i) => [s.name, PALETTE[i % PALETTE.length]]));
  const peak = plan.peakHours ? peakHoursFromDescription(plan.peakHours) : undefined;

  const cells: Cell[][] = Array.from({ length: rows }, () =>
    Array.from({ length: 24 }, () => ({
      runs: new Map<number, number>(),
      ghosts: new Set<string>(),
    })),
  );
  const place = (iso: string) => {
    const t = Date.parse(iso);
    if (t < day0 || t >= gridEnd) return undefined;
    return cells[Math.floor((t - day0) / DAY)][new Date(t).getUTCHours()];
  };
  clock.forEach((s) => {
    const i = plan.schedules.indexOf(s);
    for (const [hour, runs] of Object.entries(s.runsByHour)) {
      const c = place(`${hour}:00:00.000Z`);
      if (c) c.runs.set(i, (c.runs.get(i) ?? 0) + runs);
    }
  });
  for (const g of diff?.ghosts ?? []) for (const f of g.firings) place(f)?.ghosts.add(g.name);

  const left = 118;
  const top = diff ? 96 : 78;
  const cw = 44;
  const ch = 48;
  const gridW = 24 * cw;
  const legendTop = top + rows * ch + 28;
  const legendRows = plan.schedules.length + (diff?.ghosts.length ?? 0);
  // Wide enough for the longest legend line (about 6.6 px a character at 12 px).
  const legendChars = Math.max(
    0,
    ...plan.schedules.map(
      (s) =>
        s.name.length + s.pipelines.join(", ").length + s.cadence.length + s.timeZone.length + 60,
    ),
  );
  const width = Math.max(left + gridW + 20, Math.ceil(40 + legendChars * 6.6));
  const height = legendTop + 22 * (legendRows + 2) + 10;
  const o: string[] = [];
  o.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12" role="img" aria-labelledby="plan-title">`,
    `<title id="plan-title">${xml(`Scheduled runs per hour (UTC) of ${plan.program}, ${rows} days from ${plan.generatedFrom}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="17" font-weight="600" fill="#1f2328">${xml(`Runs per hour (UTC) · ${plan.program} · stack ${plan.stack}`)}</text>`,
    `<text x="16" y="46" fill="#57606a">${xml(`From ${plan.generatedFrom.replace(".000Z", "Z")} for ${plan.days} days · ${clock.length} clock-driven of ${plan.schedules.length} triggers · red outline: several triggers start runs in the same hour${peak ? ` · shaded: peak hours ${plan.peakHours}` : ""}`)}</text>`,
  );
  if (diff) o.push(`<text x="16" y="66" fill="#57606a">${xml(diff.title)}</text>`);
  for (let h = 0; h < 24; h++)
    o.push(
      `<text x="${left + h * cw + cw / 2}" y="${top - 8}" text-anchor="middle" fill="#57606a">${String(h).padStart(2, "0")}</text>`,
    );

  for (let d = 0; d < rows; d++) {
    const date = new Date(day0 + d * DAY);
    const y = top + d * ch;
    o.push(
      `<text x="${left - 10}" y="${y + ch / 2 + 4}" text-anchor="end" fill="#1f2328">${WEEKDAY[date.getUTCDay()]} ${date.getUTCDate()} ${MONTH[date.getUTCMonth()]}</text>`,
    );
    for (let h = 0; h < 24; h++) {
      const start = day0 + d * DAY + h * HOUR;
      const x = left + h * cw;
      const cell = cells[d][h];
      const before = start + HOUR <= from;
      const fill = before ? "#eaeef2" : peak && inPeakHours(peak, start) ? "#fff1d6" : "#f6f8fa";
      const overlap = cell.runs.size > 1;
      const tip = tooltip(plan, date, h, cell, before);
      o.push(`<g><title>${xml(tip)}</title>`);
      o.push(
        `<rect x="${x + 1}" y="${y + 1}" width="${cw - 2}" height="${ch - 2}" rx="3" fill="${fill}" stroke="${overlap ? "#cf222e" : "#d0d7de"}" stroke-width="${overlap ? 2 : 1}"/>`,
      );
      const marks = [...cell.runs.entries()].sort((a, b) => a[0] - b[0]);
      marks.slice(0, 8).forEach(([i, n], k) => {
        const mx = x + 5 + (k % 2) * 19;
        const my = y + 5 + Math.floor(k / 2) * 10;
        o.push(
          `<rect x="${mx}" y="${my}" width="16" height="8" rx="1.5" fill="${color.get(plan.schedules[i].name)}"/>`,
        );
        if (n > 1)
          o.push(
            `<text x="${mx + 8}" y="${my + 7}" text-anchor="middle" font-size="7" fill="#ffffff">${n}</text>`,
          );
      });
      if (marks.length > 8)
        o.push(
          `<text x="${x + cw - 4}" y="${y + ch - 5}" text-anchor="end" font-size="9">+${marks.length - 8}</text>`,
        );
      [...cell.ghosts].slice(0, 2).forEach((name, k) => {
        o.push(
          `<rect x="${x + 5 + k * 19}" y="${y + ch - 13}" width="16" height="8" rx="1.5" fill="none" stroke="${color.get(name) ?? "#6e7781"}" stroke-dasharray="2 1.5"/>`,
        );
      });
      o.push("</g>");
    }
  }

  let ly = legendTop;
  o.push(`<text x="16" y="${ly}" font-weight="600" fill="#1f2328">Triggers</text>`);
  for (const s of plan.schedules) {
    ly += 22;
    const isClock = clock.includes(s);
    const c = color.get(s.name)!;
    o.push(
      isClock
        ? `<rect x="16" y="${ly - 10}" width="16" height="10" rx="1.5" fill="${c}"/>`
        : `<rect x="16" y="${ly - 10}" width="16" height="10" rx="1.5" fill="none" stroke="${c}" stroke-width="1.5"/>`,
    );
    const mark = diff?.marks.get(s.name);
    const what = isClock
      ? `${s.runs} run(s) in ${plan.days} days${s.backfill ? `, ${s.backfill} window(s) backfilled on deploy` : ""}`
      : "event-driven, not on the clock";
    o.push(
      `<text x="40" y="${ly}" fill="#1f2328">${mark ? `<tspan font-weight="700">${mark === "+" ? "+ added" : "~ changed"}&#160;</tspan>` : ""}<tspan font-weight="600">${xml(s.name)}</tspan> → ${xml(s.pipelines.join(", "))} · ${xml(s.cadence)}${s.timeZone !== "-" ? ` (${xml(s.timeZone)})` : ""} · ${xml(what)}${s.activation === "left stopped" ? " · LEFT STOPPED" : ""}</text>`,
    );
  }
  for (const g of diff?.ghosts ?? []) {
    ly += 22;
    o.push(
      `<rect x="16" y="${ly - 10}" width="16" height="10" rx="1.5" fill="none" stroke="${color.get(g.name) ?? "#6e7781"}" stroke-dasharray="2 1.5"/>`,
      `<text x="40" y="${ly}" fill="#57606a">${xml(`${g.name}: base plan's runs no longer here (dashed)`)}</text>`,
    );
  }
  if (plan.days + 1 > MAX_SVG_DAYS)
    o.push(
      `<text x="16" y="${ly + 22}" fill="#57606a">${xml(`Only the first ${MAX_SVG_DAYS} days are drawn.`)}</text>`,
    );
  o.push("</svg>");
  return o.join("\n") + "\n";
}

function tooltip(
  plan: PlanDocument,
  date: Date,
  hour: number,
  cell: Cell,
  before: boolean,
): string {
  const hh = String(hour).padStart(2, "0");
  const head = `${WEEKDAY[date.getUTCDay()]} ${date.getUTCDate()} ${MONTH[date.getUTCMonth()]} ${hh}:00-${hh}:59 UTC`;
  if (before) return `${head}: before the plan starts`;
  const parts = [...cell.runs.entries()].map(
    ([i, n]) => `${plan.schedules[i].name} (${n} run${n > 1 ? "s" : ""})`,
  );
  for (const g of cell.ghosts) parts.push(`${g} (base plan only)`);
  return `${head}: ${parts.length ? parts.join(", ") : "no runs"}`;
}

/** The schedules a plan draws on the clock grid. */
export function clockSchedules(plan: PlanDocument): PlanSchedule[] {
  return plan.schedules.filter(
    (s) => s.kind === "ScheduleTrigger" || s.kind === "TumblingWindowTrigger",
  );
}
