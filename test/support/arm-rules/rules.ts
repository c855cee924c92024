import type { ArmRefusal, ArmResource, ArmStore } from "./index";

type Json = any;

/**
 * Switches for rules that need the fake ARM to be seeded with what a program takes as given
 * (its resource groups, and the scopes of extension resources such as an existing storage
 * container a role assignment is scoped to). Azure refuses both; a fake that does not seed them
 * can turn the two rules off.
 */
export const options = {
  /** Refuse a resource whose resource group is not in the store (`ResourceGroupNotFound`). */
  resourceGroups: true,
  /** Refuse an extension resource whose scope resource is not in the store (`ResourceNotFound`). */
  extensionScopes: true,
};

/** ARM compares ids case-insensitively. */
export function find(store: ArmStore, id: string): ArmResource | undefined {
  const lower = id.toLowerCase();
  return store.get(id) ?? store.all().find((r) => r.id.toLowerCase() === lower);
}

const RG = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i;

/** Singleton sub-resources that exist as soon as their parent does (a storage account's services). */
const IMPLICIT =
  /\/storageAccounts\/[^/]+\/(blobServices|fileServices|queueServices|tableServices)\/default$/i;

/**
 * Parents before children.
 * - A nested resource (`.../providers/NS/a/n1/b/n2`) whose parent (`.../a/n1`) does not exist:
 *   404 `ParentResourceNotFound`, "Can not perform requested operation on nested resource.
 *   Parent resource '<n1>' not found." (Learn, "Resolve errors for parent resources",
 *   https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-parent-resource).
 *   A storage account's `blobServices/default` (and file/queue/table) exists with the account.
 * - A resource in a resource group that does not exist: 404 `ResourceGroupNotFound`, "Resource
 *   group '<rg>' could not be found." (Learn, "Resolve resource not found errors",
 *   https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-not-found).
 * - An extension resource (a role assignment, a diagnostic setting) whose scope resource does not
 *   exist: 404 `ResourceNotFound`, "The Resource '<type>/<name>' under resource group '<rg>' was
 *   not found." (same page: the resource an extension resource is applied to must exist).
 */
export function parentRule(store: ArmStore, id: string): ArmRefusal | undefined {
  if (RG.test(id)) return undefined;
  const at = id.toLowerCase().lastIndexOf("/providers/");
  if (at < 0) return undefined;
  const scope = id.slice(0, at);
  const segments = id.slice(at + "/providers/".length).split("/");
  if (segments.length > 3) {
    const parent = id.split("/").slice(0, -2).join("/");
    if (exists(store, parent)) return undefined;
    return {
      status: 404,
      code: "ParentResourceNotFound",
      message: `Can not perform requested operation on nested resource. Parent resource '${parent.split("/").pop()}' not found.`,
    };
  }
  const rg = RG.exec(scope);
  if (rg) {
    if (!options.resourceGroups || find(store, scope)) return undefined;
    return {
      status: 404,
      code: "ResourceGroupNotFound",
      message: `Resource group '${rg[2]}' could not be found.`,
    };
  }
  // an extension resource: its scope is a resource id (a subscription or tenant scope is not checked)
  if (!options.extensionScopes || !scope.toLowerCase().includes("/providers/")) return undefined;
  if (exists(store, scope)) return undefined;
  const scopeParts = scope.split("/");
  const rgName = /\/resourceGroups\/([^/]+)/i.exec(scope)?.[1] ?? "";
  const sp = scope.toLowerCase().lastIndexOf("/providers/");
  const typeAndName = scope.slice(sp + "/providers/".length);
  return {
    status: 404,
    code: "ResourceNotFound",
    message: `The Resource '${typeAndName || scopeParts.pop()}' under resource group '${rgName}' was not found.`,
  };
}

function exists(store: ArmStore, id: string): boolean {
  if (find(store, id)) return true;
  if (IMPLICIT.test(id)) return exists(store, id.split("/").slice(0, -2).join("/"));
  return false;
}

// --- Data Factory -------------------------------------------------------------------------

/**
 * A started trigger cannot be updated or deleted: HTTP 400 `TriggerEnabledCannotUpdate`,
 * "Cannot update enabled Trigger; the trigger needs to be disabled first." (the wording of
 * `test/support/fake-arm.ts`; Terraform azurerm stops a trigger before updating it for this
 * reason, `internal/services/datafactory/data_factory_trigger_schedule_resource.go`; AZURE-FACTS
 * "Data Factory triggers"). The fake keeps the state ADF reports, `properties.runtimeState`.
 */
