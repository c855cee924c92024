import type { TokenCredential } from "./activation";

/**
 * The settings that decide which principal and which cloud the activation uses: the same keys as
 * azure-native's provider configuration (`azure-native:clientId`, ...), with the same `ARM_*`
 * environment fallbacks and the same order of authentication methods
 * (pulumi-azure-native `provider/pkg/provider/auth_azidentity.go`, `readAuthConfig` and
 * `newSingleMethodAuthCredential`).
 */
export interface AzureConnectionConfig {
  /**
   * Client (application) id of the service principal or user-assigned identity.
   * @default - config `azure-native:clientId`, else `ARM_CLIENT_ID`
   */
  readonly clientId?: string;
  /**
   * Client secret of the service principal (a secret: never in code, only in config or environment).
   * @default - config `azure-native:clientSecret`, else `ARM_CLIENT_SECRET`
   */
  readonly clientSecret?: string;
  /** Microsoft Entra tenant id. @default - config `azure-native:tenantId`, else `ARM_TENANT_ID` */
  readonly tenantId?: string;
  /** Only used to pick the subscription when the trigger id does not carry one. @default - config, else `ARM_SUBSCRIPTION_ID` */
  readonly subscriptionId?: string;
  /** `public`, `usgovernment`, `china` (azure-native's names and their Azure CLI aliases). @default - config, else `ARM_ENVIRONMENT` / `AZURE_ENVIRONMENT`, else public */
  readonly environment?: string;
  /** Host of a cloud's metadata endpoint (Azure Stack, sovereign or private clouds). @default - config, else `ARM_METADATA_HOSTNAME` */
  readonly metadataHost?: string;
  /** Custom cloud, with `resourceManagerEndpoint` and `resourceManagerAudience`. @default - config, else `ARM_ACTIVE_DIRECTORY_AUTHORITY_HOST` */
  readonly activeDirectoryAuthorityHost?: string;
  /**
   * Resource Manager base URL (other clouds).
   * @default - config, else `ARM_RESOURCE_MANAGER_ENDPOINT`
   */
  readonly resourceManagerEndpoint?: string;
  /**
   * Token audience for Resource Manager (other clouds).
   * @default - config, else `ARM_RESOURCE_MANAGER_AUDIENCE`
   */
  readonly resourceManagerAudience?: string;
  /**
   * Path of a PFX client certificate of the service principal.
   * @default - config, else `ARM_CLIENT_CERTIFICATE_PATH`
   */
  readonly clientCertificatePath?: string;
  /**
   * Password of the client certificate.
   * @default - config, else `ARM_CLIENT_CERTIFICATE_PASSWORD`
   */
  readonly clientCertificatePassword?: string;
  /**
   * Authenticate with the managed identity of the machine running Pulumi.
   * @default - config, else `ARM_USE_MSI`
   */
  readonly useMsi?: boolean | string;
  /**
   * Authenticate with an OIDC token (workload identity federation).
   * @default - config, else `ARM_USE_OIDC`
   */
  readonly useOidc?: boolean | string;
  /**
   * An OIDC token to exchange for an Azure token (workload identity federation).
   * @default - config, else `ARM_OIDC_TOKEN`
   */
  readonly oidcToken?: string;
  /**
   * File holding the OIDC token (e.g. a Kubernetes projected token).
   * @default - config, else `ARM_OIDC_TOKEN_FILE_PATH`
   */
  readonly oidcTokenFilePath?: string;
  /**
   * Bearer token for the OIDC token request (GitHub Actions sets it).
   * @default - config, else `ACTIONS_ID_TOKEN_REQUEST_TOKEN`
   */
  readonly oidcRequestToken?: string;
  /**
   * URL to request the OIDC token from (GitHub Actions sets it).
   * @default - config, else `ACTIONS_ID_TOKEN_REQUEST_URL`
   */
  readonly oidcRequestUrl?: string;
  /**
   * Audience of the OIDC token exchange.
   * @default - config, else `ARM_OIDC_AUDIENCE`, else "api://AzureADTokenExchange"
   */
  readonly oidcAudience?: string;
  /**
   * Authenticate with `DefaultAzureCredential` first.
   * @default - config, else `ARM_USE_DEFAULT_AZURE_CREDENTIAL`
   */
  readonly useDefaultAzureCredential?: boolean | string;
  /**
   * Skip Entra ID instance discovery (Azure Stack and disconnected clouds).
   * @default - config, else `ARM_DISABLE_INSTANCE_DISCOVERY`
   */
  readonly disableInstanceDiscovery?: boolean | string;
}

