import type { PipelinePolicy, TokenCredential } from "../../lib/datafactory/activation";
import { loopbackClient, LoopbackFake } from "./loopback";

const TOKEN = "fake-arm-token";

/** One trigger as the fake Resource Manager keeps it. */
export interface FakeTrigger {
  type: string;
  runtimeState: "Started" | "Stopped" | "Disabled";
  properties: Record<string, unknown>;
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

type Operation = "get" | "put" | "delete" | "start" | "stop" | "status" | "subscribe";

/**
 * A loopback HTTPS server that behaves like the Azure Resource Manager endpoints of Data Factory
 * triggers (api-version 2018-06-01) as far as activation needs: GET/PUT/DELETE a trigger, the
 * long-running POST start / stop / subscribeToEvents (202 + Location, polled until 200), the
 * `getEventSubscriptionStatus` POST, `TriggerEnabledCannotUpdate` on changing a started trigger,
 * the provisioning race of event triggers, and injected faults.
 */
export class FakeArm extends LoopbackFake<Operation, Fault> {
  readonly triggers = new Map<string, FakeTrigger>();
  readonly log: string[] = [];
  /** Polls each long-running operation answers 202 before it completes. */
  lroPolls = 1;
  private readonly operations = new Map<string, { polls: number; done: () => void }>();
  private opCounter = 0;

  addTrigger(
    name: string,
    type = "ScheduleTrigger",
    runtimeState: FakeTrigger["runtimeState"] = "Stopped",
  ): FakeTrigger {
    const t: FakeTrigger = {
      type,
      runtimeState,
      properties: { type },
      subscription: type.endsWith("EventsTrigger") ? "Disabled" : "Unknown",
      provisioningPolls: 0,
    };
    this.triggers.set(name, t);
    return t;
  }

  /** Options for `TriggerActivator` / the SDK client that point at this server and trust its cert. */
  clientOptions(): {
    endpoint: string;
    credential: TokenCredential;
    additionalPolicies: PipelinePolicy[];
  } {
    return { endpoint: this.endpoint, ...loopbackClient(TOKEN) };
  }

  protected handle(req: import("http").IncomingMessage, res: import("http").ServerResponse): void {
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
      if (req.headers.authorization !== `Bearer ${TOKEN}`)
        return error(401, "AuthenticationFailed", "missing or bad token");

      const op = /^\/operations\/([^/]+)$/.exec(url.pathname);
      if (op) {
        const o = this.operations.get(op[1]);
        if (!o) return error(404, "NotFound", "no such operation");
        if (o.polls > 0) {
          o.polls--;
          return send(202, undefined, {
            location: `${this.endpoint}/operations/${op[1]}`,
            "retry-after": "0",
          });
        }
        o.done();
        return send(200, {});
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
      const fault = this.nextFault(operation);
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
      const resource = () => ({
        id: url.pathname.replace(/\/(start|stop)$/, ""),
        name,
        type: "Microsoft.DataFactory/factories/triggers",
        properties: { ...t!.properties, runtimeState: t!.runtimeState },
      });
      const cannotUpdate = () =>
        error(
          400,
          "TriggerEnabledCannotUpdate",
          "Cannot update enabled Trigger; the trigger needs to be disabled first.",
        );
      const longRunning = (done: () => void) => {
        const id = `op${++this.opCounter}`;
        this.operations.set(id, { polls: this.lroPolls, done });
        send(202, undefined, { location: `${this.endpoint}/operations/${id}`, "retry-after": "0" });
      };

      if (req.method === "PUT") {
        if (t?.runtimeState === "Started") return cannotUpdate();
        const props = JSON.parse(body || "{}").properties ?? {};
        const updated = t ?? this.addTrigger(name, props.type);
        updated.properties = props;
        return send(200, resource.call(null));
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
