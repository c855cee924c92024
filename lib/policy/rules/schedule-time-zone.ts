import { triggerName, triggers, TYPES } from "../resources";
import type { Rule } from "../types";

/**
 * Rule `adf-schedule-time-zone`: Daily, weekly and monthly schedule triggers name their time zone.
 * Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const scheduleTimeZone: Rule = {
  id: "adf-schedule-time-zone",
  title: "Daily, weekly and monthly schedule triggers name their time zone",
  why: "Without a time zone ADF uses UTC: a 02:00 run moves an hour against local business time at every DST change, and readers assume local time.",
  practice: "Data pipelines: schedule triggers in wall-clock time with a time zone",
  severity: "advisory",
  scope: "resource",
  appliesTo: [TYPES.trigger],
  check(ctx) {
    // Read through the shared normaliser: `"day"`, `timeZone: ""` (Terraform's unset zone) and a
    // missing zone are judged the way Azure reads them.
    return triggers(ctx.resources)
      .filter(
        ({ timeline: t }) =>
          t?.kind === "ScheduleTrigger" && t.zoneImplicit && t.recurrence?.followsWallClock,
      )
      .map(({ resource: r, timeline: t }) => ({
        resource: r.urn,
        message: `Schedule trigger ${triggerName(r)} (${t!.recurrence!.frequency}) has no timeZone, so it runs in UTC and its local time shifts at DST changes; set recurrence.timeZone (e.g. "W. Europe Standard Time").`,
      }));
  },
};
