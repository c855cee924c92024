import * as pulumi from "@pulumi/pulumi";
import { ActivationResult, parseTriggerId, TriggerActivator, TriggerRef } from "./activation";
import { ACTIVATION_HOOK_NAMES } from "./activation-names";

/** The parts of Pulumi's hook arguments the activation logic reads. */
export interface TriggerHookArgs {
  readonly urn: string;
  readonly id: string;
  readonly newInputs?: Record<string, any>;
  readonly newOutputs?: Record<string, any>;
  readonly oldOutputs?: Record<string, any>;
}

/** Error-hook arguments (see `pulumi.ErrorHookArgs`). */
export interface TriggerErrorArgs extends TriggerHookArgs {
  readonly failedOperation: string;
  readonly errors: string[];
}

/** Remembers, per trigger URN, whether a trigger was running before we stopped it. */
export type ActivationMemory = Map<string, boolean>;

function refOf(args: TriggerHookArgs): TriggerRef {
  const id = args.newOutputs?.id ?? args.oldOutputs?.id ?? args.id;
  return parseTriggerId(String(id));
}

function typeOf(args: TriggerHookArgs): string | undefined {
  return args.newInputs?.properties?.type ?? args.newOutputs?.properties?.type;
}

/** After create / update of an activated trigger: start it (Azure leaves it stopped). */
export async function startAfterApply(
  args: TriggerHookArgs,
  activator: TriggerActivator,
  memory: ActivationMemory,
): Promise<ActivationResult> {
  const result = await activator.start(refOf(args), typeOf(args));
  memory.delete(args.urn);
  return result;
}

/**
 * Before update / delete of any trigger: stop it if it runs (Azure refuses to change a started
 * trigger with `TriggerEnabledCannotUpdate`) and remember that it ran.
 */
export async function stopBeforeChange(
  args: TriggerHookArgs,
  activator: TriggerActivator,
  memory: ActivationMemory,
): Promise<ActivationResult> {
  const result = await activator.stop(refOf(args));
  memory.set(args.urn, result.previousState === "Started");
  return result;
}

/**
 * When an update or delete fails: a trigger that was running before we stopped it is started
 * again, so a failed deployment never leaves a pipeline unscheduled. If the failure is
 * `TriggerEnabledCannotUpdate` (someone started the trigger in between), stop it and ask Pulumi
 * to retry. Returns whether Pulumi should retry the operation.
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
  if (memory.get(args.urn)) {
    await activator.start(ref, typeOf(args));
    memory.delete(args.urn);
  }
  return false;
}

interface HookSet {
  monitor: unknown;
  start: pulumi.ResourceHook;
  stop: pulumi.ResourceHook;
  recover: pulumi.ErrorHook;
}

let hooks: HookSet | undefined;
let activatorFactory: () => TriggerActivator = () =>
  new TriggerActivator({ log: (m) => pulumi.log.info(m) });
const memory: ActivationMemory = new Map();

/**
 * Replaces how hooks build their TriggerActivator (e.g. a specific credential or cloud endpoint).
 * Call it before components are constructed.
 */
export function configureActivation(factory: () => TriggerActivator): void {
  activatorFactory = factory;
  hooks = undefined;
}

function hookSet(): HookSet {
  const monitor = pulumi.runtime.getMonitor();
  if (!hooks || hooks.monitor !== monitor) {
    let activator: TriggerActivator | undefined;
    const get = () => (activator ??= activatorFactory());
    hooks = {
      monitor,
      start: new pulumi.ResourceHook(ACTIVATION_HOOK_NAMES.start, async (a) => {
        await startAfterApply(a, get(), memory);
      }),
      stop: new pulumi.ResourceHook(ACTIVATION_HOOK_NAMES.stop, async (a) => {
        await stopBeforeChange(a, get(), memory);
      }),
      recover: new pulumi.ErrorHook(ACTIVATION_HOOK_NAMES.recover, (a) =>
        recoverAfterFailure(a, get(), memory),
      ),
    };
  }
  return hooks;
}

/**
 * The hook binding for a Data Factory trigger. Every trigger is stopped before it is updated or
 * deleted and restored if that fails; an `activated` trigger is also started after create/update.
 */
export function triggerActivationHooks(activated: boolean): pulumi.ResourceHookBinding {
  const h = hookSet();
  return {
    ...(activated ? { afterCreate: [h.start], afterUpdate: [h.start] } : {}),
    beforeUpdate: [h.stop],
    beforeDelete: [h.stop],
    onError: [h.recover],
  };
}
