import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { Duration, Recurrence } from "../../lib/core";
import {
  ACTIVATION_HOOK_NAMES as H,
  ACTIVATION_RESOURCE,
  CustomEventTrigger,
  ScheduledDataPipeline,
  ScheduleTrigger,
  StorageEventTrigger,
  TumblingWindowTrigger,
} from "../../lib/datafactory";

const session = mocks();
const factory = { resourceGroupName: "rg-test", factoryName: "adf-test" };
const TRIGGER = "azure-native:datafactory:Trigger";
const windowed = new ScheduledDataPipeline("tw-target", {
  factory,
  activities: [{ name: "A", type: "Copy", source: {}, sink: {} }],
  parameters: { windowStart: { type: "String" }, windowEnd: { type: "String" } },
});
const plain = new ScheduledDataPipeline("plain-target", {
  factory,
  activities: [{ name: "A", type: "Copy", source: {}, sink: {} }],
});

async function trigger(name: string) {
  await session.settle();
  return one(name, TRIGGER);
}

describe("ScheduleTrigger", () => {
  it("sends the recurrence and every pipeline with its parameters", async () => {
    new ScheduleTrigger("st-multi", {
      factory,
      recurrence: Recurrence.weekly({ on: ["Monday"], at: "06:30", timeZone: "Europe/Berlin" }),
      pipelines: [
        plain,
        { pipeline: "external-pipeline", parameters: { runDate: "@trigger().scheduledTime" } },
      ],
    });
    const t = await trigger("st-multi");
    assert.equal(t.inputs.triggerName, "st-multi");
    assert.deepEqual(t.inputs.properties, {
      annotations: ["mlops:started-on-deploy"],
      type: "ScheduleTrigger",
      recurrence: {
        frequency: "Week",
        interval: 1,
        startTime: "2025-01-01T00:00:00",
        timeZone: "W. Europe Standard Time",
        schedule: { minutes: [30], hours: [6], weekDays: ["Monday"] },
      },
      pipelines: [
        {
          pipelineReference: { referenceName: "plain-target", type: "PipelineReference" },
          parameters: {},
        },
        {
          pipelineReference: { referenceName: "external-pipeline", type: "PipelineReference" },
          parameters: { runDate: "@trigger().scheduledTime" },
        },
      ],
    });
  });
  it("is stopped before update and recovered on error, with no delete hook (destroy needs no program)", async () => {
    new ScheduleTrigger("st-hooks", {
      factory,
      recurrence: Recurrence.daily({ at: "02:00" }),
      pipelines: [plain],
    });
    const t = await trigger("st-hooks");
    assert.deepEqual(t.hooks.beforeUpdate, [H.stop]);
    assert.deepEqual(t.hooks.onError, [H.recover]);
    // Started again right after a create or update (what `pulumi up --target` alone would skip).
    assert.deepEqual([t.hooks.afterCreate, t.hooks.afterUpdate], [[H.restart], [H.restart]]);
    assert.deepEqual([t.hooks.beforeDelete, t.hooks.afterDelete], [[], []]);
  });
  it("gets a TriggerActivation that starts the trigger, fed by the trigger's id and etag", async () => {
    new ScheduleTrigger("st-act", {
      factory,
      recurrence: Recurrence.daily({ at: "02:00" }),
      pipelines: [plain],
    });
    const t = await trigger("st-act");
    const a = one("st-act-activation", ACTIVATION_RESOURCE.token);
    assert.equal(a.parent, t.urn);
    assert.equal(a.inputs.triggerId, t.id);
    assert.equal(a.inputs.triggerType, "ScheduleTrigger");
    assert.equal(a.inputs.desiredState, "Started");
    assert.equal(a.inputs.__provider, undefined, "the serialized provider is not recorded");
  });
  it("hold: held stopped with its reason; the annotation and the activation say so (issue 18, case 3)", async () => {
    const s = new ScheduleTrigger("st-held", {
      factory,
      recurrence: Recurrence.daily({ at: "02:00" }),
      pipelines: [plain],
      hold: { reason: "INC-4711 upstream outage" },
    });
    assert.equal(s.activated, false);
    assert.equal(s.held, "INC-4711 upstream outage");
    const t = await trigger("st-held");
    assert.deepEqual(t.inputs.properties.annotations, ["mlops:held-stopped"]);
    const a = one("st-held-activation", ACTIVATION_RESOURCE.token);
    assert.equal(a.inputs.desiredState, "Stopped");
    assert.equal(a.inputs.hold, "INC-4711 upstream outage");
  });
  it("hold needs a reason", () => {
    for (const hold of [{ reason: "" }, { reason: "  " }, {}, "yes"]) {
      assert.throws(
        () =>
          new ScheduleTrigger("st-held-bad", {
            factory,
            recurrence: Recurrence.daily({ at: "02:00" }),
            pipelines: [plain],
            hold: hold as any,
          }),
        /hold/,
      );
    }
  });
  it("activated: false is never started, but is still stopped before changes", async () => {
    const s = new ScheduleTrigger("st-off", {
      factory,
      recurrence: Recurrence.daily({ at: "02:00" }),
      pipelines: [plain],
      activated: false,
    });
    assert.equal(s.activated, false);
    const t = await trigger("st-off");
    assert.equal(
      one("st-off-activation", ACTIVATION_RESOURCE.token).inputs.desiredState,
      "Stopped",
    );
    assert.deepEqual(t.hooks.beforeUpdate, [H.stop]);
    // CrossGuard sees no hooks: the annotation tells it the trigger is left stopped.
    assert.deepEqual(t.inputs.properties.annotations, ["mlops:left-stopped"]);
  });
  it("the mock engine saw the named hooks registered", () => {
    const names = session.registeredHooks.map((h) => h.name);
    for (const n of Object.values(H))
      assert.ok(names.includes(n), `${n} not registered (${names})`);
  });
  it("rejects a trigger with no pipelines", () =>
    rejects(
      () =>
        new ScheduleTrigger("st-v1", {
          factory,
          recurrence: Recurrence.daily({ at: "02:00" }),
          pipelines: [],
        }),
      "REQUIRED",
      /pipelines/,
    ));
  it("rejects an end time in the past", () =>
    rejects(
      () =>
        new ScheduleTrigger("st-v2", {
          factory,
          recurrence: Recurrence.daily({
            at: "02:00",
            startTime: "2020-01-01",
            endTime: "2021-01-01",
          }),
          pipelines: [plain],
        }),
      "INVALID_TIME",
      /recurrence\.endTime/,
      /^ScheduleTrigger 'st-v2': 'recurrence\.endTime' must not be in the past/,
    ));
  it("rejects an invalid trigger name", () =>
    rejects(
      () =>
        new ScheduleTrigger("st-v3", {
          factory,
          triggerName: "daily:02",
          recurrence: Recurrence.daily({ at: "02:00" }),
          pipelines: [plain],
        }),
      "INVALID_NAME",
      /triggerName/,
    ));
});

