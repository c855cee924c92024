import * as pulumi from "@pulumi/pulumi";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import { Duration } from "../core/duration";
import { checkArgs } from "../core/options";
import { TRAINING_CLUSTER_OPTIONS } from "./option-shapes";
import { Check, ValidationContext } from "../core/errors";
import { ALWAYS_ON_REASON_TAG } from "./names";
import { checkWorkspace, WorkspaceReference } from "./workspace";

/** Arguments for `TrainingCluster`. */
export interface TrainingClusterArgs {
  /** The workspace the cluster belongs to. */
  readonly workspace: WorkspaceReference;
  /** Azure region. @default - the workspace's region */
  readonly location?: pulumi.Input<string>;
  /**
   * Compute name in the workspace: 3-32 letters, digits and hyphens, starting with a letter and
   * ending with a letter or digit.
   * @default - the Pulumi name
   */
  readonly computeName?: string;
  /** VM size of the nodes. @default "Standard_DS3_v2" */
  readonly vmSize?: string;
  /**
   * `LowPriority` nodes cost a fraction of `Dedicated` ones but Azure may evict them at any time;
   * an evicted training job is re-queued and restarts, so use it only for jobs that checkpoint.
   * @default "Dedicated"
   */
  readonly vmPriority?: "Dedicated" | "LowPriority";
  /** Most nodes the cluster scales out to (1-1000). @default 4 */
  readonly maxNodeCount?: number;
  /**
   * Nodes kept running when idle. Anything above 0 bills around the clock, so it needs
   * `alwaysOnReason`.
   * @default 0
   */
  readonly minNodeCount?: number;
  /**
   * Why nodes stay up when idle (e.g. "sub-minute start for the hourly scoring job"). Required
   * when `minNodeCount > 0`; written as the `mlops-always-on-reason` tag, which the
   * `compute-scale-to-zero` rule reads.
   * @default - none
   */
  readonly alwaysOnReason?: string;
  /**
   * How long a node stays idle before it is released: an ISO 8601 duration or a `Duration`,
   * in whole seconds (Azure sends it as `PT<seconds>S`).
   * @default Duration.minutes(2) - PT120S, Azure ML's own default
   */
  readonly idleTimeBeforeScaleDown?: Duration | string;
  /**
   * ARM id of the subnet the nodes join. With it, nodes get no public IP.
   * @default - none (Azure-managed network)
   */
  readonly subnetId?: pulumi.Input<string>;
  /**
   * Set when the workspace has a managed virtual network: nodes then need no public IP either.
   * @default false
   */
  readonly workspaceManagedNetwork?: boolean;
  /**
   * Whether nodes get a public IP. `false` needs `subnetId` or `workspaceManagedNetwork` (Azure
   * refuses a no-public-IP cluster without a private network).
   * @default - false when `subnetId` or `workspaceManagedNetwork` is set, else true
   */
  readonly nodePublicIp?: boolean;
  /**
   * User-assigned identities (ARM ids) for the nodes; without any, the cluster gets a
   * system-assigned identity. Jobs use it to read data and write models (grant it
   * `ROLES.storageBlobDataContributor` on the containers).
   * @default [] - system-assigned identity
   */
  readonly userAssignedIdentityIds?: pulumi.Input<string>[];
  /** Tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** The AmlCompute `scaleSettings` Azure receives. */
export interface ScaleSettings {
  /** Nodes kept when idle (0 scales to zero). */
  readonly minNodeCount: number;
  /** Most nodes the cluster scales out to. */
  readonly maxNodeCount: number;
  /** ISO 8601 duration, e.g. `PT120S`. */
  readonly nodeIdleTimeBeforeScaleDown: string;
}

/**
 * Compute names as the Azure ML REST API checks them: 3-32 letters, digits and hyphens, starting
 * with a letter and ending with a letter or digit. Terraform azurerm
 * `internal/services/machinelearning/validate` `ComputeClusterName` (the regex "the rest api will
 * return an error with"); Microsoft Learn's "Naming rules and restrictions" still lists 2-16 for
 * `workspaces / computes`, which the API no longer enforces.
 */
export const COMPUTE_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;

/**
 * The scale settings of a training cluster, validated: scale to zero unless a reason is given,
 * `min <= max`, the idle time as an ISO 8601 duration.
 */
export function planScaleSettings(
  ctx: ValidationContext,
  args: Pick<
    TrainingClusterArgs,
    "minNodeCount" | "maxNodeCount" | "idleTimeBeforeScaleDown" | "alwaysOnReason"
  >,
): ScaleSettings {
  const check = new Check(ctx);
  const max = args.maxNodeCount ?? 4;
  const min = args.minNodeCount ?? 0;
  check.intRange("maxNodeCount", max, 1, 1000);
  check.intRange("minNodeCount", min, 0, max, "minNodeCount cannot exceed maxNodeCount.");
  check.conflict(
    min > 0 && !(typeof args.alwaysOnReason === "string" && args.alwaysOnReason.trim()),
    "minNodeCount",
    min,
    "above 0 keeps nodes billing around the clock and needs 'alwaysOnReason'",
    "Use minNodeCount: 0 (the default), or say why in alwaysOnReason.",
  );
  const raw = args.idleTimeBeforeScaleDown ?? Duration.minutes(2);
  check.format(
    typeof raw !== "string" || /^P/.test(raw),
    "idleTimeBeforeScaleDown",
    raw,
    "must be an ISO 8601 duration such as PT2M",
  );
  const idle =
    typeof raw === "string"
      ? check.rethrow("idleTimeBeforeScaleDown", () => Duration.parse(raw))
      : raw;
  check.duration("idleTimeBeforeScaleDown", idle);
  const seconds = (idle as Duration).toSeconds();
  return { minNodeCount: min, maxNodeCount: max, nodeIdleTimeBeforeScaleDown: `PT${seconds}S` };
}

/**
 * An Azure ML compute cluster (AmlCompute) for training that scales to zero when jobs end, so no
 * one pays for idle GPUs: `minNodeCount: 0`, a short idle time, SSH closed, local auth off, a
 * managed identity, and no public IPs when the network allows.
 *
 * @example
 * ```ts
 * import { TrainingCluster } from "pulumi-mlops-scheduling";
 *
 * // GPU nodes that scale to zero when idle (a floor above 0 needs `alwaysOnReason`).
 * const cluster = new TrainingCluster("train-gpu", {
 *   workspace: { resourceGroupName: "rg-ml", workspaceName: "mlw-forecast" },
 *   vmSize: "Standard_NC6s_v3",
 *   maxNodeCount: 8,
 * });
 *
 * export const computeId = cluster.computeId;
 * ```
 */
export class TrainingCluster extends pulumi.ComponentResource {
  /** The compute name in the workspace (what jobs name as their compute). */
  public readonly computeName: pulumi.Output<string>;
  /** ARM id of the compute (a job's `computeId`). */
  public readonly computeId: pulumi.Output<string>;
  /** The scale settings sent to Azure. */
  public readonly scaleSettings: ScaleSettings;

