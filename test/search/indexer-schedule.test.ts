import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { Duration, Recurrence, ValidationCode } from "../../lib/core";
import { ScheduledDataPipeline } from "../../lib/datafactory";
import { scheduleFirings } from "../../lib/schedule";
import {
  planIndexerCadence,
  planIndexerSchedule,
  SearchIndexerSchedule,
  SearchIndexerScheduleArgs,
  SEARCH_OBJECT_TOKENS,
} from "../../lib/search";

const session = mocks();
const SUB = "00000000-0000-0000-0000-000000000000";
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stlake`;
const FIELDS = [
  { name: "id", type: "Edm.String", key: true, filterable: true },
  { name: "title", type: "Edm.String", searchable: true },
  { name: "region", type: "Edm.String", filterable: true, facetable: true },
  { name: "updated", type: "Edm.DateTimeOffset", sortable: true },
] as const;
const base: SearchIndexerScheduleArgs = {
  resourceGroupName: "rg-search",
  location: "westeurope",
  storageAccountId: ACCOUNT,
  container: "curated",
  folder: "sales/",
  fields: FIELDS,
  interval: Duration.hours(1),
  startTime: "2026-01-01T00:30:00Z",
  parsingMode: "jsonLines",
  batchSize: 500,
};

/** Everything Azure (and the state) would receive, provider code included. */
function everything(prefix: string): string {
  return JSON.stringify(session.named(prefix).map((r) => ({ type: r.type, inputs: r.inputs })));
}

describe("SearchIndexerSchedule under mocks", () => {
  before(async () => {
    new SearchIndexerSchedule("curated", base);
    new SearchIndexerSchedule("derived", {
      ...base,
      interval: undefined,
      startTime: undefined,
      container: "features",
      service: { name: "srch-derived", sku: "standard", replicaCount: 2, partitionCount: 2 },
      refreshedBy: Recurrence.daily({ at: "02:00", timeZone: "W. Europe Standard Time" }),
      refreshLag: Duration.minutes(45),
      logAnalyticsWorkspaceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs`,
      actionGroupIds: [
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ops`,
      ],
    });
    new SearchIndexerSchedule("docs", {
      ...base,
      container: "docs",
      parsingMode: undefined,
      service: { name: "srch-docs", partitionCount: 3 },
      fields: [
        ...FIELDS,
        { name: "pages", type: "Collection(Edm.String)", searchable: true },
        { name: "image_text", type: "Collection(Edm.String)", searchable: true },
      ],
      skillset: {
        split: { maximumPageLength: 2000, languageCode: "de" },
        ocr: { languageCode: "de" },
        outputFieldMappings: [
          { sourceFieldName: "/document/pages", targetFieldName: "pages" },
          { sourceFieldName: "/document/normalized_images/*/text", targetFieldName: "image_text" },
        ],
      },
    });
    await session.settle();
  });

  it("sends a skillset with the split and OCR skills, referenced by the indexer with its output mappings", () => {
    const k = one("docs-skillset", SEARCH_OBJECT_TOKENS.skillset);
    assert.equal(k.inputs.kind, "skillset");
    assert.equal(k.inputs.endpoint, "https://srch-docs.search.windows.net");
    assert.deepEqual(k.inputs.service, { tier: "basic", partitions: 3 });
    const d = k.inputs.definition;
    assert.equal(d.name, "docs-skillset");
    assert.deepEqual(
      d.skills.map((x: any) => [x["@odata.type"], x.context, x.defaultLanguageCode]),
      [
        ["#Microsoft.Skills.Vision.OcrSkill", "/document/normalized_images/*", "de"],
        ["#Microsoft.Skills.Text.SplitSkill", "/document", "de"],
      ],
    );
    assert.equal(d.skills[1].maximumPageLength, 2000);
    assert.equal(d.skills[1].textSplitMode, "pages");
    const ir = one("docs-indexer", SEARCH_OBJECT_TOKENS.indexer);
    assert.equal(ir.inputs.definition.skillsetName, "docs-skillset");
    assert.deepEqual(ir.inputs.definition.outputFieldMappings, [
      { sourceFieldName: "/document/pages", targetFieldName: "pages" },
      { sourceFieldName: "/document/normalized_images/*/text", targetFieldName: "image_text" },
    ]);
    // OCR needs the indexer to crack images out of the documents.
    assert.deepEqual(ir.inputs.definition.parameters.configuration, {
      parsingMode: "default",
      dataToExtract: "contentAndMetadata",
      imageAction: "generateNormalizedImages",
    });
    // The curated indexer has no skillset, and no image extraction.
    const plain = one("curated-indexer", SEARCH_OBJECT_TOKENS.indexer);
    assert.equal(plain.inputs.definition.skillsetName, undefined);
    assert.deepEqual(plain.inputs.definition.parameters.configuration, {
      parsingMode: "jsonLines",
    });
  });

  it("creates a search service with a system identity, API keys off, SKU, replicas and partitions", () => {
    const s = one("curated-service", "azure-native:search:Service");
    assert.deepEqual(s.inputs, {
      resourceGroupName: "rg-search",
      location: "westeurope",
      searchServiceName: "curated",
      sku: { name: "basic" },
      replicaCount: 1,
      partitionCount: 1,
      identity: { type: "SystemAssigned" },
      disableLocalAuth: true,
      publicNetworkAccess: "Enabled",
      // Filled in by azure-native itself.
      hostingMode: "Default",
    });
    const d = one("derived-service", "azure-native:search:Service");
    assert.deepEqual(
      [d.inputs.searchServiceName, d.inputs.sku, d.inputs.replicaCount, d.inputs.partitionCount],
      ["srch-derived", { name: "standard" }, 2, 2],
    );
  });

  it("grants the service identity Storage Blob Data Reader on the container only", () => {
    const g = one("curated-blob-reader", "azure-native:authorization:RoleAssignment");
    assert.equal(g.inputs.scope, `${ACCOUNT}/blobServices/default/containers/curated`);
    assert.equal(
      g.inputs.roleDefinitionId,
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`,
    );
    assert.equal(g.inputs.principalType, "ServicePrincipal");
    assert.match(g.inputs.principalId, /^[0-9a-f-]{36}$/);
  });

  it("sends the index with every attribute explicit", () => {
    const ix = one("curated-index", SEARCH_OBJECT_TOKENS.index);
    assert.equal(ix.inputs.endpoint, "https://curated.search.windows.net");
    assert.equal(ix.inputs.kind, "index");
    assert.deepEqual(ix.inputs.definition.fields[0], {
      name: "id",
      type: "Edm.String",
      key: true,
      searchable: false,
      filterable: true,
      retrievable: true,
      sortable: false,
      facetable: false,
    });
    assert.equal(ix.id, "https://curated.search.windows.net/indexes/curated");
  });

  it("connects the data source through the managed identity (ResourceId=...;), container and folder", () => {
    const ds = one("curated-datasource", SEARCH_OBJECT_TOKENS.dataSource);
    assert.deepEqual(ds.inputs.definition, {
      name: "curated-blobs",
      type: "azureblob",
      credentials: { connectionString: `ResourceId=${ACCOUNT}/;` },
      container: { name: "curated", query: "sales/" },
    });
  });

  it("schedules the indexer with interval, UTC start, parsing mode, batch size and failure limits", () => {
    const ir = one("curated-indexer", SEARCH_OBJECT_TOKENS.indexer);
    assert.deepEqual(ir.inputs.definition, {
      name: "curated-indexer",
      dataSourceName: "curated-blobs",
      targetIndexName: "curated",
      schedule: { interval: "PT1H", startTime: "2026-01-01T00:30:00.000Z" },
      parameters: {
        batchSize: 500,
        maxFailedItems: 0,
        maxFailedItemsPerBatch: 0,
        configuration: { parsingMode: "jsonLines" },
      },
    });
    assert.equal(ir.inputs.dataRefresh, undefined);
  });

  it("derives a daily schedule that starts after the 02:00 Berlin refresh lands", () => {
    const ir = one("derived-indexer", SEARCH_OBJECT_TOKENS.indexer);
    // Winter landing 01:00Z, summer 00:00Z; 45 min lag after the later one: 01:45Z every day.
    assert.deepEqual(ir.inputs.definition.schedule, {
      interval: "PT24H",
      startTime: "2025-01-01T01:45:00.000Z",
    });
    assert.equal(ir.inputs.dataRefresh, "P1D");
  });

  it("adds diagnostics (OperationLogs to AzureDiagnostics), a failed-documents alert and a missed-run log alert", () => {
    const diag = one("derived-diagnostics", "azure-native:monitor:DiagnosticSetting");
    // Search's only log category and only table (Learn, supported logs for searchServices).
    assert.deepEqual(diag.inputs.logs, [{ category: "OperationLogs", enabled: true }]);
    assert.equal(diag.inputs.logAnalyticsDestinationType, undefined);
    assert.match(diag.inputs.resourceUri, /searchServices\/srch-derived$/);
    const failed = one("derived-failed-documents", "azure-native:monitor:MetricAlert");
    assert.equal(failed.inputs.location, "global");
    assert.equal(failed.inputs.windowSize, "PT1H");
    const crit = failed.inputs.criteria.allOf[0];
    assert.equal(crit.metricName, "DocumentsProcessedCount");
    assert.equal(crit.metricNamespace, "Microsoft.Search/searchServices");
    assert.deepEqual(crit.dimensions, [
      { name: "IndexerName", operator: "Include", values: ["derived-indexer"] },
      { name: "Failed", operator: "Include", values: ["True"] },
    ]);
    assert.equal(crit.operator, "GreaterThan");
    assert.deepEqual(failed.inputs.actions, [
      {
        actionGroupId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ops`,
      },
    ]);
    // The metric alert that could never fire is gone (issue 19, item 2).
    assert.equal(session.named("derived-no-documents").length, 0);
    const missed = one("derived-missed-runs", "azure-native:monitor:ScheduledQueryRule");
    // Indexer every 24 h: a run is missed when none was logged in PT24H + PT30M, so a 2-day window.
    assert.equal(missed.inputs.kind, "LogAlert");
    assert.equal(missed.inputs.windowSize, "P2D");
    assert.equal(missed.inputs.evaluationFrequency, "PT1H");
    assert.deepEqual(missed.inputs.scopes, [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs`,
    ]);
    const c = missed.inputs.criteria.allOf[0];
    assert.deepEqual(
      { timeAggregation: c.timeAggregation, operator: c.operator, threshold: c.threshold },
      { timeAggregation: "Count", operator: "GreaterThan", threshold: 0 },
    );
    assert.match(
      c.query,
      /^\/\/ mlops:search-missed-runs \{"v":1,"indexer":"derived-indexer"\}\nAzureDiagnostics\n/,
    );
    assert.match(c.query, /_ResourceId =~ ".*\/searchServices\/srch-derived"/);
    assert.match(c.query, /\| where runs == 0\n/);
    assert.equal(missed.inputs.autoMitigate, true);
    assert.deepEqual(missed.inputs.actions, {
      actionGroups: [
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ops`,
      ],
    });
    // Without a workspace there are no logs to read: only the failure alert.
    assert.equal(session.named("curated-missed-runs").length, 0);
    assert.equal(session.named("curated-failed-documents").length, 1);
  });

  it("puts no admin key, account key or API key in any input or output", () => {
    for (const prefix of ["curated", "derived"]) {
      const all = everything(prefix);
      assert.doesNotMatch(
        all,
        /AccountKey=|adminKey|primaryKey|secondaryKey|api-key|apiKey|listAdminKeys|SharedAccessSignature/i,
      );
      for (const r of session.named(prefix).filter((x) => x.type === "azure-native:search:Service"))
        assert.equal(r.inputs.disableLocalAuth, true);
    }
  });

  it("registers the component with its token and children under it", () => {
    const c = one("curated", "mlops:search:SearchIndexerSchedule");
    const children = session.resources
      .filter((r) => r.parent === c.urn)
      .map((r) => r.name)
      .sort();
    assert.deepEqual(children, [
      "curated-blob-reader",
      "curated-datasource",
      "curated-failed-documents",
      "curated-index",
      "curated-indexer",
      "curated-service",
    ]);
  });

  it("uses an existing service without creating one", async () => {
    new SearchIndexerSchedule("reuse", {
      ...base,
      existingService: {
        name: "srch-shared",
        id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Search/searchServices/srch-shared`,
        principalId: "11111111-2222-3333-4444-555555555555",
      },
    });
    await session.settle();
    assert.equal(session.named("reuse-service").length, 0);
    assert.equal(
      one("reuse-index", SEARCH_OBJECT_TOKENS.index).inputs.endpoint,
      "https://srch-shared.search.windows.net",
    );
    assert.equal(
      one("reuse-blob-reader", "azure-native:authorization:RoleAssignment").inputs.principalId,
      "11111111-2222-3333-4444-555555555555",
    );
  });
});

