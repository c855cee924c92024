/** Pulumi-free facts about Data Factory activity types, shared by components and policy rules. */

/**
 * Activity types that run work outside the pipeline engine and so can fail transiently; these
 * are the azure-native activity types that carry an `ActivityPolicy` (retry, retryIntervalInSeconds).
 */
export const RETRYABLE_ACTIVITY_TYPES: ReadonlySet<string> = new Set([
  "AzureDataExplorerCommand",
  "AzureFunctionActivity",
  "AzureMLBatchExecution",
  "AzureMLExecutePipeline",
  "AzureMLUpdateResource",
  "Copy",
  "Custom",
  "DataLakeAnalyticsU-SQL",
  "DatabricksJob",
  "DatabricksNotebook",
  "DatabricksSparkJar",
  "DatabricksSparkPython",
  "Delete",
  "ExecuteDataFlow",
  "ExecuteSSISPackage",
  "ExecuteWranglingDataflow",
  "Execution",
  "GetMetadata",
  "HDInsightHive",
  "HDInsightMapReduce",
  "HDInsightPig",
  "HDInsightSpark",
  "HDInsightStreaming",
  "Lookup",
  "Script",
  "SqlServerStoredProcedure",
  "SynapseNotebook",
  "SparkJob",
  "WebActivity",
]);

/** Control-flow containers and where their nested activities live. */
export const CONTAINERS: Record<string, string[]> = {
  ForEach: ["activities"],
  Until: ["activities"],
  IfCondition: ["ifTrueActivities", "ifFalseActivities"],
  Switch: ["defaultActivities"],
};

/** A raw activity object as ARM (and azure-native) takes it. */
export type RawActivity = Record<string, any>;

/**
 * Calls `visit` for every activity in `activities` and, depth first, for the activities nested in
 * ForEach, Until, IfCondition and Switch containers. `depth` is 0 for top-level activities.
 */
export function forEachActivity(
  activities: readonly RawActivity[] | undefined,
  visit: (activity: RawActivity, depth: number) => void,
  depth = 0,
): void {
  for (const a of activities ?? []) {
    if (!a || typeof a !== "object") continue;
    visit(a, depth);
    for (const key of CONTAINERS[a.type] ?? []) forEachActivity(a[key], visit, depth + 1);
    if (a.type === "Switch" && Array.isArray(a.cases))
      for (const c of a.cases) forEachActivity(c?.activities, visit, depth + 1);
  }
}