/** azure-native's environment variable for each configuration key (first match wins). */
export const CONNECTION_ENV: Readonly<Record<keyof AzureConnectionConfig, readonly string[]>> = {
  clientId: ["ARM_CLIENT_ID"],
  clientSecret: ["ARM_CLIENT_SECRET"],
  tenantId: ["ARM_TENANT_ID"],
  subscriptionId: ["ARM_SUBSCRIPTION_ID"],
  environment: ["ARM_ENVIRONMENT", "AZURE_ENVIRONMENT"],
  metadataHost: ["ARM_METADATA_HOSTNAME"],
  activeDirectoryAuthorityHost: ["ARM_ACTIVE_DIRECTORY_AUTHORITY_HOST"],
  resourceManagerEndpoint: ["ARM_RESOURCE_MANAGER_ENDPOINT"],
  resourceManagerAudience: ["ARM_RESOURCE_MANAGER_AUDIENCE"],
  clientCertificatePath: ["ARM_CLIENT_CERTIFICATE_PATH"],
  clientCertificatePassword: ["ARM_CLIENT_CERTIFICATE_PASSWORD"],
  useMsi: ["ARM_USE_MSI"],
  useOidc: ["ARM_USE_OIDC"],
  oidcToken: ["ARM_OIDC_TOKEN"],
  oidcTokenFilePath: ["ARM_OIDC_TOKEN_FILE_PATH"],
  oidcRequestToken: ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
  oidcRequestUrl: ["ACTIONS_ID_TOKEN_REQUEST_URL"],
  oidcAudience: ["ARM_OIDC_AUDIENCE"],
  useDefaultAzureCredential: ["ARM_USE_DEFAULT_AZURE_CREDENTIAL"],
  disableInstanceDiscovery: ["ARM_DISABLE_INSTANCE_DISCOVERY"],
};

/** Keys whose values are secrets (kept as Pulumi secrets in state). */
export const SECRET_CONNECTION_KEYS: readonly (keyof AzureConnectionConfig)[] = [
  "clientSecret",
  "clientCertificatePassword",
  "oidcToken",
  "oidcRequestToken",
];

/**
 * Merges the connection settings per key: the explicit override first, then azure-native's stack
 * configuration, then the environment (azure-native reads config before its `ARM_*` variable).
 */
export function mergeConnection(
  explicit: AzureConnectionConfig | undefined,
  config: AzureConnectionConfig | undefined,
  env: Record<string, string | undefined>,
): AzureConnectionConfig {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(CONNECTION_ENV) as (keyof AzureConnectionConfig)[]) {
    const fromEnv = CONNECTION_ENV[key].map((v) => env[v]).find((v) => v !== undefined && v !== "");
    const value = explicit?.[key] ?? config?.[key] ?? fromEnv;
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out as AzureConnectionConfig;
}

const isTrue = (v: boolean | string | undefined) => v === true || v === "true";

/** A cloud's endpoints, as azure-native resolves them. */
export interface AzureCloud {
  /**
   * The cloud's name as azure-native spells it (`AzureCloud`, `AzureUSGovernment`,
   * `AzureChinaCloud`).
   */
  readonly name: string;
  /** Base URL of Azure Resource Manager (`https://management.azure.com/`). */
  readonly resourceManagerEndpoint: string;
  /** Token audience for Resource Manager calls. */
  readonly resourceManagerAudience: string;
  /**
   * Microsoft Entra ID authority the credential signs in at (`https://login.microsoftonline.com/`).
   */
  readonly authorityHost: string;
}

/** The clouds azure-native knows by name (`cloud.FromName`, with the same aliases). */
export const AZURE_CLOUDS: Readonly<Record<string, AzureCloud>> = {
  public: {
    name: "AzureCloud",
    resourceManagerEndpoint: "https://management.azure.com",
    resourceManagerAudience: "https://management.core.windows.net/",
    authorityHost: "https://login.microsoftonline.com/",
  },
  china: {
    name: "AzureChinaCloud",
    resourceManagerEndpoint: "https://management.chinacloudapi.cn",
    resourceManagerAudience: "https://management.core.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn/",
  },
  usgovernment: {
    name: "AzureUSGovernment",
    resourceManagerEndpoint: "https://management.usgovcloudapi.net",
    resourceManagerAudience: "https://management.core.usgovcloudapi.net",
    authorityHost: "https://login.microsoftonline.us/",
  },
};

const CLOUD_ALIASES: Record<string, keyof typeof AZURE_CLOUDS> = {
  "": "public",
  public: "public",
  azurecloud: "public",
  china: "china",
  azurechinacloud: "china",
  usgov: "usgovernment",
  usgovernment: "usgovernment",
  azureusgovernment: "usgovernment",
  azureusgovernmentcloud: "usgovernment",
  usgovernmentl4: "usgovernment",
};

