/**
 * The CrossGuard pack's policies, called the way the Pulumi policy analyzer calls them (resource
 * and stack arguments), without constructing the PolicyPack or running the Pulumi CLI.
 */
import { strict as assert } from "assert";
import type {
  StackValidationPolicy,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import {
  crossGuardPolicies,
  CrossGuardPolicyConfig,
  PolicyResource,
  RULES,
} from "../../lib/policy";
import { broken, find, NOW, T, world } from "./world";

const policies = crossGuardPolicies({ now: () => NOW });
const byName = (name: string) => policies.find((p) => p.name === name)!;

function resourceArgs(
  r: PolicyResource,
  config: CrossGuardPolicyConfig = {},
): ResourceValidationArgs {
  return {
    type: r.type,
    props: r.props,
    urn: r.urn,
    name: r.name,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      parent: r.parent,
    },
    stackTags: new Map(),
    getConfig: <U>() => config as U,
    isType: () => false,
    asType: () => undefined,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  } as unknown as ResourceValidationArgs;
}

function stackArgs(
  resources: PolicyResource[],
  config: CrossGuardPolicyConfig = {},
): StackValidationArgs {
  return {
    resources: resources.map((r) => ({
      ...resourceArgs(r),
      dependencies: [],
      propertyDependencies: {},
      parent: undefined,
    })),
    stackTags: new Map(),
    getConfig: <U>() => config as U,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  } as unknown as StackValidationArgs;
}

async function violations(
  name: string,
  resources: PolicyResource[],
  config: CrossGuardPolicyConfig = {},
) {
  const policy = byName(name);
  const out: { message: string; urn?: string }[] = [];
  const report = (message: string, urn?: string) => out.push({ message, urn });
  if ("validateResource" in policy && policy.validateResource) {
    const validate = policy.validateResource as (
      a: ResourceValidationArgs,
      r: typeof report,
    ) => void;
    for (const r of resources) await validate(resourceArgs(r, config), report);
  } else {
    await (policy as StackValidationPolicy).validateStack(stackArgs(resources, config), report);
  }
  return out;
}

/** What CrossGuard sees: each resource's inputs only, not its sibling activation resource. */
const withoutHooks = (rs: PolicyResource[]) => rs.map((r) => ({ ...r, activation: undefined }));

describe("CrossGuard policies", () => {
  let stack: PolicyResource[];
  before(async () => {
    stack = withoutHooks(await world());
  });

  it("exposes every rule once, with its severity as enforcement level and a config schema", () => {
    assert.deepEqual(
      policies.map((p) => p.name),
      RULES.map((r) => r.id),
    );
    for (const rule of RULES) {
      const p = byName(rule.id);
      assert.equal(p.enforcementLevel, rule.severity);
      assert.ok(p.description.startsWith(rule.title));
      assert.ok(p.configSchema?.properties.suppressions);
      assert.equal("validateResource" in p, rule.scope === "resource", rule.id);
    }
    const custom = crossGuardPolicies({ severities: { "schedule-collision": "mandatory" } });
    assert.equal(
      custom.find((p) => p.name === "schedule-collision")!.enforcementLevel,
      "mandatory",
    );
  });

  it("passes the library-built stack through every policy", async () => {
    for (const p of policies)
      assert.deepEqual(
        await violations(p.name, stack, { peakHours: "8-18@Europe/Berlin" }),
        [],
        p.name,
      );
  });

  it("resource policy: reports an insecure storage account and ignores other types", async () => {
    const lake = find(stack, "pol-lake", T.account);
    const bad = broken(stack, lake, (p) => (p.allowBlobPublicAccess = true));
    const v = await violations("storage-secure-transport", bad);
    assert.equal(v.length, 1);
    assert.match(
      v[0].message,
      /^\[storage-secure-transport\] Storage account pollake: allowBlobPublicAccess is true/,
    );
    assert.equal(
      v[0].urn,
      undefined,
      "a resource policy reports against the resource under validation",
    );
  });

  it("resource policy: a trigger without the library's annotation is reported as stopped", async () => {
    const t = find(stack, "pol-ingest", T.trigger);
    const raw = broken(stack, t, (p) => delete p.properties.annotations);
    const v = await violations("adf-trigger-activated", raw);
    assert.equal(v.length, 1);
    assert.match(v[0].message, /pol-ingest-schedule stays Stopped/);
  });

  it("stack policy: reports against the offending resource's URN", async () => {
    const p = find(stack, "pol-train", T.pipeline);
    const bad = broken(stack, p, (props) => {
      props.activities = props.activities.filter((a: any) => a.type !== "Validation");
    });
    const v = await violations("adf-data-availability-gate", bad);
    assert.deepEqual(
      v.map((x) => x.urn),
      [p.urn],
    );
  });

  it("reads peakHours and suppressions from the policy config", async () => {
    const v = await violations("schedule-peak-hours", stack, { peakHours: "0-6" });
    assert.equal(v.length, 3);
    const accepted = await violations("schedule-peak-hours", stack, {
      peakHours: "0-6",
      suppressions: [
        { resource: "pol-ingest-schedule-trigger", reason: "source is idle at night" },
        { resource: "pol-window-trigger", reason: "source is idle at night" },
        { resource: "pol-train-schedule-trigger", reason: "" },
      ],
    });
    assert.equal(accepted.length, 1, "a suppression without reason does not count");
    assert.match(accepted[0].message, /pol-train-schedule/);
  });
});
