import { describePeakHours, inPeakHours } from "../peak-hours";
import { triggerName, triggers, TYPES } from "../resources";
import type { Rule, Violation } from "../types";

/**
 * Rule `schedule-peak-hours`: Scheduled runs do not start in the declared peak hours. Its
 * severity, scope and the practice it follows are listed in RULES.md.
 */
export const schedulePeakHours: Rule = {
  id: "schedule-peak-hours",
  title: "Scheduled runs do not start in the declared peak hours",
  why: "Batch copies and training compete with interactive and serving load for the same databases, storage and quotas; peak hours are where that costs the most.",
  practice: "Scheduling: run heavy work off-peak",
  severity: "advisory",
  scope: "resource",
  appliesTo: [TYPES.trigger, TYPES.mlSchedule],
  check(ctx) {
    const peak = ctx.peakHours;
    if (!peak) return [];
    const from = ctx.now.getTime();
    const until = from + ctx.horizonDays * 86_400_000;
    const out: Violation[] = [];
    for (const { resource, timeline } of triggers(ctx.resources)) {
      if (!timeline?.clock) continue;
      const firings = timeline.firings(from, until);
      const inPeak = firings.filter((f) => inPeakHours(peak, f.at));
      if (!inPeak.length) continue;
      out.push({
        resource: resource.urn,
        message: `Trigger ${triggerName(resource)} starts ${inPeak.length} of ${firings.length} runs in the next ${ctx.horizonDays} days inside peak hours ${describePeakHours(peak)} (first ${peak.timeZone.formatLocal(inPeak[0].at)}).`,
      });
    }
    return out;
  },
};
