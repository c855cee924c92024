import * as pulumi from "@pulumi/pulumi";
import {
  ActivationOptions,
  ActivationResult,
  connectActivator,
  parseTriggerId,
  TriggerActivator,
  TriggerRef,
} from "./activation";
import { AzureConnectionConfig, CONNECTION_ENV, mergeConnection } from "./activation-connection";
import { ACTIVATION_HOOK_NAMES } from "./activation-names";

/** The parts of Pulumi's hook arguments the activation logic reads. */
export interface TriggerHookArgs {
  /** The trigger resource's URN. */
  readonly urn: string;
  /** The trigger's ARM id, as the engine has it. */
  readonly id: string;
  /** The trigger's new inputs, when the operation has them. */
  readonly newInputs?: Record<string, any>;
  /** The trigger's new outputs (their `id` is preferred to `id` to find the trigger). */
  readonly newOutputs?: Record<string, any>;
  /** The trigger's outputs before the operation (their `type` tells the trigger's kind). */
  readonly oldOutputs?: Record<string, any>;
}

/** Error-hook arguments (see `pulumi.ErrorHookArgs`). */
export interface TriggerErrorArgs extends TriggerHookArgs {
  /** The operation that failed: `create`, `update` or `delete`. */
  readonly failedOperation: string;
  /** The errors of this attempt and the earlier ones, newest first. */
  readonly errors: string[];
}

/** Remembers, per trigger URN, whether a trigger was running before we stopped it. */
export type ActivationMemory = Map<string, boolean>;

function refOf(args: TriggerHookArgs): TriggerRef {
  const id = args.newOutputs?.id ?? args.oldOutputs?.id ?? args.id;
  return parseTriggerId(String(id));
}

function typeOf(args: TriggerHookArgs): string | undefined {
  return (
    args.newInputs?.properties?.type ??
    args.newOutputs?.properties?.type ??
    args.oldOutputs?.properties?.type
  );
}

/**
 * Before an update of any trigger: stop it if it runs (Azure refuses to change a started trigger
 * with `TriggerEnabledCannotUpdate`) and remember that it ran. The start afterwards belongs to the
 * trigger's `TriggerActivation` resource, so that a failed start is retried by the next deploy.
 */
export async function stopBeforeChange(
  args: TriggerHookArgs,
  activator: TriggerActivator,
  memory: ActivationMemory,
): Promise<ActivationResult> {
  const result = await activator.stop(refOf(args));
  memory.set(args.urn, memory.get(args.urn) || result.previousState === "Started");
  return result;
}

/**
 * When an update or delete fails: if the failure is `TriggerEnabledCannotUpdate` (someone started
 * the trigger by hand in between), stop it and ask Pulumi to retry; otherwise a trigger that was
 * running before we stopped it is started again (its old definition is still in place), so a
 * failed deployment does not leave a pipeline unscheduled. Returns whether Pulumi should retry.
 */
export async function recoverAfterFailure(
  args: TriggerErrorArgs,
  activator: TriggerActivator,
  memory: ActivationMemory,
): Promise<boolean> {
  if (args.failedOperation === "create") return false;
  const ref = refOf(args);
  if (args.errors.some((e) => /TriggerEnabledCannotUpdate/.test(e)) && args.errors.length < 3) {
    const stopped = await activator.stop(ref);
    memory.set(args.urn, memory.get(args.urn) || stopped.previousState === "Started");
    return true;
  }
  if (args.failedOperation === "update" && memory.get(args.urn)) {
    await activator.start(ref, typeOf(args));
    memory.delete(args.urn);
  }
  return false;
}

/** Everything the activation can be told: who and which cloud, and how long to wait. */
export interface ActivationSettings {
  /**
   * Principal and cloud, key by key ahead of azure-native's configuration (`azure-native:*`) and
   * its `ARM_*` variables. Set it when the triggers use an explicit azure-native `Provider` whose
   * credentials differ from the stack's `azure-native:*` configuration.
   * @default - azure-native's configuration, then the environment
   */
  readonly azure?: AzureConnectionConfig;
  /** Waits and retries (see `ActivationOptions`). @default - `ActivationOptions`' defaults */
  readonly waits?: Pick<
    ActivationOptions,
    | "maxAttempts"
    | "initialDelayMs"
    | "maxDelayMs"
    | "operationTimeoutMs"
    | "subscriptionTimeoutMs"
    | "pollIntervalMs"
  >;
}

