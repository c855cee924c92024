import { armRuleAges } from "../../backup/lifecycle";
import { QUICK_RESTORE_DAYS_TAG } from "../../backup/tags";
import { ofType, TYPES } from "../resources";
import type { Rule } from "../types";
import { accountNameOf, backupAccounts } from "./backup-lifecycle";

/**
 * Rule `backup-quick-restore`: The backups a team restores from after diverged training never
 * reach Archive. Its severity, scope and the practice it follows are listed in RULES.md.
 */
export const backupQuickRestore: Rule = {
  id: "backup-quick-restore",
  title: "The backups a team restores from after diverged training never reach Archive",
  why: "Reading an archived blob needs rehydration, which takes up to 15 hours (hours even at high priority): a model needed back today must still be online.",
  practice:
    "Deep-learning models are backed up when training ends and can be restored quickly when training diverges",
  severity: "mandatory",
  scope: "stack",
  appliesTo: [TYPES.storageAccount, TYPES.managementPolicy],
  check(ctx) {
    const policies = ofType(ctx.resources, TYPES.managementPolicy);
    return backupAccounts(ctx.resources).flatMap((account) => {
      const name = accountNameOf(account);
      // Without a declared quick-restore window, archiving on day 0 still archives the latest backup.
      const online = Number(account.props.tags?.[QUICK_RESTORE_DAYS_TAG] ?? 1);
      return policies
        .filter((p) => name !== undefined && p.props.accountName === name)
        .flatMap((p) =>
          (p.props.policy?.rules ?? [])
            .filter((r: any) => r?.enabled !== false)
            .flatMap((r: any) =>
              armRuleAges(r)
                .filter(
                  (a) =>
                    a.kind !== "snapshot" &&
                    a.days.archive !== undefined &&
                    a.days.archive < online,
                )
                .map((a) => ({
                  resource: p.urn,
                  message: `Lifecycle rule ${r.name} of backup account ${name} archives ${a.kind === "version" ? "previous versions" : "current backups"} after ${a.days.archive} d, but the newest ${online} d of backups are for quick restore; archive later than ${online} d.`,
                })),
            ),
        );
    });
  },
};
