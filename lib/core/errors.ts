import { unknownOption } from "./options";

/**
 * Stable error codes. They are part of the public API: tools and tests may match on them,
 * so a code is never renamed or reused for a different meaning. Each code has exactly one meaning:
 */
export type ValidationCode =
  /** A number or a length of time is outside its allowed range (`maxConcurrency: 80`, a 29 s retry interval, month day 0). */
  | "OUT_OF_RANGE"
  /** A required value is missing or empty (`pipelines: []`, neither `subjectBeginsWith` nor `subjectEndsWith`). */
  | "REQUIRED"
  /** A string does not have the required format (wall-clock time, ISO duration, timespan, path, wildcard). */
  | "INVALID_FORMAT"
  /** Two props contradict each other, or a prop is not allowed together with another (`endTime` before `startTime`, `weekDays` on a Day recurrence). */
  | "CONFLICT"
  /** A value is not one of the allowed choices, or an option key is not a known option. */
  | "NOT_ALLOWED"
  /** An Azure resource name (given, or derived from the Pulumi name) breaks Azure's naming rules. */
  | "INVALID_NAME"
  /** A time zone is neither a known Windows id nor a known IANA name. */
  | "UNKNOWN_TIME_ZONE"
  /** A point in time that Azure rejects: an end time in the past, or a date that does not exist (2026-02-30). */
  | "INVALID_TIME"
  /**
   * A value has the wrong JavaScript type or shape (a string where a `Duration` is expected, a
   * ScheduleTrigger where a TumblingWindowTrigger is expected). TypeScript catches these at compile
   * time; plain-JavaScript callers get this error at run time.
   */
  | "INVALID_TYPE";

/** Every code, for documentation and exhaustive tests. */
export const VALIDATION_CODES: readonly ValidationCode[] = [
  "OUT_OF_RANGE",
  "REQUIRED",
  "INVALID_FORMAT",
  "CONFLICT",
  "NOT_ALLOWED",
  "INVALID_NAME",
  "UNKNOWN_TIME_ZONE",
  "INVALID_TIME",
  "INVALID_TYPE",
];

/** Where a bad value was found: the component type, its Pulumi name and the prop path. */
export interface ValidationContext {
  /** Component or value-object type, e.g. `TumblingWindowTrigger` or `Recurrence`. */
  readonly component: string;
  /** The Pulumi resource name, when the check runs inside a component. @default - none (a value object) */
  readonly name?: string;
}

/**
 * The one error type the library throws for bad input. It is thrown from constructors before
 * any child resource is registered, so an invalid program deploys nothing.
 *
 * The message reads like:
 * `TumblingWindowTrigger 'hourly': 'maxConcurrency' must be between 1 and 50, got 80.`
 */
export class ValidationError extends Error {
  /** Stable machine-readable code. */
  public readonly code: ValidationCode;
  /** The component or value-object type that rejected the value. */
  public readonly component: string;
  /** The Pulumi resource name, if known. */
  public readonly resourceName?: string;
  /** The prop path that holds the bad value, e.g. `retryPolicy.intervalInSeconds`. */
  public readonly prop: string;
  /** The value received (as given). */
  public readonly value: unknown;
  /** The allowed range or choices, in words. */
  public readonly allowed: string;
  /** How to fix it, when the library knows. */
  public readonly hint?: string;
  private readonly site: { stack?: string };

  constructor(
    code: ValidationCode,
    ctx: ValidationContext,
    prop: string,
    value: unknown,
    allowed: string,
    hint?: string,
  ) {
    const where = ctx.name === undefined ? ctx.component : `${ctx.component} '${ctx.name}'`;
    super(`${where}: '${prop}' ${allowed}, got ${renderValue(value)}.${hint ? ` ${hint}` : ""}`);
    this.name = "ValidationError";
    this.code = code;
    this.component = ctx.component;
    this.resourceName = ctx.name;
    this.prop = prop;
    this.value = value;
    this.allowed = allowed;
    this.hint = hint;
    this.site = constructionSite();
    Object.defineProperty(this, "site", { enumerable: false });
  }

  /**
   * Where the caller's code built the value or component that was refused: `file:line:column` of
   * the first stack frame outside this library and outside `node_modules` (with Node's source maps
   * enabled, as the plan does, the TypeScript line). Undefined when no such frame exists (a check
   * that runs inside a Pulumi `apply`).
   */
  get location(): string | undefined {
    return userFrame(this.site.stack ?? "");
  }

