import { armRuleAges, NO_ARCHIVE_SKUS } from "../../backup/lifecycle";
import { ofType, TYPES } from "../resources";
import type { Rule } from "../types";
import { accountNameOf } from "./backup-lifecycle";

/**
 * Rule `lifecycle-actions-apply`: Lifecycle actions can act on their account: no Archive where it
 * does not exist, no version actions without versioning. Its severity, scope and the practice it
 * follows are listed in RULES.md.
 */
export const lifecycleActionsApply: Rule = {
  id: "lifecycle-actions-apply",
  title:
    "Lifecycle actions can act on their account: no Archive where it does not exist, no version actions without versioning",
  why: "Azure has no Archive tier on ZRS, GZRS, RA-GZRS or premium accounts, and previous-version actions never run without blob versioning: the policy looks right and does nothing (or fails).",
  practice: "Old backups are archived or deleted by a scheduled cleanup",
  severity: "mandatory",
  scope: "stack",
  appliesTo: [TYPES.managementPolicy, TYPES.storageAccount, TYPES.blobService],
  check(ctx) {
    const accounts = ofType(ctx.resources, TYPES.storageAccount);
    const services = ofType(ctx.resources, TYPES.blobService);
    return ofType(ctx.resources, TYPES.managementPolicy).flatMap((p) => {
      const name = p.props.accountName;
      const account = accounts.find((a) => name !== undefined && accountNameOf(a) === name);
      if (!account) return []; // an account outside the program, or unknown in preview
      const sku = account.props.sku?.name;
      const svc = services.find((s) => s.props.accountName === name);
      const problems: string[] = [];
      for (const r of p.props.policy?.rules ?? []) {
        if (r?.enabled === false) continue;
        for (const a of armRuleAges(r)) {
          if (a.days.archive !== undefined && (NO_ARCHIVE_SKUS as readonly string[]).includes(sku))
            problems.push(`rule ${r.name} archives ${a.kind} blobs but ${sku} has no Archive tier`);
          if (a.kind === "version" && svc && svc.props.isVersioningEnabled !== true)
            problems.push(`rule ${r.name} acts on previous versions but blob versioning is off`);
        }
      }
      return problems.length
        ? [{ resource: p.urn, message: `Lifecycle policy of ${name}: ${problems.join("; ")}.` }]
        : [];
    });
  },
};
