import { TYPES } from "../resources";
import type { Rule } from "../types";
import { accountNameOf, backupAccounts } from "./backup-lifecycle";

const GEO = new Set(["Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"]);

/**
 * Rule `backup-geo-redundancy`: Backup storage is geo-redundant. Its severity, scope and the
 * practice it follows are listed in RULES.md.
 */
export const backupGeoRedundancy: Rule = {
  id: "backup-geo-redundancy",
  title: "Backup storage is geo-redundant",
  why: "Locally or zone-redundant backups share the fate of their region: an outage or disaster there takes the data and its backups together.",
  practice: "Interactive outputs and backups get geo-replication",
  severity: "advisory",
  scope: "resource",
  appliesTo: [TYPES.storageAccount],
  check(ctx) {
    return backupAccounts(ctx.resources)
      .filter((a) => typeof a.props.sku?.name === "string" && !GEO.has(a.props.sku.name))
      .map((a) => ({
        resource: a.urn,
        message: `Backup storage account ${accountNameOf(a) ?? a.name} uses ${a.props.sku.name}; use Standard_RAGRS or Standard_GRS (GZRS variants have no Archive tier).`,
      }));
  },
};