  constructor(name: string, args: TrainingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const ctx = { component: "TrainingCluster", name };
    const check = new Check(ctx);
    checkArgs(check, args, TRAINING_CLUSTER_OPTIONS);
    checkWorkspace(check, "workspace", args.workspace);
    const computeName = args.computeName ?? name;
    check.format(
      typeof computeName === "string" && COMPUTE_NAME.test(computeName),
      "computeName",
      computeName,
      "must be 3-32 letters, digits or hyphens, starting with a letter and ending with a letter or digit",
    );
    check.oneOf("vmPriority", args.vmPriority, ["Dedicated", "LowPriority"] as const);
    check.type("alwaysOnReason", args.alwaysOnReason, "string");
    check.type("subnetId", args.subnetId, "string", { deferred: true });
    check.type("workspaceManagedNetwork", args.workspaceManagedNetwork, "boolean");
    check.type("nodePublicIp", args.nodePublicIp, "boolean");
    check.type("tags", args.tags, "object");
    if (args.vmSize !== undefined)
      check.format(
        typeof args.vmSize === "string" && /^[A-Za-z0-9_-]+$/.test(args.vmSize),
        "vmSize",
        args.vmSize,
        "must be a VM size name like Standard_NC6s_v3",
      );
    const scale = planScaleSettings(ctx, args);
    const privateNetwork = args.subnetId !== undefined || args.workspaceManagedNetwork === true;
    const publicIp = args.nodePublicIp ?? !privateNetwork;
    check.conflict(
      !publicIp && !privateNetwork,
      "nodePublicIp",
      false,
      "can only be false with 'subnetId' or 'workspaceManagedNetwork' (nodes need a private network)",
    );
    super("mlops:ml:TrainingCluster", name, {}, opts);

    const userIds = args.userAssignedIdentityIds ?? [];
    const tags = {
      ...(args.tags ?? {}),
      ...(scale.minNodeCount > 0 ? { [ALWAYS_ON_REASON_TAG]: args.alwaysOnReason!.trim() } : {}),
    };
    const compute = new ml.Compute(
      `${name}-compute`,
      {
        resourceGroupName: args.workspace.resourceGroupName,
        workspaceName: args.workspace.workspaceName,
        computeName,
        location: args.location,
        identity: userIds.length
          ? { type: "UserAssigned", userAssignedIdentities: userIds }
          : { type: "SystemAssigned" },
        properties: {
          computeType: "AmlCompute",
          disableLocalAuth: true,
          properties: {
            vmSize: args.vmSize ?? "Standard_DS3_v2",
            vmPriority: args.vmPriority ?? "Dedicated",
            osType: "Linux",
            scaleSettings: scale,
            enableNodePublicIp: publicIp,
            remoteLoginPortPublicAccess: "Disabled",
            ...(args.subnetId ? { subnet: { id: args.subnetId } } : {}),
          },
        },
        ...(Object.keys(tags).length ? { tags } : {}),
      },
      { parent: this },
    );
    this.computeName = pulumi.output(computeName);
    this.computeId = compute.id;
    this.scaleSettings = scale;
    this.registerOutputs({
      computeName: this.computeName,
      computeId: this.computeId,
      scaleSettings: scale,
    });
  }
}
