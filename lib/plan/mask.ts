/** Marker that replaces a secret value in every plan output. */
export const MASK = "[secret]";

/** Keys whose values are credentials wherever they appear. */
const CREDENTIAL_KEY =
  /^(password|pwd|secret|clientSecret|accountKey|sasToken|sasUri|servicePrincipalKey|connectionString|encryptedCredential|primaryKey|secondaryKey|apiKey|accessKey|token|authorization|x-functions-key|ocp-apim-subscription-key)$/i;
/** Keys masked inside a value Pulumi holds as a secret (callback URLs carry signatures). */
const SECRET_CONTAINER_KEY =
  /(url|uri|key|secret|password|token|sig|signature|credential|connectionString)$/i;
/** Inside a secret value, strings that look like one: URLs with a query, long token-like strings. */
const SECRET_LOOKING_VALUE = /^(https?:\/\/[^?\s]+\?\S*=|[A-Za-z0-9+/_=.-]{32,}$)/;
/** Values that embed a credential: SAS signatures, account keys, passwords in connection strings. */
const CREDENTIAL_VALUE =
  /([?&]sig=|AccountKey=|SharedAccessSignature=|SharedAccessKey=|Password=)/i;

/**
 * A copy of `inputs` safe to print: every value recorded as a Pulumi secret is masked, and so are
 * credentials found by key or shape anywhere. Pulumi often marks a whole property secret when one
 * value inside it is (an `activities` list holding a callback URL); inside such a container only
 * credential-like keys and secret-looking strings (URLs with a query, long tokens) are masked, so
 * the rest stays reviewable.
 */
export function maskSecrets(
  inputs: Record<string, any>,
  secretPaths: readonly string[],
): Record<string, any> {
  const secret = new Set(secretPaths);
  const under = (path: string) =>
    secretPaths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  const walk = (value: any, path: string, key: string): any => {
    const inSecret = under(path);
    if (value !== null && typeof value === "object") {
      if (secret.has(path) && isScalarList(value)) return MASK;
      if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`, key));
      const out: Record<string, any> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, path ? `${path}.${k}` : k, k);
      return out;
    }
    if (value === undefined || value === null || typeof value === "boolean") return value;
    if (secret.has(path)) return MASK;
    if (CREDENTIAL_KEY.test(key)) return MASK;
    if (inSecret && SECRET_CONTAINER_KEY.test(key)) return MASK;
    if (inSecret && typeof value === "string" && SECRET_LOOKING_VALUE.test(value)) return MASK;
    if (typeof value === "string" && CREDENTIAL_VALUE.test(value)) return MASK;
    return value;
  };
  return walk(inputs, "", "");
}

function isScalarList(v: any): boolean {
  return Array.isArray(v) && v.every((x) => x === null || typeof x !== "object");
}
