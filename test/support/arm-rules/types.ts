import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * Every azure-native type the library's stacks and examples emit (collected from
 * `npm run plan -- <program> --format json --from 2026-11-27T00:00:00Z` over `stacks/reference`,
 * `stacks/platform --stack dev|prod` and `examples/*`), its ARM type, the path parameters
 * azure-native takes out of the inputs to build the resource id, and the REST model that checks
 * its body: an official `@azure/arm-*` SDK package (a dev dependency) and the mapper of the
 * PUT body in that package. `nativeApi` is azure-native 3.28.0's default api-version (the
 * "Uses Azure REST API version" line of each resource's `.d.ts`), `sdkApi` the api-version the
 * SDK's mappers were generated from; where they differ the SDK's model is the nearest one
 * published for Node 20 (newer SDK majors need Node 22 or are TypeSpec "modular" packages
 * without mappers).
 */
export interface TypeInfo {
  /** ARM resource type, e.g. `Microsoft.DataFactory/factories/triggers`. */
  readonly armType: string;
  /** Inputs that are path parameters (removed from the body); in id order. */
  readonly pathParams: readonly string[];
  /** `@azure/arm-*` package whose mappers model the PUT body, or undefined (no Node 20 model). */
  readonly sdk?: string;
  /** The mapper of the PUT body in that package. */
  readonly mapper?: string;
  readonly sdkApi?: string;
  readonly nativeApi: string;
}

const DF = "@azure/arm-datafactory"; // 12.0.0
const ML = "@azure/arm-machinelearning"; // 2.1.1
const STORAGE = "@azure/arm-storage"; // 19.1.0
const MONITOR = "@azure/arm-monitor"; // 7.0.0
const COMM = "@azure/arm-communication"; // 4.2.0

