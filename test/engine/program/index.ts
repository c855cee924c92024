/**
 * The program every engine scenario deploys. Its shape comes from the stack configuration
 * (`mlops-engine:scenario`, JSON), so that a scenario changes the program between two runs of the
 * CLI by changing config only. It uses the compiled library (dist/), as an installed package would:
 * the TriggerActivation provider is required by the dynamic-provider process, which runs plain Node.
 */
import * as pulumi from "@pulumi/pulumi";
import * as datafactory from "@pulumi/azure-native/datafactory";

interface TriggerSpec {
  readonly name: string;
  readonly kind?: "schedule" | "blob" | "tumbling";
  readonly activated?: boolean;
  readonly description?: string;
  readonly startTime?: string;
  /** `hold: { reason }` (issue 18, case 3). */
  readonly hold?: string;
  /** Built with the second build (`secondBuild`) instead of dist/. */
  readonly fromSecondBuild?: boolean;
}

interface Scenario {
  readonly triggers: TriggerSpec[];
  /** Passed to configureActivation before the triggers are built. */
  readonly activation?: Record<string, unknown>;
  /** Calls configureActivation again after the first trigger (used to be a duplicate hook registration). */
  readonly reconfigureAfterFirstTrigger?: boolean;
  /** Loads a second copy of the library, as a program with two versions installed would. */
  readonly secondCopy?: boolean;
  /**
   * Directory (relative to this program) of another build of the library, loaded too: a second
   * installed version with its own package.json version (issue 18, case 8).
   */
  readonly secondBuild?: string;
  /** Simulates a CLI older than the floor: the engine offers no resource or error hooks (case 6). */
  readonly oldMonitor?: boolean;
}

const scenario = new pulumi.Config().requireObject<Scenario>("scenario");
if (scenario.oldMonitor) {
  // What the SDK records when an old engine answers SupportsFeature("resourceHooks"/"errorHooks")
  // with false (set before the program runs, @pulumi/pulumi runtime/settings.js awaitFeatureSupport).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const store = require("@pulumi/pulumi/runtime/state").getStore();
  store.supportsResourceHooks = false;
  store.supportsErrorHooks = false;
}

const lib = "../../../dist/lib";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core1 = require(`${lib}/core`);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const df1 = require(`${lib}/datafactory`);
const df = df1;

if (scenario.activation) df.configureActivation(scenario.activation);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const df2 = scenario.secondBuild ? require(`./${scenario.secondBuild}/lib/datafactory`) : undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core2 = scenario.secondBuild ? require(`./${scenario.secondBuild}/lib/core`) : undefined;
if (df2 && scenario.activation) df2.configureActivation(scenario.activation);
if (scenario.secondCopy) {
  for (const k of Object.keys(require.cache)) if (k.includes("/dist/lib/")) delete require.cache[k];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(`${lib}/datafactory`).configureActivation(scenario.activation ?? {});
}

const resourceGroupName = "rg-engine";
const factory = new datafactory.Factory("adf", {
  resourceGroupName,
  factoryName: "adf-engine",
  location: "westeurope",
});
const ingest = new datafactory.Pipeline("ingest", {
  resourceGroupName,
  factoryName: factory.name,
  pipelineName: "ingest",
  parameters: { windowStart: { type: "String" }, windowEnd: { type: "String" } },
  activities: [{ name: "Wait", type: "Wait", waitTimeInSeconds: 1 }],
} as any);
const factoryRef = { resourceGroupName, factoryName: factory.name };

scenario.triggers.forEach((t, i) => {
  const df = t.fromSecondBuild ? df2 : df1;
  const { Recurrence, Duration } = t.fromSecondBuild ? core2 : core1;
  const common = {
    factory: factoryRef,
    activated: t.activated,
    description: t.description,
    ...(t.hold ? { hold: { reason: t.hold } } : {}),
  };
  if (t.kind === "blob") {
    new df.StorageEventTrigger(t.name, {
      ...common,
      storageAccountId:
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-engine/providers/Microsoft.Storage/storageAccounts/stengine",
      container: "landing",
      pipelines: [{ pipeline: ingest.name }],
    });
  } else if (t.kind === "tumbling") {
    new df.TumblingWindowTrigger(t.name, {
      ...common,
      pipeline: { pipeline: ingest.name },
      window: Duration.hours(1),
      startTime: t.startTime ?? "2026-01-01T00:00:00Z",
    });
  } else {
    new df.ScheduleTrigger(t.name, {
      ...common,
      recurrence: Recurrence.daily({ at: "02:00", timeZone: "W. Europe Standard Time" }),
      pipelines: [{ pipeline: ingest.name }],
    });
  }
  if (i === 0 && scenario.reconfigureAfterFirstTrigger)
    df.configureActivation(scenario.activation ?? {});
});
