import type { ArmCallOptions, TokenCredential } from "../datafactory/activation";

/**
 * REST API version of the endpoint calls: the one azure-native 3.28 uses for
 * `machinelearningservices:OnlineEndpoint` ("Uses Azure REST API version 2025-12-01"), so that the
 * body read back and written is the shape azure-native itself writes. `mirrorTraffic` exists in
 * every stable version since 2023-04-01 (azure-rest-api-specs
 * `specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2023-04-01/mfe.json`,
 * `OnlineEndpointProperties.mirrorTraffic`). `@azure/arm-machinelearning` (2.1.1, the newest
 * release) is pinned to 2022-10-01, whose `OnlineEndpointProperties` has no `mirrorTraffic`: its
 * serializer would drop the shadow, so the calls go through `@azure/core-rest-pipeline` with the
 * same credential.
 */
export const ONLINE_ENDPOINT_API_VERSION = "2025-12-01";

/** Which online endpoint, in ARM terms. */
export interface EndpointRef {
  /** Subscription of the workspace. */
  readonly subscriptionId: string;
  /** Resource group of the workspace. */
  readonly resourceGroupName: string;
  /** Azure ML workspace name. */
  readonly workspaceName: string;
  /** Online endpoint name in the workspace. */
  readonly endpointName: string;
}

/** Live and mirrored traffic of an endpoint, deployment name → percent. */
export interface TrafficMaps {
  /** Live traffic, deployment name → percent (sums to 100, or empty). */
  readonly traffic: Record<string, number>;
  /** Mirrored (shadow) traffic, deployment name → percent of live requests copied. */
  readonly mirrorTraffic: Record<string, number>;
}

/**
 * Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}/onlineEndpoints/{e}`
 * (ARM resource types and names are case-insensitive).
 */
export function parseEndpointId(id: string): EndpointRef {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/onlineEndpoints\/([^/]+)$/i.exec(
      id,
    );
  if (!m) throw new Error(`Not an Azure ML online endpoint id: ${id}`);
  return { subscriptionId: m[1], resourceGroupName: m[2], workspaceName: m[3], endpointName: m[4] };
}

/** `endpoint 'e' (workspace 'ws', resource group 'rg')`: how errors name an endpoint. */
export function describeEndpoint(ref: EndpointRef): string {
  return `online endpoint '${ref.endpointName}' (workspace '${ref.workspaceName}', resource group '${ref.resourceGroupName}')`;
}

/**
 * A traffic map without its zero entries, keys lower-cased. The Azure ML CLI strips zeroes before
 * it sends traffic (azure-ai-ml `OnlineEndpointOperations.begin_create_or_update`,
 * `_strip_zeroes_from_traffic`), and Azure ML deployment names are case-insensitive, so this is
 * the form two maps are compared in.
 */
