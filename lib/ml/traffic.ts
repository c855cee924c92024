import { Check, ValidationContext } from "../core/errors";

/**
 * How a rollout stage splits an endpoint's requests between the live model and the candidate, in
 * percent. `live + candidate` is what clients are answered from (must be 100); `mirror` is a copy
 * of requests sent to the candidate whose answers are discarded (a shadow).
 */
export interface TrafficSplit {
  /** Share of live traffic answered by the current model. */
  readonly live: number;
  /** Share of live traffic answered by the candidate. */
  readonly candidate: number;
  /** Share of requests copied to the candidate, answers discarded. @default 0 */
  readonly mirror?: number;
}

/**
 * A rollout stage as plain config: `"shadow 20%"` (mirror 20% to the candidate, answer from the
 * live model), `"canary 10%"` or `"10%"` (the candidate answers 10%), `"100%"` (the candidate
 * answers everything), or an explicit `TrafficSplit`.
 */
export type RolloutStage = string | TrafficSplit;

/** The endpoint properties Azure receives for a stage (deployment name → percent). */
export interface EndpointTraffic {
  /** Share of live requests each deployment answers, in percent (sums to 100). */
  readonly traffic: Record<string, number>;
  /** Share of live requests copied to each deployment, whose answers are discarded (the shadow). */
  readonly mirrorTraffic: Record<string, number>;
}

const STAGE = /^\s*(?:(shadow|canary)\s+)?(\d+(?:\.\d+)?)\s*%\s*$/i;

/**
 * Reads and validates a stage against Azure ML's rules (Microsoft Learn, "Safe rollout for online
 * endpoints"; REST `OnlineEndpoint.traffic` / `mirrorTraffic`):
 * - live traffic sums to exactly 100;
 * - mirrored traffic is at most 50%, to one deployment;
 * - "a deployment can be configured to receive only live traffic or mirrored traffic, not both";
 * - and, ours: a stage that gives the candidate nothing is refused (a rollout that skips it).
 */
export function parseStage(stage: unknown, ctx: ValidationContext, prop = "stage"): TrafficSplit {
  const check = new Check(ctx);
  check.required(prop, stage, 'is required: e.g. "shadow 20%", "canary 10%", "50%" or "100%"');
  let split: TrafficSplit;
  if (typeof stage === "string") {
    const m = STAGE.exec(stage);
    check.format(
      !!m,
      prop,
      stage,
      'must read "shadow N%", "canary N%" or "N%" (N a whole percent)',
      "Or give { live, candidate, mirror }.",
    );
    const n = Number(m![2]);
    check.intRange(prop, n, 0, 100, "Percentages are whole numbers.");
    split =
      m![1]?.toLowerCase() === "shadow"
        ? { live: 100, candidate: 0, mirror: n }
        : { live: 100 - n, candidate: n, mirror: 0 };
  } else {
    check.format(
      typeof stage === "object" && stage !== null,
      prop,
      stage,
      "must be a stage string or { live, candidate, mirror }",
    );
    check.knownKeys(prop, stage, ["live", "candidate", "mirror"]);
    split = stage as TrafficSplit;
    check.intRange(`${prop}.live`, split.live, 0, 100);
    check.intRange(`${prop}.candidate`, split.candidate, 0, 100);
    check.required(`${prop}.live`, split.live);
    check.required(`${prop}.candidate`, split.candidate);
  }
  const mirror = split.mirror ?? 0;
  check.intRange(
    `${prop}.mirror`,
    mirror,
    0,
    50,
    "Azure ML mirrors at most 50% of traffic (it counts against the endpoint's bandwidth quota).",
  );
  if (split.live + split.candidate !== 100) {
    throw check.error(
      "OUT_OF_RANGE",
      `${prop}.live`,
      split,
      `and '${prop}.candidate' must sum to exactly 100 (Azure ML's live traffic), got ${split.live + split.candidate}`,
    );
  }
  check.conflict(
    mirror > 0 && split.candidate > 0,
    `${prop}.mirror`,
    split,
    "cannot go to the candidate while it also answers live traffic: an Azure ML deployment receives live or mirrored traffic, not both",
    'Use "shadow N%" first, then "canary N%".',
  );
  check.conflict(
    mirror === 0 && split.candidate === 0,
    prop,
    stage,
    "gives the candidate neither live nor mirrored traffic, so the stage skips it",
    'Start with "shadow 20%".',
  );
  return { live: split.live, candidate: split.candidate, mirror };
}

/** The `traffic` and `mirrorTraffic` maps of a validated split for two deployment names. */
export function endpointTraffic(
  split: TrafficSplit,
  names: { readonly live: string; readonly candidate: string },
): EndpointTraffic {
  const mirror = split.mirror ?? 0;
  return {
    traffic: { [names.live]: split.live, [names.candidate]: split.candidate },
    mirrorTraffic: mirror > 0 ? { [names.candidate]: mirror } : {},
  };
}

/** A stage in words: `blue answers 100%; green gets a 20% mirrored copy (answers discarded)`. */
export function describeTraffic(t: Partial<EndpointTraffic>): string {
  const live = Object.entries(t.traffic ?? {})
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([d, v]) => `${d} answers ${v}%`);
  const mirror = Object.entries(t.mirrorTraffic ?? {})
    .filter(([, v]) => v > 0)
    .map(([d, v]) => `${d} gets a ${v}% mirrored copy (answers discarded)`);
  return [...live, ...mirror].join("; ") || "no traffic";
}

/**
 * What share of traffic moves to which model between two endpoint states, in words, e.g.
 * `10% of live traffic moves from blue to green; mirroring to green stops (was 20%)`. Empty when
 * nothing moves.
 */
export function describeTrafficMove(
  before: Partial<EndpointTraffic>,
  after: Partial<EndpointTraffic>,
): string {
  const names = [
    ...new Set([
      ...Object.keys(before.traffic ?? {}),
      ...Object.keys(after.traffic ?? {}),
      ...Object.keys(before.mirrorTraffic ?? {}),
      ...Object.keys(after.mirrorTraffic ?? {}),
    ]),
  ].sort();
  const get = (m: Record<string, number> | undefined, d: string) => m?.[d] ?? 0;
  const gains = names
    .map((d) => ({ d, delta: get(after.traffic, d) - get(before.traffic, d) }))
    .filter((x) => x.delta !== 0);
  const parts: string[] = [];
  const up = gains.filter((g) => g.delta > 0);
  const down = gains.filter((g) => g.delta < 0);
  if (up.length === 1 && down.length === 1 && up[0].delta === -down[0].delta) {
    parts.push(`${up[0].delta}% of live traffic moves from ${down[0].d} to ${up[0].d}`);
  } else {
    for (const g of gains)
      parts.push(
        `${g.d} answers ${get(before.traffic, g.d)}% → ${get(after.traffic, g.d)}% of live traffic`,
      );
  }
  for (const d of names) {
    const b = get(before.mirrorTraffic, d);
    const a = get(after.mirrorTraffic, d);
    if (a === b) continue;
    if (b === 0) parts.push(`${d} starts receiving a ${a}% mirrored copy (answers discarded)`);
    else if (a === 0) parts.push(`mirroring to ${d} stops (was ${b}%)`);
    else parts.push(`mirrored copy to ${d} goes from ${b}% to ${a}%`);
  }
  return parts.join("; ");
}
