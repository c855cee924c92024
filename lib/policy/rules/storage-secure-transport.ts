import { ofType, TYPES } from "../resources";
import type { Rule } from "../types";

const MODERN_TLS = new Set(["TLS1_2", "TLS1_3"]);

/**
 * Rule `storage-secure-transport`: Storage accounts are HTTPS-only, TLS 1.2 or newer, with public
 * blob access off. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const storageSecureTransport: Rule = {
  id: "storage-secure-transport",
  title: "Storage accounts are HTTPS-only, TLS 1.2 or newer, with public blob access off",
  why: "Training data, models and backups are the platform's most valuable data: plain HTTP, old TLS or an anonymously readable container leaks them.",
  practice: "Secure by default: HTTPS only, TLS 1.2, no public blob access",
  severity: "mandatory",
  scope: "resource",
  appliesTo: [TYPES.storageAccount],
  check(ctx) {
    return ofType(ctx.resources, TYPES.storageAccount).flatMap((r) => {
      const p = r.props;
      const problems: string[] = [];
      // Azure's default for new accounts is HTTPS-only, so only an explicit false is wrong.
      if (p.enableHttpsTrafficOnly === false) problems.push("enableHttpsTrafficOnly is false");
      if (!MODERN_TLS.has(p.minimumTlsVersion))
        problems.push(
          `minimumTlsVersion is ${p.minimumTlsVersion ?? "not set"} (set "TLS1_2" explicitly)`,
        );
      if (p.allowBlobPublicAccess !== false)
        problems.push(
          `allowBlobPublicAccess is ${p.allowBlobPublicAccess ?? "not set"} (set false explicitly)`,
        );
      return problems.length
        ? [
            {
              resource: r.urn,
              message: `Storage account ${p.accountName ?? r.name}: ${problems.join("; ")}.`,
            },
          ]
        : [];
    });
  },
};
