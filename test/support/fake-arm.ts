import { createHash } from "crypto";
import { readFileSync } from "fs";
import * as https from "https";
import { AddressInfo } from "net";
import * as path from "path";
import type { PipelinePolicy, TokenCredential } from "../../lib/datafactory/activation";
import { FakeSearch, SEARCH_TOKEN } from "../search/fake-search";
import { ArmResource, ArmStore, checkDelete, checkPut } from "./arm-rules";

/** PEM files of the loopback certificate (CN 127.0.0.1); engine tests pass it as NODE_EXTRA_CA_CERTS. */
export const LOOPBACK_CERT_FILE = path.join(__dirname, "../fixtures/loopback-cert.pem");
const CERT = readFileSync(LOOPBACK_CERT_FILE);
const KEY = readFileSync(path.join(__dirname, "../fixtures/loopback-key.pem"));
const TOKEN = "fake-arm-token";

/** One trigger as the fake Resource Manager keeps it. */
export interface FakeTrigger {
  type: string;
  runtimeState: "Started" | "Stopped" | "Disabled";
  properties: Record<string, unknown>;
  /** Changes on every PUT, as ARM's etag does. */
  etag: string;
  /** Event triggers: Event Grid subscription status. */
  subscription: "Enabled" | "Provisioning" | "Deprovisioning" | "Disabled" | "Unknown";
  /** Status polls left before a Provisioning subscription becomes Enabled. */
  provisioningPolls: number;
  /** The factory's id (triggers created by PUT): deleting the factory deletes its triggers. */
  factoryId?: string;
}

