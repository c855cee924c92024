import { factoryOf, triggerName, triggers, TYPES } from "../resources";
import type { Rule, Violation } from "../types";

/**
 * Rule `schedule-collision`: Schedule triggers of one factory do not start runs in the same
 * minute. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const scheduleCollision: Rule = {
  id: "schedule-collision",
  title: "Schedule triggers of one factory do not start runs in the same minute",
  why: "Runs started together compete for the same integration runtime, source and sink; staggering them by a few minutes is free and avoids throttling and timeouts.",
  practice: "Scheduling: stagger jobs that share resources",
  severity: "advisory",
  scope: "stack",
  appliesTo: [TYPES.trigger],
  check(ctx) {
    const from = ctx.now.getTime();
    const until = from + ctx.horizonDays * 86_400_000;
    // Only schedule triggers: tumbling windows run back to back by design.
    const scheduled = triggers(ctx.resources).filter((t) => t.timeline?.kind === "ScheduleTrigger");
    const byMinute = new Map<string, Set<number>>();
    scheduled.forEach((t, i) => {
      for (const f of t.timeline!.firings(from, until)) {
        const key = `${factoryOf(t.resource)}|${Math.floor(f.at / 60_000)}`;
        byMinute.set(key, (byMinute.get(key) ?? new Set()).add(i));
      }
    });
    const reported = new Set<string>();
    const out: Violation[] = [];
    for (const [key, set] of byMinute) {
      if (set.size < 2) continue;
      const group = [...set].sort((a, b) => a - b);
      const id = group.join(",");
      if (reported.has(id)) continue;
      reported.add(id);
      const names = group.map((i) => triggerName(scheduled[i].resource));
      const at = new Date(Number(key.split("|")[1]) * 60_000).toISOString().slice(0, 16);
      for (const i of group) {
        out.push({
          resource: scheduled[i].resource.urn,
          message: `Triggers ${names.join(", ")} start runs in the same minute (first ${at.replace("T", " ")} UTC); stagger them.`,
        });
      }
    }
    return out;
  },
};
