import { ofType, TYPES } from "../resources";
import type { Rule } from "../types";

/**
 * Rule `online-endpoint-keyless`: Online endpoints authenticate callers with Microsoft Entra
 * tokens, not keys. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const onlineEndpointKeyless: Rule = {
  id: "online-endpoint-keyless",
  title: "Online endpoints authenticate callers with Microsoft Entra tokens, not keys",
  why: "Endpoint keys are long-lived shared secrets that leak into client configs and must be rotated by hand; Entra tokens (authMode AADToken) are short-lived and revoked with the caller's role.",
  practice: "Managed identities with least-privilege roles",
  severity: "advisory",
  scope: "resource",
  appliesTo: [TYPES.mlOnlineEndpoint],
  check(ctx) {
    return ofType(ctx.resources, TYPES.mlOnlineEndpoint)
      .filter((r) => String(r.props.properties?.authMode ?? "").toLowerCase() === "key")
      .map((r) => ({
        resource: r.urn,
        message: `Online endpoint ${r.props.endpointName ?? r.name} uses key authentication; set authMode "AADToken" (ShadowDeployment's default) and grant callers a role on the endpoint.`,
      }));
  },
};
