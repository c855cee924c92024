import { ofType, TYPES } from "../resources";
import type { Rule } from "../types";
import { accountNameOf, backupAccounts } from "./backup-lifecycle";

/**
 * Rule `backup-recoverability`: Backup storage keeps versions and soft-deletes blobs and
 * containers. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const backupRecoverability: Rule = {
  id: "backup-recoverability",
  title: "Backup storage keeps versions and soft-deletes blobs and containers",
  why: "A backup that an overwrite, a bad script or a deleted container destroys is no backup: versioning keeps every overwrite, soft delete gives days to undo a delete.",
  practice: "Every model run is backed up with a version stamp; only N versions are kept",
  severity: "mandatory",
  scope: "stack",
  appliesTo: [TYPES.storageAccount, TYPES.blobService],
  check(ctx) {
    const services = ofType(ctx.resources, TYPES.blobService);
    if (services.some((s) => s.props.accountName === undefined)) return []; // unknown in preview
    return backupAccounts(ctx.resources).flatMap((account) => {
      const name = accountNameOf(account);
      if (name === undefined) return [];
      const svc = services.find((s) => s.props.accountName === name)?.props;
      const missing: string[] = [];
      if (svc?.isVersioningEnabled !== true) missing.push("blob versioning");
      if (svc?.deleteRetentionPolicy?.enabled !== true) missing.push("blob soft delete");
      if (svc?.containerDeleteRetentionPolicy?.enabled !== true)
        missing.push("container soft delete");
      return missing.length
        ? [
            {
              resource: account.urn,
              message: `Backup storage account ${name} has no ${missing.join(", ")}; set them on its BlobServiceProperties (ModelBackupVault does).`,
            },
          ]
        : [];
    });
  },
};
