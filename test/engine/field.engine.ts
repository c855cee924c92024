import { strict as assert } from "assert";
import { spawn } from "child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { FakeArm } from "../support/fake-arm";
import {
  cleanUpShared,
  CliRun,
  concurrentScenarios,
  DEPLOYER,
  EngineStack,
  engineEnv,
  explain,
  PROGRAM_DIR,
  SUBSCRIPTION,
  ENGINE_RESOURCE_GROUP,
  TENANT,
} from "./harness";

/**
 * Trigger activation in the field (issue 18): rotated credentials, `--target`, an operator's
 * hold, two stacks in one Automation API process, a trigger deleted by hand, an old CLI, and two
 * builds of the library in one program. Same engine, plugins and fake ARM as
 * `activation.engine.ts`; "case n" refers to issue 18.
 */

type Trigger = { name: string; description?: string; hold?: string; fromSecondBuild?: boolean };
const scenario = (triggers: Trigger[], extra: Record<string, unknown> = {}) => ({
  triggers,
  ...extra,
});
const ACTIVATION = "pulumi-nodejs:dynamic/mlops:TriggerActivation";
const TRIGGER = "azure-native:datafactory:Trigger";

const ok = (run: CliRun) => assert.equal(run.code, 0, explain(run));
const failed = (run: CliRun) => {
  assert.equal(run.timedOut, false, explain(run));
  assert.notEqual(run.code, 0, explain(run));
};

async function previewChangesNothing(s: EngineStack, preview = () => s.preview()): Promise<CliRun> {
  const before = s.arm.mutations().length;
  const run = await preview();
  ok(run);
  assert.deepEqual(s.arm.mutations().slice(before), [], "the preview made no Azure changes");
  return run;
}

const byType = async (s: EngineStack, type: string) =>
  (await s.resources()).filter((r) => r.type === type);

/** Replaces the deployer's client secret: the old one no longer gets a token. */
async function rotateSecret(s: EngineStack, secret: string): Promise<void> {
  s.arm.principals.splice(0, s.arm.principals.length, { ...DEPLOYER, clientSecret: secret });
  await s.setSecret("azure-native:clientSecret", secret);
}

