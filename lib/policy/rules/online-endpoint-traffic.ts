import { endpointTraffics, TYPES } from "../resources";
import type { Rule } from "../types";

const total = (m: Record<string, unknown> | undefined) =>
  Object.values(m ?? {}).reduce<number>((s, v) => s + (typeof v === "number" ? v : 0), 0);

/**
 * Rule `online-endpoint-traffic`: Online endpoint traffic splits are ones Azure ML accepts and
 * shadows stay shadows. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const onlineEndpointTraffic: Rule = {
  id: "online-endpoint-traffic",
  title: "Online endpoint traffic splits are ones Azure ML accepts and shadows stay shadows",
  why: "Azure ML refuses live traffic that does not sum to 100, more than 50% mirrored, mirroring to several deployments, or a deployment that gets live and mirrored traffic at once; the deploy then fails midway through a rollout.",
  practice: "Model rollout: shadow a share of live traffic, then shift live traffic in stages",
  severity: "mandatory",
  scope: "resource",
  appliesTo: [TYPES.mlOnlineEndpoint, TYPES.mlEndpointTraffic],
  check(ctx) {
    // A raw endpoint's own traffic, or a ShadowDeployment's traffic resource.
    return endpointTraffics(ctx.resources).flatMap((t) => {
      const r = t.resource;
      const traffic: Record<string, number> | undefined = t.traffic;
      const mirror: Record<string, number> | undefined = t.mirrorTraffic;
      const problems: string[] = [];
      const live = total(traffic);
      if (traffic && Object.keys(traffic).length && live !== 100)
        problems.push(`live traffic sums to ${live}, not 100`);
      const mirrored = Object.entries(mirror ?? {}).filter(([, v]) => v > 0);
      if (total(mirror) > 50) problems.push(`${total(mirror)}% is mirrored (at most 50)`);
      if (mirrored.length > 1)
        problems.push(`traffic is mirrored to ${mirrored.length} deployments (at most one)`);
      for (const [d] of mirrored)
        if ((traffic?.[d] ?? 0) > 0)
          problems.push(`${d} receives live and mirrored traffic at once`);
      return problems.length
        ? [
            {
              resource: r.urn,
              message: `Online endpoint ${t.endpointName}: ${problems.join("; ")}. Use ShadowDeployment stages ("shadow 20%", "canary 10%", ...).`,
            },
          ]
        : [];
    });
  },
};