describe("SearchIndexerSchedule rejects what Azure refuses, before registering anything", () => {
  const cases: [
    string,
    Partial<SearchIndexerScheduleArgs> | Record<string, unknown>,
    ValidationCode,
    RegExp,
  ][] = [
    // Schedules: REST `IndexingSchedule.interval` (PT5M..PT24H), whole minutes.
    [
      "an interval below 5 minutes",
      { interval: Duration.minutes(4) },
      "OUT_OF_RANGE",
      /^interval$/,
    ],
    ["an interval above 24 hours", { interval: Duration.hours(25) }, "OUT_OF_RANGE", /^interval$/],
    [
      "an interval of 1 day and 1 minute",
      { interval: Duration.minutes(1441) },
      "OUT_OF_RANGE",
      /^interval$/,
    ],
    [
      "an interval that is not whole minutes",
      { interval: Duration.seconds(330) },
      "INVALID_FORMAT",
      /^interval$/,
    ],
    ["an interval that is not a Duration", { interval: "PT1H" }, "INVALID_TYPE", /^interval$/],
    ["no interval and no refresh source", { interval: undefined }, "REQUIRED", /^interval$/],
    [
      "a start time with an offset",
      { startTime: "2026-01-01T01:00:00+01:00" },
      "INVALID_TIME",
      /^startTime$/,
    ],
    ["a start time that is not a time", { startTime: "tomorrow" }, "INVALID_TIME", /^startTime$/],
    // Parsing modes: BlobIndexerParsingMode of 2025-09-01 (markdown is preview-only).
    ["an unknown parsing mode", { parsingMode: "xml" }, "NOT_ALLOWED", /^parsingMode$/],
    [
      "a parsing mode in the wrong case",
      { parsingMode: "jsonlines" },
      "NOT_ALLOWED",
      /^parsingMode$/,
    ],
    [
      "the preview markdown parsing mode",
      { parsingMode: "markdown" },
      "NOT_ALLOWED",
      /^parsingMode$/,
    ],
    // Index definitions (REST `SearchIndex`, `SearchField`).
    [
      "an index without a key field",
      { fields: [{ name: "title", type: "Edm.String" }] },
      "CONFLICT",
      /^fields$/,
    ],
    [
      "an index with two key fields",
      {
        fields: [
          { name: "a", type: "Edm.String", key: true },
          { name: "b", type: "Edm.String", key: true },
        ],
      },
      "CONFLICT",
      /^fields$/,
    ],
    [
      "duplicate field names",
      {
        fields: [
          { name: "id", type: "Edm.String", key: true },
          { name: "id", type: "Edm.Int32" },
        ],
      },
      "CONFLICT",
      /^fields\[1\]\.name$/,
    ],
    [
      "duplicate sub-field names",
      {
        fields: [
          { name: "id", type: "Edm.String", key: true },
          {
            name: "a",
            type: "Edm.ComplexType",
            fields: [
              { name: "x", type: "Edm.Int32" },
              { name: "x", type: "Edm.Double" },
            ],
          },
        ],
      },
      "CONFLICT",
      /^fields\[1\]\.fields\[1\]\.name$/,
    ],
    ["an empty field list", { fields: [] }, "REQUIRED", /^fields$/],
    [
      "a key that is not a string",
      { fields: [{ name: "id", type: "Edm.Int32", key: true }] },
      "CONFLICT",
      /^fields\[0\]\.key$/,
    ],
    [
      "an unknown field type",
      {
        fields: [
          { name: "id", type: "Edm.String", key: true },
          { name: "n", type: "Edm.Decimal" },
        ],
      },
      "NOT_ALLOWED",
      /^fields\[1\]\.type$/,
    ],
    [
      "a field name starting with a digit",
      { fields: [{ name: "1id", type: "Edm.String", key: true }] },
      "INVALID_NAME",
      /^fields\[0\]\.name$/,
    ],
    [
      "a field name starting with azureSearch",
      {
        fields: [
          { name: "id", type: "Edm.String", key: true },
          { name: "azureSearchX", type: "Edm.String" },
        ],
      },
      "INVALID_NAME",
      /^fields\[1\]\.name$/,
    ],
    [
      "a searchable number",
      {
        fields: [
          { name: "id", type: "Edm.String", key: true },
          { name: "n", type: "Edm.Int32", searchable: true },
        ],
      },
      "CONFLICT",
      /^fields\[1\]\.searchable$/,
    ],
    [
      "a sortable collection",
      {
        fields: [
          { name: "id", type: "Edm.String", key: true },
          { name: "tags", type: "Collection(Edm.String)", sortable: true },
        ],
      },
      "CONFLICT",
      /^fields\[1\]\.sortable$/,
    ],
    [
      "a facetable geography point",
      {
        fields: [
          { name: "id", type: "Edm.String", key: true },
          { name: "p", type: "Edm.GeographyPoint", facetable: true },
        ],
      },
      "CONFLICT",
      /^fields\[1\]\.facetable$/,
    ],
    [
      "a complex field without sub-fields",
      {
        fields: [
          { name: "id", type: "Edm.String", key: true },
          { name: "c", type: "Edm.ComplexType" },
        ],
      },
      "REQUIRED",
      /^fields\[1\]\.fields$/,
    ],
    [
      "an attribute on a complex field",
      {
        fields: [
          { name: "id", type: "Edm.String", key: true },
          {
            name: "c",
            type: "Edm.ComplexType",
            filterable: true,
            fields: [{ name: "x", type: "Edm.Int32" }],
          },
        ],
      },
      "CONFLICT",
      /^fields\[1\]\.filterable$/,
    ],
    [
      "a key inside a complex field",
      {
        fields: [
          { name: "id", type: "Edm.String", key: true },
          {
            name: "c",
            type: "Edm.ComplexType",
            fields: [{ name: "k", type: "Edm.String", key: true }],
          },
        ],
      },
      "CONFLICT",
      /^fields\[1\]\.fields\[0\]\.key$/,
    ],
    [
      "a hidden key",
      { fields: [{ name: "id", type: "Edm.String", key: true, retrievable: false }] },
      "CONFLICT",
      /^fields\[0\]\.retrievable$/,
    ],
    [
      "a non-boolean attribute (JavaScript caller)",
      { fields: [{ name: "id", type: "Edm.String", key: "yes" }] },
      "INVALID_TYPE",
      /^fields\[0\]\.key$/,
    ],
    ["an upper-case index name", { indexName: "Curated" }, "INVALID_NAME", /^indexName$/],
    [
      "an indexer name with two dashes in a row",
      { indexerName: "a--b" },
      "INVALID_NAME",
      /^indexerName$/,
    ],
    [
      "a field mapping to a missing field",
      { fieldMappings: [{ sourceFieldName: "metadata_storage_name", targetFieldName: "nope" }] },
      "CONFLICT",
      /^fieldMappings\[0\]\.targetFieldName$/,
    ],
    // JavaScript callers: typos and wrong types are named, not ignored.
    [
      "a misspelt field attribute",
      { fields: [{ name: "id", type: "Edm.String", key: true, filterabel: true }] },
      "NOT_ALLOWED",
      /^fields\[0\]\.filterabel$/,
    ],
    ["an unknown option", { schedule: "hourly" }, "NOT_ALLOWED", /^schedule$/],
    ["a refresh lag that is not a Duration", { refreshLag: 30 }, "INVALID_TYPE", /^refreshLag$/],
    [
      "a field mapping without a source",
      { fieldMappings: [{ targetFieldName: "id" }] },
      "REQUIRED",
      /^fieldMappings\[0\]\.sourceFieldName$/,
    ],
    // Service (azure-native search.Service: partitions 1,2,3,4,6,12; >1 only on standard SKUs).
    [
      "the free SKU (no managed identity)",
      { service: { sku: "free" } },
      "NOT_ALLOWED",
      /^service\.sku$/,
    ],
    [
      "13 replicas",
      { service: { sku: "standard", replicaCount: 13 } },
      "OUT_OF_RANGE",
      /^service\.replicaCount$/,
    ],
    [
      "4 replicas on basic",
      { service: { replicaCount: 4 } },
      "OUT_OF_RANGE",
      /^service\.replicaCount$/,
    ],
    [
      "5 partitions",
      { service: { sku: "standard", partitionCount: 5 } },
      "NOT_ALLOWED",
      /^service\.partitionCount$/,
    ],
    // Learn "Service limits in Azure AI Search", include azure-search-limits-per-service.md:
    // "Basic tier supports three partitions and three replicas ... on new search services created
    // after April 3, 2024" (so 2 or 3 pass, 4 is refused; S3 HD aside, other tiers allow 12).
    [
      "4 partitions on basic",
      { service: { partitionCount: 4 } },
      "CONFLICT",
      /^service\.partitionCount$/,
    ],
    ["a skillset without any skill", { skillset: {} }, "CONFLICT", /^skillset$/],
    [
      "a split page length under 300 (Learn, Text split skill: minimum 300)",
      { skillset: { split: { maximumPageLength: 299 } } },
      "OUT_OF_RANGE",
      /^skillset\.split\.maximumPageLength$/,
    ],
    [
      "a split page length above 50000",
      { skillset: { split: { maximumPageLength: 50_001 } } },
      "OUT_OF_RANGE",
      /^skillset\.split\.maximumPageLength$/,
    ],
    [
      "a page length with sentence mode",
      { skillset: { split: { mode: "sentences", maximumPageLength: 2000 } } },
      "CONFLICT",
      /^skillset\.split\.maximumPageLength$/,
    ],
    [
      "an unknown split mode",
      { skillset: { split: { mode: "words" as any } } },
      "NOT_ALLOWED",
      /^skillset\.split\.mode$/,
    ],
    [
      "an OCR language the skill does not know",
      { skillset: { ocr: { languageCode: "xx" as any } } },
      "NOT_ALLOWED",
      /^skillset\.ocr\.languageCode$/,
    ],
    [
      "an output mapping from a node no skill produces",
      {
        skillset: {
          split: {},
          outputFieldMappings: [
            { sourceFieldName: "/document/normalized_images/*/text", targetFieldName: "title" },
          ],
        },
      },
      "CONFLICT",
      /^skillset\.outputFieldMappings\[0\]\.sourceFieldName$/,
    ],
    [
      "an output mapping to a field the index lacks",
      {
        skillset: {
          split: {},
          outputFieldMappings: [{ sourceFieldName: "/document/pages", targetFieldName: "chunks" }],
        },
      },
      "CONFLICT",
      /^skillset\.outputFieldMappings\[0\]\.targetFieldName$/,
    ],
    [
      "an output mapping of a collection into a single-valued field",
      {
        skillset: {
          split: {},
          outputFieldMappings: [{ sourceFieldName: "/document/pages", targetFieldName: "title" }],
        },
      },
      "CONFLICT",
      /^skillset\.outputFieldMappings\[0\]\.targetFieldName$/,
    ],
    [
      "an invalid skillset name",
      { skillset: { name: "Docs_Skills", split: {} } },
      "INVALID_NAME",
      /^skillset\.name$/,
    ],
    [
      "a service name with upper case",
      { service: { name: "Search1" } },
      "INVALID_NAME",
      /^service\.name$/,
    ],
    [
      "both a new and an existing service",
      { service: {}, existingService: { name: "s", id: "x", principalId: "y" } },
      "CONFLICT",
      /^existingService$/,
    ],
    ["a container name with upper case", { container: "Curated" }, "INVALID_FORMAT", /^container$/],
    ["a folder with a leading slash", { folder: "/sales" }, "INVALID_FORMAT", /^folder$/],
    ["maxFailedItems below -1", { maxFailedItems: -2 }, "OUT_OF_RANGE", /^maxFailedItems$/],
    ["a batch size of 0", { batchSize: 0 }, "OUT_OF_RANGE", /^batchSize$/],
    [
      "a refresh source that is a pipeline without schedule",
      { interval: undefined, refreshedBy: { scheduleTrigger: undefined } },
      "CONFLICT",
      /^refreshedBy$/,
    ],
  ];
  cases.forEach(([what, change, code, prop], i) =>
    it(`rejects ${what} (${code})`, () =>
      rejects(
        () =>
          new SearchIndexerSchedule(`bad-${i}`, {
            ...base,
            ...change,
          } as any),
        code,
        prop,
      )),
  );

  it("refuses an indexer that runs more often than its data when asked to (onCadenceMismatch: error)", () =>
    rejects(
      () =>
        new SearchIndexerSchedule("too-often", {
          ...base,
          refreshedBy: Recurrence.daily({ at: "02:00", timeZone: "UTC" }),
          interval: Duration.hours(1),
          onCadenceMismatch: "error",
        }),
      "CONFLICT",
      /^interval$/,
      /run 672 times in 28 days over data refreshed 28 times/,
    ));
});

