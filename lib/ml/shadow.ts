import * as pulumi from "@pulumi/pulumi";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as monitor from "@pulumi/azure-native/monitor";
import { checkArgs } from "../core/options";
import { SHADOW_DEPLOYMENT_OPTIONS } from "./option-shapes";
import { Check } from "../core/errors";
import { metricAlertArgs } from "../monitoring/metric-alert";
import {
  CandidateAlertOptions,
  candidateAlerts,
  CandidateAlerts,
  ONLINE_ENDPOINT_METRIC_NAMESPACE,
} from "./candidate-alert";
import {
  describeTraffic,
  EndpointTraffic,
  endpointTraffic,
  parseStage,
  RolloutStage,
  TrafficSplit,
} from "./traffic";
import { OnlineEndpointTraffic } from "./traffic-resource";
import { checkWorkspace, WorkspaceReference } from "./workspace";

/** One model deployment behind the endpoint (a managed online deployment). */
export interface ModelDeploymentSpec {
  /** Deployment name: 3-32 letters and digits, starting with a letter, single hyphens allowed (e.g. `blue`). */
  readonly name: string;
  /**
   * The model version to serve, in a form the REST API takes (`OnlineDeploymentProperties.model`):
   * - the model version's ARM id,
   *   `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.MachineLearningServices/workspaces/<ws>/models/<name>/versions/<v>`;
   * - a registry model, `azureml://registries/<registry>/models/<name>/versions/<v>`;
   * - or `azureml:<name>:<version>`, the Azure ML CLI's short form for a model of this workspace,
   *   which REST does not take: the component turns it into the ARM id of that version in the
   *   endpoint's workspace, as the CLI does. `azureml:<name>@latest` and a name without a version
   *   are refused (they need a lookup at deploy time; pin the version).
   */
  readonly model: pulumi.Input<string>;
  /** VM SKU of the instances. @default "Standard_DS3_v2" */
  readonly instanceType?: string;
  /** Instances serving the deployment (1-100). @default 1 */
  readonly instanceCount?: number;
  /** Environment asset id; MLflow models need none. @default - none */
  readonly environmentId?: pulumi.Input<string>;
  /** Scoring code. @default - none (MLflow models score without code) */
  readonly codeConfiguration?: inputs.machinelearningservices.CodeConfigurationArgs;
  /** Environment variables for the scoring container. @default {} */
  readonly environmentVariables?: Record<string, pulumi.Input<string>>;
}

