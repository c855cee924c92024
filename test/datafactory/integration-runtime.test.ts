import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { Duration, Recurrence } from "../../lib/core";
import { DataBackupSchedule } from "../../lib/backup";
import { ruleContext } from "../../lib/policy";
import { parquetJavaRuntime } from "../../lib/policy/rules";
import {
  connectVia,
  DataFactory,
  DEFAULT_JAVA_INSTALLER,
  DEFAULT_RUNTIME_INSTALL_SCRIPT,
  ManagedIntegrationRuntime,
  managedRuntimeProperties,
  nodeSetupCommand,
  planSelfHostedRuntime,
  RUNTIME_JAVA_TAG,
  RUNTIME_NODE_TAG,
  SelfHostedIntegrationRuntime,
  SelfHostedIntegrationRuntimeArgs,
} from "../../lib/datafactory";
import * as path from "path";
import { buildPlan, MASK, PlanDocument, policyResources } from "../../lib/plan";
import { cliIn, pooled, ROOT } from "../support/cli";
import { everyFormat, emptyBase } from "../support/plan-formats";

/*
 * Sources (each checked with the search tool):
 * - Microsoft quickstart "Self-host Integration Runtime on Azure VMs":
 *   github.com/Azure/azure-quickstart-templates quickstarts/microsoft.compute/
 *   vms-with-selfhost-integration-runtime (nested/IRInstall.bicep: CustomScriptExtension,
 *   `fileUris: [scriptUrl]`, `protectedSettings.commandToExecute: 'powershell.exe
 *   -ExecutionPolicy Unrestricted -File gatewayInstall.ps1 <listAuthKeys(...).authKey1>'`;
 *   gatewayInstall.ps1: MSI from go.microsoft.com/fwlink/?linkid=839822, `dmgcmd -era 8060`,
 *   `dmgcmd -k <key>`, then Microsoft OpenJDK 11 from aka.ms/download-jdk/...). Terraform azurerm
 *   acceptance tests pin the script at commit 00b79d2102c88b56502a63041936ef4dd62cf725.
 * - Node limit: Learn "Create and configure a self-hosted integration runtime"
 *   (MicrosoftDocs/azure-docs articles/data-factory/create-self-hosted-integration-runtime.md,
 *   "High availability and scalability"): "You can have up to four nodes associated with a
 *   self-hosted integration runtime". Java: Learn "Parquet format in Azure Data Factory", "Using
 *   Self-hosted Integration Runtime": a 64-bit JRE 8, or OpenJDK with JAVA_HOME set (IR 3.13+).
 * - Metrics: Learn "Supported metrics for Microsoft.DataFactory/factories" (azure-docs
 *   metrics-supported tables): IntegrationRuntimeCpuPercentage (Percent, Average,
 *   IntegrationRuntimeName + NodeName), IntegrationRuntimeAvailableMemory (Bytes, Average,
 *   IntegrationRuntimeName + NodeName), IntegrationRuntimeQueueLength (Count, Average,
 *   IntegrationRuntimeName), IntegrationRuntimeAverageTaskPickupDelay (Seconds, Average,
 *   IntegrationRuntimeName).
 * - Managed runtime data flows: REST IntegrationRuntimeDataFlowProperties (`@azure/arm-datafactory`
 *   docs: "coreCount ... Supported values are: 8, 16, 32, 48, 80, 144 and 272", "timeToLive (in
 *   minutes)"); Terraform azurerm data_factory_integration_runtime_azure_resource.go
 *   (`core_count` IntInSlice 8..272, `time_to_live_min` integer default 0).
 * - Autoscale: monitor REST autoscale_API.json (timeWindow 5 minutes to 12 hours, cooldown
 *   1 minute to 1 week; metricTrigger.dimensions with operator Equals).
 */

const session = mocks();
const SUB = "00000000-0000-0000-0000-000000000000";
const RG = "rg-ir";
const FACTORY_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/adf-ir`;
const SUBNET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/ir`;
const PLANTED_PASSWORD = "Planted-Passw0rd-7351";
const adf = new DataFactory("ir-adf", { resourceGroupName: RG, factoryName: "adf-ir" });

