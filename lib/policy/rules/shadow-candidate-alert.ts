import { endpointTraffics, ofType, TYPES, unknownAt } from "../resources";
import type { PolicyResource, Rule } from "../types";

const ONLINE_ENDPOINTS = "microsoft.machinelearningservices/workspaces/onlineendpoints";

/**
 * What of an endpoint is being rolled out: the deployment that gets mirrored traffic, and the
 * deployments splitting live traffic (the plan cannot tell which of them is new, so one of them
 * being watched is enough).
 */
function rollout(props: Record<string, any>): { mirrored: string[]; split: string[] } {
  const positive = (m: Record<string, unknown> | undefined) =>
    Object.entries(m ?? {})
      .filter(([, v]) => typeof v === "number" && v > 0)
      .map(([d]) => d)
      .sort();
  const live = positive(props.traffic);
  return { mirrored: positive(props.mirrorTraffic), split: live.length > 1 ? live : [] };
}

/** True when `alert` is a metric alert on endpoint `name` that covers deployment `d`. */
function watches(r: PolicyResource, name: string, d: string): boolean {
  const alert = r.props;
  const scopes: unknown[] = alert.scopes ?? [];
  // In a first-deploy CrossGuard preview the endpoint's id is not known yet: the criteria decide.
  const onEndpoint =
    unknownAt(r, "scopes") ||
    unknownAt(r, "scopes.0") ||
    scopes.some(
      (s) =>
        (typeof s === "string" && s.toLowerCase().endsWith(`/onlineendpoints/${name}`)) ||
        s === undefined,
    );
  if (!onEndpoint || alert.enabled === false) return false;
  return (alert.criteria?.allOf ?? []).some((c: any) => {
    if (
      String(c?.metricNamespace ?? alert.targetResourceType ?? "").toLowerCase() !==
      ONLINE_ENDPOINTS
    )
      return false;
    const dim = (c.dimensions ?? []).find(
      (x: any) => String(x?.name).toLowerCase() === "deployment",
    );
    // No deployment dimension: the metric summed over every deployment hides a small canary.
    return Array.isArray(dim?.values) && (dim.values.includes(d) || dim.values.includes("*"));
  });
}

/**
 * Rule `shadow-candidate-alert`: A model being rolled out has an alert on its own errors and
 * latency. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const shadowCandidateAlert: Rule = {
  id: "shadow-candidate-alert",
  title: "A model being rolled out has an alert on its own errors and latency",
  why: "A shadow or canary exists to catch a bad model before all clients get it; without an alert on the candidate deployment its 5xx and slow answers go unseen (a 10% canary barely moves the endpoint's totals) until the next stage sends it everyone.",
  practice: "Model rollout: shadow a share of live traffic, then shift live traffic in stages",
  severity: "advisory",
  scope: "stack",
  appliesTo: [TYPES.mlOnlineEndpoint, TYPES.mlEndpointTraffic, TYPES.metricAlert],
  check(ctx) {
    const alerts = ofType(ctx.resources, TYPES.metricAlert);
    return endpointTraffics(ctx.resources).flatMap((t) => {
      const r = t.resource;
      const name = t.endpointName.toLowerCase();
      const { mirrored, split } = rollout(t);
      const watched = (d: string) => alerts.some((a) => watches(a, name, d));
      const missing = [
        ...mirrored.filter((d) => !watched(d)),
        ...(split.length && !split.some(watched) ? [split.join(" / ")] : []),
      ];
      return missing.map((d) => ({
        resource: r.urn,
        message: `Online endpoint ${t.endpointName} rolls out ${d} but no metric alert watches its errors or latency (a criterion on dimension deployment): give ShadowDeployment a candidateAlert.`,
      }));
    });
  },
};