describe("indexer cadence", () => {
  it("warns by default when the indexer runs more often than the data is refreshed", () => {
    const plan = planIndexerSchedule("warned", {
      ...base,
      refreshedBy: Recurrence.daily({ at: "02:00", timeZone: "UTC" }),
      interval: Duration.hours(6),
    });
    assert.equal(plan.warnings.length, 1);
    assert.match(
      plan.warnings[0],
      /112 times in 28 days over data refreshed 28 times.*Use interval PT24H/,
    );
  });

  it("takes the refresh from a ScheduledDataPipeline's schedule", () => {
    const pipeline = new ScheduledDataPipeline("cad-producer", {
      factory: { resourceGroupName: "rg", factoryName: "adf" },
      activities: [{ name: "A", type: "Copy", source: {}, sink: {} }],
      schedule: Recurrence.every(Duration.hours(6), {
        startTime: "2026-01-01T00:00",
        timeZone: "UTC",
      }),
    });
    const plan = planIndexerSchedule("piped", {
      ...base,
      interval: undefined,
      startTime: undefined,
      refreshedBy: pipeline,
    });
    assert.equal(plan.interval.toIsoString(), "PT6H");
    assert.equal(plan.startTime, "2026-01-01T00:30:00.000Z");
    assert.deepEqual(plan.warnings, []);
  });

  it("a weekly refresh gets the longest interval Azure allows, and a warning that says so", () => {
    const weekly = Recurrence.weekly({ on: ["Monday"], at: "03:00", timeZone: "UTC" });
    const c = planIndexerCadence(weekly, { lag: Duration.minutes(30) });
    assert.equal(c.interval.toHours(), 24);
    assert.equal(c.refreshEvery.toIsoString(), "P7D");
    const plan = planIndexerSchedule("weekly", {
      ...base,
      interval: undefined,
      startTime: undefined,
      refreshedBy: weekly,
    });
    assert.match(plan.warnings.join(), /at most daily apart; run it from the refreshing pipeline/);
  });

  it("every run of the derived schedule starts at least the lag after a refresh, across a year of DST changes", () => {
    for (const zone of [
      "W. Europe Standard Time",
      "Pacific Standard Time",
      "AUS Eastern Standard Time",
    ]) {
      const rec = Recurrence.daily({ at: "23:30", timeZone: zone });
      const lag = Duration.minutes(20);
      const c = planIndexerCadence(rec, { lag });
      const start = Date.parse(c.startTime);
      const step = c.interval.toMilliseconds();
      for (const f of scheduleFirings(rec, { from: start, until: start + 366 * 86_400_000 })) {
        const next = start + Math.ceil((f.at + lag.toMilliseconds() - start) / step) * step;
        const wait = next - f.at;
        assert.ok(
          wait >= lag.toMilliseconds() && wait <= lag.toMilliseconds() + 3_600_000,
          `${zone}: ${wait}`,
        );
      }
    }
  });
});