const base: SelfHostedIntegrationRuntimeArgs = {
  factory: adf,
  nodes: { subnetId: SUBNET, adminPassword: PLANTED_PASSWORD },
};
new SelfHostedIntegrationRuntime("ir-shir", {
  ...base,
  runtimeName: "shir-1",
  scaling: { minNodes: 1, maxNodes: 4 },
  alerts: { actionGroupIds: ["/subscriptions/x/ag"], cpuPercent: 90 },
  tags: { workload: "mlops" },
});
new SelfHostedIntegrationRuntime("ir-nojava", {
  ...base,
  runtimeName: "shir-nojava",
  nodes: { ...base.nodes, installJava: false },
  scaling: { minNodes: 2, maxNodes: 2 },
  alerts: false,
});
new ManagedIntegrationRuntime("ir-eu", {
  factory: adf,
  runtimeName: "azure-weu",
  region: "westeurope",
  dataFlows: { coreCount: 16, computeType: "MemoryOptimized", timeToLive: Duration.minutes(10) },
});

const reject = (args: Partial<SelfHostedIntegrationRuntimeArgs>, prop: RegExp, code: any) =>
  rejects(
    () => new SelfHostedIntegrationRuntime("ir-bad", { ...base, ...args } as any),
    code,
    prop,
  );

