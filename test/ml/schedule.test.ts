import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { Duration, Recurrence, TimeZone, WEEK_DAYS } from "../../lib/core";
import { TrainingCluster, TrainingSchedule, buildMlTrigger } from "../../lib/ml";
import { mlScheduleTimeline, parseMlCron } from "../../lib/schedule";

const session = mocks();
const workspace = { resourceGroupName: "rg-ml", workspaceName: "mlw-test" };
const SCHEDULE = "azure-native:machinelearningservices:Schedule";
const zone = "W. Europe Standard Time";
const job = {
  jobType: "Command" as const,
  command: "python train.py --data ${{inputs.data}}",
  environmentId: "azureml:training-env:3",
  experimentName: "forecast",
};

async function props(name: string) {
  await session.settle();
  return one(name, SCHEDULE).inputs;
}

describe("TrainingSchedule", () => {
  it("sends a daily 03:00 local Recurrence as Azure ML's RecurrenceTrigger (no offset, hours and minutes)", async () => {
    const cluster = new TrainingCluster("sched-gpu", { workspace });
    new TrainingSchedule("daily-train", {
      workspace,
      recurrence: Recurrence.daily({ at: "03:00", timeZone: zone }),
      job,
      cluster,
    });
    const p = await props("daily-train-schedule");
    assert.equal(p.name, "daily-train");
    assert.deepEqual(p.properties.trigger, {
      triggerType: "Recurrence",
      frequency: "Day",
      interval: 1,
      startTime: "2025-01-01T00:00:00",
      timeZone: zone,
      schedule: { hours: [3], minutes: [0] },
    });
    assert.equal(p.properties.isEnabled, true);
    assert.equal(p.properties.action.actionType, "CreateJob");
    assert.deepEqual(p.properties.action.jobDefinition, {
      ...job,
      computeId:
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-test/computes/sched-gpu",
    });
  });

  it("writes UTC start times without 'Z', week days and month days explicitly, no schedule for Hour", async () => {
    new TrainingSchedule("weekly-train", {
      workspace,
      recurrence: Recurrence.weekly({ on: ["Monday", "Thursday"], at: ["06:00", "06:30"] }),
      job,
    });
    new TrainingSchedule("monthly-train", {
      workspace,
      recurrence: Recurrence.monthly({ onDays: [1, 15], at: "04:45", timeZone: zone }),
      job,
    });
    new TrainingSchedule("six-hourly", {
      workspace,
      recurrence: Recurrence.every(Duration.hours(6), { startTime: "2026-01-01T01:00" }),
      job,
    });
    assert.deepEqual((await props("weekly-train-")).properties.trigger, {
      triggerType: "Recurrence",
      frequency: "Week",
      interval: 1,
      startTime: "2025-01-01T00:00:00",
      timeZone: "UTC",
      schedule: { hours: [6], minutes: [0, 30], weekDays: ["Monday", "Thursday"] },
    });
    assert.deepEqual((await props("monthly-train-")).properties.trigger.schedule, {
      hours: [4],
      minutes: [45],
      monthDays: [1, 15],
    });
    assert.deepEqual((await props("six-hourly-")).properties.trigger, {
      triggerType: "Recurrence",
      frequency: "Hour",
      interval: 6,
      startTime: "2026-01-01T01:00:00",
      timeZone: "UTC",
    });
  });

  it("sends a cron trigger in Azure ML's dialect with its Windows zone, normalised spacing", async () => {
    new TrainingSchedule("cron-train", {
      workspace,
      cron: { expression: " 15  16 * * mon-fri ", timeZone: "Europe/Berlin" },
      job: { jobType: "Pipeline", jobs: { train: { type: "command" } } },
      enabled: false,
    });
    const p = await props("cron-train-");
    assert.deepEqual(p.properties.trigger, {
      triggerType: "Cron",
      expression: "15 16 * * mon-fri",
      startTime: "2025-01-01T00:00:00",
      timeZone: zone,
    });
    assert.equal(p.properties.isEnabled, false);
    assert.equal(p.properties.action.jobDefinition.jobType, "Pipeline");
  });

  // Microsoft Learn, "Schedule machine learning pipeline jobs" (cron section): five fields, MINUTES
  // 0-59, HOURS 0-23, DAYS and MONTHS unsupported (treated as *), DAYS-OF-WEEK 0-6; REST
  // CronTrigger/RecurrenceTrigger: start and end "in ISO 8601 format, but without a UTC offset".
  const cron =
    (expression: string, extra: object = {}) =>
    () =>
      new TrainingSchedule("bad", { workspace, job, cron: { expression, ...extra } });
  const bad: [string, () => unknown, string, RegExp][] = [
    [
      "a six-field (seconds) expression",
      cron("0 0 3 * * *"),
      "INVALID_FORMAT",
      /^cron\.expression$/,
    ],
    ["an @daily macro", cron("@daily"), "INVALID_FORMAT", /^cron\.expression$/],
    [
      "a day-of-month Azure ML would ignore",
      cron("0 3 1 * *"),
      "NOT_ALLOWED",
      /^cron\.expression$/,
    ],
    ["a month Azure ML would ignore", cron("0 3 * 6 *"), "NOT_ALLOWED", /^cron\.expression$/],
    ["7 as Sunday (NCrontab has 0-6)", cron("0 3 * * 7"), "OUT_OF_RANGE", /^cron\.expression$/],
    ["minute 60", cron("60 3 * * *"), "OUT_OF_RANGE", /^cron\.expression$/],
    ["hour 24", cron("0 24 * * *"), "OUT_OF_RANGE", /^cron\.expression$/],
    ["L (last) in days of week", cron("0 3 * * 5L"), "INVALID_FORMAT", /^cron\.expression$/],
    ["a # occurrence", cron("0 3 * * 1#2"), "INVALID_FORMAT", /^cron\.expression$/],
    [
      "a start time with a UTC offset",
      cron("0 3 * * *", { startTime: "2026-01-01T03:00:00+01:00" }),
      "INVALID_FORMAT",
      /^cron\.startTime$/,
    ],
    [
      "a start time in UTC 'Z' form",
      cron("0 3 * * *", { startTime: "2026-01-01T03:00:00Z" }),
      "INVALID_FORMAT",
      /^cron\.startTime$/,
    ],
    [
      "an end time with an offset",
      cron("0 3 * * *", { endTime: "2027-01-01T00:00:00-05:00" }),
      "INVALID_FORMAT",
      /^cron\.endTime$/,
    ],
    [
      "an end before the start",
      cron("0 3 * * *", { startTime: "2026-06-01T00:00:00", endTime: "2026-01-01T00:00:00" }),
      "CONFLICT",
      /^cron\.endTime$/,
    ],
    [
      "an unknown time zone",
      cron("0 3 * * *", { timeZone: "Mars/Olympus" }),
      "UNKNOWN_TIME_ZONE",
      /^cron\.timeZone$/,
    ],
    [
      "both recurrence and cron",
      () =>
        new TrainingSchedule("bad", {
          workspace,
          job,
          cron: { expression: "0 3 * * *" },
          recurrence: Recurrence.daily({ at: "03:00" }),
        }),
      "CONFLICT",
      /^recurrence$/,
    ],
    [
      "neither recurrence nor cron",
      () => new TrainingSchedule("bad", { workspace, job }),
      "CONFLICT",
      /^recurrence$/,
    ],
    [
      "a monthly occurrence (Azure ML has no monthlyOccurrences)",
      () =>
        new TrainingSchedule("bad", {
          workspace,
          job,
          recurrence: Recurrence.monthly({
            at: "03:00",
            onOccurrences: [{ day: "Monday", occurrence: 1 }],
          }),
        }),
      "CONFLICT",
      /^recurrence\.schedule\.monthlyOccurrences$/,
    ],
    [
      "a month day counted from the end",
      () =>
        new TrainingSchedule("bad", {
          workspace,
          job,
          recurrence: Recurrence.monthly({ at: "03:00", onDays: [-1] }),
        }),
      "OUT_OF_RANGE",
      /^recurrence\.schedule\.monthDays\[0\]$/,
    ],
    [
      "a command job without a command",
      () =>
        new TrainingSchedule("bad", {
          workspace,
          recurrence: Recurrence.daily({ at: "03:00" }),
          job: { jobType: "Command", environmentId: "e" } as never,
        }),
      "REQUIRED",
      /^job\.command$/,
    ],
    [
      "an unknown job type",
      () =>
        new TrainingSchedule("bad", {
          workspace,
          recurrence: Recurrence.daily({ at: "03:00" }),
          job: { jobType: "Sweep" } as never,
        }),
      "NOT_ALLOWED",
      /^job\.jobType$/,
    ],
  ];
  for (const [what, make, code, prop] of bad) {
    it(`rejects ${what} with a coded error before registering anything`, () =>
      rejects(make, code as never, prop));
  }
});

