/**
 * A search index over curated product files, refreshed every 6 hours by an existing pipeline:
 * the indexer runs 30 minutes after each refresh, reads JSON Lines blobs through the search
 * service's managed identity (no keys), and alerts on failed documents.
 */
import * as pulumi from "@pulumi/pulumi";
import { Duration, Recurrence, SearchIndexerSchedule } from "../../lib";

const config = new pulumi.Config();
const subscription = config.get("subscriptionId") ?? "00000000-0000-0000-0000-000000000000";

export const products = new SearchIndexerSchedule("products", {
  resourceGroupName: "rg-search",
  location: "westeurope",
  service: { name: config.get("searchServiceName") ?? "srch-products-prod" },
  storageAccountId: `/subscriptions/${subscription}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stcurated`,
  container: "curated",
  folder: "products/",
  parsingMode: "jsonLines",
  fields: [
    { name: "id", type: "Edm.String", key: true, filterable: true },
    { name: "name", type: "Edm.String", searchable: true },
    { name: "category", type: "Edm.String", filterable: true, facetable: true },
    { name: "price", type: "Edm.Double", filterable: true, sortable: true },
  ],
  // The pipeline that writes curated/products runs every 6 hours from midnight UTC.
  refreshedBy: Recurrence.every(Duration.hours(6), { startTime: "2026-01-01T00:00" }),
  refreshLag: Duration.minutes(30),
});

export const endpoint = products.endpoint;
export const indexer = products.indexerName;
