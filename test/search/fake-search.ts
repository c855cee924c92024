import type { DataPlaneOptions } from "../../lib/search/dataplane";
import { loopbackClient, LoopbackFake } from "../support/loopback";

/** The bearer token the fake accepts (the fake ARM's token endpoint issues it for the Search scope). */
export const SEARCH_TOKEN = "fake-search-token";
const TOKEN = SEARCH_TOKEN;

type Collection = "indexes" | "datasources" | "indexers" | "skillsets";
type Method = "GET" | "PUT" | "DELETE";

/** An injected failure for the next call of a method. */
export interface SearchFault {
  status: number;
  /** `Retry-After` header value, in seconds. @default - none */
  retryAfter?: string;
}

/** One request as the fake saw it. */
export interface SeenRequest {
  method: string;
  /** Path without the query, e.g. `/indexers('nightly')`. */
  path: string;
  apiVersion: string | null;
  ifMatch?: string;
  ifNoneMatch?: string;
  authorization?: string;
  apiKey?: string;
  body?: any;
}

/**
 * A loopback HTTPS server that behaves like the Azure AI Search data-plane REST API (2025-09-01)
 * for indexes, data sources and indexers, as far as the provider needs:
 * - `PUT /{collection}('{name}')` creates (201) or replaces (200) and answers with the stored
 *   object and a fresh `@odata.etag`; `If-Match` with a stale ETag (or on a missing object) gives
 *   412, `If-None-Match: *` on an existing one 412 (REST spec `Indexers_CreateOrUpdate`,
 *   parameters `If-Match` / `If-None-Match`);
 * - `GET` answers 200 or 404; data sources come back with `credentials.connectionString: null`,
 *   as Azure never returns it;
 * - `DELETE` answers 204, or 404 for what is not there (spec: `204` and `404` responses);
 * - an indexer naming a missing data source, index or skillset is refused with 400, and so is one
 *   whose `outputFieldMappings` target a field the index lacks;
 * - skillsets (`/skillsets`, REST "Create or Update Skillset" 2025-09-01): refused with 400 when
 *   `skills` is empty or holds more than 30 (Learn, service limits, "Maximum of 30 skills per
 *   skillset"), when a skill has an unknown `@odata.type`, no inputs or no outputs, when two skills
 *   share a name, and when a split skill's `textSplitMode` is not pages/sentences or its
 *   `maximumPageLength` is outside 300-50000 (Learn, "Text split cognitive skill");
 * - requests without a bearer token get 401; injected faults (429 with `Retry-After`, 503).
 * The `/name` form of the docs is accepted too.
 */
export class FakeSearch extends LoopbackFake<Method, SearchFault> {
  readonly store: Record<Collection, Map<string, any>> = {
    indexes: new Map(),
    datasources: new Map(),
    indexers: new Map(),
    skillsets: new Map(),
  };
  readonly requests: SeenRequest[] = [];
  private etagCounter = 0;

  /** Changes an object behind Pulumi's back (new ETag), as a portal edit would. */
  tamper(collection: Collection, name: string, change: (o: any) => void): void {
    const o = this.store[collection].get(name);
    change(o);
    o["@odata.etag"] = this.nextEtag();
  }

  /** Data-plane options that point the provider at this server and trust its certificate. */
  options(extra: Partial<DataPlaneOptions> = {}): DataPlaneOptions {
    return {
      ...loopbackClient(TOKEN),
      sleep: async () => undefined,
      ...extra,
    };
  }

  private nextEtag(): string {
    return `"0x8D${(++this.etagCounter).toString(16).padStart(12, "0").toUpperCase()}"`;
  }

  /** Answers one request that another server received (the fake ARM routes `<service>.search.windows.net` here). */
  serve(req: import("http").IncomingMessage, res: import("http").ServerResponse): void {
    this.handle(req, res);
  }

