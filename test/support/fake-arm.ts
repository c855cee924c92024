import { readFileSync } from "fs";
import * as https from "https";
import { AddressInfo } from "net";
import * as path from "path";
import type { PipelinePolicy, TokenCredential } from "../../lib/datafactory/activation";

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
}

/** An injected failure for the next call of an operation. */
export interface Fault {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

export type Operation = "get" | "put" | "delete" | "start" | "stop" | "status" | "subscribe";

/** A service principal the fake identity platform accepts (client-credentials grant). */
export interface FakePrincipal {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

const FACTORY_PATH =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.DataFactory\/factories\/[^/]+(?:\/pipelines\/[^/]+)?$/;

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
  /** Factories and pipelines by ARM path. */
  readonly resources = new Map<string, Record<string, unknown>>();
  readonly log: string[] = [];
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
  /** Principals that were issued a token (the token names the principal). */
  private readonly issued = new Set<string>();
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
      return l;
    });
  }

  /** Calls that change something in Azure (everything but reads, polls and tokens). */
  mutations(): string[] {
    return this.calls().filter(
      (c) =>
        !["poll", "token", "metadata"].includes(c) &&
        !c.startsWith("GET ") &&
        !c.endsWith("/getEventSubscriptionStatus"),
    );
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
        this.issued.add(form.get("client_id")!);
      }
      if (!ok) {
        send(401, {
          error: "invalid_client",
          error_description: "AADSTS7000215: Invalid client secret provided.",
        });
      } else {
        send(200, {
          token_type: "Bearer",
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: `${TOKEN}.${form.get("client_id")}`,
        });
      }
      return true;
    }
    return false;
  }

  private handle(req: import("http").IncomingMessage, res: import("http").ServerResponse): void {
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

      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
      const principal = bearer.startsWith(`${TOKEN}.`) ? bearer.slice(TOKEN.length + 1) : "";
      if (bearer !== TOKEN && !this.issued.has(principal))
        return error(401, "AuthenticationFailed", "missing or bad token");
      this.callerLog.push({ call: this.calls([this.log[this.log.length - 1]])[0], principal });

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

      if (FACTORY_PATH.test(url.pathname)) {
        const kind = url.pathname.includes("/pipelines/") ? "pipelines" : "factories";
        const name = url.pathname.split("/").pop()!;
        const resource = (props: Record<string, unknown>) => ({
          id: url.pathname,
          name,
          type: `Microsoft.DataFactory/${kind}`,
          etag: this.nextEtag(),
          ...props,
        });
        if (req.method === "PUT") {
          const props = JSON.parse(body || "{}");
          this.resources.set(url.pathname, props);
          return send(200, resource(props));
        }
        const existing = this.resources.get(url.pathname);
        if (!existing) return error(404, "ResourceNotFound", `${name} not found`);
        if (req.method === "DELETE") {
          this.resources.delete(url.pathname);
          return send(200);
        }
        return send(200, resource(existing));
      }

      const m =
        /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.DataFactory\/factories\/[^/]+\/triggers\/([^/]+)(?:\/(start|stop|getEventSubscriptionStatus|subscribeToEvents))?$/.exec(
          url.pathname,
        );
      if (!m) return error(404, "NotFound", `no route ${url.pathname}`);
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
        const props = JSON.parse(body || "{}").properties ?? {};
        let updated = t;
        if (!updated) {
          // Azure creates every trigger Stopped.
          updated = this.addTrigger(name, props.type);
          updated.provisioningPolls = this.eventProvisioningPolls;
        }
        updated.properties = props;
        updated.etag = this.nextEtag();
        return send(200, resource());
      }
      if (!t) return error(404, "ResourceNotFound", `Trigger ${name} not found`);
      switch (operation) {
        case "get":
          return send(200, resource());
        case "delete":
          if (t.runtimeState === "Started") return cannotUpdate();
          this.triggers.delete(name);
          return send(200);
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