/** Fetches a URL's JSON body (the metadata endpoint of a custom cloud). */
export type JsonFetcher = (url: string) => Promise<any>;

function httpsJson(url: string): Promise<any> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const https = require("https") as typeof import("https");
  return new Promise((resolve, reject) => {
    const req = https.get(url, { timeout: 30_000 }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${url} answered ${res.statusCode}`));
          return;
        }
        try {
          resolve(JSON.parse(body.replace(/^\uFEFF/, "")));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out after 30 s`)));
    req.on("error", reject);
  });
}

/**
 * The cloud to talk to: an explicit custom cloud (authority host + Resource Manager endpoint and
 * audience), else the metadata endpoint of `metadataHost`
 * (`https://{host}/metadata/endpoints?api-version=2022-09-01`), else the named environment.
 */
export async function resolveCloud(
  conn: AzureConnectionConfig,
  fetchJson: JsonFetcher = httpsJson,
): Promise<AzureCloud> {
  if (
    conn.activeDirectoryAuthorityHost &&
    conn.resourceManagerEndpoint &&
    conn.resourceManagerAudience
  ) {
    return {
      name: "Custom",
      authorityHost: conn.activeDirectoryAuthorityHost,
      resourceManagerEndpoint: conn.resourceManagerEndpoint.replace(/\/+$/, ""),
      resourceManagerAudience: conn.resourceManagerAudience,
    };
  }
  if (conn.metadataHost) {
    const base = conn.metadataHost.includes("://")
      ? conn.metadataHost
      : `https://${conn.metadataHost}`;
    const url = `${base.replace(/\/+$/, "")}/metadata/endpoints?api-version=2022-09-01`;
    const m = await fetchJson(url);
    if (!m?.resourceManager || !m?.authentication?.loginEndpoint) {
      throw new Error(`The cloud metadata at ${url} has no resourceManager or loginEndpoint`);
    }
    return {
      name: m.name ?? conn.metadataHost,
      resourceManagerEndpoint: String(m.resourceManager).replace(/\/+$/, ""),
      resourceManagerAudience: m.authentication.audiences?.[0] ?? m.resourceManager,
      authorityHost: m.authentication.loginEndpoint,
    };
  }
  const alias = CLOUD_ALIASES[(conn.environment ?? "").toLowerCase()];
  if (!alias) {
    throw new Error(
      `Unknown Azure environment '${conn.environment}': use public, usgovernment or china (as for azure-native:environment), or metadataHost for another cloud.`,
    );
  }
  return AZURE_CLOUDS[alias];
}

/** How the activation authenticates; the same order as azure-native. */
export type CredentialMethod =
  | "defaultAzureCredential"
  | "clientCertificate"
  | "clientSecret"
  | "oidc"
  | "managedIdentity"
  | "azureCli";

/** Picks the authentication method as azure-native does, refusing incomplete settings alike. */
export function credentialMethod(conn: AzureConnectionConfig): CredentialMethod {
  const need = (what: string, keys: (keyof AzureConnectionConfig)[]) => {
    const missing = keys.filter((k) => !conn[k]);
    if (missing.length) {
      throw new Error(
        `Trigger activation authenticates like azure-native: ${what} needs ${missing.map((k) => `azure-native:${k} (${CONNECTION_ENV[k][0]})`).join(", ")}.`,
      );
    }
  };
  if (isTrue(conn.useDefaultAzureCredential)) return "defaultAzureCredential";
  if (conn.clientCertificatePath) {
    need("a client certificate", ["tenantId", "clientId"]);
    return "clientCertificate";
  }
  if (conn.clientSecret) {
    need("a client secret", ["tenantId", "clientId"]);
    return "clientSecret";
  }
  if (isTrue(conn.useOidc)) {
    need("OIDC", ["tenantId", "clientId"]);
    if (
      !conn.oidcToken &&
      !conn.oidcTokenFilePath &&
      !(conn.oidcRequestUrl && conn.oidcRequestToken)
    ) {
      throw new Error(
        "Trigger activation authenticates like azure-native: OIDC needs oidcToken, oidcTokenFilePath, or oidcRequestUrl and oidcRequestToken.",
      );
    }
    return "oidc";
  }
  if (isTrue(conn.useMsi)) return "managedIdentity";
  return "azureCli";
}

