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
import { checkWorkspace, WorkspaceReference } from "./workspace";

/** One model deployment behind the endpoint (a managed online deployment). */
export interface ModelDeploymentSpec {
  /** Deployment name: 3-32 letters and digits, starting with a letter, single hyphens allowed (e.g. `blue`). */
  readonly name: string;
  /** Model asset id, e.g. `azureml:forecast:7` or a registry/ARM id. */
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
  check.intRange(`${prop}.instanceCount`, d!.instanceCount, 1, 100);
}

/**
 * A managed online endpoint that rolls a candidate model out behind the live one: first as a
 * shadow (a mirrored share of requests, answers discarded), then in live stages. Key-less (Entra
 * token) auth by default.
 *
 * Azure refuses endpoint traffic for a deployment that does not exist yet, and a deployment needs
 * its endpoint: the endpoint is created without traffic (`-endpoint`, traffic changes ignored),
 * the two deployments next, and `-traffic` then writes the stage's `traffic` and `mirrorTraffic`
 * onto the same endpoint (retained on delete; `-endpoint` owns the deletion).
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
            model: d.model,
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
    new ml.OnlineEndpoint(
      `${name}-traffic`,
      {
        ...endpointProps,
        endpointName: endpoint.name,
        properties: { ...baseProperties, ...traffic },
      },
      { parent: this, dependsOn: [live, candidate], retainOnDelete: true },
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
