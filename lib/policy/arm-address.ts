/**
 * The Azure Resource Manager address (resource id) an azure-native resource writes to, computed
 * from its type and path inputs. Pulumi-free, so that the plan, the rules and the engine suite can
 * share it.
 *
 * Each template is the `PUT` path of the type's REST API in Azure/azure-rest-api-specs, with
 * `{...}` naming the azure-native input that fills the segment (azure-native flattens path
 * parameters into inputs of the same name, e.g. `{resourceGroupName}`). `{subscriptionId}` is the
 * provider's subscription: resources of one program are compared within one subscription.
 */
export interface ArmPathTemplate {
  /** The REST `PUT` path, placeholders named after azure-native's inputs. */
  readonly path: string;
  /** The specification file the path comes from (under `specification/` in azure-rest-api-specs). */
  readonly spec: string;
  /**
   * Inputs that azure-native fills itself when omitted: singleton sub-resources whose only name
   * is `default` (`blobServices/default`, `managementPolicies/default`).
   * @default {}
   */
  readonly defaults?: Readonly<Record<string, string>>;
}

const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
const ML = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}`;
const ML_SPEC =
  "machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-12-01/mfe.json";
const ADF = `${RG}/providers/Microsoft.DataFactory/factories/{factoryName}`;
const ADF_SPEC =
  "datafactory/resource-manager/Microsoft.DataFactory/stable/2018-06-01/datafactory.json";
const STORAGE = `${RG}/providers/Microsoft.Storage/storageAccounts/{accountName}`;
const STORAGE_SPEC = "storage/resource-manager/Microsoft.Storage/stable/2024-01-01";

/**
 * Every azure-native type the library, its stacks and examples emit (found with
 * `npm run plan -- <program> --format json` over `stacks/*` and `examples/*`; the test
 * `arm-address.test.ts` fails when a shipped program emits a type missing here).
 */
