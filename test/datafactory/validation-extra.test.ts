import { rejects } from "../support/mocks";
import { Duration, Recurrence } from "../../lib/core";
import {
  CustomEventTrigger,
  DataFactory,
  ScheduledDataPipeline,
  StorageEventTrigger,
  TumblingWindowTrigger,
} from "../../lib/datafactory";

// Rules not covered elsewhere: one rejecting case each; each also proves nothing was registered.
const factory = { resourceGroupName: "rg-test", factoryName: "adf-test" };
const copy = { name: "A", type: "Copy", source: {}, sink: {} };
const windowed = { pipeline: "external-windowed", parameters: {} };

describe("validation: remaining rules", () => {
  it("DataFactory rejects a missing resource group", () =>
    rejects(
      () => new DataFactory("x-df", { resourceGroupName: "" }),
      "REQUIRED",
      /resourceGroupName/,
    ));
  it("ScheduledDataPipeline rejects a missing factory", () =>
    rejects(
      () => new ScheduledDataPipeline("x-p1", { factory: undefined as never, activities: [copy] }),
      "REQUIRED",
      /^factory$/,
    ));
  it("ScheduledDataPipeline rejects an unknown gate mode", () =>
    rejects(
      () =>
        new ScheduledDataPipeline("x-p2", {
          factory,
          activities: [copy],
          dataAvailability: { dataset: "d", mode: "poll" as never },
        }),
      "NOT_ALLOWED",
      /mode/,
    ));
  it("ScheduledDataPipeline rejects a gate poll interval under 10 seconds", () =>
    rejects(
      () =>
        new ScheduledDataPipeline("x-p3", {
          factory,
          activities: [copy],
          dataAvailability: { dataset: "d", pollInterval: Duration.seconds(5) },
        }),
      "OUT_OF_RANGE",
      /pollInterval/,
    ));
  it("ScheduledDataPipeline rejects a gate without a dataset", () =>
    rejects(
      () =>
        new ScheduledDataPipeline("x-p4", {
          factory,
          activities: [copy],
          dataAvailability: { dataset: "" },
        }),
      "REQUIRED",
      /dataset/,
    ));
  it("ScheduledDataPipeline rejects notifications without a URL", () =>
    rejects(
      () =>
        new ScheduledDataPipeline("x-p5", {
          factory,
          activities: [copy],
          notifications: { url: "" },
        }),
      "REQUIRED",
      /notifications\.url/,
    ));
  it("ScheduledDataPipeline rejects a schedule whose trigger name would be invalid", () =>
    rejects(
      () =>
        new ScheduledDataPipeline("x".repeat(252), {
          factory,
          activities: [copy],
          schedule: Recurrence.daily({ at: "02:00" }),
        }),
      "INVALID_NAME",
      /triggerName/,
    ));
  it("TumblingWindowTrigger rejects a retry count above 100", () =>
    rejects(
      () =>
        new TumblingWindowTrigger("x-tw1", {
          factory,
          pipeline: windowed,
          window: Duration.hours(1),
          startTime: "2026-01-01T00:00:00Z",
          retry: { count: 101 },
        }),
      "OUT_OF_RANGE",
      /retry\.count/,
    ));
  it("TumblingWindowTrigger rejects a window that is not whole minutes", () =>
    rejects(
      () =>
        new TumblingWindowTrigger("x-tw2", {
          factory,
          pipeline: windowed,
          window: Duration.seconds(330),
          startTime: "2026-01-01T00:00:00Z",
        }),
      "OUT_OF_RANGE",
      /^window$/,
    ));
  it("StorageEventTrigger rejects a missing storage account", () =>
    rejects(
      () =>
        new StorageEventTrigger("x-se", {
          factory,
          storageAccountId: "",
          container: "landing",
          pipelines: ["p" as never],
        }),
      "REQUIRED",
      /storageAccountId/,
    ));
  it("CustomEventTrigger rejects an empty event type", () =>
    rejects(
      () =>
        new CustomEventTrigger("x-ce", {
          factory,
          topicId: "/t",
          eventTypes: [""],
          subjectEndsWith: ".json",
          pipelines: [windowed],
        }),
      "REQUIRED",
      /eventTypes\[0\]/,
    ));
});
