/**
 * Tag that carries the reason a compute keeps nodes running (`minNodeCount > 0`). The
 * `compute-scale-to-zero` rule accepts a compute that has it, ours or raw. Pulumi-free, so the
 * policy pack can read it without loading azure-native.
 */
export const ALWAYS_ON_REASON_TAG = "mlops-always-on-reason";
