/**
 * What each Azure AI Search tier holds, from Learn's "Service limits in Azure AI Search"
 * (learn.microsoft.com/azure/search/search-limits-quotas-capacity, source
 * MicrosoftDocs/azure-ai-docs `articles/search/search-limits-quotas-capacity.md`, ms.date
 * 2025-11-20, and its include `azure-search-limits-per-service.md`, ms.date 2025-08-15):
 * - "Index limits", row "Maximum indexes": Free 3, Basic "5 or 15", S1 50, S2 200, S3 200,
 *   S3 HD "1000 per partition or 3000 per service", L1 10, L2 10;
 * - "Indexer limits", rows "Maximum indexers" / "Maximum datasources" / "Maximum skillsets": Free 3,
 *   Basic "5 or 15", S1 50, S2 200, S3 200, S3 HD N/A (no indexers), L1 10, L2 10; footnote 4:
 *   "Maximum of 30 skills per skillset";
 * - "Partitions" / "Replicas": Basic 3 / 3 ("on new search services created after April 3, 2024.
 *   Older basic services are limited to one partition"), S1-S3, L1, L2 12 / 12, S3 HD 3 / 12;
 * - "Partition storage (GB)" by service creation date: before April 3, 2024 Basic 2, S1 25, S2 100,
 *   S3/HD 200, L1 1,024, L2 2,048; after May 17, 2024 Basic 15, S1 160, S2 512, S3/HD 1,024,
 *   L1 2,048, L2 4,096; Free is "limited to 50 MB" (subscription limits, footnote 1).
 *
 * Which values the library uses, and why: the component creates services, and a service created
 * today gets the current limits (15 indexes on Basic: the 5 is for Basic services "created before
 * December 2017"; the larger partitions in every region but the four the page lists: Israel Central,
 * Qatar Central, Spain Central, South India). So the table holds the current values, and
 * `legacyStorageGbPerPartition` the pre-April-2024 ones, which an older service keeps until it is
 * upgraded. The storage alert never relies on the table: it reads the quota the service itself
 * reports (`GET /servicestats`), so an older or smaller service is measured against its own quota.
 */
export interface SearchTierLimits {
  /** The tier as Learn names it (`S1`, `S3 HD`...). */
  readonly label: string;
  /** Maximum indexes (S3 HD: per partition, see `tierOverruns`). */
  readonly indexes: number;
  /** Indexers, and as many data sources (the same row values). 0 where the tier has none (S3 HD). */
  readonly indexers: number;
  /** Maximum data sources. */
  readonly dataSources: number;
  /** Maximum skillsets (30 skills each). */
  readonly skillsets: number;
  /** Storage of one partition, in GB, for a service created after May 17, 2024. */
  readonly storageGbPerPartition: number;
  /** The same for a service created before April 3, 2024 (not upgraded). */
  readonly legacyStorageGbPerPartition: number;
  /** Partitions a service of the tier can have. */
  readonly maxPartitions: number;
  /** Replicas a service of the tier can have. */
  readonly maxReplicas: number;
}

/** A tier key: azure-native's `sku.name`, plus `standard3-hd` for `standard3` with `hostingMode: "highDensity"`. */
export type SearchTier =
  | "free"
  | "basic"
  | "standard"
  | "standard2"
  | "standard3"
  | "standard3-hd"
  | "storage_optimized_l1"
  | "storage_optimized_l2";