export function normalizeTraffic(
  m: Record<string, unknown> | null | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m ?? {})) {
    const n = Number(v);
    if (Number.isFinite(n) && n !== 0) out[k.toLowerCase()] = n;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** True when two endpoints' traffic agree (zeroes and case aside). */
export function sameTraffic(a: Partial<TrafficMaps>, b: Partial<TrafficMaps>): boolean {
  const eq = (x: unknown, y: unknown) =>
    JSON.stringify(normalizeTraffic(x as never)) === JSON.stringify(normalizeTraffic(y as never));
  return eq(a.traffic, b.traffic) && eq(a.mirrorTraffic, b.mirrorTraffic);
}

/** Fields of an endpoint GET that the service sets and a PUT does not carry. */
const READ_ONLY_TOP = ["id", "name", "type", "systemData", "etag"];
const READ_ONLY_PROPERTIES = ["provisioningState", "scoringUri", "swaggerUri", "keys"];

/**
 * The PUT body that gives an endpoint `traffic`: the endpoint as read, read-only fields removed,
 * with the new `traffic` and `mirrorTraffic` (zeroes stripped). This is what
 * `az ml online-endpoint update --traffic` sends: its update is a generic update whose getter reads
 * the endpoint (`_ml_online_endpoint_show`) and whose setter sets `traffic` / `mirror_traffic` and
 * calls `begin_create_or_update`, a PUT of the whole endpoint (Azure/azure-cli-extensions
 * `src/machinelearningservices/azext_mlv2/manual/commands.py` and `custom/online_endpoint.py`,
 * `ml_online_endpoint_update`). The endpoint's PATCH cannot carry traffic: its body is
 * `PartialMinimalTrackedResourceWithIdentity` (tags and identity only) in mfe.json.
 */
export function trafficPutBody(
  current: Record<string, any>,
  desired: TrafficMaps,
): Record<string, any> {
  const body: Record<string, any> = { ...current };
  for (const k of READ_ONLY_TOP) delete body[k];
  const properties: Record<string, any> = { ...(current.properties ?? {}) };
  for (const k of READ_ONLY_PROPERTIES) delete properties[k];
  if (body.identity) {
    const identity = { ...body.identity };
    delete identity.principalId;
    delete identity.tenantId;
    body.identity = identity;
  }
  const strip = (m: Record<string, number>) =>
    Object.fromEntries(Object.entries(m).filter(([, v]) => v !== 0));
  properties.traffic = strip(desired.traffic);
  properties.mirrorTraffic = strip(desired.mirrorTraffic);
  body.properties = properties;
  return body;
}

/** Options of `EndpointTrafficClient`. Defaults are for real Azure; tests shorten the waits. */
export interface EndpointTrafficClientOptions extends ArmCallOptions {
  /** Credential for Azure Resource Manager. */
  readonly credential: TokenCredential;
  /** Attempts for one call on throttling (429), conflicts (409) and server errors. @default 5 */
  readonly maxAttempts?: number;
  /**
   * Deadline for one traffic change: the PUT, its long-running operation and the wait until the
   * endpoint reports the traffic it was given.
   * @default 900000
   */
  readonly operationTimeoutMs?: number;
}

/** An ARM error answer (or a give-up) of a traffic call; `statusCode` and `code` as Azure sent them. */
export class EndpointTrafficError extends Error {
  constructor(
    message: string,
    /** HTTP status of Azure's answer; absent when the client gave up without one. */
    public readonly statusCode?: number,
    /** ARM error code (`error.code`), when Azure sent one. */
    public readonly code?: string,
  ) {
    super(message);
    this.name = "EndpointTrafficError";
  }
}

interface ArmResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | undefined };
  readonly body: any;
}

const TERMINAL = ["succeeded", "failed", "canceled", "cancelled"];

/**
 * Reads and writes an online endpoint's `traffic` and `mirrorTraffic` through Azure Resource
 * Manager, the way the Azure ML CLI does, and waits until the endpoint reports what it was given.
 * Every call has a deadline and every wait is capped.
 */
export class EndpointTrafficClient {
  private readonly o: Required<Omit<EndpointTrafficClientOptions, "log" | "credentialScopes">> &
    Pick<EndpointTrafficClientOptions, "log" | "credentialScopes">;
  private pipeline?: { send(req: any): Promise<ArmResponse> };

  constructor(options: EndpointTrafficClientOptions) {
    this.o = {
      endpoint: "https://management.azure.com",
      maxAttempts: 5,
      initialDelayMs: 2000,
      maxDelayMs: 60_000,
      operationTimeoutMs: 900_000,
      pollIntervalMs: 5000,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      now: Date.now,
      additionalPolicies: [],
      ...options,
    };
  }

  private http(): { send(req: any): Promise<ArmResponse> } {
    if (this.pipeline) return this.pipeline;
    // Loaded on first use, so that programs and the plan never load the HTTP stack.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rp = require("@azure/core-rest-pipeline") as typeof import("@azure/core-rest-pipeline");
    const pipeline = rp.createPipelineFromOptions({ retryOptions: { maxRetries: 0 } });
    pipeline.addPolicy(
      rp.bearerTokenAuthenticationPolicy({
        credential: this.o.credential as never,
        scopes: this.o.credentialScopes ?? `${this.o.endpoint.replace(/\/+$/, "")}/.default`,
      }),
    );
    for (const p of this.o.additionalPolicies) pipeline.addPolicy(p as never);
    const client = rp.createDefaultHttpClient();
    this.pipeline = {
      send: async (init) => {
        const res = await pipeline.sendRequest(
          client,
          rp.createPipelineRequest({
            ...init,
            headers: rp.createHttpHeaders({
              "content-type": "application/json",
              accept: "application/json",
            }),
          }),
        );
        let body: any;
        try {
          body = res.bodyAsText ? JSON.parse(res.bodyAsText) : undefined;
        } catch {
          body = res.bodyAsText;
        }
        return { status: res.status, headers: res.headers, body };
      },
    };
    return this.pipeline;
  }