export function triggerRule(store: ArmStore, id: string): ArmRefusal | undefined {
  if (!/\/providers\/Microsoft\.DataFactory\/factories\/[^/]+\/triggers\/[^/]+$/i.test(id))
    return undefined;
  if (find(store, id)?.body?.properties?.runtimeState !== "Started") return undefined;
  return {
    status: 400,
    code: "TriggerEnabledCannotUpdate",
    message: "Cannot update enabled Trigger; the trigger needs to be disabled first.",
  };
}

// --- Azure ML online endpoints --------------------------------------------------------------

const ENDPOINT =
  /\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/onlineEndpoints\/[^/]+$/i;
const DEPLOYMENT =
  /\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/onlineEndpoints\/[^/]+\/deployments\/([^/]+)$/i;

const badRequest = (message: string): ArmRefusal => ({ status: 400, code: "BadRequest", message });

function percentages(v: unknown): Record<string, number> {
  return v && typeof v === "object" ? (v as Record<string, number>) : {};
}

/**
 * Online endpoint traffic (PUT `.../onlineEndpoints/{e}`), from the REST spec's descriptions
 * (machinelearningservices `OnlineEndpointProperties`: `traffic` "Percentage of traffic from
 * endpoint to divert to each deployment. Traffic values need to sum to 100."; `mirrorTraffic`
 * "... Traffic values need to sum to utmost 50.") and Learn "Perform safe rollout of new
 * deployments for real-time inference" (https://learn.microsoft.com/azure/machine-learning/
 * how-to-safely-rollout-online-endpoints, "Test the deployment with mirrored traffic": traffic
 * can be mirrored to one deployment only, at most 50%, and a deployment receives either live or
 * mirrored traffic, not both):
 * - every deployment named in `traffic` or `mirrorTraffic` exists under this endpoint;
 * - each value is an integer 0..100; live traffic sums to 100, or 0 (no deployment serves);
 * - mirrored traffic sums to at most 50, goes to at most one deployment, and never to a
 *   deployment with live traffic.
 * The service's error codes for these are not documented; the fake answers 400 `BadRequest`.
 */
export function endpointTrafficRule(
  store: ArmStore,
  id: string,
  body: Json,
): ArmRefusal | undefined {
  if (!ENDPOINT.test(id)) return undefined;
  const live = percentages(body?.properties?.traffic);
  const mirror = percentages(body?.properties?.mirrorTraffic);
  for (const [what, map] of [
    ["traffic", live],
    ["mirrorTraffic", mirror],
  ] as const) {
    for (const [name, pct] of Object.entries(map)) {
      if (!Number.isInteger(pct) || pct < 0 || pct > 100)
        return badRequest(`${what}: '${name}' must be an integer percentage 0..100, not ${pct}.`);
      if (!find(store, `${id}/deployments/${name}`))
        return badRequest(
          `${what} names deployment '${name}', which does not exist under endpoint '${id.split("/").pop()}'.`,
        );
    }
  }
  const liveSum = Object.values(live).reduce((a, b) => a + b, 0);
  if (liveSum !== 0 && liveSum !== 100)
    return badRequest(`Traffic values need to sum to 100 (or 0); they sum to ${liveSum}.`);
  const mirrored = Object.entries(mirror).filter(([, p]) => p > 0);
  const mirrorSum = mirrored.reduce((a, [, p]) => a + p, 0);
  if (mirrorSum > 50)
    return badRequest(`Mirror traffic values need to sum to at most 50; they sum to ${mirrorSum}.`);
  if (mirrored.length > 1)
    return badRequest(
      `Traffic can be mirrored to one deployment only; mirrorTraffic names ${mirrored.map(([n]) => n).join(", ")}.`,
    );
  for (const [name] of mirrored)
    if ((live[name] ?? 0) > 0)
      return badRequest(
        `Deployment '${name}' has live traffic and cannot also receive mirrored traffic.`,
      );
  return undefined;
}

/**
 * A deployment with live traffic cannot be deleted (DELETE `.../deployments/{d}` while the
 * endpoint's `traffic[d]` > 0): Learn, safe rollout, "Remove the old deployment": set its traffic
 * to 0% first; the service refuses the delete otherwise (400 `BadRequest` here).
 */
export function deploymentDeleteRule(store: ArmStore, id: string): ArmRefusal | undefined {
  const m = DEPLOYMENT.exec(id);
  if (!m) return undefined;
  const endpointId = id.split("/").slice(0, -2).join("/");
  const endpoint = find(store, endpointId);
  const live = percentages(endpoint?.body?.properties?.traffic);
  const name = Object.keys(live).find((k) => k.toLowerCase() === m[1].toLowerCase());
  if (name === undefined || !(live[name] > 0)) return undefined;
  return badRequest(
    `Deployment '${m[1]}' has ${live[name]}% of endpoint '${endpointId.split("/").pop()}' live traffic; set its traffic to 0 before deleting it.`,
  );
}

