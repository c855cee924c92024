import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import * as datafactory from "@pulumi/azure-native/datafactory";
import * as monitor from "@pulumi/azure-native/monitor";
import { Duration } from "../core/duration";
import type * as inputs from "@pulumi/azure-native/types/input";
import { Check, ValidationContext } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import { checkArgs, componentOptions, Opt } from "../core/options";
import {
  checkMetricAlertTiming,
  metricAlertArgs,
  StaticMetricCondition,
} from "../monitoring/metric-alert";
import { AlertSeverity, checkSeverity } from "../monitoring/limits";
import { checkFactoryInput, factoryCoordinates, FactoryInput } from "./factory";
import { FACTORY_REFERENCE } from "./option-shapes";
import { RUNTIME_JAVA_TAG, RUNTIME_NODE_TAG } from "./runtime-names";

/**
 * Azure's limits for integration runtimes, each with its source.
 *
 * - A self-hosted integration runtime has at most 4 nodes: Learn, "Create and configure a
 *   self-hosted integration runtime", section "High availability and scalability" ("You can have
 *   up to four nodes associated with a self-hosted integration runtime").
 * - Managed (Azure) runtime data flows: `coreCount` one of 8, 16, 32, 48, 80, 144, 272 and
 *   `timeToLive` in minutes (REST `IntegrationRuntimeDataFlowProperties`, `@azure/arm-datafactory`;
 *   Terraform azurerm `data_factory_integration_runtime_azure_resource.go`: `core_count`
 *   `IntInSlice(8, 16, 32, 48, 80, 144, 272)`, `time_to_live_min` an integer, default 0).
 */
export const INTEGRATION_RUNTIME_LIMITS = {
  /** Nodes per self-hosted integration runtime. */
  maxSelfHostedNodes: 4,
  /** Data-flow cluster core counts of a managed runtime. */
  dataFlowCoreCounts: [8, 16, 32, 48, 80, 144, 272] as const,
  /** Data-flow compute types (`ComputeOptimized` is retired for new runtimes). */
  dataFlowComputeTypes: ["General", "MemoryOptimized"] as const,
  /** Windows VM scale sets: `computerNamePrefix` is 1-9 characters (Learn, resource-name-rules). */
  windowsComputerNamePrefixMax: 9,
} as const;

/** Integration runtime names (REST `integrationRuntimeName`: 3-63, like a factory name). */
const RUNTIME_NAME_RULE = NAMING_RULES.factory;

/**
 * Microsoft's quickstart "Self-host Integration Runtime on Azure VMs"
 * (github.com/Azure/azure-quickstart-templates, quickstarts/microsoft.compute/
 * vms-with-selfhost-integration-runtime): a `CustomScriptExtension` downloads `gatewayInstall.ps1`,
 * which installs the runtime MSI, enables remote access between nodes (`dmgcmd -era 8060`) and
 * registers the node (`dmgcmd -k <authKey1>`); the key is passed in `protectedSettings`. Pinned to
 * the revision Terraform azurerm's acceptance tests run (`data_factory_integration_runtime_self_hosted
 * _resource_test.go`), which registers and nothing else.
 */
export const DEFAULT_RUNTIME_INSTALL_SCRIPT =
  "https://raw.githubusercontent.com/Azure/azure-quickstart-templates/00b79d2102c88b56502a63041936ef4dd62cf725/101-vms-with-selfhost-integration-runtime/gatewayInstall.ps1";

/**
 * The Microsoft Build of OpenJDK 11 MSI (the JDK the quickstart's current script installs). Learn,
 * "Parquet format in Azure Data Factory" ("Using Self-hosted Integration Runtime"; ORC likewise):
 * Parquet and ORC need a 64-bit JRE 8, or an OpenJDK found through the system variable
 * `JAVA_HOME`, on the runtime's machines. The MSI's `FeatureJavaHome` sets `JAVA_HOME`.
 */
export const DEFAULT_JAVA_INSTALLER =
  "https://aka.ms/download-jdk/microsoft-jdk-11.0.19-windows-x64.msi";

/** Checks `runtimeName` (or the Pulumi name it defaults to) and `description`; returns the name. */
function checkRuntimeIdentity(
  check: Check,
  ctx: ValidationContext,
  name: string,
  args: { readonly runtimeName?: string; readonly description?: string },
): string {
  check.type("runtimeName", args.runtimeName, "string");
  const runtimeName = args.runtimeName ?? name;
  checkName(
    ctx,
    args.runtimeName === undefined ? "name" : "runtimeName",
    runtimeName,
    RUNTIME_NAME_RULE,
  );
  check.type("description", args.description, "string");
  return runtimeName;
}

/** The metrics namespace Data Factory emits its integration runtime metrics in. */
export const FACTORY_METRICS_NAMESPACE = "Microsoft.DataFactory/factories";

/**
 * Integration runtime metrics of `Microsoft.DataFactory/factories` (Learn, "Supported metrics for
 * Microsoft.DataFactory/factories"): CPU percent and available memory (bytes) per
 * `IntegrationRuntimeName` and `NodeName`; queue length (count) and average task pickup delay
 * (seconds) per `IntegrationRuntimeName`. All aggregated as Average.
 */