describe("TumblingWindowTrigger", () => {
  const base = {
    factory,
    pipeline: windowed,
    window: Duration.hours(1),
    startTime: "2026-11-25T00:00:00Z",
  };

  it("sends an hourly window with delay, retries, concurrency, self-dependency and window parameters", async () => {
    const tw = new TumblingWindowTrigger("tw-hourly", {
      ...base,
      delay: Duration.minutes(15),
      maxConcurrency: 4,
      selfDependency: { lookBack: Duration.hours(1) },
    });
    const t = await trigger("tw-hourly");
    assert.deepEqual(t.inputs.properties, {
      annotations: ["mlops:started-on-deploy"],
      type: "TumblingWindowTrigger",
      frequency: "Hour",
      interval: 1,
      startTime: "2026-11-25T00:00:00Z",
      delay: "00:15:00",
      maxConcurrency: 4,
      retryPolicy: { count: 3, intervalInSeconds: 300 },
      dependsOn: [{ type: "SelfDependencyTumblingWindowTriggerReference", offset: "-01:00:00" }],
      pipeline: {
        pipelineReference: { referenceName: "tw-target", type: "PipelineReference" },
        parameters: {
          windowStart: "@trigger().outputs.windowStartTime",
          windowEnd: "@trigger().outputs.windowEndTime",
        },
      },
    });
    // A 2-day-old start backfills 47 hourly windows (the 48th is due at 00:15).
    assert.equal(tw.backfillAt(new Date("2026-11-27T00:00:00Z")), 47);
  });
  it("sends a dependency on another tumbling-window trigger with a signed offset and size", async () => {
    const upstream = new TumblingWindowTrigger("tw-upstream", { ...base });
    new TumblingWindowTrigger("tw-downstream", {
      ...base,
      dependsOn: [
        { trigger: upstream, offset: { before: Duration.hours(2) }, size: Duration.hours(2) },
      ],
    });
    const t = await trigger("tw-downstream");
    assert.deepEqual(t.inputs.properties.dependsOn, [
      {
        type: "TumblingWindowTriggerDependencyReference",
        referenceTrigger: { referenceName: "tw-upstream", type: "TriggerReference" },
        offset: "-02:00:00",
        size: "02:00:00",
      },
    ]);
  });
  it("15-minute windows use Minute frequency; month windows use Month", async () => {
    new TumblingWindowTrigger("tw-15m", { ...base, window: Duration.minutes(15) });
    new TumblingWindowTrigger("tw-month", { ...base, window: { months: 1 } });
    assert.deepEqual(
      [
        (await trigger("tw-15m")).inputs.properties.frequency,
        (await trigger("tw-15m")).inputs.properties.interval,
      ],
      ["Minute", 15],
    );
    assert.equal((await trigger("tw-month")).inputs.properties.frequency, "Month");
  });
  it("rejects maxConcurrency 80 with the documented message", () =>
    rejects(
      () => new TumblingWindowTrigger("hourly", { ...base, maxConcurrency: 80 }),
      "OUT_OF_RANGE",
      /^maxConcurrency$/,
      /^TumblingWindowTrigger 'hourly': 'maxConcurrency' must be an integer between 1 and 50, got 80\.$/,
    ));
  it("rejects a window under 5 minutes", () =>
    rejects(
      () => new TumblingWindowTrigger("tw-v2", { ...base, window: Duration.minutes(1) }),
      "OUT_OF_RANGE",
      /^window$/,
    ));
  it("rejects a start time that is not UTC", () =>
    rejects(
      () => new TumblingWindowTrigger("tw-v3", { ...base, startTime: "2026-11-25T00:00:00" }),
      "INVALID_FORMAT",
      /startTime/,
    ));
  it("rejects an end before the start", () =>
    rejects(
      () => new TumblingWindowTrigger("tw-v4", { ...base, endTime: "2026-11-24T00:00:00Z" }),
      "CONFLICT",
      /endTime/,
    ));
  it("rejects a retry interval under 30 seconds", () =>
    rejects(
      () =>
        new TumblingWindowTrigger("tw-v5", { ...base, retry: { interval: Duration.seconds(5) } }),
      "OUT_OF_RANGE",
      /retry\.interval/,
    ));
  it("rejects a self-dependency that looks back less than one window", () =>
    rejects(
      () =>
        new TumblingWindowTrigger("tw-v6", {
          ...base,
          selfDependency: { lookBack: Duration.minutes(30) },
        }),
      "CONFLICT",
      /selfDependency\.lookBack/,
    ));
  it("rejects a pipeline that does not declare the window parameters", () =>
    rejects(
      () => new TumblingWindowTrigger("tw-v7", { ...base, pipeline: plain }),
      "CONFLICT",
      /^pipeline$/,
      /windowStart/,
    ));
  it("rejects a dependency on itself by name", () =>
    rejects(
      () => new TumblingWindowTrigger("tw-v8", { ...base, dependsOn: [{ trigger: "tw-v8" }] }),
      "CONFLICT",
      /dependsOn\[0\]\.trigger/,
    ));
  it("rejects a zero month window", () =>
    rejects(
      () => new TumblingWindowTrigger("tw-v9", { ...base, window: { months: 0 } }),
      "OUT_OF_RANGE",
      /window\.months/,
    ));
});

