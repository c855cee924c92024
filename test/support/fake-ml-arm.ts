import type { IncomingMessage, ServerResponse } from "http";
import { loopbackClient, LoopbackFake } from "./loopback";

const TOKEN = "fake-ml-arm-token";

export type MlOperation = "getEndpoint" | "putEndpoint" | "poll" | "deleteDeployment";

/** An injected failure for the next call of an operation. */
export interface MlFault {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

const ENDPOINT_PATH =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/onlineEndpoints\/([^/]+))(?:\/deployments\/([^/]+))?$/i;

/** How the fake answers a PUT of an endpoint (ARM RPC, "Asynchronous operations"). */
export type LroStyle = "sync" | "azure-asyncoperation" | "location";

/**
 * A loopback HTTPS server that behaves like the Azure Resource Manager endpoints of Azure ML
 * online endpoints and deployments (api-version 2025-12-01) as far as traffic needs, refusing what
 * Azure refuses (Microsoft Learn, "Safe rollout for online endpoints" and "Online endpoints"):
 * - traffic may name only deployments that exist;
 * - live traffic sums to 0 or 100;
 * - mirrored traffic is at most 50%, to one deployment, never one that has live traffic;
 * - a deployment that has live traffic cannot be deleted.
 * A PUT is long-running (201 + `Azure-AsyncOperation`, or 202 + `Location`), polls answer
 * `Retry-After`, and reads after a completed change can be stale for a while (`staleReads`).
 */
export class FakeMlArm extends LoopbackFake<MlOperation, MlFault> {
  /** Endpoints by lower-cased ARM path: the body as Azure returns it. */
  readonly endpoints = new Map<string, Record<string, any>>();
  /** Deployments by lower-cased endpoint path → names (lower-cased). */
  readonly deployments = new Map<string, Set<string>>();
  /** `METHOD path` of every call. */
  readonly log: string[] = [];
  /** The bearer token accepted, or a test of it (another fake's identity endpoint may issue it). */
  token: string | ((token: string) => boolean) = TOKEN;
  /** PUT bodies received for endpoints, in order. */
  readonly puts: Record<string, any>[] = [];
  lro: LroStyle = "azure-asyncoperation";
  /** Polls answered "in progress" before an operation completes. */
  lroPolls = 1;
  /** `Retry-After` (seconds) of each poll answer. */
  retryAfterSeconds = 0;
  /** GETs of an endpoint after a completed change that still report its previous traffic. */
  staleReads = 0;
  private stale = new Map<string, { left: number; body: Record<string, any> }>();
  private readonly ops = new Map<string, { polls: number; apply: () => void }>();
  private opCounter = 0;

  /** Client options (endpoint, credential, trust of the loopback certificate). */
  clientOptions() {
    return { endpoint: this.endpoint, ...loopbackClient(TOKEN) };
  }

  /** Creates an endpoint without traffic, as azure-native's OnlineEndpoint would. */
  addEndpoint(id: string, properties: Record<string, any> = {}): void {
    const m = ENDPOINT_PATH.exec(id)!;
    this.endpoints.set(id.toLowerCase(), {
      id,
      name: m[2],
      type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
      location: "westeurope",
      identity: { type: "SystemAssigned", principalId: "p-1", tenantId: "t-1" },
      kind: "Managed",
      properties: {
        authMode: "AADToken",
        publicNetworkAccess: "Enabled",
        provisioningState: "Succeeded",
        scoringUri: `https://${m[2]}.westeurope.inference.ml.azure.com/score`,
        traffic: {},
        mirrorTraffic: {},
        ...properties,
      },
    });
    this.deployments.set(id.toLowerCase(), new Set());
  }

  addDeployment(endpointId: string, name: string): void {
    this.deployments.get(endpointId.toLowerCase())!.add(name.toLowerCase());
  }

  /** The endpoint's traffic as stored (not as a stale read would show it). */
  trafficOf(endpointId: string): { traffic: any; mirrorTraffic: any } {
    const p = this.endpoints.get(endpointId.toLowerCase())!.properties;
    return { traffic: p.traffic, mirrorTraffic: p.mirrorTraffic };
  }

  /** Calls that change something (PUT/DELETE), in short form. */
  mutations(): string[] {
    return this.log.filter((l) => l.startsWith("PUT") || l.startsWith("DELETE"));
  }

  /** Azure ML's traffic rules; the refusal message, or undefined when the body is accepted. */
  refusal(endpointKey: string, props: Record<string, any>): string | undefined {
    const existing = this.deployments.get(endpointKey) ?? new Set<string>();
    const traffic: Record<string, number> = props.traffic ?? {};
    const mirror: Record<string, number> = props.mirrorTraffic ?? {};
    for (const d of [...Object.keys(traffic), ...Object.keys(mirror)]) {
      if (!existing.has(d.toLowerCase()))
        return `Deployment '${d}' in traffic does not exist on this endpoint.`;
    }
    const live = Object.values(traffic).reduce((s, v) => s + v, 0);
    if (live !== 0 && live !== 100) return `Traffic must sum to 0 or 100, got ${live}.`;
    const mirrored = Object.entries(mirror).filter(([, v]) => v > 0);
    const mirrorTotal = mirrored.reduce((s, [, v]) => s + v, 0);
    if (mirrorTotal > 50) return `Mirror traffic cannot exceed 50%, got ${mirrorTotal}.`;
    if (mirrored.length > 1) return "Mirror traffic can go to one deployment only.";
    for (const [d] of mirrored)
      if ((traffic[d] ?? 0) > 0)
        return `Deployment '${d}' cannot receive live traffic and mirror traffic at once.`;
    return undefined;
  }

