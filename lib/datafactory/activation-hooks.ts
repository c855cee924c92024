import * as pulumi from "@pulumi/pulumi";
import {
  ActivationOptions,
  ActivationResult,
  connectActivator,
  parseTriggerId,
  TriggerActivator,
  TriggerRef,
} from "./activation";
import {
  AzureConnectionConfig,
  connectionFromConfig,
  resolveConnection,
  SECRET_CONNECTION_KEYS,
} from "./activation-connection";
import {
  ACTIVATION_ANNOTATIONS,
  ACTIVATION_HOOK_NAMES,
  ACTIVATION_CLI_FLOOR,
} from "./activation-names";

/** The parts of Pulumi's hook arguments the activation logic reads. */
export interface TriggerHookArgs {
  /** The trigger resource's URN (the key of the activation memory). */
  readonly urn: string;
  /** The trigger's ARM id, once Azure has it (empty before a create). */
  readonly id: string;
  /** The inputs the engine is about to send (create and update hooks). @default - none (delete) */
  readonly newInputs?: Record<string, any>;
  /** The outputs after the operation (after-hooks only). @default - none (before-hooks) */
  readonly newOutputs?: Record<string, any>;
  /** The outputs in the state before the operation. @default - none (a create) */
  readonly oldOutputs?: Record<string, any>;
}

/** Error-hook arguments (see `pulumi.ErrorHookArgs`). */
export interface TriggerErrorArgs extends TriggerHookArgs {
  /** The operation that failed: `create`, `update` or `delete`. */
  readonly failedOperation: string;
  /** The provider's errors for this attempt and the earlier ones, newest first. */
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
  let result: ActivationResult;
  try {
    result = await activator.stop(refOf(args));
  } catch (e) {
    // Deleted by hand: a trigger that does not exist is not running; the PUT recreates it.
    if (!isNotFound(e)) throw e;
    result = { previousState: "NotFound", action: "none", attempts: 0 };
  }
  memory.set(args.urn, memory.get(args.urn) || result.previousState === "Started");
  return result;
}

/** Is this (an `ActivationError` whose cause is) Azure's 404? */
export function isNotFound(e: unknown): boolean {
  const err = e as { statusCode?: number; cause?: { statusCode?: number } };
  return err?.statusCode === 404 || err?.cause?.statusCode === 404;
}

/** Does the trigger's definition say "start it on deploy" (the library's annotation)? */
export function startedOnDeployDefinition(args: TriggerHookArgs): boolean {
  const annotations: unknown[] =
    args.newInputs?.properties?.annotations ?? args.newOutputs?.properties?.annotations ?? [];
  return annotations.includes(ACTIVATION_ANNOTATIONS.started);
}

/**
 * After a create or update of a trigger (Azure leaves it Stopped): starts it when its definition
 * says "started on deploy" — not when it is `activated: false` or held. The trigger's
 * `TriggerActivation` does the same right after, so this matters when the engine does not run that
 * resource: `pulumi up --target <trigger>` (the child is not targeted and keeps its old state). If
 * this start fails the deploy fails; the next `pulumi up` starts the trigger through its activation.
 */
