import { strict as assert } from "assert";
import * as path from "path";
import { mocks } from "../support/mocks";
import { Recurrence } from "../../lib/core";

/**
 * The activation hook registry: the engine refuses a second registration of a hook name in one
 * program run, and looks up the names saved in a stack's state for every update, delete and error
 * of a trigger (issue 7, cases 1 and 7). So the hooks are registered once per process, at library
 * load, under fixed names, and shared by every copy of the library in the process. The mock
 * monitor records each registration (`MockSession.registeredHooks`).
 */

type Lib = typeof import("../../lib/datafactory");
const session = mocks();
const REGISTRY = Symbol.for("pulumi-mlops-scheduling/trigger-activation@1");
const LIB_DIR = path.dirname(require.resolve("../../lib/datafactory")) + path.sep;
const global = globalThis as Record<symbol, unknown>;
const factory = { resourceGroupName: "rg-test", factoryName: "adf-test" };

/**
 * A copy of lib/datafactory with its own module instances, as a second installed version of the
 * package would be; `engine` loads it as a program run by the Pulumi CLI (a monitor address that
 * is not "mock"). The original module instances are put back afterwards.
 */
function loadCopy({ engine = false } = {}): Lib {
  const ours = () => Object.keys(require.cache).filter((k) => k.startsWith(LIB_DIR));
  const saved = ours().map((k) => [k, require.cache[k]] as const);
  for (const [k] of saved) delete require.cache[k];
  const env = process.env.PULUMI_NODEJS_MONITOR;
  if (engine) process.env.PULUMI_NODEJS_MONITOR = "127.0.0.1:0";
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("../../lib/datafactory");
  } finally {
    if (env === undefined) delete process.env.PULUMI_NODEJS_MONITOR;
    else process.env.PULUMI_NODEJS_MONITOR = env;
    for (const k of ours()) delete require.cache[k];
    for (const [k, m] of saved) require.cache[k] = m;
  }
}

function scheduleTrigger(lib: Lib, name: string) {
  return new lib.ScheduleTrigger(name, {
    factory,
    recurrence: Recurrence.daily({ at: "02:00" }),
    pipelines: [{ pipeline: "ingest" }],
  });
}