  protected handle(req: import("http").IncomingMessage, res: import("http").ServerResponse): void {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", this.endpoint);
      const seen: SeenRequest = {
        method: req.method ?? "",
        path: decodeURIComponent(url.pathname),
        apiVersion: url.searchParams.get("api-version"),
        ifMatch: req.headers["if-match"] as string | undefined,
        ifNoneMatch: req.headers["if-none-match"] as string | undefined,
        authorization: req.headers.authorization,
        apiKey: req.headers["api-key"] as string | undefined,
        body: raw ? JSON.parse(raw) : undefined,
      };
      this.requests.push(seen);
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, {
          "content-type": "application/json; odata.metadata=minimal",
          ...headers,
        });
        res.end(payload === undefined ? "" : JSON.stringify(payload));
      };
      const error = (status: number, message: string, headers: Record<string, string> = {}) =>
        send(status, { error: { code: "", message } }, headers);

      if (seen.authorization !== `Bearer ${TOKEN}`) return error(401, "Authorization required");
      const fault = this.nextFault(seen.method as Method);
      if (fault)
        return error(
          fault.status,
          fault.status === 429 ? "Too many requests" : "Service unavailable",
          fault.retryAfter ? { "retry-after": fault.retryAfter } : {},
        );
      const m = /^\/(indexes|datasources|indexers|skillsets)(?:\('([^']+)'\)|\/([^/]+))$/.exec(
        seen.path,
      );
      if (!m) return error(404, `No route ${seen.path}`);
      const collection = m[1] as Collection;
      const name = m[2] ?? m[3];
      const store = this.store[collection];
      const current = store.get(name);

      switch (seen.method) {
        case "GET": {
          if (!current) return error(404, `No ${collection} named '${name}'`);
          const out = structuredClone(current);
          if (collection === "datasources") out.credentials = { connectionString: null };
          return send(200, out);
        }
        case "DELETE":
          if (!current) return error(404, `No ${collection} named '${name}'`);
          store.delete(name);
          return send(204);
        case "PUT": {
          if (seen.ifMatch && (!current || current["@odata.etag"] !== seen.ifMatch))
            return error(
              412,
              "The precondition given in one of the request headers evaluated to false.",
            );
          if (seen.ifNoneMatch === "*" && current)
            return error(
              412,
              "The precondition given in one of the request headers evaluated to false.",
            );
          const body = { ...seen.body };
          delete body["@odata.etag"];
          if (body.name !== name) return error(400, "The name in the body differs from the URL");
          if (collection === "indexers") {
            if (!this.store.datasources.has(body.dataSourceName))
              return error(400, `Data source '${body.dataSourceName}' was not found`);
            if (!this.store.indexes.has(body.targetIndexName))
              return error(400, `Index '${body.targetIndexName}' was not found`);
            if (body.skillsetName && !this.store.skillsets.has(body.skillsetName))
              return error(400, `Skillset '${body.skillsetName}' was not found`);
            const fields = new Set(
              (this.store.indexes.get(body.targetIndexName).fields ?? []).map((f: any) => f.name),
            );
            for (const m of body.outputFieldMappings ?? [])
              if (!fields.has(m.targetFieldName))
                return error(
                  400,
                  `Output field mapping specifies target field '${m.targetFieldName}' that doesn't exist in the index`,
                );
          }
          if (collection === "skillsets") {
            const refusal = skillsetRefusal(body);
            if (refusal) return error(400, refusal);
          }
          const stored = { ...body, "@odata.etag": this.nextEtag() };
          store.set(name, stored);
          return send(current ? 200 : 201, stored, { etag: stored["@odata.etag"] });
        }
        default:
          return error(405, "Method not allowed");
      }
    });
  }
}

/** Built-in skill types the fake knows (a subset of the REST spec's `SearchIndexerSkill` kinds). */
const KNOWN_SKILLS = new Set([
  "#Microsoft.Skills.Text.SplitSkill",
  "#Microsoft.Skills.Vision.OcrSkill",
  "#Microsoft.Skills.Text.MergeSkill",
  "#Microsoft.Skills.Util.ShaperSkill",
]);

/** Why the service would refuse a skillset body, or undefined. */
export function skillsetRefusal(body: any): string | undefined {
  const skills: any[] = body.skills ?? [];
  if (!Array.isArray(skills) || skills.length === 0)
    return "The skillset must contain at least one skill";
  if (skills.length > 30) return `The skillset has ${skills.length} skills; the maximum is 30`;
  const names = new Set<string>();
  for (const k of skills) {
    if (!KNOWN_SKILLS.has(k["@odata.type"])) return `Unknown skill type '${k["@odata.type"]}'`;
    if (!k.inputs?.length) return `Skill '${k.name}' has no inputs`;
    if (!k.outputs?.length) return `Skill '${k.name}' has no outputs`;
    if (k.name && names.has(k.name)) return `Two skills are named '${k.name}'`;
    if (k.name) names.add(k.name);
    if (k["@odata.type"] === "#Microsoft.Skills.Text.SplitSkill") {
      if (k.textSplitMode && !["pages", "sentences"].includes(k.textSplitMode))
        return `Invalid textSplitMode '${k.textSplitMode}'`;
      const len = k.maximumPageLength;
      if (len !== undefined && len !== null && (len < 300 || len > 50000))
        return `maximumPageLength must be between 300 and 50000, got ${len}`;
    }
  }
  return undefined;
}
