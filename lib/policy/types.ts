import type { TimeZone } from "../core/timezone";
import type { CostBudget } from "../cost/budget";
import type { PriceTable } from "../cost/prices";

/** How much a finding matters: `mandatory` fails the plan (exit 1) and a CrossGuard preview. */
export type Severity = "mandatory" | "advisory";

/** A resource as the rules see it: what the engine would receive (Pulumi inputs). */
export interface PolicyResource {
  /** Pulumi URN of the resource. */
  readonly urn: string;
  /** Pulumi type token, e.g. `azure-native:datafactory:Trigger`. */
  readonly type: string;
  /** Pulumi resource name. */
  readonly name: string;
  /** Resource inputs; unknown values (during a preview) are `undefined`. */
  readonly props: Record<string, any>;
  /** URN of the parent, if any. */
  readonly parent?: string;
  /**
   * Property paths whose values are unknown until the deployment (a CrossGuard preview:
   * `workspaceId`, `actions.0.actionGroupId`); their `props` value is `undefined`. See `unknownAt`.
   * @default [] (every value known, as in the offline plan)
   */
  readonly unknowns?: readonly string[];
  /**
   * For a trigger: the state its `TriggerActivation` resource brings it to on deploy, when known
   * (the offline plan sees the sibling resource; CrossGuard resource policies only see the
   * trigger's own inputs and rely on its annotations instead). @default - unknown
   */
  readonly activation?: "Started" | "Stopped";
  /** For a trigger held stopped on purpose (`hold`): the reason. @default - not held */
  readonly hold?: string;
}

/** Hours of the day (`[start, end)`, 0-24) in a time zone when scheduled runs should not start. */
export interface PeakHours {
  /** First peak hour, 0-23 (inclusive). */
  readonly start: number;
  /** Hour the peak ends, 1-24 (exclusive); below `start`, the peak wraps past midnight. */
  readonly end: number;
  /** The zone the hours are in. */
  readonly timeZone: TimeZone;
}

/** What a rule is given. */
export interface RuleContext {
  /** Every resource of the stack (or, for a resource-scoped CrossGuard check, just one). */
  readonly resources: readonly PolicyResource[];
  /** "Now", for firings and backfill. */
  readonly now: Date;
  /** Days of firings the time-based rules look at. */
  readonly horizonDays: number;
  /** Declared peak hours, if any. */
  readonly peakHours?: PeakHours;
  /** Monthly budgets (`monthly-cost-budget`). @default [] */
  readonly budgets?: readonly CostBudget[];
  /** Prices for the budgets. @default - the built-in table (`lib/cost/prices.ts`) */
  readonly prices?: PriceTable;
}

/** A rule's complaint about one resource. */
export interface Violation {
  /** URN of the offending resource. */
  readonly resource: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** A best-practice rule: a pure function of the stack's resources. */
export interface Rule {
  /** Stable id (kebab-case); used in findings, suppressions and CrossGuard policy names. */
  readonly id: string;
  /** One line: what the rule requires. */
  readonly title: string;
  /** Why it matters (one or two sentences). */
  readonly why: string;
  /** The MLOps scheduling practice it comes from. */
  readonly practice: string;
  /** Severity unless configured otherwise. */
  readonly severity: Severity;
  /**
   * `resource`: looks at one resource at a time (a CrossGuard resource policy);
   * `stack`: needs several resources together (a CrossGuard stack policy).
   */
  readonly scope: "resource" | "stack";
  /** Resource types the rule inspects (documentation, and CrossGuard filtering). */
  readonly appliesTo: readonly string[];
  /** The rule itself: one violation per offending resource, none when the stack complies. */
  check(ctx: RuleContext): Violation[];
}

/** A violation with its rule and effective severity. */
export interface Finding {
  /** Rule id (see RULES.md). */
  readonly rule: string;
  /** `mandatory` (the plan exits non-zero) or `advisory`, as the pack configures the rule. */
  readonly severity: Severity;
  /** URN of the offending resource. */
  readonly resource: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}
