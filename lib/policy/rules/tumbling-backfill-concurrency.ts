import { triggerName, triggers, TYPES } from "../resources";
import type { Rule, Violation } from "../types";

/** Largest maxConcurrency the rule accepts for a trigger that backfills. */
export const BACKFILL_CONCURRENCY_LIMIT = 10;

/**
 * Rule `tumbling-backfill-concurrency`: a tumbling window that backfills runs at most 10
 * (`BACKFILL_CONCURRENCY_LIMIT`) windows at once. Its severity, scope and the practice it follows
 * are listed in RULES.md.
 */
export const tumblingBackfillConcurrency: Rule = {
  id: "tumbling-backfill-concurrency",
  title: `A tumbling window that backfills runs at most ${BACKFILL_CONCURRENCY_LIMIT} windows at once`,
  why: "A start in the past queues every missed window on deploy; with a high maxConcurrency they all hit the source, the integration runtime and the sink at the same moment.",
  practice: "Tumbling windows: backfill with bounded concurrency",
  severity: "advisory",
  scope: "resource",
  appliesTo: [TYPES.trigger],
  check(ctx) {
    const out: Violation[] = [];
    for (const { resource, timeline } of triggers(ctx.resources)) {
      if (timeline?.kind !== "TumblingWindowTrigger") continue;
      const backfill = timeline.backfill(ctx.now) ?? 0;
      const max = timeline.maxConcurrency;
      if (backfill > 0 && (max === undefined || max > BACKFILL_CONCURRENCY_LIMIT)) {
        out.push({
          resource: resource.urn,
          message: `Tumbling trigger ${triggerName(resource)} queues ${backfill} past windows on deploy with maxConcurrency ${max ?? "unset"}; keep it at ${BACKFILL_CONCURRENCY_LIMIT} or below while backfilling.`,
        });
      }
    }
    return out;
  },
};
