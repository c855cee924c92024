import * as pulumi from "@pulumi/pulumi";
import {
  AzureConnectionConfig,
  ConfigGetter,
  createCredential,
  resolveCloud,
  resolveConnection,
  SECRET_CONNECTION_KEYS,
} from "../datafactory/activation-connection";
import { activationSettings } from "../datafactory/activation-hooks";
import { providerModuleSpec } from "../datafactory/activation-resource";
import { ENDPOINT_TRAFFIC_RESOURCE } from "./traffic-names";
import {
  EndpointTrafficClient,
  EndpointTrafficClientOptions,
  normalizeTraffic,
  parseEndpointId,
  TrafficMaps,
} from "./traffic-client";

/** Waits of the traffic calls kept in state (see `EndpointTrafficClientOptions`). */
export type EndpointTrafficWaits = Pick<
  EndpointTrafficClientOptions,
  "maxAttempts" | "initialDelayMs" | "maxDelayMs" | "operationTimeoutMs" | "pollIntervalMs"
>;

/** What an `OnlineEndpointTraffic` keeps in state: its inputs, plus what Azure reported. */
export interface EndpointTrafficState {
  /** ARM id of the online endpoint. */
  readonly endpointId: string;
  /** Live traffic the resource sets, deployment name → percent. */
  readonly traffic: Record<string, number>;
  /** Mirrored traffic the resource sets, deployment name → percent. */
  readonly mirrorTraffic: Record<string, number>;
  /** Non-secret connection settings only (principal id, tenant, cloud): never a secret. */
  readonly connection: Record<string, unknown>;
  /**
   * Stack configuration namespace of another principal (`configureActivation({ azureConfig })`),
   * read ahead of `azure-native:*` as the trigger activation does.
   */
  readonly azureConfig?: string;
  /** Retry, poll and timeout settings of the traffic calls. */
  readonly waits: EndpointTrafficWaits;
  /** Live `traffic` after the last create, update or refresh. */
  readonly reportedTraffic?: Record<string, number>;
  /** Live `mirrorTraffic` after the last create, update or refresh. */
  readonly reportedMirrorTraffic?: Record<string, number>;
}

/**
 * Decides whether an `OnlineEndpointTraffic` must act: another endpoint (replace), another stage,
 * live traffic that drifted from it (seen by `pulumi refresh`), or other settings. Pure; used by
 * the provider's `diff`.
 */
export function endpointTrafficDiff(
  olds: Partial<EndpointTrafficState>,
  news: Partial<EndpointTrafficState>,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  const replaces =
    String(olds.endpointId ?? "").toLowerCase() !== String(news.endpointId ?? "").toLowerCase()
      ? ["endpointId"]
      : [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const n = (m: Record<string, number> | undefined) => JSON.stringify(normalizeTraffic(m));
  const drift =
    olds.reportedTraffic !== undefined &&
    (n(olds.reportedTraffic) !== n(news.traffic) ||
      n(olds.reportedMirrorTraffic) !== n(news.mirrorTraffic));
  const changes =
    replaces.length > 0 ||
    n(olds.traffic) !== n(news.traffic) ||
    n(olds.mirrorTraffic) !== n(news.mirrorTraffic) ||
    drift ||
    !same(olds.connection, news.connection) ||
    (olds.azureConfig ?? null) !== (news.azureConfig ?? null) ||
    !same(olds.waits, news.waits);
  // Clear the old endpoint's traffic before the new endpoint gets its own.
  return { changes, replaces, deleteBeforeReplace: true };
}

/**
 * The dynamic provider of `OnlineEndpointTraffic`. Its code is serialized into the stack's state,
 * so its delete (clear the traffic before the deployments are deleted) runs in `pulumi destroy`
 * without the program. Modules are required inside the methods, as dynamic providers must.
 */
const provider: pulumi.dynamic.ResourceProvider = {
  // The engine hands dynamic providers the whole stack configuration, namespaces kept
  // (pulumi/pulumi#17229, `configure` since pulumi/pulumi#17697): azure-native's `azure-native:*`
  // keys, secrets included, are read here at deploy time and never written to state.
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    load().rememberProviderConfig(req.config);
  },

  async check(_olds: any, news: any) {
    return { inputs: news };
  },

  async diff(_id: string, olds: any, news: any) {
    return load().endpointTrafficDiff(olds, news);
  },

  async create(inputs: any) {
    return { id: `${inputs.endpointId}/traffic`, outs: await load().applyTraffic(inputs) };
  },

  async update(_id: string, _olds: any, news: any) {
    return { outs: await load().applyTraffic(news) };
  },

  async read(id: string, props: any) {
    return { id, props: await load().readTraffic(props) };
  },

  async delete(_id: string, props: any) {
    await load().clearTraffic(props);
  },
};

const MODULE = providerModuleSpec(__filename);

/** Loads this module in the provider process (the serialized provider carries only `MODULE`). */
function load(): typeof import("./traffic-resource") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(MODULE.startsWith(".") ? require("path").resolve(MODULE) : MODULE);
}

/** The stack configuration the engine gave the provider process (`configure`). */
let providerConfig: ConfigGetter = () => undefined;

/** Keeps the stack configuration the engine configured the provider with (runs in the provider process). */
export function rememberProviderConfig(config: { get(key: string): string | undefined }): void {
  providerConfig = (key) => config.get(key);
}

