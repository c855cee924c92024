import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { createHash } from "crypto";
import { Check, ValidationContext, ValidationError } from "../core/errors";
import { RoleDefinition } from "./roles";

/** Who receives a role. */
export type PrincipalType = "ServicePrincipal" | "User" | "Group";

/** Arguments for {@link grantRole}. */
export interface RoleGrantArgs {
  /** Object id of the principal that receives the role, e.g. a factory's `principalId`. */
  readonly principalId: pulumi.Input<string>;
  /** The role to grant, usually one of `ROLES`. */
  readonly role: RoleDefinition;
  /**
   * ARM id of what the role applies to. Keep it as narrow as Azure allows: a blob container
   * (`blobContainerScope(accountId, "models")`) rather than the account, the account rather than
   * the resource group.
   */
  readonly scope: pulumi.Input<string>;
  /**
   * The kind of principal. `ServicePrincipal` (managed identities are service principals) lets
   * Azure skip the directory look-up that fails while a just-created identity replicates
   * (`PrincipalNotFound`).
   * @default "ServicePrincipal"
   */
  readonly principalType?: PrincipalType;
  /** Shown in the portal's role assignment list. @default - "<role name> for <Pulumi name>" */
  readonly description?: pulumi.Input<string>;
}

const PRINCIPAL_TYPES: readonly PrincipalType[] = ["ServicePrincipal", "User", "Group"];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBSCRIPTION_SCOPE = /^\/subscriptions\/([0-9a-f-]{36})(\/|$)/i;
const SCOPE_RULE = "must be an ARM id under a subscription (/subscriptions/<id>/...)";

/** Namespace of the library's role assignment names (UUID v5 of a fixed URL). */
const ROLE_ASSIGNMENT_NAMESPACE = "ae76082c-d29b-544b-a008-6ef2906a8a52";

/** RFC 4122 version-5 UUID of `name` in `namespace` (SHA-1, as every uuid library computes it). */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The role assignment's name (a GUID) for one principal, role and scope. The same three inputs
 * always give the same name, so a re-run or a re-created stack updates the assignment instead of
 * failing with `RoleAssignmentExists`. ARM ids are case-insensitive, so case does not matter.
 */
export function roleAssignmentName(scope: string, roleId: string, principalId: string): string {
  const key = [scope.replace(/\/+$/, ""), roleId, principalId].map((s) => s.toLowerCase());
  return uuidV5(key.join("|"), ROLE_ASSIGNMENT_NAMESPACE);
}

/**
 * The role definition's ARM id in the scope's subscription, the form the role assignments API
 * returns and Terraform's `azurerm_role_definition` data source gives.
 */
export function roleDefinitionResourceId(scope: string, role: RoleDefinition): string {
  const sub = SUBSCRIPTION_SCOPE.exec(scope);
  if (!sub) {
    throw new ValidationError(
      "INVALID_FORMAT",
      { component: "grantRole" },
      "scope",
      scope,
      SCOPE_RULE,
    );
  }
  return `/subscriptions/${sub[1]}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`;
}

/** The ARM id of one blob container: the narrowest scope a blob data role can have. */
export function blobContainerScope(
  accountId: pulumi.Input<string>,
  container: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.interpolate`${accountId}/blobServices/default/containers/${container}`;
}

function checkGrant(ctx: ValidationContext, args: RoleGrantArgs): void {
  const check = new Check(ctx);
  check.required("principalId", args.principalId);
  check.required("scope", args.scope);
  check.required("role", args.role);
  check.format(
    typeof args.role === "object" && typeof args.role.id === "string" && GUID.test(args.role.id),
    "role",
    args.role,
    "must be a role definition with a GUID id, such as ROLES.storageBlobDataReader",
  );
  check.oneOf("principalType", args.principalType, PRINCIPAL_TYPES);
  if (typeof args.principalId === "string") {
    check.format(GUID.test(args.principalId), "principalId", args.principalId, "must be a GUID");
  }
  if (typeof args.scope === "string") {
    check.format(SUBSCRIPTION_SCOPE.test(args.scope), "scope", args.scope, SCOPE_RULE);
  }
}

/**
 * Grants `role` to a principal on `scope` with a deterministic assignment name. Plain values are
 * checked before anything registers; a scope known only at deploy time is checked when it
 * resolves.
 */
export function grantRole(
  name: string,
  args: RoleGrantArgs,
  opts?: pulumi.CustomResourceOptions,
): authorization.RoleAssignment {
  checkGrant({ component: "grantRole", name }, args);
  const scope = pulumi.output(args.scope);
  const principalId = pulumi.output(args.principalId);
  return new authorization.RoleAssignment(
    name,
    {
      principalId,
      principalType: args.principalType ?? "ServicePrincipal",
      roleDefinitionId: scope.apply((s) => roleDefinitionResourceId(s, args.role)),
      scope,
      roleAssignmentName: pulumi
        .all([scope, principalId])
        .apply(([s, p]) => roleAssignmentName(s, args.role.id, p)),
      description: args.description ?? `${args.role.name} for ${name}`,
    },
    opts,
  );
}
