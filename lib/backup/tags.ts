/** Tag that marks a storage account as backup storage (the rules also accept `purpose`). */
export const BACKUP_PURPOSE_TAG = "mlops:purpose";

/**
 * Tag on a backup account: how many days of the newest backups must stay online for a quick
 * restore (`quickRestore × backupEvery`). The `backup-quick-restore` rule reads it.
 */
export const QUICK_RESTORE_DAYS_TAG = "mlops:quick-restore-days";

/**
 * Container metadata the plan's cost estimate reads: the size of one backup in GB (`backupSizeGB`).
 * Metadata names must be C# identifiers, so no `:` or `-`.
 */
export const BACKUP_SIZE_METADATA = "mlops_backup_size_gb";

/** Container metadata the cost estimate reads: how often a vault writes a backup (ISO 8601). */
export const BACKUP_EVERY_METADATA = "mlops_backup_every";

/**
 * Largest `backupSizeGB` accepted: a standard storage account holds at most 5 PiB (Microsoft
 * Learn, "Scalability and performance targets for standard storage accounts": "Maximum storage
 * account capacity 5 PiB"), 5 × 1024 × 1024 GB.
 */
export const MAX_BACKUP_SIZE_GB = 5 * 1024 * 1024;
