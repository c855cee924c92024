import { strict as assert } from "assert";
import { DataFactoryManagementClient } from "@azure/arm-datafactory";
import { FakeArm } from "../support/fake-arm";
import {
  activationDiff,
  ActivationError,
  connectActivator,
  credentialMethod,
  mergeConnection,
  providerModuleSpec,
  resolveCloud,
  ActivationMemory,
  isTransient,
  parseTriggerId,
  recoverAfterFailure,
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
    // ARM refuses a trigger whose factory (or resource group) does not exist (arm-rules).
    arm.seed(`/subscriptions/${SUB}/resourceGroups/rg-test`);
    arm.seed(
      `/subscriptions/${SUB}/resourceGroups/rg-test/providers/Microsoft.DataFactory/factories/adf-test`,
    );
    sleeps = [];
    const opts = arm.clientOptions();
    // The deadlines follow the recorded sleeps, not the wall clock: a loaded machine (the suite
    // runs in parallel) must not turn a slow loopback call into a missed deadline.
    let clock = 0;
    activator = new TriggerActivator({
      ...opts,
      pollIntervalMs: 10,
      initialDelayMs: 100,
      maxAttempts: 4,
      subscriptionTimeoutMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
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
    const r = await activator.start(parseTriggerId(idOf("daily")));
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
    await activator.start(parseTriggerId(idOf("daily")));
    assert.equal(arm.triggers.get("daily")!.runtimeState, "Started");
    assert.equal(arm.triggers.get("daily")!.properties.description, "v2");
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
    await activator.start(parseTriggerId(idOf("landing")), "BlobEventsTrigger");
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

  it("deadline: Retry-After: 3600 is capped at maxDelayMs (case 6: no hour-long sleep)", async () => {
    arm.addTrigger("daily");
    arm.failNext("start", {
      status: 429,
      code: "TooManyRequests",
      message: "throttled",
      retryAfterSeconds: 3600,
    });
    const capped = new TriggerActivator({
      ...arm.clientOptions(),
      maxDelayMs: 2000,
      sleep: async (ms) => void sleeps.push(ms),
    });
    await capped.start(parseTriggerId(idOf("daily")));
    assert.deepEqual(sleeps, [2000]);
    assert.equal(arm.triggers.get("daily")!.runtimeState, "Started");
  });

  it("deadline: a start that answers 202 forever fails at operationTimeoutMs, naming the trigger", async () => {
    arm.addTrigger("daily");
    arm.lroPolls = Number.POSITIVE_INFINITY;
    const bounded = new TriggerActivator({
      ...arm.clientOptions(),
      pollIntervalMs: 10,
      // Real time (the SDK's poller sleeps for real): long enough for the read before the start
      // on a loaded machine, short for a test.
      operationTimeoutMs: 2000,
    });
    const t0 = Date.now();
    await assert.rejects(bounded.start(parseTriggerId(idOf("daily"))), (e: unknown) => {
      assert.ok(e instanceof ActivationError);
      assert.match(
        e.message,
        /Could not start trigger 'daily' \(factory 'adf-test', resource group 'rg-test'\) before its deadline/,
      );
      return true;
    });
    assert.ok(Date.now() - t0 < 10_000, "gave up at the deadline, not later");
  });

  it("deadline: a long-running operation's Retry-After: 3600 is capped too", async () => {
    arm.addTrigger("daily");
    arm.lroRetryAfterSeconds = 3600;
    const capped = new TriggerActivator({
      ...arm.clientOptions(),
      maxDelayMs: 0,
      operationTimeoutMs: 5000,
    });
    await capped.start(parseTriggerId(idOf("daily")));
    assert.equal(arm.triggers.get("daily")!.runtimeState, "Started");
  });

  it("deadline: retries stop when the next wait would pass the deadline", async () => {
    arm.addTrigger("daily");
    arm.failNext("start", { status: 503, code: "ServiceUnavailable", message: "down" }, 10);
    let now = 0;
    const clocked = new TriggerActivator({
      ...arm.clientOptions(),
      initialDelayMs: 1000,
      maxAttempts: 10,
      operationTimeoutMs: 5000,
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
    await assert.rejects(
      clocked.start(parseTriggerId(idOf("daily"))),
      /before its deadline \(5 s\); last error: down/,
    );
    assert.deepEqual(sleeps, [1000, 2000], "1 + 2 s fit in 5 s, the next 4 s would not");
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

describe("activation credentials follow azure-native (auth_azidentity.go readAuthConfig)", () => {
  it("merges per key: explicit override, then azure-native config, then ARM_* variables", () => {
    const conn = mergeConnection(
      { tenantId: "explicit-tenant" },
      { clientId: "config-client", tenantId: "config-tenant" },
      { ARM_CLIENT_ID: "env-client", ARM_CLIENT_SECRET: "env-secret", AZURE_ENVIRONMENT: "china" },
    );
    assert.deepEqual(conn, {
      tenantId: "explicit-tenant",
      clientId: "config-client",
      clientSecret: "env-secret",
      environment: "china",
    });
  });
  it("picks the method in azure-native's order and refuses incomplete settings", () => {
    assert.equal(credentialMethod({}), "azureCli");
    assert.equal(credentialMethod({ useMsi: "true" }), "managedIdentity");
    assert.equal(
      credentialMethod({
        useOidc: true,
        tenantId: "t",
        clientId: "c",
        oidcToken: "x",
        useMsi: true,
      }),
      "oidc",
    );
    assert.equal(
      credentialMethod({ clientSecret: "s", tenantId: "t", clientId: "c", useOidc: true }),
      "clientSecret",
    );
    assert.equal(
      credentialMethod({
        clientCertificatePath: "/c.pfx",
        clientSecret: "s",
        tenantId: "t",
        clientId: "c",
      }),
      "clientCertificate",
    );
    assert.equal(
      credentialMethod({ useDefaultAzureCredential: "true", clientSecret: "s" }),
      "defaultAzureCredential",
    );
    assert.throws(
      () => credentialMethod({ clientSecret: "s", clientId: "c" }),
      /azure-native:tenantId \(ARM_TENANT_ID\)/,
    );
    assert.throws(
      () => credentialMethod({ useOidc: true, tenantId: "t", clientId: "c" }),
      /oidcToken/,
    );
  });
  it("resolves named clouds with azure-native's aliases, and refuses unknown names", async () => {
    assert.equal((await resolveCloud({})).resourceManagerEndpoint, "https://management.azure.com");
    assert.equal(
      (await resolveCloud({ environment: "usgov" })).resourceManagerEndpoint,
      "https://management.usgovcloudapi.net",
    );
    assert.equal(
      (await resolveCloud({ environment: "AzureChinaCloud" })).authorityHost,
      "https://login.chinacloudapi.cn/",
    );
    await assert.rejects(resolveCloud({ environment: "mars" }), /Unknown Azure environment 'mars'/);
  });
  it("reads another cloud from metadataHost (2022-09-01 metadata schema)", async () => {
    const urls: string[] = [];
    const cloud = await resolveCloud(
      { metadataHost: "management.local.azurestack.external" },
      async (u) => {
        urls.push(u);
        return {
          name: "AzureStack",
          resourceManager: "https://management.local.azurestack.external/",
          authentication: {
            loginEndpoint: "https://adfs.local.azurestack.external/adfs",
            audiences: ["https://management.adfs.azurestack.local/x"],
          },
        };
      },
    );
    assert.deepEqual(urls, [
      "https://management.local.azurestack.external/metadata/endpoints?api-version=2022-09-01",
    ]);
    assert.deepEqual(cloud, {
      name: "AzureStack",
      resourceManagerEndpoint: "https://management.local.azurestack.external",
      resourceManagerAudience: "https://management.adfs.azurestack.local/x",
      authorityHost: "https://adfs.local.azurestack.external/adfs",
    });
  });
  it("authenticates as the configured service principal against the cloud's own identity endpoint", async () => {
    const arm = await new FakeArm().start();
    try {
      arm.principals.push({ tenantId: "tenant-1", clientId: "client-1", clientSecret: "s3cret" });
      arm.addTrigger("daily");
      const trust = arm.clientOptions().additionalPolicies;
      const prev = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      // MSAL's own HTTP client cannot take a CA; the engine suite uses NODE_EXTRA_CA_CERTS instead.
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
      try {
        const activator = await connectActivator(
          {
            clientId: "client-1",
            clientSecret: "s3cret",
            tenantId: "tenant-1",
            metadataHost: arm.endpoint,
          },
          { additionalPolicies: trust },
        );
        await activator.start(parseTriggerId(idOf("daily")));
      } finally {
        if (prev === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = prev;
      }
      assert.equal(arm.triggers.get("daily")!.runtimeState, "Started");
      assert.ok(arm.calls().includes("token"), arm.calls().join(", "));
    } finally {
      await arm.stop();
    }
  });
});

describe("TriggerActivation decisions", () => {
  const base = {
    triggerId: idOf("daily"),
    revision: "e1",
    triggerType: "ScheduleTrigger",
    desiredState: "Started" as const,
    connection: {},
    waits: {},
  };
  it("nothing to do when the trigger, its revision and its live state match", () => {
    assert.deepEqual(activationDiff({ ...base, runtimeState: "Started" }, base), {
      changes: false,
      replaces: [],
    });
  });
  it("acts after each PUT of the trigger (new etag): the PUT left it stopped", () => {
    assert.equal(
      activationDiff({ ...base, runtimeState: "Started" }, { ...base, revision: "e2" }).changes,
      true,
    );
  });
  it("acts when a refresh saw the trigger stopped by hand", () => {
    assert.equal(activationDiff({ ...base, runtimeState: "Stopped" }, base).changes, true);
  });
  it("is replaced with its trigger (another id, or unknown during a replacement)", () => {
    assert.deepEqual(
      activationDiff(
        { ...base, runtimeState: "Started" },
        { ...base, triggerId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
      ).replaces,
      ["triggerId"],
    );
  });
  it("the provider module is named by package path or relative to the program, never absolute", () => {
    assert.equal(
      providerModuleSpec(
        "/ci/app/node_modules/pulumi-mlops-scheduling/dist/lib/datafactory/activation-resource.js",
        "/ci/app",
      ),
      "pulumi-mlops-scheduling/dist/lib/datafactory/activation-resource",
    );
    assert.equal(
      providerModuleSpec(
        "/repo/dist/lib/datafactory/activation-resource.js",
        "/repo/test/engine/program",
      ),
      "./../../../dist/lib/datafactory/activation-resource",
    );
  });
});
