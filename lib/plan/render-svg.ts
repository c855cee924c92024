import { storageSvg } from "./render-cost";
import { inPeakHours, peakHoursFromDescription } from "../policy/peak-hours";
import { ALERT_SCHEDULE_KINDS, type PlanDocument, type PlanSchedule } from "./document";
import {
  backfillLoad,
  cadenceWithZone,
  count,
  isClockDriven,
  planSubject,
  shortUtc,
  span,
  startsLabel,
} from "./view";

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
  /** Schedules whose backfill is still catching up in this hour. */
  backfill: Set<number>;
  /** Trigger names the schedule-collision rule flags as starting runs in one minute of this hour. */
  collision: Set<string>;
}

/**
 * Minutes in which schedule triggers of one factory start runs together, as the
 * `schedule-collision` rule decides it (schedule triggers only; tumbling windows run back to back
 * by design), kept only for triggers the rule reported (a finding or a suppressed one), so the
 * picture says what the findings say. Read from the listed firings.
 */
export function collisionMinutes(plan: PlanDocument): Map<number, string[]> {
  const flagged = new Set(
    [...plan.findings, ...plan.suppressed]
      .filter((f) => f.rule === "schedule-collision")
      .map((f) => f.resource),
  );
  const byMinute = new Map<string, string[]>();
  for (const s of plan.schedules) {
    if (s.kind !== "ScheduleTrigger" || !flagged.has(s.resource)) continue;
    for (const f of s.firings) {
      const key = `${s.factory}|${Math.floor(Date.parse(f) / 60_000)}`;
      byMinute.set(key, [...(byMinute.get(key) ?? []), s.name]);
    }
  }
  const out = new Map<number, string[]>();
  for (const [key, names] of byMinute)
    if (new Set(names).size > 1) {
      const minute = Number(key.split("|")[1]);
      out.set(minute, [...new Set([...(out.get(minute) ?? []), ...names])].sort());
    }
  return out;
}

