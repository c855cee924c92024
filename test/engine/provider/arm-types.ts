/**
 * The stand-in azure-native plugin's table of resource types: for every type the library, its
 * stacks and its examples emit (`npm run plan -- <program> --format json` over stacks/reference,
 * stacks/platform dev and prod, examples/*), the ARM path template, the api-version azure-native
 * 3.28.0 uses by default for the type (the "Uses Azure REST API version" line of each resource in
 * `@pulumi/azure-native` 3.28.0's SDK), which path parameters have a default or are auto-named,
 * and how the resource exists before it is created.
 *
 * Body mapping (pulumi-azure-native `provider/pkg/convert` `SdkInputsToRequestBody`, driven by the
 * schema's `x-ms-client-flatten`): the path parameters leave the body; the ARM envelope fields
 * (`location`, `tags`, `sku`, `identity`, `kind`, `extendedLocation`, `managedBy`, and `properties`
 * where the SDK keeps it nested, e.g. `Trigger.properties`) stay top level; every other input is a
 * flattened member of ARM's `properties`. The response maps back the other way
 * (`ResponseBodyToSdkOutputs`): the envelope fields and the members of `properties` side by side,
 * except for the types whose SDK keeps `properties` nested (`nested: true`).
 */

/** ARM envelope fields that are never flattened into `properties`. */
export const TOP_LEVEL = [
  "location",
  "tags",
  "sku",
  "identity",
  "kind",
  "extendedLocation",
  "managedBy",
  "etag",
] as const;

export interface ArmType {
  /** ARM path with `{param}` placeholders; `{subscriptionId}` comes from the provider config. */
  readonly path: string;
  /** Default api-version of azure-native 3.28.0 for this type. */
  readonly apiVersion: string;
  /** The SDK input `properties` is ARM's `properties`, not flattened (outputs keep it nested). */
  readonly nested?: boolean;
  /** Path parameters azure-native fills in when the program leaves them out. */
  readonly defaults?: Record<string, string>;
  /**
   * The path parameter azure-native auto-names from the logical name when it is missing
   * (`name` + 8 random hex digits; a GUID for role assignments and workbooks, whose names must be
   * GUIDs).
   */
  readonly autoname?: { readonly param: string; readonly guid?: boolean };
  /**
   * A sub-resource that exists as soon as its parent does (`blobServices/default`, the management
   * policy `default`): azure-native's create accepts the GET's 200 only while the body still holds
   * Azure's defaults (`azure.CanCreate`, `isDefaultResponse`), and its delete PUTs the default body
   * back (`provider.go` `Delete`, case `isSingleton`: "Singleton resources can't be deleted (or
   * created), set them to the default state").
   */
  readonly singleton?: {
    readonly defaultBody: Record<string, unknown>;
    readonly resetOnDelete: boolean;
  };
}

const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers";
const ADF = `${RG}/Microsoft.DataFactory/factories/{factoryName}`;
const ACCOUNT = `${RG}/Microsoft.Storage/storageAccounts/{accountName}`;
const MLW = `${RG}/Microsoft.MachineLearningServices/workspaces/{workspaceName}`;

