/** Pulumi-free names of the trigger activation lifecycle, shared by components, plan and rules. */

/**
 * Hook names. Stable across versions: the engine looks up the names saved in a stack's state
 * (version 0.1.0 bound `stop` as a delete hook too), so they must never be renamed.
 */
export const ACTIVATION_HOOK_NAMES = {
  stop: "mlops-adf-trigger-stop",
  recover: "mlops-adf-trigger-recover",
  /** After create and update: starts a trigger that is to run (what `--target` alone would skip). */
  restart: "mlops-adf-trigger-restart",
} as const;

/**
 * The oldest Pulumi CLI the activation works with: error hooks receive every error from 3.244
 * (resource hooks came in 3.182, error hooks in 3.218).
 */
export const ACTIVATION_CLI_FLOOR = "3.244";

/**
 * The resource that owns each trigger's runtime state (a dynamic resource, type token
 * `pulumi-nodejs:dynamic/mlops:TriggerActivation`), named `${component}-activation`.
 */
export const ACTIVATION_RESOURCE = {
  module: "mlops",
  type: "TriggerActivation",
  token: "pulumi-nodejs:dynamic/mlops:TriggerActivation",
} as const;

/**
 * Annotation the library puts on every trigger it builds (`properties.annotations`, shown in ADF
 * Studio), so that policies that only see resource inputs (CrossGuard) know whether the trigger is
 * started on deploy.
 */
export const ACTIVATION_ANNOTATIONS = {
  started: "mlops:started-on-deploy",
  stopped: "mlops:left-stopped",
  /** Held stopped on purpose (`hold`), e.g. an operator's pause during an incident. */
  held: "mlops:held-stopped",
} as const;