export async function startAfterChange(
  args: TriggerHookArgs,
  activator: TriggerActivator,
): Promise<ActivationResult | undefined> {
  if (!startedOnDeployDefinition(args)) return undefined;
  return activator.start(refOf(args), typeOf(args));
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
   * Non-secret settings of the principal and cloud (`clientId`, `tenantId`, `environment`,
   * `metadataHost`, ...), key by key ahead of `azureConfig`, azure-native's configuration and its
   * `ARM_*` variables. They are kept in each `TriggerActivation`'s state. Secret keys
   * (`clientSecret`, `clientCertificatePassword`, `oidcToken`, `oidcRequestToken`) are refused here:
   * put them in the stack configuration and name its namespace with `azureConfig`.
   * @default - none
   */
  readonly azure?: AzureConnectionConfig;
  /**
   * A stack configuration namespace with another principal's settings under azure-native's key
   * names, e.g. `activation` for `activation:clientId` and `pulumi config set --secret
   * activation:clientSecret ...`; its keys come before `azure-native:*`. Set it when the triggers use
   * an explicit azure-native `Provider` whose credentials are not the stack's `azure-native:*`.
   * Read from today's configuration on every command, so rotating the secret needs nothing else.
   * @default - azure-native's configuration, then the environment
   */
  readonly azureConfig?: string;
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

/**
 * What one stack's deployment (one engine connection, i.e. one resource monitor) knows: its
 * settings, a snapshot of its configuration, its hooks by name, and its activator. Two stacks run
 * by the Automation API in one process have two of these; a program run by the CLI has one.
 */
export interface StackActivation {
  /** What `configureActivation` set for this stack (waits, non-secret connection, namespace). */
  settings: ActivationSettings;
  /** The stack's configuration (`pulumi.runtime.allConfig()`), read in the program's context. */
  config: Record<string, string>;
  /** Per trigger URN: whether it was running before a hook stopped it. */
  readonly memory: ActivationMemory;
  /** Hooks registered with this monitor, by name: a name is registered once per monitor. */
  readonly hooks: Map<string, pulumi.ResourceHook | pulumi.ErrorHook>;
  /** The stack's activator, made on first use from its settings and configuration. */
  activator?: Promise<TriggerActivator>;
  /** Set when the engine does not offer resource or error hooks (a CLI older than the floor). */
  unsupported?: string;
}

/**
 * The registry shared by every copy of the library in a process (a global under a
 * `Symbol.for` key; its shape is a contract between versions, so a program with two installed
 * versions of this package or later registers each hook name once per stack).
 */
export interface ActivationRegistry {
  /** The registry's shape version (part of its global key too). */
  readonly version: 1;
  /** Per engine connection (resource monitor). */
  readonly stacks: WeakMap<object, StackActivation>;
  /** Outside an engine (mocks, tests, scripts). */
  readonly detached: StackActivation;
}

/** The global key of the registry. */
export const ACTIVATION_REGISTRY_KEY = Symbol.for("pulumi-mlops-scheduling/trigger-activation@1");

const newStack = (): StackActivation => ({
  settings: {},
  config: {},
  memory: new Map(),
  hooks: new Map(),
});

function registry(): ActivationRegistry {
  const g = globalThis as { [ACTIVATION_REGISTRY_KEY]?: ActivationRegistry };
  return (g[ACTIVATION_REGISTRY_KEY] ??= {
    version: 1,
    stacks: new WeakMap(),
    detached: newStack(),
  });
}

function currentMonitor(): object | undefined {
  try {
    return pulumi.runtime.getMonitor() as object | undefined;
  } catch {
    return undefined;
  }
}

function readConfig(): Record<string, string> {
  try {
    return pulumi.runtime.allConfig();
  } catch {
    return {};
  }
}

/** The current stack's activation state (per resource monitor), created on first use. */
export function stackActivation(): StackActivation {
  const r = registry();
  const monitor = currentMonitor();
  let slot = monitor ? r.stacks.get(monitor) : r.detached;
  if (!slot) {
    slot = newStack();
    r.stacks.set(monitor!, slot);
  }
  // Read in the program's own context: hook callbacks run outside it.
  slot.config = readConfig();
  return slot;
}

/**
 * Sets who the activation authenticates as, in which cloud, and its waits, for the current stack
 * (each stack of an Automation API process has its own). Call it before the triggers are
 * constructed: each `TriggerActivation` keeps the non-secret settings. Calling it again never
 * registers hooks twice.
 */
export function configureActivation(settings: ActivationSettings): void {
  const secrets = SECRET_CONNECTION_KEYS.filter((k) => settings.azure?.[k] !== undefined);
  if (secrets.length) {
    throw new Error(
      `configureActivation: ${secrets.map((k) => `azure.${k}`).join(", ")} would be kept in the stack's state; put ${secrets.length > 1 ? "them" : "it"} in the stack configuration instead (pulumi config set --secret <namespace>:${secrets[0]} ...) and pass { azureConfig: "<namespace>" }.`,
    );
  }
  const slot = stackActivation();
  slot.settings = settings;
  slot.activator = undefined;
}

/** The settings in effect for the current stack (`configureActivation`), for the components. */
export function activationSettings(): ActivationSettings {
  return stackActivation().settings;
}

/** azure-native's own stack configuration keys (`azure-native:clientId`, ...), of today's config. */
export function azureNativeConfig(): AzureConnectionConfig {
  const config = readConfig();
  return connectionFromConfig((k) => config[k]);
}

function hookActivator(slot: StackActivation): Promise<TriggerActivator> {
  return (slot.activator ??= connectActivator(
    resolveConnection({
      explicit: slot.settings.azure,
      azureConfig: slot.settings.azureConfig,
      config: (k) => slot.config[k],
    }),
    { ...slot.settings.waits, log: (m) => pulumi.log.info(m) },
  ));
}

/**
 * Which hook kind the engine lacks, if any: read from the SDK's record of the resource monitor's
 * features (set before the program runs). A CLI older than the floor has no resource or error
 * hooks, and registering one would reject asynchronously, failing any program that loads us.
 */
function missingHookSupport(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const store = require("@pulumi/pulumi/runtime/state").getStore?.();
    if (store?.supportsResourceHooks === false) return "resource hooks";
    if (store?.supportsErrorHooks === false) return "error hooks";
  } catch {
    // An SDK without this module: let the registration itself report.
  }
  return undefined;
}