export const TYPES: Readonly<Record<string, TypeInfo>> = {
  "azure-native:resources:ResourceGroup": {
    armType: "Microsoft.Resources/resourceGroups",
    pathParams: ["resourceGroupName"],
    sdk: "@azure/arm-resources",
    mapper: "ResourceGroup",
    sdkApi: "2025-04-01",
    nativeApi: "2024-03-01",
  },
  "azure-native:datafactory:Factory": {
    armType: "Microsoft.DataFactory/factories",
    pathParams: ["resourceGroupName", "factoryName"],
    sdk: DF,
    mapper: "Factory",
    sdkApi: "2018-06-01",
    nativeApi: "2018-06-01",
  },
  "azure-native:datafactory:Pipeline": {
    armType: "Microsoft.DataFactory/factories/pipelines",
    pathParams: ["resourceGroupName", "factoryName", "pipelineName"],
    sdk: DF,
    mapper: "PipelineResource",
    sdkApi: "2018-06-01",
    nativeApi: "2018-06-01",
  },
  "azure-native:datafactory:Trigger": {
    armType: "Microsoft.DataFactory/factories/triggers",
    pathParams: ["resourceGroupName", "factoryName", "triggerName"],
    sdk: DF,
    mapper: "TriggerResource",
    sdkApi: "2018-06-01",
    nativeApi: "2018-06-01",
  },
  "azure-native:datafactory:Dataset": {
    armType: "Microsoft.DataFactory/factories/datasets",
    pathParams: ["resourceGroupName", "factoryName", "datasetName"],
    sdk: DF,
    mapper: "DatasetResource",
    sdkApi: "2018-06-01",
    nativeApi: "2018-06-01",
  },
  "azure-native:datafactory:LinkedService": {
    armType: "Microsoft.DataFactory/factories/linkedservices",
    pathParams: ["resourceGroupName", "factoryName", "linkedServiceName"],
    sdk: DF,
    mapper: "LinkedServiceResource",
    sdkApi: "2018-06-01",
    nativeApi: "2018-06-01",
  },
  "azure-native:datafactory:IntegrationRuntime": {
    armType: "Microsoft.DataFactory/factories/integrationRuntimes",
    pathParams: ["resourceGroupName", "factoryName", "integrationRuntimeName"],
    sdk: DF,
    mapper: "IntegrationRuntimeResource",
    sdkApi: "2018-06-01",
    nativeApi: "2018-06-01",
  },
  "azure-native:compute:VirtualMachineScaleSet": {
    armType: "Microsoft.Compute/virtualMachineScaleSets",
    pathParams: ["resourceGroupName", "vmScaleSetName"],
    sdk: "@azure/arm-compute", // 23.3.0 (24.x is a modular package without mappers)
    mapper: "VirtualMachineScaleSet",
    sdkApi: "2025-04-01",
    nativeApi: "2024-11-01",
  },
  "azure-native:monitor:AutoscaleSetting": {
    armType: "Microsoft.Insights/autoscalesettings",
    pathParams: ["resourceGroupName", "autoscaleSettingName"],
    sdk: MONITOR,
    mapper: "AutoscaleSettingResource",
    sdkApi: "2022-10-01",
    nativeApi: "2021-05-01-preview",
  },
  "azure-native:applicationinsights:Workbook": {
    armType: "Microsoft.Insights/workbooks",
    pathParams: ["resourceGroupName", "resourceName"],
    sdk: "@azure/arm-appinsights", // 5.0.0-beta.8
    mapper: "Workbook",
    sdkApi: "2023-06-01",
    nativeApi: "2023-06-01",
  },
  "azure-native:monitor:ActionGroup": {
    armType: "Microsoft.Insights/actionGroups",
    pathParams: ["resourceGroupName", "actionGroupName"],
    sdk: MONITOR,
    mapper: "ActionGroupResource",
    sdkApi: "2021-09-01",
    nativeApi: "2024-10-01-preview",
  },
  "azure-native:monitor:DiagnosticSetting": {
    armType: "Microsoft.Insights/diagnosticSettings",
    pathParams: ["resourceUri", "name"],
    sdk: MONITOR,
    mapper: "DiagnosticSettingsResource",
    sdkApi: "2021-05-01-preview",
    nativeApi: "2021-05-01-preview",
  },
  "azure-native:monitor:MetricAlert": {
    armType: "Microsoft.Insights/metricAlerts",
    pathParams: ["resourceGroupName", "ruleName"],
    sdk: MONITOR,
    mapper: "MetricAlertResource",
    sdkApi: "2018-03-01",
    nativeApi: "2018-03-01",
  },
  // @azure/arm-monitor 7.0.0 models only the 2018-04-16 log search rule (a different shape);
  // the 2021+ ScheduledQueryRuleResource is in 8.0.0, which needs Node 22. Not body-checked.
  "azure-native:monitor:ScheduledQueryRule": {
    armType: "Microsoft.Insights/scheduledQueryRules",
    pathParams: ["resourceGroupName", "ruleName"],
    nativeApi: "2025-01-01-preview",
  },
  "azure-native:operationalinsights:Workspace": {
    armType: "Microsoft.OperationalInsights/workspaces",
    pathParams: ["resourceGroupName", "workspaceName"],
    sdk: "@azure/arm-operationalinsights", // 9.0.0
    mapper: "Workspace",
    sdkApi: "2022-10-01",
    nativeApi: "2023-09-01",
  },
  "azure-native:authorization:RoleAssignment": {
    armType: "Microsoft.Authorization/roleAssignments",
    pathParams: ["scope", "roleAssignmentName"],
    sdk: "@azure/arm-authorization", // 9.0.0
    mapper: "RoleAssignmentCreateParameters",
    sdkApi: "2022-04-01",
    nativeApi: "2022-04-01",
  },
  "azure-native:storage:StorageAccount": {
    armType: "Microsoft.Storage/storageAccounts",
    pathParams: ["resourceGroupName", "accountName"],
    sdk: STORAGE,
    mapper: "StorageAccountCreateParameters",
    sdkApi: "2025-06-01",
    nativeApi: "2024-01-01",
  },
  "azure-native:storage:BlobServiceProperties": {
    armType: "Microsoft.Storage/storageAccounts/blobServices",
    pathParams: ["resourceGroupName", "accountName", "blobServicesName"],
    sdk: STORAGE,
    mapper: "BlobServiceProperties",
    sdkApi: "2025-06-01",
    nativeApi: "2024-01-01",
  },
  "azure-native:storage:BlobContainer": {
    armType: "Microsoft.Storage/storageAccounts/blobServices/containers",
    // the container's id has blobServices/default between the account and the container
    pathParams: ["resourceGroupName", "accountName", "containerName"],
    sdk: STORAGE,
    mapper: "BlobContainer",
    sdkApi: "2025-06-01",
    nativeApi: "2024-01-01",
  },
  "azure-native:storage:ManagementPolicy": {
    armType: "Microsoft.Storage/storageAccounts/managementPolicies",
    pathParams: ["resourceGroupName", "accountName", "managementPolicyName"],
    sdk: STORAGE,
    mapper: "ManagementPolicy",
    sdkApi: "2025-06-01",
    nativeApi: "2024-01-01",
  },
  "azure-native:search:Service": {
    armType: "Microsoft.Search/searchServices",
    pathParams: ["resourceGroupName", "searchServiceName"],
    sdk: "@azure/arm-search", // 3.3.0
    mapper: "SearchService",
    sdkApi: "2025-05-01",
    nativeApi: "2025-05-01",
  },
  "azure-native:keyvault:Vault": {
    armType: "Microsoft.KeyVault/vaults",
    pathParams: ["resourceGroupName", "vaultName"],
    sdk: "@azure/arm-keyvault", // 4.0.0
    mapper: "VaultCreateOrUpdateParameters",
    sdkApi: "2025-05-01",
    nativeApi: "2024-11-01",
  },
  "azure-native:machinelearningservices:Workspace": {
    armType: "Microsoft.MachineLearningServices/workspaces",
    pathParams: ["resourceGroupName", "workspaceName"],
    sdk: ML,
    mapper: "Workspace",
    sdkApi: "2022-10-01",
    nativeApi: "2025-12-01",
  },
  "azure-native:machinelearningservices:Compute": {
    armType: "Microsoft.MachineLearningServices/workspaces/computes",
    pathParams: ["resourceGroupName", "workspaceName", "computeName"],
    sdk: ML,
    mapper: "ComputeResource",
    sdkApi: "2022-10-01",
    nativeApi: "2025-12-01",
  },
  "azure-native:machinelearningservices:Schedule": {
    armType: "Microsoft.MachineLearningServices/workspaces/schedules",
    pathParams: ["resourceGroupName", "workspaceName", "name"],
    sdk: ML,
    mapper: "Schedule",
    sdkApi: "2022-10-01",
    nativeApi: "2025-12-01",
  },
  "azure-native:machinelearningservices:OnlineEndpoint": {
    armType: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
    pathParams: ["resourceGroupName", "workspaceName", "endpointName"],
    sdk: ML,
    mapper: "OnlineEndpoint",
    sdkApi: "2022-10-01",
    nativeApi: "2025-12-01",
  },
  "azure-native:machinelearningservices:OnlineDeployment": {
    armType: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
    pathParams: ["resourceGroupName", "workspaceName", "endpointName", "deploymentName"],
    sdk: ML,
    mapper: "OnlineDeployment",
    sdkApi: "2022-10-01",
    nativeApi: "2025-12-01",
  },
  "azure-native:communication:CommunicationService": {
    armType: "Microsoft.Communication/communicationServices",
    pathParams: ["resourceGroupName", "communicationServiceName"],
    sdk: COMM,
    mapper: "CommunicationServiceResource",
    sdkApi: "2025-09-01",
    nativeApi: "2026-03-18",
  },
  "azure-native:communication:EmailService": {
    armType: "Microsoft.Communication/emailServices",
    pathParams: ["resourceGroupName", "emailServiceName"],
    sdk: COMM,
    mapper: "EmailServiceResource",
    sdkApi: "2025-09-01",
    nativeApi: "2026-03-18",
  },
  "azure-native:communication:Domain": {
    armType: "Microsoft.Communication/emailServices/domains",
    pathParams: ["resourceGroupName", "emailServiceName", "domainName"],
    sdk: COMM,
    mapper: "DomainResource",
    sdkApi: "2025-09-01",
    nativeApi: "2026-03-18",
  },
  "azure-native:logic:Workflow": {
    armType: "Microsoft.Logic/workflows",
    pathParams: ["resourceGroupName", "workflowName"],
    sdk: "@azure/arm-logic", // 8.2.0
    mapper: "Workflow",
    sdkApi: "2019-05-01",
    nativeApi: "2019-05-01",
  },
};

