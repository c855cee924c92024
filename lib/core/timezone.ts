import { findIana, findWindows, WINDOWS_TO_IANA_MAP } from "windows-iana";
import { nearMiss, ValidationError } from "./errors";

/** Every Windows id and IANA name a zone can be given as, for near-miss suggestions. */
function zoneNames(): Set<string> {
  const names = new Set<string>();
  for (const z of WINDOWS_TO_IANA_MAP) {
    names.add(z.windowsName);
    for (const iana of z.iana) names.add(iana);
  }
  return names;
}

/** A wall-clock date and time, with no zone attached. Months are 1-12. */
export interface LocalDateTime {
  /** Year, e.g. 2026. */
  readonly year: number;
  /** Month, 1-12. */
  readonly month: number;
  /** Day of the month, 1-31. */
  readonly day: number;
  /** Hour, 0-23. */
  readonly hour: number;
  /** Minute, 0-59. */
  readonly minute: number;
  /** Second, 0-59. @default 0 */
  readonly second?: number;
  /** Millisecond, 0-999. @default 0 */
  readonly millisecond?: number;
}

/**
 * How a wall-clock time maps to an instant in a zone:
 * - `exact`: the local time exists once;
 * - `gap`: the local time is skipped by a DST change (spring forward); the instant returned is the
 *   first instant after the gap (when the clock jumps), so a job set for 02:30 runs at 03:00;
 * - `ambiguous`: the local time happens twice (fall back); the instant returned is the first one.
 *
 * This is the rule of ISC cron and of the Open Cron Pattern Specification followed by croner. Azure
 * does not document what Data Factory does for these times; the plan marks such firings.
 */
export type LocalTimeKind = "exact" | "gap" | "ambiguous";

const MINUTE_MS = 60_000;
const WINDOWS_IDS = new Set<string>(WINDOWS_TO_IANA_MAP.map((e) => e.windowsName));
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Zones are immutable values: one instance per id given. */
const ZONES = new Map<string, TimeZone>();

function formatter(iana: string): Intl.DateTimeFormat {
  let f = formatters.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: iana,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(iana, f);
  }
  return f;
}