export const ARM_PATHS: Readonly<Record<string, ArmPathTemplate>> = {
  "azure-native:resources:ResourceGroup": {
    path: RG,
    spec: "resources/resource-manager/Microsoft.Resources/stable/2024-03-01/resources.json (ResourceGroups_CreateOrUpdate)",
  },
  "azure-native:storage:StorageAccount": {
    path: STORAGE,
    spec: `${STORAGE_SPEC}/storage.json (StorageAccounts_Create)`,
  },
  "azure-native:storage:BlobServiceProperties": {
    path: `${STORAGE}/blobServices/{blobServicesName}`,
    spec: `${STORAGE_SPEC}/blob.json (BlobServices_SetServiceProperties; the name is always "default")`,
    defaults: { blobServicesName: "default" },
  },
  "azure-native:storage:BlobContainer": {
    path: `${STORAGE}/blobServices/default/containers/{containerName}`,
    spec: `${STORAGE_SPEC}/blob.json (BlobContainers_Create)`,
  },
  "azure-native:storage:ManagementPolicy": {
    path: `${STORAGE}/managementPolicies/{managementPolicyName}`,
    spec: `${STORAGE_SPEC}/storage.json (ManagementPolicies_CreateOrUpdate; the name is always "default")`,
    defaults: { managementPolicyName: "default" },
  },
  "azure-native:datafactory:Factory": {
    path: ADF,
    spec: `${ADF_SPEC} (Factories_CreateOrUpdate)`,
  },
  "azure-native:datafactory:Pipeline": {
    path: `${ADF}/pipelines/{pipelineName}`,
    spec: `${ADF_SPEC} (Pipelines_CreateOrUpdate)`,
  },
  "azure-native:datafactory:Trigger": {
    path: `${ADF}/triggers/{triggerName}`,
    spec: `${ADF_SPEC} (Triggers_CreateOrUpdate)`,
  },
  "azure-native:datafactory:Dataset": {
    path: `${ADF}/datasets/{datasetName}`,
    spec: `${ADF_SPEC} (Datasets_CreateOrUpdate)`,
  },
  "azure-native:datafactory:LinkedService": {
    path: `${ADF}/linkedservices/{linkedServiceName}`,
    spec: `${ADF_SPEC} (LinkedServices_CreateOrUpdate)`,
  },
  "azure-native:datafactory:IntegrationRuntime": {
    path: `${ADF}/integrationRuntimes/{integrationRuntimeName}`,
    spec: `${ADF_SPEC} (IntegrationRuntimes_CreateOrUpdate)`,
  },
  "azure-native:compute:VirtualMachineScaleSet": {
    path: `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/{vmScaleSetName}`,
    spec: "compute/resource-manager/Microsoft.Compute/ComputeRP/stable/2024-11-01/virtualMachineScaleSet.json (VirtualMachineScaleSets_CreateOrUpdate)",
  },
  "azure-native:monitor:AutoscaleSetting": {
    path: `${RG}/providers/Microsoft.Insights/autoscalesettings/{autoscaleSettingName}`,
    spec: "monitor/resource-manager/Microsoft.Insights/preview/2021-05-01-preview/autoscale_API.json (AutoscaleSettings_CreateOrUpdate)",
  },
  "azure-native:machinelearningservices:Workspace": {
    path: ML,
    spec: `machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-12-01/workspaceRP.json (Workspaces_CreateOrUpdate)`,
  },
  "azure-native:machinelearningservices:Compute": {
    path: `${ML}/computes/{computeName}`,
    spec: `machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-12-01/workspaceRP.json (Compute_CreateOrUpdate)`,
  },
  "azure-native:machinelearningservices:Schedule": {
    path: `${ML}/schedules/{name}`,
    spec: `${ML_SPEC} (Schedules_CreateOrUpdate)`,
  },
  "azure-native:machinelearningservices:OnlineEndpoint": {
    path: `${ML}/onlineEndpoints/{endpointName}`,
    spec: `${ML_SPEC} (OnlineEndpoints_CreateOrUpdate)`,
  },
  "azure-native:machinelearningservices:OnlineDeployment": {
    path: `${ML}/onlineEndpoints/{endpointName}/deployments/{deploymentName}`,
    spec: `${ML_SPEC} (OnlineDeployments_CreateOrUpdate)`,
  },
  "azure-native:monitor:ActionGroup": {
    path: `${RG}/providers/Microsoft.Insights/actionGroups/{actionGroupName}`,
    spec: "monitor/resource-manager/Microsoft.Insights/preview/2024-10-01-preview/actionGroups_API.json (ActionGroups_CreateOrUpdate)",
  },
  "azure-native:monitor:MetricAlert": {
    path: `${RG}/providers/Microsoft.Insights/metricAlerts/{ruleName}`,
    spec: "monitor/resource-manager/Microsoft.Insights/stable/2018-03-01/metricAlert_API.json (MetricAlerts_CreateOrUpdate)",
  },
  "azure-native:monitor:ScheduledQueryRule": {
    path: `${RG}/providers/Microsoft.Insights/scheduledQueryRules/{ruleName}`,
    spec: "monitor/resource-manager/Microsoft.Insights/preview/2025-01-01-preview/scheduledQueryRule_API.json (ScheduledQueryRules_CreateOrUpdate)",
  },
  "azure-native:monitor:DiagnosticSetting": {
    path: "{resourceUri}/providers/Microsoft.Insights/diagnosticSettings/{name}",
    spec: "monitor/resource-manager/Microsoft.Insights/preview/2021-05-01-preview/diagnosticsSettings_API.json (DiagnosticSettings_CreateOrUpdate)",
  },
  "azure-native:operationalinsights:Workspace": {
    path: `${RG}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}`,
    spec: "operationalinsights/resource-manager/Microsoft.OperationalInsights/stable/2023-09-01/Workspaces.json (Workspaces_CreateOrUpdate)",
  },
  "azure-native:applicationinsights:Workbook": {
    path: `${RG}/providers/Microsoft.Insights/workbooks/{resourceName}`,
    spec: "applicationinsights/resource-manager/Microsoft.Insights/stable/2023-06-01/workbooks_API.json (Workbooks_CreateOrUpdate)",
  },
  "azure-native:logic:Workflow": {
    path: `${RG}/providers/Microsoft.Logic/workflows/{workflowName}`,
    spec: "logic/resource-manager/Microsoft.Logic/stable/2019-05-01/logic.json (Workflows_CreateOrUpdate)",
  },
  "azure-native:communication:CommunicationService": {
    path: `${RG}/providers/Microsoft.Communication/communicationServices/{communicationServiceName}`,
    spec: "communication/resource-manager/Microsoft.Communication/stable/2026-03-18/CommunicationServices.json (CommunicationServices_CreateOrUpdate)",
  },
  "azure-native:communication:EmailService": {
    path: `${RG}/providers/Microsoft.Communication/emailServices/{emailServiceName}`,
    spec: "communication/resource-manager/Microsoft.Communication/stable/2026-03-18/EmailServices.json (EmailServices_CreateOrUpdate)",
  },
  "azure-native:communication:Domain": {
    path: `${RG}/providers/Microsoft.Communication/emailServices/{emailServiceName}/domains/{domainName}`,
    spec: "communication/resource-manager/Microsoft.Communication/stable/2026-03-18/Domains.json (Domains_CreateOrUpdate)",
  },
  "azure-native:authorization:RoleAssignment": {
    path: "{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}",
    spec: "authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json (RoleAssignments_Create)",
  },
  "azure-native:keyvault:Vault": {
    path: `${RG}/providers/Microsoft.KeyVault/vaults/{vaultName}`,
    spec: "keyvault/resource-manager/Microsoft.KeyVault/stable/2024-11-01/keyvault.json (Vaults_CreateOrUpdate)",
  },
  "azure-native:search:Service": {
    path: `${RG}/providers/Microsoft.Search/searchServices/{searchServiceName}`,
    spec: "search/resource-manager/Microsoft.Search/stable/2025-05-01/search.json (Services_CreateOrUpdate)",
  },
};