/** The TypeInfo of an ARM type (case-insensitive, as ARM compares types). */
export function byArmType(armType: string): TypeInfo | undefined {
  const t = armType.toLowerCase();
  return Object.values(TYPES).find((i) => i.armType.toLowerCase() === t);
}

/** ARM types whose PUT bodies are checked against an SDK model. */
export function typesCovered(): string[] {
  return Object.values(TYPES)
    .filter((t) => t.mapper)
    .map((t) => t.armType);
}

export type Mappers = Record<string, any>;
const loaded = new Map<string, Mappers>();

/**
 * The `Mappers` of an `@azure/arm-*` package. They are not exported by the packages' entry points
 * (and `exports` maps forbid deep imports), so the generated `models/mappers.js` is read by its
 * file path: the CommonJS build where the package ships one (`dist/commonjs`), else the ES module
 * build (`dist-esm/src`) transpiled to CommonJS with TypeScript.
 */
export function mappersOf(pkg: string): Mappers {
  const cached = loaded.get(pkg);
  if (cached) return cached;
  const root = path.dirname(require.resolve(`${pkg}/package.json`));
  const cjs = path.join(root, "dist/commonjs/models/mappers.js");
  let mappers: Mappers;
  if (fs.existsSync(cjs)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mappers = require(cjs) as Mappers;
  } else {
    const esm = path.join(root, "dist-esm/src/models/mappers.js");
    const js = ts.transpileModule(fs.readFileSync(esm, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
    }).outputText;
    const module = { exports: {} as Mappers };
    new Function("exports", "module", js)(module.exports, module);
    mappers = module.exports;
  }
  loaded.set(pkg, mappers);
  return mappers;
}
