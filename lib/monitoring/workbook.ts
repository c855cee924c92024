/** Queries of the dashboard, over the resource-specific Data Factory tables. */
export const DASHBOARD_QUERIES = {
  recentRuns: [
    "ADFPipelineRun",
    '| where Status in ("Succeeded", "Failed", "Cancelled")',
    "| summarize arg_max(TimeGenerated, *) by RunId",
    "| project End, PipelineName, Status, Start, RunId, FailureType, ErrorMessage",
    "| order by End desc",
  ].join("\n"),
  failuresPerPipeline: [
    "ADFPipelineRun",
    '| where Status == "Failed"',
    "| summarize failures = dcount(RunId) by PipelineName, bin(TimeGenerated, 1d)",
    "| render columnchart",
  ].join("\n"),
  // `last` is a KQL keyword: as a column name it must be bracketed (Kusto.Language KS228), so the
  // 0.1.0 tile `last = max(...)` did not parse; test/monitoring/kql.test.ts binds every tile.
  triggerRuns: [
    "ADFTriggerRun",
    '| summarize runs = count(), failed = countif(Status == "Failed"), lastRun = max(TimeGenerated) by TriggerName, TriggerType',
    "| order by TriggerName asc",
  ].join("\n"),
  failedActivities: [
    "ADFActivityRun",
    '| where Status == "Failed"',
    "| project TimeGenerated, PipelineName, ActivityName, ActivityType, ErrorCode, ErrorMessage",
    "| order by TimeGenerated desc",
  ].join("\n"),
} as const;

/**
 * The training tile's query (`PipelineAlerts` `trainingTile`), over `AmlComputeJobEvent`, which an
 * Azure ML workspace's diagnostic setting (`TrainingAlerts`) writes to the same workspace: the
 * last state of every training job on a compute cluster, by experiment.
 */
export const TRAINING_DASHBOARD_QUERIES = {
  trainingJobs: [
    "AmlComputeJobEvent",
    "| summarize arg_max(TimeGenerated, *) by JobId",
    "| project TimeGenerated, ExperimentName, JobName, ClusterName, ExecutionState, EventType, JobErrorMessage",
    "| order by TimeGenerated desc",
  ].join("\n"),
  trainingOutcomes: [
    "AmlComputeJobEvent",
    '| where EventType in ("JobSucceeded", "JobFailed")',
    "| summarize jobs = dcount(JobId) by ExperimentName, EventType, bin(TimeGenerated, 1d)",
    "| render columnchart",
  ].join("\n"),
} as const;

/** Options of `buildDashboard`. */
export interface DashboardOptions {
  /** Add the training tiles (`TRAINING_DASHBOARD_QUERIES`). @default false */
  readonly training?: boolean;
}

/**
 * The serialized Azure Monitor workbook ("Notebook/1.0" JSON) that shows, for every pipeline and
 * trigger of the workspace: recent runs, failures per pipeline and day, trigger runs, failed
 * activities. `workspaceId` is the Log Analytics workspace the diagnostic setting writes to.
 */
export function buildDashboard(
  title: string,
  workspaceId: string,
  options: DashboardOptions = {},
): string {
  const query = (name: string, heading: string, q: string, visualization?: string) => ({
    type: 3,
    name,
    content: {
      version: "KqlItem/1.0",
      title: heading,
      query: q,
      size: 0,
      timeContext: { durationMs: 7 * 86_400_000 },
      queryType: 0,
      resourceType: "microsoft.operationalinsights/workspaces",
      crossComponentResources: [workspaceId],
      ...(visualization ? { visualization } : {}),
    },
  });
  return JSON.stringify({
    version: "Notebook/1.0",
    items: [
      {
        type: 1,
        name: "title",
        content: { json: `## ${title}\nAll pipelines and triggers, last 7 days.` },
      },
      query("recent-runs", "Recent pipeline runs", DASHBOARD_QUERIES.recentRuns, "table"),
      query(
        "failures",
        "Failed runs per pipeline",
        DASHBOARD_QUERIES.failuresPerPipeline,
        "barchart",
      ),
      query("trigger-runs", "Trigger runs", DASHBOARD_QUERIES.triggerRuns, "table"),
      query("failed-activities", "Failed activities", DASHBOARD_QUERIES.failedActivities, "table"),
      ...(options.training
        ? [
            query(
              "training-jobs",
              "Training jobs (Azure ML)",
              TRAINING_DASHBOARD_QUERIES.trainingJobs,
              "table",
            ),
            query(
              "training-outcomes",
              "Training jobs succeeded and failed per day",
              TRAINING_DASHBOARD_QUERIES.trainingOutcomes,
              "barchart",
            ),
          ]
        : []),
    ],
    fallbackResourceIds: [workspaceId],
    $schema:
      "https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json",
  });
}
