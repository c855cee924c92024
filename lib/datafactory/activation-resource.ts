import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { connectActivator, parseTriggerId } from "./activation";
import { ConfigGetter, resolveConnection, withoutSecrets } from "./activation-connection";
import { activationSettings, isNotFound } from "./activation-hooks";
import { ACTIVATION_RESOURCE } from "./activation-names";

/** What a `TriggerActivation` keeps in state (its inputs, plus `runtimeState` as an output). */
export interface TriggerActivationState {
  /** ARM id of the trigger. */
  readonly triggerId: string;
  /**
   * The trigger's ARM type (`ScheduleTrigger`, `BlobEventsTrigger`, ...): event triggers get the
   * provisioning retries.
   */
  readonly triggerType: string;
  /** The state a deploy leaves the trigger in. */
  readonly desiredState: "Started" | "Stopped";
  /** The trigger's etag: it changes on every PUT, which is when Azure leaves the trigger stopped. */
  readonly revision: string;
  /** Why the trigger is held stopped (`hold.reason`), when it is. */
  readonly hold?: string;
  /**
   * Non-secret connection settings written in the program (`configureActivation({ azure })`).
   * Never a secret and never azure-native's own configuration: those are read from today's stack
   * configuration (the provider's `configure`) and environment on every command.
   */
  readonly connection: Record<string, unknown>;
  /** Stack configuration namespace of another principal (`configureActivation({ azureConfig })`). */
  readonly azureConfig?: string;
  /**
   * Retry and timeout settings of the start/stop calls, in ms and attempts (`configureActivation({
   * waits })`).
   */
  readonly waits: Record<string, number>;
  /** Live `runtimeState` after the last create, update or refresh. */
  readonly runtimeState?: string;
}

/**
 * Decides whether a `TriggerActivation` must act: another trigger (replace), a new trigger
 * revision (a PUT left it stopped), another desired state, a live state that drifted (seen by
 * `pulumi refresh`), or other settings. Pure; used by the provider's `diff`.
 */
export function activationDiff(
  olds: Partial<TriggerActivationState>,
  news: Partial<TriggerActivationState>,
): { changes: boolean; replaces: string[] } {
  const replaces = olds.triggerId !== news.triggerId ? ["triggerId"] : [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const changes =
    replaces.length > 0 ||
    olds.revision !== news.revision ||
    olds.desiredState !== news.desiredState ||
    olds.triggerType !== news.triggerType ||
    olds.runtimeState !== news.desiredState ||
    (olds.hold ?? null) !== (news.hold ?? null) ||
    (olds.azureConfig ?? null) !== (news.azureConfig ?? null) ||
    !same(withoutSecrets(olds.connection), withoutSecrets(news.connection)) ||
    !same(olds.waits, news.waits);
  return { changes, replaces };
}

/**
 * The dynamic provider of `TriggerActivation`. Its code is serialized into the stack's state, so
 * its delete (stop the trigger before Azure deletes it) runs in `pulumi destroy` without the
 * program. Modules are required inside the methods, as dynamic providers must.
 */
const provider: pulumi.dynamic.ResourceProvider = {
  // The engine hands a dynamic provider the whole stack configuration of the current command
  // (Pulumi v3.248.0 pkg/resource/deploy/target.go, GetPackageConfig: "For dynamic providers, we
  // always pass the full configuration"), decrypted; nothing of it is written to this resource.
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    load().useConfig((key) => req.config.get(key));
  },

  async check(_olds: any, news: any) {
    return { inputs: news };
  },

  async diff(_id: string, olds: any, news: any) {
    return load().activationDiff(olds, news);
  },

  async create(inputs: any) {
    return {
      id: inputs.triggerId,
      outs: { ...inputs, runtimeState: await load().converge(inputs) },
    };
  },

  async update(_id: string, _olds: any, news: any) {
    return { outs: { ...news, runtimeState: await load().converge(news) } };
  },

  async read(id: string, props: any) {
    const clean = load().cleanState(props);
    const { runtimeState, ...inputs } = clean;
    void runtimeState;
    return { id, props: { ...clean, runtimeState: await load().liveState(props) }, inputs };
  },

  async delete(_id: string, props: any) {
    await load().stopForDelete(props);
  },
};

