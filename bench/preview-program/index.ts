/**
 * The program `bench/preview.ts` previews under the engine suite's CLI and stand-in provider: one
 * factory, one pipeline and N daily schedule triggers (config `mlops-bench:n`), written
 *
 * - `library`: with the library's `ScheduleTrigger` (compiled `dist/`, as an installed package),
 *   each with its activation resource;
 * - `library-no-activation`: the same, with `TriggerActivation` replaced by nothing (a measurement
 *   of what the activation resource costs, not a way to deploy);
 * - `library-tiny-provider`: the same dynamic resource with a provider of a few lines (what the
 *   real provider's serialized code costs);
 * - `raw`: the same triggers as hand-written azure-native `Trigger`s with the same ADF inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import * as datafactory from "@pulumi/azure-native/datafactory";

const config = new pulumi.Config();
const mode = config.require("mode");
const n = config.requireNumber("n");

const lib = "../../dist/lib";
/* eslint-disable @typescript-eslint/no-require-imports */
const { Recurrence } = require(`${lib}/core`);
const df = require(`${lib}/datafactory`);
const activation = require(`${lib}/datafactory/activation-resource`);
if (mode === "library-no-activation") activation.TriggerActivation = class {};
if (mode === "library-tiny-provider") {
  // The same dynamic resource and inputs with a provider of a few lines: what serializing and
  // shipping the real provider (3 KB of code per resource) adds.
  const tiny: pulumi.dynamic.ResourceProvider = {
    async create(inputs: any) {
      return { id: String(inputs.triggerId), outs: inputs };
    },
  };
  activation.TriggerActivation = class extends pulumi.dynamic.Resource {
    constructor(name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
      super(tiny, name, { ...args, runtimeState: undefined }, opts, "mlops", "TriggerActivation");
    }
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

const resourceGroupName = "rg-engine";
const zone = "W. Europe Standard Time";
const at = (i: number) =>
  `${String(i % 24).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}`;

const factory = new datafactory.Factory("adf", {
  resourceGroupName,
  factoryName: "adf-bench",
  location: "westeurope",
});
const ingest = new datafactory.Pipeline("ingest", {
  resourceGroupName,
  factoryName: factory.name,
  pipelineName: "ingest",
  activities: [{ name: "Wait", type: "Wait", waitTimeInSeconds: 1 }],
} as any);

for (let i = 0; i < n; i++) {
  const recurrence = Recurrence.daily({ at: at(i), timeZone: zone });
  if (mode === "raw") {
    new datafactory.Trigger(
      `t${i}-trigger`,
      {
        resourceGroupName,
        factoryName: factory.name,
        triggerName: `t${i}`,
        properties: {
          type: "ScheduleTrigger",
          recurrence: recurrence.toAdf(),
          pipelines: [
            { pipelineReference: { referenceName: ingest.name, type: "PipelineReference" } },
          ],
        } as any,
      },
      { dependsOn: [ingest], deleteBeforeReplace: true },
    );
  } else {
    new df.ScheduleTrigger(`t${i}`, {
      factory: { resourceGroupName, factoryName: factory.name },
      recurrence,
      pipelines: [{ pipeline: ingest.name }],
    });
  }
}
