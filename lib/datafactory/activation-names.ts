/** Pulumi-free names of the trigger activation lifecycle, shared by components, plan and rules. */

/** Hook names, stable so that `pulumi destroy --run-program` finds the delete hooks again. */
export const ACTIVATION_HOOK_NAMES = {
  start: "mlops-adf-trigger-start",
  stop: "mlops-adf-trigger-stop",
  recover: "mlops-adf-trigger-recover",
} as const;

/**
 * Annotation the library puts on every trigger it builds (`properties.annotations`, shown in ADF
 * Studio), so that policies that only see resource inputs (CrossGuard) know whether the trigger is
 * started on deploy.
 */
export const ACTIVATION_ANNOTATIONS = {
  started: "mlops:started-on-deploy",
  stopped: "mlops:left-stopped",
} as const;
