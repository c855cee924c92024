/**
 * The rules as a Pulumi CrossGuard policy pack (`pulumi preview --policy-pack`). The pack program in
 * `policy-pack/` passes these policies to `new PolicyPack(...)`. The few `@pulumi/policy` types
 * used are declared here, structurally compatible with its own, so that the published typings do
 * not import `@pulumi/policy`: it is an optional peer, and its typings do not compile under a
 * strict project without `skipLibCheck`.
 */
import type { CostBudget } from "../cost/budget";
import { ruleContext } from "./engine";
import { parsePeakHours } from "./peak-hours";
import { urnName } from "./resources";
import { RULES } from "./rules";
import type { PolicyResource, Rule, Severity, Violation } from "./types";

/** Per-policy configuration (`--policy-pack-config`), beside the standard `enforcementLevel`. */
export interface CrossGuardPolicyConfig {
  /** Accepted findings of this policy: the resource's URN or name, and why. @default [] */
  readonly suppressions?: readonly { resource: string; reason: string }[];
  /** Peak hours, `8-18` or `8-18@W. Europe Standard Time` (schedule-peak-hours only). @default - none */
  readonly peakHours?: string;
  /** Days of firings the time-based rules look at. @default 7 */
  readonly horizonDays?: number;
  /**
   * Monthly budgets (monthly-cost-budget only), checked with the built-in prices:
   * `[{ "scope": "stack", "monthly": 50 }]`.
   * @default [] (rule not applied)
   */
  readonly budgets?: readonly CostBudget[];
}

/** Options for `crossGuardPolicies`. */
export interface CrossGuardOptions {
  /** Rules to expose. @default RULES */
  readonly rules?: readonly Rule[];
  /** Enforcement level per rule id. @default - each rule's severity */
  readonly severities?: Readonly<Record<string, Severity | "disabled">>;
  /** "Now" for time-based rules (tests). @default - the current time */
  readonly now?: () => Date;
}

/** `reportViolation` of a CrossGuard validation. */
export type ReportViolation = (message: string, urn?: string) => void;

/** The JSON-schema subset of a policy's config schema. */
export interface CrossGuardConfigProperty {
  /** JSON type of the value. */
  readonly type?: "string" | "integer" | "number" | "array" | "object";
  /** Shortest string allowed. */
  readonly minLength?: number;
  /** Smallest number allowed. */
  readonly minimum?: number;
  /** Largest number allowed. */
  readonly maximum?: number;
  /** Regular expression a string must match. */
  readonly pattern?: string;
  /** Schema of each array item. */
  readonly items?: CrossGuardConfigProperty;
  /** Schema of each object property, by name. */
  readonly properties?: Record<string, CrossGuardConfigProperty>;
  /** Object properties that must be present. */
  readonly required?: string[];
}

/** The resource as a CrossGuard resource validation sees it. */
export interface CrossGuardResourceArgs {
  /** The resource's type token (`azure-native:datafactory:Trigger`). */
  readonly type: string;
  /** The resource's URN. */
  readonly urn: string;
  /** The resource's logical name. */
  readonly name: string;
  /** The resource's input properties. */
  readonly props: Record<string, any>;
  /** The resource's options; `parent` is the parent's URN. */
  readonly opts?: { readonly parent?: string };
  /** The policy's configuration, as the pack's `configSchema` describes it. */
  getConfig<T extends object>(): T;
}

/** The stack as a CrossGuard stack validation sees it. */
export interface CrossGuardStackArgs {
  /** Every resource of the stack: type token, URN, logical name, inputs and parent. */
  readonly resources: readonly {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly props: Record<string, any>;
    readonly parent?: { readonly urn: string };
  }[];
  /** The policy's configuration, as the pack's `configSchema` describes it. */
  getConfig<T extends object>(): T;
}

interface CrossGuardPolicyBase {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel?: "advisory" | "mandatory" | "remediate" | "disabled";
  readonly configSchema?: {
    properties: Record<string, CrossGuardConfigProperty>;
    required?: string[];
  };
}

/** A resource policy, assignable to `@pulumi/policy`'s `ResourceValidationPolicy`. */
export interface CrossGuardResourcePolicy extends CrossGuardPolicyBase {
  /** Runs the rule on one resource and reports each violation. */
  readonly validateResource: (args: CrossGuardResourceArgs, report: ReportViolation) => void;
}

/** A stack policy, assignable to `@pulumi/policy`'s `StackValidationPolicy`. */
export interface CrossGuardStackPolicy extends CrossGuardPolicyBase {
  /** Runs the rule on the whole stack and reports each violation. */
  readonly validateStack: (args: CrossGuardStackArgs, report: ReportViolation) => void;
}

/** What `crossGuardPolicies` returns: pass it as `policies` to `new PolicyPack(...)`. */
export type CrossGuardPolicy = CrossGuardResourcePolicy | CrossGuardStackPolicy;

