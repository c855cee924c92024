import { ofType, triggerName, TYPES } from "../resources";
import type { Rule } from "../types";

const WALL_CLOCK = new Set(["Day", "Week", "Month"]);

export const scheduleTimeZone: Rule = {
  id: "adf-schedule-time-zone",
  title: "Daily, weekly and monthly schedule triggers name their time zone",
  why: "Without a time zone ADF uses UTC: a 02:00 run moves an hour against local business time at every DST change, and readers assume local time.",
  practice: "Data pipelines: schedule triggers in wall-clock time with a time zone",
  severity: "advisory",
  scope: "resource",
  appliesTo: [TYPES.trigger],
  check(ctx) {
    return ofType(ctx.resources, TYPES.trigger)
      .filter((r) => {
        const p = r.props.properties;
        return (
          p?.type === "ScheduleTrigger" &&
          WALL_CLOCK.has(p.recurrence?.frequency) &&
          !p.recurrence?.timeZone
        );
      })
      .map((r) => ({
        resource: r.urn,
        message: `Schedule trigger ${triggerName(r)} (${r.props.properties.recurrence.frequency}) has no timeZone, so it runs in UTC and its local time shifts at DST changes; set recurrence.timeZone (e.g. "W. Europe Standard Time").`,
      }));
  },
};