describe("SelfHostedIntegrationRuntime (inputs Azure receives)", () => {
  before(() => session.settle());

  it("creates a SelfHosted integration runtime in the factory", () => {
    const ir = one("ir-shir-runtime", "azure-native:datafactory:IntegrationRuntime");
    assert.equal(ir.inputs.integrationRuntimeName, "shir-1");
    assert.equal(ir.inputs.factoryName, "adf-ir");
    assert.equal(ir.inputs.resourceGroupName, RG);
    assert.deepEqual(ir.inputs.properties, { type: "SelfHosted" });
  });

  it("runs the nodes on a Windows scale set, not overprovisioned, minNodes VMs to start with", () => {
    const vmss = one("ir-shir-nodes", "azure-native:compute:VirtualMachineScaleSet");
    assert.deepEqual(vmss.inputs.sku, { name: "Standard_D4s_v3", tier: "Standard", capacity: 1 });
    assert.equal(vmss.inputs.overprovision, false);
    assert.equal(vmss.inputs.orchestrationMode, "Uniform");
    const p = vmss.inputs.virtualMachineProfile;
    assert.equal(p.storageProfile.imageReference.publisher, "MicrosoftWindowsServer");
    assert.equal(p.osProfile.computerNamePrefix, "irshir");
    assert.equal(
      p.networkProfile.networkInterfaceConfigurations[0].ipConfigurations[0].subnet.id,
      SUBNET,
    );
    assert.deepEqual(vmss.inputs.tags, {
      workload: "mlops",
      [RUNTIME_NODE_TAG]: "shir-1",
      [RUNTIME_JAVA_TAG]: "microsoft-jdk-11",
    });
  });

  it("installs Java and the runtime with the quickstart's CustomScriptExtension, key in protectedSettings", () => {
    const vmss = one("ir-shir-nodes", "azure-native:compute:VirtualMachineScaleSet");
    const [ext] = vmss.inputs.virtualMachineProfile.extensionProfile.extensions;
    assert.equal(ext.publisher, "Microsoft.Compute");
    assert.equal(ext.type, "CustomScriptExtension");
    assert.deepEqual(ext.settings.fileUris, [
      DEFAULT_RUNTIME_INSTALL_SCRIPT,
      DEFAULT_JAVA_INSTALLER,
    ]);
    const cmd: string = ext.protectedSettings.commandToExecute;
    assert.match(cmd, /^powershell\.exe -ExecutionPolicy Unrestricted -Command "/);
    // Java first (its JAVA_HOME is read when the runtime's service starts), then registration.
    const java = cmd.indexOf(
      "msiexec.exe -Wait -ArgumentList '/i microsoft-jdk-11.0.19-windows-x64.msi",
    );
    const register = cmd.indexOf(".\\gatewayInstall.ps1 'IR@");
    assert.ok(java > 0 && register > java, cmd);
    assert.match(cmd, /FeatureJavaHome/);
    assert.match(cmd, /@adf-ir@ServiceEndpoint=adf-ir\.westeurope\.datafactory\.azure\.net@/);
    // Nothing secret outside protectedSettings (settings and custom data are readable by anyone
    // who can read the scale set).
    assert.doesNotMatch(JSON.stringify(ext.settings), /IR@/);
    assert.equal(vmss.inputs.virtualMachineProfile.osProfile.customData, undefined);
  });

  it("keeps the auth key and the admin password Pulumi secrets in the state", () => {
    const vmss = one("ir-shir-nodes", "azure-native:compute:VirtualMachineScaleSet");
    const paths = vmss.secretPaths.join(" ");
    assert.match(
      paths,
      /virtualMachineProfile\.extensionProfile\.extensions\[0\]\.protectedSettings/,
    );
    assert.match(paths, /virtualMachineProfile\.osProfile\.adminPassword/);
  });

  it("without Java: no JDK in fileUris or the command, and no Java tag", () => {
    const vmss = one("ir-nojava-nodes", "azure-native:compute:VirtualMachineScaleSet");
    const [ext] = vmss.inputs.virtualMachineProfile.extensionProfile.extensions;
    assert.deepEqual(ext.settings.fileUris, [DEFAULT_RUNTIME_INSTALL_SCRIPT]);
    assert.doesNotMatch(ext.protectedSettings.commandToExecute, /msiexec/);
    assert.equal(vmss.inputs.tags[RUNTIME_JAVA_TAG], undefined);
    assert.equal(vmss.inputs.sku.capacity, 2);
  });

  it("autoscales the scale set on the runtime's queue length and CPU, within 1-4 nodes", () => {
    const as = one("ir-shir-autoscale", "azure-native:monitor:AutoscaleSetting");
    assert.equal(as.inputs.enabled, true);
    const vmss = one("ir-shir-nodes", "azure-native:compute:VirtualMachineScaleSet");
    assert.equal(as.inputs.targetResourceUri, vmss.id);
    const [profile] = as.inputs.profiles;
    assert.deepEqual(profile.capacity, { minimum: "1", maximum: "4", default: "1" });
    const rules = profile.rules.map((r: any) => [
      r.metricTrigger.metricName,
      r.metricTrigger.operator,
      r.metricTrigger.threshold,
      r.scaleAction.direction,
    ]);
    assert.deepEqual(rules, [
      ["IntegrationRuntimeQueueLength", "GreaterThan", 4, "Increase"],
      ["IntegrationRuntimeCpuPercentage", "GreaterThan", 70, "Increase"],
      ["IntegrationRuntimeCpuPercentage", "LessThan", 25, "Decrease"],
    ]);
    for (const r of profile.rules) {
      assert.equal(r.metricTrigger.metricResourceUri, FACTORY_ID);
      assert.equal(r.metricTrigger.metricNamespace, "Microsoft.DataFactory/factories");
      assert.deepEqual(r.metricTrigger.dimensions, [
        { dimensionName: "IntegrationRuntimeName", operator: "Equals", values: ["shir-1"] },
      ]);
      assert.equal(r.metricTrigger.timeWindow, "PT10M");
      assert.deepEqual(r.scaleAction, {
        direction: r.scaleAction.direction,
        type: "ChangeCount",
        value: "1",
        cooldown: "PT15M",
      });
    }
  });

  it("a fixed node count (minNodes = maxNodes) has no autoscale setting", () => {
    assert.equal(session.named("ir-nojava-autoscale").length, 0);
  });

  it("creates four capacity alerts on the factory's runtime metrics, per node where Azure splits by node", () => {
    const get = (role: string) => one(`ir-shir-${role}`, "azure-native:monitor:MetricAlert").inputs;
    const crit = (role: string) => get(role).criteria.allOf[0];
    assert.deepEqual(get("cpu").scopes, [FACTORY_ID]);
    assert.equal(get("cpu").targetResourceType, "Microsoft.DataFactory/factories");
    assert.deepEqual(get("cpu").actions, [{ actionGroupId: "/subscriptions/x/ag" }]);
    assert.equal(get("cpu").evaluationFrequency, "PT5M");
    assert.equal(get("cpu").windowSize, "PT15M");
    assert.equal(get("cpu").severity, 2);
    const ir = { name: "IntegrationRuntimeName", operator: "Include", values: ["shir-1"] };
    const node = { name: "NodeName", operator: "Include", values: ["*"] };
    assert.deepEqual(
      ["cpu", "memory", "queue", "pickup"].map((r) => {
        const c = crit(r);
        return [c.metricName, c.operator, c.threshold, c.timeAggregation, c.dimensions];
      }),
      [
        ["IntegrationRuntimeCpuPercentage", "GreaterThan", 90, "Average", [ir, node]],
        [
          "IntegrationRuntimeAvailableMemory",
          "LessThan",
          1024 * 1024 * 1024,
          "Average",
          [ir, node],
        ],
        ["IntegrationRuntimeQueueLength", "GreaterThan", 10, "Average", [ir]],
        ["IntegrationRuntimeAverageTaskPickupDelay", "GreaterThan", 60, "Average", [ir]],
      ],
    );
  });

  it("alerts: false creates no alert", () => {
    assert.equal(
      session.named("ir-nojava").filter((r) => r.type === "azure-native:monitor:MetricAlert")
        .length,
      0,
    );
  });

  it("connectVia references the runtime by name", () => {
    assert.deepEqual(connectVia("shir-1"), {
      referenceName: "shir-1",
      type: "IntegrationRuntimeReference",
    });
  });
});

describe("SelfHostedIntegrationRuntime validation (nothing registers)", () => {
  it("refuses more than 4 nodes, Azure's limit for one self-hosted runtime", async () => {
    await reject({ scaling: { maxNodes: 5 } }, /^scaling\.maxNodes$/, "OUT_OF_RANGE");
    await reject({ scaling: { minNodes: 5, maxNodes: 5 } }, /^scaling\.minNodes$/, "OUT_OF_RANGE");
    assert.throws(
      () => planSelfHostedRuntime("shir-x", { ...base, scaling: { maxNodes: 5 } }),
      /'scaling\.maxNodes' must be an integer between 1 and 4, got 5.*at most 4 nodes/s,
    );
  });
  it("accepts exactly 4 nodes", () => {
    assert.equal(
      planSelfHostedRuntime("shir-x", { ...base, scaling: { maxNodes: 4 } }).maxNodes,
      4,
    );
  });
  it("refuses zero nodes and minNodes above maxNodes", async () => {
    await reject({ scaling: { minNodes: 0 } }, /^scaling\.minNodes$/, "OUT_OF_RANGE");
    await reject({ scaling: { minNodes: 3, maxNodes: 2 } }, /^scaling\.minNodes$/, "CONFLICT");
  });
  it("refuses a scale-in CPU threshold at or above the scale-out one (flapping)", async () => {
    await reject(
      { scaling: { scaleOutCpuPercent: 60, scaleInCpuPercent: 60 } },
      /^scaling\.scaleInCpuPercent$/,
      "CONFLICT",
    );
  });
  it("refuses an autoscale window outside 5 minutes-12 hours and a cooldown outside 1 minute-7 days", async () => {
    await reject({ scaling: { window: Duration.minutes(4) } }, /^scaling\.window$/, "OUT_OF_RANGE");
    await reject({ scaling: { window: Duration.hours(13) } }, /^scaling\.window$/, "OUT_OF_RANGE");
    await reject(
      { scaling: { cooldown: Duration.seconds(30) } },
      /^scaling\.cooldown$/,
      "OUT_OF_RANGE",
    );
    await reject(
      { scaling: { cooldown: Duration.days(8) } },
      /^scaling\.cooldown$/,
      "OUT_OF_RANGE",
    );
    assert.ok(
      planSelfHostedRuntime("shir-x", {
        ...base,
        scaling: { window: Duration.minutes(5), cooldown: Duration.days(7) },
      }),
    );
  });
  it("validates alert thresholds", async () => {
    await reject({ alerts: { cpuPercent: 0 } }, /^alerts\.cpuPercent$/, "OUT_OF_RANGE");
    await reject({ alerts: { cpuPercent: 101 } }, /^alerts\.cpuPercent$/, "OUT_OF_RANGE");
    await reject(
      { alerts: { availableMemoryMiB: 0.5 } },
      /^alerts\.availableMemoryMiB$/,
      "OUT_OF_RANGE",
    );
    await reject({ alerts: { queueLength: 0 } }, /^alerts\.queueLength$/, "OUT_OF_RANGE");
    await reject(
      { alerts: { pickupDelay: Duration.seconds(0) } },
      /^alerts\.pickupDelay$/,
      "OUT_OF_RANGE",
    );
    await reject({ alerts: { severity: 5 as any } }, /^alerts\.severity$/, "NOT_ALLOWED");
    await reject(
      { alerts: { evaluationFrequency: Duration.minutes(2) } },
      /^alerts\.evaluationFrequency$/,
      "NOT_ALLOWED",
    );
    await reject({ alerts: { cpuPercnt: 80 } as any }, /^alerts\.cpuPercnt$/, "NOT_ALLOWED");
  });
  it("refuses a missing subnet or password, a bad name, and a factory reference without factoryId", async () => {
    await reject({ nodes: { adminPassword: "x" } as any }, /^nodes\.subnetId$/, "REQUIRED");
    await reject({ nodes: { subnetId: SUBNET } as any }, /^nodes\.adminPassword$/, "REQUIRED");
    await reject({ runtimeName: "a_b" }, /^runtimeName$/, "INVALID_NAME");
    await reject({ runtimeName: "ab" }, /^runtimeName$/, "INVALID_NAME");
    await reject(
      { factory: { resourceGroupName: RG, factoryName: "adf-ir" } },
      /^factoryId$/,
      "REQUIRED",
    );
  });
  it("refuses a computer name prefix Windows cannot take, and non-https installer URLs", async () => {
    await reject(
      { nodes: { ...base.nodes, computerNamePrefix: "toolongprefix" } },
      /^nodes\.computerNamePrefix$/,
      "INVALID_FORMAT",
    );
    await reject(
      { nodes: { ...base.nodes, javaInstallerUri: "http://example.com/jdk.msi" } },
      /^nodes\.javaInstallerUri$/,
      "INVALID_FORMAT",
    );
  });
  it("quotes a key with a single quote for PowerShell", () => {
    const plan = planSelfHostedRuntime("shir-x", base);
    assert.match(nodeSetupCommand(plan, "IR@a'b"), /'IR@a''b'/);
  });
});

describe("ManagedIntegrationRuntime", () => {
  before(() => session.settle());

  it("sends the region and the data-flow cluster with its time to live in minutes", () => {
    const ir = one("ir-eu-runtime", "azure-native:datafactory:IntegrationRuntime");
    assert.equal(ir.inputs.integrationRuntimeName, "azure-weu");
    assert.deepEqual(ir.inputs.properties, {
      type: "Managed",
      computeProperties: {
        location: "westeurope",
        dataFlowProperties: { computeType: "MemoryOptimized", coreCount: 16, timeToLive: 10 },
      },
    });
  });
  it("defaults to AutoResolve, General, 8 cores, no time to live", () => {
    const p = managedRuntimeProperties("managed-x", { factory: adf });
    assert.deepEqual(p.computeProperties, {
      location: "AutoResolve",
      dataFlowProperties: { computeType: "General", coreCount: 8, timeToLive: 0 },
    });
  });
  it("refuses core counts Azure does not offer, a retired compute type, a TTL in seconds", () => {
    const bad = (dataFlows: any, prop: RegExp) =>
      assert.throws(
        () => managedRuntimeProperties("managed-x", { factory: adf, dataFlows }),
        (e: any) => prop.test(e.prop),
      );
    bad({ coreCount: 12 }, /^dataFlows\.coreCount$/);
    bad({ computeType: "ComputeOptimized" }, /^dataFlows\.computeType$/);
    bad({ timeToLive: Duration.seconds(90) }, /^dataFlows\.timeToLive$/);
    bad({ timeToLive: "PT10M" }, /^dataFlows\.timeToLive$/);
    for (const coreCount of [8, 16, 32, 48, 80, 144, 272] as const)
      assert.ok(managedRuntimeProperties("managed-x", { factory: adf, dataFlows: { coreCount } }));
  });
  it("refuses a region not written as ARM writes it", () => {
    assert.throws(
      () => managedRuntimeProperties("managed-x", { factory: adf, region: "West Europe" }),
      /'region' must be an Azure region name/,
    );
  });
});

describe("the auth key in the plan (a planted key)", () => {
  it("reaches no plan format; the scale set's protected settings and password show as masked", async () => {
    await session.settle();
    const vmss = one("ir-shir-nodes", "azure-native:compute:VirtualMachineScaleSet");
    const planted: string =
      vmss.inputs.virtualMachineProfile.extensionProfile.extensions[0].protectedSettings
        .commandToExecute;
    const key = /'(IR@[^']+)'/.exec(planted)![1];
    assert.ok(key.length > 40, key);
    const plan = buildPlan(session.named("ir-"), {
      from: new Date("2026-12-01T00:00:00Z"),
      program: "integration-runtime",
      days: 1,
    });
    const shown = plan.resources.find((r) => r.name === "ir-shir-nodes")!.inputs;
    const ext = shown.virtualMachineProfile.extensionProfile.extensions[0];
    assert.equal(ext.protectedSettings, MASK);
    assert.equal(shown.virtualMachineProfile.osProfile.adminPassword, MASK);
    for (const [format, out] of Object.entries(everyFormat(plan, emptyBase(plan)))) {
      for (const secret of [
        key,
        key.split("@")[1],
        PLANTED_PASSWORD,
        Buffer.from(key).toString("base64"),
      ])
        assert.ok(!out.includes(secret), `${format} shows ${secret}`);
    }
  });
});

