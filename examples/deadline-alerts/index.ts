/**
 * Monitoring for a pipeline in an existing factory: failure alerts by email, run logs in Log
 * Analytics, and a deadline: the Monday-to-Friday 05:30 Chicago export must have succeeded by
 * 07:00 Chicago time, or the on-call team hears about it (also when the trigger did not fire).
 */
import * as pulumi from "@pulumi/pulumi";
import { PipelineAlerts, Recurrence, ScheduledDataPipeline } from "../../lib";

const config = new pulumi.Config();
const factory = {
  resourceGroupName: "rg-data",
  factoryName: config.get("factoryName") ?? "adf-data-prod",
};

export const exportJob = new ScheduledDataPipeline("weekday-export", {
  factory,
  activities: [
    {
      name: "ExportScores",
      type: "Copy",
      inputs: [{ referenceName: "Scores", type: "DatasetReference" }],
      outputs: [{ referenceName: "ScoresExport", type: "DatasetReference" }],
      source: { type: "ParquetSource" },
      sink: { type: "DelimitedTextSink" },
    },
  ],
  dataAvailability: { dataset: "Scores" },
  schedule: Recurrence.weekly({
    on: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    at: "05:30",
    timeZone: "America/Chicago",
  }),
});

export const alerts = new PipelineAlerts("export-alerts", {
  factory: {
    ...factory,
    factoryId: pulumi.interpolate`/subscriptions/${config.get("subscriptionId") ?? "00000000-0000-0000-0000-000000000000"}/resourceGroups/${factory.resourceGroupName}/providers/Microsoft.DataFactory/factories/${factory.factoryName}`,
  },
  shortName: "export-ops",
  emails: [config.get("oncall") ?? "oncall@contoso.com"],
  pipelines: ["weekday-export"],
  deadlines: [{ pipeline: exportJob, succeededBy: "07:00" }],
});
