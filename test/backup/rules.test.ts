// The backup practices as best-practice rules: one compliant and one non-compliant case each,
// plus the stack a ModelBackupVault builds with its defaults, which every rule must accept.
import { strict as assert } from "assert";
import { ruleContext, PolicyResource, Rule, RULES } from "../../lib/policy";
import {
  backupGeoRedundancy,
  backupQuickRestore,
  backupRecoverability,
  lifecycleActionsApply,
  lifecycleEarlyDeletion,
} from "../../lib/policy/rules";
import { policyResources } from "../../lib/plan/document";
import { Duration } from "../../lib/core";
import { ModelBackupVault } from "../../lib/backup";
import { mocks } from "../support/mocks";
import { broken, find, NOW, T, world } from "../policy/world";

const session = mocks();
const check = (rule: Rule, resources: PolicyResource[]) =>
  rule.check(ruleContext(resources, { now: NOW, horizonDays: 7 }));
const d = Duration.days;

describe("backup rules", () => {
  let stack: PolicyResource[];
  let vault: PolicyResource[];
  before(async () => {
    stack = await world();
    new ModelBackupVault("rules-vault", {
      resourceGroupName: "rg-rules",
      accountName: "rulesvault01",
      families: ["forecasting"],
    });
    await session.settle();
    vault = policyResources(session.resources.filter((r) => r.name.startsWith("rules-vault")));
  });

  it("accepts the vault ModelBackupVault builds by default (every rule)", () => {
    for (const rule of RULES) assert.deepEqual(check(rule, vault), [], rule.id);
  });

  describe(backupQuickRestore.id, () => {
    it("flags a vault policy that archives the quick-restore backups", () => {
      const mp = find(vault, "rules-vault-lifecycle", T.policy);
      const early = broken(vault, mp, (p) => {
        p.policy.rules[0].definition.actions.version.tierToArchive = {
          daysAfterCreationGreaterThan: 2,
        };
      });
      const v = check(backupQuickRestore, early);
      assert.equal(v.length, 1);
      assert.match(
        v[0].message,
        /rule forecasting of backup account rulesvault01 archives previous versions after 2 d, but the newest 3 d of backups are for quick restore/,
      );
    });
    it("without a declared window, flags only archiving on day 0", () => {
      const mp = find(stack, "pol-backup-lifecycle", T.policy);
      assert.deepEqual(check(backupQuickRestore, stack), []);
      const now = broken(stack, mp, (p) => {
        p.policy.rules[0].definition.actions.baseBlob = {
          tierToArchive: { daysAfterModificationGreaterThan: 0 },
          delete: { daysAfterModificationGreaterThan: 400 },
        };
      });
      assert.equal(check(backupQuickRestore, now).length, 1);
    });
  });

  describe(backupRecoverability.id, () => {
    it("flags a backup account without versioning or soft delete", () => {
      const svc = find(stack, "pol-backup-blob-service", T.blobService);
      const off = broken(stack, svc, (p) => {
        p.isVersioningEnabled = false;
        delete p.containerDeleteRetentionPolicy;
      });
      const v = check(backupRecoverability, off);
      assert.equal(v.length, 1);
      assert.match(v[0].message, /polbackup has no blob versioning, container soft delete/);
      const none = stack.filter((r) => r.type !== T.blobService);
      assert.match(
        check(backupRecoverability, none)[0].message,
        /no blob versioning, blob soft delete, container soft delete/,
      );
    });
    it("leaves non-backup accounts alone", () =>
      assert.deepEqual(check(backupRecoverability, [find(stack, "pol-lake", T.account)]), []));
  });

  describe(backupGeoRedundancy.id, () => {
    it("flags locally redundant backup storage, not a locally redundant lake", () => {
      const acct = find(stack, "pol-backup", T.account);
      const lrs = broken(stack, acct, (p) => (p.sku = { name: "Standard_ZRS" }));
      const v = check(backupGeoRedundancy, lrs);
      assert.equal(v.length, 1);
      assert.match(v[0].message, /polbackup uses Standard_ZRS/);
    });
  });

  describe(lifecycleActionsApply.id, () => {
    it("flags archive on a ZRS account and version actions without versioning", () => {
      const acct = find(stack, "pol-backup", T.account);
      const zrs = broken(stack, acct, (p) => (p.sku = { name: "Standard_GZRS" }));
      assert.match(
        check(lifecycleActionsApply, zrs)[0].message,
        /rule tier-and-expire archives baseBlob blobs but Standard_GZRS has no Archive tier/,
      );
      const svc = find(vault, "rules-vault-blob-service", T.blobService);
      const noVersions = broken(vault, svc, (p) => (p.isVersioningEnabled = false));
      assert.match(
        check(lifecycleActionsApply, noVersions)[0].message,
        /rule forecasting acts on previous versions but blob versioning is off/,
      );
    });
  });

  describe(lifecycleEarlyDeletion.id, () => {
    it("flags a rule that deletes blobs inside Cool's 30 days", () => {
      const mp = find(stack, "pol-backup-lifecycle", T.policy);
      const soon = broken(stack, mp, (p) => {
        p.policy.rules[0].definition.actions.baseBlob = {
          tierToCool: { daysAfterModificationGreaterThan: 30 },
          delete: { daysAfterModificationGreaterThan: 45 },
        };
      });
      const v = check(lifecycleEarlyDeletion, soon);
      assert.equal(v.length, 1);
      assert.match(
        v[0].message,
        /rule tier-and-expire \(polbackup\): current blobs are deleted 15 d after reaching cool, inside its 30-day early-deletion period/,
      );
    });
    it("ignores disabled rules", () => {
      const mp = find(stack, "pol-backup-lifecycle", T.policy);
      const off = broken(stack, mp, (p) => {
        p.policy.rules[0].enabled = false;
        p.policy.rules[0].definition.actions.baseBlob.delete = {
          daysAfterModificationGreaterThan: 31,
        };
      });
      assert.deepEqual(check(lifecycleEarlyDeletion, off), []);
    });
  });

  it("the vault's own tiering warnings and the early-deletion rule agree", () => {
    new ModelBackupVault("rules-vault-costly", {
      resourceGroupName: "rg-rules",
      accountName: "rulesvault02",
      families: ["vision"],
      tiering: { current: { coolAfter: d(0), deleteAfter: d(10) } },
    });
    return session.settle().then(() => {
      const res = policyResources(
        session.resources.filter((r) => r.name.startsWith("rules-vault-costly")),
      );
      assert.equal(check(lifecycleEarlyDeletion, res).length, 1);
    });
  });
});