describe("trigger activation in the field (issue 18)", function () {
  this.timeout(900_000);
  const it = concurrentScenarios();
  after(() => cleanUpShared());

  it("rotated client secret: state keeps no secret; refresh --run-program, up --refresh and destroy --run-program use today's secret (case 1)", async (stack) => {
    const s = await stack(scenario([{ name: "daily" }]));
    ok(await s.up());
    const [activation] = await byType(s, ACTIVATION);
    const text = JSON.stringify(activation);
    assert.doesNotMatch(text, /deploy-secret|clientSecret|ciphertext/, "no secret in the state");
    assert.deepEqual(activation.inputs.connection, {}, "nothing that outranks today's config");
    await rotateSecret(s, "deploy-secret-2");
    s.arm.triggers.get("daily")!.runtimeState = "Stopped";
    s.arm.log.length = 0;
    ok(await s.refresh("--run-program"));
    assert.deepEqual(s.arm.mutations(), [], "refresh only reads");
    assert.equal((await byType(s, ACTIVATION))[0].outputs.runtimeState, "Stopped");
    ok(await s.up("--refresh"));
    assert.deepEqual(s.arm.states(), { daily: "Started" });
    ok(await s.destroy(true));
    assert.deepEqual(s.arm.states(), {});
    assert.deepEqual(
      [...new Set(s.arm.tokenClients)],
      ["deploy-sp"],
      "the new secret got the tokens (the old one is refused)",
    );
  });

  it("rotated client secret, plain `pulumi destroy`: the engine configures the providers from the state's last deploy, so it fails until `up` or `destroy --run-program` (case 1)", async (stack) => {
    const s = await stack(scenario([{ name: "daily" }]));
    ok(await s.up());
    await rotateSecret(s, "deploy-secret-2");
    const plain = await s.destroy(false);
    failed(plain);
    assert.match(plain.output, /invalid_client|Invalid client secret|authentication failed/i);
    assert.deepEqual(s.arm.states(), { daily: "Started" }, "nothing deleted half-way");
    ok(await s.destroy(true));
    assert.deepEqual(s.arm.states(), {});
  });

  for (const dependents of [false, true]) {
    it(`pulumi up --target <trigger>${dependents ? " --target-dependents" : ""}: the updated trigger is started again (case 2)`, async (stack) => {
      const s = await stack(scenario([{ name: "daily" }, { name: "other" }]));
      ok(await s.up());
      const urn = (await byType(s, TRIGGER)).find((r) => r.urn.endsWith("::daily-trigger")).urn;
      s.setScenario(scenario([{ name: "daily", description: "hotfix" }, { name: "other" }]));
      s.arm.log.length = 0;
      const run = await s.up("--target", urn, ...(dependents ? ["--target-dependents"] : []));
      ok(run);
      assert.deepEqual(s.arm.mutations(), ["POST daily/stop", "PUT daily", "POST daily/start"]);
      assert.deepEqual(s.arm.states(), { daily: "Started", other: "Started" });
      assert.equal(s.arm.triggers.get("daily")!.properties.description, "hotfix");
      // The next untargeted up brings the activation's state up to date without an Azure change.
      s.arm.log.length = 0;
      ok(await s.up());
      assert.deepEqual(s.arm.mutations(), []);
      assert.deepEqual(s.arm.states(), { daily: "Started", other: "Started" });
    });
  }

  it("hold: a trigger stopped by hand and then held stays stopped through a change and refresh + up; without the hold the next up starts it (case 3)", async (stack) => {
    const s = await stack(scenario([{ name: "daily" }]));
    ok(await s.up());
    // An operator's pause during an incident, then the hold in code.
    s.arm.triggers.get("daily")!.runtimeState = "Stopped";
    s.setScenario(scenario([{ name: "daily", hold: "INC-4711 upstream outage" }]));
    const preview = await previewChangesNothing(s, () => s.cli(["preview", "--diff"]));
    assert.match(preview.stdout, /hold\s*:\s*"INC-4711 upstream outage"/);
    s.arm.log.length = 0;
    ok(await s.up());
    assert.ok(!s.arm.mutations().some((c) => c.endsWith("/start")), s.arm.mutations().join(", "));
    assert.deepEqual(s.arm.states(), { daily: "Stopped" });
    const [activation] = await byType(s, ACTIVATION);
    assert.equal(activation.outputs.hold, "INC-4711 upstream outage");
    assert.equal(activation.outputs.desiredState, "Stopped");
    // Started by hand while held: refresh sees it, the next up stops it again.
    s.arm.triggers.get("daily")!.runtimeState = "Started";
    ok(await s.refresh());
    s.arm.log.length = 0;
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), ["POST daily/stop"]);
    assert.deepEqual(s.arm.states(), { daily: "Stopped" });
    // The hold released: the next up starts it.
    s.setScenario(scenario([{ name: "daily" }]));
    s.arm.log.length = 0;
    ok(await s.up());
    assert.deepEqual(s.arm.states(), { daily: "Started" });
  });

  it("a trigger deleted by hand, then a definition change: the stop hook's 404 means stopped; the PUT recreates it and it is started (case 5)", async (stack) => {
    const s = await stack(scenario([{ name: "daily" }]));
    ok(await s.up());
    s.arm.triggers.delete("daily");
    s.setScenario(scenario([{ name: "daily", description: "v2" }]));
    s.arm.log.length = 0;
    ok(await s.up());
    assert.deepEqual(s.arm.mutations(), ["PUT daily", "POST daily/start"]);
    assert.deepEqual(s.arm.states(), { daily: "Started" });
    assert.equal(s.arm.triggers.get("daily")!.properties.description, "v2");
  });

  it("a CLI older than the floor (engine without resource or error hooks): a program without triggers deploys; with triggers it fails naming the floor (case 6)", async (stack) => {
    const s = await stack(scenario([], { oldMonitor: true }));
    const first = await s.up();
    ok(first);
    assert.doesNotMatch(first.output, /does not support/);
    assert.equal(
      s.arm.resources.size,
      3,
      "factory and pipeline deployed (beside the seeded group)",
    );
    s.setScenario(scenario([{ name: "daily" }], { oldMonitor: true }));
    const run = await s.up();
    failed(run);
    assert.match(
      run.output,
      /Trigger activation needs the Pulumi CLI 3\.244 or later: this engine offers no resource hooks/,
    );
    assert.deepEqual(s.arm.states(), {}, "no trigger created");
  });

  it("two builds of the library (another version) in one program: each hook name registered once; a build with another registry key registers twice (case 8)", async (stack) => {
    const builds = [
      { dir: `.build-${process.pid}-same`, key: undefined },
      { dir: `.build-${process.pid}-other`, key: "pulumi-mlops-scheduling/trigger-activation@0" },
    ];
    for (const b of builds) {
      const to = path.join(PROGRAM_DIR, b.dir);
      cpSync(path.resolve(__dirname, "../../dist"), to, { recursive: true });
      writeFileSync(
        path.join(to, "package.json"),
        JSON.stringify({ name: "pulumi-mlops-scheduling", version: "0.2.0-second-build" }),
      );
      const hooks = path.join(to, "lib/datafactory/activation-hooks.js");
      let code = readFileSync(hooks, "utf8").replace(/`started /g, "`started (second build) ");
      if (b.key) code = code.replace("pulumi-mlops-scheduling/trigger-activation@1", b.key);
      writeFileSync(hooks, code);
    }
    try {
      const triggers = [{ name: "a" }, { name: "b", fromSecondBuild: true }];
      const s = await stack(scenario(triggers, { secondBuild: builds[0].dir }));
      await previewChangesNothing(s);
      const run = await s.up();
      ok(run);
      assert.doesNotMatch(run.output, /already registered/);
      assert.deepEqual(s.arm.states(), { a: "Started", b: "Started" });
      s.setScenario(
        scenario(
          [
            { name: "a", description: "v2" },
            { name: "b", description: "v2", fromSecondBuild: true },
          ],
          { secondBuild: builds[0].dir },
        ),
      );
      s.arm.log.length = 0;
      ok(await s.up());
      assert.deepEqual(s.arm.states(), { a: "Started", b: "Started" });
      for (const t of ["a", "b"])
        assert.deepEqual(
          s.arm.mutations().filter((c) => new RegExp(`^[A-Z]+ ${t}(/|$)`).test(c)),
          [`POST ${t}/stop`, `PUT ${t}`, `POST ${t}/start`],
        );
      // The README's promise holds for builds that share the registry key, not beyond.
      const other = await stack(scenario(triggers, { secondBuild: builds[1].dir }));
      const twice = await other.up();
      failed(twice);
      assert.match(twice.output, /already registered/);
    } finally {
      for (const b of builds)
        rmSync(path.join(PROGRAM_DIR, b.dir), { recursive: true, force: true });
    }
  });

  it("Automation API: two stacks at once in one process (LocalWorkspace inline programs), each with its own principal; no hook name registered twice (case 4)", async () => {
    const arms = [await new FakeArm().start(), await new FakeArm().start()];
    for (const arm of arms) arm.seed(ENGINE_RESOURCE_GROUP, { location: "westeurope" });
    const stacks = arms.map((arm, i) => {
      const principal = { tenantId: TENANT, clientId: `sp-${i}`, clientSecret: `secret-${i}` };
      arm.principals.push(principal);
      return { name: `auto${process.pid}-${i}`, endpoint: arm.endpoint, ...principal };
    });
    try {
      const out = await runNode(path.join(__dirname, "automation/two-stacks.ts"), {
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        MLOPS_TWO_STACKS: JSON.stringify({
          workDir: PROGRAM_DIR,
          subscriptionId: SUBSCRIPTION,
          stacks,
        }),
      });
      const phases = out.stdout
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l));
      assert.deepEqual(
        phases.map((p) => p.phase),
        ["up", "update", "destroy"],
        out.output.slice(-4000),
      );
      for (const p of phases)
        for (const r of p.results) assert.ok(r.ok, `${p.phase} ${r.stack}: ${r.error}`);
      arms.forEach((arm, i) => {
        const principals = new Set(arm.callerLog.map((c) => c.principal));
        assert.deepEqual(
          [...principals],
          [`sp-${i}`],
          `stack ${i} called ARM as its own principal`,
        );
        const calls = arm.callerLog.map((c) => c.call);
        for (const t of ["a", "b"]) {
          assert.ok(calls.includes(`POST ${t}/start`), calls.join(", "));
          assert.ok(calls.includes(`POST ${t}/stop`), calls.join(", "));
        }
      });
      assert.deepEqual(
        arms.map((a) => a.states()),
        [{}, {}],
      );
      assert.doesNotMatch(out.output, /already registered|was not registered/);
    } finally {
      for (const a of arms) await a.stop();
      for (const s of stacks)
        rmSync(path.join(PROGRAM_DIR, `Pulumi.${s.name}.yaml`), { force: true });
    }
  });
});

/** Runs a TypeScript file in a Node process with the engine environment. */
function runNode(
  file: string,
  extra: Record<string, string>,
  timeoutMs = 600_000,
): Promise<{ code: number | null; stdout: string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], {
      cwd: PROGRAM_DIR,
      env: { ...engineEnv(), ...extra },
      detached: true,
    });
    let stdout = "";
    let output = "";
    child.stdout.on("data", (c) => ((stdout += c), (output += c)));
    child.stderr.on("data", (c) => (output += c));
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, output });
    });
  });
}
