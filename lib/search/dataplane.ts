import type { PipelinePolicy, TokenCredential } from "../datafactory/activation";

/**
 * The data-plane object kinds this library manages, with their REST collections
 * (`/indexes`, `/datasources`, `/indexers`, `/skillsets`; Search REST API 2025-09-01).
 */
export type SearchObjectKind = "index" | "dataSource" | "indexer" | "skillset";

/** REST collection of each kind. */
export const COLLECTIONS: Record<SearchObjectKind, string> = {
  index: "indexes",
  dataSource: "datasources",
  indexer: "indexers",
  skillset: "skillsets",
};

/**
 * One data-plane object as Pulumi keeps it: where it lives and its REST definition (the JSON body
 * of `PUT /{collection}/{name}` without `@odata.etag`).
 */
export interface SearchObjectInputs {
  /** `https://<service>.search.windows.net`. */
  readonly endpoint: string;
  /** Which object: `index`, `dataSource` or `indexer`. */
  readonly kind: SearchObjectKind;
  /** REST body; `definition.name` is the object's name. */
  readonly definition: Record<string, any>;
}

/** What Pulumi stores after a create, update or read: the inputs plus the object's ETag. */
export interface SearchObjectState extends SearchObjectInputs {
  /** `@odata.etag` of the last write or read. */
  readonly etag?: string;
}

/** How to reach a search service. Defaults are for real Azure; tests point it at a fake. */
export interface DataPlaneOptions {
  /** Credential for the Search data-plane calls. @default new DefaultAzureCredential() */
  readonly credential?: TokenCredential;
  /** Extra HTTP pipeline policies (tests trust a loopback certificate with one). @default [] */
  readonly additionalPolicies?: PipelinePolicy[];
  /** REST API version. @default "2025-09-01" (the SDK's) */
  readonly serviceVersion?: string;
  /** Give up retrying 429 / 503 once this much time has passed since the first attempt. @default 300000 */
  readonly deadlineMs?: number;
  /** First backoff when the service sends no Retry-After; doubles per attempt. @default 2000 */
  readonly initialDelayMs?: number;
  /** Sleep function (tests pass a recording one). @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The id Pulumi keeps for an object: its REST URL. */
export function objectId(inputs: SearchObjectInputs): string {
  return `${inputs.endpoint.replace(/\/+$/, "")}/${COLLECTIONS[inputs.kind]}/${inputs.definition.name}`;
}

interface RestLikeError {
  statusCode?: number;
  message?: string;
  response?: { headers?: { get(name: string): string | undefined } };
}

/** Throttling and "service unavailable" are retried; everything else fails at once. */
export function isRetryable(e: unknown): boolean {
  const status = (e as RestLikeError)?.statusCode;
  return status === 429 || status === 503;
}

/** Milliseconds the service asked to wait (`Retry-After` in seconds or as an HTTP date). */
export function retryAfterMs(e: unknown, now: number): number | undefined {
  const raw = (e as RestLikeError)?.response?.headers?.get("retry-after");
  if (!raw) return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * Runs `call`, retrying 429 and 503 answers: it waits what `Retry-After` says, or backs off
 * exponentially, and gives up (rethrowing the last error) when the next wait would end after the
 * deadline. The bound keeps a throttled `pulumi up` from hanging.
 */
export async function withRetry<T>(
  what: string,
  call: () => Promise<T>,
  opts: DataPlaneOptions = {},
): Promise<T> {
  const deadline = opts.deadlineMs ?? 300_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let waited = 0;
  let backoff = opts.initialDelayMs ?? 2000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isRetryable(e)) throw e;
      const wait = retryAfterMs(e, Date.now()) ?? backoff;
      backoff *= 2;
      if (waited + wait > deadline) {
        const err = e as Error;
        err.message = `${what}: gave up after ${attempt} attempt(s) within ${deadline} ms: ${err.message}`;
        throw err;
      }
      await sleep(wait);
      waited += wait;
    }
  }
}

function clients(endpoint: string, opts: DataPlaneOptions) {
  // Loaded on first use, inside the provider's process: dynamic providers are serialized.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require("@azure/search-documents") as typeof import("@azure/search-documents");
  const credential =
    opts.credential ??
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    new (require("@azure/identity") as typeof import("@azure/identity")).DefaultAzureCredential();
  const options = {
    serviceVersion: opts.serviceVersion,
    // withRetry owns retries so the total wait stays bounded.
    retryOptions: { maxRetries: 0 },
    additionalPolicies: (opts.additionalPolicies ?? []).map((policy) => ({
      policy,
      position: "perCall" as const,
    })),
  };
  return {
    indexes: new sdk.SearchIndexClient(endpoint, credential as any, options as any),
    indexers: new sdk.SearchIndexerClient(endpoint, credential as any, options as any),
  };
}

