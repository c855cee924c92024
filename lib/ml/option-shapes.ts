import { componentOptions, Opt } from "../core/options";
import {
  ACTIVITIES,
  DATA_AVAILABILITY,
  FACTORY_REFERENCE,
  NOTIFICATIONS,
  RETRY_DEFAULTS,
} from "../datafactory/option-shapes";
import type {
  CandidateAlertOptions,
  CandidateAlertThresholds,
  StagePhase,
} from "./candidate-alert";
import type { TrainingClusterArgs } from "./compute";
import type { ModelDeploymentSpec, ShadowDeploymentArgs } from "./shadow";
import type { TrafficSplit } from "./traffic";
import type {
  DataArrival,
  ModelOutputLocation,
  TrainingStep,
  TrainOnDataArrivalArgs,
} from "./train-on-arrival";
import type { MlCronSchedule, TrainingScheduleArgs } from "./training-schedule";
import type { TrainingAlertsArgs, WatchedTraining } from "./training-alerts";
import type { WorkspaceReference } from "./workspace";

/**
 * Option shapes (lib/core/options.ts) of the Azure ML components, kept apart from the components
 * so that their files change little.
 */

export const WORKSPACE_REFERENCE = Opt.shape<WorkspaceReference>({
  resourceGroupName: Opt.value,
  workspaceName: Opt.value,
});

export const TRAINING_CLUSTER_OPTIONS = componentOptions<TrainingClusterArgs>("TrainingCluster", {
  workspace: WORKSPACE_REFERENCE,
  location: Opt.value,
  computeName: Opt.value,
  vmSize: Opt.value,
  vmPriority: Opt.value,
  maxNodeCount: Opt.value,
  minNodeCount: Opt.value,
  alwaysOnReason: Opt.value,
  idleTimeBeforeScaleDown: Opt.value,
  subnetId: Opt.value,
  workspaceManagedNetwork: Opt.value,
  nodePublicIp: Opt.value,
  userAssignedIdentityIds: Opt.value,
  tags: Opt.map(),
});

export const TRAINING_SCHEDULE_OPTIONS = componentOptions<TrainingScheduleArgs>(
  "TrainingSchedule",
  {
    workspace: WORKSPACE_REFERENCE,
    recurrence: Opt.value,
    cron: Opt.shape<MlCronSchedule>({
      expression: Opt.value,
      timeZone: Opt.value,
      startTime: Opt.value,
      endTime: Opt.value,
    }),
    job: Opt.passThrough(
      "an azure-native CommandJobArgs / PipelineJobArgs input bag (Azure ML job JSON): passed to Azure as given",
    ),
    cluster: Opt.value,
    scheduleName: Opt.value,
    enabled: Opt.value,
    description: Opt.value,
    expectedDuration: Opt.value,
  },
);

const MODEL_DEPLOYMENT = Opt.shape<ModelDeploymentSpec>({
  name: Opt.value,
  model: Opt.value,
  instanceType: Opt.value,
  instanceCount: Opt.value,
  environmentId: Opt.value,
  codeConfiguration: Opt.passThrough(
    "azure-native CodeConfigurationArgs (codeId, scoringScript): passed to Azure as given",
  ),
  environmentVariables: Opt.map(),
});

const THRESHOLDS = Opt.shape<CandidateAlertThresholds>({
  maxServerErrorsPerMinute: Opt.value,
  maxLatencyMs: Opt.value,
});

export const SHADOW_DEPLOYMENT_OPTIONS = componentOptions<ShadowDeploymentArgs>(
  "ShadowDeployment",
  {
    workspace: WORKSPACE_REFERENCE,
    location: Opt.value,
    endpointName: Opt.value,
    live: MODEL_DEPLOYMENT,
    candidate: MODEL_DEPLOYMENT,
    stage: Opt.either(
      Opt.shape<TrafficSplit>({ live: Opt.value, candidate: Opt.value, mirror: Opt.value }),
    ),
    authMode: Opt.value,
    publicNetworkAccess: Opt.value,
    candidateAlert: Opt.shape<CandidateAlertOptions>({
      maxServerErrorsPerMinute: Opt.value,
      maxLatencyMs: Opt.value,
      actionGroupIds: Opt.value,
      latencyStatistic: Opt.value,
      stages: Opt.shape<Record<StagePhase, unknown>>({
        shadow: THRESHOLDS,
        canary: THRESHOLDS,
        full: THRESHOLDS,
      }),
      severity: Opt.value,
      evaluationFrequency: Opt.value,
      windowSize: Opt.value,
    }),
    tags: Opt.map(),
  },
);

export const TRAIN_ON_DATA_ARRIVAL_OPTIONS = componentOptions<TrainOnDataArrivalArgs>(
  "TrainOnDataArrival",
  {
    factory: FACTORY_REFERENCE,
    arrival: Opt.shape<DataArrival>({
      storageAccountId: Opt.value,
      container: Opt.value,
      folderPath: Opt.value,
      blobNameEndsWith: Opt.value,
    }),
    validation: Opt.shape<TrainOnDataArrivalArgs["validation"]>({
      activities: ACTIVITIES,
      dataAvailability: DATA_AVAILABILITY,
    }),
    training: Opt.shape<TrainingStep>({
      workspace: Opt.shape<TrainingStep["workspace"]>({
        resourceGroupName: Opt.value,
        workspaceName: Opt.value,
        subscriptionId: Opt.value,
      }),
      mlPipelineEndpointId: Opt.value,
      mlPipelineId: Opt.value,
      experimentName: Opt.value,
      parameters: Opt.map(),
      modelOutput: Opt.shape<ModelOutputLocation>({
        storageAccountId: Opt.value,
        container: Opt.value,
        folderPath: Opt.value,
        parameterName: Opt.value,
      }),
    }),
    modelBackup: Opt.passThrough(
      "a Data Factory activity (ADF JSON, any activity type): checked by buildPipelineActivities",
    ),
    retry: RETRY_DEFAULTS,
    notifications: NOTIFICATIONS,
    activated: Opt.value,
  },
);

export const TRAINING_ALERTS_OPTIONS = componentOptions<TrainingAlertsArgs>("TrainingAlerts", {
  workspace: Opt.shape<TrainingAlertsArgs["workspace"]>({
    workspaceId: Opt.value,
    resourceGroupName: Opt.value,
  }),
  trainings: Opt.list(
    Opt.shape<WatchedTraining>({
      schedule: Opt.value,
      experimentName: Opt.value,
      completedBy: Opt.value,
      within: Opt.value,
      severity: Opt.value,
      evaluationFrequency: Opt.value,
      ingestionDelay: Opt.value,
    }),
  ),
  actionGroupIds: Opt.value,
  logAnalyticsWorkspaceId: Opt.value,
  location: Opt.value,
  failures: Opt.value,
  severity: Opt.value,
  evaluationFrequency: Opt.value,
  windowSize: Opt.value,
  diagnostics: Opt.value,
  tags: Opt.map(),
});