describe("StorageEventTrigger", () => {
  const account =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlanding";
  const base = { factory, storageAccountId: account, container: "landing", pipelines: [plain] };

  it("renders the folder in ADF's /container/blobs/folder/ form and ignores empty blobs", async () => {
    const s = new StorageEventTrigger("se-landing", {
      ...base,
      folderPath: "/forecasting/daily/",
      blobNameEndsWith: ".parquet",
    });
    assert.equal(s.blobPathBeginsWith, "/landing/blobs/forecasting/daily/");
    const t = await trigger("se-landing");
    assert.deepEqual(t.inputs.properties, {
      annotations: ["mlops:started-on-deploy"],
      type: "BlobEventsTrigger",
      scope: account,
      events: ["Microsoft.Storage.BlobCreated"],
      blobPathBeginsWith: "/landing/blobs/forecasting/daily/",
      blobPathEndsWith: ".parquet",
      ignoreEmptyBlobs: true,
      pipelines: [
        {
          pipelineReference: { referenceName: "plain-target", type: "PipelineReference" },
          parameters: {},
        },
      ],
    });
    assert.equal(
      one("se-landing-activation", ACTIVATION_RESOURCE.token).inputs.triggerType,
      "BlobEventsTrigger",
    );
  });
  it("watches the whole container and deletions when asked", async () => {
    new StorageEventTrigger("se-deleted", { ...base, events: ["created", "deleted"] });
    const t = await trigger("se-deleted");
    assert.equal(t.inputs.properties.blobPathBeginsWith, "/landing/blobs/");
    assert.deepEqual(t.inputs.properties.events, [
      "Microsoft.Storage.BlobCreated",
      "Microsoft.Storage.BlobDeleted",
    ]);
  });
  it("rejects an upper-case container", () =>
    rejects(
      () => new StorageEventTrigger("se-v1", { ...base, container: "Landing" }),
      "INVALID_FORMAT",
      /container/,
    ));
  it("rejects wildcards in the folder", () =>
    rejects(
      () => new StorageEventTrigger("se-v2", { ...base, folderPath: "data/*/" }),
      "INVALID_FORMAT",
      /folderPath/,
    ));
  it("rejects wildcards in the suffix", () =>
    rejects(
      () => new StorageEventTrigger("se-v3", { ...base, blobNameEndsWith: "*.csv" }),
      "INVALID_FORMAT",
      /blobNameEndsWith/,
    ));
  it("rejects an empty event list", () =>
    rejects(() => new StorageEventTrigger("se-v4", { ...base, events: [] }), "REQUIRED", /events/));
  it("rejects an unknown event", () =>
    rejects(
      () => new StorageEventTrigger("se-v5", { ...base, events: ["modified" as never] }),
      "NOT_ALLOWED",
      /events\[0\]/,
    ));
});

