/**
 * Names shared by `SelfHostedIntegrationRuntime` and the policy rules, Pulumi-free so the rules
 * (and the CrossGuard pack) read them without loading azure-native.
 */

/** Tag on a runtime's node scale set: the integration runtime its nodes register with. */
export const RUNTIME_NODE_TAG = "mlops-integration-runtime";
/** Tag on a runtime's node scale set: the Java runtime installed on its nodes (rule `parquet-java-runtime`). */
export const RUNTIME_JAVA_TAG = "mlops-java-runtime";