/** Arguments for `ShadowDeployment`. */
export interface ShadowDeploymentArgs {
  /** The workspace the endpoint lives in. */
  readonly workspace: WorkspaceReference;
  /** Azure region. @default - the workspace's region */
  readonly location?: pulumi.Input<string>;
  /**
   * Endpoint name, unique in the region: 3-32 letters and digits, starting with a letter, single
   * hyphens allowed.
   * @default - the Pulumi name
   */
  readonly endpointName?: string;
  /** The model answering today. */
  readonly live: ModelDeploymentSpec;
  /** The new model being rolled out. */
  readonly candidate: ModelDeploymentSpec;
  /**
   * The rollout stage: `"shadow 20%"` → `"canary 10%"` → `"50%"` → `"100%"`, or an explicit
   * `{ live, candidate, mirror }`. Moving a stage is a one-line change; the plan diff says in
   * words what share of traffic moves to which model.
   */
  readonly stage: RolloutStage;
  /**
   * How clients authenticate. `AADToken` (Microsoft Entra tokens, no keys to leak or rotate) is the
   * secure default; `Key` and `AMLToken` exist for clients that cannot get Entra tokens.
   * @default "AADToken"
   */
  readonly authMode?: "AADToken" | "AMLToken" | "Key";
  /**
   * Whether the scoring endpoint is reachable from the public internet. `Disabled` needs a private
   * endpoint on the workspace, which this library does not create.
   * @default "Enabled"
   */
  readonly publicNetworkAccess?: "Enabled" | "Disabled";
  /**
   * Alerts on the candidate's server-error rate and latency, scoped to the candidate deployment
   * and with the current stage's thresholds (see `CandidateAlertOptions.stages`): part of every
   * stage, shadow included (mirroring exists to see errors and latency before clients do).
   * @default - none (the `shadow-candidate-alert` rule flags a rollout without them)
   */
  readonly candidateAlert?: CandidateAlertOptions;
  /** Tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * Endpoint and deployment names. Microsoft Learn, "Manage and increase quotas and limits for
 * resources with Azure Machine Learning", online endpoint limits: names "begin with a letter, be
 * 3-32 characters in length, only consist of letters and numbers"; "single dashes like
 * `my-endpoint-name` are accepted in endpoint and deployment names".
 */
export const ONLINE_ENDPOINT_NAME = /^[a-zA-Z](?:[a-zA-Z0-9]|-(?=[a-zA-Z0-9])){2,31}$/;
const ENDPOINT_NAME_RULE =
  "must be 3-32 letters and digits, starting with a letter, with single hyphens between them";

/**
 * How a deployment's `model` reaches Azure. The REST API (`OnlineDeploymentProperties.model`) takes
 * the model version's ARM id (Microsoft Learn, "Deploy a model as an online endpoint by using REST":
 * `"model": "/subscriptions/$SUBSCRIPTION_ID/resourceGroups/$RESOURCE_GROUP/providers/Microsoft.MachineLearningServices/workspaces/$WORKSPACE/models/<name>/versions/<v>"`)
 * or a registry asset URI (Learn, "Share models, components and environments across workspaces
 * with registries": `azureml://registries/<registry>/models/<name>/versions/<v>`). The short form
 * `azureml:<name>:<version>` is resolved by the CLI and SDK on the client side (azure-ai-ml
 * `OperationOrchestrator.get_asset_arm_id` turns it into the workspace's ARM id before the PUT).
 *
 * The short form is converted rather than refused: the endpoint's workspace is known, the ARM id is
 * derived from the endpoint's own id (so the subscription is the one the endpoint is deployed to),
 * and it is what the same line in a CLI YAML means. A short form without a pinned version
 * (`azureml:forecast`, `azureml:forecast@latest`) is refused: "latest" would be resolved once, at
 * deploy time, and a later version would never roll out nor show in the plan.
 */
export type ModelReference =
  | { readonly kind: "armId" | "registry"; readonly value: string }
  | { readonly kind: "workspace"; readonly name: string; readonly version: string };

const MODEL_ARM_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/models\/[^/]+\/versions\/[^/]+$/i;
const MODEL_REGISTRY_URI = /^azureml:\/\/registries\/[^/]+\/models\/[^/]+\/versions\/[^/]+$/;
const MODEL_SHORT = /^azureml:([A-Za-z0-9][A-Za-z0-9_.-]{0,254}):([A-Za-z0-9_.-]+)$/;
const MODEL_FORMS =
  "must be a model version's ARM id (/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.MachineLearningServices/workspaces/<ws>/models/<name>/versions/<v>), a registry URI (azureml://registries/<registry>/models/<name>/versions/<v>) or azureml:<name>:<version>";

/** Reads a deployment's `model` (a plain string) into one of the forms Azure takes, or refuses it. */
export function modelReference(check: Check, prop: string, model: string): ModelReference {
  if (MODEL_ARM_ID.test(model)) return { kind: "armId", value: model };
  if (MODEL_REGISTRY_URI.test(model)) return { kind: "registry", value: model };
  const short = MODEL_SHORT.exec(model);
  if (short) return { kind: "workspace", name: short[1], version: short[2] };
  throw check.error(
    "INVALID_FORMAT",
    prop,
    model,
    MODEL_FORMS,
    /^azureml:[^/:@]+(@latest)?$/.test(model)
      ? "Pin the version, e.g. azureml:forecast:7: a version resolved at deploy time never shows in the plan."
      : undefined,
  );
}

/** The `model` Azure receives: the short form becomes the version's ARM id in the endpoint's workspace. */
export function modelForAzure(
  model: pulumi.Input<string>,
  endpointId: pulumi.Input<string>,
): pulumi.Input<string> {
  if (typeof model !== "string") return model;
  const short = MODEL_SHORT.exec(model);
  if (!short) return model;
  return pulumi
    .output(endpointId)
    .apply(
      (id) =>
        `${id.replace(/\/onlineEndpoints\/[^/]+$/i, "")}/models/${short[1]}/versions/${short[2]}`,
    );
}

function checkDeployment(check: Check, prop: string, d: ModelDeploymentSpec | undefined): void {
  check.required(prop, d);
  check.knownKeys(prop, d, [
    "name",
    "model",
    "instanceType",
    "instanceCount",
    "environmentId",
    "codeConfiguration",
    "environmentVariables",
  ]);
  check.type(`${prop}.instanceType`, d!.instanceType, "string");
  check.format(
    typeof d!.name === "string" && ONLINE_ENDPOINT_NAME.test(d!.name),
    `${prop}.name`,
    d!.name,
    ENDPOINT_NAME_RULE,
  );
  check.required(`${prop}.model`, d!.model);
  if (typeof d!.model === "string") modelReference(check, `${prop}.model`, d!.model);
  check.intRange(`${prop}.instanceCount`, d!.instanceCount, 1, 100);
}

/**
 * A managed online endpoint that rolls a candidate model out behind the live one: first as a
 * shadow (a mirrored share of requests, answers discarded), then in live stages. Key-less (Entra
 * token) auth by default.
 *
 * Azure refuses endpoint traffic for a deployment that does not exist yet, refuses to delete a
 * deployment that has live traffic, and a deployment needs its endpoint. So there is one
 * `OnlineEndpoint` (`-endpoint`, created without traffic; traffic changes on it are ignored), the
 * two deployments next, and then `-traffic`, an `OnlineEndpointTraffic` that depends on both: it
 * writes the stage's `traffic` and `mirrorTraffic` as `az ml online-endpoint update --traffic`
 * does, waits until the endpoint reports them, and on delete clears them before the deployments
 * go. A stage change is an update of `-traffic` only.
 *
 * @example
 * ```ts
 * import { ShadowDeployment } from "pulumi-mlops-scheduling";
 *
 * new ShadowDeployment("forecast", {
 *   workspace: { resourceGroupName: "rg-ml", workspaceName: "mlw-forecast" },
 *   live: { name: "blue", model: "azureml:forecast:6" },
 *   candidate: { name: "green", model: "azureml:forecast:7" },
 *   stage: "shadow 20%", // then "canary 10%", "50%", "100%": one line per step
 *   candidateAlert: {
 *     actionGroupIds: [
 *       "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ops/providers/Microsoft.Insights/actionGroups/ops",
 *     ],
 *     maxServerErrorsPerMinute: 1, // 5xx per minute on the candidate
 *     maxLatencyMs: 800, // P99
 *   },
 * });
 * ```
 */
export class ShadowDeployment extends pulumi.ComponentResource {
  /** The endpoint name. */
  public readonly endpointName: pulumi.Output<string>;
  /** ARM id of the endpoint. */
  public readonly endpointId: pulumi.Output<string>;
  /** The validated split of the current stage. */
  public readonly split: TrafficSplit;
  /** `traffic` and `mirrorTraffic` sent to Azure for the current stage. */
  public readonly traffic: EndpointTraffic;
  /** The stage in words. */
  public readonly stageDescription: string;
  /** The candidate's alerts for this stage (phase, thresholds, conditions), when configured. */
  public readonly candidateAlerts?: CandidateAlerts;
  /** ARM ids of the candidate's alerts, by role (`errors`, `latency`). */
  public readonly candidateAlertIds: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: ShadowDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    const ctx = { component: "ShadowDeployment", name };
    const check = new Check(ctx);
    checkArgs(check, args, SHADOW_DEPLOYMENT_OPTIONS);
    checkWorkspace(check, "workspace", args.workspace);
    const endpointName = args.endpointName ?? name;
    check.format(
      typeof endpointName === "string" && ONLINE_ENDPOINT_NAME.test(endpointName),
      "endpointName",
      endpointName,
      ENDPOINT_NAME_RULE,
    );
    checkDeployment(check, "live", args.live);
    checkDeployment(check, "candidate", args.candidate);
    check.conflict(
      args.live.name === args.candidate.name,
      "candidate.name",
      args.candidate.name,
      "must differ from live.name",
    );
    check.oneOf("authMode", args.authMode, ["AADToken", "AMLToken", "Key"] as const);
    check.oneOf("publicNetworkAccess", args.publicNetworkAccess, ["Enabled", "Disabled"] as const);
    const split = parseStage(args.stage, ctx);
    const traffic = endpointTraffic(split, {
      live: args.live.name,
      candidate: args.candidate.name,
    });
    const stageDescription = describeTraffic(traffic);
    const alerts =
      args.candidateAlert === undefined
        ? undefined
        : candidateAlerts(
            ctx,
            "candidateAlert",
            args.candidateAlert,
            split,
            args.candidate.name,
            stageDescription,
          );
    super("mlops:ml:ShadowDeployment", name, {}, opts);

