import { strict as assert } from "assert";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import * as storage from "@pulumi/azure-native/storage";
import { mocks } from "../support/mocks";
import { policyResources } from "../../lib/plan/document";
import { armAddress, ARM_PATHS, ruleContext, sharedAddresses, uniqueArmAddress } from "../../lib";
import { ShadowDeployment } from "../../lib/ml";

const session = mocks();
const NOW = new Date("2026-11-27T00:00:00Z");
const workspace = { resourceGroupName: "rg-ml", workspaceName: "mlw-arm" };
const mine = (prefix: string) => session.resources.filter((r) => r.name.startsWith(prefix));
const findings = (prefix: string) =>
  uniqueArmAddress.check(ruleContext(policyResources(mine(prefix)), { now: NOW }));

describe("ARM addresses (lib/policy/arm-address)", () => {
  const table: [string, Record<string, unknown>, string | undefined][] = [
    [
      "azure-native:machinelearningservices:OnlineEndpoint",
      { resourceGroupName: "RG-ML", workspaceName: "mlw", endpointName: "Forecast" },
      "/subscriptions/{subscription}/resourcegroups/rg-ml/providers/microsoft.machinelearningservices/workspaces/mlw/onlineendpoints/forecast",
    ],
    [
      "azure-native:machinelearningservices:OnlineDeployment",
      { resourceGroupName: "rg", workspaceName: "w", endpointName: "e", deploymentName: "blue" },
      "/subscriptions/{subscription}/resourcegroups/rg/providers/microsoft.machinelearningservices/workspaces/w/onlineendpoints/e/deployments/blue",
    ],
    [
      "azure-native:storage:ManagementPolicy",
      { resourceGroupName: "rg", accountName: "st" },
      "/subscriptions/{subscription}/resourcegroups/rg/providers/microsoft.storage/storageaccounts/st/managementpolicies/default",
    ],
    [
      "azure-native:authorization:RoleAssignment",
      { scope: "/subscriptions/s/resourceGroups/rg/", roleAssignmentName: "g-1" },
      "/subscriptions/s/resourcegroups/rg/providers/microsoft.authorization/roleassignments/g-1",
    ],
    [
      "azure-native:monitor:DiagnosticSetting",
      {
        resourceUri:
          "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/f",
        name: "logs",
      },
      "/subscriptions/s/resourcegroups/rg/providers/microsoft.datafactory/factories/f/providers/microsoft.insights/diagnosticsettings/logs",
    ],
    // Auto-named (no name input): azure-native adds a random suffix, it cannot collide.
    ["azure-native:storage:StorageAccount", { resourceGroupName: "rg" }, undefined],
    // A type without a template is skipped.
    ["azure-native:web:WebApp", { resourceGroupName: "rg", name: "app" }, undefined],
  ];
  for (const [type, props, expected] of table) {
    it(`${type} ${JSON.stringify(props)} → ${expected ?? "unknown"}`, () =>
      assert.equal(armAddress({ type, props }), expected));
  }

  it("cites a specification for every template", () => {
    for (const [type, t] of Object.entries(ARM_PATHS)) {
      assert.match(t.spec, /^[a-z]+\/resource-manager\/Microsoft\.[A-Za-z]+\//, type);
      assert.match(
        t.path,
        /^(\/subscriptions\/\{subscriptionId\}|\{scope\}|\{resourceUri\})/,
        type,
      );
    }
  });

  it("does not treat unknown (preview) values as equal", () => {
    const ep = (unknowns: string[]) => ({
      type: "azure-native:machinelearningservices:OnlineEndpoint",
      props: { resourceGroupName: "rg", workspaceName: "w", endpointName: undefined },
      unknowns,
    });
    assert.equal(sharedAddresses([ep(["endpointName"]), ep(["endpointName"])]).size, 0);
  });
});

describe(`rule ${uniqueArmAddress.id}`, () => {
  it("flags the old ShadowDeployment shape: two OnlineEndpoints for one endpoint", async () => {
    // What ShadowDeployment 0.1.0 registered: `-endpoint` (traffic ignored) and `-traffic`.
    const props = { ...workspace, endpointName: "forecast" };
    const endpoint = new ml.OnlineEndpoint(
      "uaa-old-endpoint",
      { ...props, properties: { authMode: "AADToken" } },
      { ignoreChanges: ["properties.traffic", "properties.mirrorTraffic"] },
    );
    new ml.OnlineEndpoint(
      "uaa-old-traffic",
      {
        ...props,
        endpointName: endpoint.name,
        properties: { authMode: "AADToken", traffic: { blue: 100 } },
      },
      { retainOnDelete: true },
    );
    await session.settle();
    const v = findings("uaa-old");
    assert.equal(v.length, 1);
    assert.match(v[0].resource, /::uaa-old-traffic$/);
    assert.match(
      v[0].message,
      /uaa-old-traffic addresses the same Azure resource as uaa-old-endpoint/,
    );
    assert.match(v[0].message, /onlineendpoints\/forecast/);
    assert.equal(uniqueArmAddress.severity, "mandatory");
  });

  it("accepts today's ShadowDeployment: one endpoint, two deployments, a traffic resource", async () => {
    new ShadowDeployment("uaa-new", {
      workspace,
      endpointName: "uaa-new",
      live: { name: "blue", model: "azureml:forecast:6" },
      candidate: { name: "green", model: "azureml:forecast:7" },
      stage: "shadow 20%",
    });
    await session.settle();
    assert.deepEqual(findings("uaa-new"), []);
  });

  it("flags names that differ only in case (ARM names are case-insensitive)", async () => {
    new storage.BlobContainer("uaa-case-a", {
      resourceGroupName: "rg",
      accountName: "stdata",
      containerName: "models",
    });
    new storage.BlobContainer("uaa-case-b", {
      resourceGroupName: "RG",
      accountName: "StData",
      containerName: "Models",
    });
    await session.settle();
    assert.equal(findings("uaa-case").length, 1);
  });
});
