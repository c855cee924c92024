// What Azure receives is checked against @pulumi/azure-native 3.28 storage/*.d.ts
// (StorageAccountArgs, BlobServicePropertiesArgs, BlobContainerArgs, ManagementPolicyArgs) and
// the Storage REST spec (2024-01-01): immutabilityPeriodSinceCreationInDays 1-146000, soft-delete
// days 1-365, management policy name `default` (azure-native issue #1336).
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { mocks, one, rejects } from "../support/mocks";
import { Duration } from "../../lib/core";
import { DataFactory } from "../../lib/datafactory";
import { backupPath, ModelBackupVault } from "../../lib/backup";
import { fakeGuid } from "../../lib/plan/mocks";

const session = mocks();
const rg = "rg-backup";
const d = Duration.days;
const trainer = "11111111-2222-3333-4444-555555555555";

/** Every `retainOnDelete` the program asks for, by resource name (mocks do not record options). */
const retained = new Map<string, boolean>();
const monitor = pulumi.runtime.getMonitor() as any;
const register = monitor.registerResource.bind(monitor);
monitor.registerResource = (req: any, cb: any) => {
  retained.set(req.getName(), !!req.getRetainondelete?.());
  return register(req, cb);
};

async function inputs(prefix: string, type: string) {
  await session.settle();
  return one(prefix, type).inputs;
}