/** REST field → SDK field (`retrievable` becomes `hidden`). */
function toSdkField(f: Record<string, any>): Record<string, any> {
  if (f.type === "Edm.ComplexType" || f.type === "Collection(Edm.ComplexType)")
    return { name: f.name, type: f.type, fields: (f.fields ?? []).map(toSdkField) };
  const { retrievable, ...rest } = f;
  return retrievable === undefined ? rest : { ...rest, hidden: !retrievable };
}

/**
 * SDK field → REST field, keeping only what this library manages. An attribute is written when it
 * is true, or when the known definition (what Pulumi wrote) spells it out: `SearchIndexerSchedule`
 * writes every attribute, `false` included, and a read that dropped the `false` ones would show
 * drift on every refresh (found by the engine deploy scenario of examples/search-indexer).
 */
function fromSdkField(f: Record<string, any>, known?: Record<string, any>): Record<string, any> {
  const knownFields = (known?.fields ?? []) as Record<string, any>[];
  const sub = (x: Record<string, any>) =>
    fromSdkField(
      x,
      knownFields.find((k) => k.name === x.name),
    );
  if (f.type === "Edm.ComplexType" || f.type === "Collection(Edm.ComplexType)")
    return { name: f.name, type: f.type, fields: (f.fields ?? []).map(sub) };
  const out: Record<string, any> = { name: f.name, type: f.type };
  for (const a of ["key", "searchable", "filterable", "sortable", "facetable"])
    if (f[a]) out[a] = true;
    else if (known && a in known) out[a] = false;
  out.retrievable = !f.hidden;
  return out;
}

/**
 * REST skill -> SDK skill: the SDK names the discriminator `odatatype`, the split skill's
 * `maximumPageLength` `maxPageLength` and the OCR skill's `detectOrientation`
 * `shouldDetectOrientation` (its serializer maps them back to the REST names).
 */
function toSdkSkill(k: Record<string, any>): Record<string, any> {
  const { "@odata.type": odatatype, maximumPageLength, detectOrientation, ...rest } = k;
  return {
    odatatype,
    ...rest,
    ...(maximumPageLength !== undefined ? { maxPageLength: maximumPageLength } : {}),
    ...(detectOrientation !== undefined ? { shouldDetectOrientation: detectOrientation } : {}),
  };
}

/** SDK skill -> REST skill, the keys this library writes only. */
function fromSdkSkill(k: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { "@odata.type": k.odatatype, name: k.name };
  if (k.description) out.description = k.description;
  if (k.context) out.context = k.context;
  if (k.textSplitMode) out.textSplitMode = k.textSplitMode;
  if (k.maxPageLength !== undefined && k.maxPageLength !== null)
    out.maximumPageLength = k.maxPageLength;
  if (k.defaultLanguageCode) out.defaultLanguageCode = k.defaultLanguageCode;
  if (k.shouldDetectOrientation !== undefined && k.shouldDetectOrientation !== null)
    out.detectOrientation = k.shouldDetectOrientation;
  out.inputs = (k.inputs ?? []).map((i: any) => ({ name: i.name, source: i.source }));
  out.outputs = (k.outputs ?? []).map((o: any) => ({ name: o.name, targetName: o.targetName }));
  return out;
}

/** SDK model of a REST definition, for `createOrUpdate*`. */
function toSdk(kind: SearchObjectKind, d: Record<string, any>, etag?: string): any {
  switch (kind) {
    case "index":
      return { name: d.name, fields: d.fields.map(toSdkField), etag };
    case "dataSource":
      return {
        name: d.name,
        type: d.type,
        connectionString: d.credentials?.connectionString,
        container: d.container,
        etag,
      };
    case "skillset":
      return {
        name: d.name,
        description: d.description,
        skills: (d.skills ?? []).map(toSdkSkill),
        etag,
      };
    case "indexer": {
      const { disabled, schedule, ...rest } = d;
      return {
        ...rest,
        isDisabled: disabled,
        schedule: schedule && {
          interval: schedule.interval,
          startTime: schedule.startTime ? new Date(schedule.startTime) : undefined,
        },
        etag,
      };
    }
  }
}

/**
 * The REST definition of an object read from Azure, limited to what this library sets, so a
 * refresh compares like with like. Azure never returns a data source's connection string, so the
 * one Pulumi knows is kept; a data source's description is left out because SDK 12.2 reads it back
 * as the name (`generatedDataSourceToPublicDataSource`).
 */
