import { readFileSync } from "fs";
import * as https from "https";
import type { IncomingMessage, ServerResponse } from "http";
import { AddressInfo } from "net";
import * as path from "path";
import type { PipelinePolicy, TokenCredential } from "../../lib/datafactory/activation";

const CERT = readFileSync(path.join(__dirname, "../fixtures/loopback-cert.pem"));
const KEY = readFileSync(path.join(__dirname, "../fixtures/loopback-key.pem"));

/**
 * An HTTPS server on 127.0.0.1 with the test certificate: Azure SDK clients only send bearer
 * tokens over HTTPS, so the fakes of Azure endpoints need TLS.
 */
export class LoopbackHttps {
  private server?: https.Server;
  endpoint = "";

  constructor(private readonly handler: (req: IncomingMessage, res: ServerResponse) => void) {}

  async start(): Promise<string> {
    const server = https.createServer({ cert: CERT, key: KEY }, this.handler);
    this.server = server;
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    this.endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

/** A credential that always hands out `token`, and a pipeline policy that trusts the test certificate. */
export function loopbackClient(token: string): {
  credential: TokenCredential;
  additionalPolicies: PipelinePolicy[];
} {
  const agent = new https.Agent({ ca: CERT, keepAlive: false });
  return {
    credential: {
      getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
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

/**
 * Base of the loopback fakes: an HTTPS server on a free port, and queues of injected faults by
 * operation (`failNext`), taken one per call with `nextFault`.
 */
export abstract class LoopbackFake<Op extends string, F> {
  private readonly faults = new Map<Op, F[]>();
  private readonly server = new LoopbackHttps((req, res) => this.handle(req, res));
  endpoint = "";

  async start(): Promise<this> {
    this.endpoint = await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** Makes the next `times` calls of `op` fail with `fault`. */
  failNext(op: Op, fault: F, times = 1): void {
    const list = this.faults.get(op) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.faults.set(op, list);
  }

  /** The fault injected for this call of `op`, if any (consumed). */
  protected nextFault(op: Op): F | undefined {
    return this.faults.get(op)?.shift();
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): void;
}
