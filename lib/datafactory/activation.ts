import type { DataFactoryManagementClient } from "@azure/arm-datafactory";
import {
  AzureConnectionConfig,
  createCredential,
  JsonFetcher,
  resolveCloud,
} from "./activation-connection";

/**
 * An Azure credential: anything with `getToken`, such as `@azure/identity`'s credentials. Typed
 * structurally so this package needs no direct dependency on `@azure/core-auth`.
 */
export interface TokenCredential {
  /** A bearer token for the given scopes, or `null` when none can be had. */
  getToken(
    scopes: string | string[],
    options?: unknown,
  ): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/** An HTTP pipeline policy of `@azure/core-rest-pipeline` (structurally typed). */
export interface PipelinePolicy {
  /** The policy's name (unique in a pipeline). */
  readonly name: string;
  /** Handles one request: may change it, then passes it to `next` and returns the response. */
  sendRequest(request: any, next: (request: any) => Promise<any>): Promise<any>;
}

/** Which trigger, in ARM terms. */
export interface TriggerRef {
  /** Subscription of the data factory. */
  readonly subscriptionId: string;
  /** Resource group of the data factory. */
  readonly resourceGroupName: string;
  /** Data factory name. */
  readonly factoryName: string;
  /** Trigger name in the factory. */
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

/**
 * What every client of this package that calls Azure Resource Manager takes (the trigger activator,
 * the online endpoint traffic client): where ARM is, how long to wait, and the test seams. Defaults
 * are for real Azure; tests shorten the waits.
 */
export interface ArmCallOptions {
  /** Resource Manager endpoint. @default "https://management.azure.com" */
  readonly endpoint?: string;
  /** Token scopes for Resource Manager. @default - `${endpoint}/.default` */
  readonly credentialScopes?: string[];
  /** First backoff delay; doubles per attempt. @default 2000 */
  readonly initialDelayMs?: number;
  /** Largest wait between two calls, also the cap on Azure's `Retry-After`. @default 60000 */
  readonly maxDelayMs?: number;
  /** Poll interval for long-running operations when Azure sends no `Retry-After`. @default 5000 */
  readonly pollIntervalMs?: number;
  /** Sleep function (tests pass a fast one). @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Clock for the deadlines (tests pass one that follows their sleep). @default Date.now */
  readonly now?: () => number;
  /** Extra HTTP pipeline policies (tests use one to trust a loopback TLS certificate). @default [] */
  readonly additionalPolicies?: PipelinePolicy[];
  /** Progress messages. @default - none */
  readonly log?: (message: string) => void;
}

/** Options for `TriggerActivator`. Defaults are for real Azure; tests shorten the waits. */
export interface ActivationOptions extends ArmCallOptions {
  /**
   * Credential for Azure Resource Manager.
   * @default new DefaultAzureCredential() (environment, workload identity, managed identity, Azure CLI...)
   */
  readonly credential?: TokenCredential;
  /** Attempts for one start or stop, counting the first. @default 8 */
  readonly maxAttempts?: number;
  /**
   * Deadline for one read, start or stop, retries and long-running polls included; past it the
   * call fails with an `ActivationError` naming the trigger.
   * @default 600000
   */
  readonly operationTimeoutMs?: number;
  /** How long to wait for an event trigger's Event Grid subscription to be Enabled. @default 600000 */
  readonly subscriptionTimeoutMs?: number;
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

/** `trigger 'name' (factory 'f', resource group 'rg')`: how errors name a trigger. */
export function describeTrigger(ref: TriggerRef): string {
  return `trigger '${ref.triggerName}' (factory '${ref.factoryName}', resource group '${ref.resourceGroupName}')`;
}

/**
 * A pipeline policy that caps the `Retry-After` Azure sends (on throttling and on every 202 of a
 * long-running operation, which the SDK's poller obeys), so that one answer cannot park a
 * deployment for an hour.
 */
export function capRetryAfterPolicy(maxDelayMs: number): PipelinePolicy {
  const cap = Math.max(0, Math.floor(maxDelayMs / 1000));
  return {
    name: "mlopsCapRetryAfter",
    async sendRequest(request, next) {
      const response = await next(request);
      const value = response?.headers?.get?.("retry-after");
      if (value !== undefined) {
        const seconds = Number(value);
        const fromDate = Number.isFinite(seconds)
          ? seconds
          : (Date.parse(value) - Date.now()) / 1000;
        if (!Number.isFinite(fromDate) || fromDate > cap)
          response.headers.set("retry-after", String(cap));
      }
      return response;
    },
  };
}

/**
 * Starts and stops Data Factory triggers through the Azure SDK, the part Azure leaves to the
 * caller: triggers are created stopped, and a started trigger cannot be updated or deleted
 * (`TriggerEnabledCannotUpdate`). Every call has a deadline (`operationTimeoutMs`,
 * `subscriptionTimeoutMs`) and every wait is capped (`maxDelayMs`).
 */
export class TriggerActivator {
  private readonly opts: Required<
    Omit<ActivationOptions, "credential" | "log" | "credentialScopes">
  > &
    Pick<ActivationOptions, "credential" | "log" | "credentialScopes">;
  private readonly clients = new Map<string, DataFactoryManagementClient>();

