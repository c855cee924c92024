import * as pulumi from "@pulumi/pulumi";
import { Check } from "../core/errors";

/**
 * An Azure Machine Learning workspace the ML components work in: a `machinelearningservices.Workspace`
 * (anything with `name`) or a reference by resource group and name.
 */
export interface WorkspaceReference {
  /** Resource group of the workspace. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** The workspace name. */
  readonly workspaceName: pulumi.Input<string>;
}

/** Checks a workspace reference at its prop path (plain values and JavaScript callers too). */
export function checkWorkspace(check: Check, prop: string, ws: WorkspaceReference | undefined) {
  check.required(prop, ws, "is required: { resourceGroupName, workspaceName }");
  check.format(
    typeof ws === "object" && ws !== null,
    prop,
    ws,
    "must be an object { resourceGroupName, workspaceName }",
  );
  check.required(`${prop}.resourceGroupName`, ws!.resourceGroupName);
  check.required(`${prop}.workspaceName`, ws!.workspaceName);
}

/**
 * The MLflow tracking URI of a workspace in the form Azure ML returns it
 * (`azureml://<region>.api.azureml.ms/mlflow/v1.0<workspace ARM id>`), for when only the id and
 * region are known; a `machinelearningservices.Workspace` exposes it as `mlFlowTrackingUri`.
 */
export function mlflowTrackingUri(
  region: pulumi.Input<string>,
  workspaceId: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.interpolate`azureml://${region}.api.azureml.ms/mlflow/v1.0${workspaceId}`;
}