  private url(ref: EndpointRef): string {
    const e = encodeURIComponent;
    return (
      `${this.o.endpoint.replace(/\/+$/, "")}/subscriptions/${e(ref.subscriptionId)}` +
      `/resourceGroups/${e(ref.resourceGroupName)}/providers/Microsoft.MachineLearningServices` +
      `/workspaces/${e(ref.workspaceName)}/onlineEndpoints/${e(ref.endpointName)}` +
      `?api-version=${ONLINE_ENDPOINT_API_VERSION}`
    );
  }

  /** Azure's `Retry-After` (seconds or an HTTP date) in ms, capped; `fallback` when absent. */
  private retryAfter(res: ArmResponse, fallback: number): number {
    const value = res.headers.get("retry-after");
    if (value === undefined) return Math.min(fallback, this.o.maxDelayMs);
    const seconds = Number(value);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - this.o.now();
    return Math.max(0, Math.min(Number.isFinite(ms) ? ms : fallback, this.o.maxDelayMs));
  }

  private async wait(ms: number, deadline: number, what: string): Promise<void> {
    if (this.o.now() + ms > deadline) {
      throw new EndpointTrafficError(
        `${what} did not finish before its deadline (${Math.round(this.o.operationTimeoutMs / 1000)} s)`,
      );
    }
    await this.o.sleep(ms);
  }

  /** One ARM call, retried on 429, 409 and 5xx (and network failures) within the deadline. */
  private async call(
    what: string,
    deadline: number,
    init: { url: string; method: string; body?: unknown },
    ok: (status: number) => boolean,
  ): Promise<ArmResponse> {
    let last: unknown;
    for (let attempt = 1; attempt <= this.o.maxAttempts; attempt++) {
      let res: ArmResponse;
      try {
        res = await this.http().send({
          url: init.url,
          method: init.method,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        });
      } catch (e) {
        last = e;
        if (attempt === this.o.maxAttempts) break;
        await this.wait(this.o.initialDelayMs * 2 ** (attempt - 1), deadline, what);
        continue;
      }
      if (ok(res.status)) return res;
      const err = res.body?.error ?? {};
      last = new EndpointTrafficError(
        `${what}: Azure answered ${res.status} ${err.code ?? ""} ${err.message ?? ""}`.trim(),
        res.status,
        err.code,
      );
      const transient = res.status === 429 || res.status === 409 || res.status >= 500;
      if (!transient || attempt === this.o.maxAttempts) break;
      this.o.log?.(`${what}: ${(last as Error).message}; retrying`);
      await this.wait(
        this.retryAfter(res, this.o.initialDelayMs * 2 ** (attempt - 1)),
        deadline,
        what,
      );
    }
    throw last instanceof EndpointTrafficError
      ? last
      : new EndpointTrafficError(`${what}: ${(last as Error)?.message ?? last}`);
  }

  /** The endpoint as Azure returns it, or undefined when it does not exist. */
  async get(ref: EndpointRef, deadline = this.o.now() + this.o.operationTimeoutMs) {
    const res = await this.call(
      `read ${describeEndpoint(ref)}`,
      deadline,
      { url: this.url(ref), method: "GET" },
      (s) => s === 200 || s === 404,
    );
    return res.status === 404 ? undefined : (res.body as Record<string, any>);
  }

  /** The endpoint's live traffic as Azure reports it, or undefined when the endpoint is gone. */
  async read(ref: EndpointRef): Promise<TrafficMaps | undefined> {
    const ep = await this.get(ref);
    if (!ep) return undefined;
    return {
      traffic: { ...(ep.properties?.traffic ?? {}) },
      mirrorTraffic: { ...(ep.properties?.mirrorTraffic ?? {}) },
    };
  }

