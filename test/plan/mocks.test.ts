import { strict as assert } from "assert";
import * as monitor from "@pulumi/azure-native/monitor";
import * as storage from "@pulumi/azure-native/storage";
import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import * as datafactory from "@pulumi/azure-native/datafactory";
import { withCheapStackTraces } from "../../lib/plan/mocks";
import { mocks } from "../support/mocks";

const session = mocks();
const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";

describe("installMocks ARM ids", () => {
  it("gives types outside the fixed table the id Azure would give them", async () => {
    new monitor.MetricAlert("ids-alert", {
      resourceGroupName: "rg-ids",
      ruleName: "adf-failed-runs",
      location: "global",
      severity: 1,
      enabled: true,
      scopes: ["x"],
      evaluationFrequency: "PT5M",
      windowSize: "PT15M",
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [],
      },
    });
    new storage.ManagementPolicy("ids-lifecycle", {
      resourceGroupName: "rg-ids",
      accountName: "idsbackup",
      managementPolicyName: "default",
      policy: { rules: [] },
    });
    new authorization.RoleAssignment("ids-grant", {
      scope: `${SUB}/resourceGroups/rg-ids`,
      principalId: "p",
      roleDefinitionId: "r",
    });
    await session.settle();
    const id = (prefix: string) => session.named(prefix)[0].id;
    assert.equal(
      id("ids-alert"),
      `${SUB}/resourceGroups/rg-ids/providers/Microsoft.Insights/metricAlerts/adf-failed-runs`,
    );
    assert.equal(
      id("ids-lifecycle"),
      `${SUB}/resourceGroups/rg-ids/providers/Microsoft.Storage/storageAccounts/idsbackup/managementPolicies/default`,
    );
    assert.match(
      id("ids-grant")!,
      /^\/subscriptions\/0{8}-0{4}-0{4}-0{4}-0{12}\/resourceGroups\/rg-ids\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f]{8}-[0-9a-f]{4}-/,
    );
  });
});

/** An Output's value and secretness (the SDK's internal fields, as Pulumi's own tests read them). */
async function settled<T>(o: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
  const internal = o as unknown as { promise(): Promise<T>; isSecret: Promise<boolean> };
  return { value: await internal.promise(), secret: await internal.isSecret };
}

describe("installMocks registration (one pass over the wire form)", () => {
  it("echoes inputs as outputs with their secrecy, and resolves what the mock adds", async () => {
    const factory = new datafactory.Factory("wire-adf", {
      resourceGroupName: "rg-wire",
      factoryName: "adf-wire",
      identity: { type: "SystemAssigned" },
      tags: { owner: pulumi.secret("team-a"), cost: "ml" },
    });
    const trigger = new datafactory.Trigger("wire-trigger", {
      resourceGroupName: "rg-wire",
      factoryName: factory.name,
      triggerName: "wire",
      properties: {
        type: "ScheduleTrigger",
        recurrence: { frequency: "Day", interval: 1, startTime: "2026-01-01T02:00:00Z" },
      } as any,
    });
    await session.settle();
    // A secret input comes back secret, with its value (the request's own wire form is echoed).
    assert.deepEqual(await settled(factory.tags), {
      value: { owner: "team-a", cost: "ml" },
      secret: true,
    });
    assert.deepEqual(await settled(factory.name), { value: "adf-wire", secret: false });
    // What the mock adds (serialized on its own): the identity's principal, the trigger stopped.
    const identity = await settled(factory.identity);
    assert.equal(identity.value?.type, "SystemAssigned");
    assert.match(identity.value?.principalId ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-/);
    const properties = (await settled(trigger.properties)).value as any;
    assert.equal(properties.runtimeState, "Stopped");
    assert.equal(properties.recurrence.frequency, "Day");
    // An output that depends on another resource's output resolves to the mock's value.
    assert.equal(
      (await settled(trigger.id)).value,
      `${SUB}/resourceGroups/rg-wire/providers/Microsoft.DataFactory/factories/adf-wire/triggers/wire`,
    );
    // The recording: inputs with secrets unwrapped, and where the secret was.
    const recorded = session.named("wire-adf")[0];
    assert.deepEqual(recorded.inputs.tags, { owner: "team-a", cost: "ml" });
    assert.deepEqual(recorded.secretPaths, ["tags.owner"]);
    assert.equal(
      recorded.urn,
      "urn:pulumi:test::mlops-test::azure-native:datafactory:Factory::wire-adf",
    );
  });
});

describe("withCheapStackTraces", () => {
  const provider = { create: async () => ({ id: "x", outs: {} }) };
  // The module function pulumi/dynamic calls (`sc.serializeFunction(() => provider, ...)`).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
    serializeFunction: typeof pulumi.runtime.serializeFunction;
  };
  const code = async (f: () => unknown, args?: { allowSecrets?: boolean }) =>
    (await closure.serializeFunction(f, args)).text;

  it("skips serializing a dynamic provider's code (the plan drops __provider), nothing else", async () => {
    const inside = await withCheapStackTraces(async () => ({
      // What pulumi/dynamic serializes for each dynamic resource.
      provider: await code(() => provider, { allowSecrets: true }),
      // A program's own closure, also with secrets allowed: still serialized.
      handler: await code(() => "handler-body-42", { allowSecrets: true }),
    }));
    assert.match(inside.provider, /not serialized by the offline plan/);
    assert.match(inside.handler, /handler-body-42/);
    // Restored afterwards, and never skipped with `debug`.
    assert.doesNotMatch(await code(() => provider, { allowSecrets: true }), /not serialized/);
    const debug = await withCheapStackTraces(() => code(() => provider, { allowSecrets: true }), {
      debug: true,
    });
    assert.doesNotMatch(debug, /not serialized/);
  });

  it("still tracks the SDK's promises as leak candidates, by context, until they settle", async () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const store = (require("@pulumi/pulumi/runtime/state") as any).getStore();
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as any;
    /* eslint-enable @typescript-eslint/no-require-imports */
    let release!: (v: string) => void;
    const pending = new Promise<string>((r) => (release = r));
    const tracked = await withCheapStackTraces(async () => {
      const p = debuggable.debuggablePromise(pending, "resource:stuck[test]");
      const before = [...store.leakCandidates].find((c: any) => c === pending);
      release("done");
      return { p, before };
    });
    assert.equal(tracked.before?._debugCtx, "resource:stuck[test]");
    assert.equal(await tracked.p, "done");
    assert.equal([...store.leakCandidates].includes(pending), false);
  });
});