describe("CustomEventTrigger", () => {
  const topic =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventGrid/topics/mlops-events";
  it("sends the topic, event types and subject filters", async () => {
    new CustomEventTrigger("ce-validated", {
      factory,
      topicId: topic,
      eventTypes: ["Mlops.DataValidated"],
      subjectBeginsWith: "datasets/sales/",
      pipelines: [plain],
    });
    const t = await trigger("ce-validated");
    assert.deepEqual(t.inputs.properties, {
      annotations: ["mlops:started-on-deploy"],
      type: "CustomEventsTrigger",
      scope: topic,
      events: ["Mlops.DataValidated"],
      subjectBeginsWith: "datasets/sales/",
      pipelines: [
        {
          pipelineReference: { referenceName: "plain-target", type: "PipelineReference" },
          parameters: {},
        },
      ],
    });
  });
  it("rejects a trigger without a subject filter", () =>
    rejects(
      () =>
        new CustomEventTrigger("ce-v1", {
          factory,
          topicId: topic,
          eventTypes: ["X"],
          pipelines: [plain],
        }),
      "REQUIRED",
      /subjectBeginsWith/,
    ));
  it("rejects an empty event type list", () =>
    rejects(
      () =>
        new CustomEventTrigger("ce-v2", {
          factory,
          topicId: topic,
          eventTypes: [],
          subjectEndsWith: ".json",
          pipelines: [plain],
        }),
      "REQUIRED",
      /eventTypes/,
    ));
});