function fromSdk(kind: SearchObjectKind, o: any, known: Record<string, any>): Record<string, any> {
  switch (kind) {
    case "index":
      return {
        name: o.name,
        fields: (o.fields ?? []).map((f: Record<string, any>) =>
          fromSdkField(
            f,
            ((known?.fields ?? []) as Record<string, any>[]).find((k) => k.name === f.name),
          ),
        ),
      };
    case "dataSource":
      return {
        name: o.name,
        type: o.type,
        credentials: {
          connectionString:
            o.connectionString && o.connectionString !== "<unchanged>"
              ? o.connectionString
              : known.credentials?.connectionString,
        },
        container: o.container?.query
          ? { name: o.container.name, query: o.container.query }
          : { name: o.container?.name },
      };
    case "skillset":
      return {
        name: o.name,
        ...(o.description ? { description: o.description } : {}),
        skills: (o.skills ?? []).map(fromSdkSkill),
      };
    case "indexer": {
      const out: Record<string, any> = {
        name: o.name,
        dataSourceName: o.dataSourceName,
        targetIndexName: o.targetIndexName,
      };
      if (o.skillsetName) out.skillsetName = o.skillsetName;
      if (o.schedule)
        out.schedule = {
          interval: o.schedule.interval,
          ...(o.schedule.startTime
            ? { startTime: new Date(o.schedule.startTime).toISOString() }
            : {}),
        };
      if (o.parameters) {
        const p: Record<string, any> = {};
        // Azure (and the SDK) fill unset failure limits with 0: only a set or non-default one counts.
        const set = known.parameters ?? {};
        for (const k of ["batchSize", "maxFailedItems", "maxFailedItemsPerBatch"]) {
          const v = o.parameters[k];
          if (v !== undefined && v !== null && (k in set || v !== 0)) p[k] = v;
        }
        const c = o.parameters.configuration;
        if (c?.parsingMode) p.configuration = { parsingMode: c.parsingMode };
        // Image extraction, set when a skillset OCRs the documents.
        for (const k of ["dataToExtract", "imageAction"])
          if (c?.[k] && known.parameters?.configuration?.[k] !== undefined)
            p.configuration = { ...p.configuration, [k]: c[k] };
        out.parameters = p;
      }
      if (o.fieldMappings?.length)
        out.fieldMappings = o.fieldMappings.map((m: any) => ({
          sourceFieldName: m.sourceFieldName,
          ...(m.targetFieldName ? { targetFieldName: m.targetFieldName } : {}),
          ...(m.mappingFunction ? { mappingFunction: m.mappingFunction } : {}),
        }));
      if (o.outputFieldMappings?.length)
        out.outputFieldMappings = o.outputFieldMappings.map((m: any) => ({
          sourceFieldName: m.sourceFieldName,
          targetFieldName: m.targetFieldName,
        }));
      if (o.isDisabled) out.disabled = true;
      if (o.description) out.description = o.description;
      return out;
    }
  }
}

/**
 * Creates or replaces an object (`PUT`). With `ifMatch` the write only happens when the object
 * still has that ETag, so a change made outside Pulumi is not silently overwritten.
 */
export async function putObject(
  inputs: SearchObjectInputs,
  opts: DataPlaneOptions = {},
  ifMatch?: string,
): Promise<SearchObjectState> {
  const c = clients(inputs.endpoint, opts);
  const model = toSdk(inputs.kind, inputs.definition, ifMatch);
  const write = { onlyIfUnchanged: ifMatch !== undefined };
  const what = `PUT ${objectId(inputs)}`;
  let saved: any;
  try {
    saved = await withRetry<unknown>(
      what,
      () => {
        switch (inputs.kind) {
          case "index":
            return c.indexes.createOrUpdateIndex(model, write);
          case "dataSource":
            return c.indexers.createOrUpdateDataSourceConnection(model, write);
          case "indexer":
            return c.indexers.createOrUpdateIndexer(model, write);
          case "skillset":
            return c.indexers.createOrUpdateSkillset(model, write);
        }
      },
      opts,
    );
  } catch (e) {
    // 412 on the stored ETag: either someone changed the object outside Pulumi (refuse), or our
    // own earlier write reached the service but its answer was lost (a time-out or a 5xx after
    // the store), so the ETag Pulumi kept is stale while the object already holds these inputs.
    // The second case must converge on the next `pulumi up` (found by the engine deploy scenario).
    if (ifMatch === undefined || (e as RestLikeError)?.statusCode !== 412) throw e;
    const current = await getObject(inputs, opts);
    if (current && !diffObject(current, inputs).changes) return { ...inputs, etag: current.etag };
    throw e;
  }
  return { ...inputs, etag: saved?.etag };
}