describe("activation hook registry (once per process, fixed names, shared by copies)", function () {
  this.timeout(0); // mock registrations only; no limit on speed on a shared machine
  let before: number;
  let stashed: unknown;
  // Each test starts from a process that has registered nothing yet; the suite's registry is
  // put back afterwards, so the other test files keep theirs.
  beforeEach(async () => {
    await session.settle();
    stashed = global[REGISTRY];
    delete global[REGISTRY];
    before = session.registeredHooks.length;
  });
  afterEach(() => {
    global[REGISTRY] = stashed;
  });
  /** Registrations since the test began, once the registry's hooks reached the (mock) monitor. */
  const registered = async (lib: Lib) => {
    const hooks = [...lib.stackActivation().hooks.values()] as unknown as {
      __registered: Promise<void>;
    }[];
    await Promise.all(hooks.map((h) => h.__registered));
    await session.settle();
    return session.registeredHooks.slice(before);
  };
  const ONCE_EACH = [
    { kind: "resource", name: "mlops-adf-trigger-stop" },
    { kind: "resource", name: "mlops-adf-trigger-restart" },
    { kind: "error", name: "mlops-adf-trigger-recover" },
  ];

  it("keeps the hook names of 0.1.0's state (the engine looks them up by name)", () => {
    const { ACTIVATION_HOOK_NAMES } = loadCopy();
    assert.deepEqual(ACTIVATION_HOOK_NAMES, {
      stop: "mlops-adf-trigger-stop",
      recover: "mlops-adf-trigger-recover",
      restart: "mlops-adf-trigger-restart",
    });
  });

  it("registers both hooks when loaded by the engine, before any trigger is declared (case 1)", async () => {
    const lib = loadCopy({ engine: true });
    assert.deepEqual(await registered(lib), ONCE_EACH);
  });

  it("is not registered at load under mocks (the plan), only by the first trigger", async () => {
    const lib = loadCopy();
    assert.deepEqual(await registered(lib), []);
    scheduleTrigger(lib, "reg-mock-a");
    scheduleTrigger(lib, "reg-mock-b");
    assert.deepEqual(await registered(lib), ONCE_EACH);
  });

  it("two copies of the library, each with triggers: each hook name registered once (case 7)", async () => {
    const first = loadCopy({ engine: true });
    const second = loadCopy({ engine: true });
    assert.notEqual(first.configureActivation, second.configureActivation, "two module instances");
    scheduleTrigger(first, "reg-copy-a");
    scheduleTrigger(second, "reg-copy-b");
    assert.deepEqual(await registered(first), ONCE_EACH);
    const bindings = session.resources
      .filter(
        (r) => r.type === "azure-native:datafactory:Trigger" && r.name.startsWith("reg-copy-"),
      )
      .map((r) => ({
        beforeUpdate: r.hooks.beforeUpdate,
        afterUpdate: r.hooks.afterUpdate,
        onError: r.hooks.onError,
      }));
    const binding = {
      beforeUpdate: ["mlops-adf-trigger-stop"],
      afterUpdate: ["mlops-adf-trigger-restart"],
      onError: ["mlops-adf-trigger-recover"],
    };
    assert.deepEqual(bindings, [binding, binding]);
  });

  it("configureActivation after triggers (from either copy) registers nothing again and applies to later triggers (case 7)", async () => {
    const first = loadCopy({ engine: true });
    scheduleTrigger(first, "reg-late-a");
    const second = loadCopy();
    second.configureActivation({ waits: { pollIntervalMs: 250 } });
    first.configureActivation({ waits: { pollIntervalMs: 500 } });
    scheduleTrigger(second, "reg-late-b");
    assert.deepEqual(await registered(first), ONCE_EACH);
    assert.deepEqual(first.activationSettings(), { waits: { pollIntervalMs: 500 } });
    assert.deepEqual(second.activationSettings(), first.activationSettings(), "one shared setting");
    const waits = (name: string) =>
      session.resources.find((r) => r.name === `${name}-activation`)!.inputs.waits;
    assert.deepEqual(waits("reg-late-a"), {});
    assert.deepEqual(waits("reg-late-b"), { pollIntervalMs: 500 });
  });

  it("configureActivation refuses a secret: state never holds one (issue 18, case 1)", async () => {
    const lib = loadCopy();
    assert.throws(
      () => lib.configureActivation({ azure: { clientId: "x", clientSecret: "s" } }),
      /azure\.clientSecret would be kept in the stack's state.*azureConfig/,
    );
    lib.configureActivation({ azure: { clientId: "activation-sp" }, azureConfig: "activation" });
    scheduleTrigger(lib, "reg-conn");
    await registered(lib);
    const inputs = session.resources.find((r) => r.name === "reg-conn-activation")!.inputs;
    assert.deepEqual(inputs.connection, { clientId: "activation-sp" });
    assert.equal(inputs.azureConfig, "activation");
  });

  it("on an engine without hooks (a CLI older than the floor) registers nothing, and a trigger fails naming the floor (issue 18, case 6)", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const store = require("@pulumi/pulumi/runtime/state").getStore();
    const saved = [store.supportsResourceHooks, store.supportsErrorHooks];
    store.supportsErrorHooks = false;
    try {
      const lib = loadCopy({ engine: true });
      assert.deepEqual(await registered(lib), [], "no registration, so no rejection at load");
      assert.throws(
        () => scheduleTrigger(lib, "reg-old-cli"),
        /Trigger activation needs the Pulumi CLI 3\.244 or later: this engine offers no error hooks/,
      );
    } finally {
      [store.supportsResourceHooks, store.supportsErrorHooks] = saved;
    }
  });
});