  protected handle(req: IncomingMessage, res: ServerResponse): void {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", this.endpoint);
      this.log.push(`${req.method} ${url.pathname}`);
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(payload === undefined ? "" : JSON.stringify(payload));
      };
      const error = (status: number, code: string, message: string, headers = {}) =>
        send(status, { error: { code, message } }, headers);
      const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      if (typeof this.token === "string" ? bearer !== this.token : !this.token(bearer))
        return error(401, "AuthenticationFailed", "missing or bad token");
      const faultOf = (op: MlOperation) => {
        const f = this.nextFault(op);
        if (!f) return false;
        error(
          f.status,
          f.code,
          f.message,
          f.retryAfterSeconds !== undefined ? { "retry-after": String(f.retryAfterSeconds) } : {},
        );
        return true;
      };
      const pollHeaders = { "retry-after": String(this.retryAfterSeconds) };

      const op = /^\/operations\/([^/]+)$/.exec(url.pathname);
      if (op) {
        if (faultOf("poll")) return;
        const o = this.ops.get(op[1]);
        if (!o) return error(404, "NotFound", "no such operation");
        const viaLocation = url.searchParams.get("style") === "location";
        if (o.polls > 0) {
          o.polls--;
          return viaLocation
            ? send(202, undefined, { location: url.href, ...pollHeaders })
            : send(200, { status: "InProgress" }, pollHeaders);
        }
        o.apply();
        this.ops.delete(op[1]);
        return viaLocation ? send(200, {}) : send(200, { status: "Succeeded" });
      }

      if (url.searchParams.get("api-version") !== "2025-12-01")
        return error(400, "InvalidApiVersionParameter", "unexpected api-version");
      const m = ENDPOINT_PATH.exec(url.pathname);
      if (!m) return error(404, "NotFound", `no route ${url.pathname}`);
      const key = m[1].toLowerCase();
      const ep = this.endpoints.get(key);

      if (m[3]) {
        // A deployment.
        const deps = this.deployments.get(key);
        if (req.method === "DELETE") {
          if (faultOf("deleteDeployment")) return;
          const d = m[3].toLowerCase();
          const live = Object.entries(ep?.properties?.traffic ?? {}).some(
            ([k, v]) => k.toLowerCase() === d && (v as number) > 0,
          );
          if (live) {
            return error(
              400,
              "BadArgument",
              `Deployment '${m[3]}' has live traffic; set its traffic to 0 before deleting it.`,
            );
          }
          deps?.delete(d);
          return send(200);
        }
        return error(405, "MethodNotAllowed", `${req.method} on a deployment`);
      }

      if (req.method === "GET") {
        if (faultOf("getEndpoint")) return;
        if (!ep) return error(404, "ResourceNotFound", `Endpoint ${m[2]} not found`);
        const stale = this.stale.get(key);
        if (stale && stale.left > 0) {
          stale.left--;
          return send(200, stale.body);
        }
        return send(200, ep);
      }
      if (req.method === "PUT") {
        if (faultOf("putEndpoint")) return;
        const sent = JSON.parse(body || "{}");
        this.puts.push(sent);
        if (!ep) return error(404, "ResourceNotFound", `Endpoint ${m[2]} not found`);
        const refusal = this.refusal(key, sent.properties ?? {});
        if (refusal) return error(400, "BadArgument", refusal);
        const before = structuredClone(ep);
        const apply = () => {
          ep.properties = {
            ...ep.properties,
            ...sent.properties,
            provisioningState: "Succeeded",
            scoringUri: ep.properties.scoringUri,
          };
          ep.tags = sent.tags;
          if (this.staleReads > 0) this.stale.set(key, { left: this.staleReads, body: before });
        };
        if (this.lro === "sync") {
          apply();
          return send(200, ep);
        }
        const id = `op${++this.opCounter}`;
        this.ops.set(id, { polls: this.lroPolls, apply });
        const opUrl = `${this.endpoint}/operations/${id}`;
        return this.lro === "location"
          ? send(202, undefined, { location: `${opUrl}?style=location`, ...pollHeaders })
          : send(
              201,
              { ...ep, properties: { ...ep.properties, provisioningState: "Updating" } },
              { "azure-asyncoperation": opUrl, ...pollHeaders },
            );
      }
      return error(405, "MethodNotAllowed", `${req.method} ${url.pathname}`);
    });
  }

  /** A DELETE of a deployment as azure-native would send it, through the same server. */
  async deleteDeployment(endpointId: string, name: string): Promise<number> {
    const { default: https } = await import("https");
    const opts = this.clientOptions();
    const token = (await opts.credential.getToken("x"))!.token;
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${this.endpoint}${endpointId}/deployments/${name}?api-version=2025-12-01`,
        {
          method: "DELETE",
          headers: { authorization: `Bearer ${token}` },
          rejectUnauthorized: false,
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end();
    });
  }
}