describe("mlScheduleTimeline (ARM reader, kind MLSchedule)", () => {
  const from = Date.parse("2026-03-27T00:00:00Z");
  const until = Date.parse("2026-04-01T00:00:00Z");
  const iso = (fs: { at: number }[]) => fs.map((f) => new Date(f.at).toISOString());

  it("fires a 03:00 W. Europe recurrence at 02:00 UTC before and 01:00 UTC after spring-forward", () => {
    const t = mlScheduleTimeline({
      trigger: buildMlTrigger(
        { component: "T" },
        { recurrence: Recurrence.daily({ at: "03:00", timeZone: zone }) },
      ),
      action: { actionType: "CreateJob", jobDefinition: job },
    })!;
    assert.equal(t.kind, "MLSchedule");
    assert.deepEqual(t.pipelines, ["forecast"]);
    assert.equal(t.timeZone?.windowsId, zone);
    assert.deepEqual(iso(t.firings(from, until)), [
      "2026-03-27T02:00:00.000Z",
      "2026-03-28T02:00:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T01:00:00.000Z",
      "2026-03-31T01:00:00.000Z",
    ]);
  });

  it("fires a cron 02:30 at the jump on the spring-forward day and once on the fall-back day", () => {
    const trigger = { triggerType: "Cron", expression: "30 2 * * *", timeZone: zone };
    const t = mlScheduleTimeline({ trigger })!;
    const spring = t.firings(
      Date.parse("2026-03-28T00:00:00Z"),
      Date.parse("2026-03-30T00:00:00Z"),
    );
    assert.deepEqual(
      spring.map((f) => [new Date(f.at).toISOString(), f.kind]),
      [
        ["2026-03-28T01:30:00.000Z", "exact"],
        ["2026-03-29T01:00:00.000Z", "gap"],
      ],
    );
    const fall = t.firings(Date.parse("2026-10-24T00:00:00Z"), Date.parse("2026-10-27T00:00:00Z"));
    assert.deepEqual(
      fall.map((f) => [new Date(f.at).toISOString(), f.kind]),
      [
        ["2026-10-24T00:30:00.000Z", "exact"],
        ["2026-10-25T00:30:00.000Z", "ambiguous"],
        ["2026-10-26T01:30:00.000Z", "exact"],
      ],
    );
  });

  it("respects start and end times read in the zone, and a disabled schedule never fires", () => {
    const trigger = {
      triggerType: "Cron",
      expression: "0 12 * * *",
      timeZone: "Eastern Standard Time",
      startTime: "2026-03-28T00:00:00",
      endTime: "2026-03-30T12:00:00",
    };
    assert.deepEqual(iso(mlScheduleTimeline({ trigger })!.firings(from, until)), [
      "2026-03-28T16:00:00.000Z",
      "2026-03-29T16:00:00.000Z",
      "2026-03-30T16:00:00.000Z",
    ]);
    const off = mlScheduleTimeline({ trigger, isEnabled: false })!;
    assert.deepEqual(off.firings(from, until), []);
    assert.match(off.cadence, /disabled/);
  });

  it("refuses raw ARM JSON Azure ML refuses: offset start, missing schedule minutes", () => {
    assert.throws(
      () =>
        mlScheduleTimeline({
          trigger: {
            triggerType: "Recurrence",
            frequency: "Day",
            interval: 1,
            startTime: "2026-01-01T00:00:00Z",
            schedule: { hours: [3], minutes: [0] },
          },
        }),
      /without a UTC offset/,
    );
    assert.throws(
      () =>
        mlScheduleTimeline({
          trigger: {
            triggerType: "Recurrence",
            frequency: "Day",
            interval: 1,
            schedule: { hours: [3] },
          },
        }),
      (e: any) => e.code === "REQUIRED" && e.prop === "trigger.schedule.minutes",
    );
    assert.equal(mlScheduleTimeline({ trigger: { triggerType: "Webhook" } }), undefined);
  });
});

