import { strict as assert } from "assert";
import { mocks, rejects } from "../support/mocks";
import { Duration, Recurrence } from "../../lib/core";
import { PipelineAlerts, PipelineAlertsArgs } from "../../lib/monitoring";
import { shortestFiringGap } from "../../lib/monitoring/freshness";

/**
 * Issue 19, item 8: deadlines that disagree with their own schedule are refused with a coded error
 * naming both times, never silently reinterpreted.
 * - "succeeded by 01:30" for a 02:00 run used to become a 23.5-hour window (the next day's 01:30):
 *   refused; a deadline the next day is written `within` (explicit).
 * - a `within` (or missed-trigger grace) longer than the time between two firings would let the
 *   next firing's run count for this one: refused. The default grace (15 minutes) shrinks to the
 *   time between firings on faster schedules, as documented on `missedTriggerGrace`.
 */

const session = mocks();
const daily = Recurrence.daily({ at: "02:00", timeZone: "W. Europe Standard Time" });
const base: PipelineAlertsArgs = {
  factory: {
    factoryId: "/subscriptions/00000000-0000-0000-0000-000000000000/x",
    resourceGroupName: "rg-sc",
    factoryName: "adf-sc",
  },
  emails: ["ops@contoso.com"],
  dashboard: false,
};
let n = 0;
const alerts = (deadline: Record<string, unknown>) =>
  new PipelineAlerts(`sc-${++n}`, { ...base, deadlines: [deadline as never] });

describe("deadlines that disagree with their schedule (issue 19, item 8)", () => {
  it("refuses a succeededBy before the run's own firing time, naming both times (CONFLICT)", () =>
    rejects(
      () => alerts({ pipeline: { pipelineName: "ingest", schedule: daily }, succeededBy: "01:30" }),
      "CONFLICT",
      /^deadlines\[0\]\.succeededBy$/,
      /'deadlines\[0\]\.succeededBy' is before the run's own firing at 02:00 .*01:30 the next day, 23 hours 30 minutes after the firing.*within: Duration\.minutes\(1410\)/,
    ));

  it("takes the next-day deadline when it is explicit (within: 23 h 30 min)", async () => {
    alerts({
      pipeline: { pipelineName: "ingest", schedule: daily },
      within: Duration.minutes(1410),
    });
    await session.settle();
  });

  it("refuses a within longer than the time between firings (hourly, within 2 h)", () =>
    rejects(
      () =>
        alerts({
          pipeline: { pipelineName: "hourly", schedule: Recurrence.every(Duration.hours(1)) },
          within: Duration.hours(2),
          missedTrigger: false,
        }),
      "CONFLICT",
      /^deadlines\[0\]\.within$/,
      /is longer than the shortest time between two firings \(PT1H, /,
    ));

  it("measures the gap between the two times of a twice-daily schedule (12 h, not 24 h)", () =>
    rejects(
      () =>
        alerts({
          pipeline: {
            pipelineName: "twice",
            schedule: Recurrence.daily({ at: ["02:00", "14:00"] }),
          },
          within: Duration.hours(13),
        }),
      "CONFLICT",
      /^deadlines\[0\]\.within$/,
      /\(PT12H, /,
    ));

  it("refuses a missed-trigger grace longer than the time between firings", () =>
    rejects(
      () =>
        alerts({
          pipeline: {
            pipelineName: "q",
            schedule: Recurrence.every(Duration.minutes(10)),
            triggerName: "q-trigger",
          },
          within: Duration.minutes(10),
          missedTriggerGrace: Duration.minutes(20),
        }),
      "CONFLICT",
      /^deadlines\[0\]\.missedTriggerGrace$/,
    ));

  it("shrinks the default 15-minute grace to a 10-minute schedule's gap (documented default)", async () => {
    const name = `sc-${++n}`;
    new PipelineAlerts(name, {
      ...base,
      deadlines: [
        {
          pipeline: {
            pipelineName: "q",
            schedule: Recurrence.every(Duration.minutes(10)),
            triggerName: "q-trigger",
          },
          within: Duration.minutes(10),
        },
      ],
    });
    await session.settle();
    const queries = session
      .named(name)
      .filter((r) => r.type === "azure-native:monitor:ScheduledQueryRule")
      .map((r) => JSON.stringify(r.inputs));
    assert.equal(queries.length, 2);
    assert.ok(
      queries.every((q) => q.includes("let within = 10m;")),
      queries.join("\n"),
    );
  });

  it("shortestFiringGap: minutes, hours, days with several times, weeks with several days, intervals", () => {
    const gap = (r: Recurrence) => shortestFiringGap(r).toIsoString();
    assert.equal(gap(Recurrence.every(Duration.minutes(5))), "PT5M");
    assert.equal(gap(Recurrence.every(Duration.hours(3))), "PT3H");
    assert.equal(gap(Recurrence.daily({ at: "02:00" })), "P1D");
    assert.equal(gap(Recurrence.daily({ at: ["02:00", "14:00", "20:00"] })), "PT6H");
    assert.equal(gap(Recurrence.daily({ at: "02:00", every: 2 })), "P2D");
    assert.equal(gap(Recurrence.weekly({ on: ["Monday", "Friday"], at: "06:00" })), "P3D");
    assert.equal(gap(Recurrence.weekly({ on: ["Saturday", "Sunday"], at: "06:00" })), "P1D");
  });
});
