import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { Duration } from "../../lib/core";
import { planScaleSettings, TrainingCluster } from "../../lib/ml";

const session = mocks();
const workspace = { resourceGroupName: "rg-ml", workspaceName: "mlw-test" };
const COMPUTE = "azure-native:machinelearningservices:Compute";

describe("TrainingCluster", () => {
  it("sends an AmlCompute that scales to zero after 2 idle minutes, SSH closed, local auth off", async () => {
    const c = new TrainingCluster("gpu", { workspace, vmSize: "Standard_NC6s_v3" });
    await session.settle();
    const r = one("gpu-compute", COMPUTE);
    assert.equal(r.inputs.computeName, "gpu");
    assert.equal(r.inputs.workspaceName, "mlw-test");
    assert.deepEqual(r.inputs.identity, { type: "SystemAssigned" });
    assert.deepEqual(r.inputs.properties, {
      computeType: "AmlCompute",
      disableLocalAuth: true,
      properties: {
        vmSize: "Standard_NC6s_v3",
        vmPriority: "Dedicated",
        osType: "Linux",
        scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: "PT120S" },
        enableNodePublicIp: true,
        remoteLoginPortPublicAccess: "Disabled",
      },
    });
    assert.equal(r.inputs.tags, undefined);
    assert.equal(r.parent, session.resources.find((x) => x.name === "gpu")?.urn);
    assert.match(
      r.id!,
      /\/providers\/Microsoft\.MachineLearningServices\/workspaces\/mlw-test\/computes\/gpu$/,
    );
    assert.deepEqual(c.scaleSettings.minNodeCount, 0);
  });

  it("drops public IPs inside a subnet, opts into low priority, uses user-assigned identities", async () => {
    new TrainingCluster("spot", {
      workspace,
      vmPriority: "LowPriority",
      maxNodeCount: 10,
      idleTimeBeforeScaleDown: Duration.minutes(5),
      subnetId:
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/train",
      userAssignedIdentityIds: ["/subscriptions/s/x/userAssignedIdentities/train"],
    });
    await session.settle();
    const p = one("spot-compute", COMPUTE).inputs;
    assert.equal(p.properties.properties.vmPriority, "LowPriority");
    assert.equal(p.properties.properties.enableNodePublicIp, false);
    assert.deepEqual(p.properties.properties.subnet, {
      id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/train",
    });
    assert.deepEqual(p.properties.properties.scaleSettings, {
      minNodeCount: 0,
      maxNodeCount: 10,
      nodeIdleTimeBeforeScaleDown: "PT300S",
    });
    assert.deepEqual(p.identity, {
      type: "UserAssigned",
      userAssignedIdentities: ["/subscriptions/s/x/userAssignedIdentities/train"],
    });
  });

  it("keeps a floor only with a reason, written as the tag the scale-to-zero rule reads", async () => {
    new TrainingCluster("warm", {
      workspace,
      minNodeCount: 1,
      alwaysOnReason: "hourly scoring must start within a minute",
      workspaceManagedNetwork: true,
    });
    await session.settle();
    const p = one("warm-compute", COMPUTE).inputs;
    assert.equal(p.properties.properties.scaleSettings.minNodeCount, 1);
    assert.equal(p.properties.properties.enableNodePublicIp, false);
    assert.deepEqual(p.tags, {
      "mlops-always-on-reason": "hourly scoring must start within a minute",
    });
  });

  const bad: [string, () => unknown, string, RegExp][] = [
    [
      "a non-zero floor without a reason",
      () => new TrainingCluster("bad1", { workspace, minNodeCount: 2 }),
      "CONFLICT",
      /^minNodeCount$/,
    ],
    [
      "a blank reason",
      () => new TrainingCluster("bad2", { workspace, minNodeCount: 1, alwaysOnReason: "  " }),
      "CONFLICT",
      /^minNodeCount$/,
    ],
    [
      "a floor above the ceiling",
      () =>
        new TrainingCluster("bad3", {
          workspace,
          minNodeCount: 5,
          maxNodeCount: 2,
          alwaysOnReason: "x",
        }),
      "OUT_OF_RANGE",
      /^minNodeCount$/,
    ],
    [
      "zero max nodes",
      () => new TrainingCluster("bad4", { workspace, maxNodeCount: 0 }),
      "OUT_OF_RANGE",
      /^maxNodeCount$/,
    ],
    [
      "a non-ISO idle time",
      () => new TrainingCluster("bad5", { workspace, idleTimeBeforeScaleDown: "2 minutes" }),
      "INVALID_FORMAT",
      /^idleTimeBeforeScaleDown$/,
    ],
    [
      "an unknown priority",
      () => new TrainingCluster("bad6", { workspace, vmPriority: "Spot" as never }),
      "NOT_ALLOWED",
      /^vmPriority$/,
    ],
    [
      "no public IP without a private network",
      () => new TrainingCluster("bad7", { workspace, nodePublicIp: false }),
      "CONFLICT",
      /^nodePublicIp$/,
    ],
    [
      "a compute name Azure refuses (33 characters)",
      () => new TrainingCluster("bad8", { workspace, computeName: "a".repeat(33) }),
      "INVALID_FORMAT",
      /^computeName$/,
    ],
    [
      "a missing workspace name",
      () => new TrainingCluster("bad9", { workspace: { resourceGroupName: "rg" } as never }),
      "REQUIRED",
      /^workspace\.workspaceName$/,
    ],
  ];
  for (const [what, make, code, prop] of bad) {
    it(`rejects ${what} before registering anything`, () => rejects(make, code as never, prop));
  }
});

describe("planScaleSettings", () => {
  it("renders whole seconds as Azure's ISO duration", () => {
    assert.deepEqual(
      planScaleSettings({ component: "T" }, { idleTimeBeforeScaleDown: "PT1H30M" }),
      { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: "PT5400S" },
    );
  });
});
