import { ARM_PATHS, sharedAddresses } from "../arm-address";
import type { Rule, Violation } from "../types";

/**
 * Rule `unique-arm-address`: No two resources address the same Azure resource. Its severity,
 * scope and the practice it follows are listed in RULES.md.
 */
export const uniqueArmAddress: Rule = {
  id: "unique-arm-address",
  title: "No two resources address the same Azure resource",
  why: "azure-native creates a resource only after a GET of its id answers 404 and refuses with 'cannot create already existing resource' otherwise (pulumi-azure-native provider.go, defaultCreate), so the second of two resources with one ARM id fails the first `pulumi up`; were it created, each would overwrite the other's settings on every update and the first delete would remove both.",
  practice: "One owner per cloud resource (infrastructure as code)",
  severity: "mandatory",
  scope: "stack",
  appliesTo: Object.keys(ARM_PATHS),
  check(ctx) {
    const out: Violation[] = [];
    for (const [address, rs] of sharedAddresses(ctx.resources)) {
      const names = rs.map((r) => r.name).join(", ");
      for (const r of rs.slice(1))
        out.push({
          resource: r.urn,
          message: `${r.name} addresses the same Azure resource as ${rs[0].name} (${address}; ${rs.length} resources: ${names}); keep one resource per ARM id, and set a second concern of it (such as an endpoint's traffic) through that resource or a dedicated one.`,
        });
    }
    return out;
  },
};
