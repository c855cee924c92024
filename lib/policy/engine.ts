import { ValidationError } from "../core/errors";
import type { CostBudget } from "../cost/budget";
import type { PriceTable } from "../cost/prices";
import { parsePeakHours } from "./peak-hours";
import { urnName } from "./resources";
import { RULES } from "./rules";
import type { Finding, PeakHours, PolicyResource, Rule, RuleContext, Severity } from "./types";

/** A finding someone decided to accept, and why. */
export interface Suppression {
  /** Rule id. */
  readonly rule: string;
  /** The resource: its URN, or its Pulumi name. */
  readonly resource: string;
  /** Why the finding is accepted (required: it is what a reviewer reads). */
  readonly reason: string;
}

/** A suppressed finding, with the reason. */
export interface SuppressedFinding extends Finding {
  /** Why the finding is accepted, as the suppression says. */
  readonly reason: string;
}

/** How rules are applied. */
export interface PolicyOptions {
  /** "Now" for firings and backfill. @default - the current time */
  readonly now?: Date;
  /** Days of firings the time-based rules look at. @default 7 */
  readonly horizonDays?: number;
  /** Peak hours (`"8-18"`, `"8-18@W. Europe Standard Time"`). @default - none (rule not applied) */
  readonly peakHours?: PeakHours | string;
  /** Per-rule severity, or `disabled`. @default - each rule's own severity */
  readonly severities?: Readonly<Record<string, Severity | "disabled">>;
  /** Accepted findings; each needs a reason. @default [] */
  readonly suppressions?: readonly Suppression[];
  /** Rules to run. @default RULES */
  readonly rules?: readonly Rule[];
  /**
   * Monthly budgets per stack or component (rule `monthly-cost-budget`), e.g.
   * `[{ scope: "stack", monthly: 50 }, { scope: "models", monthly: 20, currency: "USD" }]`.
   * @default [] (rule not applied)
   */
  readonly budgets?: readonly CostBudget[];
  /** Prices the budgets are checked with. @default - the built-in table (`lib/cost/prices.ts`) */
  readonly prices?: PriceTable;
}

/** Findings that count, and those suppressed. */
export interface PolicyResult {
  /** Findings that count (a mandatory one fails the plan). */
  readonly findings: Finding[];
  /** Findings a suppression accepted. */
  readonly suppressed: SuppressedFinding[];
}

const CTX = { component: "policy" };

/** Checks policy options up front: unknown rule ids, bad severities, suppressions without reason. */
export function validatePolicyOptions(opts: PolicyOptions): void {
  const rules = opts.rules ?? RULES;
  const ids = rules.map((r) => r.id);
  const known = (prop: string, id: string) => {
    if (!ids.includes(id))
      throw new ValidationError(
        "NOT_ALLOWED",
        CTX,
        prop,
        id,
        `must be a rule id: ${ids.join(", ")}`,
      );
  };
  for (const [id, sev] of Object.entries(opts.severities ?? {})) {
    known(`severities.${id}`, id);
    if (!["mandatory", "advisory", "disabled"].includes(sev))
      throw new ValidationError(
        "NOT_ALLOWED",
        CTX,
        `severities.${id}`,
        sev,
        "must be mandatory, advisory or disabled",
      );
  }
  (opts.suppressions ?? []).forEach((s, i) => {
    known(`suppressions[${i}].rule`, s.rule);
    if (!s.resource)
      throw new ValidationError(
        "REQUIRED",
        CTX,
        `suppressions[${i}].resource`,
        s.resource,
        "is required (a URN or Pulumi name)",
      );
    if (!s.reason || !s.reason.trim())
      throw new ValidationError(
        "REQUIRED",
        CTX,
        `suppressions[${i}].reason`,
        s.reason,
        "is required: say why the finding is accepted",
      );
  });
  (opts.budgets ?? []).forEach((b, i) => {
    if (typeof b?.scope !== "string" || !b.scope.trim())
      throw new ValidationError(
        "REQUIRED",
        CTX,
        `budgets[${i}].scope`,
        b?.scope,
        'is required: "stack" or a component\'s Pulumi name',
      );
    if (typeof b.monthly !== "number" || !Number.isFinite(b.monthly) || b.monthly < 0)
      throw new ValidationError(
        "OUT_OF_RANGE",
        CTX,
        `budgets[${i}].monthly`,
        b.monthly,
        "must be a number of at least 0 (money per month)",
      );
    if (b.currency !== undefined && !/^[A-Z]{3}$/.test(String(b.currency)))
      throw new ValidationError(
        "INVALID_FORMAT",
        CTX,
        `budgets[${i}].currency`,
        b.currency,
        "must be an ISO 4217 code such as USD",
      );
  });
  const h = opts.horizonDays;
  if (h !== undefined && (!Number.isInteger(h) || h < 1 || h > 366))
    throw new ValidationError("OUT_OF_RANGE", CTX, "horizonDays", h, "an integer from 1 to 366");
}

/** The rule context for a set of resources. */
export function ruleContext(
  resources: readonly PolicyResource[],
  opts: PolicyOptions = {},
): RuleContext {
  const peak = typeof opts.peakHours === "string" ? parsePeakHours(opts.peakHours) : opts.peakHours;
  return {
    resources,
    now: opts.now ?? new Date(),
    horizonDays: opts.horizonDays ?? 7,
    ...(peak ? { peakHours: peak } : {}),
    ...(opts.budgets?.length ? { budgets: opts.budgets } : {}),
    ...(opts.prices ? { prices: opts.prices } : {}),
  };
}

/** Runs every rule over the resources and applies severities and suppressions. */
export function evaluate(
  resources: readonly PolicyResource[],
  opts: PolicyOptions = {},
): PolicyResult {
  validatePolicyOptions(opts);
  const ctx = ruleContext(resources, opts);
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const rule of opts.rules ?? RULES) {
    const severity = opts.severities?.[rule.id] ?? rule.severity;
    if (severity === "disabled") continue;
    for (const v of rule.check(ctx)) {
      const finding: Finding = {
        rule: rule.id,
        severity,
        resource: v.resource,
        message: v.message,
      };
      const s = (opts.suppressions ?? []).find(
        (x) =>
          x.rule === rule.id && (x.resource === v.resource || x.resource === urnName(v.resource)),
      );
      if (s) suppressed.push({ ...finding, reason: s.reason });
      else findings.push(finding);
    }
  }
  return { findings, suppressed };
}
