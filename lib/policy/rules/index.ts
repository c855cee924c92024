import type { Rule } from "../types";
import { activityRetry } from "./activity-retry";
import { backupLifecycle } from "./backup-lifecycle";
import { consumerCadence } from "./consumer-cadence";
import { dataAvailabilityGate } from "./data-availability-gate";
import { failureAlerting } from "./failure-alerting";
import { managedIdentityAccess } from "./managed-identity-access";
import { scheduleCollision } from "./schedule-collision";
import { schedulePeakHours } from "./schedule-peak-hours";
import { scheduleTimeZone } from "./schedule-time-zone";
import { storageSecureTransport } from "./storage-secure-transport";
import { triggerActivated } from "./trigger-activated";
import { tumblingBackfillConcurrency } from "./tumbling-backfill-concurrency";

export {
  activityRetry,
  backupLifecycle,
  consumerCadence,
  dataAvailabilityGate,
  failureAlerting,
  managedIdentityAccess,
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
];