describe("ModelBackupVault", () => {
  before(() => {
    new ModelBackupVault("vault-basic", {
      resourceGroupName: rg,
      families: ["forecasting", "vision"],
      writers: [{ principalId: trainer }],
      readers: [{ principalId: "66666666-2222-3333-4444-555555555555", principalType: "Group" }],
    });
  });

  it("creates a geo-redundant StorageV2 account with secure settings and a stable random name", async () => {
    const a = await inputs("vault-basic-account", "azure-native:storage:StorageAccount");
    const suffix = await inputs(
      "vault-basic-name-suffix",
      "random:index/randomString:RandomString",
    );
    assert.deepEqual(suffix, {
      length: 8,
      special: false,
      upper: false,
      lower: true,
      numeric: true,
    });
    assert.match(a.accountName, /^vaultbasic[0-9a-f]{8}$/);
    const { accountName, ...rest } = a;
    assert.ok(accountName.length <= 24);
    assert.deepEqual(rest, {
      resourceGroupName: rg,
      kind: "StorageV2",
      sku: { name: "Standard_RAGRS" },
      accessTier: "Hot",
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: "TLS1_2",
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      allowCrossTenantReplication: false,
      defaultToOAuthAuthentication: true,
      tags: { "mlops:purpose": "backup", "mlops:quick-restore-days": "3" },
    });
  });

  it("turns on versioning and 14-day blob and container soft delete", async () => {
    assert.deepEqual(
      await inputs("vault-basic-blob-service", "azure-native:storage:BlobServiceProperties"),
      {
        resourceGroupName: rg,
        accountName: (await inputs("vault-basic-account", "azure-native:storage:StorageAccount"))
          .accountName,
        blobServicesName: "default",
        isVersioningEnabled: true,
        deleteRetentionPolicy: { enabled: true, days: 14 },
        containerDeleteRetentionPolicy: { enabled: true, days: 14 },
      },
    );
  });

  it("creates one private container per model family", async () => {
    for (const f of ["forecasting", "vision"]) {
      const c = await inputs(`vault-basic-${f}`, "azure-native:storage:BlobContainer");
      assert.equal(c.containerName, f);
      assert.equal(c.publicAccess, "None");
    }
  });

  it("writes the management policy named default: daily backups, 30 kept, latest Hot", async () => {
    const p = await inputs("vault-basic-lifecycle", "azure-native:storage:ManagementPolicy");
    assert.equal(p.managementPolicyName, "default");
    const rule = (family: string) => ({
      name: family,
      enabled: true,
      type: "Lifecycle",
      definition: {
        filters: { blobTypes: ["blockBlob"], prefixMatch: [`${family}/`] },
        actions: {
          baseBlob: {
            tierToCool: { daysAfterCreationGreaterThan: 1 },
            delete: { daysAfterCreationGreaterThan: 31 },
          },
          version: {
            tierToCool: { daysAfterCreationGreaterThan: 0 },
            delete: { daysAfterCreationGreaterThan: 30 },
          },
        },
      },
    });
    assert.deepEqual(p.policy, { rules: [rule("forecasting"), rule("vision")] });
  });

  it("grants writers Storage Blob Data Contributor and readers Storage Blob Data Reader on the vault", async () => {
    await session.settle();
    const accountId = one("vault-basic-account", "azure-native:storage:StorageAccount").id;
    const w = await inputs("vault-basic-writer-0", "azure-native:authorization:RoleAssignment");
    assert.equal(w.principalId, trainer);
    assert.equal(w.principalType, "ServicePrincipal");
    assert.equal(w.scope, accountId);
    assert.match(
      w.roleDefinitionId,
      /\/providers\/Microsoft\.Authorization\/roleDefinitions\/ba92f5b4-2d11-453d-a403-e96b0029c9fe$/,
    );
    const r = await inputs("vault-basic-reader-0", "azure-native:authorization:RoleAssignment");
    assert.equal(r.principalType, "Group");
    assert.match(r.roleDefinitionId, /\/roleDefinitions\/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1$/);
  });

  it("keeps the account and containers on pulumi destroy by default, and not when opted out", async () => {
    new ModelBackupVault("vault-ephemeral", {
      resourceGroupName: rg,
      accountName: "mlopsephemeral01",
      families: ["scratch"],
      retainOnDestroy: false,
    });
    await session.settle();
    assert.equal(retained.get("vault-basic-account"), true);
    assert.equal(retained.get("vault-basic-forecasting"), true);
    assert.equal(retained.get("vault-ephemeral-account"), false);
    assert.equal(retained.get("vault-ephemeral-scratch"), false);
    const a = one("vault-ephemeral-account", "azure-native:storage:StorageAccount").inputs;
    assert.equal(a.accountName, "mlopsephemeral01");
    assert.equal(session.named("vault-ephemeral-name-suffix").length, 0);
  });

  it("sets account-level time-based immutability when asked, with custom soft delete and tiering", async () => {
    new ModelBackupVault("vault-worm", {
      resourceGroupName: rg,
      accountName: "mlopsworm01",
      sku: "Standard_GRS",
      families: ["credit"],
      immutability: { period: d(2555), state: "Locked" },
      softDelete: { blobs: d(30), containers: d(7) },
      allowSharedKeyAccess: true,
      tiering: { previousVersions: { coolAfter: d(0), archiveAfter: d(90), deleteAfter: d(3000) } },
    });
    const a = await inputs("vault-worm-account", "azure-native:storage:StorageAccount");
    assert.deepEqual(a.immutableStorageWithVersioning, {
      enabled: true,
      immutabilityPolicy: {
        immutabilityPeriodSinceCreationInDays: 2555,
        state: "Locked",
        allowProtectedAppendWrites: false,
      },
    });
    assert.equal(a.allowSharedKeyAccess, true);
    assert.equal(a.tags["mlops:quick-restore-days"], undefined);
    const s = await inputs("vault-worm-blob-service", "azure-native:storage:BlobServiceProperties");
    assert.deepEqual(s.deleteRetentionPolicy, { enabled: true, days: 30 });
    assert.deepEqual(s.containerDeleteRetentionPolicy, { enabled: true, days: 7 });
    const p = await inputs("vault-worm-lifecycle", "azure-native:storage:ManagementPolicy");
    assert.deepEqual(p.policy.rules[0].definition.actions, {
      version: {
        tierToCool: { daysAfterCreationGreaterThan: 0 },
        tierToArchive: { daysAfterCreationGreaterThan: 90 },
        delete: { daysAfterCreationGreaterThan: 3000 },
      },
    });
  });

  it("uses BlockBlobStorage without an access tier for a premium SKU", async () => {
    new ModelBackupVault("vault-premium", {
      resourceGroupName: rg,
      accountName: "mlopspremium01",
      sku: "Premium_LRS",
      families: ["hot-models"],
      tiering: { current: { deleteAfter: d(14) } },
    });
    const a = await inputs("vault-premium-account", "azure-native:storage:StorageAccount");
    assert.equal(a.kind, "BlockBlobStorage");
    assert.equal(a.accessTier, undefined);
  });

  describe("event-driven artifact backup", () => {
    const sourceAccountId =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/mltraining";
    before(() => {
      const adf = new DataFactory("vault-adf", {
        resourceGroupName: rg,
        factoryName: "adf-vault-test",
      });
      new ModelBackupVault("vault-events", {
        resourceGroupName: rg,
        accountName: "mlopsevents01",
        families: ["forecasting"],
        artifactBackup: {
          factory: adf,
          sourceAccountId,
          sourceContainer: "training-output",
          folders: { forecasting: "runs/forecasting" },
        },
      });
    });

    it("starts the copy when a run's completion marker lands under the family's folder", async () => {
      const t = await inputs(
        "vault-events-artifacts-forecasting-trigger",
        "azure-native:datafactory:Trigger",
      );
      assert.equal(t.properties.type, "BlobEventsTrigger");
      assert.equal(t.properties.scope, sourceAccountId);
      assert.equal(t.properties.blobPathBeginsWith, "/training-output/blobs/runs/forecasting/");
      assert.equal(t.properties.blobPathEndsWith, "_SUCCESS");
      assert.deepEqual(t.properties.events, ["Microsoft.Storage.BlobCreated"]);
      assert.deepEqual(t.properties.pipelines[0].parameters, {
        folderPath: "@triggerBody().folderPath",
        family: "forecasting",
      });
    });

    it("copies the run folder byte for byte into <model>/<UTC timestamp>/ of the family container", async () => {
      const p = await inputs(
        "vault-events-artifacts-pipeline",
        "azure-native:datafactory:Pipeline",
      );
      const copy = p.activities.find((a: any) => a.name === "CopyModelArtifacts");
      assert.deepEqual(copy.inputs, [
        {
          referenceName: "vault-events-artifacts_SourceFiles",
          type: "DatasetReference",
          parameters: {
            container: "training-output",
            folder: {
              value: "@join(skip(split(pipeline().parameters.folderPath, '/'), 1), '/')",
              type: "Expression",
            },
          },
        },
      ]);
      assert.deepEqual(copy.outputs[0].parameters, {
        container: { value: "@pipeline().parameters.family", type: "Expression" },
        folder: {
          value:
            "@concat(last(split(pipeline().parameters.folderPath, '/')), '/', concat(formatDateTime(pipeline().TriggerTime, 'yyyyMMddTHHmmss'), 'Z'))",
          type: "Expression",
        },
      });
      assert.deepEqual(copy.source, {
        type: "BinarySource",
        storeSettings: {
          type: "AzureBlobStorageReadSettings",
          recursive: true,
          wildcardFileName: "*",
        },
      });
      assert.deepEqual(copy.sink, {
        type: "BinarySink",
        storeSettings: { type: "AzureBlobStorageWriteSettings", copyBehavior: "PreserveHierarchy" },
      });
      assert.deepEqual(copy.policy, { retry: 3, retryIntervalInSeconds: 30 });
    });

    it("reaches both accounts with the factory's managed identity, no keys", async () => {
      const src = await inputs(
        "vault-events-artifacts-source-ls",
        "azure-native:datafactory:LinkedService",
      );
      assert.deepEqual(src.properties, {
        type: "AzureBlobStorage",
        serviceEndpoint: "https://mltraining.blob.core.windows.net/",
        accountKind: "StorageV2",
        authenticationType: "Msi",
      });
      const ds = await inputs(
        "vault-events-artifacts-backup-ds",
        "azure-native:datafactory:Dataset",
      );
      assert.equal(ds.properties.type, "Binary");
      assert.deepEqual(ds.properties.location, {
        type: "AzureBlobStorageLocation",
        container: { value: "@dataset().container", type: "Expression" },
        folderPath: { value: "@dataset().folder", type: "Expression" },
      });
    });

    it("grants the factory Reader on the training container and Contributor on the family container only", async () => {
      await session.settle();
      const factoryId = one("vault-adf-factory", "azure-native:datafactory:Factory").id!;
      const vaultId = one("vault-events-account", "azure-native:storage:StorageAccount").id;
      const read = await inputs(
        "vault-events-artifacts-read-source",
        "azure-native:authorization:RoleAssignment",
      );
      assert.equal(
        read.scope,
        `${sourceAccountId}/blobServices/default/containers/training-output`,
      );
      assert.match(read.roleDefinitionId, /2a2b9908-6ea1-4ae2-8e65-a410df84e7d1$/);
      // The mocks derive the factory's principal id from its ARM id.
      assert.equal(read.principalId, fakeGuid(`${factoryId}/principal`));
      const write = await inputs(
        "vault-events-artifacts-write-forecasting",
        "azure-native:authorization:RoleAssignment",
      );
      assert.equal(write.scope, `${vaultId}/blobServices/default/containers/forecasting`);
      assert.match(write.roleDefinitionId, /ba92f5b4-2d11-453d-a403-e96b0029c9fe$/);
      assert.equal(write.principalId, read.principalId);
    });
  });

  describe("rejects bad input before registering anything", () => {
    const base = { resourceGroupName: rg, families: ["models"] };
    const cases: [string, () => unknown, any, RegExp][] = [
      [
        "no families",
        () => new ModelBackupVault("bad-1", { ...base, families: [] }),
        "REQUIRED",
        /^families$/,
      ],
      [
        "a family that is no container name",
        () => new ModelBackupVault("bad-2", { ...base, families: ["Models_1"] }),
        "INVALID_FORMAT",
        /families\[0\]/,
      ],
      [
        "a repeated family",
        () => new ModelBackupVault("bad-3", { ...base, families: ["models", "models"] }),
        "CONFLICT",
        /containers/,
      ],
      [
        "an account name with capitals",
        () => new ModelBackupVault("bad-4", { ...base, accountName: "MlopsVault" }),
        "INVALID_NAME",
        /accountName/,
      ],
      [
        "an account name over 24 characters",
        () => new ModelBackupVault("bad-5", { ...base, accountName: "a".repeat(25) }),
        "INVALID_NAME",
        /accountName/,
      ],
      [
        "an unknown SKU",
        () => new ModelBackupVault("bad-6", { ...base, sku: "StandardV2_LRS" as any }),
        "NOT_ALLOWED",
        /sku/,
      ],
      [
        "archive on a ZRS vault",
        () =>
          new ModelBackupVault("bad-7", {
            ...base,
            sku: "Standard_ZRS",
            tiering: { current: { archiveAfter: d(90) } },
          }),
        "CONFLICT",
        /^tiering\.current\.archiveAfter$/,
      ],
      [
        "soft delete over 365 days",
        () => new ModelBackupVault("bad-8", { ...base, softDelete: { blobs: d(366) } }),
        "OUT_OF_RANGE",
        /softDelete\.blobs/,
      ],
      [
        "soft delete of zero days",
        () => new ModelBackupVault("bad-9", { ...base, softDelete: { containers: d(0) } }),
        "OUT_OF_RANGE",
        /softDelete\.containers/,
      ],
      [
        "immutability over 146000 days",
        () => new ModelBackupVault("bad-10", { ...base, immutability: { period: d(146_001) } }),
        "OUT_OF_RANGE",
        /immutability\.period/,
      ],
      [
        "tiering for an unknown family",
        () =>
          new ModelBackupVault("bad-11", {
            ...base,
            familyTiering: { other: { current: { deleteAfter: d(9) } } },
          }),
        "CONFLICT",
        /familyTiering\.other/,
      ],
      [
        "a writer without principal id",
        () => new ModelBackupVault("bad-12", { ...base, writers: [{ principalId: "" }] }),
        "REQUIRED",
        /writers\[0\]\.principalId/,
      ],
      [
        "artifact backup from a factory reference without principal",
        () =>
          new ModelBackupVault("bad-13", {
            ...base,
            artifactBackup: {
              factory: { resourceGroupName: rg, factoryName: "adf" },
              sourceAccountId: "/x",
              sourceContainer: "out",
            },
          }),
        "CONFLICT",
        /factoryPrincipalId/,
      ],
      [
        "artifact backup with a wildcard folder",
        () =>
          new ModelBackupVault("bad-14", {
            ...base,
            artifactBackup: {
              factory: { resourceGroupName: rg, factoryName: "adf" },
              factoryPrincipalId: trainer,
              sourceAccountId: "/x",
              sourceContainer: "out",
              folders: { models: "runs/*" },
            },
          }),
        "CONFLICT",
        /folders\.models/,
      ],
      [
        "keepVersions without cadence",
        () => new ModelBackupVault("bad-15", { ...base, tiering: { keepVersions: 5 } }),
        "REQUIRED",
        /backupEvery/,
      ],
    ];
    for (const [what, make, code, prop] of cases)
      it(`throws on ${what}`, () => rejects(make, code, prop));
  });
});

describe("backupPath", () => {
  it("names a backup <model>/<UTC timestamp>[-iter<k>]/", () => {
    const at = new Date("2026-11-28T02:05:09.123Z");
    assert.equal(backupPath("lgbm-sales", at), "lgbm-sales/20261128T020509Z/");
    assert.equal(backupPath("resnet50", at, 12), "resnet50/20261128T020509Z-iter12/");
  });
  it("refuses a model name that is not one path segment", () =>
    assert.throws(() => backupPath("a/b", new Date()), /one path segment/));
});
