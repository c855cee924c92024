/**
 * The dated price table the cost estimate multiplies by: one region, one currency, pay-as-you-go
 * retail. Each price names where it was read and when; a meter without a cited price is `null`
 * ("unknown"), never 0. A team overrides the table for its region, currency or agreement with a
 * JSON file (`--prices`, schema `schema/prices-v1.schema.json`).
 */

/** The meters the estimate knows. */
export type MeterId =
  | "adf.orchestration"
  | "ml.compute-hour"
  | "blob.hot.gb-month"
  | "blob.cool.gb-month"
  | "blob.cold.gb-month"
  | "blob.archive.gb-month";

/** One unit price. */
export interface Price {
  /** What is counted, in words (`activity runs, trigger runs and debug runs`). */
  readonly meter: string;
  /** Units one `amount` pays for: 1000 for "per 1,000 runs". */
  readonly per: number;
  /** The unit, singular (`run`, `node-hour`, `GB-month`). */
  readonly unit: string;
  /** Price of `per` units, in the table's currency; `null` when not known. */
  readonly amount: number | null;
  /** Where the price was read (a URL), when known. */
  readonly source?: string;
  /** The day it was read there (`YYYY-MM-DD`). */
  readonly read?: string;
  /** The source's own words for the price, so a test can check the table against them. */
  readonly quote?: string;
}

/** A price table (the override file has the same shape). */
export interface PriceTable {
  /** Format version of the table. */
  readonly version: 1;
  /** ARM region the prices are for (`eastus`). */
  readonly region: string;
  /** ISO 4217 code (`USD`). */
  readonly currency: string;
  /** The date the table as a whole describes (`YYYY-MM-DD`). */
  readonly asOf: string;
  /** Where the table came from, in words (`built-in`, or the override file). */
  readonly origin?: string;
  /** Unit price of each meter; a meter left out is unpriced (its lines count as unknown). */
  readonly prices: Partial<Record<MeterId, Price>>;
}

/**
 * Data Factory's orchestration meter, as the Azure Retail Prices API gives it for East US
 * (`Cloud Orchestration Activity Run`, unit 1K, 1.00 USD). The retail pricing page renders its
 * figures client-side, so the API response (as recorded in the public file below, queried
 * 2026-09-17) is the source. Microsoft's worked examples count one orchestration run per trigger
 * run plus one per activity run ("3 Activity runs per execution (1 for trigger run, 2 for activity
 * runs)"), which is how `lib/cost/usage.ts` counts.
 */
const ADF_ORCHESTRATION: Price = {
  meter: "Data Factory orchestration (activity runs and trigger runs, Azure integration runtime)",
  per: 1000,
  unit: "run",
  amount: 1.0,
  source:
    "https://raw.githubusercontent.com/api-evangelist/microsoft-azure-data-factory/refs/heads/main/plans/microsoft-azure-data-factory-plans-pricing.yml (Azure Retail Prices API, serviceName 'Azure Data Factory v2', armRegionName 'eastus', queried there 2026-09-17); counting rule: https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/data-factory/pricing-examples-copy-transform-dynamic-parameters.md",
  read: "2026-12-04",
  quote:
    "meter: Cloud Orchestration Activity Run; unit_of_measure: 1K; price: '1.00'; currency: USD",
};

/**
 * Prices with no source cited yet: shown as unknown until a `--prices` file gives them. Blob
 * capacity differs by redundancy and region; Azure ML compute is the VM size's hourly price.
 */
const unknown = (meter: string, unit: string, per = 1): Price => ({
  meter,
  per,
  unit,
  amount: null,
});

/** The built-in table: East US, USD, retail pay-as-you-go. */
export const DEFAULT_PRICES: PriceTable = {
  version: 1,
  region: "eastus",
  currency: "USD",
  asOf: "2026-12-04",
  origin: "built-in",
  prices: {
    "adf.orchestration": ADF_ORCHESTRATION,
    "ml.compute-hour": unknown("Azure ML compute (the VM size's hourly price)", "node-hour"),
    "blob.hot.gb-month": unknown("Blob storage, Hot tier capacity", "GB-month"),
    "blob.cool.gb-month": unknown("Blob storage, Cool tier capacity", "GB-month"),
    "blob.cold.gb-month": unknown("Blob storage, Cold tier capacity", "GB-month"),
    "blob.archive.gb-month": unknown("Blob storage, Archive tier capacity", "GB-month"),
  },
};

/**
 * The built-in table with an override laid over it: the override's region, currency and date, and
 * its prices meter by meter. A meter the override leaves out keeps the built-in price only when
 * the currency and region are the same (a USD price is no EUR price).
 */
export function mergePrices(base: PriceTable, override: PriceTable): PriceTable {
  const sameMarket = base.currency === override.currency && base.region === override.region;
  const prices: Partial<Record<MeterId, Price>> = {};
  for (const [id, p] of Object.entries(base.prices) as [MeterId, Price][])
    prices[id] = sameMarket ? p : { meter: p.meter, per: p.per, unit: p.unit, amount: null };
  return { ...override, prices: { ...prices, ...override.prices } };
}

/** `$0.72`, `0.72 EUR`; amounts under a cent keep four decimals so they never read as 0. */
export function formatMoney(amount: number, currency: string): string {
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2;
  const n = Math.abs(amount).toFixed(digits);
  const sign = amount < 0 ? "-" : "";
  return currency === "USD" ? `${sign}$${n}` : `${sign}${n} ${currency}`;
}
