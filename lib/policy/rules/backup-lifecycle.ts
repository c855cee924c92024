import { BACKUP_PURPOSE_TAG } from "../../backup/tags";
import { ofType, TYPES } from "../resources";
import type { PolicyResource, Rule } from "../types";

export { BACKUP_PURPOSE_TAG };

/**
 * Backup storage: tagged `mlops:purpose=backup` / `purpose=backup` (as `ModelBackupVault` and
 * `DataBackupSchedule` tag theirs), or holding a `*backup*` container.
 */
export function isBackupAccount(account: PolicyResource, containers: PolicyResource[]): boolean {
  const tags = account.props.tags ?? {};
  if (tags[BACKUP_PURPOSE_TAG] === "backup" || tags.purpose === "backup") return true;
  const name = account.props.accountName ?? account.name;
  return containers.some(
    (c) => c.props.accountName === name && /backup/i.test(String(c.props.containerName ?? c.name)),
  );
}

/** The account name a storage resource names or is named by. */
export function accountNameOf(r: PolicyResource): string | undefined {
  const n = r.type === TYPES.storageAccount ? (r.props.accountName ?? r.name) : r.props.accountName;
  return typeof n === "string" ? n : undefined;
}

/** The backup accounts of a stack. */
export function backupAccounts(resources: readonly PolicyResource[]): PolicyResource[] {
  const containers = ofType(resources, TYPES.blobContainer);
  return ofType(resources, TYPES.storageAccount).filter((a) => isBackupAccount(a, containers));
}

/** The lifecycle actions a management policy applies, over base blobs and versions. */
function actions(policy: PolicyResource): Set<string> {
  const out = new Set<string>();
  for (const rule of policy.props.policy?.rules ?? []) {
    if (rule?.enabled === false) continue;
    const a = rule?.definition?.actions ?? {};
    for (const scope of [a.baseBlob, a.version, a.snapshot])
      for (const k of Object.keys(scope ?? {})) out.add(k);
  }
  return out;
}

/**
 * Rule `backup-lifecycle`: Backup storage tiers old backups down and deletes them after a
 * retention period. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const backupLifecycle: Rule = {
  id: "backup-lifecycle",
  title: "Backup storage tiers old backups down and deletes them after a retention period",
  why: "Backups only grow: without tiering every version stays in Hot at the highest price, and without deletion they are kept (and paid for) forever.",
  practice:
    "Model and data backups: latest in Hot, older in Cool, very old in Archive, retention cleanup",
  severity: "mandatory",
  scope: "stack",
  appliesTo: [TYPES.storageAccount, TYPES.blobContainer, TYPES.managementPolicy],
  check(ctx) {
    const containers = ofType(ctx.resources, TYPES.blobContainer);
    const policies = ofType(ctx.resources, TYPES.managementPolicy);
    return ofType(ctx.resources, TYPES.storageAccount)
      .filter((a) => isBackupAccount(a, containers))
      .flatMap((account) => {
        const name = account.props.accountName ?? account.name;
        const mine = policies.filter((p) => p.props.accountName === name);
        if (policies.some((p) => p.props.accountName === undefined)) return []; // unknown in preview
        const done = new Set(mine.flatMap((p) => [...actions(p)]));
        const missing: string[] = [];
        if (!["tierToCool", "tierToCold", "tierToArchive"].some((k) => done.has(k)))
          missing.push("no tiering to Cool/Cold/Archive");
        if (!done.has("delete")) missing.push("no delete action (retention)");
        return missing.length
          ? [
              {
                resource: account.urn,
                message: `Backup storage account ${name}: ${mine.length ? missing.join(", ") : "no lifecycle management policy"}; add a ManagementPolicy that tiers old backups and deletes them after the retention period.`,
              },
            ]
          : [];
      });
  },
};