/** The error a trigger gets when the engine cannot run the activation hooks. */
export function hookFloorError(missing: string): Error {
  return new Error(
    `Trigger activation needs the Pulumi CLI ${ACTIVATION_CLI_FLOOR} or later: this engine offers no ${missing}. ` +
      `Upgrade the Pulumi CLI (pulumi version; https://www.pulumi.com/docs/install/). Programs without Data Factory triggers run on older CLIs.`,
  );
}

function named<T extends pulumi.ResourceHook | pulumi.ErrorHook>(
  slot: StackActivation,
  name: string,
  make: () => T,
): T {
  let hook = slot.hooks.get(name) as T | undefined;
  if (!hook) {
    hook = make();
    slot.hooks.set(name, hook);
  }
  return hook;
}

/** The activation hooks of one stack. */
export interface ActivationHooks {
  /** Before an update: stops a running trigger (see {@link stopBeforeChange}). */
  readonly stop: pulumi.ResourceHook;
  /** After a create or update: starts a trigger whose definition says "started on deploy". */
  readonly restart: pulumi.ResourceHook;
  /** On a failed update or delete: retries or restarts the trigger (see {@link recoverAfterFailure}). */
  readonly recover: pulumi.ErrorHook;
}

/**
 * Registers the activation hooks with the current stack's engine, once per engine connection and
 * name (shared by every copy of the library). The library calls it when it is loaded inside a
 * Pulumi program and again from each trigger, so the hooks named in the stack's state are
 * registered even when the program declares no trigger any more. An inline Automation API program
 * that may declare no trigger calls it at its start. Returns undefined outside an engine, or when
 * the engine has no hooks (a CLI older than the floor: nothing is registered, nothing fails until
 * a trigger is declared).
 */
export function registerActivationHooks(): ActivationHooks | undefined {
  if (!currentMonitor()) return undefined;
  const slot = stackActivation();
  const missing = missingHookSupport();
  if (missing) {
    slot.unsupported = missing;
    return undefined;
  }
  return {
    stop: named(
      slot,
      ACTIVATION_HOOK_NAMES.stop,
      () =>
        new pulumi.ResourceHook(ACTIVATION_HOOK_NAMES.stop, async (a) => {
          await stopBeforeChange(a, await hookActivator(slot), slot.memory);
        }),
    ),
    restart: named(
      slot,
      ACTIVATION_HOOK_NAMES.restart,
      () =>
        new pulumi.ResourceHook(ACTIVATION_HOOK_NAMES.restart, async (a) => {
          if (startedOnDeployDefinition(a)) await startAfterChange(a, await hookActivator(slot));
        }),
    ),
    recover: named(
      slot,
      ACTIVATION_HOOK_NAMES.recover,
      () =>
        new pulumi.ErrorHook(ACTIVATION_HOOK_NAMES.recover, async (a) =>
          // A failed create needs nothing (Azure creates triggers stopped): no Azure call at all.
          a.failedOperation === "create"
            ? false
            : recoverAfterFailure(a, await hookActivator(slot), slot.memory),
        ),
    ),
  };
}

/**
 * The hook binding of a Data Factory trigger: stopped before every update (Azure refuses to change
 * a started trigger), started again right after a create or update when it is to run (so that
 * `pulumi up --target <trigger>` leaves it as declared), and, when an update or delete fails,
 * restored or stopped-and-retried. There is deliberately no delete hook: the trigger's
 * `TriggerActivation` resource stops it before the delete, and `pulumi destroy` refuses to run
 * without the program when delete hooks exist. Throws, naming the CLI floor, when the engine has
 * no hooks.
 */
export function triggerActivationHooks(): pulumi.ResourceHookBinding {
  const h = registerActivationHooks();
  if (!h) {
    const missing = currentMonitor() ? stackActivation().unsupported : undefined;
    if (missing) throw hookFloorError(missing);
    return {};
  }
  return {
    beforeUpdate: [h.stop],
    afterCreate: [h.restart],
    afterUpdate: [h.restart],
    onError: [h.recover],
  };
}

// Inside a program run by the engine (not under mocks), register at load: a program whose triggers
// were all removed must still answer for the hooks its state names.
const engineMonitor = process.env.PULUMI_NODEJS_MONITOR;
if (engineMonitor && engineMonitor !== "mock") registerActivationHooks();