/** Builds the `@azure/identity` credential for the method azure-native would use, in the given cloud. */
export function createCredential(conn: AzureConnectionConfig, cloud: AzureCloud): TokenCredential {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const identity = require("@azure/identity");
  const common = {
    authorityHost: cloud.authorityHost,
    // A custom cloud's authority is not in Microsoft's instance-discovery list.
    disableInstanceDiscovery:
      isTrue(conn.disableInstanceDiscovery) || !Object.values(AZURE_CLOUDS).includes(cloud),
  };
  switch (credentialMethod(conn)) {
    case "defaultAzureCredential":
      return new identity.DefaultAzureCredential({ ...common, tenantId: conn.tenantId });
    case "clientCertificate":
      return new identity.ClientCertificateCredential(
        conn.tenantId,
        conn.clientId,
        { certificatePath: conn.clientCertificatePath, password: conn.clientCertificatePassword },
        common,
      );
    case "clientSecret":
      return new identity.ClientSecretCredential(
        conn.tenantId,
        conn.clientId,
        conn.clientSecret,
        common,
      );
    case "oidc":
      return new identity.ClientAssertionCredential(
        conn.tenantId,
        conn.clientId,
        () => oidcAssertion(conn),
        common,
      );
    case "managedIdentity":
      return new identity.ManagedIdentityCredential(
        conn.clientId ? { clientId: conn.clientId } : {},
      );
    case "azureCli":
      return new identity.AzureCliCredential({ tenantId: conn.tenantId });
  }
}

async function oidcAssertion(conn: AzureConnectionConfig): Promise<string> {
  if (conn.oidcToken) return conn.oidcToken;
  if (conn.oidcTokenFilePath) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readFileSync } = require("fs") as typeof import("fs");
    return readFileSync(conn.oidcTokenFilePath, "utf8").trim();
  }
  const url = new URL(conn.oidcRequestUrl!);
  url.searchParams.set("audience", conn.oidcAudience ?? "api://AzureADTokenExchange");
  const res = await fetch(url, { headers: { authorization: `Bearer ${conn.oidcRequestToken}` } });
  if (!res.ok) throw new Error(`OIDC token request to ${url.origin} answered ${res.status}`);
  return ((await res.json()) as { value: string }).value;
}

/** Reads one stack configuration value by its full key (`azure-native:clientId`), or undefined. */
export type ConfigGetter = (key: string) => string | undefined;

/** The connection settings without its secret keys (what may be kept in a stack's state). */
export function withoutSecrets(conn: AzureConnectionConfig | undefined): AzureConnectionConfig {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(conn ?? {})) {
    if (v !== undefined && !SECRET_CONNECTION_KEYS.includes(k as keyof AzureConnectionConfig))
      out[k] = v;
  }
  return out as AzureConnectionConfig;
}

/** The connection keys set under one configuration namespace (`azure-native:clientId`, ...). */
export function connectionFromConfig(
  get: ConfigGetter,
  namespace = "azure-native",
): AzureConnectionConfig {
  const out: Record<string, string> = {};
  for (const key of Object.keys(CONNECTION_ENV)) {
    const v = get(`${namespace}:${key}`);
    if (v !== undefined && v !== "") out[key] = v;
  }
  return out as AzureConnectionConfig;
}

/** Where a connection comes from: see `resolveConnection`. */
export interface ConnectionSources {
  /** Non-secret settings written in the program (`configureActivation({ azure })`); win key by key. */
  readonly explicit?: AzureConnectionConfig;
  /**
   * A stack configuration namespace holding another principal's settings under azure-native's key
   * names (`<namespace>:clientId`, `<namespace>:clientSecret`, ...), ahead of `azure-native:*`.
   */
  readonly azureConfig?: string;
  /** Today's stack configuration (the program's, or the one the engine hands a provider). */
  readonly config: ConfigGetter;
  /** Environment variables to read `ARM_*` settings from. @default process.env */
  readonly env?: Record<string, string | undefined>;
}

/**
 * Resolves the Azure connection from the current configuration and environment, key by key:
 * the program's explicit non-secret settings, then `<azureConfig>:*`, then `azure-native:*`, then
 * azure-native's `ARM_*` variables. Secrets only ever come from today's configuration or
 * environment, never from a stack's state, so a rotated client secret takes effect at once (in
 * `pulumi refresh --run-program`, `pulumi up --refresh` and `pulumi destroy --run-program` too).
 * Works in the program (config from `pulumi.runtime.allConfig()`) and in a dynamic provider
 * (config from its `configure(req)`); other resources that call ARM as azure-native does (Azure ML)
 * use it the same way, with `connectActivator` or `createCredential` + `resolveCloud`.
 */
export function resolveConnection(sources: ConnectionSources): AzureConnectionConfig {
  const fromNamespace = sources.azureConfig
    ? connectionFromConfig(sources.config, sources.azureConfig)
    : undefined;
  const merged = mergeConnection(
    { ...fromNamespace, ...withoutSecrets(sources.explicit) },
    connectionFromConfig(sources.config),
    sources.env ?? process.env,
  );
  return merged;
}