  /**
   * Sets the endpoint's traffic as `az ml online-endpoint update --traffic` does: GET, PUT of the
   * endpoint with the new maps, the long-running operation polled to its end (`Azure-AsyncOperation`,
   * else `Location`, honouring a capped `Retry-After`), and then, as `azd` does, a wait until a GET
   * reports the traffic that was given (the endpoint's reads are eventually consistent).
   */
  async set(ref: EndpointRef, desired: TrafficMaps): Promise<TrafficMaps> {
    const deadline = this.o.now() + this.o.operationTimeoutMs;
    const label = describeEndpoint(ref);
    const current = await this.get(ref, deadline);
    if (!current) {
      throw new EndpointTrafficError(`Cannot set the traffic of ${label}: it does not exist`, 404);
    }
    if (sameTraffic(current.properties ?? {}, desired)) return desired;
    const res = await this.call(
      `set the traffic of ${label}`,
      deadline,
      { url: this.url(ref), method: "PUT", body: trafficPutBody(current, desired) },
      (s) => s === 200 || s === 201 || s === 202,
    );
    await this.completion(res, deadline, `set the traffic of ${label}`);
    const reported = await this.untilReported(ref, desired, deadline);
    this.o.log?.(`traffic of ${label} is ${JSON.stringify(reported)}`);
    return reported;
  }

  /**
   * Clears live and mirrored traffic, so that Azure accepts the deletion of the deployments (it
   * refuses to delete a deployment that has live traffic). An endpoint that is gone is fine.
   */
  async clear(ref: EndpointRef): Promise<void> {
    const deadline = this.o.now() + this.o.operationTimeoutMs;
    const label = describeEndpoint(ref);
    const current = await this.get(ref, deadline);
    const none = { traffic: {}, mirrorTraffic: {} };
    if (!current || sameTraffic(current.properties ?? {}, none)) return;
    const res = await this.call(
      `clear the traffic of ${label}`,
      deadline,
      { url: this.url(ref), method: "PUT", body: trafficPutBody(current, none) },
      (s) => s === 200 || s === 201 || s === 202,
    );
    await this.completion(res, deadline, `clear the traffic of ${label}`);
    await this.untilReported(ref, none, deadline);
  }

  /**
   * Follows an ARM long-running operation (Azure Resource Manager RPC, "Asynchronous operations":
   * poll `Azure-AsyncOperation` until its `status` is terminal, else `Location` until it stops
   * answering 202), waiting `Retry-After` (capped) between polls.
   */
  private async completion(first: ArmResponse, deadline: number, what: string): Promise<void> {
    const asyncOp = first.headers.get("azure-asyncoperation");
    const location = first.headers.get("location");
    if (!asyncOp && !(location && first.status === 202)) return;
    let res = first;
    for (;;) {
      await this.wait(this.retryAfter(res, this.o.pollIntervalMs), deadline, what);
      if (asyncOp) {
        res = await this.call(what, deadline, { url: asyncOp, method: "GET" }, (s) => s === 200);
        const status = String(res.body?.status ?? "").toLowerCase();
        if (!TERMINAL.includes(status)) continue;
        if (status !== "succeeded") {
          const err = res.body?.error ?? {};
          throw new EndpointTrafficError(
            `${what}: the operation ended ${res.body?.status}${err.code ? ` (${err.code}: ${err.message})` : ""}`,
            undefined,
            err.code,
          );
        }
        return;
      }
      res = await this.call(
        what,
        deadline,
        { url: location!, method: "GET" },
        (s) => s === 200 || s === 201 || s === 202 || s === 204,
      );
      if (res.status !== 202) return;
    }
  }

  /** Reads the endpoint until it reports `desired` (bounded by the deadline). */
  private async untilReported(
    ref: EndpointRef,
    desired: TrafficMaps,
    deadline: number,
  ): Promise<TrafficMaps> {
    for (;;) {
      const ep = await this.get(ref, deadline);
      const reported = {
        traffic: { ...(ep?.properties?.traffic ?? {}) },
        mirrorTraffic: { ...(ep?.properties?.mirrorTraffic ?? {}) },
      };
      if (sameTraffic(reported, desired)) return reported;
      await this.wait(
        this.o.pollIntervalMs,
        deadline,
        `wait until ${describeEndpoint(ref)} reports traffic ${JSON.stringify(normalizeTraffic(desired.traffic))}` +
          ` and mirror ${JSON.stringify(normalizeTraffic(desired.mirrorTraffic))} (it reports ${JSON.stringify(reported)})`,
      );
    }
  }
}
