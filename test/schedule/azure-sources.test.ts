import { strict as assert } from "assert";
import { Duration, Recurrence } from "../../lib/core";
import { expandSchedule, triggerTimeline } from "../../lib/schedule";

/**
 * Trigger definitions written outside this project, read as Azure reads them. Each case names its
 * public source:
 * - LEARN: Microsoft Learn, "Create a trigger that runs a pipeline on a schedule"
 *   (articles/data-factory/how-to-create-schedule-trigger.md in MicrosoftDocs/azure-docs), the
 *   "JSON schema" block, "Schema defaults, limits, and examples", the "startTime property" table,
 *   the "schedule property" table and "Examples of trigger recurrence schedules";
 * - SPEC: azure-rest-api-specs, datafactory 2018-06-01 examples Triggers_Create.json /
 *   Triggers_Update.json (also printed in the azure-native, Azure CLI and SDK samples);
 * - TF: terraform-provider-azurerm, data_factory_trigger_schedule_resource(.go, _test.go).
 */

const iso = (ms: number) => new Date(ms).toISOString();
const utc = (text: string) => Date.parse(text);

/** A raw azure-native `datafactory.Trigger` properties object around a recurrence. */
const trigger = (recurrence: Record<string, unknown>) => ({
  type: "ScheduleTrigger",
  recurrence,
  pipelines: [
    { pipelineReference: { referenceName: "p", type: "PipelineReference" }, parameters: {} },
  ],
});

function fire(recurrence: Record<string, unknown>, from: string, until: string) {
  return triggerTimeline(trigger(recurrence))!
    .firings(utc(from), utc(until))
    .map((f) => iso(f.at));
}

