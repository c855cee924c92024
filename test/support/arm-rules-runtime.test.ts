import { strict as assert } from "assert";
import { ArmRefusal, armBody, checkBody, TYPES } from "./arm-rules";

/*
 * The fake ARM refuses integration runtime, scale set and autoscale bodies the REST models refuse
 * (SDK mapper approach, test/support/arm-rules/model.ts). Models: @azure/arm-datafactory 12.0.0
 * `IntegrationRuntimeResource` (2018-06-01: `properties.type` is the required discriminator,
 * SelfHosted | Managed; Managed `typeProperties.computeProperties.dataFlowProperties.timeToLive`
 * minimum 0 — azure-rest-api-specs datafactory/resource-manager/Microsoft.DataFactory/stable/
 * 2018-06-01/IntegrationRuntime.json), @azure/arm-compute 23.3.0 `VirtualMachineScaleSet`
 * (2025-04-01, `location` required, `sku.capacity` an integer), @azure/arm-monitor 7.0.0
 * `AutoscaleSettingResource` (2022-10-01: `profiles` required, at most 20;
 * `capacity.minimum` / `maximum` / `default` required — monitor autoscale_API.json; the spec's
 * "at most 10 rules" per profile is prose, not a model constraint, so the fake does not refuse it).
 */

const T = {
  ir: "Microsoft.DataFactory/factories/integrationRuntimes",
  vmss: "Microsoft.Compute/virtualMachineScaleSets",
  autoscale: "Microsoft.Insights/autoscalesettings",
};
const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";
const FACTORY = `${SUB}/providers/Microsoft.DataFactory/factories/adf`;
const VMSS = `${SUB}/providers/Microsoft.Compute/virtualMachineScaleSets/nodes`;

function refused(r: ArmRefusal | undefined, message: RegExp): void {
  assert.ok(r, "expected a refusal, got none");
  assert.equal(r.status, 400, r.message);
  assert.equal(r.code, "InvalidRequestContent", r.message);
  assert.match(r.message, message);
}

const rule = (direction: string) => ({
  metricTrigger: {
    metricName: "IntegrationRuntimeQueueLength",
    metricNamespace: "Microsoft.DataFactory/factories",
    metricResourceUri: FACTORY,
    timeGrain: "PT1M",
    statistic: "Average",
    timeWindow: "PT10M",
    timeAggregation: "Average",
    operator: "GreaterThan",
    threshold: 4,
  },
  scaleAction: { direction, type: "ChangeCount", value: "1", cooldown: "PT15M" },
});
const profile = (rules = [rule("Increase")]) => ({
  name: "runtime-load",
  capacity: { minimum: "1", maximum: "4", default: "1" },
  rules,
});
const autoscale = (profiles: unknown[]) => ({
  location: "westeurope",
  properties: { enabled: true, targetResourceUri: VMSS, profiles },
});

describe("fake ARM: integration runtime, scale set and autoscale bodies (SDK models)", () => {
  it("the three types are modelled", () => {
    for (const t of Object.values(T))
      assert.ok(
        Object.values(TYPES).some((i) => i.armType === t && i.mapper),
        `${t} has no mapper`,
      );
  });

  it("accepts a self-hosted and a managed runtime", () => {
    assert.equal(checkBody(T.ir, { properties: { type: "SelfHosted" } }), undefined);
    const managed = armBody(
      "azure-native:datafactory:IntegrationRuntime",
      {
        resourceGroupName: "rg",
        factoryName: "adf",
        integrationRuntimeName: "weu",
        properties: {
          type: "Managed",
          computeProperties: {
            location: "westeurope",
            dataFlowProperties: { computeType: "General", coreCount: 8, timeToLive: 10 },
          },
        },
      },
      {},
    );
    assert.equal(checkBody(T.ir, managed), undefined);
  });

  it("refuses a runtime without its type", () => {
    refused(checkBody(T.ir, { properties: { description: "x" } }), /type/i);
  });

  it("refuses a scale set whose capacity is not an integer", () => {
    refused(
      checkBody(T.vmss, {
        location: "westeurope",
        sku: { name: "Standard_D4s_v3", capacity: "two" },
      }),
      /capacity/,
    );
  });

  it("refuses a scale set without a location", () => {
    refused(checkBody(T.vmss, { sku: { name: "Standard_D4s_v3", capacity: 1 } }), /location/);
  });

  it("accepts an autoscale setting with one profile and its rules", () => {
    assert.equal(checkBody(T.autoscale, autoscale([profile()])), undefined);
  });

  it("refuses an autoscale setting without profiles, or with more than 20", () => {
    refused(
      checkBody(T.autoscale, { location: "westeurope", properties: { enabled: true } }),
      /profiles/,
    );
    refused(
      checkBody(T.autoscale, autoscale(Array.from({ length: 21 }, () => profile()))),
      /profiles/,
    );
    assert.equal(
      checkBody(T.autoscale, autoscale(Array.from({ length: 20 }, () => profile()))),
      undefined,
    );
  });

  it("refuses a profile without a capacity minimum", () => {
    const p = profile();
    refused(
      checkBody(T.autoscale, autoscale([{ ...p, capacity: { maximum: "4", default: "1" } }])),
      /minimum/,
    );
  });
});