/**
 * This module as the provider process requires it: by package path when the library is installed
 * (`pulumi-mlops-scheduling/dist/...`), else relative to the program's directory, where the engine
 * runs the provider (also for `pulumi destroy`). Never an absolute path, so that the state works
 * from another checkout or CI runner.
 */
export function providerModuleSpec(file: string = __filename, cwd: string = process.cwd()): string {
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  const spec = at >= 0 ? file.slice(at + marker.length) : `./${path.relative(cwd, file)}`;
  return spec
    .replace(/\.(ts|js)$/, "")
    .split(path.sep)
    .join("/");
}

const MODULE = providerModuleSpec();

/** Loads this module in the provider process (the serialized provider carries only `MODULE`). */
function load(): typeof import("./activation-resource") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(MODULE.startsWith(".") ? require("path").resolve(MODULE) : MODULE);
}

let providerConfig: ConfigGetter = () => undefined;

/** Takes the stack configuration the engine configured the provider with (`configure`). */
export function useConfig(config: ConfigGetter): void {
  providerConfig = config;
}

/** State as this version keeps it: secrets a previous build stored are dropped (refresh rewrites it). */
export function cleanState(props: TriggerActivationState): TriggerActivationState {
  return { ...props, connection: withoutSecrets(props.connection) as Record<string, unknown> };
}

/**
 * Runs in the provider process (loaded by `load()`): the program's non-secret settings from
 * state, everything else from today's configuration and environment (`resolveConnection`).
 */
function activatorOf(props: TriggerActivationState) {
  return connectActivator(
    resolveConnection({
      explicit: props.connection,
      azureConfig: props.azureConfig,
      config: providerConfig,
    }),
    props.waits,
  );
}

/** Brings the trigger to its desired state; returns the state reached. */
export async function converge(props: TriggerActivationState): Promise<string> {
  const activator = await activatorOf(props);
  const ref = parseTriggerId(props.triggerId);
  if (props.desiredState === "Started") await activator.start(ref, props.triggerType);
  else await activator.stop(ref);
  return props.desiredState;
}

/** The trigger's live `runtimeState`, or "NotFound". */
export async function liveState(props: TriggerActivationState): Promise<string> {
  const activator = await activatorOf(props);
  try {
    return await activator.getState(parseTriggerId(props.triggerId));
  } catch (e) {
    if (isNotFound(e)) return "NotFound";
    throw e;
  }
}

/** Stops the trigger so that Azure accepts its delete; a trigger already gone is fine. */
export async function stopForDelete(props: TriggerActivationState): Promise<void> {
  const activator = await activatorOf(props);
  try {
    await activator.stop(parseTriggerId(props.triggerId));
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/** Arguments of `TriggerActivation`. */
export interface TriggerActivationArgs {
  /** The trigger's ARM id. */
  readonly triggerId: pulumi.Input<string>;
  /** The trigger's etag (changes on each PUT). */
  readonly revision: pulumi.Input<string>;
  /** `properties.type` of the trigger (event triggers wait for their Event Grid subscription). */
  readonly triggerType: string;
  /** Started (`activated: true`) or Stopped. */
  readonly desiredState: "Started" | "Stopped";
  /** Held stopped, with this reason (then `desiredState` is Stopped). @default - not held */
  readonly hold?: string;
}

/**
 * Owns a trigger's runtime state. Created after the trigger and updated after each change of it,
 * it starts (or keeps stopped) the trigger; a failed start fails this resource's step, which the
 * engine does not commit, so the next `pulumi up` tries again. It reads the live state on
 * `pulumi refresh`, and it is deleted before its trigger, stopping it so that Azure accepts the
 * delete — also in `pulumi destroy` without `--run-program`.
 */
export class TriggerActivation extends pulumi.dynamic.Resource {
  /** `runtimeState` after the last deploy or refresh. */
  public readonly runtimeState!: pulumi.Output<string>;

  constructor(name: string, args: TriggerActivationArgs, opts?: pulumi.CustomResourceOptions) {
    const settings = activationSettings();
    super(
      provider,
      name,
      {
        triggerId: args.triggerId,
        revision: args.revision,
        triggerType: args.triggerType,
        desiredState: args.desiredState,
        hold: args.hold,
        connection: { ...withoutSecrets(settings.azure) },
        azureConfig: settings.azureConfig,
        waits: { ...settings.waits },
        runtimeState: undefined,
      },
      opts,
      ACTIVATION_RESOURCE.module,
      ACTIVATION_RESOURCE.type,
    );
  }
}