export const RUNTIME_METRICS = {
  cpu: "IntegrationRuntimeCpuPercentage",
  availableMemory: "IntegrationRuntimeAvailableMemory",
  queueLength: "IntegrationRuntimeQueueLength",
  pickupDelay: "IntegrationRuntimeAverageTaskPickupDelay",
} as const;

/** A runtime pipelines and linked services run on: one of ours, or its name in the factory. */
export type IntegrationRuntimeInput =
  | SelfHostedIntegrationRuntime
  | ManagedIntegrationRuntime
  | string;

/** The `connectVia` of a linked service (or `integrationRuntime` of a data flow) on `runtime`. */
export function connectVia(runtime: IntegrationRuntimeInput): {
  referenceName: string;
  type: "IntegrationRuntimeReference";
} {
  const name = typeof runtime === "string" ? runtime : runtime.runtimeName;
  return { referenceName: name, type: "IntegrationRuntimeReference" };
}

/** Checks a `integrationRuntime` prop: one of our runtimes, or a valid runtime name. */
export function checkRuntimeInput(check: Check, prop: string, value: unknown): void {
  if (value === undefined) return;
  if (value instanceof SelfHostedIntegrationRuntime || value instanceof ManagedIntegrationRuntime)
    return;
  check.type(prop, value, "string", {
    hint: "Pass a SelfHostedIntegrationRuntime, a ManagedIntegrationRuntime or a runtime name.",
  });
  checkName(check.context, check.path(prop), value as string, RUNTIME_NAME_RULE);
}

// ---------------------------------------------------------------------------------------------
// Self-hosted runtime
// ---------------------------------------------------------------------------------------------

/** The VMs the runtime's nodes run on (a Windows VM scale set). */
export interface RuntimeNodesArgs {
  /** ARM id of the subnet the nodes join (they need outbound HTTPS to Azure and to the data). */
  readonly subnetId: pulumi.Input<string>;
  /** Administrator password of the VMs; kept a Pulumi secret. */
  readonly adminPassword: pulumi.Input<string>;
  /** Administrator user of the VMs. @default "iradmin" */
  readonly adminUsername?: pulumi.Input<string>;
  /**
   * VM size. The runtime's documented minimum is 4 cores and 8 GB of memory.
   * @default "Standard_D4s_v3"
   */
  readonly vmSize?: pulumi.Input<string>;
  /**
   * Prefix of the VMs' computer names, 1-9 letters, digits or hyphens (Windows scale sets).
   * @default - the first 9 letters and digits of the Pulumi name
   */
  readonly computerNamePrefix?: string;
  /**
   * Install a Java runtime (OpenJDK 11) on every node, which Parquet and ORC need on a
   * self-hosted runtime.
   * @default true
   */
  readonly installJava?: boolean;
  /** URL of the Java MSI installed when `installJava` is on. @default DEFAULT_JAVA_INSTALLER */
  readonly javaInstallerUri?: string;
  /**
   * URL of the script that installs and registers the runtime; it receives the auth key as its
   * only argument.
   * @default DEFAULT_RUNTIME_INSTALL_SCRIPT (Microsoft's quickstart)
   */
  readonly installScriptUri?: string;
}

/** Autoscale of the nodes on the runtime's own metrics. */
export interface RuntimeScalingArgs {
  /** Nodes kept at all times, 1-4. @default 1 */
  readonly minNodes?: number;
  /** Most nodes, 1-4 (Azure's limit for one self-hosted runtime). @default 2 */
  readonly maxNodes?: number;
  /** Add a node when the runtime's average queue length is above this (jobs waiting). @default 4 */
  readonly scaleOutQueueLength?: number;
  /** Add a node when the nodes' average CPU is above this percent. @default 70 */
  readonly scaleOutCpuPercent?: number;
  /** Remove a node when the nodes' average CPU is below this percent. @default 25 */
  readonly scaleInCpuPercent?: number;
  /** The window each rule averages over, 5 minutes to 12 hours. @default Duration.minutes(10) */
  readonly window?: Duration;
  /** Wait after a scale action before the next one, 1 minute to 7 days. @default Duration.minutes(15) */
  readonly cooldown?: Duration;
}

/** Capacity alerts on the runtime's metrics. */
export interface RuntimeAlertsArgs {
  /** ARM ids of the action groups to notify (e.g. `PipelineAlerts.actionGroupId`). @default [] */
  readonly actionGroupIds?: pulumi.Input<string>[];
  /** Alert when a node's average CPU is above this percent, 1-100. @default 80 */
  readonly cpuPercent?: number;
  /** Alert when a node's average available memory is below this many MiB (at least 1). @default 1024 */
  readonly availableMemoryMiB?: number;
  /** Alert when the average queue length is above this, at least 1. @default 10 */
  readonly queueLength?: number;
  /** Alert when the average task pickup delay is above this, at least 1 second. @default Duration.minutes(1) */
  readonly pickupDelay?: Duration;
  /** Severity of the alerts, 0 (critical) to 4. @default 2 */
  readonly severity?: AlertSeverity;
  /** How often the alerts are evaluated. @default Duration.minutes(5) */
  readonly evaluationFrequency?: Duration;
  /** The window each evaluation averages over. @default Duration.minutes(15) */
  readonly windowSize?: Duration;
}

