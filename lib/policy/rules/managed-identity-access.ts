import { ofType, TYPES } from "../resources";
import type { Rule } from "../types";

/** Linked-service properties that carry a key, password or signature. */
const SECRET_PROPS = [
  "accountKey",
  "sasUri",
  "sasToken",
  "servicePrincipalKey",
  "servicePrincipalCredential",
  "password",
  "encryptedCredential",
];

/** Connection-string fragments that embed a credential (a `ResourceId=` string is identity-based). */
const SECRET_FRAGMENTS = /(AccountKey|SharedAccessSignature|SharedAccessKey|Password|Pwd)\s*=/i;

/**
 * Rule `managed-identity-access`: Data Factory reaches data with a managed identity, not keys or
 * passwords. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const managedIdentityAccess: Rule = {
  id: "managed-identity-access",
  title: "Data Factory reaches data with a managed identity, not keys or passwords",
  why: "Keys and passwords leak, expire and are shared; a managed identity with a least-privilege role has nothing to leak and is revoked by removing the role.",
  practice: "Managed identities with least-privilege roles",
  severity: "mandatory",
  scope: "resource",
  appliesTo: [TYPES.linkedService],
  check(ctx) {
    return ofType(ctx.resources, TYPES.linkedService).flatMap((r) => {
      const p = r.props.properties ?? {};
      const found = SECRET_PROPS.filter((k) => p[k] !== undefined);
      const cs = p.connectionString;
      const csText = typeof cs === "string" ? cs : typeof cs?.value === "string" ? cs.value : "";
      if (SECRET_FRAGMENTS.test(csText)) found.push("connectionString with a key or password");
      return found.length
        ? [
            {
              resource: r.urn,
              message: `Linked service ${r.props.linkedServiceName ?? r.name} (${p.type ?? "?"}) authenticates with ${found.join(", ")}; use the factory's managed identity and grant it a data role instead.`,
            },
          ]
        : [];
    });
  },
};