function isKnownIana(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * A time zone as Data Factory and Azure ML want it (a Windows id such as
 * `W. Europe Standard Time`) backed by the IANA zone that gives its rules (`Europe/Berlin`).
 * Accepts either form; the Windows/IANA mapping comes from the Unicode CLDR via `windows-iana`.
 */
export class TimeZone {
  /** Coordinated Universal Time. */
  static readonly UTC = new TimeZone("UTC", "Etc/UTC");

  /**
   * The zone for a Windows id (`W. Europe Standard Time`) or an IANA name (`Europe/Berlin`).
   * Throws UNKNOWN_TIME_ZONE for anything else.
   */
  static of(id: string): TimeZone {
    if (id === "UTC" || id === "Etc/UTC" || id === "Z") return TimeZone.UTC;
    let zone = ZONES.get(id);
    if (!zone) {
      zone = TimeZone.lookup(id);
      ZONES.set(id, zone);
    }
    return zone;
  }

  private static lookup(id: string): TimeZone {
    if (WINDOWS_IDS.has(id)) {
      const iana = findIana(id as Parameters<typeof findIana>[0])[0];
      if (iana && isKnownIana(iana)) return new TimeZone(id, iana);
    }
    if (isKnownIana(id)) {
      const windows = findWindows(id)[0];
      if (windows) return new TimeZone(windows, id);
      throw new ValidationError(
        "UNKNOWN_TIME_ZONE",
        { component: "TimeZone" },
        "id",
        id,
        "must have a Windows time zone equivalent (Data Factory only accepts Windows ids)",
        "Use the zone's canonical IANA name or its Windows id.",
      );
    }
    const near = typeof id === "string" ? nearMiss(id, zoneNames()) : undefined;
    throw new ValidationError(
      "UNKNOWN_TIME_ZONE",
      { component: "TimeZone" },
      "id",
      id,
      'must be a Windows time zone id (e.g. "W. Europe Standard Time") or an IANA name (e.g. "Europe/Berlin")',
      near ? `Did you mean "${near}"?` : undefined,
    );
  }

  private readonly offsets = new Map<number, number>();

  private constructor(
    /** The Windows id Data Factory receives, e.g. `W. Europe Standard Time`. */
    public readonly windowsId: string,
    /** The IANA zone whose rules are used to compute firings, e.g. `Europe/Berlin`. */
    public readonly iana: string,
  ) {}

  /** True for UTC. */
  get isUtc(): boolean {
    return this.windowsId === "UTC";
  }

  /** Wall-clock fields of an instant in this zone, plus the weekday (0 = Sunday). */
  toLocal(instantMs: number): Required<LocalDateTime> & { weekday: number } {
    const d = new Date(instantMs + (this.isUtc ? 0 : this.offsetMs(instantMs)));
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      millisecond: d.getUTCMilliseconds(),
      weekday: d.getUTCDay(),
    };
  }

  /**
   * Offset at an instant in milliseconds, from Intl and cached per minute: zone transitions happen
   * on minute boundaries, so every instant of one minute has the same offset.
   */
  private offsetMs(instantMs: number): number {
    const minute = Math.floor(instantMs / MINUTE_MS);
    let offset = this.offsets.get(minute);
    if (offset === undefined) {
      const at = minute * MINUTE_MS;
      const parts = formatter(this.iana).formatToParts(new Date(at));
      const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
      const wall = Date.UTC(
        get("year"),
        get("month") - 1,
        get("day"),
        get("hour"),
        get("minute"),
        get("second"),
      );
      offset = wall - at;
      if (this.offsets.size > 200_000) this.offsets.clear();
      this.offsets.set(minute, offset);
    }
    return offset;
  }

  /** Offset from UTC in minutes at an instant (positive east of Greenwich). */
  offsetMinutes(instantMs: number): number {
    if (this.isUtc) return 0;
    const l = this.toLocal(instantMs);
    const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
    return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / MINUTE_MS);
  }

  /**
   * The instant of a wall-clock time in this zone, with how it was resolved (see LocalTimeKind).
   */
  resolve(local: LocalDateTime): { instantMs: number; kind: LocalTimeKind } {
    const wall = Date.UTC(
      local.year,
      local.month - 1,
      local.day,
      local.hour,
      local.minute,
      local.second ?? 0,
      local.millisecond ?? 0,
    );
    if (this.isUtc) return { instantMs: wall, kind: "exact" };
    const offsets = new Set([
      this.offsetMinutes(wall - 2 * 86_400_000),
      this.offsetMinutes(wall),
      this.offsetMinutes(wall + 2 * 86_400_000),
    ]);
    const valid = [...offsets]
      .map((o) => wall - o * MINUTE_MS)
      .filter((u) => wall - this.offsetMinutes(u) * MINUTE_MS === u)
      .sort((a, b) => a - b);
    if (valid.length === 1) return { instantMs: valid[0], kind: "exact" };
    if (valid.length > 1) return { instantMs: valid[0], kind: "ambiguous" };
    // In a gap: find the transition between the two candidate instants.
    const sorted = [...offsets].sort((a, b) => a - b);
    let lo = wall - sorted[sorted.length - 1] * MINUTE_MS;
    let hi = wall - sorted[0] * MINUTE_MS;
    const after = this.offsetMinutes(hi);
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (this.offsetMinutes(mid) === after) hi = mid;
      else lo = mid;
    }
    return { instantMs: hi, kind: "gap" };
  }

  /** `2026-03-29 03:00` in this zone. */
  formatLocal(instantMs: number): string {
    const l = this.toLocal(instantMs);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${l.year}-${p(l.month)}-${p(l.day)} ${p(l.hour)}:${p(l.minute)}`;
  }

  /** Value equality (by Windows id: that is what Azure stores). */
  equals(other: TimeZone): boolean {
    return this.windowsId === other.windowsId;
  }

  /** `TimeZone.of("W. Europe Standard Time")`. */
  toString(): string {
    return `TimeZone.of(${JSON.stringify(this.windowsId)})`;
  }
}