describe("pipelines and the data backup on a runtime (connectVia), rule parquet-java-runtime", () => {
  const FROM = new Date("2026-12-01T00:00:00Z");
  const lake = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/lakeir`;
  const backup = (name: string, runtime: SelfHostedIntegrationRuntime | string, format: any) =>
    new DataBackupSchedule(name, {
      factory: adf,
      source: { accountId: lake, container: "landing", format },
      destination: { resourceGroupName: RG, accountName: `${name.replace(/-/g, "")}bk` },
      schedule: Recurrence.daily({ at: "01:00" }),
      integrationRuntime: runtime,
    });
  const findings = (prefix: string) =>
    parquetJavaRuntime.check(
      ruleContext(policyResources(session.resources.filter((r) => r.name.startsWith(prefix))), {
        now: FROM,
      }),
    );
  let withJava: SelfHostedIntegrationRuntime;
  let noJava: SelfHostedIntegrationRuntime;
  before(async () => {
    withJava = new SelfHostedIntegrationRuntime("pj-java", {
      ...base,
      runtimeName: "pj-java",
      alerts: false,
    });
    noJava = new SelfHostedIntegrationRuntime("pj-nojava", {
      ...base,
      runtimeName: "pj-nojava",
      nodes: { ...base.nodes, installJava: false },
      alerts: false,
    });
    backup("pj-csv-ok", withJava, "delimited");
    backup("pj-csv-bad", noJava, "delimited");
    backup("pj-bin", noJava, "binary");
    await session.settle();
  });

  it("the backup's linked services connect via the runtime and depend on it", () => {
    for (const role of ["source", "backup"]) {
      const ls = one(`pj-csv-ok-${role}-ls`, "azure-native:datafactory:LinkedService");
      assert.deepEqual(ls.inputs.properties.connectVia, {
        referenceName: "pj-java",
        type: "IntegrationRuntimeReference",
      });
      // Depending on the component means depending on its children, the runtime among them.
      assert.ok(
        (ls.dependencies ?? []).some((d) => d.endsWith("IntegrationRuntime::pj-java-runtime")),
        `${role}: ${ls.dependencies}`,
      );
    }
  });

  it("without integrationRuntime the linked services have no connectVia (the Azure runtime)", async () => {
    new DataBackupSchedule("pj-azure", {
      factory: adf,
      source: { accountId: lake, container: "landing" },
      destination: { resourceGroupName: RG, accountName: "pjazurebk" },
      schedule: Recurrence.daily({ at: "01:00" }),
    });
    await session.settle();
    const ls = one("pj-azure-source-ls", "azure-native:datafactory:LinkedService");
    assert.equal(ls.inputs.properties.connectVia, undefined);
  });

  it("flags a CSV-to-Parquet backup on a self-hosted runtime without Java", () => {
    const f = findings("pj-csv-bad");
    assert.equal(f.length, 0, "the runtime is outside the prefix: nothing to judge");
    const all = findings("pj-");
    assert.equal(all.length, 1, JSON.stringify(all));
    assert.match(all[0].resource, /pj-csv-bad-copy/);
    assert.match(
      all[0].message,
      /activity 'BackupData' on self-hosted integration runtime pj-nojava, whose nodes declare no Java/,
    );
  });

  it("accepts the same backup on a runtime with Java, and a binary copy without Java", () => {
    const all = findings("pj-");
    assert.ok(!all.some((f) => /pj-csv-ok|pj-bin/.test(f.resource)));
  });

  it("refuses an invalid runtime name in DataBackupSchedule.integrationRuntime", async () => {
    await rejects(
      () => backup("pj-badname", "a_b" as any, "binary"),
      "INVALID_NAME",
      /^integrationRuntime$/,
    );
  });
});

describe("stacks/platform plans the exports runtime (plan shows resources, alerts, masked key)", () => {
  let plan: PlanDocument;
  let text: string;
  before(async function () {
    this.timeout(300_000);
    const dir = path.join(ROOT, "stacks/platform");
    const args = ["plan", ".", "--stack", "dev", "--from", "2026-11-27T00:00:00Z"];
    const [json, txt] = await pooled(
      [() => cliIn(dir, ...args, "--format", "json"), () => cliIn(dir, ...args)],
      2,
    );
    assert.equal(json.code, 0, json.err);
    plan = JSON.parse(json.out);
    text = txt.out;
  });

  it("lists the runtime, its scale set, its autoscale setting and its four alerts", () => {
    const types = plan.resources
      .filter((r) => r.name.startsWith("exports-runtime"))
      .map((r) => `${r.type} ${r.name}`)
      .sort();
    assert.deepEqual(types, [
      "azure-native:compute:VirtualMachineScaleSet exports-runtime-nodes",
      "azure-native:datafactory:IntegrationRuntime exports-runtime-runtime",
      "azure-native:monitor:AutoscaleSetting exports-runtime-autoscale",
      "azure-native:monitor:MetricAlert exports-runtime-cpu",
      "azure-native:monitor:MetricAlert exports-runtime-memory",
      "azure-native:monitor:MetricAlert exports-runtime-pickup",
      "azure-native:monitor:MetricAlert exports-runtime-queue",
      "mlops:datafactory:SelfHostedIntegrationRuntime exports-runtime",
    ]);
    assert.match(text, /exports-runtime-nodes/);
  });

  it("shows the extension's protected settings and the admin password masked, no key anywhere", () => {
    const vmss = plan.resources.find((r) => r.name === "exports-runtime-nodes")!;
    const p = vmss.inputs.virtualMachineProfile;
    assert.equal(p.extensionProfile.extensions[0].protectedSettings, MASK);
    assert.equal(p.osProfile.adminPassword, MASK);
    assert.doesNotMatch(JSON.stringify(plan), /IR@[0-9a-f-]{36}@/);
    assert.doesNotMatch(text, /IR@[0-9a-f-]{36}@/);
  });
});
