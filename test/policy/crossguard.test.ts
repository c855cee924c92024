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
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { readFileSync } from "fs";
import * as path from "path";
import {
  crossGuardPolicies,
  CrossGuardPolicyConfig,
  PolicyResource,
  previewProps,
  RULES,
  UNKNOWN_SENTINELS,
  unknownAt,
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
    // As the analyzer passes them: behind the proxy that throws on reading an unknown value.
    props: unknownCheckingProxy(r.props),
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

  describe("a preview (values unknown until the deployment), as the real analyzer showed", () => {
    // @pulumi/policy's proxy.ts: unknownStringValue, the engine's UnknownStringValue.
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    /** Props as `pulumi preview` sends them when names and ids come from resources not created yet. */
    const OUTPUT_PATHS = [
      "factoryName",
      "resourceGroupName",
      "accountName",
      "resourceUri",
      "workspaceId",
      "scopes.0",
      "actions.0.actionGroupId",
      "endpoint",
      "criteria.allOf.0.query",
    ];
    const unknownOutputs = (rs: PolicyResource[]) =>
      rs.map((r) => {
        const props = structuredClone(r.props);
        for (const p of OUTPUT_PATHS) {
          const keys = p.split(".");
          const last = keys.pop()!;
          const parent = keys.reduce<any>((o, k) => o?.[k], props);
          if (parent && typeof parent[last] === "string") parent[last] = UNKNOWN;
        }
        return { ...r, props };
      });

    it("UNKNOWN_SENTINELS are @pulumi/policy's own unknown values", () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const proxy = require("@pulumi/policy/proxy");
      assert.deepEqual(
        [...UNKNOWN_SENTINELS].sort(),
        Object.keys(proxy)
          .filter((k) => /^unknown[A-Z]\w*Value$/.test(k))
          .map((k) => proxy[k])
          .sort(),
      );
    });

    it("previewProps reads through the proxy: unknowns undefined and listed by path", () => {
      const raw = {
        name: "a",
        workspaceId: UNKNOWN,
        logs: [{ category: "x", id: UNKNOWN }],
        identity: { principalId: UNKNOWN },
      };
      const seen = previewProps(unknownCheckingProxy(raw));
      assert.deepEqual(seen.props, {
        name: "a",
        workspaceId: undefined,
        logs: [{ category: "x", id: undefined }],
        identity: { principalId: undefined },
      });
      assert.deepEqual(seen.unknowns, ["workspaceId", "logs.0.id", "identity.principalId"]);
      assert.throws(() => unknownCheckingProxy(raw).workspaceId, UnknownValueError);
    });

    it("unknownAt: a path, or any path under an unknown object", () => {
      const r = { urn: "u", type: "t", name: "n", props: {}, unknowns: ["identity", "a.b"] };
      const table: [string, boolean][] = [
        ["identity", true],
        ["identity.principalId", true],
        ["a.b", true],
        ["a", false],
        ["a.bc", false],
        ["workspaceId", false],
      ];
      for (const [path, expected] of table) assert.equal(unknownAt(r, path), expected, path);
      assert.equal(unknownAt({ ...r, unknowns: undefined }, "identity"), false);
    });

    it("every policy runs on the library-built stack with names, ids and URIs unknown, and finds nothing", async () => {
      const preview = unknownOutputs(stack);
      assert.ok(preview.some((r) => r.props.workspaceId === UNKNOWN));
      for (const p of policies)
        assert.deepEqual(
          await violations(p.name, preview, { peakHours: "8-18@Europe/Berlin" }),
          [],
          p.name,
        );
    });

    it("deadline-alert: a log alert query unknown in preview may be the deadline; no alert is reported", async () => {
      const deadlines = stack.filter(
        (r) => r.type === T.queryRule && /deadline/.test(r.props.criteria.allOf[0].query),
      );
      assert.ok(deadlines.length > 0);
      const unknownQuery = broken(
        stack,
        deadlines[0],
        (p) => (p.criteria.allOf[0].query = UNKNOWN),
      );
      assert.deepEqual(await violations("deadline-alert", unknownQuery), []);
      const without = stack.filter((r) => !deadlines.includes(r));
      assert.ok((await violations("deadline-alert", without)).length > 0);
    });

    it("adf-run-logs: a workspace id unknown in preview counts; a setting with no workspace does not", async () => {
      const setting = find(stack, "pol-alerts", T.diagnosticSetting);
      const factoryName = String(setting.props.resourceUri).split("/").pop();
      const factory: PolicyResource = {
        urn: "urn:pulumi:test::mlops-test::azure-native:datafactory:Factory::pol-factory",
        type: "azure-native:datafactory:Factory",
        name: "pol-factory",
        props: { factoryName },
      };
      const withFactory = [...stack, factory];
      assert.deepEqual(await violations("adf-run-logs", withFactory), []);
      const unknownWorkspace = broken(withFactory, setting, (p) => (p.workspaceId = UNKNOWN));
      assert.deepEqual(await violations("adf-run-logs", unknownWorkspace), []);
      const noWorkspace = broken(withFactory, setting, (p) => delete p.workspaceId);
      const v = await violations("adf-run-logs", noWorkspace);
      assert.equal(v.length, 1);
      assert.match(v[0].message, /has no diagnostic setting sending PipelineRuns/);
    });
  });

  it("the pack's package.json has the version PolicyPack requires (the library's own)", () => {
    const read = (f: string) => JSON.parse(readFileSync(path.join(__dirname, "../..", f), "utf8"));
    // @pulumi/policy's PolicyPack throws "Version must be defined in the package.json file."
    assert.equal(read("policy-pack/package.json").version, read("package.json").version);
  });
});
