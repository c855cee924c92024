import { ofType, TYPES } from "../resources";
import type { Rule } from "../types";

/**
 * Rule `search-local-auth-disabled`: Search services turn API keys off and use Entra ID with RBAC.
 * Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const searchLocalAuth: Rule = {
  id: "search-local-auth-disabled",
  title: "Search services turn API keys off and use Entra ID with RBAC",
  why: "An admin API key gives full control of the service to whoever holds it, with no identity in the logs; with local auth off every call needs a role assignment.",
  practice: "Secure by default: managed identity and RBAC instead of keys",
  severity: "mandatory",
  scope: "resource",
  appliesTo: [TYPES.searchService],
  check(ctx) {
    return ofType(ctx.resources, TYPES.searchService).flatMap((r) =>
      r.props.disableLocalAuth === true
        ? []
        : [
            {
              resource: r.urn,
              message: `Search service ${r.props.searchServiceName ?? r.name}: disableLocalAuth is ${r.props.disableLocalAuth ?? "not set"}, so admin keys work; set it to true and grant roles instead.`,
            },
          ],
    );
  },
};