  constructor(options: ActivationOptions = {}) {
    this.opts = {
      credential: options.credential,
      credentialScopes: options.credentialScopes,
      endpoint: options.endpoint ?? "https://management.azure.com",
      maxAttempts: options.maxAttempts ?? 8,
      initialDelayMs: options.initialDelayMs ?? 2000,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      operationTimeoutMs: options.operationTimeoutMs ?? 600_000,
      subscriptionTimeoutMs: options.subscriptionTimeoutMs ?? 600_000,
      pollIntervalMs: options.pollIntervalMs ?? 5000,
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      now: options.now ?? Date.now,
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
        ...(this.opts.credentialScopes ? { credentialScopes: this.opts.credentialScopes } : {}),
        // Retries are ours (below), so that every attempt is visible and bounded.
        retryOptions: { maxRetries: 0 },
        additionalPolicies: [
          capRetryAfterPolicy(this.opts.maxDelayMs),
          ...this.opts.additionalPolicies,
        ].map((policy) => ({ policy, position: "perCall" })),
      }) as DataFactoryManagementClient;
      this.clients.set(subscriptionId, c);
    }
    return c;
  }

  private deadline(): number {
    return this.opts.now() + this.opts.operationTimeoutMs;
  }

  /** The trigger's `runtimeState`: Started, Stopped or Disabled. */
  async getState(ref: TriggerRef, deadline = this.deadline()): Promise<string> {
    const res = await this.retry("read", ref, deadline, (abortSignal) =>
      this.client(ref.subscriptionId).triggers.get(
        ref.resourceGroupName,
        ref.factoryName,
        ref.triggerName,
        { abortSignal },
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
    const { attempts } = await this.retry(to, ref, this.deadline(), (abortSignal) =>
      run.call(triggers, ref.resourceGroupName, ref.factoryName, ref.triggerName, {
        updateIntervalInMs: this.opts.pollIntervalMs,
        abortSignal,
      }),
    );
    this.opts.log?.(`${to === "start" ? "started" : "stopped"} ${describeTrigger(ref)}`);
    return attempts;
  }

  private async waitForSubscription(ref: TriggerRef): Promise<void> {
    const c = this.client(ref.subscriptionId);
    const deadline = this.opts.now() + this.opts.subscriptionTimeoutMs;
    const status = async () =>
      (
        await this.retry("read the event subscription of", ref, this.deadline(), (abortSignal) =>
          c.triggers.getEventSubscriptionStatus(
            ref.resourceGroupName,
            ref.factoryName,
            ref.triggerName,
            {
              abortSignal,
            },
          ),
        )
      ).value.status;
    let current = await status();
    if (current !== "Enabled" && current !== "Provisioning") {
      await this.retry("subscribe to events", ref, this.deadline(), (abortSignal) =>
        c.triggers.beginSubscribeToEventsAndWait(
          ref.resourceGroupName,
          ref.factoryName,
          ref.triggerName,
          {
            updateIntervalInMs: this.opts.pollIntervalMs,
            abortSignal,
          },
        ),
      );
      current = await status();
    }
    const started = this.opts.now();
    while (current !== "Enabled") {
      if (this.opts.now() + this.opts.pollIntervalMs > deadline) {
        throw new ActivationError(
          `The Event Grid subscription of ${describeTrigger(ref)} is still ${current} after ${Math.round((this.opts.now() - started) / 1000)} s (limit ${Math.round(this.opts.subscriptionTimeoutMs / 1000)} s); ` +
            "check that the Microsoft.EventGrid resource provider is registered in the subscription, then run `pulumi up` again.",
        );
      }
      await this.opts.sleep(this.opts.pollIntervalMs);
      current = await status();
    }
  }

  private async retry<T>(
    what: string,
    ref: TriggerRef,
    deadline: number,
    op: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<{ value: T; attempts: number }> {
    const label = `${what} ${describeTrigger(ref)}`;
    const timeout = (last?: unknown) =>
      new ActivationError(
        `Could not ${label} before its deadline (${Math.round(this.opts.operationTimeoutMs / 1000)} s)` +
          (last ? `; last error: ${(last as Error)?.message ?? last}` : ""),
        last,
      );
    let last: unknown;
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      const remaining = deadline - this.opts.now();
      if (remaining <= 0) throw timeout(last);
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), remaining);
      try {
        return { value: await op(abort.signal), attempts: attempt };
      } catch (e) {
        if (abort.signal.aborted) throw timeout(last);
        last = e;
        if (!isTransient(e) || attempt === this.opts.maxAttempts) break;
        const retryAfter = Number((e as RestLikeError).response?.headers?.get("retry-after"));
        const backoff = this.opts.initialDelayMs * 2 ** (attempt - 1);
        const delay = Math.min(
          this.opts.maxDelayMs,
          Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff,
        );
        if (this.opts.now() + delay > deadline) throw timeout(last);
        this.opts.log?.(`${label}: ${(e as Error).message}; retrying in ${delay} ms`);
        await this.opts.sleep(delay);
      } finally {
        clearTimeout(timer);
      }
    }
    throw new ActivationError(`Could not ${label}: ${(last as Error)?.message ?? last}`, last);
  }
}

/**
 * A `TriggerActivator` that authenticates as azure-native would with these settings (principal
 * and cloud); `options` tune the waits.
 */
export async function connectActivator(
  conn: AzureConnectionConfig,
  options: Omit<ActivationOptions, "credential" | "endpoint" | "credentialScopes"> = {},
  fetchJson?: JsonFetcher,
): Promise<TriggerActivator> {
  const cloud = await resolveCloud(conn, fetchJson);
  return new TriggerActivator({
    ...options,
    endpoint: cloud.resourceManagerEndpoint,
    credentialScopes: [`${cloud.resourceManagerAudience.replace(/\/+$/, "")}/.default`],
    credential: createCredential(conn, cloud),
  });
}