/** An injected failure for the next call of an operation. */
export interface Fault {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

export type Operation = "get" | "put" | "delete" | "start" | "stop" | "status" | "subscribe";

/**
 * A fault on a resource of the generic store (every type but triggers): `before` answers the error
 * instead of handling the call; `after` handles it (the PUT is stored, the DELETE done, a
 * long-running operation completes on Azure's side) and then answers the error, or with `drop`
 * closes the connection without an answer (a client time-out).
 */
export interface ArmFault {
  method: "GET" | "PUT" | "DELETE";
  /** Matched against the resource id (case-insensitive substring, or a RegExp). */
  match: string | RegExp;
  when: "before" | "after";
  fault: Fault | "drop";
  /**
   * How many matching calls get the fault (default 1). More than one for a client that retries
   * transient answers itself (the ShadowDeployment traffic client retries a 5xx up to 5 times).
   */
  times?: number;
}

/** A service principal the fake identity platform accepts (client-credentials grant). */
export interface FakePrincipal {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The ARM resource type of an id (`Microsoft.Storage/storageAccounts/blobServices`), or undefined. */
export function armTypeOf(id: string): string | undefined {
  const segs = id.split("/").filter(Boolean);
  if (segs.length < 2 || segs[0].toLowerCase() !== "subscriptions") return undefined;
  if (segs.length === 2) return "Microsoft.Resources/subscriptions";
  if (segs.length === 4 && segs[2].toLowerCase() === "resourcegroups")
    return "Microsoft.Resources/resourceGroups";
  const i = segs.map((x) => x.toLowerCase()).lastIndexOf("providers");
  if (i < 2) return undefined;
  const rest = segs.slice(i + 2);
  if (rest.length < 2 || rest.length % 2) return undefined;
  return [segs[i + 1], ...rest.filter((_, k) => k % 2 === 0)].join("/");
}

/** How ARM answers a PUT / DELETE of a type: synchronously, or as a long-running operation. */
type LroStyle = "sync" | "location" | "async";
function putStyle(type: string): LroStyle {
  if (/^Microsoft\.Storage\/storageAccounts$/i.test(type)) return "location";
  // Compute answers a scale set PUT with 201 + Azure-AsyncOperation (REST
  // VirtualMachineScaleSets_CreateOrUpdate, x-ms-long-running-operation).
  if (/^Microsoft\.(MachineLearningServices|Communication|Compute)\//i.test(type)) return "async";
  return "sync";
}
function deleteStyle(type: string): LroStyle {
  if (/^Microsoft\.Resources\/resourceGroups$/i.test(type)) return "location";
  if (/^Microsoft\.(MachineLearningServices|Communication|Compute)\//i.test(type)) return "async";
  return "sync";
}

/**
 * Sub-resources that exist as soon as their parent does, with Azure's default body
 * (`blobServices/default`, the management policy `default`).
 */
const SINGLETONS = [
  /^Microsoft\.Storage\/storageAccounts\/blobServices$/i,
  /^Microsoft\.Storage\/storageAccounts\/managementPolicies$/i,
];

/** A stable GUID derived from a string (principal and object ids). */
export function guidOf(s: string): string {
  const h = createHash("sha256").update(s).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A loopback HTTPS server that behaves like the Azure Resource Manager endpoints of Data Factory
 * (api-version 2018-06-01) as far as activation needs: GET/PUT/DELETE a trigger, the long-running
 * POST start / stop / subscribeToEvents (202 + Location, polled until 200), the
 * `getEventSubscriptionStatus` POST, `TriggerEnabledCannotUpdate` on changing a started trigger,
 * new triggers created Stopped, the provisioning race of event triggers, and injected faults. It
 * also keeps factories and pipelines (PUT/GET/DELETE), serves a cloud's metadata endpoint
 * (`/metadata/endpoints`, as read by azure-native's `metadataHost`) and a Microsoft Entra token
 * endpoint (client-credentials grant) so that real `@azure/identity` credentials work against it.
 */
export class FakeArm {
  readonly triggers = new Map<string, FakeTrigger>();
  /**
   * Every resource but triggers (factories, pipelines, storage, monitoring, Search, Azure ML, ...),
   * by lower-cased id (ARM ids are case-insensitive), as ARM stores it.
   */
  readonly resources = new Map<string, ArmResource>();
  /** Search services' data planes (`https://<name>.search.windows.net`), by service name. */
  readonly search = new Map<string, FakeSearch>();
  readonly log: string[] = [];
  /** Polls each long-running PUT / DELETE of the generic store answers "in progress" first. */
  armPolls = 1;
  /** `Retry-After` (seconds) on those operations' answers. */
  armRetryAfterSeconds = 1;
  private readonly armFaults: ArmFault[] = [];
  private readonly armOperations = new Map<
    string,
    { polls: number; done: () => void; result: () => unknown; finished?: boolean }
  >();
  /** Tokens this server issued, by token: the principal's client id and object id. */
  private readonly issued = new Map<string, { clientId: string; oid: string }>();
  /** Polls each long-running operation answers 202 before it completes. */
  lroPolls = 1;
  /** `Retry-After` (seconds) sent with each 202 of a long-running operation. */
  lroRetryAfterSeconds = 0;
  /** Status polls an event trigger created by PUT takes to provision its Event Grid subscription. */
  eventProvisioningPolls = 0;
  /** Principals accepted by the token endpoint; empty accepts none. */
  readonly principals: FakePrincipal[] = [];
  /** Client ids that obtained a token, in order. */
  readonly tokenClients: string[] = [];
  /**
   * Every Resource Manager call with the principal whose token it carried (each principal gets its
   * own token), in the short form of `calls()`: `{ call: "POST daily/stop", principal: "deploy-sp" }`
   * (`principal` is "" for the fixed test token of `clientOptions()`). Not cleared with `log`.
   */
  readonly callerLog: { call: string; principal: string }[] = [];
  private readonly faults = new Map<Operation, Fault[]>();
  private readonly sideEffects = new Map<Operation, (() => void)[]>();
  private readonly operations = new Map<string, { polls: number; done: () => void }>();
  private server!: https.Server;
  private opCounter = 0;
  private etagCounter = 0;
  endpoint = "";

  async start(port = 0): Promise<this> {
    this.server = https.createServer({ cert: CERT, key: KEY }, (req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(port, "127.0.0.1", r));
    this.endpoint = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Makes the next call(s) of `op` fail. */
  failNext(op: Operation, fault: Fault, times = 1): void {
    const list = this.faults.get(op) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.faults.set(op, list);
  }

  /** Runs `effect` just before the next call of `op` is handled (e.g. someone starts a trigger by hand). */
  beforeNext(op: Operation, effect: () => void): void {
    this.sideEffects.set(op, [...(this.sideEffects.get(op) ?? []), effect]);
  }

  addTrigger(
    name: string,
    type = "ScheduleTrigger",
    runtimeState: FakeTrigger["runtimeState"] = "Stopped",
  ): FakeTrigger {
    const t: FakeTrigger = {
      type,
      runtimeState,
      properties: { type },
      etag: this.nextEtag(),
      subscription: type.endsWith("EventsTrigger") ? "Disabled" : "Unknown",
      provisioningPolls: 0,
    };
    this.triggers.set(name, t);
    return t;
  }

  /** `{ trigger: runtimeState }` for every trigger, sorted by name. */
  states(): Record<string, string> {
    return Object.fromEntries(
      [...this.triggers.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([n, t]) => [n, t.runtimeState]),
    );
  }

  /**
   * The call log in short form: `PUT daily`, `POST daily/start`, `DELETE daily`, `poll` (a
   * long-running operation's status), `token`, `metadata`, `PUT factory adf`, `PUT pipeline ingest`.
   */
  calls(lines: readonly string[] = this.log): string[] {
    return lines.map((l) => {
      const [method, p] = l.split(" ");
      if (p.startsWith("/operations/")) return "poll";
      if (p.includes("/oauth2/")) return "token";
      if (p.startsWith("/metadata/")) return "metadata";
      const trigger = /\/triggers\/(.+)$/.exec(p);
      if (trigger) return `${method} ${trigger[1]}`;
      const pipeline = /\/pipelines\/([^/]+)$/.exec(p);
      if (pipeline) return `${method} pipeline ${pipeline[1]}`;
      const factory = /\/factories\/([^/]+)$/.exec(p);
      if (factory) return `${method} factory ${factory[1]}`;
      if (p.startsWith("/asyncoperations/") || p.startsWith("/locations/")) return "poll";
      const type = armTypeOf(p);
      if (type) return `${method} ${type.split("/").pop()} ${p.split("/").pop()}`;
      return l;
    });
  }

  /** Calls that change something in Azure (everything but reads, polls and tokens). */
  mutations(): string[] {
    return this.calls().filter(
      (c) =>
        !["poll", "token", "metadata"].includes(c) &&
        !c.startsWith("GET ") &&
        !c.endsWith("/getEventSubscriptionStatus") &&
        // POST list actions read (a Logic App trigger's callback URL).
        !/\/list[A-Z]\w*$/.test(c),
    );
  }

  /** Injects a fault on the next matching call of the generic store (see `ArmFault`). */
  injectArm(fault: ArmFault): void {
    this.armFaults.push(fault);
  }

  /** Puts a resource in place without a call (what exists before the program runs). */
  seed(id: string, body: Record<string, unknown> = {}): void {
    const type = armTypeOf(id)!;
    this.resources.set(id.toLowerCase(), {
      id,
      type,
      apiVersion: "seed",
      body: { id, name: id.split("/").pop(), type, ...body },
    });
  }

  /** The ids of every stored resource and trigger, sorted (case as created). */
  ids(): string[] {
    const triggers = [...this.triggers.keys()].map((n) => `trigger ${n}`);
    return [...[...this.resources.values()].map((r) => r.id), ...triggers].sort();
  }

  /** The store as the refusal rules read it (triggers included). */
  store(): ArmStore {
    const all = (): ArmResource[] => [
      ...this.resources.values(),
      ...[...this.triggers.entries()].map(([name, t]) => ({
        id: `trigger ${name}`,
        type: "Microsoft.DataFactory/factories/triggers",
        apiVersion: "2018-06-01",
        body: { name, properties: { ...t.properties, runtimeState: t.runtimeState } },
      })),
    ];
    return {
      get: (id) => this.resources.get(id.toLowerCase()),
      all,
    };
  }

  /** Operations still in progress (nobody polled them to the end). */
  pendingOperations(): number {
    return [...this.armOperations.values()].filter((o) => !o.finished).length;
  }

  private takeArmFault(method: string, id: string, when: "before" | "after"): ArmFault | undefined {
    const i = this.armFaults.findIndex(
      (f) =>
        f.method === method &&
        f.when === when &&
        (typeof f.match === "string"
          ? id.toLowerCase().includes(f.match.toLowerCase())
          : f.match.test(id)),
    );
    if (i < 0) return undefined;
    const f = this.armFaults[i];
    if ((f.times ?? 1) > 1) this.armFaults[i] = { ...f, times: (f.times ?? 1) - 1 };
    else this.armFaults.splice(i, 1);
    return f;
  }

  /** The principal's client id a token was issued to here, or undefined for a token it never issued. */
  issuedTo(token: string): string | undefined {
    return this.issued.get(token)?.clientId;
  }

  /** Token of a principal: a JWT-shaped string carrying its ids, distinct per principal and audience. */
  private issue(clientId: string, tenantId: string, audience: string): string {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const oid = guidOf(`${tenantId}/${clientId}`);
    const token = `${enc({ alg: "none", typ: "JWT" })}.${enc({ aud: audience, appid: clientId, oid, tid: tenantId })}.fake`;
    this.issued.set(token, { clientId, oid });
    return token;
  }

  /** Options for `TriggerActivator` / the SDK client that point at this server and trust its cert. */
  clientOptions(): {
    endpoint: string;
    credential: TokenCredential;
    additionalPolicies: PipelinePolicy[];
  } {
    const agent = new https.Agent({ ca: CERT, keepAlive: false });
    return {
      endpoint: this.endpoint,
      credential: {
        getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
      },
      additionalPolicies: [
        {
          name: "trustLoopbackCertificate",
          sendRequest: (request, next) => {
            request.agent = agent;
            return next(request);
          },
        },
      ],
    };
  }

  private nextEtag(): string {
    return `"${(++this.etagCounter).toString(16).padStart(8, "0")}-0000-0000-0000-000000000000"`;
  }

  /** Microsoft Entra ID's OpenID metadata and client-credentials token endpoint, as MSAL calls them. */
  private identity(
    url: URL,
    body: string,
    send: (status: number, payload?: unknown) => void,
  ): boolean {
    const discovery = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (discovery) {
      const base = `${this.endpoint}/${discovery[1]}`;
      send(200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      });
      return true;
    }
    if (url.pathname.endsWith("/discovery/instance")) {
      const host = new URL(this.endpoint).host;
      send(200, {
        tenant_discovery_endpoint: `${this.endpoint}/common/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
      return true;
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token) {
      const form = new URLSearchParams(body);
      const ok = this.principals.some(
        (p) =>
          p.tenantId === token[1] &&
          p.clientId === form.get("client_id") &&
          p.clientSecret === form.get("client_secret"),
      );
      if (ok) {
        this.tokenClients.push(form.get("client_id")!);
      }
      if (!ok) {
        send(401, {
          error: "invalid_client",
          error_description: "AADSTS7000215: Invalid client secret provided.",
        });
      } else {
        const scope = form.get("scope") ?? "";
        send(200, {
          token_type: "Bearer",
          expires_in: 3599,
          ext_expires_in: 3599,
          // The Search data plane's audience gets the fake Search service's token.
          access_token: /search\.azure\.com/i.test(scope)
            ? SEARCH_TOKEN
            : this.issue(form.get("client_id")!, token[1], scope.replace(/\/\.default$/, "")),
        });
      }
      return true;
    }
    return false;
  }

  private newOperation(done: () => void, result: () => unknown): string {
    const id = `op${++this.opCounter}`;
    this.armOperations.set(id, { polls: this.armPolls, done, result });
    return id;
  }

  /** The body ARM stores and answers for a PUT: the request plus what Azure adds (output-only). */
  private storedBody(
    id: string,
    type: string,
    input: any,
    provisioningState: string,
  ): Record<string, any> {
    const name = id.split("/").pop()!;
    const body: Record<string, any> = { ...input, id, name, type };
    if (/^Microsoft\.DataFactory\//i.test(type)) body.etag = this.nextEtag();
    if (typeof input.identity?.type === "string" && /SystemAssigned/i.test(input.identity.type)) {
      body.identity = {
        ...input.identity,
        principalId: guidOf(`${id.toLowerCase()}#identity`),
        tenantId: guidOf("tenant"),
      };
    }
    const extra: Record<string, unknown> = {};
    if (/^Microsoft\.Storage\/storageAccounts$/i.test(type)) {
      extra.primaryEndpoints = {
        blob: `https://${name}.blob.core.windows.net/`,
        dfs: `https://${name}.dfs.core.windows.net/`,
      };
      extra.creationTime = "2026-11-27T00:00:00.0000000Z";
    }
    if (/^Microsoft\.DataFactory\/factories$/i.test(type)) {
      extra.createTime = "2026-11-27T00:00:00.0000000Z";
      extra.version = "2018-06-01";
    }
    if (/onlineEndpoints$/i.test(type)) {
      extra.scoringUri = `https://${name}.westeurope.inference.ml.azure.com/score`;
      extra.traffic = input.properties?.traffic ?? {};
      extra.mirrorTraffic = input.properties?.mirrorTraffic ?? {};
    }
    // Output-only fields the Communication resource provider adds (REST spec
    // communication/resource-manager `CommunicationServiceProperties.hostName`, "FQDN of the
    // CommunicationService instance", and `DomainProperties.fromSenderDomain` /
    // `mailFromSenderDomain`, read-only; an Azure managed domain is `<guid>.azurecomm.net`).
    if (/^Microsoft\.Communication\/communicationServices$/i.test(type))
      extra.hostName = `${name}.europe.communication.azure.com`;
    if (/^Microsoft\.Communication\/emailServices\/domains$/i.test(type)) {
      const domain =
        input.properties?.domainManagement === "AzureManaged"
          ? `${guidOf(id.toLowerCase())}.azurecomm.net`
          : name;
      extra.fromSenderDomain = domain;
      extra.mailFromSenderDomain = domain;
    }
    if (/^Microsoft\.Logic\/workflows$/i.test(type)) {
      extra.accessEndpoint = `https://prod-00.westeurope.logic.azure.com:443/workflows/${guidOf(id)}`;
      extra.changedTime = new Date().toISOString();
    }
    body.properties = { ...(input.properties ?? {}), ...extra, provisioningState };
    return body;
  }

  /** Every resource but triggers: GET / PUT / DELETE by id, long-running where Azure's are. */
  private generic(
    method: string,
    url: URL,
    raw: string,
    send: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
    error: (
      status: number,
      code: string,
      message: string,
      headers?: Record<string, string>,
    ) => void,
    res: import("http").ServerResponse,
  ): void {
    const path = url.pathname;
    const callback =
      /^(.*\/providers\/Microsoft\.Logic\/workflows\/[^/]+)\/triggers\/([^/]+)\/listCallbackUrl$/i.exec(
        path,
      );
    if (callback && method === "POST") {
      if (!this.resources.has(callback[1].toLowerCase()))
        return error(404, "ResourceNotFound", `The Resource '${callback[1]}' was not found.`);
      const sig = createHash("sha256")
        .update(callback[1].toLowerCase())
        .digest("base64url")
        .slice(0, 43);
      const base = `https://prod-00.westeurope.logic.azure.com:443/workflows/${guidOf(callback[1].toLowerCase()).replace(/-/g, "")}/triggers/${callback[2]}/paths/invoke`;
      const queries = {
        "api-version": "2016-10-01",
        sp: `/triggers/${callback[2]}/run`,
        sv: "1.0",
        sig,
      };
      return send(200, {
        value: `${base}?${new URLSearchParams(queries).toString()}`,
        method: "POST",
        basePath: base,
        queries,
      });
    }
    // Data Factory's self-hosted runtime keys (REST IntegrationRuntimes_ListAuthKeys: POST
    // .../integrationRuntimes/{name}/listAuthKeys → { authKey1, authKey2 }), stable per runtime.
    const keys =
      /^(.*\/providers\/Microsoft\.DataFactory\/factories\/([^/]+)\/integrationRuntimes\/[^/]+)\/listAuthKeys$/i.exec(
        path,
      );
    if (keys && method === "POST") {
      if (!this.resources.has(keys[1].toLowerCase()))
        return error(404, "ResourceNotFound", `The Resource '${keys[1]}' was not found.`);
      const key = (n: number) =>
        `IR@${guidOf(`${keys[1].toLowerCase()}/${n}`)}@${keys[2]}@ServiceEndpoint=${keys[2]}.westeurope.datafactory.azure.net@${createHash("sha256").update(`${keys[1].toLowerCase()}/${n}`).digest("base64")}`;
      return send(200, { authKey1: key(1), authKey2: key(2) });
    }
    const type = armTypeOf(path);
    if (!type) return error(404, "NotFound", `no route ${method} ${path}`);
    const key = path.toLowerCase();
    const apiVersion = url.searchParams.get("api-version") ?? "";
    if (!apiVersion)
      return error(
        400,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.",
      );
    const existing = this.resources.get(key);
    const segs = path.split("/");
    const singleton =
      SINGLETONS.some((r) => r.test(type)) && segs[segs.length - 1].toLowerCase() === "default";
    const parent = singleton
      ? this.resources.get(segs.slice(0, -2).join("/").toLowerCase())
      : undefined;
    const fail = (f: ArmFault) => {
      if (f.fault === "drop") return void res.destroy();
      error(f.fault.status, f.fault.code, f.fault.message);
    };
    const before = this.takeArmFault(method, path, "before");
    if (before) return fail(before);

    if (method === "GET") {
      if (existing) return send(200, existing.body);
      if (singleton && parent)
        return send(200, { id: path, name: "default", type, properties: {} });
      return error(
        404,
        "ResourceNotFound",
        `The Resource '${type}/${segs[segs.length - 1]}' was not found.`,
      );
    }
    if (method === "PUT") {
      let input: any;
      try {
        input = JSON.parse(raw || "{}");
      } catch {
        return error(
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized.",
        );
      }
      const refusal = checkPut(this.store(), path, type, apiVersion, input);
      if (refusal) return error(refusal.status, refusal.code, refusal.message);
      const style = putStyle(type);
      const created = !existing;
      const body = this.storedBody(
        existing?.id ?? path,
        type,
        input,
        style === "sync" ? "Succeeded" : created ? "Creating" : "Updating",
      );
      this.resources.set(key, { id: existing?.id ?? path, type, apiVersion, body });
      const finish = () => {
        const r = this.resources.get(key);
        if (r) r.body.properties.provisioningState = "Succeeded";
      };
      const after = this.takeArmFault("PUT", path, "after");
      if (after) {
        finish();
        return fail(after);
      }
      if (style === "sync") return send(created ? 201 : 200, body);
      const op = this.newOperation(finish, () => this.resources.get(key)?.body);
      const retry = { "retry-after": String(this.armRetryAfterSeconds) };
      if (style === "async")
        return send(created ? 201 : 200, body, {
          "azure-asyncoperation": `${this.endpoint}/asyncoperations/${op}`,
          ...retry,
        });
      return send(202, undefined, { location: `${this.endpoint}/locations/${op}`, ...retry });
    }
    if (method === "DELETE") {
      if (!existing) return send(204);
      const refusal = checkDelete(this.store(), path);
      if (refusal) return error(refusal.status, refusal.code, refusal.message);
      // ARM deletes what lives under a resource (a group's resources, an account's containers,
      // extension resources such as role assignments on it) with it.
      const remove = () => {
        for (const k of [...this.resources.keys()])
          if (k === key || k.startsWith(`${key}/`)) this.resources.delete(k);
        for (const [n, t] of [...this.triggers.entries()])
          if (t.factoryId && t.factoryId.toLowerCase().startsWith(`${key}/`))
            this.triggers.delete(n);
        for (const [n, t] of [...this.triggers.entries()])
          if (t.factoryId && t.factoryId.toLowerCase() === key) this.triggers.delete(n);
      };
      const after = this.takeArmFault("DELETE", path, "after");
      if (after) {
        remove();
        return fail(after);
      }
      const style = deleteStyle(type);
      if (style === "sync") {
        remove();
        return send(200);
      }
      existing.body.properties = {
        ...(existing.body.properties ?? {}),
        provisioningState: "Deleting",
      };
      const op = this.newOperation(remove, () => undefined);
      const headers: Record<string, string> = {
        location: `${this.endpoint}/locations/${op}`,
        "retry-after": String(this.armRetryAfterSeconds),
      };
      if (style === "async")
        headers["azure-asyncoperation"] = `${this.endpoint}/asyncoperations/${op}`;
      return send(202, undefined, headers);
    }
    return error(405, "MethodNotAllowed", `${method} ${path}`);
  }

  private handle(req: import("http").IncomingMessage, res: import("http").ServerResponse): void {
    // `https://<service>.search.windows.net` (redirected here by test/support/redirect-hosts.js):
    // the data plane of a search service that exists in this ARM.
    const host = /^([^.:]+)\.search\.windows\.net(?::\d+)?$/i.exec(req.headers.host ?? "");
    if (host) {
      const name = host[1].toLowerCase();
      const exists = [...this.resources.values()].some(
        (r) =>
          /^Microsoft\.Search\/searchServices$/i.test(r.type) &&
          r.id.split("/").pop()!.toLowerCase() === name,
      );
      this.log.push(`${req.method} search:${name}${(req.url ?? "").split("?")[0]}`);
      if (!exists) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ error: { code: "NotFound", message: `no search service ${name}` } }),
        );
        return;
      }
      if (!this.search.has(name)) {
        const service = new FakeSearch();
        service.endpoint = `https://${name}.search.windows.net`;
        this.search.set(name, service);
      }
      // A fault after the store: the data plane handles the call, then the answer is lost.
      const after = this.takeArmFault(
        (req.method ?? "GET") as ArmFault["method"],
        `search:${name}${(req.url ?? "").split("?")[0]}`,
        "after",
      );
      if (after) {
        const writeHead = res.writeHead.bind(res);
        const end = res.end.bind(res);
        res.writeHead = (() => res) as unknown as typeof res.writeHead;
        res.end = (() => {
          if (after.fault === "drop") res.destroy();
          else {
            writeHead(after.fault.status, { "content-type": "application/json" });
            end(
              JSON.stringify({ error: { code: after.fault.code, message: after.fault.message } }),
            );
          }
          return res;
        }) as unknown as typeof res.end;
      }
      this.search.get(name)!.serve(req, res);
      return;
    }
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", this.endpoint);
      this.log.push(`${req.method} ${url.pathname}`);
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(payload === undefined ? "" : JSON.stringify(payload));
      };
      const error = (
        status: number,
        code: string,
        message: string,
        headers: Record<string, string> = {},
      ) => send(status, { error: { code, message } }, headers);

      if (url.pathname === "/metadata/endpoints") {
        return send(200, {
          name: "FakeCloud",
          resourceManager: `${this.endpoint}/`,
          authentication: {
            loginEndpoint: `${this.endpoint}/`,
            audiences: [`${this.endpoint}/`],
            tenant: "common",
            identityProvider: "AAD",
          },
        });
      }
      if (this.identity(url, body, send)) return;

      const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      const principal = this.issued.get(bearer)?.clientId ?? "";
      if (bearer !== TOKEN && !this.issued.has(bearer))
        return error(401, "AuthenticationFailed", "missing or bad token");
      this.callerLog.push({ call: this.calls([this.log[this.log.length - 1]])[0], principal });

      const asyncOp = /^\/asyncoperations\/([^/]+)$/.exec(url.pathname);
      if (asyncOp) {
        const o = this.armOperations.get(asyncOp[1]);
        if (!o) return error(404, "NotFound", "no such operation");
        if (o.polls > 0 && !o.finished) {
          o.polls--;
          return send(
            200,
            { status: "InProgress" },
            { "retry-after": String(this.armRetryAfterSeconds) },
          );
        }
        if (!o.finished) o.done();
        o.finished = true;
        return send(200, { status: "Succeeded" });
      }
      const locOp = /^\/locations\/([^/]+)$/.exec(url.pathname);
      if (locOp) {
        const o = this.armOperations.get(locOp[1]);
        if (!o) return error(404, "NotFound", "no such operation");
        if (o.polls > 0 && !o.finished) {
          o.polls--;
          return send(202, undefined, {
            location: `${this.endpoint}/locations/${locOp[1]}`,
            "retry-after": String(this.armRetryAfterSeconds),
          });
        }
        if (!o.finished) o.done();
        o.finished = true;
        const result = o.result();
        return result === undefined ? send(204) : send(200, result);
      }

      const op = /^\/operations\/([^/]+)$/.exec(url.pathname);
      if (op) {
        const o = this.operations.get(op[1]);
        if (!o) return error(404, "NotFound", "no such operation");
        if (o.polls > 0) {
          o.polls--;
          return send(202, undefined, {
            location: `${this.endpoint}/operations/${op[1]}`,
            "retry-after": String(this.lroRetryAfterSeconds),
          });
        }
        o.done();
        return send(200, {});
      }

      const m =
        /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.DataFactory\/factories\/[^/]+\/triggers\/([^/]+)(?:\/(start|stop|getEventSubscriptionStatus|subscribeToEvents))?$/.exec(
          url.pathname,
        );
      if (!m) return this.generic(req.method ?? "GET", url, body, send, error, res);
      const [, name, action] = m;
      const operation: Operation =
        action === "getEventSubscriptionStatus"
          ? "status"
          : action === "subscribeToEvents"
            ? "subscribe"
            : ((action ?? req.method?.toLowerCase()) as Operation);
      this.sideEffects.get(operation)?.shift()?.();
      const fault = this.faults.get(operation)?.shift();
      if (fault) {
        return error(
          fault.status,
          fault.code,
          fault.message,
          fault.retryAfterSeconds !== undefined
            ? { "retry-after": String(fault.retryAfterSeconds) }
            : {},
        );
      }
      const t = this.triggers.get(name);
      const resource = () => {
        const current = this.triggers.get(name)!;
        return {
          id: url.pathname,
          name,
          type: "Microsoft.DataFactory/factories/triggers",
          etag: current.etag,
          properties: { ...current.properties, runtimeState: current.runtimeState },
        };
      };
      const cannotUpdate = () =>
        error(
          400,
          "TriggerEnabledCannotUpdate",
          "Cannot update enabled Trigger; the trigger needs to be disabled first.",
        );
      const longRunning = (done: () => void) => {
        const id = `op${++this.opCounter}`;
        this.operations.set(id, { polls: this.lroPolls, done });
        send(202, undefined, {
          location: `${this.endpoint}/operations/${id}`,
          "retry-after": String(this.lroRetryAfterSeconds),
        });
      };

      if (req.method === "PUT") {
        if (t?.runtimeState === "Started") return cannotUpdate();
        const refusal = checkPut(
          this.store(),
          url.pathname,
          "Microsoft.DataFactory/factories/triggers",
          url.searchParams.get("api-version") ?? "",
          JSON.parse(body || "{}"),
        );
        if (refusal) return error(refusal.status, refusal.code, refusal.message);
        const props = JSON.parse(body || "{}").properties ?? {};
        let updated = t;
        if (!updated) {
          // Azure creates every trigger Stopped.
          updated = this.addTrigger(name, props.type);
          updated.provisioningPolls = this.eventProvisioningPolls;
          updated.factoryId = url.pathname.replace(/\/triggers\/[^/]+$/, "");
        }
        updated.properties = props;
        updated.etag = this.nextEtag();
        const after = this.takeArmFault("PUT", url.pathname, "after");
        if (after) {
          if (after.fault === "drop") return void res.destroy();
          return error(after.fault.status, after.fault.code, after.fault.message);
        }
        return send(200, resource());
      }
      if (!t) return error(404, "ResourceNotFound", `Trigger ${name} not found`);
      switch (operation) {
        case "get":
          return send(200, resource());
        case "delete": {
          if (t.runtimeState === "Started") return cannotUpdate();
          const refusal = checkDelete(this.store(), url.pathname);
          if (refusal) return error(refusal.status, refusal.code, refusal.message);
          this.triggers.delete(name);
          return send(200);
        }
        case "start":
          if (t.type.endsWith("EventsTrigger") && t.subscription !== "Enabled") {
            return error(400, "BadRequest", "Resource cannot be updated during provisioning");
          }
          return longRunning(() => (t.runtimeState = "Started"));
        case "stop":
          return longRunning(() => (t.runtimeState = "Stopped"));
        case "subscribe":
          return longRunning(() => {
            if (t.subscription !== "Enabled") t.subscription = "Provisioning";
          });
        case "status":
          if (t.subscription === "Provisioning" && t.provisioningPolls-- <= 0)
            t.subscription = "Enabled";
          return send(200, { triggerName: name, status: t.subscription });
        default:
          return error(405, "MethodNotAllowed", `${req.method} ${url.pathname}`);
      }
    });
  }
}