export const ARM_TYPES: Record<string, ArmType> = {
  "azure-native:resources:ResourceGroup": {
    path: "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}",
    apiVersion: "2024-03-01",
    autoname: { param: "resourceGroupName" },
  },
  "azure-native:datafactory:Factory": {
    path: ADF,
    apiVersion: "2018-06-01",
    autoname: { param: "factoryName" },
  },
  "azure-native:datafactory:Pipeline": {
    path: `${ADF}/pipelines/{pipelineName}`,
    apiVersion: "2018-06-01",
    autoname: { param: "pipelineName" },
  },
  "azure-native:datafactory:Trigger": {
    path: `${ADF}/triggers/{triggerName}`,
    apiVersion: "2018-06-01",
    nested: true,
    autoname: { param: "triggerName" },
  },
  "azure-native:datafactory:Dataset": {
    path: `${ADF}/datasets/{datasetName}`,
    apiVersion: "2018-06-01",
    nested: true,
    autoname: { param: "datasetName" },
  },
  "azure-native:datafactory:LinkedService": {
    path: `${ADF}/linkedservices/{linkedServiceName}`,
    apiVersion: "2018-06-01",
    nested: true,
    autoname: { param: "linkedServiceName" },
  },
  "azure-native:datafactory:IntegrationRuntime": {
    path: `${ADF}/integrationRuntimes/{integrationRuntimeName}`,
    apiVersion: "2018-06-01",
    nested: true,
    autoname: { param: "integrationRuntimeName" },
  },
  "azure-native:compute:VirtualMachineScaleSet": {
    path: `${RG}/Microsoft.Compute/virtualMachineScaleSets/{vmScaleSetName}`,
    apiVersion: "2024-11-01",
    autoname: { param: "vmScaleSetName" },
  },
  "azure-native:monitor:AutoscaleSetting": {
    path: `${RG}/Microsoft.Insights/autoscalesettings/{autoscaleSettingName}`,
    apiVersion: "2021-05-01-preview",
    autoname: { param: "autoscaleSettingName" },
  },
  "azure-native:applicationinsights:Workbook": {
    path: `${RG}/Microsoft.Insights/workbooks/{resourceName}`,
    apiVersion: "2023-06-01",
    autoname: { param: "resourceName", guid: true },
  },
  "azure-native:monitor:ActionGroup": {
    path: `${RG}/Microsoft.Insights/actionGroups/{actionGroupName}`,
    apiVersion: "2024-10-01-preview",
    autoname: { param: "actionGroupName" },
  },
  "azure-native:monitor:DiagnosticSetting": {
    path: "{resourceUri}/providers/Microsoft.Insights/diagnosticSettings/{name}",
    apiVersion: "2021-05-01-preview",
    autoname: { param: "name" },
  },
  "azure-native:monitor:MetricAlert": {
    path: `${RG}/Microsoft.Insights/metricAlerts/{ruleName}`,
    apiVersion: "2018-03-01",
    autoname: { param: "ruleName" },
  },
  "azure-native:monitor:ScheduledQueryRule": {
    path: `${RG}/Microsoft.Insights/scheduledQueryRules/{ruleName}`,
    apiVersion: "2025-01-01-preview",
    autoname: { param: "ruleName" },
  },
  "azure-native:operationalinsights:Workspace": {
    path: `${RG}/Microsoft.OperationalInsights/workspaces/{workspaceName}`,
    apiVersion: "2023-09-01",
    autoname: { param: "workspaceName" },
  },
  "azure-native:authorization:RoleAssignment": {
    path: "{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}",
    apiVersion: "2022-04-01",
    autoname: { param: "roleAssignmentName", guid: true },
  },
  "azure-native:storage:StorageAccount": {
    path: ACCOUNT,
    apiVersion: "2024-01-01",
    autoname: { param: "accountName" },
  },
  "azure-native:storage:BlobServiceProperties": {
    path: `${ACCOUNT}/blobServices/{blobServicesName}`,
    apiVersion: "2024-01-01",
    defaults: { blobServicesName: "default" },
    singleton: { defaultBody: {}, resetOnDelete: true },
  },
  "azure-native:storage:BlobContainer": {
    path: `${ACCOUNT}/blobServices/default/containers/{containerName}`,
    apiVersion: "2024-01-01",
    autoname: { param: "containerName" },
  },
  "azure-native:storage:ManagementPolicy": {
    path: `${ACCOUNT}/managementPolicies/{managementPolicyName}`,
    apiVersion: "2024-01-01",
    defaults: { managementPolicyName: "default" },
    singleton: { defaultBody: {}, resetOnDelete: false },
  },
  "azure-native:search:Service": {
    path: `${RG}/Microsoft.Search/searchServices/{searchServiceName}`,
    apiVersion: "2025-05-01",
    autoname: { param: "searchServiceName" },
  },
  "azure-native:keyvault:Vault": {
    path: `${RG}/Microsoft.KeyVault/vaults/{vaultName}`,
    apiVersion: "2024-11-01",
    nested: true,
    autoname: { param: "vaultName" },
  },
  "azure-native:machinelearningservices:Workspace": {
    path: MLW,
    apiVersion: "2025-12-01",
    autoname: { param: "workspaceName" },
  },
  "azure-native:machinelearningservices:Compute": {
    path: `${MLW}/computes/{computeName}`,
    apiVersion: "2025-12-01",
    nested: true,
    autoname: { param: "computeName" },
  },
  "azure-native:machinelearningservices:Schedule": {
    path: `${MLW}/schedules/{name}`,
    apiVersion: "2025-12-01",
    nested: true,
    autoname: { param: "name" },
  },
  "azure-native:machinelearningservices:OnlineEndpoint": {
    path: `${MLW}/onlineEndpoints/{endpointName}`,
    apiVersion: "2025-12-01",
    nested: true,
    autoname: { param: "endpointName" },
  },
  "azure-native:machinelearningservices:OnlineDeployment": {
    path: `${MLW}/onlineEndpoints/{endpointName}/deployments/{deploymentName}`,
    apiVersion: "2025-12-01",
    nested: true,
    autoname: { param: "deploymentName" },
  },
  "azure-native:communication:CommunicationService": {
    path: `${RG}/Microsoft.Communication/communicationServices/{communicationServiceName}`,
    apiVersion: "2026-03-18",
    autoname: { param: "communicationServiceName" },
  },
  "azure-native:communication:EmailService": {
    path: `${RG}/Microsoft.Communication/emailServices/{emailServiceName}`,
    apiVersion: "2026-03-18",
    autoname: { param: "emailServiceName" },
  },
  "azure-native:communication:Domain": {
    path: `${RG}/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}`,
    apiVersion: "2026-03-18",
    autoname: { param: "domainName" },
  },
  "azure-native:logic:Workflow": {
    path: `${RG}/Microsoft.Logic/workflows/{workflowName}`,
    apiVersion: "2019-05-01",
    autoname: { param: "workflowName" },
  },
};

/** Path parameters of a template, in order. */
export function pathParams(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}