describe("Azure's reading of schedule triggers, from public sources", () => {
  describe("day names are not case-sensitive (LEARN, schedule property table)", () => {
    it('LEARN example {"hours":[17], "weekDays":["saturday"]}: 5 PM on Saturdays', () => {
      const f = fire(
        {
          frequency: "Week",
          interval: 1,
          startTime: "2026-01-01T00:00:00Z",
          timeZone: "UTC",
          schedule: { hours: [17], weekDays: ["saturday"] },
        },
        "2026-03-01T00:00:00Z",
        "2026-03-15T00:00:00Z",
      );
      // The start's minute (00) is the default minute.
      assert.deepEqual(f, ["2026-03-07T17:00:00.000Z", "2026-03-14T17:00:00.000Z"]);
    });

    it('LEARN example weekDays ["monday", "wednesday", "friday"] at 5 PM', () => {
      const f = fire(
        {
          frequency: "Week",
          startTime: "2026-01-01T00:00:00Z",
          schedule: { hours: [17], weekDays: ["monday", "wednesday", "friday"] },
        },
        "2026-03-02T00:00:00Z",
        "2026-03-07T00:00:00Z",
      );
      assert.deepEqual(f, [
        "2026-03-02T17:00:00.000Z",
        "2026-03-04T17:00:00.000Z",
        "2026-03-06T17:00:00.000Z",
      ]);
    });

    it('LEARN example monthlyOccurrences [{"day":"friday", "occurrence":1}] at 5:00 AM', () => {
      const f = fire(
        {
          frequency: "Month",
          startTime: "2026-01-01T00:00:00Z",
          schedule: {
            minutes: [0],
            hours: [5],
            monthlyOccurrences: [{ day: "friday", occurrence: 1 }],
          },
        },
        "2026-03-01T00:00:00Z",
        "2026-05-01T00:00:00Z",
      );
      assert.deepEqual(f, ["2026-03-06T05:00:00.000Z", "2026-04-03T05:00:00.000Z"]);
    });

    it("stores the canonical spelling Azure returns", () => {
      const r = Recurrence.fromAdf({
        frequency: "week" as never,
        startTime: "2026-01-01T00:00:00Z",
        schedule: { weekDays: ["SATURDAY" as never, "saturday" as never] },
      });
      assert.deepEqual(r.toAdf().schedule, { weekDays: ["Saturday"] });
      assert.equal(r.frequency, "Week");
    });
  });

  it("SPEC Triggers_Create.json: start and end with 7 fraction digits, every 4 minutes, to the millisecond", () => {
    const f = fire(
      {
        frequency: "Minute",
        interval: 4,
        startTime: "2018-06-16T00:39:13.8441801Z",
        endTime: "2018-06-16T00:55:13.8441801Z",
        timeZone: "UTC",
      },
      "2018-06-16T00:00:00Z",
      "2018-06-16T02:00:00Z",
    );
    assert.deepEqual(f, [
      "2018-06-16T00:39:13.844Z",
      "2018-06-16T00:43:13.844Z",
      "2018-06-16T00:47:13.844Z",
      "2018-06-16T00:51:13.844Z",
      "2018-06-16T00:55:13.844Z",
    ]);
  });

  it('TF basic test: time_zone unset sends timeZone "" (UTC); Day every 5 from a start with no schedule runs at the start', () => {
    const t = triggerTimeline(
      trigger({
        frequency: "Day",
        interval: 5,
        startTime: "2022-09-21T00:00:00Z",
        endTime: "2022-09-22T00:00:00Z",
        timeZone: "",
      }),
    )!;
    assert.ok(t.timeZone?.isUtc);
    assert.equal(t.zoneImplicit, true);
    assert.deepEqual(
      t.firings(utc("2022-09-01T00:00:00Z"), utc("2022-10-01T00:00:00Z")).map((f) => iso(f.at)),
      ["2022-09-21T00:00:00.000Z"],
    );
  });

  it("TF monthly block without week: every such week day of the month (LEARN: {Sunday} means every Sunday)", () => {
    const t = triggerTimeline(
      trigger({
        frequency: "Month",
        interval: 1,
        startTime: "2026-01-01T00:00:00Z",
        timeZone: "",
        schedule: { hours: [6], minutes: [0], monthlyOccurrences: [{ day: "Sunday" }] },
      }),
    )!;
    assert.deepEqual(
      t.firings(utc("2026-03-01T00:00:00Z"), utc("2026-04-01T00:00:00Z")).map((f) => iso(f.at)),
      [
        "2026-03-01T06:00:00.000Z",
        "2026-03-08T06:00:00.000Z",
        "2026-03-15T06:00:00.000Z",
        "2026-03-22T06:00:00.000Z",
        "2026-03-29T06:00:00.000Z",
      ],
    );
    assert.equal(t.cadence, "monthly on every Sunday at 06:00");
    assert.doesNotMatch(t.cadence, /undefined/);
  });

  it("LEARN JSON schema: interval is optional and defaults to 1 (plans, and reads 'daily')", () => {
    const t = triggerTimeline(
      trigger({
        frequency: "Day",
        startTime: "2026-01-01T00:00:00Z",
        schedule: { hours: [2], minutes: [0] },
      }),
    )!;
    assert.equal(t.recurrence?.interval, 1);
    assert.equal(t.cadence, "daily at 02:00");
    assert.equal(t.firings(utc("2026-03-01T00:00:00Z"), utc("2026-03-08T00:00:00Z")).length, 7);
  });

  describe("a start exactly on a scheduled time (LEARN startTime table and portal steps)", () => {
    it("with a schedule, the first run is the next recurrence: a scheduled time must be at least a minute after the start", () => {
      const f = fire(
        {
          frequency: "Day",
          startTime: "2026-03-01T02:00:00Z",
          schedule: { hours: [2], minutes: [0] },
        },
        "2026-02-01T00:00:00Z",
        "2026-03-04T00:00:00Z",
      );
      assert.deepEqual(f, ["2026-03-02T02:00:00.000Z", "2026-03-03T02:00:00.000Z"]);
    });

    it("with a schedule, a scheduled time a full minute after the start fires", () => {
      const f = fire(
        {
          frequency: "Day",
          startTime: "2026-03-01T01:59:00Z",
          schedule: { hours: [2], minutes: [0] },
        },
        "2026-02-01T00:00:00Z",
        "2026-03-02T00:00:00Z",
      );
      assert.deepEqual(f, ["2026-03-01T02:00:00.000Z"]);
    });

    it("without a schedule, a future start 'runs once at the specified start time'", () => {
      const f = fire(
        { frequency: "Hour", interval: 1, startTime: "2026-03-01T02:00:00Z" },
        "2026-02-01T00:00:00Z",
        "2026-03-01T04:00:00Z",
      );
      assert.deepEqual(f, ["2026-03-01T02:00:00.000Z", "2026-03-01T03:00:00.000Z"]);
    });
  });

  describe("cadence text", () => {
    it('LEARN example {"minutes":[0], "hours":[6], "monthDays":[1,-1]}: the first and last day', () => {
      const t = triggerTimeline(
        trigger({
          frequency: "Month",
          startTime: "2026-01-01T00:00:00Z",
          schedule: { minutes: [0], hours: [6], monthDays: [1, -1] },
        }),
      )!;
      assert.equal(t.cadence, "monthly on the 1st and the last day at 06:00");
    });

    it("LEARN example: all 24 hours with the start's minute (12:25) reads 'hourly at :25'", () => {
      const t = triggerTimeline(
        trigger({
          frequency: "Day",
          startTime: "2026-01-01T12:25:00Z",
          schedule: { hours: Array.from({ length: 24 }, (_, h) => h) },
        }),
      )!;
      assert.equal(t.cadence, "daily, hourly at :25");
      assert.equal(t.firings(utc("2026-03-01T00:00:00Z"), utc("2026-03-02T00:00:00Z")).length, 24);
    });

    it("LEARN example: every 15 minutes on weekdays between 9:00 AM and 4:45 PM", () => {
      const t = triggerTimeline(
        trigger({
          frequency: "Week",
          startTime: "2026-01-01T00:00:00Z",
          schedule: {
            minutes: [0, 15, 30, 45],
            hours: [9, 10, 11, 12, 13, 14, 15, 16],
            weekDays: ["monday", "tuesday", "wednesday", "thursday", "friday"],
          },
        }),
      )!;
      assert.equal(
        t.cadence,
        "every Monday, Tuesday, Wednesday, Thursday, Friday, hourly at :00, :15, :30, :45 from 09:00 to 16:45",
      );
    });

    it('LEARN example {"monthlyOccurrences":[{"day":"friday", "occurrence":-3}]}', () => {
      const t = triggerTimeline(
        trigger({
          frequency: "Month",
          startTime: "2026-01-01T07:00:00Z",
          schedule: { monthlyOccurrences: [{ day: "friday", occurrence: -3 }] },
        }),
      )!;
      assert.equal(t.cadence, "monthly on the third-from-last Friday at 07:00");
    });
  });

  it('LEARN schedule table: minutes and hours may be an "Integer" as well as an array', () => {
    const r = Recurrence.fromAdf({
      frequency: "Day",
      startTime: "2026-01-01T00:00:00Z",
      schedule: { minutes: 15 as never, hours: 5 as never },
    });
    assert.deepEqual(r.toAdf().schedule, { minutes: [15], hours: [5] });
  });

  it("a schedule that can never fire returns no firings and says why", () => {
    // Day 30 every 12 months from February: February never has a 30th.
    const r = Recurrence.fromAdf({
      frequency: "Month",
      interval: 12,
      startTime: "2026-02-01T00:00:00Z",
      schedule: { monthDays: [30] },
    });
    const plan = expandSchedule(r, { from: utc("2026-03-01T00:00:00Z"), limit: 10 });
    assert.deepEqual(plan.firings, []);
    assert.match(plan.note ?? "", /^never fires/);
  });
});

