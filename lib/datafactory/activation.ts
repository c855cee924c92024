import type { DataFactoryManagementClient } from "@azure/arm-datafactory";

/**
 * An Azure credential: anything with `getToken`, such as `@azure/identity`'s credentials. Typed
 * structurally so this package needs no direct dependency on `@azure/core-auth`.
 */
export interface TokenCredential {
  getToken(
    scopes: string | string[],
    options?: unknown,
  ): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/** An HTTP pipeline policy of `@azure/core-rest-pipeline` (structurally typed). */
export interface PipelinePolicy {
  readonly name: string;
  sendRequest(request: any, next: (request: any) => Promise<any>): Promise<any>;
}

/** Which trigger, in ARM terms. */
export interface TriggerRef {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly factoryName: string;
  readonly triggerName: string;
}

/** Trigger types whose start depends on an Event Grid subscription. */
export const EVENT_TRIGGER_TYPES = ["BlobEventsTrigger", "CustomEventsTrigger"] as const;

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.DataFactory/factories/{f}/triggers/{t}`. */
export function parseTriggerId(id: string): TriggerRef {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.DataFactory\/factories\/([^/]+)\/triggers\/([^/]+)$/i.exec(
      id,
    );
  if (!m) throw new Error(`Not a Data Factory trigger id: ${id}`);
  return { subscriptionId: m[1], resourceGroupName: m[2], factoryName: m[3], triggerName: m[4] };
}

/** Options for `TriggerActivator`. Defaults are for real Azure; tests shorten the waits. */
export interface ActivationOptions {
  /**
   * Credential for Azure Resource Manager.
   * @default new DefaultAzureCredential() (environment, workload identity, managed identity, Azure CLI...)
   */
  readonly credential?: TokenCredential;
  /** Resource Manager endpoint. @default "https://management.azure.com" */
  readonly endpoint?: string;
  /** Attempts for one start or stop, counting the first. @default 8 */
  readonly maxAttempts?: number;
  /** First backoff delay; doubles per attempt. @default 2000 */
  readonly initialDelayMs?: number;
  /** Largest backoff delay. @default 60000 */
  readonly maxDelayMs?: number;
  /** How long to wait for an event trigger's Event Grid subscription to be Enabled. @default 600000 */
  readonly subscriptionTimeoutMs?: number;
  /** Poll interval for long-running operations and subscription status. @default 5000 */
  readonly pollIntervalMs?: number;
  /** Sleep function (tests pass a fast one). @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Extra HTTP pipeline policies for the SDK client (tests use one to trust a loopback TLS cert). @default [] */
  readonly additionalPolicies?: PipelinePolicy[];
  /** Progress messages. @default - none */
  readonly log?: (message: string) => void;
}

/** What a start or stop did. */
export interface ActivationResult {
  /** `runtimeState` before the call. */
  readonly previousState: string;
  /** What was done: started, stopped, or nothing because it already was. */
  readonly action: "started" | "stopped" | "none";
  /** Attempts used by the start/stop call (0 when nothing was done). */
  readonly attempts: number;
}

/** Error thrown when an operation gives up; `cause` holds the last Azure error. */
export class ActivationError extends Error {
  constructor(
    message: string,
    public readonly cause?: unknown,
  ) {
    super(message);
    this.name = "ActivationError";
  }
}

interface RestLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get(name: string): string | undefined } };
}

/**
 * Is this Azure error worth retrying? Throttling (429), server errors (5xx), conflicts with an
 * operation in flight (409), and the event-trigger provisioning race ("cannot be updated during
 * provisioning", HTTP 400) are; anything else (bad request, not found, auth) is not.
 */
export function isTransient(e: unknown): boolean {
  const err = e as RestLikeError;
  const status = err?.statusCode;
  if (status === 429 || status === 409 || (status !== undefined && status >= 500)) return true;
  const text = `${err?.code ?? ""} ${err?.message ?? ""}`;
  if (/provisioning/i.test(text)) return true;
  // Network-level failures from the HTTP client have no status code.
  return status === undefined && /ECONNRESET|ECONNREFUSED|ETIMEDOUT|socket hang up/i.test(text);
}

/**
 * Starts and stops Data Factory triggers through the Azure SDK, the part Azure leaves to the
 * caller: triggers are created stopped, and a started trigger cannot be updated or deleted
 * (`TriggerEnabledCannotUpdate`).
 */
export class TriggerActivator {
  private readonly opts: Required<Omit<ActivationOptions, "credential" | "log">> &
    Pick<ActivationOptions, "credential" | "log">;
  private readonly clients = new Map<string, DataFactoryManagementClient>();

  constructor(options: ActivationOptions = {}) {
    this.opts = {
      credential: options.credential,
      endpoint: options.endpoint ?? "https://management.azure.com",
      maxAttempts: options.maxAttempts ?? 8,
      initialDelayMs: options.initialDelayMs ?? 2000,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      subscriptionTimeoutMs: options.subscriptionTimeoutMs ?? 600_000,
      pollIntervalMs: options.pollIntervalMs ?? 5000,
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      additionalPolicies: options.additionalPolicies ?? [],
      log: options.log,
    };
  }

  private client(subscriptionId: string): DataFactoryManagementClient {
    let c = this.clients.get(subscriptionId);
    if (!c) {
      // Loaded on first use: programs that never activate a trigger (and the plan) skip them.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { DataFactoryManagementClient: Client } = require("@azure/arm-datafactory");
      let credential = this.opts.credential;
      if (!credential) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { DefaultAzureCredential } = require("@azure/identity");
        credential = new DefaultAzureCredential() as TokenCredential;
      }
      c = new Client(credential, subscriptionId, {
        endpoint: this.opts.endpoint,
        // Retries are ours (below), so that every attempt is visible and bounded.
        retryOptions: { maxRetries: 0 },
        additionalPolicies: this.opts.additionalPolicies.map((policy) => ({
          policy,
          position: "perCall",
        })),
      }) as DataFactoryManagementClient;
      this.clients.set(subscriptionId, c);
    }
    return c;
  }

  /** The trigger's `runtimeState`: Started, Stopped or Disabled. */
  async getState(ref: TriggerRef): Promise<string> {
    const res = await this.retry(`read ${ref.triggerName}`, () =>
      this.client(ref.subscriptionId).triggers.get(
        ref.resourceGroupName,
        ref.factoryName,
        ref.triggerName,
      ),
    );
    return res.value.properties?.runtimeState ?? "Stopped";
  }

  /**
   * Starts the trigger unless it is already started. For an event trigger, first subscribes it to
   * its events and waits until the Event Grid subscription is Enabled (a start during provisioning
   * fails), then retries the start through the remaining provisioning race.
   */
  async start(ref: TriggerRef, triggerType?: string): Promise<ActivationResult> {
    const previousState = await this.getState(ref);
    if (previousState === "Started") return { previousState, action: "none", attempts: 0 };
    if (triggerType && (EVENT_TRIGGER_TYPES as readonly string[]).includes(triggerType)) {
      await this.waitForSubscription(ref);
    }
    return { previousState, action: "started", attempts: await this.transition(ref, "start") };
  }

  /** Stops the trigger if it is started, so that it can be updated or deleted. */
  async stop(ref: TriggerRef): Promise<ActivationResult> {
    const previousState = await this.getState(ref);
    if (previousState !== "Started") return { previousState, action: "none", attempts: 0 };
    return { previousState, action: "stopped", attempts: await this.transition(ref, "stop") };
  }

  /** Runs the long-running start or stop operation with retries; returns the attempts used. */
  private async transition(ref: TriggerRef, to: "start" | "stop"): Promise<number> {
    const triggers = this.client(ref.subscriptionId).triggers;
    const run = to === "start" ? triggers.beginStartAndWait : triggers.beginStopAndWait;
    const { attempts } = await this.retry(`${to} ${ref.triggerName}`, () =>
      run.call(triggers, ref.resourceGroupName, ref.factoryName, ref.triggerName, {
        updateIntervalInMs: this.opts.pollIntervalMs,
      }),
    );
    this.opts.log?.(`${to === "start" ? "started" : "stopped"} trigger ${ref.triggerName}`);
    return attempts;
  }

  private async waitForSubscription(ref: TriggerRef): Promise<void> {
    const c = this.client(ref.subscriptionId);
    const status = async () =>
      (
        await this.retry(`read event subscription of ${ref.triggerName}`, () =>
          c.triggers.getEventSubscriptionStatus(
            ref.resourceGroupName,
            ref.factoryName,
            ref.triggerName,
          ),
        )
      ).value.status;
    let current = await status();
    if (current !== "Enabled" && current !== "Provisioning") {
      await this.retry(`subscribe ${ref.triggerName} to events`, () =>
        c.triggers.beginSubscribeToEventsAndWait(
          ref.resourceGroupName,
          ref.factoryName,
          ref.triggerName,
          {
            updateIntervalInMs: this.opts.pollIntervalMs,
          },
        ),
      );
      current = await status();
    }
    let waited = 0;
    while (current !== "Enabled") {
      if (waited >= this.opts.subscriptionTimeoutMs) {
        throw new ActivationError(
          `Event subscription of trigger ${ref.triggerName} is still ${current} after ${waited} ms; ` +
            "check that the Microsoft.EventGrid resource provider is registered in the subscription.",
        );
      }
      await this.opts.sleep(this.opts.pollIntervalMs);
      waited += this.opts.pollIntervalMs;
      current = await status();
    }
  }

  private async retry<T>(
    what: string,
    op: () => Promise<T>,
  ): Promise<{ value: T; attempts: number }> {
    let last: unknown;
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      try {
        return { value: await op(), attempts: attempt };
      } catch (e) {
        last = e;
        if (!isTransient(e) || attempt === this.opts.maxAttempts) break;
        const retryAfter = Number((e as RestLikeError).response?.headers?.get("retry-after"));
        const backoff = Math.min(
          this.opts.maxDelayMs,
          this.opts.initialDelayMs * 2 ** (attempt - 1),
        );
        const delay = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff;
        this.opts.log?.(`${what}: ${(e as Error).message}; retrying in ${delay} ms`);
        await this.opts.sleep(delay);
      }
    }
    throw new ActivationError(`Could not ${what}: ${(last as Error)?.message ?? last}`, last);
  }
}