const CONFIG_SCHEMA: CrossGuardPolicyBase["configSchema"] = {
  properties: {
    suppressions: {
      type: "array",
      items: {
        type: "object",
        properties: { resource: { type: "string" }, reason: { type: "string", minLength: 1 } },
        required: ["resource", "reason"],
      },
    },
    peakHours: { type: "string", pattern: "^\\s*\\d{1,2}\\s*-\\s*\\d{1,2}\\s*(@.+)?$" },
    horizonDays: { type: "integer", minimum: 1, maximum: 366 },
    budgets: {
      type: "array",
      items: {
        type: "object",
        properties: {
          scope: { type: "string", minLength: 1 },
          monthly: { type: "number", minimum: 0 },
          currency: { type: "string", pattern: "^[A-Z]{3}$" },
        },
        required: ["scope", "monthly"],
      },
    },
  },
};

/**
 * The values `@pulumi/policy` puts where a property is unknown during a preview (its `proxy.ts`:
 * `unknownStringValue` is the engine's own `UnknownStringValue`; the others are the policy SDK's).
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** `@pulumi/policy`'s key that returns the object behind its unknown-checking proxy (`proxy.ts`). */
const PROXY_TARGET = "__getSpecialProxyTarget";

/**
 * A resource's properties as the rules expect them: unknown values (a preview) `undefined`, their
 * paths listed in `unknowns` (`workspaceId`, `actions.0.actionGroupId`).
 *
 * `@pulumi/policy` hands policies a proxy that throws on reading an unknown value and then reports
 * "can't run policy ... during preview" instead of the policy's findings; that is what the real
 * analyzer showed on the reference stack (names, ids and URIs of resources not created yet). The
 * rules treat `undefined` as "not known yet" (the offline plan's contract) and `unknownAt` tells it
 * apart from "not set", so the pack reads the plain object behind the proxy.
 */
export function previewProps(props: unknown): {
  props: Record<string, any>;
  unknowns: string[];
} {
  const unknowns: string[] = [];
  const known = (v: unknown, path: string): unknown => {
    if (typeof v === "string" && UNKNOWN_SENTINELS.has(v)) {
      unknowns.push(path);
      return undefined;
    }
    const at = (k: string | number) => (path ? `${path}.${k}` : String(k));
    if (Array.isArray(v)) return v.map((x, i) => known(x, at(i)));
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, known(x, at(k))]));
    return v;
  };
  const out = known((props as any)?.[PROXY_TARGET] ?? props, "");
  return {
    props: out && typeof out === "object" && !Array.isArray(out) ? (out as any) : {},
    unknowns,
  };
}

function fromCrossGuard(r: {
  urn: string;
  type: string;
  name: string;
  props: Record<string, any>;
  parent?: string;
}): PolicyResource {
  const { props, unknowns } = previewProps(r.props);
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    props,
    parent: r.parent,
    ...(unknowns.length ? { unknowns } : {}),
  };
}

function report(
  rule: Rule,
  violations: Violation[],
  config: CrossGuardPolicyConfig,
  reportViolation: ReportViolation,
  withUrn: boolean,
) {
  for (const v of violations) {
    const accepted = (config.suppressions ?? []).some(
      (s) => s.reason?.trim() && (s.resource === v.resource || s.resource === urnName(v.resource)),
    );
    if (accepted) continue;
    if (withUrn) reportViolation(`[${rule.id}] ${v.message}`, v.resource);
    else reportViolation(`[${rule.id}] ${v.message}`);
  }
}

function context(
  resources: PolicyResource[],
  config: CrossGuardPolicyConfig,
  opts: CrossGuardOptions,
) {
  return ruleContext(resources, {
    now: opts.now?.(),
    horizonDays: config.horizonDays,
    peakHours: config.peakHours ? parsePeakHours(config.peakHours) : undefined,
    budgets: config.budgets,
  });
}

/** The rules as CrossGuard policies: `resource`-scoped rules as resource policies, others as stack policies. */
export function crossGuardPolicies(opts: CrossGuardOptions = {}): CrossGuardPolicy[] {
  return (opts.rules ?? RULES).map((rule) => {
    const base = {
      name: rule.id,
      description: `${rule.title}. ${rule.why}`,
      enforcementLevel: opts.severities?.[rule.id] ?? rule.severity,
      configSchema: CONFIG_SCHEMA,
    };
    if (rule.scope === "resource") {
      const policy: CrossGuardResourcePolicy = {
        ...base,
        validateResource: (args, reportViolation) => {
          if (!rule.appliesTo.includes(args.type)) return;
          const config = args.getConfig<CrossGuardPolicyConfig>() ?? {};
          const resource = fromCrossGuard({ ...args, parent: args.opts?.parent });
          report(
            rule,
            rule.check(context([resource], config, opts)),
            config,
            reportViolation,
            false,
          );
        },
      };
      return policy;
    }
    const policy: CrossGuardStackPolicy = {
      ...base,
      validateStack: (args, reportViolation) => {
        const config = args.getConfig<CrossGuardPolicyConfig>() ?? {};
        const resources = args.resources.map((r) =>
          fromCrossGuard({ ...r, parent: r.parent?.urn }),
        );
        report(rule, rule.check(context(resources, config, opts)), config, reportViolation, true);
      },
    };
    return policy;
  });
}
