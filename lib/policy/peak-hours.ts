import { ValidationError } from "../core/errors";
import { TimeZone } from "../core/timezone";
import type { PeakHours } from "./types";

/**
 * Parses `8-18` (UTC) or `8-18@W. Europe Standard Time` / `8-18@Europe/Berlin`: runs should not
 * start from 08:00 up to (not including) 18:00 in that zone. `22-6` wraps past midnight.
 */
export function parsePeakHours(text: string): PeakHours {
  const m = /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*(?:@\s*(.+?))?\s*$/.exec(text);
  const start = m ? Number(m[1]) : NaN;
  const end = m ? Number(m[2]) : NaN;
  if (!m || start > 23 || end > 24 || end === 0 || start === end) {
    throw new ValidationError(
      "INVALID_FORMAT",
      { component: "plan" },
      "peakHours",
      text,
      'must be "START-END" in whole hours 0-24 with START != END, optionally "@<time zone>" (e.g. "8-18" or "8-18@W. Europe Standard Time")',
    );
  }
  return { start, end, timeZone: m[3] ? TimeZone.of(m[3]) : TimeZone.UTC };
}

/** True when the instant falls in the peak hours. */
export function inPeakHours(peak: PeakHours, instantMs: number): boolean {
  const h = peak.timeZone.toLocal(instantMs).hour;
  return peak.start < peak.end ? h >= peak.start && h < peak.end : h >= peak.start || h < peak.end;
}

/** `08:00-18:00 W. Europe Standard Time`. */
export function describePeakHours(peak: PeakHours): string {
  const p = (n: number) => `${String(n).padStart(2, "0")}:00`;
  return `${p(peak.start)}-${p(peak.end)} ${peak.timeZone.windowsId}`;
}

/** Reads back what `describePeakHours` wrote (the plan document keeps the description). */
export function peakHoursFromDescription(described: string): PeakHours | undefined {
  const m = /^(\d{2}):00-(\d{2}):00 (.+)$/.exec(described);
  return m ? parsePeakHours(`${Number(m[1])}-${Number(m[2])}@${m[3]}`) : undefined;
}