/** The subscription segment: one program's resources share the provider's subscription. */
const SUBSCRIPTION = "{subscription}";

/** A resource as the address computation sees it. */
export interface AddressableResource {
  /** Pulumi type token of the resource. */
  readonly type: string;
  /** Resource inputs; values unknown until deploy (a preview) are `undefined`. */
  readonly props: Record<string, unknown>;
  /** Paths of unknown values. @default [] */
  readonly unknowns?: readonly string[];
}

/**
 * The resource's ARM id in lower case (ARM resource types and names are case-insensitive), or
 * undefined when it cannot be known: a type without a template, a path input that is unknown
 * (a preview) or absent (azure-native then auto-names the resource with a random suffix, so it
 * cannot collide), or a value that is not a plain string.
 */
export function armAddress(r: AddressableResource): string | undefined {
  const template = ARM_PATHS[r.type];
  if (!template) return undefined;
  let ok = true;
  const path = template.path.replace(/\{([A-Za-z]+)\}/g, (_m, key: string) => {
    if (key === "subscriptionId") return SUBSCRIPTION;
    if ((r.unknowns ?? []).some((u) => u === key || key.startsWith(`${u}.`))) {
      ok = false;
      return "";
    }
    const value = r.props[key] ?? template.defaults?.[key];
    if (typeof value !== "string" || value === "") {
      ok = false;
      return "";
    }
    // Scopes and resource URIs are ids themselves; a trailing slash names the same resource.
    return key === "scope" || key === "resourceUri" ? value.replace(/\/+$/, "") : value;
  });
  return ok ? path.toLowerCase() : undefined;
}

/** Resources grouped by the ARM address they write to; only addresses written by two or more. */
export function sharedAddresses<T extends AddressableResource>(
  resources: readonly T[],
): Map<string, T[]> {
  const by = new Map<string, T[]>();
  for (const r of resources) {
    const a = armAddress(r);
    if (a) by.set(a, [...(by.get(a) ?? []), r]);
  }
  return new Map([...by].filter(([, rs]) => rs.length > 1));
}
