import { strict as assert } from "assert";
import {
  cleanUpShared,
  CliRun,
  concurrentScenarios,
  ENGINE_RESOURCE_GROUP,
  EngineStack,
  explain,
  TENANT,
} from "./harness";

/**
 * Trigger activation under the real Pulumi engine: the CLI v3.248.0 built from the Go module proxy,
 * the local file backend, the Node.js SDK's own runtime (through the stand-in language host), the
 * stand-in azure-native plugin, and a loopback fake ARM that creates triggers Stopped and refuses
 * to PUT or DELETE a Started one (`TriggerEnabledCannotUpdate`). Each scenario asserts on the fake
 * ARM's final trigger states and call log, and on the CLI's exit code. "Case n" refers to issue 7.
 */

type Trigger = {
  name: string;
  kind?: string;
  activated?: boolean;
  description?: string;
  startTime?: string;
};
const scenario = (triggers: Trigger[], extra: Record<string, unknown> = {}) => ({
  triggers,
  ...extra,
});
/** Fast polls so that scenarios do not wait 5 s per Event Grid status read. */
const FAST = { activation: { waits: { pollIntervalMs: 200 } } };

const ok = (run: CliRun) => assert.equal(run.code, 0, explain(run));
const failed = (run: CliRun) => {
  assert.equal(run.timedOut, false, explain(run));
  assert.notEqual(run.code, 0, explain(run));
};

/**
 * Preview of the pending change (`pulumi preview`, or the given preview such as
 * `pulumi destroy --preview-only`): succeeds, changes nothing in Azure, and does not hang.
 */
async function previewChangesNothing(
  s: EngineStack,
  preview: () => Promise<CliRun> = () => s.preview(),
): Promise<void> {
  const before = s.arm.mutations().length;
  const run = await preview();
  assert.equal(run.timedOut, false, explain(run));
  ok(run);
  assert.deepEqual(s.arm.mutations().slice(before), [], "the preview made no Azure changes");
}

function order(calls: string[], ...expected: string[]): void {
  let at = -1;
  for (const e of expected) {
    const next = calls.indexOf(e, at + 1);
    assert.ok(next > at, `expected ${expected.join(" → ")} in order, got ${calls.join(", ")}`);
    at = next;
  }
}

