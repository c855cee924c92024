import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { FakeSearch } from "./fake-search";
import { searchObjectProvider } from "../../lib/search/provider";
import { SearchObjectInputs, withRetry } from "../../lib/search/dataplane";

// Shapes from azure-rest-api-specs specification/search/data-plane/Azure.Search/stable/2025-09-01
// (examples SearchServiceCreateOrUpdateIndexer.json, SearchServiceCreateOrUpdateDataSource.json,
// SearchServiceCreateOrUpdateIndex.json, SearchServiceDeleteIndexer.json: 204 or 404).
const index = (endpoint: string, fields?: any[]): SearchObjectInputs => ({
  endpoint,
  kind: "index",
  definition: {
    name: "curated",
    fields: fields ?? [
      { name: "id", type: "Edm.String", key: true, filterable: true, retrievable: true },
      { name: "title", type: "Edm.String", searchable: true, retrievable: true },
    ],
  },
});
const dataSource = (endpoint: string): SearchObjectInputs => ({
  endpoint,
  kind: "dataSource",
  definition: {
    name: "curated-blobs",
    type: "azureblob",
    credentials: {
      connectionString:
        "ResourceId=/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdata;",
    },
    container: { name: "curated", query: "sales/" },
  },
});
const indexer = (endpoint: string, interval = "PT1H"): SearchObjectInputs => ({
  endpoint,
  kind: "indexer",
  definition: {
    name: "curated-indexer",
    dataSourceName: "curated-blobs",
    targetIndexName: "curated",
    schedule: { interval, startTime: "2026-01-01T03:00:00.000Z" },
    parameters: { batchSize: 100, maxFailedItems: 0, configuration: { parsingMode: "jsonLines" } },
  },
});