/**
 * The client the provider uses, authenticated as the trigger activation is (`resolveConnection`):
 * the state's non-secret settings, then the `azureConfig` namespace, then azure-native's stack
 * configuration (`configure`), then the `ARM_*` variables.
 */
export async function connectTrafficClient(
  props: EndpointTrafficState,
): Promise<EndpointTrafficClient> {
  const conn = resolveConnection({
    explicit: props.connection as AzureConnectionConfig,
    azureConfig: props.azureConfig,
    config: providerConfig,
  });
  const cloud = await resolveCloud(conn);
  return new EndpointTrafficClient({
    ...props.waits,
    endpoint: cloud.resourceManagerEndpoint,
    credentialScopes: [`${cloud.resourceManagerAudience.replace(/\/+$/, "")}/.default`],
    credential: createCredential(conn, cloud),
  });
}

let clientFactory = connectTrafficClient;

/** Points the provider functions at another client (tests: a loopback fake ARM; `connectTrafficClient` restores). */
export function setTrafficClientFactory(
  f: (props: EndpointTrafficState) => Promise<EndpointTrafficClient>,
): void {
  clientFactory = f;
}

/** Sets the stage's traffic and waits until the endpoint reports it; returns the state. */
export async function applyTraffic(props: EndpointTrafficState): Promise<EndpointTrafficState> {
  const client = await clientFactory(props);
  const reported = await client.set(parseEndpointId(props.endpointId), {
    traffic: props.traffic,
    mirrorTraffic: props.mirrorTraffic,
  });
  return {
    ...props,
    reportedTraffic: reported.traffic,
    reportedMirrorTraffic: reported.mirrorTraffic,
  };
}

/** The state with the endpoint's live traffic (empty maps when the endpoint is gone). */
export async function readTraffic(props: EndpointTrafficState): Promise<EndpointTrafficState> {
  const client = await clientFactory(props);
  const live: TrafficMaps = (await client.read(parseEndpointId(props.endpointId))) ?? {
    traffic: {},
    mirrorTraffic: {},
  };
  return { ...props, reportedTraffic: live.traffic, reportedMirrorTraffic: live.mirrorTraffic };
}

/** Clears live and mirrored traffic so that Azure accepts the deletion of the deployments. */
export async function clearTraffic(props: EndpointTrafficState): Promise<void> {
  const client = await clientFactory(props);
  await client.clear(parseEndpointId(props.endpointId));
}

/**
 * The connection settings a traffic resource keeps: the explicit settings of
 * `configureActivation({ azure })` without their secret keys. Everything else (azure-native's
 * `azure-native:*` configuration, secrets included, and the `ARM_*` variables) is read by the
 * provider when it runs, so the state holds no secret.
 */
export function stateConnection(
  explicit: AzureConnectionConfig | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(explicit ?? {})) {
    if (v !== undefined && !(SECRET_CONNECTION_KEYS as readonly string[]).includes(k)) out[k] = v;
  }
  return out;
}

/** Arguments of `OnlineEndpointTraffic`. */
export interface OnlineEndpointTrafficArgs {
  /** ARM id of the online endpoint. */
  readonly endpointId: pulumi.Input<string>;
  /** Live traffic, deployment name → percent (sums to 100, or empty). */
  readonly traffic: Record<string, number>;
  /** Mirrored traffic, deployment name → percent (at most 50, one deployment). @default {} */
  readonly mirrorTraffic?: Record<string, number>;
  /** Waits and retries. @default - `EndpointTrafficClientOptions`' defaults */
  readonly waits?: EndpointTrafficWaits;
}

/**
 * Owns an online endpoint's `traffic` and `mirrorTraffic`. Created after the deployments it names
 * (give it `dependsOn` on them), it sets the traffic as `az ml online-endpoint update --traffic`
 * does and waits until the endpoint reports it; a stage change is an update of this resource only.
 * It reads the live traffic on `pulumi refresh` (drift shows in `reportedTraffic`), and it is
 * deleted before the deployments it depends on, clearing the traffic so that Azure accepts their
 * deletion, also in `pulumi destroy` without the program. Its state holds no credential secret.
 */
export class OnlineEndpointTraffic extends pulumi.dynamic.Resource {
  /** Live `traffic` after the last deploy or refresh. */
  public readonly reportedTraffic!: pulumi.Output<Record<string, number>>;
  /** Live `mirrorTraffic` after the last deploy or refresh. */
  public readonly reportedMirrorTraffic!: pulumi.Output<Record<string, number>>;

  constructor(name: string, args: OnlineEndpointTrafficArgs, opts?: pulumi.CustomResourceOptions) {
    const settings = activationSettings();
    super(
      provider,
      name,
      {
        endpointId: args.endpointId,
        traffic: args.traffic,
        mirrorTraffic: args.mirrorTraffic ?? {},
        connection: stateConnection(settings.azure),
        azureConfig: settings.azureConfig,
        waits: { ...(args.waits ?? {}) },
        reportedTraffic: undefined,
        reportedMirrorTraffic: undefined,
      },
      opts,
      ENDPOINT_TRAFFIC_RESOURCE.module,
      ENDPOINT_TRAFFIC_RESOURCE.type,
    );
  }
}