describe("trigger activation under the real Pulumi engine", function () {
  this.timeout(900_000);
  const it = concurrentScenarios();
  after(() => cleanUpShared());

  it("create: `pulumi up` leaves the new trigger Started (the preview before it calls nothing)", async (stack) => {
    const s = await stack(scenario([{ name: "daily" }]));
    await previewChangesNothing(s);
    ok(await s.up());
    assert.deepEqual(s.arm.states(), { daily: "Started" });
    order(
      s.arm.mutations(),
      "PUT factory adf-engine",
      "PUT pipeline ingest",
      "PUT daily",
      "POST daily/start",
    );
  });

  it("update of a started trigger: stop → PUT → start (case 2's path, stop hook before the PUT)", async (stack) => {
    const s = await stack(scenario([{ name: "daily" }]));
    ok(await s.up());
    s.arm.log.length = 0;
    s.setScenario(scenario([{ name: "daily", description: "v2" }]));
    await previewChangesNothing(s);
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), ["POST daily/stop", "PUT daily", "POST daily/start"]);
    assert.deepEqual(s.arm.states(), { daily: "Started" });
    assert.equal(s.arm.triggers.get("daily")!.properties.description, "v2");
  });

  it("replacement (tumbling window start time): stop → DELETE → PUT → start; a failed create is recovered by the next `pulumi up` (case 3)", async (stack) => {
    const s = await stack(
      scenario([{ name: "hourly", kind: "tumbling", startTime: "2026-01-01T00:00:00Z" }]),
    );
    ok(await s.up());
    s.arm.log.length = 0;
    s.setScenario(
      scenario([{ name: "hourly", kind: "tumbling", startTime: "2026-02-01T00:00:00Z" }]),
    );
    await previewChangesNothing(s);
    s.arm.failNext("put", { status: 500, code: "InternalServerError", message: "create failed" });
    failed(await s.up());
    order(s.arm.mutations(), "POST hourly/stop", "DELETE hourly", "PUT hourly");
    assert.deepEqual(
      s.arm.states(),
      {},
      "deleteBeforeReplace: the failed create leaves no trigger",
    );
    s.arm.log.length = 0;
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), ["PUT hourly", "POST hourly/start"]);
    assert.deepEqual(s.arm.states(), { hourly: "Started" });
    assert.equal(s.arm.triggers.get("hourly")!.properties.startTime, "2026-02-01T00:00:00Z");
  });

  it("replacement whose new trigger's start fails (403): the deploy fails naming the trigger; the next `pulumi up`, with no change, starts it (case 3)", async (stack) => {
    const s = await stack(
      scenario([{ name: "hourly", kind: "tumbling", startTime: "2026-01-01T00:00:00Z" }]),
    );
    ok(await s.up());
    assert.deepEqual(s.arm.states(), { hourly: "Started" });
    s.arm.log.length = 0;
    s.setScenario(
      scenario([{ name: "hourly", kind: "tumbling", startTime: "2026-02-01T00:00:00Z" }]),
    );
    await previewChangesNothing(s);
    s.arm.failNext("start", { status: 403, code: "AuthorizationFailed", message: "no role" });
    const first = await s.up();
    failed(first);
    order(
      s.arm.mutations(),
      "POST hourly/stop",
      "DELETE hourly",
      "PUT hourly",
      "POST hourly/start",
    );
    assert.deepEqual(s.arm.states(), { hourly: "Stopped" }, "created Stopped, as Azure creates it");
    assert.equal(s.arm.triggers.get("hourly")!.properties.startTime, "2026-02-01T00:00:00Z");
    await previewChangesNothing(s);
    s.arm.log.length = 0;
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), ["POST hourly/start"]);
    assert.deepEqual(s.arm.states(), { hourly: "Started" });
    // Checked last so that a run against an older release reports what it does, not its wording.
    assert.match(first.output, /trigger 'hourly'/);
  });

  it("removing one of two triggers: it is stopped, then deleted; the other keeps running (case 1)", async (stack) => {
    const s = await stack(scenario([{ name: "keep" }, { name: "gone" }]));
    ok(await s.up());
    s.arm.log.length = 0;
    s.setScenario(scenario([{ name: "keep" }]));
    await previewChangesNothing(s);
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), ["POST gone/stop", "DELETE gone"]);
    assert.deepEqual(s.arm.states(), { keep: "Started" });
  });

  it("removing every trigger: preview and up succeed, no hook name is missing (case 1)", async (stack) => {
    const s = await stack(scenario([{ name: "a" }, { name: "b", kind: "blob" }], FAST));
    ok(await s.up());
    assert.deepEqual(s.arm.states(), { a: "Started", b: "Started" });
    s.arm.log.length = 0;
    s.setScenario(scenario([], FAST));
    await previewChangesNothing(s);
    // Someone starts `a` by hand between its activation's stop and its DELETE: Azure refuses the
    // DELETE, and only the error hook (registered at load, no trigger declared) stops it and has
    // the engine retry. Without that registration the engine fails: hook "..." was not registered.
    s.arm.beforeNext("delete", () => {
      const a = s.arm.triggers.get("a");
      if (a) a.runtimeState = "Started";
    });
    const run = await s.up();
    ok(run);
    assert.doesNotMatch(run.output, /was not registered/);
    assert.deepEqual(s.arm.states(), {});
    order(s.arm.mutations(), "POST a/stop", "DELETE a", "POST a/stop", "DELETE a");
    order(s.arm.mutations(), "POST b/stop", "DELETE b");
  });

  for (const runProgram of [true, false]) {
    it(`pulumi destroy ${runProgram ? "with" : "without"} --run-program stops, then deletes every trigger (case 7)`, async (stack) => {
      const s = await stack(scenario([{ name: "daily" }, { name: "manual", activated: false }]));
      ok(await s.up());
      s.arm.log.length = 0;
      await previewChangesNothing(s, () => s.destroy(runProgram, { previewOnly: true }));
      assert.deepEqual(s.arm.states(), { daily: "Started", manual: "Stopped" });
      const run = await s.destroy(runProgram);
      ok(run);
      assert.deepEqual(s.arm.states(), {});
      assert.deepEqual(
        s.arm.ids(),
        [ENGINE_RESOURCE_GROUP],
        "factory and pipeline deleted too (the seeded group stays)",
      );
      order(s.arm.mutations(), "POST daily/stop", "DELETE daily");
      assert.ok(!s.arm.mutations().includes("POST manual/stop"), "a stopped trigger needs no stop");
    });
  }

  it("start fails (403): the deploy fails naming the trigger; the next `pulumi up`, with no change, starts it (case 2)", async (stack) => {
    const s = await stack(scenario([{ name: "daily" }]));
    s.arm.failNext("start", {
      status: 403,
      code: "AuthorizationFailed",
      message:
        "The client does not have authorization to perform action 'Microsoft.DataFactory/factories/triggers/start/action'",
    });
    const first = await s.up();
    failed(first);
    assert.match(first.output, /trigger 'daily'/);
    assert.deepEqual(s.arm.states(), { daily: "Stopped" });
    await previewChangesNothing(s);
    s.arm.log.length = 0;
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), ["POST daily/start"]);
    assert.deepEqual(s.arm.states(), { daily: "Started" });
  });

  it("start fails after an update of a running trigger: the next `pulumi up` starts it again (case 2, worst case)", async (stack) => {
    const s = await stack(scenario([{ name: "daily" }]));
    ok(await s.up());
    s.setScenario(scenario([{ name: "daily", description: "v2" }]));
    await previewChangesNothing(s);
    s.arm.failNext("start", { status: 403, code: "AuthorizationFailed", message: "no role" });
    failed(await s.up());
    assert.deepEqual(s.arm.states(), { daily: "Stopped" });
    await previewChangesNothing(s);
    s.arm.log.length = 0;
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), ["POST daily/start"]);
    assert.deepEqual(s.arm.states(), { daily: "Started" });
  });

  it("started by hand between deploys (activated: false): stopped before the PUT, left Stopped as declared", async (stack) => {
    const s = await stack(scenario([{ name: "manual", activated: false }]));
    ok(await s.up());
    s.arm.triggers.get("manual")!.runtimeState = "Started";
    s.arm.log.length = 0;
    s.setScenario(scenario([{ name: "manual", activated: false, description: "v2" }]));
    await previewChangesNothing(s);
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), ["POST manual/stop", "PUT manual"]);
    assert.deepEqual(s.arm.states(), { manual: "Stopped" });
  });

  it("started by hand between the stop and the PUT: the error hook stops it and the engine retries the PUT", async (stack) => {
    const s = await stack(scenario([{ name: "daily" }]));
    ok(await s.up());
    s.setScenario(scenario([{ name: "daily", description: "v2" }]));
    await previewChangesNothing(s);
    s.arm.beforeNext("put", () => (s.arm.triggers.get("daily")!.runtimeState = "Started"));
    s.arm.log.length = 0;
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), [
      "POST daily/stop",
      "PUT daily",
      "POST daily/stop",
      "PUT daily",
      "POST daily/start",
    ]);
    assert.deepEqual(s.arm.states(), { daily: "Started" });
  });

  it("activated: false is never started", async (stack) => {
    const s = await stack(scenario([{ name: "manual", activated: false }]));
    await previewChangesNothing(s);
    ok(await s.up());
    assert.deepEqual(s.arm.states(), { manual: "Stopped" });
    assert.ok(!s.arm.mutations().some((c) => c.endsWith("/start")), s.arm.mutations().join(", "));
  });

  it("event trigger whose Event Grid subscription provisions late: subscribe, wait for Enabled, then start", async (stack) => {
    const s = await stack(scenario([{ name: "landing", kind: "blob" }], FAST));
    s.arm.eventProvisioningPolls = 3;
    await previewChangesNothing(s);
    ok(await s.up());
    assert.deepEqual(s.arm.states(), { landing: "Started" });
    const calls = s.arm.calls().filter((c) => c.includes("landing"));
    order(calls, "PUT landing", "POST landing/subscribeToEvents", "POST landing/start");
    const polls = calls.filter((c) => c === "POST landing/getEventSubscriptionStatus").length;
    assert.ok(polls >= 4, `waited for the subscription (${polls} status reads)`);
  });

  it("`pulumi refresh` shows a trigger stopped by hand; the next `pulumi up` starts it", async (stack) => {
    const s = await stack(scenario([{ name: "daily" }]));
    ok(await s.up());
    s.arm.triggers.get("daily")!.runtimeState = "Stopped";
    s.arm.log.length = 0;
    const refresh = await s.refresh();
    ok(refresh);
    assert.deepEqual(s.arm.mutations(), [], "refresh only reads");
    const resources = await s.resources();
    const activation = resources.find(
      (r) => r.type === "pulumi-nodejs:dynamic/mlops:TriggerActivation",
    );
    const trigger = resources.find((r) => r.type === "azure-native:datafactory:Trigger");
    // The refreshed state: the live runtime state, next to what the deploy wants and the trigger
    // revision it acted on; the trigger's own outputs show the same live state.
    assert.equal(activation.outputs.runtimeState, "Stopped");
    assert.equal(activation.outputs.desiredState, "Started");
    assert.equal(activation.outputs.revision, s.arm.triggers.get("daily")!.etag);
    assert.equal(activation.outputs.triggerId, trigger.id);
    assert.equal(trigger.outputs.properties.runtimeState, "Stopped");
    assert.equal(activation.inputs.runtimeState, undefined, "the live state is an output only");
    assert.match(refresh.output, /daily-activation/);
    await previewChangesNothing(s);
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), ["POST daily/start"]);
    assert.deepEqual(s.arm.states(), { daily: "Started" });
  });

  it("a start that never completes fails the deploy at its deadline, naming the trigger; the next up converges (case 6)", async (stack) => {
    const s = await stack(
      scenario([{ name: "daily" }], {
        activation: { waits: { operationTimeoutMs: 3000, pollIntervalMs: 200 } },
      }),
    );
    s.arm.lroPolls = Number.POSITIVE_INFINITY;
    await previewChangesNothing(s);
    const run = await s.up();
    failed(run);
    assert.match(
      run.output,
      /Could not start trigger 'daily' \(factory 'adf-engine', resource group 'rg-engine'\) before its deadline/,
    );
    s.arm.lroPolls = 1;
    await previewChangesNothing(s);
    ok(await s.up());
    assert.deepEqual(s.arm.states(), { daily: "Started" });
  });

  it("Retry-After: 3600 on the start's polls is capped (case 6)", async (stack) => {
    const s = await stack(
      scenario([{ name: "daily" }], { activation: { waits: { maxDelayMs: 1000 } } }),
    );
    s.arm.lroRetryAfterSeconds = 3600;
    // Throttled first: without the cap the retry would wait an hour, past the start's deadline.
    s.arm.failNext("start", {
      status: 429,
      code: "TooManyRequests",
      message: "throttled",
      retryAfterSeconds: 3600,
    });
    await previewChangesNothing(s);
    const run = await s.up();
    ok(run);
    assert.ok(run.seconds < 120, `took ${run.seconds} s`);
    assert.equal(
      s.arm.calls().filter((c) => c === "POST daily/start").length,
      2,
      "the start was retried after the capped wait",
    );
    assert.deepEqual(s.arm.states(), { daily: "Started" });
  });

  it("credentials: the activation uses azure-native's configured principal and cloud, or the explicit override (case 5)", async (stack) => {
    const s = await stack(scenario([{ name: "daily" }]));
    await previewChangesNothing(s);
    ok(await s.up());
    assert.deepEqual(
      [...new Set(s.arm.tokenClients)],
      ["deploy-sp"],
      "only the stack's principal, from config",
    );
    s.arm.principals.push({
      tenantId: TENANT,
      clientId: "activation-sp",
      clientSecret: "activation-secret",
    });
    s.arm.tokenClients.length = 0;
    // The override: a non-secret client id in the program, the secret in the stack config under
    // the `activation` namespace (issue 18: no secret in state).
    await s.setSecret("activation:clientSecret", "activation-secret");
    s.setScenario(
      scenario([{ name: "daily", description: "v2" }], {
        activation: { azure: { clientId: "activation-sp" }, azureConfig: "activation" },
      }),
    );
    await previewChangesNothing(s);
    s.arm.callerLog.length = 0;
    ok(await s.up());
    assert.deepEqual([...new Set(s.arm.tokenClients)].sort(), ["activation-sp", "deploy-sp"]);
    assert.deepEqual(s.arm.states(), { daily: "Started" });
    // Who made each call: azure-native's PUT as the stack's principal; the stop (before-update
    // hook) and the start (after-update hook) as the override, in the program's process.
    const by = (call: string) =>
      [...new Set(s.arm.callerLog.filter((c) => c.call === call).map((c) => c.principal))].sort();
    assert.deepEqual(by("PUT daily"), ["deploy-sp"]);
    assert.deepEqual(by("POST daily/stop"), ["activation-sp"]);
    assert.deepEqual(by("POST daily/start"), ["activation-sp"]);
    // The activation provider (another process, configured by the engine) too: its refresh read.
    s.arm.callerLog.length = 0;
    ok(await s.refresh());
    assert.deepEqual(by("GET daily"), ["activation-sp", "deploy-sp"]);
  });

  it("two copies of the library and configureActivation after a trigger: each hook registered once (case 7)", async (stack) => {
    const s = await stack(
      scenario([{ name: "a" }, { name: "b" }], {
        secondCopy: true,
        reconfigureAfterFirstTrigger: true,
      }),
    );
    await previewChangesNothing(s);
    const run = await s.up();
    ok(run);
    assert.doesNotMatch(run.output, /already registered/);
    s.setScenario(
      scenario([{ name: "a", description: "v2" }, { name: "b" }], {
        secondCopy: true,
        reconfigureAfterFirstTrigger: true,
      }),
    );
    await previewChangesNothing(s);
    s.arm.log.length = 0;
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), ["POST a/stop", "PUT a", "POST a/start"]);
    assert.deepEqual(s.arm.states(), { a: "Started", b: "Started" });
  });
});