/**
 * A week (or `days`) × 24 h grid in UTC: one row per day, one column per hour. Each trigger has a
 * colour; a cell shows a square per trigger that starts runs in that hour (with the count when
 * more than one). Hours in which the schedule-collision rule finds schedule triggers of one factory
 * starting runs in the same minute are outlined in red; a tumbling-window backfill is hatched over
 * the hours it takes to catch up; declared peak hours are shaded, hours before the plan's start are
 * greyed. Every cell has a tooltip listing its runs.
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
      backfill: new Set<number>(),
      collision: new Set<string>(),
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
  for (const [minute, names] of collisionMinutes(plan)) {
    const c = place(new Date(minute * 60_000).toISOString());
    for (const n of names) c?.collision.add(n);
  }
  // A deploy queues the backfill at once; it runs `maxConcurrency` windows at a time. Drawn over
  // the hours it takes if each run lasts its full window (at least the first hour).
  const loads = new Map(plan.schedules.map((s, i) => [i, backfillLoad(plan, s)]));
  for (const [i, load] of loads) {
    if (!load) continue;
    const end = Math.min(from + Math.max(load.catchUpMs ?? 0, 1), gridEnd);
    for (let t = Math.floor(from / HOUR) * HOUR; t < end; t += HOUR)
      place(new Date(t).toISOString())?.backfill.add(i);
  }

  const left = 118;
  const top = diff ? 96 : 78;
  const cw = 44;
  const ch = 48;
  const gridW = 24 * cw;
  const legendTop = top + rows * ch + 28;
  const legend = plan.schedules.map((s) => legendLines(plan, s, clock.includes(s)));
  const legendRows = 2 * plan.schedules.length + (diff?.ghosts.length ?? 0);
  // Wide enough for the longest legend line: 7.6 px a character is DejaVu Sans (the widest
  // common fallback font) at 12 px, bold included.
  const legendChars = Math.max(0, ...legend.flat().map((l) => l.length + 12));
  const width = Math.max(left + gridW + 20, Math.ceil(40 + legendChars * 7.6));
  const storageTop = legendTop + 20 * (legendRows + 2) + 10;
  const storage = storageSvg(plan, storageTop + 10);
  const height = storageTop + storage.height;
  const o: string[] = [];
  o.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12" role="img" aria-labelledby="plan-title">`,
    `<title id="plan-title">${xml(`Scheduled runs per hour (UTC) of ${planSubject(plan)}, ${plan.days} days from ${shortUtc(plan.generatedFrom)}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<defs>${plan.schedules.map((s, i) => `<pattern id="backfill-${i}" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="4" fill="${color.get(s.name)}"/></pattern>`).join("")}</defs>`,
    `<text x="16" y="26" font-size="17" font-weight="600" fill="#1f2328">${xml(`Runs per hour (UTC) · ${planSubject(plan)} · stack ${plan.stack}`)}</text>`,
    `<text x="16" y="46" fill="#57606a">${xml(`From ${shortUtc(plan.generatedFrom)} for ${plan.days} days · ${clock.length} clock-driven of ${plan.schedules.length} schedules · red outline: schedule-collision (schedule triggers of one factory start runs in the same minute)${[...loads.values()].some(Boolean) ? " · hatched: backfill catching up" : ""}${peak ? ` · shaded: peak hours ${plan.peakHours}` : ""}`)}</text>`,
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
      const overlap = cell.collision.size > 1;
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
          `<rect x="${x + 5 + k * 19}" y="${y + ch - 16}" width="16" height="8" rx="1.5" fill="none" stroke="${color.get(name) ?? "#6e7781"}" stroke-dasharray="2 1.5"/>`,
        );
      });
      [...cell.backfill].slice(0, 2).forEach((i, k) => {
        o.push(
          `<rect x="${x + 4}" y="${y + ch - 7 - k * 5}" width="${cw - 8}" height="4" fill="url(#backfill-${i})"/>`,
        );
      });
      o.push("</g>");
    }
  }

  let ly = legendTop;
  o.push(`<text x="16" y="${ly}" font-weight="600" fill="#1f2328">Schedules</text>`);
  plan.schedules.forEach((s, i) => {
    ly += 20;
    const isClock = clock.includes(s);
    const c = color.get(s.name)!;
    o.push(
      isClock
        ? `<rect x="16" y="${ly - 10}" width="16" height="10" rx="1.5" fill="${c}"/>`
        : `<rect x="16" y="${ly - 10}" width="16" height="10" rx="1.5" fill="none" stroke="${c}" stroke-width="1.5"/>`,
    );
    const mark = diff?.marks.get(s.name);
    const [name, details] = legend[i];
    o.push(
      // A gap by `dx`, not a trailing space: librsvg drops a space at the end of a tspan.
      `<text x="40" y="${ly}" fill="#1f2328">${mark ? `<tspan font-weight="700">${mark === "+" ? "+ added" : "~ changed"}</tspan>` : ""}<tspan font-weight="600"${mark ? ' dx="6"' : ""}>${xml(name)}</tspan></text>`,
    );
    ly += 20;
    if (loads.get(i))
      o.push(`<rect x="16" y="${ly - 7}" width="16" height="4" fill="url(#backfill-${i})"/>`);
    o.push(`<text x="40" y="${ly}" fill="#57606a">${xml(details)}</text>`);
  });
  for (const g of diff?.ghosts ?? []) {
    ly += 20;
    o.push(
      `<rect x="16" y="${ly - 10}" width="16" height="10" rx="1.5" fill="none" stroke="${color.get(g.name) ?? "#6e7781"}" stroke-dasharray="2 1.5"/>`,
      `<text x="40" y="${ly}" fill="#57606a">${xml(`${g.name}: base plan's runs no longer here (dashed)`)}</text>`,
    );
  }
  if (plan.days + 1 > MAX_SVG_DAYS)
    o.push(
      `<text x="16" y="${ly + 20}" fill="#57606a">${xml(`Only the first ${MAX_SVG_DAYS} days are drawn.`)}</text>`,
    );
  o.push(...storage.parts, "</svg>");
  return o.join("\n") + "\n";
}

/** A trigger's two legend lines: its name, then what it starts, when, and how much. */
function legendLines(plan: PlanDocument, s: PlanSchedule, isClock: boolean): [string, string] {
  const load = backfillLoad(plan, s);
  // An alert's firings are the deadlines it checks, not runs it starts.
  const alert = ALERT_SCHEDULE_KINDS.includes(s.kind);
  const unit = alert ? "deadline" : "run";
  const what = isClock
    ? `${count(s.runs)} ${unit}${s.runs === 1 ? "" : "s"} in ${plan.days} days${
        load
          ? `; backfill: ${count(load.windows)} windows on deploy${load.catchUpMs ? `, ≈ ${span(load.catchUpMs)} of catch-up at ${load.atOnce} at once (hatched)` : ""}`
          : ""
      }`
    : "event-driven, not on the clock";
  return [
    s.name,
    `${alert ? "watches" : "→"} ${startsLabel(plan, s) || "-"} · ${cadenceWithZone(s)} · ${what}${s.activation === "left stopped" ? " · LEFT STOPPED" : s.activation === "held stopped" ? ` · HELD STOPPED (${s.hold ?? ""})` : ""}`,
  ];
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
  for (const i of cell.backfill) parts.push(`${plan.schedules[i].name} backfill catching up`);
  const clash =
    cell.collision.size > 1
      ? `; schedule-collision: ${[...cell.collision].join(", ")} start in the same minute`
      : "";
  return `${head}: ${parts.length ? parts.join(", ") : "no runs"}${clash}`;
}

/** The schedules a plan draws on the clock grid: every clock-driven one (`isClockDriven`). */
export function clockSchedules(plan: PlanDocument): PlanSchedule[] {
  return plan.schedules.filter(isClockDriven);
}
