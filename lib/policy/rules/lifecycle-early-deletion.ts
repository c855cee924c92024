import { armRuleAges, earlyDeletionIssues } from "../../backup/lifecycle";
import { ofType, TYPES } from "../resources";
import type { Rule } from "../types";

const KIND_WORDS = {
  baseBlob: "current blobs",
  version: "previous versions",
  snapshot: "snapshots",
};

/**
 * Rule `lifecycle-early-deletion`: Lifecycle rules do not delete or move blobs inside an early-
 * deletion period. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const lifecycleEarlyDeletion: Rule = {
  id: "lifecycle-early-deletion",
  title: "Lifecycle rules do not delete or move blobs inside an early-deletion period",
  why: "Azure bills Cool for at least 30 days, Cold 90 and Archive 180: deleting or re-tiering sooner pays for storage that was never used.",
  practice: "Data backups in Cool, old ones archived or deleted",
  severity: "advisory",
  scope: "resource",
  appliesTo: [TYPES.managementPolicy],
  check(ctx) {
    return ofType(ctx.resources, TYPES.managementPolicy).flatMap((p) =>
      (p.props.policy?.rules ?? [])
        .filter((r: any) => r?.enabled !== false)
        .flatMap((r: any) =>
          armRuleAges(r).flatMap((a) =>
            earlyDeletionIssues(a.days).map((issue) => ({
              resource: p.urn,
              message: `Lifecycle rule ${r.name} (${p.props.accountName ?? p.name}): ${KIND_WORDS[a.kind]} ${issue}`,
            })),
          ),
        ),
    );
  },
};
