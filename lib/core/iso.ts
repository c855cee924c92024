/**
 * Strict ISO 8601 date-time parsing. `Date.parse` is lenient (V8 reads `2026-02-30T00:00Z` as
 * 2 March and a bare `12` as a year); Azure and the plan need exactly the calendar date written.
 */

/** The fields of an ISO 8601 date-time as written, after a calendar check. Months are 1-12. */
export interface IsoDateTime {
  /** Year, as written. */
  readonly year: number;
  /** Month, 1-12. */
  readonly month: number;
  /** Day of the month, checked against the calendar. */
  readonly day: number;
  /** Hour, 0-23. */
  readonly hour: number;
  /** Minute, 0-59. */
  readonly minute: number;
  /** Second, 0-59. */
  readonly second: number;
  /** Milliseconds, from up to 7 fraction digits (.NET writes 7: `13.8441801`); truncated. */
  readonly millisecond: number;
  /**
   * Offset from UTC in minutes when the text ends in `Z` (0) or `+hh:mm` / `-hh:mm`;
   * `undefined` for a wall-clock time without offset.
   */
  readonly offsetMinutes?: number;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses `YYYY-MM-DD`, `YYYY-MM-DDThh:mm`, `...:ss`, `...:ss.fffffff`, each optionally followed by
 * `Z` or `±hh:mm`. Returns `undefined` for anything else, including dates that do not exist
 * (`2026-02-30`), hours above 23, or an offset on a bare date.
 */
export function parseIsoDateTime(text: string): IsoDateTime | undefined {
  if (typeof text !== "string") return undefined;
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const timeGiven = m[4] !== undefined;
  if (!timeGiven && m[8] !== undefined) return undefined;
  const hour = timeGiven ? Number(m[4]) : 0;
  const minute = timeGiven ? Number(m[5]) : 0;
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millisecond = m[7] === undefined ? 0 : Number(m[7].padEnd(3, "0").slice(0, 3));
  // The calendar check: a month outside 1-12 or a day outside the month (both at most 99) rolls
  // the probe into another month.
  const probe = new Date(Date.UTC(2000, 0, 1));
  probe.setUTCFullYear(year, month - 1, day);
  if (probe.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  let offsetMinutes: number | undefined;
  if (m[8] === "Z") offsetMinutes = 0;
  else if (m[8] !== undefined) {
    const [oh, om] = [Number(m[8].slice(1, 3)), Number(m[8].slice(4, 6))];
    if (oh > 14 || om > 59) return undefined;
    offsetMinutes = (m[8][0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  return { year, month, day, hour, minute, second, millisecond, offsetMinutes };
}

/**
 * The instant (ms since the epoch) of an ISO 8601 time that names its offset (`Z` or `±hh:mm`);
 * `undefined` when the text is not such a time.
 */
export function parseIsoInstant(text: string): number | undefined {
  const t = parseIsoDateTime(text);
  if (!t || t.offsetMinutes === undefined) return undefined;
  const wall = new Date(
    Date.UTC(2000, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond),
  );
  wall.setUTCFullYear(t.year); // Date.UTC maps years 0-99 to 1900-1999
  return wall.getTime() - t.offsetMinutes * 60_000;
}