/** Arguments for `SelfHostedIntegrationRuntime`. */
export interface SelfHostedIntegrationRuntimeArgs {
  /** The factory the runtime belongs to. */
  readonly factory: FactoryInput;
  /** ARM id of the factory (the scope of the alerts and autoscale metrics). @default - `factory.factoryId` of a `DataFactory` */
  readonly factoryId?: pulumi.Input<string>;
  /**
   * The runtime's name in the factory (3-63 letters, digits and single hyphens).
   * @default - the Pulumi name
   */
  readonly runtimeName?: string;
  /** Description of the runtime. @default - none */
  readonly description?: string;
  /** Region of the node VMs. @default - the resource group's region */
  readonly location?: pulumi.Input<string>;
  /** The node VMs. */
  readonly nodes: RuntimeNodesArgs;
  /** Autoscale of the nodes. @default { minNodes: 1, maxNodes: 2 } */
  readonly scaling?: RuntimeScalingArgs;
  /** Capacity alerts; `false` for none. @default {} (every alert, default thresholds, no action group) */
  readonly alerts?: RuntimeAlertsArgs | false;
  /** Tags of the scale set, autoscale setting and alerts. @default {} */
  readonly tags?: Record<string, string>;
}

const ARGS_SHAPE = componentOptions<SelfHostedIntegrationRuntimeArgs>(
  "SelfHostedIntegrationRuntime",
  {
    factory: FACTORY_REFERENCE,
    factoryId: Opt.value,
    runtimeName: Opt.value,
    description: Opt.value,
    location: Opt.value,
    nodes: Opt.shape<RuntimeNodesArgs>({
      subnetId: Opt.value,
      adminPassword: Opt.value,
      adminUsername: Opt.value,
      vmSize: Opt.value,
      computerNamePrefix: Opt.value,
      installJava: Opt.value,
      javaInstallerUri: Opt.value,
      installScriptUri: Opt.value,
    }),
    scaling: Opt.shape<RuntimeScalingArgs>({
      minNodes: Opt.value,
      maxNodes: Opt.value,
      scaleOutQueueLength: Opt.value,
      scaleOutCpuPercent: Opt.value,
      scaleInCpuPercent: Opt.value,
      window: Opt.value,
      cooldown: Opt.value,
    }),
    alerts: Opt.either(
      Opt.shape<RuntimeAlertsArgs>({
        actionGroupIds: Opt.value,
        cpuPercent: Opt.value,
        availableMemoryMiB: Opt.value,
        queueLength: Opt.value,
        pickupDelay: Opt.value,
        severity: Opt.value,
        evaluationFrequency: Opt.value,
        windowSize: Opt.value,
      }),
    ),
    tags: Opt.map(),
  },
);

/** The settled values of `SelfHostedIntegrationRuntimeArgs`, after validation. */
export interface SelfHostedRuntimePlan {
  /** The runtime's name in the factory. */
  readonly runtimeName: string;
  /** Computer-name prefix of the node VMs. */
  readonly computerNamePrefix: string;
  /** Whether the nodes install Java. */
  readonly installJava: boolean;
  /** The Java MSI the nodes install. */
  readonly javaInstallerUri: string;
  /** The script that installs and registers the runtime. */
  readonly installScriptUri: string;
  /** Nodes kept at all times (the scale set's initial capacity). */
  readonly minNodes: number;
  /** Most nodes autoscale adds up to. */
  readonly maxNodes: number;
  /** Queue length above which a node is added. */
  readonly scaleOutQueueLength: number;
  /** CPU percent above which a node is added. */
  readonly scaleOutCpuPercent: number;
  /** CPU percent below which a node is removed. */
  readonly scaleInCpuPercent: number;
  /** The window each autoscale rule averages over. */
  readonly window: Duration;
  /** Wait between scale actions. */
  readonly cooldown: Duration;
  /** The capacity alerts' settled thresholds and timing, absent with `alerts: false`. */
  readonly alerts?: {
    /** CPU percent a node must stay below. */
    readonly cpuPercent: number;
    /** MiB of memory a node must keep available. */
    readonly availableMemoryMiB: number;
    /** Queue length the runtime must stay below. */
    readonly queueLength: number;
    /** Pickup delay the runtime must stay below. */
    readonly pickupDelay: Duration;
    /** Alert severity. */
    readonly severity: AlertSeverity;
    /** How often the alerts are evaluated. */
    readonly evaluationFrequency: Duration;
    /** The window each evaluation averages over. */
    readonly windowSize: Duration;
  };
}

const HTTPS_URL = /^https:\/\/[^\s/]+\/\S*[^/\s]$/;

/**
 * Every check on `SelfHostedIntegrationRuntime` args, before anything registers, and the values
 * the component builds from.
 */
