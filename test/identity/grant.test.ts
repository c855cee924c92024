import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { DataFactory } from "../../lib/datafactory";
import { fakeGuid } from "../../lib/plan/mocks";
import {
  blobContainerScope,
  grantRole,
  roleAssignmentName,
  roleDefinitionResourceId,
  ROLES,
  uuidV5,
} from "../../lib/identity";

const session = mocks();
const ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const SUB = "00000000-0000-0000-0000-000000000001";
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stdata`;
const PRINCIPAL = "11111111-2222-3333-4444-555555555555";

describe("ROLES", () => {
  it("holds well-formed, distinct built-in role ids", () => {
    // Ids from learn.microsoft.com/azure/role-based-access-control/built-in-roles (the same in every cloud).
    const ids = Object.values(ROLES).map((r) => r.id);
    for (const id of ids)
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ROLES.storageBlobDataReader.id, "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");
    assert.equal(ROLES.storageBlobDataContributor.id, "ba92f5b4-2d11-453d-a403-e96b0029c9fe");
  });
});

describe("roleAssignmentName", () => {
  it("computes RFC 4122 version-5 UUIDs (Python's uuid5(NAMESPACE_DNS, 'python.org'))", () => {
    assert.equal(
      uuidV5("python.org", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
      "886313e1-3b8a-5372-9b90-0c9aee199e5d",
    );
  });

  it("is the same for the same scope, role and principal, whatever the case or a trailing slash", () => {
    const a = roleAssignmentName(ACCOUNT, ROLES.storageBlobDataReader.id, PRINCIPAL);
    assert.equal(
      a,
      roleAssignmentName(`${ACCOUNT.toUpperCase()}/`, ROLES.storageBlobDataReader.id, PRINCIPAL),
    );
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("differs when the scope, the role or the principal differs", () => {
    const names = new Set([
      roleAssignmentName(ACCOUNT, ROLES.storageBlobDataReader.id, PRINCIPAL),
      roleAssignmentName(
        `${ACCOUNT}/blobServices/default/containers/raw`,
        ROLES.storageBlobDataReader.id,
        PRINCIPAL,
      ),
      roleAssignmentName(ACCOUNT, ROLES.storageBlobDataContributor.id, PRINCIPAL),
      roleAssignmentName(
        ACCOUNT,
        ROLES.storageBlobDataReader.id,
        "11111111-2222-3333-4444-555555555556",
      ),
    ]);
    assert.equal(names.size, 4);
  });

  it("builds the role definition id in the scope's subscription", () => {
    assert.equal(
      roleDefinitionResourceId(ACCOUNT, ROLES.searchIndexDataReader),
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/1407120a-92aa-4202-b7e9-c0e197c71c8f`,
    );
  });
});

describe("grantRole", () => {
  it("sends the principal, the role in the scope's subscription, the scope and a deterministic name", async () => {
    grantRole("reader-raw", {
      principalId: PRINCIPAL,
      role: ROLES.storageBlobDataReader,
      scope: blobContainerScope(ACCOUNT, "raw"),
    });
    await session.settle();
    const scope = `${ACCOUNT}/blobServices/default/containers/raw`;
    assert.deepEqual(one("reader-raw", ASSIGNMENT).inputs, {
      principalId: PRINCIPAL,
      principalType: "ServicePrincipal",
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`,
      scope,
      roleAssignmentName: roleAssignmentName(scope, ROLES.storageBlobDataReader.id, PRINCIPAL),
      description: "Storage Blob Data Reader for reader-raw",
    });
  });

  it("grants a factory's managed identity, known only at deploy time", async () => {
    const adf = new DataFactory("grant-adf", { resourceGroupName: "rg-data" });
    grantRole("adf-writer", {
      principalId: adf.principalId,
      role: ROLES.storageBlobDataContributor,
      scope: ACCOUNT,
    });
    await session.settle();
    const factory = one("grant-adf", "azure-native:datafactory:Factory");
    const principal = fakeGuid(`${factory.id}/principal`); // what the mocks give a system identity
    const inputs = one("adf-writer", ASSIGNMENT).inputs;
    assert.equal(inputs.principalId, principal);
    assert.equal(
      inputs.roleAssignmentName,
      roleAssignmentName(ACCOUNT, ROLES.storageBlobDataContributor.id, principal),
    );
  });

  const bad: [string, () => unknown, string, RegExp][] = [
    [
      "a principal type Azure does not know",
      () =>
        grantRole("g1", {
          principalId: PRINCIPAL,
          role: ROLES.monitoringReader,
          scope: ACCOUNT,
          principalType: "App" as never,
        }),
      "NOT_ALLOWED",
      /^principalType$/,
    ],
    [
      "a role that is not a role definition",
      () =>
        grantRole("g2", {
          principalId: PRINCIPAL,
          role: { id: "Reader", name: "Reader", grants: "" },
          scope: ACCOUNT,
        }),
      "INVALID_FORMAT",
      /^role$/,
    ],
    [
      "a missing role (JavaScript caller)",
      () => grantRole("g3", { principalId: PRINCIPAL, scope: ACCOUNT } as never),
      "REQUIRED",
      /^role$/,
    ],
    [
      "a scope that is not an ARM id",
      () =>
        grantRole("g4", { principalId: PRINCIPAL, role: ROLES.monitoringReader, scope: "stdata" }),
      "INVALID_FORMAT",
      /^scope$/,
    ],
    [
      "a principal id that is not a GUID",
      () =>
        grantRole("g5", {
          principalId: "my-identity",
          role: ROLES.monitoringReader,
          scope: ACCOUNT,
        }),
      "INVALID_FORMAT",
      /^principalId$/,
    ],
    [
      "an empty principal id",
      () => grantRole("g6", { principalId: "", role: ROLES.monitoringReader, scope: ACCOUNT }),
      "REQUIRED",
      /^principalId$/,
    ],
  ];
  for (const [what, make, code, prop] of bad) {
    it(`rejects ${what} before registering anything`, () => rejects(make, code as never, prop));
  }
});