/** The activation hooks registered with one engine connection. */
export interface ActivationHookSet {
  /** The engine connection (resource monitor) the hooks were registered with. */
  readonly monitor: unknown;
  /** Before an update: stops a running trigger (see {@link stopBeforeChange}). */
  readonly stop: pulumi.ResourceHook;
  /** On a failed update or delete: retries or restarts the trigger (see {@link recoverAfterFailure}). */
  readonly recover: pulumi.ErrorHook;
}

/**
 * Per-process state, shared by every copy of this library loaded in the process (a program that
 * depends on two versions still registers each hook name once, which the engine requires).
 */
interface Registry {
  settings: ActivationSettings;
  readonly memory: ActivationMemory;
  hooks?: ActivationHookSet;
  activator?: Promise<TriggerActivator>;
}

const REGISTRY = Symbol.for("pulumi-mlops-scheduling/trigger-activation");

function registry(): Registry {
  const g = globalThis as { [REGISTRY]?: Registry };
  return (g[REGISTRY] ??= { settings: {}, memory: new Map() });
}

/**
 * Sets who the activation authenticates as, in which cloud, and its waits. Call it before the
 * triggers are constructed: each trigger's `TriggerActivation` resource keeps the settings (so
 * `pulumi destroy` works without the program). Calling it again never registers hooks twice.
 */
export function configureActivation(settings: ActivationSettings): void {
  const r = registry();
  r.settings = settings;
  r.activator = undefined;
}

/** The settings in effect (`configureActivation`), for the components. */
export function activationSettings(): ActivationSettings {
  return registry().settings;
}

/** azure-native's own stack configuration keys (`azure-native:clientId`, ...). */
export function azureNativeConfig(): AzureConnectionConfig {
  const config = new pulumi.Config("azure-native");
  const out: Record<string, string> = {};
  for (const key of Object.keys(CONNECTION_ENV)) {
    const v = config.get(key);
    if (v !== undefined) out[key] = v;
  }
  return out as AzureConnectionConfig;
}

function hookActivator(): Promise<TriggerActivator> {
  const r = registry();
  return (r.activator ??= connectActivator(
    mergeConnection(r.settings.azure, azureNativeConfig(), process.env),
    { ...r.settings.waits, log: (m) => pulumi.log.info(m) },
  ));
}

/**
 * Registers the activation hooks with the engine, once per process and engine connection. The
 * library calls it when it is loaded inside a Pulumi program and again from each trigger, so the
 * hooks named in the stack's state are registered even when the program declares no trigger any
 * more (the engine looks them up for every delete and error of a resource that carries them).
 */
export function registerActivationHooks(): ActivationHookSet | undefined {
  const monitor = pulumi.runtime.getMonitor();
  if (!monitor) return undefined;
  const r = registry();
  if (r.hooks && r.hooks.monitor === monitor) return r.hooks;
  r.hooks = {
    monitor,
    stop: new pulumi.ResourceHook(ACTIVATION_HOOK_NAMES.stop, async (a) => {
      await stopBeforeChange(a, await hookActivator(), r.memory);
    }),
    recover: new pulumi.ErrorHook(ACTIVATION_HOOK_NAMES.recover, async (a) =>
      // A failed create needs nothing (Azure creates triggers stopped): no Azure call at all.
      a.failedOperation === "create"
        ? false
        : recoverAfterFailure(a, await hookActivator(), r.memory),
    ),
  };
  return r.hooks;
}

/**
 * The hook binding of a Data Factory trigger: stopped before every update (Azure refuses to change
 * a started trigger) and, when an update or delete fails, restored or stopped-and-retried. There is
 * deliberately no delete hook: the trigger's `TriggerActivation` resource stops it before the
 * delete, and `pulumi destroy` refuses to run without the program when delete hooks exist.
 */
export function triggerActivationHooks(): pulumi.ResourceHookBinding {
  const h = registerActivationHooks();
  if (!h) return {};
  return { beforeUpdate: [h.stop], onError: [h.recover] };
}

// Inside a program run by the engine (not under mocks), register at load: a program whose triggers
// were all removed must still answer for the hooks its state names.
const engineMonitor = process.env.PULUMI_NODEJS_MONITOR;
if (engineMonitor && engineMonitor !== "mock") registerActivationHooks();