/** Reads an object back; `undefined` when it no longer exists (404). */
export async function getObject(
  inputs: SearchObjectInputs,
  opts: DataPlaneOptions = {},
): Promise<SearchObjectState | undefined> {
  const c = clients(inputs.endpoint, opts);
  const name = inputs.definition.name;
  try {
    const o: any = await withRetry<unknown>(
      `GET ${objectId(inputs)}`,
      () => {
        switch (inputs.kind) {
          case "index":
            return c.indexes.getIndex(name);
          case "dataSource":
            return c.indexers.getDataSourceConnection(name);
          case "indexer":
            return c.indexers.getIndexer(name);
          case "skillset":
            return c.indexers.getSkillset(name);
        }
      },
      opts,
    );
    return {
      endpoint: inputs.endpoint,
      kind: inputs.kind,
      definition: fromSdk(inputs.kind, o, inputs.definition),
      etag: o.etag,
    };
  } catch (e) {
    if ((e as RestLikeError)?.statusCode === 404) return undefined;
    throw e;
  }
}

/** Deletes an object; one that is already gone counts as deleted. */
export async function deleteObject(
  inputs: SearchObjectInputs,
  opts: DataPlaneOptions = {},
): Promise<void> {
  const c = clients(inputs.endpoint, opts);
  const name = inputs.definition.name;
  try {
    await withRetry(
      `DELETE ${objectId(inputs)}`,
      () => {
        switch (inputs.kind) {
          case "index":
            return c.indexes.deleteIndex(name);
          case "dataSource":
            return c.indexers.deleteDataSourceConnection(name);
          case "indexer":
            return c.indexers.deleteIndexer(name);
          case "skillset":
            return c.indexers.deleteSkillset(name);
        }
      },
      opts,
    );
  } catch (e) {
    if ((e as RestLikeError)?.statusCode !== 404) throw e;
  }
}

const INDEX_FIELD_ATTRIBUTES = ["type", "key", "searchable", "filterable", "sortable", "facetable"];

/** JSON with object keys sorted: state read back from Pulumi may order keys differently. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Index fields that Azure cannot change in place: a field removed, or its type, key or an
 * attribute other than `retrievable` changed (adding fields and toggling `retrievable` are
 * in-place updates). Paths like `fields[title].searchable`.
 */
export function indexRebuildReasons(
  olds: readonly Record<string, any>[],
  news: readonly Record<string, any>[],
  path = "fields",
): string[] {
  const reasons: string[] = [];
  const byName = new Map(news.map((f) => [f.name, f]));
  for (const o of olds) {
    const n = byName.get(o.name);
    if (!n) {
      reasons.push(`${path}[${o.name}] removed`);
      continue;
    }
    for (const a of INDEX_FIELD_ATTRIBUTES)
      if (!!o[a] !== !!n[a] && !(a === "type" && o.type === n.type))
        reasons.push(`${path}[${o.name}].${a}`);
    if (o.fields || n.fields)
      reasons.push(...indexRebuildReasons(o.fields ?? [], n.fields ?? [], `${path}[${o.name}]`));
  }
  return reasons;
}

/** What a change means in Azure: nothing, an in-place update, or a replacement. */
export interface ObjectDiff {
  /** Whether anything Azure keeps differs. */
  readonly changes: boolean;
  /** Input paths whose change forces delete-then-create. */
  readonly replaces: string[];
}

/**
 * Compares two states of an object. A new endpoint, kind or name is a different object; an index
 * whose existing fields change must be rebuilt; a data source cannot change its type. Anything
 * else is a `PUT` in place.
 */
export function diffObject(olds: SearchObjectInputs, news: SearchObjectInputs): ObjectDiff {
  const replaces: string[] = [];
  if (olds.endpoint !== news.endpoint) replaces.push("endpoint");
  if (olds.kind !== news.kind) replaces.push("kind");
  if (olds.definition?.name !== news.definition?.name) replaces.push("definition.name");
  if (news.kind === "index" && olds.kind === "index")
    for (const r of indexRebuildReasons(olds.definition.fields ?? [], news.definition.fields ?? []))
      replaces.push(`definition.${r}`);
  if (news.kind === "dataSource" && olds.definition?.type !== news.definition?.type)
    replaces.push("definition.type");
  const changes =
    replaces.length > 0 ||
    !sameJson(
      { e: olds.endpoint, k: olds.kind, d: olds.definition },
      { e: news.endpoint, k: news.kind, d: news.definition },
    );
  return { changes, replaces };
}
