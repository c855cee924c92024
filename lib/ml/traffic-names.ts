/** Pulumi-free names of the endpoint traffic resource, shared by components, plan and rules. */

/**
 * The resource that owns a `ShadowDeployment`'s endpoint traffic (a dynamic resource, type token
 * `pulumi-nodejs:dynamic/mlops:OnlineEndpointTraffic`), named `${component}-traffic`. Its inputs:
 * `endpointId`, `traffic`, `mirrorTraffic`.
 */
export const ENDPOINT_TRAFFIC_RESOURCE = {
  module: "mlops",
  type: "OnlineEndpointTraffic",
  token: "pulumi-nodejs:dynamic/mlops:OnlineEndpointTraffic",
} as const;
