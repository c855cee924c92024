import { Opt } from "../core/options";
import type { DataAvailabilityGate, PipelineNotifications, RetryDefaults } from "./activities";
import type { FactoryReference } from "./factory";
import type { NotificationTarget, PipelineNotificationsArgs, PipelineParameter } from "./pipeline";
import type { TriggeredPipeline } from "./triggers";

/**
 * Option shapes (`lib/core/options.ts`) shared by the Data Factory components and the components
 * built on them (backups, training on arrival).
 */

/** `factory: { resourceGroupName, factoryName }` (a `DataFactory` instance is not a plain object). */
export const FACTORY_REFERENCE = Opt.either(
  Opt.shape<FactoryReference>({ resourceGroupName: Opt.value, factoryName: Opt.value }),
);

export const RETRY_DEFAULTS = Opt.shape<RetryDefaults>({
  count: Opt.value,
  interval: Opt.value,
  timeout: Opt.value,
});

export const DATA_AVAILABILITY = Opt.shape<DataAvailabilityGate>({
  dataset: Opt.value,
  datasetParameters: Opt.map(),
  mode: Opt.value,
  timeout: Opt.value,
  pollInterval: Opt.value,
  minimumSizeBytes: Opt.value,
  childItems: Opt.value,
  onMissing: Opt.value,
});

const NOTIFICATION_FLAGS = {
  onStart: Opt.value,
  onSuccess: Opt.value,
  onFailure: Opt.value,
  httpRequestTimeout: Opt.value,
};

export const NOTIFICATIONS = Opt.shape<PipelineNotifications>({
  url: Opt.value,
  ...NOTIFICATION_FLAGS,
});

/** `ScheduledDataPipeline`'s notifications: `url` may be `{ callbackUrl }` (a LogicAppNotifier's). */
export const PIPELINE_NOTIFICATIONS = Opt.shape<PipelineNotificationsArgs>({
  ...NOTIFICATION_FLAGS,
  url: Opt.either(Opt.shape<NotificationTarget>({ callbackUrl: Opt.value })),
});

export const PIPELINE_PARAMETER = Opt.shape<PipelineParameter>({
  type: Opt.value,
  defaultValue: Opt.value,
});

/**
 * Data Factory activities are ADF's own JSON (`typeProperties` flattened as azure-native takes
 * them), where every activity type has its own keys: passed through, and checked by
 * `buildPipelineActivities` (name, type, dependsOn, policy) and by Data Factory itself.
 */
export const ACTIVITIES = Opt.passThrough(
  "Data Factory activity JSON: each activity type has its own keys; buildPipelineActivities checks the common ones",
);

/**
 * A `ScheduledDataPipeline` or `{ pipeline, parameters }`; `parameters` are named by the
 * pipeline, so any key.
 */
export const TRIGGERED_PIPELINE = Opt.either(
  Opt.shape<TriggeredPipeline>({ pipeline: Opt.value, parameters: Opt.map() }),
);