describe("the components and the reader agree", () => {
  const cases: [string, Recurrence][] = [
    ["daily in Berlin", Recurrence.daily({ at: ["02:00", "14:00"], timeZone: "Europe/Berlin" })],
    [
      "weekly, every 2 weeks, from a Date with milliseconds",
      Recurrence.weekly({
        on: ["monday" as never, "Thursday"],
        at: "06:30",
        every: 2,
        startTime: new Date("2026-01-05T00:00:00.250Z"),
      }),
    ],
    [
      "monthly on occurrences, one without occurrence",
      Recurrence.monthly({
        onOccurrences: [{ day: "Friday", occurrence: -1 }, { day: "Sunday" }],
        onDays: [1],
        at: "03:00",
        timeZone: "America/New_York",
      }),
    ],
    [
      "every 15 minutes with an end",
      Recurrence.every(Duration.minutes(15), { endTime: "2027-01-01T00:00" }),
    ],
  ];
  for (const [what, rec] of cases) {
    it(`${what}: the JSON a ScheduleTrigger sends reads back as the same recurrence`, () => {
      const t = triggerTimeline(trigger(rec.toAdf() as unknown as Record<string, unknown>))!;
      assert.ok(t.recurrence!.equals(rec), `${t.recurrence} != ${rec}`);
      assert.equal(t.cadence, rec.describe());
    });
  }
});
