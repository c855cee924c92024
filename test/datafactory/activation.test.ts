import { strict as assert } from "assert";
import { DataFactoryManagementClient } from "@azure/arm-datafactory";
import { FakeArm } from "../support/fake-arm";
import {
  ActivationError,
  ActivationMemory,
  isTransient,
  parseTriggerId,
  recoverAfterFailure,
  startAfterApply,
  stopBeforeChange,
  TriggerActivator,
} from "../../lib/datafactory";

const SUB = "11111111-1111-1111-1111-111111111111";
const idOf = (t: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-test/providers/Microsoft.DataFactory/factories/adf-test/triggers/${t}`;
const hookArgs = (t: string, type = "ScheduleTrigger") => ({
  urn: `urn:pulumi:test::mlops::azure-native:datafactory:Trigger::${t}`,
  id: idOf(t),
  newInputs: { properties: { type } },
  newOutputs: { id: idOf(t), properties: { type } },
});

describe("trigger activation against a fake Resource Manager (real SDK client, loopback HTTPS)", () => {
  let arm: FakeArm;
  let sleeps: number[];
  let activator: TriggerActivator;
  let memory: ActivationMemory;
  let sdk: DataFactoryManagementClient;

  beforeEach(async () => {
    arm = await new FakeArm().start();
    sleeps = [];
    const opts = arm.clientOptions();
    activator = new TriggerActivator({
      ...opts,
      pollIntervalMs: 10,
      initialDelayMs: 100,
      maxAttempts: 4,
      subscriptionTimeoutMs: 1000,
      sleep: async (ms) => void sleeps.push(ms),
    });
    memory = new Map();
    // A plain SDK client (as Pulumi's provider would be) to play the update/delete in between.
    sdk = new DataFactoryManagementClient(opts.credential, SUB, {
      endpoint: opts.endpoint,
      retryOptions: { maxRetries: 0 },
      additionalPolicies: opts.additionalPolicies.map((policy) => ({
        policy,
        position: "perCall" as const,
      })),
    });
  });
  afterEach(() => arm.stop());

  it("create: starts a new (stopped) trigger through the long-running start operation", async () => {
    arm.addTrigger("daily");
    const r = await startAfterApply(hookArgs("daily"), activator, memory);
    assert.deepEqual(r, { previousState: "Stopped", action: "started", attempts: 1 });
    assert.equal(arm.triggers.get("daily")!.runtimeState, "Started");
    const ops = arm.log.map((l) =>
      l.includes("/operations/") ? "poll" : l.replace(/ .*\/triggers\//, " "),
    );
    assert.deepEqual(
      ops,
      ["GET daily", "POST daily/start", "poll", "poll"],
      "202 + Location, polled until 200",
    );
  });

  it("create: leaves an already started trigger alone", async () => {
    arm.addTrigger("daily", "ScheduleTrigger", "Started");
    const r = await activator.start(parseTriggerId(idOf("daily")));
    assert.equal(r.action, "none");
    assert.ok(!arm.log.some((l) => l.endsWith("/start")));
  });

  it("Azure refuses to update a started trigger (TriggerEnabledCannotUpdate): the reason for the hooks", async () => {
    arm.addTrigger("daily", "ScheduleTrigger", "Started");
    await assert.rejects(
      sdk.triggers.createOrUpdate("rg-test", "adf-test", "daily", {
        properties: { type: "ScheduleTrigger" } as any,
      }),
      (e: any) => e.code === "TriggerEnabledCannotUpdate" && e.statusCode === 400,
    );
  });

  it("update of a running trigger: stop before, update succeeds, start after", async () => {
    arm.addTrigger("daily", "ScheduleTrigger", "Started");
    const stop = await stopBeforeChange(hookArgs("daily"), activator, memory);
    assert.equal(stop.action, "stopped");
    assert.equal(memory.get(hookArgs("daily").urn), true);
    await sdk.triggers.createOrUpdate("rg-test", "adf-test", "daily", {
      properties: { type: "ScheduleTrigger", description: "v2" } as any,
    });
    await startAfterApply(hookArgs("daily"), activator, memory);
    assert.equal(arm.triggers.get("daily")!.runtimeState, "Started");
    assert.equal(arm.triggers.get("daily")!.properties.description, "v2");
    assert.equal(memory.has(hookArgs("daily").urn), false);
  });

  it("failed update: a trigger that was running is started again, and Pulumi is told not to retry", async () => {
    arm.addTrigger("daily", "ScheduleTrigger", "Started");
    await stopBeforeChange(hookArgs("daily"), activator, memory);
    arm.failNext("put", { status: 400, code: "BadRequest", message: "invalid recurrence" });
    await assert.rejects(
      sdk.triggers.createOrUpdate("rg-test", "adf-test", "daily", {
        properties: { type: "ScheduleTrigger" } as any,
      }),
    );
    const retry = await recoverAfterFailure(
      { ...hookArgs("daily"), failedOperation: "update", errors: ["invalid recurrence"] },
      activator,
      memory,
    );
    assert.equal(retry, false);
    assert.equal(arm.triggers.get("daily")!.runtimeState, "Started");
  });

  it("failed update of a trigger that was stopped leaves it stopped", async () => {
    arm.addTrigger("paused", "ScheduleTrigger", "Stopped");
    await stopBeforeChange(hookArgs("paused"), activator, memory);
    const retry = await recoverAfterFailure(
      { ...hookArgs("paused"), failedOperation: "update", errors: ["boom"] },
      activator,
      memory,
    );
    assert.equal(retry, false);
    assert.equal(arm.triggers.get("paused")!.runtimeState, "Stopped");
  });

  it("update that hit TriggerEnabledCannotUpdate (started behind our back): stop it and retry", async () => {
    arm.addTrigger("daily", "ScheduleTrigger", "Started");
    const retry = await recoverAfterFailure(
      {
        ...hookArgs("daily"),
        failedOperation: "update",
        errors: ["TriggerEnabledCannotUpdate: Cannot update enabled Trigger"],
      },
      activator,
      memory,
    );
    assert.equal(retry, true);
    assert.equal(arm.triggers.get("daily")!.runtimeState, "Stopped");
    assert.equal(
      memory.get(hookArgs("daily").urn),
      true,
      "it will be restarted after the retried update",
    );
  });

  it("delete: a running trigger is stopped first, then the delete succeeds", async () => {
    arm.addTrigger("old", "ScheduleTrigger", "Started");
    await assert.rejects(
      sdk.triggers.delete("rg-test", "adf-test", "old"),
      (e: any) => e.code === "TriggerEnabledCannotUpdate",
    );
    await stopBeforeChange(hookArgs("old"), activator, memory);
    await sdk.triggers.delete("rg-test", "adf-test", "old");
    assert.equal(arm.triggers.has("old"), false);
  });

  it("activated: false — stop hooks run, nothing starts it (the start hook is not bound)", async () => {
    arm.addTrigger("manual", "ScheduleTrigger", "Started");
    await stopBeforeChange(hookArgs("manual"), activator, memory);
    await sdk.triggers.createOrUpdate("rg-test", "adf-test", "manual", {
      properties: { type: "ScheduleTrigger" } as any,
    });
    assert.equal(arm.triggers.get("manual")!.runtimeState, "Stopped");
  });

  it("event trigger: subscribes, waits for the Event Grid subscription to be Enabled, then starts", async () => {
    const t = arm.addTrigger("landing", "BlobEventsTrigger");
    t.provisioningPolls = 3;
    await startAfterApply(hookArgs("landing", "BlobEventsTrigger"), activator, memory);
    assert.equal(t.runtimeState, "Started");
    assert.equal(t.subscription, "Enabled");
    const actions = arm.log
      .filter((l) => /triggers\/landing\//.test(l))
      .map((l) => l.split("/").pop());
    // Status, subscribe, then Provisioning x3 and Enabled on the 4th read, then start.
    assert.deepEqual(actions, [
      "getEventSubscriptionStatus",
      "subscribeToEvents",
      ...Array(4).fill("getEventSubscriptionStatus"),
      "start",
    ]);
    assert.deepEqual(sleeps, [10, 10, 10], "polled the subscription status at the poll interval");
  });

  it("event trigger: retries the provisioning race when start still fails right after Enabled", async () => {
    const t = arm.addTrigger("landing", "BlobEventsTrigger");
    t.subscription = "Enabled";
    arm.failNext(
      "start",
      {
        status: 400,
        code: "BadRequest",
        message: "Resource cannot be updated during provisioning",
      },
      2,
    );
    const r = await activator.start(parseTriggerId(idOf("landing")), "BlobEventsTrigger");
    assert.equal(r.attempts, 3);
    assert.deepEqual(sleeps, [100, 200], "exponential backoff");
    assert.equal(t.runtimeState, "Started");
  });

  it("event trigger: gives up with advice when the subscription never becomes Enabled", async () => {
    const t = arm.addTrigger("landing", "CustomEventsTrigger");
    t.provisioningPolls = 10_000;
    await assert.rejects(
      activator.start(parseTriggerId(idOf("landing")), "CustomEventsTrigger"),
      (e: unknown) => {
        assert.ok(e instanceof ActivationError);
        assert.match(e.message, /Microsoft\.EventGrid/);
        return true;
      },
    );
    assert.equal(t.runtimeState, "Stopped");
  });

  it("fault: 429 with Retry-After is retried after the time Azure asked for", async () => {
    arm.addTrigger("daily");
    arm.failNext("start", {
      status: 429,
      code: "TooManyRequests",
      message: "throttled",
      retryAfterSeconds: 7,
    });
    await activator.start(parseTriggerId(idOf("daily")));
    assert.deepEqual(sleeps, [7000]);
    assert.equal(arm.triggers.get("daily")!.runtimeState, "Started");
  });

  it("fault: 5xx on read and stop are retried with backoff", async () => {
    arm.addTrigger("daily", "ScheduleTrigger", "Started");
    arm.failNext("get", { status: 503, code: "ServiceUnavailable", message: "try later" });
    arm.failNext("stop", { status: 500, code: "InternalServerError", message: "oops" });
    const r = await activator.stop(parseTriggerId(idOf("daily")));
    assert.equal(r.action, "stopped");
    assert.deepEqual(sleeps, [100, 100]);
  });

  it("fault: a non-transient error is not retried", async () => {
    arm.addTrigger("daily");
    arm.failNext("start", {
      status: 403,
      code: "AuthorizationFailed",
      message: "no Data Factory Contributor role",
    });
    await assert.rejects(
      activator.start(parseTriggerId(idOf("daily"))),
      /AuthorizationFailed|no Data Factory Contributor/,
    );
    assert.deepEqual(sleeps, []);
  });

  it("fault: persistent 503 gives up after maxAttempts with the last error as cause", async () => {
    arm.addTrigger("daily");
    arm.failNext("start", { status: 503, code: "ServiceUnavailable", message: "down" }, 10);
    await assert.rejects(activator.start(parseTriggerId(idOf("daily"))), (e: unknown) => {
      assert.ok(e instanceof ActivationError);
      assert.equal((e.cause as any).statusCode, 503);
      return true;
    });
    assert.equal(sleeps.length, 3, "4 attempts, 3 waits");
  });

  it("fault: a missing trigger is reported, not retried", async () => {
    await assert.rejects(activator.start(parseTriggerId(idOf("ghost"))), /not found/i);
    assert.deepEqual(sleeps, []);
  });
});

describe("activation helpers", () => {
  it("parses a trigger ARM id and rejects anything else", () => {
    assert.deepEqual(parseTriggerId(idOf("t1")), {
      subscriptionId: SUB,
      resourceGroupName: "rg-test",
      factoryName: "adf-test",
      triggerName: "t1",
    });
    assert.throws(
      () => parseTriggerId("/subscriptions/x/resourceGroups/y"),
      /Not a Data Factory trigger id/,
    );
  });
  it("classifies Azure errors as transient or not", () => {
    assert.equal(isTransient({ statusCode: 429 }), true);
    assert.equal(isTransient({ statusCode: 502 }), true);
    assert.equal(isTransient({ statusCode: 409 }), true);
    assert.equal(
      isTransient({ statusCode: 400, message: "Resource cannot be updated during provisioning" }),
      true,
    );
    assert.equal(isTransient({ statusCode: 400, code: "TriggerEnabledCannotUpdate" }), false);
    assert.equal(isTransient({ statusCode: 404 }), false);
    assert.equal(isTransient({ message: "socket hang up" }), true);
  });
});