/**
 * Cron firings (croner) against independent oracles across DST changes in several zones:
 * - wall-clock patterns (no `*` or `/` in MINUTES/HOURS) against the library's recurrence engine,
 *   an independent implementation of the same DST rule (fire at the jump, once at a repeat);
 * - wildcard patterns against a brute-force scan of every UTC minute converted to local time.
 */
describe("Azure ML cron firings vs independent oracles across DST", () => {
  const zones = [
    "W. Europe Standard Time",
    "Eastern Standard Time",
    "AUS Eastern Standard Time",
    "UTC",
  ];
  // Four-day windows around each 2026 DST change: US (Mar 8, Nov 1), EU (Mar 29, Oct 25) and
  // Australia (Apr 5, Oct 4).
  const windows = [
    ["2026-03-06T00:00:00Z", "2026-03-10T00:00:00Z"],
    ["2026-03-27T00:00:00Z", "2026-03-31T00:00:00Z"],
    ["2026-04-03T00:00:00Z", "2026-04-07T00:00:00Z"],
    ["2026-10-02T00:00:00Z", "2026-10-06T00:00:00Z"],
    ["2026-10-23T00:00:00Z", "2026-10-27T00:00:00Z"],
    ["2026-10-30T00:00:00Z", "2026-11-03T00:00:00Z"],
  ].map(([a, b]) => [Date.parse(a), Date.parse(b)] as const);
  const fixed: [string, number[], number[], number[]][] = [
    ["30 2 * * *", [2], [30], [0, 1, 2, 3, 4, 5, 6]],
    ["0,30 2,3 * * 0", [2, 3], [0, 30], [0]],
    ["15 1-3 * * 1-5", [1, 2, 3], [15], [1, 2, 3, 4, 5]],
    ["45 23 * * sat,sun", [23], [45], [0, 6]],
    ["0 0 * * *", [0], [0], [0, 1, 2, 3, 4, 5, 6]],
  ];
  for (const id of zones) {
    for (const [expr, hours, minutes, days] of fixed) {
      it(`${expr} in ${id} equals the recurrence engine`, () => {
        const t = mlScheduleTimeline({
          trigger: { triggerType: "Cron", expression: expr, timeZone: id },
        })!;
        const times = hours.flatMap((h) =>
          minutes.map((m) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
        );
        const rec =
          days.length === 7
            ? Recurrence.daily({ at: times, timeZone: id })
            : Recurrence.weekly({ at: times, on: days.map((d) => WEEK_DAYS[d]), timeZone: id });
        const oracle = mlScheduleTimeline({
          trigger: buildMlTrigger({ component: "T" }, { recurrence: rec }),
        })!;
        for (const [a, b] of windows) {
          const got = t.firings(a, b).map((f) => f.at);
          assert.deepEqual(
            got,
            oracle.firings(a, b).map((f) => f.at),
          );
        }
      });
    }
    for (const expr of ["15 * * * *", "*/20 * * * 1", "0 */6 * * *"]) {
      it(`${expr} in ${id} equals a brute-force minute scan`, () => {
        const zone = TimeZone.of(id);
        const t = mlScheduleTimeline({
          trigger: { triggerType: "Cron", expression: expr, timeZone: id },
        })!;
        const [mf, hf, , , df] = expr.split(" ");
        const match = (field: string, v: number) =>
          field === "*" ||
          (field.startsWith("*/")
            ? v % Number(field.slice(2)) === 0
            : field.split(",").map(Number).includes(v));
        for (const [a, b] of windows) {
          const oracle: number[] = [];
          for (let m = a; m < b; m += 60_000) {
            const l = zone.toLocal(m);
            if (match(mf, l.minute) && match(hf, l.hour) && match(df, l.weekday)) oracle.push(m);
          }
          assert.deepEqual(
            t.firings(a, b).map((f) => f.at),
            oracle,
          );
        }
      });
    }
  }
});

/**
 * Azure ML's cron dialect, Microsoft Learn "Schedule machine learning pipeline jobs", section
 * "Define a time-based schedule with a cron expression": MINUTES "an integer or list from 0 to 59",
 * HOURS 0-23, "`DAYS` values aren't supported, and are always treated as `*`", "`MONTHS` values
 * aren't supported, and are always treated as `*`", DAYS-OF-WEEK 0-6 with 0 = Sunday, "names of days
 * are also accepted"; REST `CronTrigger.expression`: "should follow NCronTab format". Azure accepts
 * any DAYS/MONTHS and ignores it: the library accepts the spellings that mean every day or month
 * (what Azure then does) and refuses the rest, which would deploy a daily run.
 */
describe("Azure ML cron: DAYS and MONTHS", () => {
  const at = (expression: string) => parseMlCron(expression, { component: "T" }, "cron");
  const accepted = [
    "15 16 1-31 1-12 1",
    "0 3 */1 JAN-DEC mon-fri",
    "0 3 1-31 * *",
    "0 3 * jan-dec sun",
    "0,30 2 * */1 *",
  ];
  for (const expr of accepted) {
    it(`accepts "${expr}" and fires exactly like its DAYS/MONTHS = * form across DST`, () => {
      assert.equal(at(expr).expression, expr);
      const [m, h, , , dow] = expr.split(" ");
      for (const zone of ["W. Europe Standard Time", "Eastern Standard Time"]) {
        const timeline = (expression: string) =>
          mlScheduleTimeline({ trigger: { triggerType: "Cron", expression, timeZone: zone } })!;
        const a = Date.parse("2026-03-01T00:00:00Z");
        const b = Date.parse("2026-04-15T00:00:00Z");
        const got = timeline(expr).firings(a, b);
        assert.ok(got.length > 0);
        assert.deepEqual(got, timeline(`${m} ${h} * * ${dow}`).firings(a, b));
      }
    });
  }
  const refused = [
    "0 3 1 * *",
    "0 3 1-30 * *",
    "0 3 * 6 *",
    "0 3 * 1-11 *",
    "0 3 */2 * *",
    "0 3 L * *",
    "0 3 ? * 1",
  ];
  for (const expr of refused) {
    it(`refuses "${expr}" (Azure would fire every day) with a coded error`, () =>
      assert.throws(
        () => at(expr),
        (e: any) =>
          ["NOT_ALLOWED", "INVALID_FORMAT"].includes(e.code) &&
          e.prop === "cron" &&
          (e.code === "INVALID_FORMAT" || /every day in DAYS and every month/.test(e.message)),
      ));
  }
});
