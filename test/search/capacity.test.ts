import { strict as assert } from "assert";
import { mocks } from "../support/mocks";
import { Duration } from "../../lib/core";
import { buildPlan, policyResources } from "../../lib/plan/document";
import { renderMarkdown } from "../../lib/plan/render-markdown";
import { renderText } from "../../lib/plan/render-text";
import { ruleContext, PolicyResource } from "../../lib/policy";
import { searchTierCapacity } from "../../lib/policy/rules";
import {
  SEARCH_TIERS,
  planIndexerSchedule,
  SearchIndexerSchedule,
  SearchIndexerScheduleArgs,
  storageAlertTiming,
  storageCheckRecurrence,
  storageQuotaBytes,
  tierOf,
  tierOverruns,
} from "../../lib/search";

// The tier table against Learn "Service limits in Azure AI Search"
// (learn.microsoft.com/azure/search/search-limits-quotas-capacity; MicrosoftDocs/azure-ai-docs
// articles/search/search-limits-quotas-capacity.md, 2025-11-20, and the include
// azure-search-limits-per-service.md, 2025-08-15): "Maximum indexes" 3 / 15 / 50 / 200 / 200 /
// 1000 per partition or 3000 / 10 / 10; "Maximum indexers" 3 / 15 / 50 / 200 / 200 / N/A / 10 / 10;
// "Partition storage (GB)" after May 17, 2024: 15 / 160 / 512 / 1,024 / 2,048 / 4,096 (Basic to L2),
// before April 3, 2024: 2 / 25 / 100 / 200 / 1,024 / 2,048; Partitions 3 / 12 / 12 / 12 / 3 / 12 / 12.
describe("Search tier table", () => {
  it("holds Learn's current per-tier limits", () => {
    const row = (t: keyof typeof SEARCH_TIERS) => {
      const x = SEARCH_TIERS[t];
      return [
        x.indexes,
        x.indexers,
        x.storageGbPerPartition,
        x.legacyStorageGbPerPartition,
        x.maxPartitions,
        x.maxReplicas,
      ];
    };
    assert.deepEqual(row("free"), [3, 3, 0.05, 0.05, 1, 1]);
    assert.deepEqual(row("basic"), [15, 15, 15, 2, 3, 3]);
    assert.deepEqual(row("standard"), [50, 50, 160, 25, 12, 12]);
    assert.deepEqual(row("standard2"), [200, 200, 512, 100, 12, 12]);
    assert.deepEqual(row("standard3"), [200, 200, 1024, 200, 12, 12]);
    assert.deepEqual(row("standard3-hd"), [1000, 0, 1024, 200, 3, 12]);
    assert.deepEqual(row("storage_optimized_l1"), [10, 10, 2048, 1024, 12, 12]);
    assert.deepEqual(row("storage_optimized_l2"), [10, 10, 4096, 2048, 12, 12]);
  });

  it("reads the tier from sku and hostingMode, and the storage quota from partitions", () => {
    assert.equal(tierOf("standard3", "highDensity"), "standard3-hd");
    assert.equal(tierOf("standard3", "default"), "standard3");
    assert.equal(tierOf("Standard"), "standard");
    assert.equal(tierOf("serverless"), undefined);
    // S1 with 2 partitions: 2 x 160 GB.
    assert.equal(storageQuotaBytes("standard", 2), 320 * 1024 ** 3);
  });

  it("counts S3 HD indexes per partition, up to 3000", () => {
    const n = { indexes: 2500, indexers: 0, dataSources: 0, skillsets: 0 };
    assert.deepEqual(tierOverruns("standard3-hd", n, 3), []);
    assert.deepEqual(tierOverruns("standard3-hd", n, 2), ["2500 indexes (S3 HD allows 2000)"]);
    assert.deepEqual(tierOverruns("standard3-hd", { ...n, indexes: 1, indexers: 1 }, 1), [
      "1 indexers (S3 HD allows 0)",
    ]);
  });
});