/** The tier table (see the module comment for the source and the choice of values). */
export const SEARCH_TIERS: Readonly<Record<SearchTier, SearchTierLimits>> = {
  free: {
    label: "Free",
    indexes: 3,
    indexers: 3,
    dataSources: 3,
    skillsets: 3,
    storageGbPerPartition: 0.05,
    legacyStorageGbPerPartition: 0.05,
    maxPartitions: 1,
    maxReplicas: 1,
  },
  basic: {
    label: "Basic",
    indexes: 15,
    indexers: 15,
    dataSources: 15,
    skillsets: 15,
    storageGbPerPartition: 15,
    legacyStorageGbPerPartition: 2,
    maxPartitions: 3,
    maxReplicas: 3,
  },
  standard: {
    label: "S1",
    indexes: 50,
    indexers: 50,
    dataSources: 50,
    skillsets: 50,
    storageGbPerPartition: 160,
    legacyStorageGbPerPartition: 25,
    maxPartitions: 12,
    maxReplicas: 12,
  },
  standard2: {
    label: "S2",
    indexes: 200,
    indexers: 200,
    dataSources: 200,
    skillsets: 200,
    storageGbPerPartition: 512,
    legacyStorageGbPerPartition: 100,
    maxPartitions: 12,
    maxReplicas: 12,
  },
  standard3: {
    label: "S3",
    indexes: 200,
    indexers: 200,
    dataSources: 200,
    skillsets: 200,
    storageGbPerPartition: 1024,
    legacyStorageGbPerPartition: 200,
    maxPartitions: 12,
    maxReplicas: 12,
  },
  "standard3-hd": {
    label: "S3 HD",
    // "1000 per partition or 3000 per service": the per-service bound with 3 partitions.
    indexes: 1000,
    indexers: 0,
    dataSources: 0,
    skillsets: 0,
    storageGbPerPartition: 1024,
    legacyStorageGbPerPartition: 200,
    maxPartitions: 3,
    maxReplicas: 12,
  },
  storage_optimized_l1: {
    label: "L1",
    indexes: 10,
    indexers: 10,
    dataSources: 10,
    skillsets: 10,
    storageGbPerPartition: 2048,
    legacyStorageGbPerPartition: 1024,
    maxPartitions: 12,
    maxReplicas: 12,
  },
  storage_optimized_l2: {
    label: "L2",
    indexes: 10,
    indexers: 10,
    dataSources: 10,
    skillsets: 10,
    storageGbPerPartition: 4096,
    legacyStorageGbPerPartition: 2048,
    maxPartitions: 12,
    maxReplicas: 12,
  },
};

/** Skills one skillset may hold (Learn, "Indexer limits", footnote 4). */
export const MAX_SKILLS_PER_SKILLSET = 30;

/**
 * The tier of a service from its `sku.name` and `hostingMode` (azure-native `search.Service`);
 * undefined for a SKU the table does not know.
 */
export function tierOf(sku: unknown, hostingMode?: unknown): SearchTier | undefined {
  const name = String(sku ?? "").toLowerCase();
  if (name === "standard3" && String(hostingMode ?? "").toLowerCase() === "highdensity")
    return "standard3-hd";
  return name in SEARCH_TIERS ? (name as SearchTier) : undefined;
}

/**
 * Index, indexer, data source and skillset counts of one service set against its tier. Each
 * entry names what is over the tier's limit; empty when everything fits.
 */
export function tierOverruns(
  tier: SearchTier,
  counts: {
    readonly indexes: number;
    readonly indexers: number;
    readonly dataSources: number;
    readonly skillsets: number;
  },
  partitions = 1,
): string[] {
  const t = SEARCH_TIERS[tier];
  // S3 HD allows 1000 indexes per partition, at most 3000.
  const indexes = tier === "standard3-hd" ? Math.min(3000, 1000 * partitions) : t.indexes;
  const out: string[] = [];
  const over = (what: string, n: number, max: number) => {
    if (n > max) out.push(`${n} ${what} (${t.label} allows ${max})`);
  };
  over("indexes", counts.indexes, indexes);
  over("indexers", counts.indexers, t.indexers);
  over("data sources", counts.dataSources, t.dataSources);
  over("skillsets", counts.skillsets, t.skillsets);
  return out;
}

/** Storage quota of a service in bytes: partitions times the tier's partition size (current values). */
export function storageQuotaBytes(tier: SearchTier, partitions = 1): number {
  return Math.round(SEARCH_TIERS[tier].storageGbPerPartition * partitions * 1024 ** 3);
}