    const ws = args.workspace;
    const endpointProps = {
      resourceGroupName: ws.resourceGroupName,
      workspaceName: ws.workspaceName,
      endpointName,
      location: args.location,
      identity: { type: "SystemAssigned" },
      tags: args.tags,
    };
    const baseProperties = {
      authMode: args.authMode ?? "AADToken",
      publicNetworkAccess: args.publicNetworkAccess ?? "Enabled",
    };
    const endpoint = new ml.OnlineEndpoint(
      `${name}-endpoint`,
      { ...endpointProps, properties: baseProperties },
      { parent: this, ignoreChanges: ["properties.traffic", "properties.mirrorTraffic"] },
    );
    const deploy = (role: "live" | "candidate", d: ModelDeploymentSpec) =>
      new ml.OnlineDeployment(
        `${name}-${role}`,
        {
          resourceGroupName: ws.resourceGroupName,
          workspaceName: ws.workspaceName,
          endpointName: endpoint.name,
          deploymentName: d.name,
          location: args.location,
          sku: { name: "Default", capacity: d.instanceCount ?? 1 },
          properties: {
            endpointComputeType: "Managed",
            model: modelForAzure(d.model, endpoint.id),
            instanceType: d.instanceType ?? "Standard_DS3_v2",
            appInsightsEnabled: true,
            ...(d.environmentId ? { environmentId: d.environmentId } : {}),
            ...(d.codeConfiguration ? { codeConfiguration: d.codeConfiguration } : {}),
            ...(d.environmentVariables ? { environmentVariables: d.environmentVariables } : {}),
          },
          tags: args.tags,
        },
        { parent: this },
      );
    const live = deploy("live", args.live);
    const candidate = deploy("candidate", args.candidate);
    // The traffic is set once both deployments exist, and cleared before they are deleted (this
    // resource depends on them, so the engine deletes it first): see OnlineEndpointTraffic.
    new OnlineEndpointTraffic(
      `${name}-traffic`,
      { endpointId: endpoint.id, traffic: traffic.traffic, mirrorTraffic: traffic.mirrorTraffic },
      { parent: this, dependsOn: [live, candidate] },
    );

    for (const alert of alerts?.alerts ?? []) {
      this.candidateAlertIds[alert.role] = new monitor.MetricAlert(
        `${name}-candidate-${alert.role}`,
        metricAlertArgs({
          resourceGroupName: ws.resourceGroupName,
          description: alert.description,
          severity: alerts!.severity,
          evaluationFrequency: alerts!.evaluationFrequency,
          windowSize: alerts!.windowSize,
          scope: endpoint.id,
          targetResourceType: ONLINE_ENDPOINT_METRIC_NAMESPACE,
          conditions: [alert.condition],
          actionGroupIds: args.candidateAlert!.actionGroupIds,
          tags: args.tags,
        }),
        // The candidate's metrics exist once it is deployed.
        { parent: this, dependsOn: [candidate] },
      ).id;
    }

    this.endpointName = endpoint.name;
    this.endpointId = endpoint.id;
    this.split = split;
    this.traffic = traffic;
    this.stageDescription = stageDescription;
    this.candidateAlerts = alerts;
    this.registerOutputs({
      endpointName: this.endpointName,
      endpointId: this.endpointId,
      split,
      traffic,
      stageDescription: this.stageDescription,
      candidateAlertIds: this.candidateAlertIds,
    });
  }
}
