/** Marker that replaces a secret value in every plan output. */
export const MASK = "[secret]";

/**
 * Key names (lower case, separators removed) that hold a credential wherever they appear: ADF
 * linked-service fields (`accountKey`, `servicePrincipalKey`, `encryptedCredential`), HTTP headers
 * (`Authorization`, `X-Api-Key`, `api-key`, `Ocp-Apim-Subscription-Key`, `x-functions-key`),
 * Web activity `authHeaders`, OAuth bodies (`client_secret`, `accessToken`), and any
 * `...Password` / `...Secret` / `...Token` name (`dbPassword`).
 */
const CREDENTIAL_KEY =
  /(password|passwd|passphrase|pwd|secret|secrets|token|tokens|apikey|accesskey|accountkey|sharedkey|masterkey|privatekey|primarykey|secondarykey|principalkey|subscriptionkey|functionskey|functionkey|hostkey|signature|sig|sas|sastoken|sasuri|credential|credentials|connectionstring|authorization|authheaders|cookie)$|^key$/;

/**
 * Strings that embed a credential whatever their key: SAS signatures and Functions keys in URLs,
 * account keys and passwords in connection strings, bearer/basic credentials, JWTs, and
 * credential fields inside a form or JSON body kept as a string. Tested on the string and on its
 * URL-decoded forms (`%26sig%3D`).
 */
const CREDENTIAL_VALUE =
  /([?&;]\s*(sig|code|client_secret|access_token|refresh_token|password|api[-_]?key)=|\b(AccountKey|SharedAccessSignature|SharedAccessKey|Password|Pwd)\s*=|\b(Bearer|Basic)\s+[A-Za-z0-9+/._~-]{8,}|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|["']?\b(client_?secret|password|api[-_]?key|access_?token|refresh_?token)["']?\s*[:=])/i;

/** A Data Factory `SecretBase` of type `SecureString`: `{ type: "SecureString", value }`. */
function isSecureString(v: any): boolean {
  return isObject(v) && String(v.type).toLowerCase() === "securestring";
}

/**
 * A reference to where a secret is kept, not the secret: a Key Vault reference
 * (`{ type: "AzureKeyVaultSecret", store, secretName }`) or an ADF credential reference
 * (`{ referenceName, type: "CredentialReference" }`). The plan shows it as is.
 */
function isReference(v: any): boolean {
  if (!isObject(v)) return false;
  const type = String(v.type).toLowerCase();
  return type === "azurekeyvaultsecret" || (type.endsWith("reference") && "referenceName" in v);
}

const isObject = (v: any) => v !== null && typeof v === "object" && !Array.isArray(v);

/** True for a key whose value is a credential (`X-Api-Key`, `client_secret`, `dbPassword`). */
export function isCredentialKey(key: string): boolean {
  // `password2`, `api_key_1`: a numbered credential is still one.
  return CREDENTIAL_KEY.test(
    key
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .replace(/\d+$/, ""),
  );
}

/** True for a string that embeds a credential, also URL-encoded once or twice. */
export function isCredentialValue(value: string): boolean {
  let s = value;
  for (let i = 0; i < 3; i++) {
    if (CREDENTIAL_VALUE.test(s)) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return false;
    }
    if (decoded === s) return false;
    s = decoded;
  }
  return false;
}

/** What masking hid: the masked copy, and the values it replaced (to keep out of derived text). */
export interface MaskResult {
  /** The inputs, every secret replaced by MASK. */ readonly masked: Record<string, any>;
  /** Every string that MASK replaced (numbers and booleans are not searched for in text). */
  readonly hidden: string[];
}

/**
 * A copy of `inputs` safe to print, and the values it hides. In order:
 * 1. a value Pulumi holds as a secret (`secretPaths`, recorded where the secret really is) is
 *    replaced whole, whatever it holds;
 * 2. Azure's secret shapes: a `SecureString`'s `value` (and a `SecureString` parameter's
 *    `defaultValue`) is masked; a Key Vault reference (`AzureKeyVaultSecret`) is kept, it is a
 *    pointer, not the secret;
 * 3. a value under a credential-like key (`password`, `X-Api-Key`, `authHeaders`, ...) is masked
 *    whole (a Key Vault reference excepted), and so is a `{ name, value }` header whose name is one;
 * 4. a string that embeds a credential (`sig=`, `AccountKey=`, `Bearer ...`, also URL-encoded).
 */
export function maskInputs(
  inputs: Record<string, any>,
  secretPaths: readonly string[],
): MaskResult {
  const secret = new Set(secretPaths);
  const hidden: string[] = [];
  const hide = (value: any): string => {
    collect(value, hidden);
    return MASK;
  };
  const walk = (value: any, path: string): any => {
    if (secret.has(path)) return value === null || value === undefined ? value : hide(value);
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`));
    if (isObject(value)) {
      const secure = isSecureString(value);
      const header =
        typeof value.name === "string" && "value" in value && isCredentialKey(value.name);
      const out: Record<string, any> = {};
      for (const [k, v] of Object.entries(value)) {
        const p = path ? `${path}.${k}` : k;
        if (secret.has(p)) out[k] = v === null || v === undefined ? v : hide(v);
        else if ((secure && (k === "value" || k === "defaultValue")) || (header && k === "value"))
          out[k] = v === null || v === undefined ? v : hide(v);
        else if (isCredentialKey(k) && !isReference(v) && !isPublicScalar(v))
          out[k] = isSecureString(v) ? walk(v, p) : hide(v);
        else out[k] = walk(v, p);
      }
      return out;
    }
    if (typeof value === "string" && isCredentialValue(value)) return hide(value);
    return value;
  };
  return { masked: walk(inputs, ""), hidden };
}

/** `maskInputs` without the hidden values. */
export function maskSecrets(
  inputs: Record<string, any>,
  secretPaths: readonly string[],
): Record<string, any> {
  return maskInputs(inputs, secretPaths).masked;
}

/** Booleans and null cannot carry a credential: `useEncryptedCredential: true` stays readable. */
function isPublicScalar(v: any): boolean {
  return v === null || v === undefined || typeof v === "boolean";
}

function collect(value: any, into: string[]): void {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, into);
  else if (isObject(value)) for (const v of Object.values(value)) collect(v, into);
}

/** Hidden values shorter than this are masked where they are held, not searched for in text. */
export const MIN_SCRUBBED_LENGTH = 4;

/**
 * A function that replaces every hidden value (and its URL-encoded and JSON-escaped forms) in a
 * text with MASK: the last line of defence for text derived from unmasked inputs, such as rule
 * messages. Values shorter than 8 characters are replaced only as whole words.
 */
export function scrubber(hidden: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const h of hidden) {
    if (h.length < MIN_SCRUBBED_LENGTH || h === MASK) continue;
    forms.add(h);
    forms.add(encodeURIComponent(h));
    forms.add(JSON.stringify(h).slice(1, -1));
  }
  if (!forms.size) return (text) => text;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const alternatives = [...forms]
    .sort((a, b) => b.length - a.length)
    .map((f) => (f.length < 8 ? `(?<![A-Za-z0-9])${escape(f)}(?![A-Za-z0-9])` : escape(f)));
  const re = new RegExp(alternatives.join("|"), "g");
  return (text) => text.replace(re, MASK);
}

/** Applies `scrub` to every string value inside `value`, returning a copy. */
export function scrubDeep<T>(value: T, scrub: (text: string) => string): T {
  const walk = (v: any): any => {
    if (typeof v === "string") return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (isObject(v)) {
      const out: Record<string, any> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value);
}