  /** True for any ValidationError, even one from another copy of this package. */
  static isValidationError(e: unknown): e is ValidationError {
    return e instanceof Error && e.name === "ValidationError" && "code" in e;
  }
}

/**
 * This package's code: `lib/` and `bin/` (under `dist/` when installed). Frames inside them are
 * not the caller's: a library check, or the CLI checking its own options.
 */
const PACKAGE_DIRS = ["lib", "bin"].map((d) =>
  __dirname.replace(/\\/g, "/").replace(/\/lib\/core$/, `/${d}/`),
);

/**
 * The stack at construction, captured deep enough to get past the library's own frames. V8 formats
 * it only when read, so an error that is caught and replaced costs no formatting.
 */
function constructionSite(): { stack?: string } {
  const site: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  try {
    Error.captureStackTrace(site, constructionSite);
  } finally {
    Error.stackTraceLimit = limit;
  }
  return site;
}

/** The first `file:line:column` of a stack outside the library, `node_modules` and Node itself. */
export function userFrame(stack: string): string | undefined {
  for (const line of stack.split("\n")) {
    const m = /^\s+at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (!m) continue;
    const file = m[1].replace(/^file:\/\//, "");
    const posix = file.replace(/\\/g, "/");
    // Below the CLI's own frames there is no program of the user's, only what started the CLI.
    if (posix.startsWith(PACKAGE_DIRS[1])) return undefined;
    if (
      file.startsWith("node:") ||
      posix.startsWith(PACKAGE_DIRS[0]) ||
      /[\\/]node_modules[\\/]/.test(file) ||
      !/[\\/]/.test(file)
    )
      continue;
    return `${file}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

/**
 * The candidate closest to `word` (case-insensitive edit distance), when it is close enough to be
 * a likely typo: at most a third of the word's length, and at least one edit.
 */
export function nearMiss(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(w.length / 3)) + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - w.length) >= bestDistance) continue;
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

function renderValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  try {
    const s = JSON.stringify(value);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return String(value);
  }
}

/** JavaScript types `Check.type` can require. `array` and `object` exclude each other and `null`. */
export type ValueKind = "string" | "number" | "boolean" | "object" | "array" | "function";

/**
 * True for a Pulumi `Output` or a promise: a value only known at deployment, which runtime checks
 * must let through. Duck-typed so that this Pulumi-free module needs no Pulumi import, and so that an
 * Output from another copy of `@pulumi/pulumi` is recognised too.
 */
export function isDeferred(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const v = value as { __pulumiOutput?: unknown; then?: unknown };
  return v.__pulumiOutput === true || typeof v.then === "function";
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "Date";
  if (typeof value === "object") {
    const ctor = (value as object).constructor?.name;
    return ctor && ctor !== "Object" ? ctor : "object";
  }
  return typeof value;
}

function matchesKind(value: unknown, kind: ValueKind): boolean {
  if (kind === "array") return Array.isArray(value);
  if (kind === "object")
    return typeof value === "object" && value !== null && !Array.isArray(value);
  if (kind === "number") return typeof value === "number" && !Number.isNaN(value);
  return typeof value === kind;
}

/**
 * What a duration looks like to a runtime check (structural, so a `Duration` from another copy of
 * the package passes).
 */
export interface DurationLike {
  /** The length in seconds. */
  toSeconds(): number;
  /** The length as a .NET TimeSpan (`d.hh:mm:ss`), the form Data Factory policies take. */
  toTimeSpan(): string;
  /** The length as an ISO 8601 duration (`PT5M`). */
  toIsoString(): string;
}

/** True for a `Duration` (from any copy of this package). */
export function isDuration(value: unknown): value is DurationLike {
  const v = value as Partial<DurationLike> | null | undefined;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.toSeconds === "function" &&
    typeof v.toTimeSpan === "function" &&
    typeof v.toIsoString === "function"
  );
}

/**
 * Small checking helpers bound to one context, so component constructors read as a list of rules.
 *
 * Conventions shared by every helper:
 * - `prop` is the path as the caller wrote it (`retry.interval`, `activities[2].policy.retry`);
 *   use `at(prefix)` to check a nested object with short paths;
 * - `undefined` passes every check except `required` (optional props are checked when present);
 * - type and shape helpers (`type`, `instanceOf`, `duration`, `knownKeys`, `each`) exist for
 *   plain-JavaScript callers: TypeScript already refuses these mistakes at compile time;
 * - values only known at deployment (Pulumi Outputs, promises: see `isDeferred`) pass the helpers
 *   that take `{ deferred: true }`.
 */
export class Check {
  constructor(
    private readonly ctx: ValidationContext,
    /** Prefix put in front of every prop path (see `at`). */
    private readonly prefix = "",
  ) {}

  /** The context errors are reported in. */
  get context(): ValidationContext {
    return this.ctx;
  }

  /** The full prop path of `prop` under this checker's prefix. */
  path(prop: string): string {
    if (!this.prefix) return prop;
    if (!prop) return this.prefix;
    return prop.startsWith("[") ? `${this.prefix}${prop}` : `${this.prefix}.${prop}`;
  }

  /**
   * A checker for a nested object: `check.at("retry").intRange("count", ...)` reports
   * `retry.count`; `check.at("activities[2]")` reports `activities[2].name`.
   */
  at(prefix: string): Check {
    return new Check(this.ctx, this.path(prefix));
  }

  /** Throws unless `value` is an integer in [min, max]. Undefined passes (use `required`). */
  intRange(prop: string, value: number | undefined, min: number, max: number, hint?: string): void {
    if (value === undefined) return;
    this.type(prop, value, "number");
    if (!Number.isInteger(value) || value < min || value > max) {
      throw this.error(
        "OUT_OF_RANGE",
        prop,
        value,
        `must be an integer between ${min} and ${max}`,
        hint,
      );
    }
  }

  /** Throws unless `value` is a finite number in [min, max] (fractions allowed). Undefined passes. */
  numberRange(
    prop: string,
    value: number | undefined,
    min: number,
    max: number,
    hint?: string,
  ): void {
    if (value === undefined) return;
    this.type(prop, value, "number");
    if (!Number.isFinite(value) || value < min || value > max) {
      throw this.error("OUT_OF_RANGE", prop, value, `must be between ${min} and ${max}`, hint);
    }
  }

  /** Throws when `value` is undefined, null, an empty string or an empty array. */
  required(prop: string, value: unknown, what = "is required"): void {
    if (
      value === undefined ||
      value === null ||
      value === "" ||
      (Array.isArray(value) && value.length === 0)
    ) {
      throw this.error("REQUIRED", prop, value, what);
    }
  }

  /** Throws unless `value` is one of `choices`. Undefined passes. */
  oneOf<T>(prop: string, value: T | undefined, choices: readonly T[]): void {
    if (value === undefined) return;
    if (!choices.includes(value)) {
      throw this.error(
        "NOT_ALLOWED",
        prop,
        value,
        `must be one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`,
      );
    }
  }

  /** Throws a CONFLICT error when `condition` holds: two props contradict each other. */
  conflict(condition: boolean, prop: string, value: unknown, rule: string, hint?: string): void {
    if (condition) throw this.error("CONFLICT", prop, value, rule, hint);
  }

  /** Throws an INVALID_FORMAT error when `condition` does not hold. */
  format(condition: boolean, prop: string, value: unknown, rule: string, hint?: string): void {
    if (!condition) throw this.error("INVALID_FORMAT", prop, value, rule, hint);
  }

  /** Throws an error with `code` when `condition` does not hold (for codes without a helper). */
  ensure(
    condition: boolean,
    code: ValidationCode,
    prop: string,
    value: unknown,
    rule: string,
    hint?: string,
  ): void {
    if (!condition) throw this.error(code, prop, value, rule, hint);
  }

  /**
   * Throws INVALID_TYPE unless `value` has the JavaScript type `kind` (or one of `kinds`).
   * Undefined passes; with `{ deferred: true }` a Pulumi Output or a promise passes too.
   */
  type(
    prop: string,
    value: unknown,
    kind: ValueKind | readonly ValueKind[],
    opts: { readonly deferred?: boolean; readonly hint?: string } = {},
  ): void {
    if (value === undefined) return;
    if (opts.deferred && isDeferred(value)) return;
    const kinds = typeof kind === "string" ? [kind] : kind;
    if (!kinds.some((k) => matchesKind(value, k))) {
      const what = kinds.map((k) => (k === "array" || k === "object" ? `an ${k}` : `a ${k}`));
      throw this.error(
        "INVALID_TYPE",
        prop,
        value,
        `must be ${what.join(" or ")}${opts.deferred ? " (or a Pulumi Output of one)" : ""}, not ${kindOf(value)}`,
        opts.hint,
      );
    }
  }

  /**
   * Throws INVALID_TYPE unless `value` is an instance of `ctor`; `what` names it for the message
   * (`a Duration, e.g. Duration.hours(1)`). Undefined passes.
   */
  instanceOf(
    prop: string,
    value: unknown,
    ctor: { readonly prototype: object },
    what: string,
  ): void {
    if (value === undefined) return;
    // Classes with private constructors (value objects) are matched through their prototype.
    if (
      typeof value !== "object" ||
      value === null ||
      !Object.prototype.isPrototypeOf.call(ctor.prototype, value)
    ) {
      throw this.error("INVALID_TYPE", prop, value, `must be ${what}, not ${kindOf(value)}`);
    }
  }

  /**
   * Throws INVALID_TYPE unless `value` is a `Duration` (`delay: "1 hour"` from JavaScript), and
   * OUT_OF_RANGE unless it lies in [`min`, `max`] seconds when those are given. Undefined passes.
   */
  duration(
    prop: string,
    value: unknown,
    range: { readonly min?: number; readonly max?: number; readonly hint?: string } = {},
  ): void {
    if (value === undefined) return;
    if (!isDuration(value)) {
      throw this.error(
        "INVALID_TYPE",
        prop,
        value,
        `must be a Duration (Duration.minutes(5), Duration.parse("PT5M")), not ${kindOf(value)}`,
      );
    }
    const s = value.toSeconds();
    const min = range.min ?? 0;
    const max = range.max ?? Infinity;
    if (s < min || s > max) {
      const words = (n: number) => `${n} s`;
      throw this.error(
        "OUT_OF_RANGE",
        prop,
        value.toIsoString(),
        max === Infinity
          ? `must be at least ${words(min)}`
          : `must be between ${words(min)} and ${words(max)}`,
        range.hint,
      );
    }
  }

  /**
   * Prefer a declarative shape checked by `checkOptions` (lib/core/options.ts), which also walks
   * nested options objects.
   *
   * Throws NOT_ALLOWED when the plain object `value` has a key outside `allowed` (a typo, or an
   * option from another shape such as `window: { weeks: 1 }`). INVALID_TYPE when it is not an
   * object. Undefined passes.
   */
  knownKeys(prop: string, value: unknown, allowed: readonly string[]): void {
    if (value === undefined) return;
    this.type(prop, value, "object");
    for (const key of Object.keys(value as object)) {
      if (!allowed.includes(key)) {
        // The same error (choices and a near miss) as the declarative shapes of lib/core/options.
        throw unknownOption(
          this,
          this.join(prop, key),
          (value as Record<string, unknown>)[key],
          key,
          allowed,
        );
      }
    }
  }

  /**
   * Throws INVALID_TYPE unless `value` is an array, then calls `each(item, itemCheck, index)` with a
   * checker whose paths sit under `prop[index]`. Undefined passes.
   */
  each<T>(
    prop: string,
    value: readonly T[] | undefined,
    each: (item: T, check: Check, index: number) => void,
  ): void {
    if (value === undefined) return;
    this.type(prop, value, "array");
    value.forEach((item, i) => each(item, this.at(`${prop}[${i}]`), i));
  }

  /**
   * Runs `build` (typically a value-object factory such as `TimeZone.of`) and re-throws any
   * ValidationError it raises in this checker's context, at the caller's `prop`: a bad zone given
   * as `timeZone` is reported as `timeZone`, not as the value object's own `id`. `rename` may map
   * the inner prop path instead (for value objects with nested paths).
   */
  rethrow<T>(prop: string | ((inner: string) => string), build: () => T): T {
    try {
      return build();
    } catch (e) {
      if (!ValidationError.isValidationError(e)) throw e;
      const mapped = typeof prop === "string" ? prop : prop(e.prop);
      throw this.error(e.code, mapped, e.value, e.allowed, e.hint);
    }
  }

  /** Builds an error for this context without throwing it. */
  error(code: ValidationCode, prop: string, value: unknown, allowed: string, hint?: string) {
    return new ValidationError(code, this.ctx, this.path(prop), value, allowed, hint);
  }

  private join(prop: string, key: string): string {
    return prop ? `${prop}.${key}` : key;
  }
}
