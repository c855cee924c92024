import { strict as assert } from "assert";
import { runsIn, triggerTimeline } from "../../lib/schedule";

const iso = (ms: number) => new Date(ms).toISOString();

describe("triggerTimeline (ARM trigger properties)", () => {
  it("a schedule trigger fires at wall-clock times in its zone", () => {
    const t = triggerTimeline({
      type: "ScheduleTrigger",
      recurrence: {
        frequency: "Day",
        interval: 1,
        startTime: "2026-01-01T00:00:00",
        timeZone: "W. Europe Standard Time",
        schedule: { hours: [2], minutes: [0] },
      },
      pipelines: [{ pipelineReference: { referenceName: "ingest", type: "PipelineReference" } }],
    })!;
    assert.equal(t.kind, "ScheduleTrigger");
    assert.equal(t.clock, true);
    assert.deepEqual(t.pipelines, ["ingest"]);
    // DST ends at 03:00 on 25 October 2026, so 02:00 that day is still CEST (00:00 UTC); from the
    // 26th 02:00 CET is 01:00 UTC.
    const f = t.firings(Date.parse("2026-10-24T00:00:00Z"), Date.parse("2026-10-27T00:00:00Z"));
    assert.deepEqual(
      f.map((x) => iso(x.at)),
      ["2026-10-24T00:00:00.000Z", "2026-10-25T00:00:00.000Z", "2026-10-26T01:00:00.000Z"],
    );
    assert.equal(t.backfill(Date.now()), undefined);
    assert.equal(runsIn(t, Date.parse("2026-10-01T00:00:00Z"), 28), 28);
  });

  it("a tumbling window is due at window end + delay, with backfill and dependencies", () => {
    const t = triggerTimeline({
      type: "TumblingWindowTrigger",
      frequency: "Hour",
      interval: 6,
      startTime: "2026-11-26T00:00:00Z",
      delay: "00:30:00",
      maxConcurrency: 2,
      pipeline: { pipelineReference: { referenceName: "agg", type: "PipelineReference" } },
      dependsOn: [
        { type: "SelfDependencyTumblingWindowTriggerReference", offset: "-06:00:00" },
        {
          type: "TumblingWindowTriggerDependencyReference",
          referenceTrigger: { referenceName: "upstream", type: "TriggerReference" },
        },
      ],
    })!;
    const from = Date.parse("2026-11-27T00:00:00Z");
    assert.deepEqual(
      t.firings(from, from + 86_400_000).map((x) => iso(x.at)),
      [
        "2026-11-27T00:30:00.000Z",
        "2026-11-27T06:30:00.000Z",
        "2026-11-27T12:30:00.000Z",
        "2026-11-27T18:30:00.000Z",
      ],
    );
    assert.equal(t.backfill(from), 3, "the first three windows of 26 Nov were due before");
    assert.deepEqual(t.dependsOn, [
      { trigger: "self", offset: "-06:00:00" },
      { trigger: "upstream" },
    ]);
    assert.equal(t.maxConcurrency, 2);
    assert.match(
      t.cadence,
      /every 6 hours \(tumbling window, due at window end \+ 00:30:00; max 2 at once\)/,
    );
  });

  it("event triggers have no clock; unknown types give undefined", () => {
    const blob = triggerTimeline({
      type: "BlobEventsTrigger",
      events: ["Microsoft.Storage.BlobCreated"],
      blobPathBeginsWith: "/c/blobs/in/",
      pipelines: [],
    })!;
    assert.equal(blob.clock, false);
    assert.deepEqual(blob.firings(0, Date.now()), []);
    assert.equal(blob.cadence, "on BlobCreated under /c/blobs/in/");
    const custom = triggerTimeline({
      type: "CustomEventsTrigger",
      events: ["Mlops.DataValidated"],
      subjectBeginsWith: "datasets/",
      pipelines: [],
    })!;
    assert.equal(custom.cadence, "on events Mlops.DataValidated (subject datasets/*)");
    assert.equal(triggerTimeline({ type: "RerunTumblingWindowTrigger" }), undefined);
  });
});
