/**
 * Stable error codes. They are part of the public API: tools and tests may match on them,
 * so a code is never renamed or reused for a different meaning.
 */
export type ValidationCode =
  /** A number is outside its allowed range. */
  | "OUT_OF_RANGE"
  /** A required value is missing or empty. */
  | "REQUIRED"
  /** A string does not have the required format (time, ISO duration, path...). */
  | "INVALID_FORMAT"
  /** Two props contradict each other, or a prop is not allowed with another. */
  | "CONFLICT"
  /** A value is not one of the allowed choices. */
  | "NOT_ALLOWED"
  /** An Azure resource name breaks Azure's naming rules. */
  | "INVALID_NAME"
  /** A time zone is neither a known Windows id nor a known IANA name. */
  | "UNKNOWN_TIME_ZONE"
  /** A point in time that Azure rejects (e.g. an end time in the past). */
  | "INVALID_TIME";

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
  }

  /** True for any ValidationError, even one from another copy of this package. */
  static isValidationError(e: unknown): e is ValidationError {
    return e instanceof Error && e.name === "ValidationError" && "code" in e;
  }
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

/**
 * Small checking helpers bound to one context, so component constructors read as a list of rules.
 */
export class Check {
  constructor(private readonly ctx: ValidationContext) {}

  /** Throws unless `value` is an integer in [min, max]. Undefined passes (use `required`). */
  intRange(prop: string, value: number | undefined, min: number, max: number, hint?: string): void {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ValidationError(
        "OUT_OF_RANGE",
        this.ctx,
        prop,
        value,
        `must be an integer between ${min} and ${max}`,
        hint,
      );
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
      throw new ValidationError("REQUIRED", this.ctx, prop, value, what);
    }
  }

  /** Throws unless `value` is one of `choices`. Undefined passes. */
  oneOf<T>(prop: string, value: T | undefined, choices: readonly T[]): void {
    if (value === undefined) return;
    if (!choices.includes(value)) {
      throw new ValidationError(
        "NOT_ALLOWED",
        this.ctx,
        prop,
        value,
        `must be one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`,
      );
    }
  }

  /** Throws a CONFLICT error when `condition` holds. */
  conflict(condition: boolean, prop: string, value: unknown, rule: string, hint?: string): void {
    if (condition) throw new ValidationError("CONFLICT", this.ctx, prop, value, rule, hint);
  }

  /** Throws an INVALID_FORMAT error when `condition` does not hold. */
  format(condition: boolean, prop: string, value: unknown, rule: string, hint?: string): void {
    if (!condition) throw new ValidationError("INVALID_FORMAT", this.ctx, prop, value, rule, hint);
  }

  /** Builds an error for this context without throwing it. */
  error(code: ValidationCode, prop: string, value: unknown, allowed: string, hint?: string) {
    return new ValidationError(code, this.ctx, prop, value, allowed, hint);
  }
}
