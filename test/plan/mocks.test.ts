import { strict as assert } from "assert";
import * as monitor from "@pulumi/azure-native/monitor";
import * as storage from "@pulumi/azure-native/storage";
import * as authorization from "@pulumi/azure-native/authorization";
import { mocks } from "../support/mocks";

const session = mocks();
const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";

describe("installMocks ARM ids", () => {
  it("gives types outside the fixed table the id Azure would give them", async () => {
    new monitor.MetricAlert("ids-alert", {
      resourceGroupName: "rg-ids",
      ruleName: "adf-failed-runs",
      location: "global",
      severity: 1,
      enabled: true,
      scopes: ["x"],
      evaluationFrequency: "PT5M",
      windowSize: "PT15M",
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [],
      },
    });
    new storage.ManagementPolicy("ids-lifecycle", {
      resourceGroupName: "rg-ids",
      accountName: "idsbackup",
      managementPolicyName: "default",
      policy: { rules: [] },
    });
    new authorization.RoleAssignment("ids-grant", {
      scope: `${SUB}/resourceGroups/rg-ids`,
      principalId: "p",
      roleDefinitionId: "r",
    });
    await session.settle();
    const id = (prefix: string) => session.named(prefix)[0].id;
    assert.equal(
      id("ids-alert"),
      `${SUB}/resourceGroups/rg-ids/providers/Microsoft.Insights/metricAlerts/adf-failed-runs`,
    );
    assert.equal(
      id("ids-lifecycle"),
      `${SUB}/resourceGroups/rg-ids/providers/Microsoft.Storage/storageAccounts/idsbackup/managementPolicies/default`,
    );
    assert.match(
      id("ids-grant")!,
      /^\/subscriptions\/0{8}-0{4}-0{4}-0{4}-0{12}\/resourceGroups\/rg-ids\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f]{8}-[0-9a-f]{4}-/,
    );
  });
});