// --- Role assignments -----------------------------------------------------------------------

const ROLE_ASSIGNMENT = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/i;
const lastGuid = (s: unknown) =>
  String(s ?? "")
    .split("/")
    .pop()!
    .toLowerCase();

/**
 * Role assignments (PUT `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}`):
 * - the same scope, role definition and principal under another name: 409
 *   `RoleAssignmentExists`, "The role assignment already exists." (scope, role and principal
 *   define an assignment, its name does not: terraform-provider-azurerm #28694 and #28557,
 *   Azure/azure-cli #8599; Learn "Troubleshoot Azure RBAC",
 *   https://learn.microsoft.com/azure/role-based-access-control/troubleshooting);
 * - the same name with another principal or role: 400 `RoleAssignmentUpdateNotPermitted`,
 *   "Tenant ID, application ID, principal ID, and scope are not allowed to be updated." (same
 *   Learn page, "Symptom - ARM template role assignment returns BadRequest status"; the
 *   response as recorded in OfficeDev/microsoft-teams-apps-company-communicator #569).
 */
export function roleAssignmentRule(
  store: ArmStore,
  id: string,
  body: Json,
): ArmRefusal | undefined {
  const m = ROLE_ASSIGNMENT.exec(id);
  if (!m) return undefined;
  const scope = m[1].toLowerCase();
  const role = lastGuid(body?.properties?.roleDefinitionId);
  const principal = String(body?.properties?.principalId ?? "").toLowerCase();
  const same = find(store, id);
  if (same) {
    const p = same.body?.properties ?? {};
    if (lastGuid(p.roleDefinitionId) !== role || String(p.principalId).toLowerCase() !== principal)
      return {
        status: 400,
        code: "RoleAssignmentUpdateNotPermitted",
        message:
          "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
      };
    return undefined;
  }
  for (const r of store.all()) {
    const o = ROLE_ASSIGNMENT.exec(r.id);
    if (!o || o[1].toLowerCase() !== scope) continue;
    const p = r.body?.properties ?? {};
    if (lastGuid(p.roleDefinitionId) === role && String(p.principalId).toLowerCase() === principal)
      return {
        status: 409,
        code: "RoleAssignmentExists",
        message: "The role assignment already exists.",
      };
  }
  return undefined;
}

// --- Storage --------------------------------------------------------------------------------

const POLICY =
  /^(.*\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+)\/managementPolicies\/([^/]+)$/i;

/** SKUs without the Archive tier: ZRS, GZRS, RA-GZRS and every premium SKU. */
export function archiveUnavailable(skuName: unknown): boolean {
  return /^Premium_|_ZRS$|_GZRS$|_RAGZRS$/i.test(String(skuName ?? ""));
}

function usesArchive(policy: Json): boolean {
  for (const rule of policy?.rules ?? []) {
    const a = rule?.definition?.actions ?? {};
    for (const k of ["baseBlob", "snapshot", "version"]) if (a[k]?.tierToArchive) return true;
  }
  return false;
}

/**
 * Lifecycle management policies (PUT `.../storageAccounts/{a}/managementPolicies/{name}`):
 * - the only name is `default` (404 otherwise; the REST spec's `managementPolicyName` enum
 *   `default`, pulumi-azure-native #1336);
 * - `tierToArchive` actions need an account whose redundancy supports Archive: "The archive tier
 *   isn't supported for ZRS, GZRS, or RA-GZRS accounts" and premium accounts have no access tiers
 *   (Learn, "Access tiers for blob data", https://learn.microsoft.com/azure/storage/blobs/
 *   access-tiers-overview). The service's code is not documented; the fake answers 400
 *   `BadRequest`.
 */
export function managementPolicyRule(
  store: ArmStore,
  id: string,
  body: Json,
): ArmRefusal | undefined {
  const m = POLICY.exec(id);
  if (!m) return undefined;
  if (m[2] !== "default")
    return {
      status: 404,
      code: "ResourceNotFound",
      message: `The management policy name must be 'default', not '${m[2]}'.`,
    };
  const sku = find(store, m[1])?.body?.sku?.name;
  if (usesArchive(body?.properties?.policy) && archiveUnavailable(sku))
    return badRequest(
      `The archive tier is not supported for a ${sku} account (ZRS, GZRS, RA-GZRS and premium accounts have no Archive tier); remove tierToArchive.`,
    );
  return undefined;
}
