/**
 * Smallest useful program: one pipeline in an existing factory, run every weekday at 06:30
 * New York time, waiting for its input, notifying a Logic App on failure.
 */
import * as pulumi from "@pulumi/pulumi";
import { Recurrence, ScheduledDataPipeline } from "../../lib";

const config = new pulumi.Config();

export const pipeline = new ScheduledDataPipeline("weekday-ingest", {
  factory: {
    resourceGroupName: "rg-data",
    factoryName: config.get("factoryName") ?? "adf-data-prod",
  },
  activities: [
    {
      name: "CopyOrders",
      type: "Copy",
      inputs: [{ referenceName: "OrdersRaw", type: "DatasetReference" }],
      outputs: [{ referenceName: "OrdersCurated", type: "DatasetReference" }],
      source: { type: "ParquetSource" },
      sink: { type: "ParquetSink" },
    },
  ],
  dataAvailability: { dataset: "OrdersRaw" },
  notifications: {
    url: config.getSecret("notificationUrl") ?? pulumi.secret("https://example.invalid/notify"),
    onSuccess: false,
  },
  schedule: Recurrence.weekly({
    on: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    at: "06:30",
    timeZone: "America/New_York",
  }),
});