const session = mocks();
const NOW = new Date("2026-11-28T00:00:00Z");
const SUB = "00000000-0000-0000-0000-000000000000";
const existing = (sku: "free" | "basic") => ({
  name: "srch-shared",
  id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Search/searchServices/srch-shared`,
  principalId: "11111111-1111-1111-1111-111111111111",
  sku,
});
const args = (i: number): SearchIndexerScheduleArgs => ({
  resourceGroupName: "rg",
  existingService: existing("free"),
  storageAccountId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st`,
  container: `docs${i}`,
  fields: [{ name: "id", type: "Edm.String", key: true }],
  interval: Duration.hours(6),
  alerts: false,
});

function check(resources: readonly PolicyResource[]) {
  return searchTierCapacity.check(ruleContext(resources, { now: NOW, horizonDays: 7 }));
}

describe("search-tier-capacity", () => {
  let stack: PolicyResource[];
  before(async () => {
    for (let i = 1; i <= 4; i++) new SearchIndexerSchedule(`tier-${i}`, args(i));
    await session.settle();
    stack = policyResources(session.named("tier-"));
  });

  it("passes three indexers on a free service (the tier allows 3)", () => {
    const three = stack.filter((r) => !r.name.startsWith("tier-4"));
    assert.deepEqual(check(three), []);
  });

  it("flags a fourth index, indexer and data source on a free service", () => {
    const v = check(stack);
    assert.equal(v.length, 1);
    assert.match(
      v[0].message,
      /srch-shared \(Free\) would hold 4 indexes \(Free allows 3\), 4 indexers \(Free allows 3\), 4 data sources \(Free allows 3\)/,
    );
  });

  it("passes the same objects on basic (15), read from existingService.sku", () => {
    const basic = stack.map((r) =>
      r.props.service
        ? { ...r, props: { ...r.props, service: { tier: "basic", partitions: 1 } } }
        : r,
    );
    assert.deepEqual(check(basic), []);
  });

  it("takes the tier from a declared search.Service when the objects carry none", () => {
    const bare = stack.map((r) => {
      if (!r.props.service) return r;
      const props = { ...r.props };
      delete props.service;
      return { ...r, props };
    });
    assert.deepEqual(check(bare), [], "no tier known: nothing to compare");
    const svc = (sku: string, hostingMode?: string): PolicyResource => ({
      urn: "urn:pulumi:dev::p::azure-native:search:Service::shared",
      type: "azure-native:search:Service",
      name: "shared",
      props: {
        searchServiceName: "srch-shared",
        sku: { name: sku },
        hostingMode,
        partitionCount: 1,
      },
    });
    assert.equal(check([...bare, svc("free")]).length, 1);
    assert.deepEqual(check([...bare, svc("standard")]), []);
    // S3 HD has no indexers at all.
    assert.match(check([...bare, svc("standard3", "highDensity")])[0].message, /S3 HD allows 0/);
  });
});

