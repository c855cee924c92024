import { ValidationError } from "./errors";

const SECOND = 1;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const ctx = { component: "Duration" };

/** Options for unit conversions. */
export interface ConversionOptions {
  /**
   * Throw when the duration is not a whole number of the target unit (90 s to minutes).
   * @default true
   */
  readonly integral?: boolean;
}

/**
 * A non-negative length of time with one-second resolution.
 *
 * Built only through factories (`Duration.minutes(5)`, `Duration.parse("PT5M")`), immutable,
 * and rendered for Azure as ISO 8601 (`toIsoString()`, used by Search and Monitor) or as a .NET
 * timespan (`toTimeSpan()`, `[d.]hh:mm:ss`, used by Data Factory).
 */
export class Duration {
  /** A duration of `n` whole seconds. */
  static seconds(n: number): Duration {
    return new Duration(n, "seconds", SECOND);
  }
  /** A duration of `n` minutes. */
  static minutes(n: number): Duration {
    return new Duration(n, "minutes", MINUTE);
  }
  /** A duration of `n` hours. */
  static hours(n: number): Duration {
    return new Duration(n, "hours", HOUR);
  }
  /** A duration of `n` days (24 hours each; calendar days are the Recurrence's business). */
  static days(n: number): Duration {
    return new Duration(n, "days", DAY);
  }

  /**
   * Parses an ISO 8601 duration with day and time parts (`PT5M`, `P1DT2H`, `PT0.5H` is rejected)
   * or a .NET timespan (`01:30:00`, `2.00:00:00`).
   */
  static parse(text: string): Duration {
    if (typeof text !== "string") {
      throw new ValidationError("INVALID_TYPE", ctx, "text", text, "must be a string");
    }
    const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
    if (iso && text !== "P" && !text.endsWith("T")) {
      const [, d, h, m, s] = iso.map((v) => (v === undefined ? 0 : Number(v)));
      return Duration.seconds(d * DAY + h * HOUR + m * MINUTE + s);
    }
    const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
    if (span) {
      const [, d, h, m, s] = span.map((v) => (v === undefined ? 0 : Number(v)));
      if (h < 24 && m < 60 && s < 60) {
        return Duration.seconds(d * DAY + h * HOUR + m * MINUTE + s);
      }
    }
    throw new ValidationError(
      "INVALID_FORMAT",
      ctx,
      "text",
      text,
      "must be an ISO 8601 duration like PT5M or P1DT2H, or a timespan like 01:30:00 or 1.00:00:00",
    );
  }

  /** Total length in seconds. */
  private readonly totalSeconds: number;

  private constructor(amount: number, unit: string, secondsPerUnit: number) {
    if (typeof amount !== "number") {
      throw new ValidationError(
        "INVALID_TYPE",
        ctx,
        unit,
        amount,
        `must be a number, not ${typeof amount}`,
        "Use Duration.parse for ISO 8601 text such as PT5M.",
      );
    }
    if (!Number.isFinite(amount) || amount < 0) {
      throw new ValidationError(
        "OUT_OF_RANGE",
        ctx,
        unit,
        amount,
        "must be a finite, non-negative number",
      );
    }
    const total = amount * secondsPerUnit;
    if (Math.abs(total - Math.round(total)) > 1e-9) {
      throw new ValidationError(
        "OUT_OF_RANGE",
        ctx,
        unit,
        amount,
        "must come to a whole number of seconds",
      );
    }
    this.totalSeconds = Math.round(total);
  }

  /** Length in seconds. */
  toSeconds(): number {
    return this.totalSeconds;
  }
  /** Length in milliseconds. */
  toMilliseconds(): number {
    return this.totalSeconds * 1000;
  }
  /** Length in minutes; throws on a fractional result unless `integral: false`. */
  toMinutes(opts: ConversionOptions = {}): number {
    return this.convert(MINUTE, "minutes", opts);
  }
  /** Length in hours; throws on a fractional result unless `integral: false`. */
  toHours(opts: ConversionOptions = {}): number {
    return this.convert(HOUR, "hours", opts);
  }
  /** Length in days; throws on a fractional result unless `integral: false`. */
  toDays(opts: ConversionOptions = {}): number {
    return this.convert(DAY, "days", opts);
  }

  private convert(unitSeconds: number, unit: string, opts: ConversionOptions): number {
    const value = this.totalSeconds / unitSeconds;
    if ((opts.integral ?? true) && !Number.isInteger(value)) {
      throw new ValidationError(
        "OUT_OF_RANGE",
        ctx,
        `to${unit[0].toUpperCase()}${unit.slice(1)}`,
        this.toIsoString(),
        `must be a whole number of ${unit} (pass { integral: false } to allow fractions)`,
      );
    }
    return value;
  }

  /** ISO 8601 rendering: `PT5M`, `P1DT2H`, `PT0S`. */
  toIsoString(): string {
    if (this.totalSeconds === 0) return "PT0S";
    const d = Math.floor(this.totalSeconds / DAY);
    const h = Math.floor((this.totalSeconds % DAY) / HOUR);
    const m = Math.floor((this.totalSeconds % HOUR) / MINUTE);
    const s = this.totalSeconds % MINUTE;
    const time = `${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
    return `P${d ? `${d}D` : ""}${time ? `T${time}` : ""}`;
  }

  /** .NET timespan rendering used by Data Factory: `[d.]hh:mm:ss`, e.g. `00:05:00`, `7.00:00:00`. */
  toTimeSpan(): string {
    const d = Math.floor(this.totalSeconds / DAY);
    const rest = this.totalSeconds % DAY;
    const hh = String(Math.floor(rest / HOUR)).padStart(2, "0");
    const mm = String(Math.floor((rest % HOUR) / MINUTE)).padStart(2, "0");
    const ss = String(rest % MINUTE).padStart(2, "0");
    return `${d ? `${d}.` : ""}${hh}:${mm}:${ss}`;
  }

  /** Sum of two durations. */
  plus(other: Duration): Duration {
    return Duration.seconds(this.totalSeconds + other.totalSeconds);
  }

  /** Negative, zero or positive as this is shorter, equal or longer than `other`. */
  compareTo(other: Duration): number {
    return this.totalSeconds - other.totalSeconds;
  }

  /** Value equality. */
  equals(other: Duration): boolean {
    return this.totalSeconds === other.totalSeconds;
  }

  /** Reads like code: `Duration.minutes(90)`. */
  toString(): string {
    for (const [unit, size] of [
      ["days", DAY],
      ["hours", HOUR],
      ["minutes", MINUTE],
    ] as const) {
      if (this.totalSeconds > 0 && this.totalSeconds % size === 0) {
        return `Duration.${unit}(${this.totalSeconds / size})`;
      }
    }
    return `Duration.seconds(${this.totalSeconds})`;
  }

  /** Plain words: `5 minutes`, `1 day 2 hours`. */
  toHuman(): string {
    if (this.totalSeconds === 0) return "0 seconds";
    const parts: string[] = [];
    let rest = this.totalSeconds;
    for (const [unit, size] of [
      ["day", DAY],
      ["hour", HOUR],
      ["minute", MINUTE],
      ["second", SECOND],
    ] as const) {
      const n = Math.floor(rest / size);
      rest -= n * size;
      if (n) parts.push(`${n} ${unit}${n === 1 ? "" : "s"}`);
    }
    return parts.join(" ");
  }
}