export function planSelfHostedRuntime(
  name: string,
  args: SelfHostedIntegrationRuntimeArgs,
): SelfHostedRuntimePlan {
  const ctx = { component: "SelfHostedIntegrationRuntime", name };
  const check = new Check(ctx);
  checkArgs(check, args, ARGS_SHAPE);
  checkFactoryInput(check, "factory", args.factory);
  check.type("factoryId", args.factoryId, "string", { deferred: true });
  const hasFactoryId =
    args.factoryId !== undefined ||
    (typeof args.factory === "object" && args.factory !== null && "factoryId" in args.factory);
  check.ensure(
    hasFactoryId,
    "REQUIRED",
    "factoryId",
    args.factoryId,
    "is required when 'factory' is a reference: the alerts and the autoscale rules read the factory's metrics",
    "Pass a DataFactory, or factoryId.",
  );
  const runtimeName = checkRuntimeIdentity(check, ctx, name, args);

  check.required("nodes", args.nodes);
  check.type("nodes", args.nodes, "object");
  const n = args.nodes;
  const nodes = check.at("nodes");
  nodes.required("subnetId", n.subnetId);
  nodes.type("subnetId", n.subnetId, "string", { deferred: true });
  nodes.required("adminPassword", n.adminPassword);
  nodes.type("adminPassword", n.adminPassword, "string", { deferred: true });
  nodes.type("adminUsername", n.adminUsername, "string", { deferred: true });
  nodes.type("vmSize", n.vmSize, "string", { deferred: true });
  nodes.type("installJava", n.installJava, "boolean");
  const derivedPrefix = name.replace(/[^A-Za-z0-9]/g, "").slice(0, 9) || "irnode";
  const prefix = n.computerNamePrefix ?? derivedPrefix;
  nodes.type("computerNamePrefix", n.computerNamePrefix, "string");
  nodes.format(
    /^[A-Za-z0-9][A-Za-z0-9-]{0,8}$/.test(prefix) && !/^\d+$/.test(prefix),
    "computerNamePrefix",
    prefix,
    "must be 1-9 letters, digits or hyphens, start with a letter or digit and not be only digits (Windows computer names)",
  );
  for (const prop of ["javaInstallerUri", "installScriptUri"] as const) {
    nodes.type(prop, n[prop], "string");
    if (n[prop] !== undefined)
      nodes.format(HTTPS_URL.test(n[prop]!), prop, n[prop], "must be an https:// URL of a file");
  }

  const s = args.scaling ?? {};
  const scaling = check.at("scaling");
  const max = INTEGRATION_RUNTIME_LIMITS.maxSelfHostedNodes;
  const limitHint = `A self-hosted integration runtime has at most ${max} nodes (Azure's limit); use a second runtime for more.`;
  scaling.intRange("minNodes", s.minNodes, 1, max, limitHint);
  scaling.intRange("maxNodes", s.maxNodes, 1, max, limitHint);
  const minNodes = s.minNodes ?? 1;
  const maxNodes = s.maxNodes ?? Math.max(2, minNodes);
  scaling.conflict(
    minNodes > maxNodes,
    "minNodes",
    minNodes,
    `must not be above 'maxNodes' (${maxNodes})`,
  );
  scaling.numberRange("scaleOutQueueLength", s.scaleOutQueueLength, 1, Number.MAX_SAFE_INTEGER);
  scaling.numberRange("scaleOutCpuPercent", s.scaleOutCpuPercent, 1, 100);
  scaling.numberRange("scaleInCpuPercent", s.scaleInCpuPercent, 0, 99);
  const scaleOutCpuPercent = s.scaleOutCpuPercent ?? 70;
  const scaleInCpuPercent = s.scaleInCpuPercent ?? 25;
  scaling.conflict(
    scaleInCpuPercent >= scaleOutCpuPercent,
    "scaleInCpuPercent",
    scaleInCpuPercent,
    `must be below 'scaleOutCpuPercent' (${scaleOutCpuPercent}), or the nodes scale in and out in turn`,
  );
  // Autoscale REST (monitor autoscale_API.json): timeWindow "between 5 minutes and 12 hours",
  // cooldown "between 1 week and 1 minute".
  scaling.duration("window", s.window, { min: 300, max: 43_200 });
  scaling.duration("cooldown", s.cooldown, { min: 60, max: 604_800 });

  let alerts: SelfHostedRuntimePlan["alerts"];
  if (args.alerts !== false) {
    const a = args.alerts ?? {};
    const al = check.at("alerts");
    al.type("", a, "object", { hint: "Pass alert options, or false for no alerts." });
    al.type("actionGroupIds", a.actionGroupIds, "array", { deferred: true });
    al.numberRange("cpuPercent", a.cpuPercent, 1, 100);
    al.intRange("availableMemoryMiB", a.availableMemoryMiB, 1, Number.MAX_SAFE_INTEGER);
    al.numberRange("queueLength", a.queueLength, 1, Number.MAX_SAFE_INTEGER);
    al.duration("pickupDelay", a.pickupDelay, { min: 1 });
    checkSeverity(check, "alerts.severity", a.severity);
    const evaluationFrequency = a.evaluationFrequency ?? Duration.minutes(5);
    const windowSize = a.windowSize ?? Duration.minutes(15);
    al.duration("evaluationFrequency", a.evaluationFrequency);
    al.duration("windowSize", a.windowSize);
    checkMetricAlertTiming(
      check,
      { frequency: "alerts.evaluationFrequency", window: "alerts.windowSize" },
      evaluationFrequency,
      windowSize,
    );
    alerts = {
      cpuPercent: a.cpuPercent ?? 80,
      availableMemoryMiB: a.availableMemoryMiB ?? 1024,
      queueLength: a.queueLength ?? 10,
      pickupDelay: a.pickupDelay ?? Duration.minutes(1),
      severity: a.severity ?? 2,
      evaluationFrequency,
      windowSize,
    };
  }
  check.type("tags", args.tags, "object");

  return {
    runtimeName,
    computerNamePrefix: prefix,
    installJava: n.installJava ?? true,
    javaInstallerUri: n.javaInstallerUri ?? DEFAULT_JAVA_INSTALLER,
    installScriptUri: n.installScriptUri ?? DEFAULT_RUNTIME_INSTALL_SCRIPT,
    minNodes,
    maxNodes,
    scaleOutQueueLength: s.scaleOutQueueLength ?? 4,
    scaleOutCpuPercent,
    scaleInCpuPercent,
    window: s.window ?? Duration.minutes(10),
    cooldown: s.cooldown ?? Duration.minutes(15),
    alerts,
  };
}