describe("Search data-plane provider against a loopback Search REST API", () => {
  let fake: FakeSearch;
  beforeEach(async () => {
    fake = await new FakeSearch().start();
  });
  afterEach(() => fake.stop());

  it("creates index, data source and indexer with the real SDK client, bearer token and no api-key", async () => {
    const p = searchObjectProvider(fake.options());
    const created = [];
    for (const inputs of [index(fake.endpoint), dataSource(fake.endpoint), indexer(fake.endpoint)])
      created.push(await p.create!(inputs));
    assert.deepEqual(
      created.map((c) => c.id),
      [
        `${fake.endpoint}/indexes/curated`,
        `${fake.endpoint}/datasources/curated-blobs`,
        `${fake.endpoint}/indexers/curated-indexer`,
      ],
    );
    for (const c of created) assert.match(c.outs.etag, /^"0x8D/);
    const puts = fake.requests.filter((r) => r.method === "PUT");
    assert.deepEqual(
      puts.map((r) => r.path),
      ["/indexes('curated')", "/datasources('curated-blobs')", "/indexers('curated-indexer')"],
    );
    for (const r of fake.requests) {
      assert.equal(r.apiVersion, "2025-09-01");
      assert.equal(r.apiKey, undefined, "no admin key is ever sent");
      assert.match(r.authorization ?? "", /^Bearer /);
    }
    // What Azure receives: REST JSON, not the SDK's model.
    const [ix, ds, ir] = puts.map((r) => r.body);
    assert.deepEqual(ix.fields[1], {
      name: "title",
      type: "Edm.String",
      retrievable: true,
      searchable: true,
      filterable: false,
      facetable: false,
      sortable: false,
    });
    assert.equal(ix.fields[0].key, true);
    assert.equal(ds.type, "azureblob");
    assert.deepEqual(ds.credentials, dataSource(fake.endpoint).definition.credentials);
    assert.deepEqual(ds.container, { name: "curated", query: "sales/" });
    assert.deepEqual(ir.schedule, { interval: "PT1H", startTime: "2026-01-01T03:00:00.000Z" });
    assert.deepEqual(ir.parameters, {
      batchSize: 100,
      maxFailedItems: 0,
      configuration: { parsingMode: "jsonLines" },
    });
    assert.equal(ir.dataSourceName, "curated-blobs");
    assert.equal(ir.targetIndexName, "curated");
  });

  it("reads back what it wrote with no drift, and reports drift made outside Pulumi", async () => {
    const p = searchObjectProvider(fake.options());
    await p.create!(index(fake.endpoint));
    const ds = await p.create!(dataSource(fake.endpoint));
    const ir = await p.create!(indexer(fake.endpoint));

    const readDs = await p.read!(ds.id, ds.outs);
    // Azure never returns the connection string; the known one is kept, so no false drift.
    assert.deepEqual(readDs.props.definition, dataSource(fake.endpoint).definition);
    const same = await p.read!(ir.id, ir.outs);
    assert.equal((await p.diff!(ir.id, same.props, indexer(fake.endpoint))).changes, false);

    fake.tamper("indexers", "curated-indexer", (o) => (o.schedule.interval = "PT5M"));
    const drifted = await p.read!(ir.id, ir.outs);
    assert.equal(drifted.props.definition.schedule.interval, "PT5M");
    assert.notEqual(drifted.props.etag, ir.outs.etag);
    const d = await p.diff!(ir.id, drifted.props, indexer(fake.endpoint));
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
  });

  it("reads back explicit false attributes as written (SearchIndexerSchedule spells every attribute out)", async () => {
    const p = searchObjectProvider(fake.options());
    const explicit = index(fake.endpoint, [
      {
        name: "id",
        type: "Edm.String",
        key: true,
        searchable: false,
        filterable: true,
        retrievable: true,
        sortable: false,
        facetable: false,
      },
      {
        name: "title",
        type: "Edm.String",
        key: false,
        searchable: true,
        filterable: false,
        retrievable: true,
        sortable: false,
        facetable: false,
      },
    ]);
    const ix = await p.create!(explicit);
    const read = await p.read!(ix.id, ix.outs);
    assert.deepEqual(read.props.definition, explicit.definition);
  });

  it("read of an object deleted outside Pulumi returns an empty id, so refresh drops it", async () => {
    const p = searchObjectProvider(fake.options());
    const ix = await p.create!(index(fake.endpoint));
    fake.store.indexes.delete("curated");
    assert.deepEqual(await p.read!(ix.id, ix.outs), { id: "", props: {} });
  });

  it("updates in place with If-Match on the stored ETag", async () => {
    const p = searchObjectProvider(fake.options());
    await p.create!(index(fake.endpoint));
    await p.create!(dataSource(fake.endpoint));
    const ir = await p.create!(indexer(fake.endpoint));
    const news = indexer(fake.endpoint, "PT2H");
    const d = await p.diff!(ir.id, ir.outs, news);
    assert.deepEqual(d, { changes: true, replaces: [], deleteBeforeReplace: false });
    const up = await p.update!(ir.id, ir.outs, news);
    const put = fake.requests.filter((r) => r.method === "PUT").at(-1)!;
    assert.equal(put.ifMatch, ir.outs.etag);
    assert.equal(put.body.schedule.interval, "PT2H");
    assert.equal(fake.store.indexers.get("curated-indexer").schedule.interval, "PT2H");
    assert.notEqual(up.outs.etag, ir.outs.etag);
  });

  it("refuses to overwrite a change made outside Pulumi (412 on a stale ETag)", async () => {
    const p = searchObjectProvider(fake.options());
    const ix = await p.create!(index(fake.endpoint));
    fake.tamper("indexes", "curated", (o) => o.fields.push({ name: "x", type: "Edm.String" }));
    const news = index(fake.endpoint, [
      ...index(fake.endpoint).definition.fields,
      { name: "body", type: "Edm.String", searchable: true },
    ]);
    await assert.rejects(p.update!(ix.id, ix.outs, news), (e: any) => e.statusCode === 412);
  });

  it("converges when its own earlier write was stored but the answer was lost (stale ETag, same content)", async () => {
    const p = searchObjectProvider(fake.options());
    await p.create!(index(fake.endpoint));
    await p.create!(dataSource(fake.endpoint));
    const ir = await p.create!(indexer(fake.endpoint));
    const news = indexer(fake.endpoint, "PT2H");
    // The first update reached the service (new ETag), but Pulumi kept the old state.
    await p.update!(ir.id, ir.outs, news);
    const again = await p.update!(ir.id, ir.outs, news);
    assert.equal(again.outs.etag, fake.store.indexers.get("curated-indexer")["@odata.etag"]);
    // A change made outside Pulumi is still refused.
    fake.tamper("indexers", "curated-indexer", (o) => (o.schedule.interval = "PT5M"));
    await assert.rejects(
      p.update!(ir.id, again.outs, indexer(fake.endpoint, "PT3H")),
      (e: any) => e.statusCode === 412,
    );
  });

  it("asks for delete-then-create when Azure cannot change an index field in place", async () => {
    const p = searchObjectProvider(fake.options());
    const ix = await p.create!(index(fake.endpoint));
    const retyped = index(fake.endpoint, [
      { name: "id", type: "Edm.String", key: true, filterable: true, retrievable: true },
      { name: "title", type: "Edm.String", searchable: true, filterable: true, retrievable: true },
    ]);
    assert.deepEqual(await p.diff!(ix.id, ix.outs, retyped), {
      changes: true,
      replaces: ["definition.fields[title].filterable"],
      deleteBeforeReplace: true,
    });
    const dropped = index(fake.endpoint, [index(fake.endpoint).definition.fields[0]]);
    assert.deepEqual((await p.diff!(ix.id, ix.outs, dropped)).replaces, [
      "definition.fields[title] removed",
    ]);
    // Adding a field or hiding one (retrievable) are in-place updates.
    const added = index(fake.endpoint, [
      ...index(fake.endpoint).definition.fields.map((f: any) => ({ ...f, retrievable: false })),
      { name: "body", type: "Edm.String", searchable: true },
    ]);
    assert.deepEqual(await p.diff!(ix.id, ix.outs, added), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const renamed = {
      ...index(fake.endpoint),
      definition: { ...index(fake.endpoint).definition, name: "other" },
    };
    assert.deepEqual((await p.diff!(ix.id, ix.outs, renamed)).replaces, ["definition.name"]);
  });

  it("deletes, and deleting what is already gone succeeds (404)", async () => {
    const p = searchObjectProvider(fake.options());
    const ix = await p.create!(index(fake.endpoint));
    await p.delete!(ix.id, ix.outs);
    assert.equal(fake.store.indexes.size, 0);
    await p.delete!(ix.id, ix.outs);
    const deletes = fake.requests.filter((r) => r.method === "DELETE");
    assert.equal(deletes.length, 2);
  });

  it("retries 429 honouring Retry-After and 503 with backoff", async () => {
    const waits: number[] = [];
    const p = searchObjectProvider(
      fake.options({ sleep: async (ms) => void waits.push(ms), initialDelayMs: 1000 }),
    );
    fake.failNext("PUT", { status: 429, retryAfter: "7" });
    fake.failNext("PUT", { status: 503 }, 2);
    const ix = await p.create!(index(fake.endpoint));
    assert.equal(ix.id, `${fake.endpoint}/indexes/curated`);
    assert.deepEqual(waits, [7000, 2000, 4000]);
    assert.equal(fake.requests.filter((r) => r.method === "PUT").length, 4);
  });

  it("gives up when the next wait would pass the deadline, and does not retry other errors", async () => {
    const waits: number[] = [];
    const p = searchObjectProvider(
      fake.options({ sleep: async (ms) => void waits.push(ms), deadlineMs: 60_000 }),
    );
    fake.failNext("PUT", { status: 429, retryAfter: "30" }, 3);
    await assert.rejects(p.create!(index(fake.endpoint)), (e: any) => {
      assert.equal(e.statusCode, 429);
      assert.match(e.message, /gave up after 3 attempt\(s\) within 60000 ms/);
      return true;
    });
    assert.deepEqual(waits, [30_000, 30_000]);
    // An indexer over a missing data source: 400, at once.
    fake.requests.length = 0;
    await assert.rejects(p.create!(indexer(fake.endpoint)), (e: any) => e.statusCode === 400);
    assert.equal(fake.requests.length, 1);
  });

  it("withRetry reads Retry-After given as an HTTP date", async () => {
    const waits: number[] = [];
    let calls = 0;
    const at = new Date(Date.now() + 20_000).toUTCString();
    const err = Object.assign(new Error("busy"), {
      statusCode: 503,
      response: { headers: { get: (h: string) => (h === "retry-after" ? at : undefined) } },
    });
    const out = await withRetry(
      "x",
      async () => {
        if (calls++ === 0) throw err;
        return "ok";
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    assert.equal(out, "ok");
    assert.ok(waits[0] > 15_000 && waits[0] <= 20_000, `waited ${waits[0]}`);
  });

  it("survives Pulumi's closure serialization: the stored provider code loads and diffs on its own", async () => {
    // What `pulumi up` stores as __provider and runs later, even without the program.
    const fn = await pulumi.runtime.serializeFunction(() => searchObjectProvider(), {
      allowSecrets: false,
    });
    assert.doesNotMatch(fn.text, /api-key|AzureKeyCredential|AccountKey=/);
    const module = { exports: {} as any };
    new Function("exports", "require", "module", fn.text)(module.exports, require, module);
    const provider = module.exports.handler();
    const d = await provider.diff(
      "id",
      index("https://a.search.windows.net"),
      index("https://b.search.windows.net"),
    );
    assert.deepEqual(d.replaces, ["endpoint"]);
  });
});
