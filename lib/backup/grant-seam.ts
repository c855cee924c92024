// Temporary seam until lib/identity lands on main: the same API (grantRole, ROLES,
// blobContainerScope), so switching is an import change. Deleted after the rebase.
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";

export interface RoleDefinition {
  readonly id: string;
  readonly name: string;
}

export const ROLES = {
  storageBlobDataReader: {
    id: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    name: "Storage Blob Data Reader",
  },
  storageBlobDataContributor: {
    id: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    name: "Storage Blob Data Contributor",
  },
} as const;

export interface RoleGrantArgs {
  readonly principalId: pulumi.Input<string>;
  readonly role: RoleDefinition;
  readonly scope: pulumi.Input<string>;
  readonly principalType?: "ServicePrincipal" | "User" | "Group";
}

export function grantRole(
  name: string,
  args: RoleGrantArgs,
  opts?: pulumi.CustomResourceOptions,
): authorization.RoleAssignment {
  const scope = pulumi.output(args.scope);
  return new authorization.RoleAssignment(
    name,
    {
      principalId: args.principalId,
      principalType: args.principalType ?? "ServicePrincipal",
      scope,
      roleDefinitionId: scope.apply(
        (s) =>
          `/subscriptions/${s.split("/")[2]}/providers/Microsoft.Authorization/roleDefinitions/${args.role.id}`,
      ),
    },
    opts,
  );
}

export function blobContainerScope(
  accountId: pulumi.Input<string>,
  container: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.interpolate`${accountId}/blobServices/default/containers/${container}`;
}