/** The file name a `CustomScriptExtension` saves a `fileUris` entry as (its last path segment). */
function fileNameOf(uri: string): string {
  return decodeURIComponent(uri.split("?")[0].split("/").pop() ?? "");
}

/**
 * The `CustomScriptExtension` `commandToExecute` that sets a node up: the Java MSI first (with
 * `JAVA_HOME`, which the runtime reads when its service starts), then the quickstart's script with
 * the auth key. Goes in `protectedSettings` only (encrypted by Azure, never returned by a GET).
 */
export function nodeSetupCommand(plan: SelfHostedRuntimePlan, authKey: string): string {
  const key = authKey.replace(/'/g, "''");
  const steps: string[] = [];
  if (plan.installJava) {
    steps.push(
      `Start-Process msiexec.exe -Wait -ArgumentList '/i ${fileNameOf(plan.javaInstallerUri)} ADDLOCAL=FeatureMain,FeatureEnvironment,FeatureJavaHome /quiet /norestart'`,
    );
  }
  steps.push(`.\\${fileNameOf(plan.installScriptUri)} '${key}'`);
  return `powershell.exe -ExecutionPolicy Unrestricted -Command "${steps.join("; ")}"`;
}

/** The metric trigger of one autoscale rule on the factory's runtime metric. */
function runtimeMetricTrigger(
  factoryId: pulumi.Input<string>,
  runtimeName: string,
  metricName: string,
  operator: "GreaterThan" | "LessThan",
  threshold: number,
  window: Duration,
): inputs.monitor.MetricTriggerArgs {
  return {
    metricName,
    metricNamespace: FACTORY_METRICS_NAMESPACE,
    metricResourceUri: factoryId,
    dimensions: [
      { dimensionName: "IntegrationRuntimeName", operator: "Equals", values: [runtimeName] },
    ],
    operator,
    statistic: "Average",
    threshold,
    timeAggregation: "Average",
    timeGrain: "PT1M",
    timeWindow: window.toIsoString(),
  };
}

/**
 * The autoscale profile of the nodes: one more node when jobs queue or the CPU is high, one fewer
 * when the CPU is low, never outside `[minNodes, maxNodes]`.
 */
export function runtimeAutoscaleProfile(
  plan: SelfHostedRuntimePlan,
  factoryId: pulumi.Input<string>,
): inputs.monitor.AutoscaleProfileArgs {
  const action = (direction: "Increase" | "Decrease") => ({
    direction,
    type: "ChangeCount" as const,
    value: "1",
    cooldown: plan.cooldown.toIsoString(),
  });
  const t = (metric: string, op: "GreaterThan" | "LessThan", threshold: number) =>
    runtimeMetricTrigger(factoryId, plan.runtimeName, metric, op, threshold, plan.window);
  return {
    name: "runtime-load",
    capacity: {
      minimum: String(plan.minNodes),
      maximum: String(plan.maxNodes),
      default: String(plan.minNodes),
    },
    rules: [
      {
        metricTrigger: t(RUNTIME_METRICS.queueLength, "GreaterThan", plan.scaleOutQueueLength),
        scaleAction: action("Increase"),
      },
      {
        metricTrigger: t(RUNTIME_METRICS.cpu, "GreaterThan", plan.scaleOutCpuPercent),
        scaleAction: action("Increase"),
      },
      {
        metricTrigger: t(RUNTIME_METRICS.cpu, "LessThan", plan.scaleInCpuPercent),
        scaleAction: action("Decrease"),
      },
    ],
  };
}

/** The capacity alert conditions, one alert each: what fires, on which metric and threshold. */
export function runtimeAlertConditions(
  plan: SelfHostedRuntimePlan,
): { role: string; description: string; condition: StaticMetricCondition }[] {
  const a = plan.alerts;
  if (!a) return [];
  const ir = { name: "IntegrationRuntimeName", values: [plan.runtimeName] };
  const perNode = [ir, { name: "NodeName", values: ["*"] }];
  const c = (
    name: string,
    metricName: string,
    operator: "GreaterThan" | "LessThan",
    threshold: number,
    dimensions: StaticMetricCondition["dimensions"],
  ): StaticMetricCondition => ({
    name,
    metricName,
    metricNamespace: FACTORY_METRICS_NAMESPACE,
    dimensions,
    operator,
    threshold,
    timeAggregation: "Average",
  });
  const r = plan.runtimeName;
  return [
    {
      role: "cpu",
      description: `Integration runtime ${r}: a node's CPU is above ${a.cpuPercent}%.`,
      condition: c("HighCpu", RUNTIME_METRICS.cpu, "GreaterThan", a.cpuPercent, perNode),
    },
    {
      role: "memory",
      description: `Integration runtime ${r}: a node has less than ${a.availableMemoryMiB} MiB of memory available.`,
      condition: c(
        "LowMemory",
        RUNTIME_METRICS.availableMemory,
        "LessThan",
        a.availableMemoryMiB * 1024 * 1024,
        perNode,
      ),
    },
    {
      role: "queue",
      description: `Integration runtime ${r}: more than ${a.queueLength} jobs wait for a node.`,
      condition: c("LongQueue", RUNTIME_METRICS.queueLength, "GreaterThan", a.queueLength, [ir]),
    },
    {
      role: "pickup",
      description: `Integration runtime ${r}: jobs wait more than ${a.pickupDelay.toSeconds()} s to be picked up.`,
      condition: c(
        "SlowPickup",
        RUNTIME_METRICS.pickupDelay,
        "GreaterThan",
        a.pickupDelay.toSeconds(),
        [ir],
      ),
    },
  ];
}

/**
 * A self-hosted Data Factory integration runtime whose nodes run on a Windows VM scale set:
 * each VM installs Java (for Parquet and ORC) and the runtime, and registers with the runtime's
 * auth key (a Pulumi secret, in the extension's protected settings only), following Microsoft's
 * quickstart. The nodes autoscale on the runtime's own queue length and CPU, within Azure's limit
 * of 4 nodes, and capacity alerts watch CPU, memory, queue length and pickup delay.
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import { DataFactory, SelfHostedIntegrationRuntime } from "pulumi-mlops-scheduling";
 *
 * const config = new pulumi.Config();
 * const adf = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 * // Windows nodes in the subnet that reaches the data, 1 to 3 of them on the runtime's load.
 * const onPrem = new SelfHostedIntegrationRuntime("onprem", {
 *   factory: adf,
 *   nodes: {
 *     subnetId: config.require("runtimeSubnetId"),
 *     adminPassword: config.requireSecret("runtimeAdminPassword"),
 *   },
 *   scaling: { minNodes: 1, maxNodes: 3 },
 *   alerts: {
 *     actionGroupIds: [config.require("actionGroupId")],
 *     cpuPercent: 85,
 *   },
 * });
 * // Your own linked services run on it with `connectVia: onPrem.connectVia`.
 * ```
 */
export class SelfHostedIntegrationRuntime extends pulumi.ComponentResource {
  /** The runtime's name in the factory. */
  public readonly runtimeName: string;
  /** The runtime's ARM id. */
  public readonly runtimeId: pulumi.Output<string>;
  /** `connectVia` for linked services (and `integrationRuntime` for data flows) on this runtime. */
  public readonly connectVia: { referenceName: string; type: "IntegrationRuntimeReference" };
  /** The node scale set's ARM id. */
  public readonly scaleSetId: pulumi.Output<string>;
  /** Whether the nodes install Java (Parquet and ORC need it). */
  public readonly javaInstalled: boolean;
  /** ARM ids of the capacity alerts. */
  public readonly alertIds: pulumi.Output<string>[];

  constructor(
    name: string,
    args: SelfHostedIntegrationRuntimeArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const plan = planSelfHostedRuntime(name, args);
    super("mlops:datafactory:SelfHostedIntegrationRuntime", name, {}, opts);
    const f = factoryCoordinates(args.factory);
    const factoryId =
      args.factoryId ?? (args.factory as { factoryId: pulumi.Output<string> }).factoryId;
    const dependsOn = args.factory instanceof pulumi.Resource ? [args.factory] : [];

    const runtime = new datafactory.IntegrationRuntime(
      `${name}-runtime`,
      {
        resourceGroupName: f.resourceGroupName,
        factoryName: f.factoryName,
        integrationRuntimeName: plan.runtimeName,
        properties: {
          type: "SelfHosted",
          ...(args.description ? { description: args.description } : {}),
        },
      },
      { parent: this, dependsOn },
    );
    const authKey = pulumi.secret(
      datafactory
        .listIntegrationRuntimeAuthKeysOutput(
          {
            resourceGroupName: f.resourceGroupName,
            factoryName: f.factoryName,
            integrationRuntimeName: runtime.name,
          },
          { parent: this },
        )
        .apply((k) => k.authKey1 ?? ""),
    );
    const tags = {
      ...(args.tags ?? {}),
      [RUNTIME_NODE_TAG]: plan.runtimeName,
      ...(plan.installJava ? { [RUNTIME_JAVA_TAG]: "microsoft-jdk-11" } : {}),
    };
    const n = args.nodes;
    const scaleSet = new compute.VirtualMachineScaleSet(
      `${name}-nodes`,
      {
        resourceGroupName: f.resourceGroupName,
        location: args.location,
        sku: { name: n.vmSize ?? "Standard_D4s_v3", tier: "Standard", capacity: plan.minNodes },
        orchestrationMode: "Uniform",
        // An overprovisioned VM would register as a node and then be deleted, leaving an offline
        // node that counts against the runtime's 4.
        overprovision: false,
        upgradePolicy: { mode: "Manual" },
        virtualMachineProfile: {
          osProfile: {
            computerNamePrefix: plan.computerNamePrefix,
            adminUsername: n.adminUsername ?? "iradmin",
            adminPassword: pulumi.secret(n.adminPassword),
            windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true },
          },
          storageProfile: {
            imageReference: {
              publisher: "MicrosoftWindowsServer",
              offer: "WindowsServer",
              sku: "2022-datacenter-azure-edition",
              version: "latest",
            },
            osDisk: {
              createOption: "FromImage",
              managedDisk: { storageAccountType: "Premium_LRS" },
            },
          },
          networkProfile: {
            networkInterfaceConfigurations: [
              {
                name: "nic",
                primary: true,
                ipConfigurations: [{ name: "ipconfig", subnet: { id: n.subnetId } }],
              },
            ],
          },
          extensionProfile: {
            extensions: [
              {
                name: "install-integration-runtime",
                publisher: "Microsoft.Compute",
                type: "CustomScriptExtension",
                typeHandlerVersion: "1.10",
                autoUpgradeMinorVersion: true,
                settings: {
                  fileUris: [
                    plan.installScriptUri,
                    ...(plan.installJava ? [plan.javaInstallerUri] : []),
                  ],
                },
                protectedSettings: pulumi.secret(
                  authKey.apply((key) => ({ commandToExecute: nodeSetupCommand(plan, key) })),
                ),
              },
            ],
          },
        },
        tags,
      },
      { parent: this, dependsOn: [runtime] },
    );

    if (plan.maxNodes > plan.minNodes) {
      new monitor.AutoscaleSetting(
        `${name}-autoscale`,
        {
          resourceGroupName: f.resourceGroupName,
          location: args.location,
          enabled: true,
          targetResourceUri: scaleSet.id,
          profiles: [runtimeAutoscaleProfile(plan, factoryId)],
          tags: args.tags,
        },
        { parent: this },
      );
    }

    const alertIds: pulumi.Output<string>[] = [];
    const actionGroupIds =
      args.alerts === false || args.alerts === undefined ? [] : (args.alerts.actionGroupIds ?? []);
    for (const a of runtimeAlertConditions(plan)) {
      const alert = new monitor.MetricAlert(
        `${name}-${a.role}`,
        metricAlertArgs({
          resourceGroupName: f.resourceGroupName,
          description: a.description,
          severity: plan.alerts!.severity,
          evaluationFrequency: plan.alerts!.evaluationFrequency,
          windowSize: plan.alerts!.windowSize,
          scope: factoryId,
          targetResourceType: FACTORY_METRICS_NAMESPACE,
          conditions: [a.condition],
          actionGroupIds,
          tags: args.tags,
        }),
        { parent: this, dependsOn: [runtime] },
      );
      alertIds.push(alert.id);
    }

    this.runtimeName = plan.runtimeName;
    this.runtimeId = runtime.id;
    this.connectVia = connectVia(plan.runtimeName);
    this.scaleSetId = scaleSet.id;
    this.javaInstalled = plan.installJava;
    this.alertIds = alertIds;
    this.registerOutputs({
      runtimeName: this.runtimeName,
      runtimeId: this.runtimeId,
      connectVia: this.connectVia,
      scaleSetId: this.scaleSetId,
      javaInstalled: this.javaInstalled,
      alertIds: this.alertIds,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Managed (Azure) runtime
// ---------------------------------------------------------------------------------------------

/** Arguments for `ManagedIntegrationRuntime`. */
export interface ManagedIntegrationRuntimeArgs {
  /** The factory the runtime belongs to. */
  readonly factory: FactoryInput;
  /** The runtime's name in the factory (3-63 letters, digits and single hyphens). @default - the Pulumi name */
  readonly runtimeName?: string;
  /** Description of the runtime. @default - none */
  readonly description?: string;
  /**
   * Azure region the runtime computes in (data residency, distance to the data), or
   * `"AutoResolve"` to let Data Factory pick the region nearest the sink.
   * @default "AutoResolve"
   */
  readonly region?: string;
  /** Data-flow cluster settings. @default - Data Factory's (General, 8 cores, no time to live) */
  readonly dataFlows?: ManagedRuntimeDataFlowArgs;
}

/** The Spark cluster a managed runtime runs mapping data flows on. */
export interface ManagedRuntimeDataFlowArgs {
  /** Compute type. @default "General" */
  readonly computeType?: "General" | "MemoryOptimized";
  /** Cores: 8, 16, 32, 48, 80, 144 or 272. @default 8 */
  readonly coreCount?: 8 | 16 | 32 | 48 | 80 | 144 | 272;
  /**
   * How long the cluster stays warm after a data flow for the next one, in whole minutes; a warm
   * cluster starts the next flow in seconds instead of minutes, and is billed while it waits.
   * @default Duration.minutes(0) (no time to live)
   */
  readonly timeToLive?: Duration;
}

const MANAGED_ARGS_SHAPE = componentOptions<ManagedIntegrationRuntimeArgs>(
  "ManagedIntegrationRuntime",
  {
    factory: FACTORY_REFERENCE,
    runtimeName: Opt.value,
    description: Opt.value,
    region: Opt.value,
    dataFlows: Opt.shape<ManagedRuntimeDataFlowArgs>({
      computeType: Opt.value,
      coreCount: Opt.value,
      timeToLive: Opt.value,
    }),
  },
);

/** Azure region names as ARM writes them (`westeurope`, `eastus2`), or `AutoResolve`. */
const REGION = /^(AutoResolve|[a-z]+[a-z0-9]*)$/;

/** Checks `ManagedIntegrationRuntime` args and returns the `properties` Azure receives. */
export function managedRuntimeProperties(
  name: string,
  args: ManagedIntegrationRuntimeArgs,
): inputs.datafactory.ManagedIntegrationRuntimeArgs & { runtimeName: string } {
  const ctx = { component: "ManagedIntegrationRuntime", name };
  const check = new Check(ctx);
  checkArgs(check, args, MANAGED_ARGS_SHAPE);
  checkFactoryInput(check, "factory", args.factory);
  const runtimeName = checkRuntimeIdentity(check, ctx, name, args);
  check.type("region", args.region, "string");
  const region = args.region ?? "AutoResolve";
  check.format(
    REGION.test(region),
    "region",
    region,
    'must be an Azure region name as ARM writes it ("westeurope", "eastus2") or "AutoResolve"',
  );
  const d = args.dataFlows ?? {};
  const df = check.at("dataFlows");
  df.oneOf("computeType", d.computeType, INTEGRATION_RUNTIME_LIMITS.dataFlowComputeTypes);
  df.oneOf("coreCount", d.coreCount, INTEGRATION_RUNTIME_LIMITS.dataFlowCoreCounts);
  df.duration("timeToLive", d.timeToLive, { min: 0 });
  const ttl = d.timeToLive?.toSeconds() ?? 0;
  df.format(
    Number.isInteger(ttl / 60),
    "timeToLive",
    d.timeToLive?.toIsoString(),
    "must be whole minutes (Azure takes timeToLive in minutes)",
  );
  return {
    runtimeName,
    type: "Managed",
    ...(args.description ? { description: args.description } : {}),
    computeProperties: {
      location: region,
      dataFlowProperties: {
        computeType: d.computeType ?? "General",
        coreCount: d.coreCount ?? 8,
        timeToLive: ttl / 60,
      },
    },
  };
}

/**
 * A managed (Azure) integration runtime pinned to a region, with the data-flow cluster's size and
 * time to live: for data that must stay in a region, or data flows that run back to back.
 *
 * @example
 * ```ts
 * import { DataFactory, Duration, ManagedIntegrationRuntime } from "pulumi-mlops-scheduling";
 *
 * const adf = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 * // Mapping data flows in West Europe only, the cluster kept warm 10 minutes between flows.
 * new ManagedIntegrationRuntime("weu", {
 *   factory: adf,
 *   region: "westeurope",
 *   dataFlows: { coreCount: 16, timeToLive: Duration.minutes(10) },
 * });
 * ```
 */
export class ManagedIntegrationRuntime extends pulumi.ComponentResource {
  /** The runtime's name in the factory. */
  public readonly runtimeName: string;
  /** The runtime's ARM id. */
  public readonly runtimeId: pulumi.Output<string>;
  /** `connectVia` for linked services (and `integrationRuntime` for data flows) on this runtime. */
  public readonly connectVia: { referenceName: string; type: "IntegrationRuntimeReference" };

  constructor(
    name: string,
    args: ManagedIntegrationRuntimeArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const { runtimeName, ...properties } = managedRuntimeProperties(name, args);
    super("mlops:datafactory:ManagedIntegrationRuntime", name, {}, opts);
    const f = factoryCoordinates(args.factory);
    const runtime = new datafactory.IntegrationRuntime(
      `${name}-runtime`,
      {
        resourceGroupName: f.resourceGroupName,
        factoryName: f.factoryName,
        integrationRuntimeName: runtimeName,
        properties,
      },
      { parent: this, dependsOn: args.factory instanceof pulumi.Resource ? [args.factory] : [] },
    );
    this.runtimeName = runtimeName;
    this.runtimeId = runtime.id;
    this.connectVia = connectVia(runtimeName);
    this.registerOutputs({
      runtimeName: this.runtimeName,
      runtimeId: this.runtimeId,
      connectVia: this.connectVia,
    });
  }
}
