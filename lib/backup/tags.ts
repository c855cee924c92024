/** Tag that marks a storage account as backup storage (the rules also accept `purpose`). */
export const BACKUP_PURPOSE_TAG = "mlops:purpose";

/**
 * Tag on a backup account: how many days of the newest backups must stay online for a quick
 * restore (`quickRestore × backupEvery`). The `backup-quick-restore` rule reads it.
 */
export const QUICK_RESTORE_DAYS_TAG = "mlops:quick-restore-days";