// The storage signal. Sources: Learn "Supported metrics for Microsoft.Search/searchServices" (no
// storage metric: DocumentsProcessedCount, SearchLatency, SearchQueriesPerSecond,
// SkillExecutionCount, ThrottledSearchQueriesPercentage); REST "Get Service Statistics" (api
// 2025-09-01, `GET /servicestats`, `counters.storageSize { usage, quota }`); Learn "Ingest custom
// metrics for an Azure resource using the REST API" (`POST https://<region>.monitoring.azure.com
// <resourceId>/metrics`, audience `https://monitoring.azure.com/`, Monitoring Metrics Publisher);
// Learn "Connect to Azure AI Search using roles" ("Access quotas and service statistics":
// Search Service Contributor, not Reader).
describe("SearchIndexerSchedule storage alert under mocks", () => {
  before(async () => {
    new SearchIndexerSchedule("store", {
      ...args(9),
      existingService: undefined,
      location: "West Europe",
      service: { name: "srch-store", sku: "standard", partitionCount: 2 },
      alerts: true,
      storageAlert: { thresholdPercent: 75, checkEvery: Duration.minutes(30), severity: 1 },
      actionGroupIds: [
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ops`,
      ],
    });
    await session.settle();
  });
  const SERVICE_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Search/searchServices/srch-store`;

  it("runs a Logic App that reads /servicestats and publishes the percent used on the service", () => {
    const w = session
      .named("store-storage-check")
      .find((r) => r.type === "azure-native:logic:Workflow")!;
    assert.equal(w.inputs.location, "West Europe");
    assert.deepEqual(w.inputs.identity, { type: "SystemAssigned" });
    assert.equal(w.inputs.state, "Enabled");
    const d = w.inputs.definition;
    assert.deepEqual(d.triggers.check_storage, {
      type: "Recurrence",
      recurrence: { frequency: "Minute", interval: 30 },
    });
    const read = d.actions.read_service_statistics.inputs;
    assert.equal(read.method, "GET");
    assert.equal(
      read.uri,
      "https://srch-store.search.windows.net/servicestats?api-version=2025-09-01",
    );
    assert.deepEqual(read.authentication, {
      type: "ManagedServiceIdentity",
      audience: "https://search.azure.com",
    });
    const pub = d.actions.publish_storage_percent;
    assert.deepEqual(pub.runAfter, { read_service_statistics: ["Succeeded"] });
    assert.equal(pub.inputs.method, "POST");
    assert.equal(pub.inputs.uri, `https://westeurope.monitoring.azure.com${SERVICE_ID}/metrics`);
    assert.equal(pub.inputs.authentication.audience, "https://monitoring.azure.com/");
    const base = pub.inputs.body.data.baseData;
    assert.equal(base.metric, "StorageUsedPercent");
    assert.equal(base.namespace, "mlops/search");
    const expr = base.series[0].max;
    assert.equal(
      expr,
      "@div(mul(float(body('read_service_statistics')?['counters']?['storageSize']?['usage']), 100), float(body('read_service_statistics')?['counters']?['storageSize']?['quota']))",
    );
    assert.equal(base.series[0].count, 1);
  });

  it("grants the check Search Service Contributor (statistics) and Monitoring Metrics Publisher on the service only", () => {
    const grants = session
      .named("store-storage-check-")
      .filter((r) => r.type === "azure-native:authorization:RoleAssignment");
    assert.deepEqual(
      grants.map((g) => [g.inputs.scope, g.inputs.roleDefinitionId.split("/").pop()]).sort(),
      [
        [SERVICE_ID, "3913510d-42f4-4b42-8a1d-c0b25e3be3c6"],
        [SERVICE_ID, "7ca78c08-252a-4471-8644-bb5ff32d4ba0"],
      ],
    );
  });

  it("alerts at the threshold on the maximum of the custom metric, over a window of two checks", () => {
    const a = session
      .named("store-storage")
      .find((r) => r.type === "azure-native:monitor:MetricAlert")!;
    assert.deepEqual(a.inputs.scopes, [SERVICE_ID]);
    assert.equal(a.inputs.severity, 1);
    assert.equal(a.inputs.windowSize, "PT1H");
    assert.equal(a.inputs.evaluationFrequency, "PT1H");
    assert.deepEqual(a.inputs.actions, [
      {
        actionGroupId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ops`,
      },
    ]);
    const c = a.inputs.criteria.allOf[0];
    assert.deepEqual(
      [
        c.metricNamespace,
        c.metricName,
        c.timeAggregation,
        c.operator,
        c.threshold,
        c.skipMetricValidation,
      ],
      ["mlops/search", "StorageUsedPercent", "Maximum", "GreaterThanOrEqual", 75, true],
    );
  });

  it("has no storage check without storageAlert", () => {
    assert.deepEqual(
      session.named("tier-1").filter((r) => r.type === "azure-native:logic:Workflow"),
      [],
    );
  });
});

describe("storage alert timing and validation", () => {
  it("covers two checks with the window and evaluates at most hourly", () => {
    assert.deepEqual(storageAlertTiming(Duration.minutes(5)), {
      window: "PT15M",
      frequency: "PT15M",
    });
    assert.deepEqual(storageAlertTiming(Duration.hours(1)), { window: "PT6H", frequency: "PT1H" });
    assert.deepEqual(storageAlertTiming(Duration.hours(12)), { window: "P1D", frequency: "PT1H" });
    assert.deepEqual(storageCheckRecurrence(Duration.hours(2)), { frequency: "Hour", interval: 2 });
    assert.deepEqual(storageCheckRecurrence(Duration.minutes(90)), {
      frequency: "Minute",
      interval: 90,
    });
  });

  const bad: [string, Partial<SearchIndexerScheduleArgs>, string, RegExp][] = [
    [
      "a threshold of 100",
      { storageAlert: { thresholdPercent: 100 } },
      "OUT_OF_RANGE",
      /storageAlert\.thresholdPercent/,
    ],
    [
      "a threshold of 0",
      { storageAlert: { thresholdPercent: 0 } },
      "OUT_OF_RANGE",
      /storageAlert\.thresholdPercent/,
    ],
    [
      "a check every 4 minutes",
      { storageAlert: { checkEvery: Duration.minutes(4) } },
      "OUT_OF_RANGE",
      /storageAlert\.checkEvery/,
    ],
    [
      "a check every 13 hours",
      { storageAlert: { checkEvery: Duration.hours(13) } },
      "OUT_OF_RANGE",
      /storageAlert\.checkEvery/,
    ],
    [
      "a check every 90 seconds",
      { storageAlert: { checkEvery: Duration.seconds(330) } },
      "INVALID_FORMAT",
      /storageAlert\.checkEvery/,
    ],
    ["severity 5", { storageAlert: { severity: 5 } }, "OUT_OF_RANGE", /storageAlert\.severity/],
    [
      "an unknown option",
      { storageAlert: { threshold: 80 } as any },
      "NOT_ALLOWED",
      /storageAlert/,
    ],
    [
      "an existing service without location",
      { storageAlert: {} },
      "REQUIRED",
      /existingService\.location/,
    ],
  ];
  for (const [what, extra, code, prop] of bad)
    it(`rejects ${what} (${code})`, () => {
      assert.throws(
        () => planIndexerSchedule("bad", { ...args(1), ...extra }),
        (e: any) =>
          e.code === code && prop.test(e.prop) && /SearchIndexerSchedule 'bad'/.test(e.message),
      );
    });

  it("accepts the default, and an existing service with its location", () => {
    planIndexerSchedule("ok", {
      ...args(1),
      existingService: { ...existing("basic"), location: "westeurope" },
      storageAlert: {},
    });
  });
});

describe("Search capacity in the plan", () => {
  it("lists each service's objects against its tier, its storage quota and its storage alert", () => {
    const recorded = [...session.named("tier-"), ...session.named("store")];
    const plan = buildPlan(recorded, { from: NOW, days: 1, program: "test" });
    const text = renderText(plan);
    assert.match(
      text,
      /Search capacity \(2\):\n {2}srch-shared \(Free, 1 partition\): indexes 4\/3 \(over\), indexers 4\/3 \(over\), data sources 4\/3 \(over\), skillsets 0\/3; storage 0.05 GB .*; no storage alert\n {2}srch-store \(S1, 2 partitions\): indexes 1\/50, indexers 1\/50, data sources 1\/50, skillsets 0\/50; storage 320 GB \(160 GB per partition .*\); storage alert at 75% of the quota, checked every 30 minutes/,
    );
    assert.match(
      renderMarkdown(plan),
      /\*\*Search capacity\*\*\n\n- srch-shared \(Free, 1 partition\): indexes 4\/3 \(over\)/,
    );
    // The rule's finding is in the plan too, as mandatory.
    assert.ok(
      plan.findings.some((f) => f.rule === "search-tier-capacity" && f.severity === "mandatory"),
    );
  });
});
