import { strict as assert } from "assert";
import { mocks } from "../support/mocks";
import { Duration } from "../../lib/core";
import { policyResources } from "../../lib/plan/document";
import { ruleContext, PolicyResource } from "../../lib/policy";
import { searchTierCapacity } from "../../lib/policy/rules";
import {
  SEARCH_TIERS,
  SearchIndexerSchedule,
  SearchIndexerScheduleArgs,
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
      const { service: _drop, ...props } = r.props;
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
