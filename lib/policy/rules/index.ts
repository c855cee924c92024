import type { Rule } from "../types";
import { activityRetry } from "./activity-retry";
import { backupGeoRedundancy } from "./backup-geo-redundancy";
import { adfRunLogs } from "./adf-run-logs";
import { alertReceivers } from "./alert-receivers";
import { backupLifecycle } from "./backup-lifecycle";
import { backupQuickRestore } from "./backup-quick-restore";
import { backupRecoverability } from "./backup-recoverability";
import { computeScaleToZero } from "./compute-scale-to-zero";
import { consumerCadence } from "./consumer-cadence";
import { dataAvailabilityGate } from "./data-availability-gate";
import { deadlineAlert } from "./deadline-alert";
import { failureAlerting } from "./failure-alerting";
import { lifecycleActionsApply } from "./lifecycle-actions-apply";
import { lifecycleEarlyDeletion } from "./lifecycle-early-deletion";
import { managedIdentityAccess } from "./managed-identity-access";
import { monthlyCostBudget } from "./monthly-cost-budget";
import { onlineEndpointKeyless } from "./online-endpoint-keyless";
import { onlineEndpointTraffic } from "./online-endpoint-traffic";
import { parquetJavaRuntime } from "./parquet-java-runtime";
import { scheduleCollision } from "./schedule-collision";
import { schedulePeakHours } from "./schedule-peak-hours";
import { scheduleTimeZone } from "./schedule-time-zone";
import { shadowCandidateAlert } from "./shadow-candidate-alert";
import { searchIndexerAlerting } from "./search-indexer-alerting";
import { searchIndexerCadence } from "./search-indexer-cadence";
import { searchLocalAuth } from "./search-local-auth";
import { searchOneIndexerPerDataSource } from "./search-one-indexer-per-data-source";
import { searchTierCapacity } from "./search-tier-capacity";
import { storageSecureTransport } from "./storage-secure-transport";
import { trainingFailureAlert } from "./training-failure-alert";
import { triggerActivated } from "./trigger-activated";
import { tumblingBackfillConcurrency } from "./tumbling-backfill-concurrency";
import { uniqueArmAddress } from "./unique-arm-address";

export {
  activityRetry,
  backupGeoRedundancy,
  adfRunLogs,
  alertReceivers,
  backupLifecycle,
  backupQuickRestore,
  backupRecoverability,
  computeScaleToZero,
  consumerCadence,
  dataAvailabilityGate,
  deadlineAlert,
  failureAlerting,
  lifecycleActionsApply,
  lifecycleEarlyDeletion,
  managedIdentityAccess,
  monthlyCostBudget,
  onlineEndpointKeyless,
  onlineEndpointTraffic,
  parquetJavaRuntime,
  scheduleCollision,
  schedulePeakHours,
  scheduleTimeZone,
  searchIndexerAlerting,
  searchIndexerCadence,
  searchLocalAuth,
  searchOneIndexerPerDataSource,
  searchTierCapacity,
  shadowCandidateAlert,
  storageSecureTransport,
  trainingFailureAlert,
  triggerActivated,
  tumblingBackfillConcurrency,
  uniqueArmAddress,
};

/** Every rule, in the order findings and RULES.md list them. */
export const RULES: readonly Rule[] = [
  activityRetry,
  failureAlerting,
  deadlineAlert,
  alertReceivers,
  adfRunLogs,
  triggerActivated,
  scheduleTimeZone,
  schedulePeakHours,
  scheduleCollision,
  dataAvailabilityGate,
  consumerCadence,
  tumblingBackfillConcurrency,
  storageSecureTransport,
  managedIdentityAccess,
  parquetJavaRuntime,
  backupLifecycle,
  backupRecoverability,
  backupQuickRestore,
  lifecycleActionsApply,
  lifecycleEarlyDeletion,
  backupGeoRedundancy,
  searchIndexerCadence,
  searchOneIndexerPerDataSource,
  searchIndexerAlerting,
  searchLocalAuth,
  searchTierCapacity,
  computeScaleToZero,
  onlineEndpointTraffic,
  onlineEndpointKeyless,
  shadowCandidateAlert,
  trainingFailureAlert,
  uniqueArmAddress,
  monthlyCostBudget,
];
