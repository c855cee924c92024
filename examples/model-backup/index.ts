/**
 * Backups for an existing platform: a model vault that keeps 30 daily backups of the forecasting
 * models (the training identity writes them), and a nightly Parquet backup of the CSV landing
 * zone, archived after 90 days and deleted after two years.
 */
import * as pulumi from "@pulumi/pulumi";
import { DataBackupSchedule, Duration, ModelBackupVault, Recurrence } from "../../lib";

const config = new pulumi.Config();
const resourceGroupName = config.get("resourceGroupName") ?? "rg-mlops";
const lakeId =
  config.get("lakeId") ??
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-mlops/providers/Microsoft.Storage/storageAccounts/mlopslake";

export const vault = new ModelBackupVault("model-vault", {
  resourceGroupName,
  families: ["forecasting"],
  tiering: ModelBackupVault.dailyKeep30(),
  writers: [
    { principalId: config.get("trainingPrincipalId") ?? "00000000-0000-0000-0000-0000000000aa" },
  ],
});

export const landing = new DataBackupSchedule("landing-nightly", {
  factory: { resourceGroupName, factoryName: config.get("factoryName") ?? "adf-mlops-prod" },
  factoryPrincipalId: config.get("factoryPrincipalId") ?? "00000000-0000-0000-0000-0000000000bb",
  source: { accountId: lakeId, container: "landing", format: "delimited" },
  destination: { resourceGroupName },
  schedule: Recurrence.daily({ at: "01:30", timeZone: "W. Europe Standard Time" }),
  tiering: { archiveAfter: Duration.days(90), deleteAfter: Duration.days(730) },
  notifications: {
    url: config.getSecret("notificationUrl") ?? pulumi.secret("https://example.invalid/notify"),
  },
});

export const vaultTiering = vault.tieringDescription;
