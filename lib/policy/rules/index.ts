import type { Rule } from "../types";
import { activityRetry } from "./activity-retry";
import { backupGeoRedundancy } from "./backup-geo-redundancy";
import { backupLifecycle } from "./backup-lifecycle";
import { backupQuickRestore } from "./backup-quick-restore";
import { backupRecoverability } from "./backup-recoverability";
import { computeScaleToZero } from "./compute-scale-to-zero";
import { consumerCadence } from "./consumer-cadence";
import { dataAvailabilityGate } from "./data-availability-gate";
import { failureAlerting } from "./failure-alerting";
import { lifecycleActionsApply } from "./lifecycle-actions-apply";
import { lifecycleEarlyDeletion } from "./lifecycle-early-deletion";
import { managedIdentityAccess } from "./managed-identity-access";
import { onlineEndpointKeyless } from "./online-endpoint-keyless";
import { onlineEndpointTraffic } from "./online-endpoint-traffic";
import { scheduleCollision } from "./schedule-collision";
import { schedulePeakHours } from "./schedule-peak-hours";
import { scheduleTimeZone } from "./schedule-time-zone";
import { storageSecureTransport } from "./storage-secure-transport";
import { triggerActivated } from "./trigger-activated";
import { tumblingBackfillConcurrency } from "./tumbling-backfill-concurrency";

export {
  activityRetry,
  backupGeoRedundancy,
  backupLifecycle,
  backupQuickRestore,
  backupRecoverability,
  computeScaleToZero,
  consumerCadence,
  dataAvailabilityGate,
  failureAlerting,
  lifecycleActionsApply,
  lifecycleEarlyDeletion,
  managedIdentityAccess,
  onlineEndpointKeyless,
  onlineEndpointTraffic,
  scheduleCollision,
  schedulePeakHours,
  scheduleTimeZone,
  storageSecureTransport,
  triggerActivated,
  tumblingBackfillConcurrency,
};

/** Every rule, in the order findings and RULES.md list them. */
export const RULES: readonly Rule[] = [
  activityRetry,
  failureAlerting,
  triggerActivated,
  scheduleTimeZone,
  schedulePeakHours,
  scheduleCollision,
  dataAvailabilityGate,
  consumerCadence,
  tumblingBackfillConcurrency,
  storageSecureTransport,
  managedIdentityAccess,
  backupLifecycle,
  backupRecoverability,
  backupQuickRestore,
  lifecycleActionsApply,
  lifecycleEarlyDeletion,
  backupGeoRedundancy,
  computeScaleToZero,
  onlineEndpointTraffic,
  onlineEndpointKeyless,
];
