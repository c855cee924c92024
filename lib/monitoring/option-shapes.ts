import { componentOptions, Opt } from "../core/options";
import type {
  DiagnosticsOptions,
  LogicAppReceiver,
  PipelineAlertsArgs,
  PipelineDeadline,
  ScheduledPipelineReference,
} from "./alerts";
import type { LogicAppNotifierArgs } from "./notifier";

/** Option shapes (lib/core/options.ts) of the monitoring components. */

export const PIPELINE_ALERTS_OPTIONS = componentOptions<PipelineAlertsArgs>("PipelineAlerts", {
  // A DataFactory, or { factoryId, resourceGroupName, factoryName }.
  factory: Opt.either(Opt.keys("factoryId", "resourceGroupName", "factoryName")),
  resourceGroupName: Opt.value,
  location: Opt.value,
  shortName: Opt.value,
  emails: Opt.value,
  // A LogicAppNotifier, or { workflowId, callbackUrl }.
  logicApp: Opt.either(
    Opt.shape<LogicAppReceiver>({ workflowId: Opt.value, callbackUrl: Opt.value }),
  ),
  severity: Opt.value,
  evaluationFrequency: Opt.value,
  windowSize: Opt.value,
  metrics: Opt.value,
  pipelines: Opt.value,
  triggers: Opt.value,
  // Options, or false (no run logs).
  diagnostics: Opt.either(
    Opt.shape<DiagnosticsOptions>({ workspaceId: Opt.value, retentionInDays: Opt.value }),
  ),
  deadlines: Opt.list(
    Opt.shape<PipelineDeadline>({
      // A ScheduledDataPipeline, or { pipelineName, schedule, triggerName }.
      pipeline: Opt.either(
        Opt.shape<ScheduledPipelineReference>({
          pipelineName: Opt.value,
          schedule: Opt.value,
          triggerName: Opt.value,
        }),
      ),
      succeededBy: Opt.value,
      within: Opt.value,
      missedTrigger: Opt.value,
      missedTriggerGrace: Opt.value,
      severity: Opt.value,
      evaluationFrequency: Opt.value,
      ingestionDelay: Opt.value,
    }),
  ),
  dashboard: Opt.value,
  trainingTile: Opt.value,
  tags: Opt.map(),
});

export const LOGIC_APP_NOTIFIER_OPTIONS = componentOptions<LogicAppNotifierArgs>(
  "LogicAppNotifier",
  {
    resourceGroupName: Opt.value,
    location: Opt.value,
    recipients: Opt.value,
    dataLocation: Opt.value,
    subjectPrefix: Opt.value,
    tags: Opt.map(),
  },
);
