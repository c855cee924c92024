// Sources for the limits checked here:
// - learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview: policy named
//   `default`, 1-100 rules, at most 10 prefixes per rule each starting with a container name,
//   version actions use daysAfterCreationGreaterThan and need blob versioning.
// - learn.microsoft.com/azure/storage/blobs/access-tiers-overview: no Archive on ZRS, GZRS,
//   RA-GZRS or premium accounts; early deletion Cool 30, Cold 90, Archive 180 days.
// - azure-rest-api-specs storage.json and Terraform azurerm storage_management_policy: every
//   `daysAfter...` value 0-99999; rule names letters, digits and hyphens.
// - @pulumi/azure-native 3.28 storage/managementPolicy.d.ts: ManagementPolicyBaseBlobArgs,
//   ManagementPolicyVersionArgs (daysAfterCreationGreaterThan required), ManagementPolicyFilterArgs.
import { strict as assert } from "assert";
import fc from "fast-check";
import { Duration, ValidationCode, ValidationError } from "../../lib/core";
import {
  armRuleAges,
  describeLifecycleRule,
  earlyDeletionIssues,
  EARLY_DELETION_DAYS,
  LifecycleAccount,
  planLifecycleRules,
  TieringIntent,
} from "../../lib/backup";

const ctx = { component: "Test", name: "t" };
const grs: LifecycleAccount = {
  sku: "Standard_RAGRS",
  versioning: true,
  containers: ["models", "data"],
};
const d = Duration.days;

function plan(intents: TieringIntent[], account: LifecycleAccount = grs) {
  const warnings: string[] = [];
  const out = planLifecycleRules(intents, account, ctx, (m) => warnings.push(m));
  return { ...out, warnings };
}

function throwsCode(fn: () => unknown, code: ValidationCode, prop: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(ValidationError.isValidationError(e), String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.prop, prop, e.message);
    return true;
  });
}

describe("planLifecycleRules", () => {
  it("turns the issue's example into the exact rule Azure receives", () => {
    const { rules, descriptions, warnings } = plan([
      {
        name: "models",
        prefixes: ["models/"],
        previousVersions: { coolAfter: d(0), archiveAfter: d(90), deleteAfter: d(365) },
      },
    ]);
    assert.deepEqual(rules, [
      {
        name: "models",
        enabled: true,
        type: "Lifecycle",
        definition: {
          filters: { blobTypes: ["blockBlob"], prefixMatch: ["models/"] },
          actions: {
            version: {
              tierToCool: { daysAfterCreationGreaterThan: 0 },
              tierToArchive: { daysAfterCreationGreaterThan: 90 },
              delete: { daysAfterCreationGreaterThan: 365 },
            },
          },
        },
      },
    ]);
    assert.deepEqual(descriptions, [
      "models (models/): previous versions → Cool after 0 d → Archive after 90 d → deleted after 365 d",
    ]);
    assert.deepEqual(warnings, []);
  });

  it("ages current blobs since creation by default and since modification on request", () => {
    const byCreation = plan([{ name: "a", current: { coolAfter: d(7), deleteAfter: d(60) } }]);
    assert.deepEqual(byCreation.rules[0].definition.actions.baseBlob, {
      tierToCool: { daysAfterCreationGreaterThan: 7 },
      delete: { daysAfterCreationGreaterThan: 60 },
    });
    assert.equal(byCreation.rules[0].definition.filters.prefixMatch, undefined);
    const byModification = plan([
      { name: "a", basis: "modification", current: { coldAfter: d(1), deleteAfter: d(200) } },
    ]);
    assert.deepEqual(byModification.rules[0].definition.actions.baseBlob, {
      tierToCold: { daysAfterModificationGreaterThan: 1 },
      delete: { daysAfterModificationGreaterThan: 200 },
    });
    assert.match(byModification.descriptions[0], /Cold after 1 d since modification/);
  });

  it("derives the delete age from keepVersions and backupEvery, and says so", () => {
    const { rules, warnings } = plan([
      {
        name: "m",
        prefixes: ["models/"],
        keepVersions: 30,
        backupEvery: d(1),
        current: { coolAfter: d(1) },
        previousVersions: { coolAfter: d(0) },
      },
    ]);
    // 30 × 1 d = 30 d, raised to 31 d for current blobs so none leaves Cool inside 30 days.
    assert.deepEqual(rules[0].definition.actions.baseBlob?.delete, {
      daysAfterCreationGreaterThan: 31,
    });
    assert.deepEqual(rules[0].definition.actions.version?.delete, {
      daysAfterCreationGreaterThan: 30,
    });
    assert.equal(warnings.length, 1);
    assert.equal(
      warnings[0],
      "'m': keepVersions 30 every 1 day: current backups are deleted after 31 d (30 d raised so none leaves cool inside its 30-day early-deletion period); previous versions are deleted after 30 d. Azure retains by age only, so if backups stop, older ones still expire.",
    );
  });

  it("rounds a sub-daily cadence up to whole days", () => {
    const { rules } = plan([{ name: "m", keepVersions: 10, backupEvery: Duration.hours(6) }]);
    assert.deepEqual(rules[0].definition.actions.baseBlob, {
      delete: { daysAfterCreationGreaterThan: 10 },
    });
  });

  describe("rejects invalid tiering intents with a coded error", () => {
    const cases: [string, () => unknown, ValidationCode, RegExp][] = [
      [
        "cool after archive",
        () => plan([{ name: "a", current: { coolAfter: d(90), archiveAfter: d(30) } }]),
        "CONFLICT",
        /current\.archiveAfter/,
      ],
      [
        "cool equal to cold",
        () => plan([{ name: "a", current: { coolAfter: d(30), coldAfter: d(30) } }]),
        "CONFLICT",
        /current\.coldAfter/,
      ],
      [
        "cold after archive",
        () => plan([{ name: "a", previousVersions: { coldAfter: d(200), archiveAfter: d(100) } }]),
        "CONFLICT",
        /previousVersions\.archiveAfter/,
      ],
      [
        "delete before archive",
        () => plan([{ name: "a", current: { archiveAfter: d(200), deleteAfter: d(100) } }]),
        "CONFLICT",
        /current\.deleteAfter/,
      ],
      [
        "archive on ZRS",
        () =>
          plan([{ name: "a", current: { archiveAfter: d(90) } }], {
            sku: "Standard_ZRS",
            versioning: true,
          }),
        "CONFLICT",
        /current\.archiveAfter/,
      ],
      [
        "archive on GZRS",
        () =>
          plan([{ name: "a", current: { archiveAfter: d(90) } }], {
            sku: "Standard_GZRS",
            versioning: true,
          }),
        "CONFLICT",
        /archiveAfter/,
      ],
      [
        "archive on RA-GZRS",
        () =>
          plan([{ name: "a", previousVersions: { archiveAfter: d(90) } }], {
            sku: "Standard_RAGZRS",
            versioning: true,
          }),
        "CONFLICT",
        /previousVersions\.archiveAfter/,
      ],
      [
        "archive on premium",
        () =>
          plan([{ name: "a", current: { archiveAfter: d(90) } }], {
            sku: "Premium_LRS",
            versioning: true,
          }),
        "CONFLICT",
        /archiveAfter/,
      ],
      [
        "cool on premium",
        () =>
          plan([{ name: "a", current: { coolAfter: d(9) } }], {
            sku: "Premium_ZRS",
            versioning: true,
          }),
        "CONFLICT",
        /coolAfter/,
      ],
      [
        "more than 100 rules",
        () =>
          plan(
            Array.from({ length: 101 }, (_, i) => ({
              name: `r${i}`,
              current: { deleteAfter: d(9) },
            })),
          ),
        "OUT_OF_RANGE",
        /^tiering\.length$/,
      ],
      [
        "more than 10 prefixes",
        () =>
          plan([
            {
              name: "a",
              prefixes: Array.from({ length: 11 }, (_, i) => `models/p${i}`),
              current: { deleteAfter: d(9) },
            },
          ]),
        "OUT_OF_RANGE",
        /prefixes\.length/,
      ],
      [
        "an empty prefix list",
        () => plan([{ name: "a", prefixes: [], current: { deleteAfter: d(9) } }]),
        "OUT_OF_RANGE",
        /prefixes\.length/,
      ],
      [
        "a prefix not starting with a container",
        () => plan([{ name: "a", prefixes: ["/models"], current: { deleteAfter: d(9) } }]),
        "INVALID_FORMAT",
        /prefixes\[0\]/,
      ],
      [
        "a prefix in an unknown container",
        () => plan([{ name: "a", prefixes: ["logs/x"], current: { deleteAfter: d(9) } }]),
        "CONFLICT",
        /prefixes\[0\]/,
      ],
      [
        "a wildcard prefix",
        () => plan([{ name: "a", prefixes: ["models/*.pkl"], current: { deleteAfter: d(9) } }]),
        "CONFLICT",
        /prefixes\[0\]/,
      ],
      [
        "version actions without versioning",
        () =>
          plan([{ name: "a", previousVersions: { deleteAfter: d(9) } }], {
            sku: "Standard_GRS",
            versioning: false,
          }),
        "CONFLICT",
        /previousVersions/,
      ],
      [
        "a fractional day",
        () => plan([{ name: "a", current: { deleteAfter: Duration.hours(36) } }]),
        "INVALID_FORMAT",
        /current\.deleteAfter/,
      ],
      [
        "an age above 99999 days",
        () => plan([{ name: "a", current: { deleteAfter: d(100_000) } }]),
        "OUT_OF_RANGE",
        /current\.deleteAfter/,
      ],
      [
        "keepVersions without backupEvery",
        () => plan([{ name: "a", keepVersions: 30 }]),
        "REQUIRED",
        /backupEvery/,
      ],
      [
        "keepVersions with an explicit deleteAfter",
        () =>
          plan([
            { name: "a", keepVersions: 30, backupEvery: d(1), current: { deleteAfter: d(9) } },
          ]),
        "CONFLICT",
        /current\.deleteAfter/,
      ],
      [
        "keepVersions of zero",
        () => plan([{ name: "a", keepVersions: 0, backupEvery: d(1) }]),
        "OUT_OF_RANGE",
        /keepVersions/,
      ],
      [
        "a zero cadence",
        () => plan([{ name: "a", keepVersions: 3, backupEvery: d(0) }]),
        "CONFLICT",
        /backupEvery/,
      ],
      [
        "quickRestore without backupEvery",
        () => plan([{ name: "a", quickRestore: 3, current: { coolAfter: d(1) } }]),
        "REQUIRED",
        /backupEvery/,
      ],
      [
        "a duplicate rule name",
        () =>
          plan([
            { name: "a", current: { deleteAfter: d(9) } },
            { name: "a", current: { deleteAfter: d(9) } },
          ]),
        "CONFLICT",
        /tiering\[1\]\.name/,
      ],
      [
        "a rule name with an underscore",
        () => plan([{ name: "a_b", current: { deleteAfter: d(9) } }]),
        "INVALID_FORMAT",
        /name/,
      ],
      ["an intent that tiers nothing", () => plan([{ name: "a" }]), "CONFLICT", /^tiering\[0\]$/],
      [
        "an unknown basis",
        () => plan([{ name: "a", basis: "lastAccess" as any, current: { deleteAfter: d(9) } }]),
        "NOT_ALLOWED",
        /basis/,
      ],
    ];
    for (const [what, fn, code, prop] of cases)
      it(`throws on ${what}`, () => throwsCode(fn, code, prop));
  });

  describe("warns about legal but costly intents", () => {
    const cases: [string, TieringIntent, RegExp][] = [
      [
        "deleted 10 d after Cool",
        { name: "a", current: { coolAfter: d(0), deleteAfter: d(10) } },
        /are deleted 10 d after reaching cool, inside its 30-day early-deletion period/,
      ],
      [
        "archived 20 d after Cool",
        { name: "a", current: { coolAfter: d(0), archiveAfter: d(20), deleteAfter: d(400) } },
        /move to archive 20 d after reaching cool/,
      ],
      [
        "deleted 60 d after Cold",
        { name: "a", previousVersions: { coldAfter: d(0), deleteAfter: d(60) } },
        /previous versions are deleted 60 d after reaching cold, inside its 90-day/,
      ],
      [
        "deleted 100 d after Archive",
        { name: "a", current: { archiveAfter: d(90), deleteAfter: d(190) } },
        /deleted 100 d after reaching archive, inside its 180-day/,
      ],
      [
        "quick-restore backups archived",
        { name: "a", backupEvery: d(1), quickRestore: 7, current: { archiveAfter: d(3) } },
        /last 7 backups \(7 d\) are for quick restore/,
      ],
      [
        "count-based retention",
        { name: "a", backupEvery: d(7), keepVersions: 4 },
        /keepVersions 4 every 7 days: current backups are deleted after 28 d\./,
      ],
    ];
    for (const [what, intent, message] of cases)
      it(`warns when ${what}`, () => {
        const { warnings } = plan([intent]);
        assert.ok(
          warnings.some((w) => message.test(w)),
          warnings.join("\n"),
        );
      });
    it("stays quiet when every tier outlives its early-deletion period", () => {
      const { warnings } = plan([
        {
          name: "a",
          current: { coolAfter: d(1), coldAfter: d(31), archiveAfter: d(121), deleteAfter: d(301) },
        },
      ]);
      assert.deepEqual(warnings, []);
    });
  });

  describe("properties", () => {
    const age = fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined });
    const ages = fc.record({ cool: age, cold: age, archive: age, del: age });
    const toTier = (a: { cool?: number; cold?: number; archive?: number; del?: number }) => ({
      coolAfter: a.cool === undefined ? undefined : d(a.cool),
      coldAfter: a.cold === undefined ? undefined : d(a.cold),
      archiveAfter: a.archive === undefined ? undefined : d(a.archive),
      deleteAfter: a.del === undefined ? undefined : d(a.del),
    });
    const sku = fc.constantFrom(
      "Standard_LRS",
      "Standard_GRS",
      "Standard_RAGRS",
      "Standard_ZRS",
      "Standard_GZRS",
      "Standard_RAGZRS",
    );
    const ORDER = ["tierToCool", "tierToCold", "tierToArchive", "delete"];

    it("accepted intents give increasing ages, supported tiers and Azure's limits; others throw a ValidationError", () =>
      fc.assert(
        fc.property(
          fc.array(fc.tuple(ages, ages), { minLength: 1, maxLength: 4 }),
          sku,
          (list, s) => {
            const intents = list.map(([c, v], i) => ({
              name: `r${i}`,
              prefixes: ["models/"],
              current: toTier(c),
              previousVersions: toTier(v),
            }));
            let out;
            try {
              out = plan(intents, { sku: s, versioning: true });
            } catch (e) {
              assert.ok(ValidationError.isValidationError(e), String(e));
              return;
            }
            assert.ok(out.rules.length <= 100);
            for (const r of out.rules) {
              assert.ok((r.definition.filters.prefixMatch ?? []).length <= 10);
              for (const scope of Object.values(r.definition.actions)) {
                const days = ORDER.filter((k) => scope?.[k]).map(
                  (k) => Object.values(scope![k])[0] as number,
                );
                for (let k = 1; k < days.length; k++)
                  assert.ok(days[k] > days[k - 1], JSON.stringify(r));
                if (["Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS"].includes(s))
                  assert.equal(scope?.tierToArchive, undefined);
              }
            }
          },
        ),
      ));

    it("warns exactly when a tier is left inside its early-deletion period", () =>
      fc.assert(
        fc.property(ages, (a) => {
          let out;
          try {
            out = plan([{ name: "r", current: toTier(a) }]);
          } catch {
            return;
          }
          const steps = (
            [
              ["cool", a.cool],
              ["cold", a.cold],
              ["archive", a.archive],
              ["delete", a.del],
            ] as const
          ).filter(([, n]) => n !== undefined);
          let expected = 0;
          for (let k = 0; k + 1 < steps.length; k++)
            if (
              steps[k + 1][1]! - steps[k][1]! <
              EARLY_DELETION_DAYS[steps[k][0] as "cool" | "cold" | "archive"]
            )
              expected++;
          assert.equal(out.warnings.length, expected, out.warnings.join("\n"));
        }),
      ));

    it("keepVersions always keeps at least keepVersions × cadence days and never deletes inside an early-deletion period", () =>
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 1, max: 14 }),
          fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
          (keep, every, cool) => {
            const out = plan([
              {
                name: "r",
                keepVersions: keep,
                backupEvery: d(every),
                current: { coolAfter: cool === undefined ? undefined : d(cool) },
              },
            ]);
            const del =
              out.rules[0].definition.actions.baseBlob!.delete.daysAfterCreationGreaterThan;
            assert.ok(del >= keep * every);
            if (cool !== undefined) assert.ok(del - cool >= 30);
            assert.ok(out.warnings.some((w) => /keepVersions/.test(w)));
          },
        ),
      ));
  });
});

describe("describeLifecycleRule", () => {
  it("describes raw ARM rules, sorted by age, including disabled ones", () => {
    assert.deepEqual(
      describeLifecycleRule({
        name: "raw",
        enabled: false,
        definition: {
          filters: { blobTypes: ["blockBlob"], prefixMatch: ["data/a", "data/b"] },
          actions: {
            baseBlob: {
              delete: { daysAfterModificationGreaterThan: 365 },
              tierToCool: { daysAfterLastAccessTimeGreaterThan: 30 },
            },
            snapshot: { delete: { daysAfterCreationGreaterThan: 90 } },
          },
        },
      }),
      [
        "raw (data/a, data/b): current blobs → Cool after 30 d since last access → deleted after 365 d since modification (rule disabled)",
        "raw (data/a, data/b): snapshots → deleted after 90 d (rule disabled)",
      ],
    );
  });
  it("ignores a rule whose actions are unknown", () =>
    assert.deepEqual(describeLifecycleRule({ definition: {} }), []));
});

describe("lifecycle edges pinned by mutation testing", () => {
  it("warns for an archive age below quickRestore × backupEvery, not at it", () => {
    const intent = (archive: number): TieringIntent => ({
      name: "q",
      backupEvery: d(2),
      quickRestore: 3,
      current: { archiveAfter: d(archive) },
      previousVersions: { archiveAfter: d(archive) },
    });
    // The last 3 backups are younger than 6 d; Azure archives a blob once it is older than 6 d.
    assert.deepEqual(
      plan([intent(6)]).warnings.filter((w) => /quick restore/.test(w)),
      [],
    );
    assert.deepEqual(
      plan([intent(5)]).warnings.filter((w) => /quick restore/.test(w)),
      [
        "'q': current backups reach Archive after 5 d, but the last 3 backups (6 d) are for quick restore; rehydrating from Archive takes hours.",
        "'q': previous versions reach Archive after 5 d, but the last 3 backups (6 d) are for quick restore; rehydrating from Archive takes hours.",
      ],
    );
  });

  it("describes a raw rule without a name, with 'since last tier change', on all blobs", () =>
    assert.deepEqual(
      describeLifecycleRule({
        definition: {
          actions: {
            version: {
              tierToArchive: { daysAfterLastTierChangeGreaterThan: 7 },
              tierToCold: { daysAfterCreationGreaterThan: 30 },
              tierToHot: { daysAfterCreationGreaterThan: 1 },
              delete: { daysAfterCreationGreaterThan: 400 },
            },
          },
        },
      }),
      [
        "rule (all blobs): previous versions → Hot after 1 d → Archive after 7 d since last tier change → Cold after 30 d → deleted after 400 d",
      ],
    ));

  it("skips raw conditions without a number, and kinds with no usable condition", () => {
    const rule = {
      name: "odd",
      enabled: true,
      definition: {
        filters: { prefixMatch: [] },
        actions: {
          baseBlob: {
            tierToCool: { daysAfterModificationGreaterThan: "30" },
            tierToArchive: "90",
            delete: { daysAfterModificationGreaterThan: 365 },
          },
          version: { delete: {} },
          snapshot: "soon",
        },
      },
    };
    assert.deepEqual(describeLifecycleRule(rule), [
      "odd (all blobs): current blobs → deleted after 365 d since modification",
    ]);
    assert.deepEqual(armRuleAges(rule), [{ kind: "baseBlob", days: { delete: 365 } }]);
  });

  it("reads the ages of a raw rule per kind, whatever the age condition", () => {
    assert.deepEqual(
      armRuleAges({
        definition: {
          actions: {
            baseBlob: {
              tierToCool: { daysAfterLastAccessTimeGreaterThan: 30 },
              tierToCold: { daysAfterModificationGreaterThan: 60 },
            },
            version: { tierToArchive: { daysAfterCreationGreaterThan: 90 } },
            snapshot: { delete: { daysAfterCreationGreaterThan: 0 } },
          },
        },
      }),
      [
        { kind: "baseBlob", days: { cool: 30, cold: 60 } },
        { kind: "version", days: { archive: 90 } },
        { kind: "snapshot", days: { delete: 0 } },
      ],
    );
    assert.deepEqual(armRuleAges(undefined), []);
    assert.deepEqual(armRuleAges({ definition: {} }), []);
  });
});

describe("planLifecycleRules: every refusal names the prop, the rule and the fix", () => {
  // Exact messages: each is what a user reads when a tiering intent is refused.
  const cases: [string, any, LifecycleAccount?][] = [
    ["not an array", "x"],
    [
      "101 intents",
      Array.from({ length: 101 }, (_, i) => ({ name: `r${i}`, current: { coolAfter: d(1) } })),
    ],
    ["typo in current", [{ name: "a", current: { coolAfter: d(1), coolafter: d(2) } }]],
    ["typo in previousVersions", [{ name: "a", previousVersions: { deleteAfterDays: 3 } }]],
    ["no name", [{ current: { coolAfter: d(1) } }]],
    ["a number for a name", [{ name: 5, current: { coolAfter: d(1) } }]],
    ["a name with a space", [{ name: "a b", current: { coolAfter: d(1) } }]],
    [
      "a name used twice",
      [
        { name: "a", current: { coolAfter: d(1) } },
        { name: "a", current: { coolAfter: d(2) } },
      ],
    ],
    [
      "previous versions without versioning",
      [{ name: "a", previousVersions: { deleteAfter: d(1) } }],
      { ...grs, versioning: false },
    ],
    ["nothing to tier", [{ name: "a" }]],
    [
      "keepVersions with current.deleteAfter",
      [{ name: "a", backupEvery: d(1), keepVersions: 3, current: { deleteAfter: d(9) } }],
    ],
    [
      "keepVersions with previousVersions.deleteAfter",
      [
        {
          name: "a",
          backupEvery: d(1),
          keepVersions: 3,
          previousVersions: { coolAfter: d(0), deleteAfter: d(90) },
        },
      ],
    ],
    [
      "a fractional quickRestore",
      [{ name: "a", backupEvery: d(1), quickRestore: 1.5, current: { coolAfter: d(1) } }],
    ],
    [
      "an age that is not whole days",
      [{ name: "a", previousVersions: { coolAfter: Duration.hours(36) } }],
    ],
    ["an age that is not a Duration", [{ name: "a", current: { coolAfter: 30 } }]],
    ["an age above 99999 days", [{ name: "a", current: { deleteAfter: d(100_000) } }]],
    ["keepVersions without backupEvery", [{ name: "a", keepVersions: 3 }]],
    ["backupEvery as text", [{ name: "a", keepVersions: 3, backupEvery: "P1D" }]],
    ["a zero backupEvery", [{ name: "a", keepVersions: 3, backupEvery: Duration.seconds(0) }]],
    [
      "11 prefixes",
      [
        {
          name: "a",
          prefixes: Array.from({ length: 11 }, (_, i) => `models/${i}`),
          current: { coolAfter: d(1) },
        },
      ],
    ],
    [
      "a prefix that is not a string",
      [{ name: "a", prefixes: ["models/", 5], current: { coolAfter: d(1) } }],
    ],
    ["an empty prefix", [{ name: "a", prefixes: [""], current: { coolAfter: d(1) } }]],
    ["a wildcard", [{ name: "a", prefixes: ["models/*.pt"], current: { coolAfter: d(1) } }]],
    [
      "a capital in the container",
      [{ name: "a", prefixes: ["Models/x"], current: { coolAfter: d(1) } }],
    ],
    [
      "another account's container",
      [{ name: "a", prefixes: ["other/x"], current: { coolAfter: d(1) } }],
    ],
    ["cold no later than cool", [{ name: "a", current: { coolAfter: d(10), coldAfter: d(10) } }]],
    [
      "delete before archive",
      [{ name: "a", previousVersions: { archiveAfter: d(200), deleteAfter: d(100) } }],
    ],
    [
      "cool on premium",
      [{ name: "a", current: { coolAfter: d(1) } }],
      { sku: "Premium_LRS", versioning: true },
    ],
    [
      "cold on premium",
      [{ name: "a", previousVersions: { coldAfter: d(1) } }],
      { sku: "Premium_ZRS", versioning: true },
    ],
    [
      "archive on ZRS",
      [{ name: "a", current: { archiveAfter: d(1) } }],
      { sku: "Standard_ZRS", versioning: true },
    ],
  ];
  const expected: Record<string, [string, string]> = {
    "not an array": [
      "INVALID_TYPE",
      "Test 't': 'tiering' must be an array, not string, got \"x\".",
    ],
    "101 intents": [
      "OUT_OF_RANGE",
      "Test 't': 'tiering.length' must be an integer between 0 and 100, got 101. A management policy holds at most 100 rules.",
    ],
    "typo in current": [
      "NOT_ALLOWED",
      "Test 't': 'tiers[0].current.coolafter' is not an option; allowed: 'coolAfter', 'coldAfter', 'archiveAfter', 'deleteAfter', got {\"totalSeconds\":172800}. Did you mean 'coolAfter'?",
    ],
    "typo in previousVersions": [
      "NOT_ALLOWED",
      "Test 't': 'tiers[0].previousVersions.deleteAfterDays' is not an option; allowed: 'coolAfter', 'coldAfter', 'archiveAfter', 'deleteAfter', got 3.",
    ],
    "no name": ["REQUIRED", "Test 't': 'tiers[0].name' is required, got nothing."],
    "a number for a name": [
      "INVALID_TYPE",
      "Test 't': 'tiers[0].name' must be a string, not number, got 5.",
    ],
    "a name with a space": [
      "INVALID_FORMAT",
      "Test 't': 'tiers[0].name' must be 1-256 letters, digits and hyphens (Terraform azurerm's rule-name check), got \"a b\".",
    ],
    "a name used twice": [
      "CONFLICT",
      "Test 't': 'tiers[1].name' must be unique in the policy, got \"a\".",
    ],
    "previous versions without versioning": [
      "CONFLICT",
      "Test 't': 'tiers[0].previousVersions' needs blob versioning on the account (previous versions exist only with versioning), got \"versioning off\". Turn versioning on, or drop the previous-version tiering.",
    ],
    "nothing to tier": [
      "CONFLICT",
      "Test 't': 'tiers[0]' must tier something: set 'current', 'previousVersions' or 'keepVersions', got \"a\".",
    ],
    "keepVersions with current.deleteAfter": [
      "CONFLICT",
      "Test 't': 'tiers[0].current.deleteAfter' must not be set together with 'keepVersions' (which derives it), got \"P9D\". Drop one of them.",
    ],
    "keepVersions with previousVersions.deleteAfter": [
      "CONFLICT",
      "Test 't': 'tiers[0].previousVersions.deleteAfter' must not be set together with 'keepVersions' (which derives it), got \"P90D\". Drop one of them.",
    ],
    "a fractional quickRestore": [
      "OUT_OF_RANGE",
      "Test 't': 'tiers[0].quickRestore' must be an integer between 0 and 99999, got 1.5.",
    ],
    "an age that is not whole days": [
      "INVALID_FORMAT",
      "Test 't': 'tiers[0].previousVersions.coolAfter' must be a whole number of days, got \"P1DT12H\".",
    ],
    "an age that is not a Duration": [
      "INVALID_TYPE",
      "Test 't': 'tiers[0].current.coolAfter' must be a Duration (Duration.minutes(5), Duration.parse(\"PT5M\")), not number, got 30.",
    ],
    "an age above 99999 days": [
      "OUT_OF_RANGE",
      "Test 't': 'tiers[0].current.deleteAfter' must be an integer between 0 and 99999, got 100000.",
    ],
    "keepVersions without backupEvery": [
      "REQUIRED",
      "Test 't': 'tiers[0].backupEvery' is required with 'keepVersions' or 'quickRestore' (Azure retains by age, so the cadence turns counts into ages), got nothing.",
    ],
    "backupEvery as text": [
      "INVALID_TYPE",
      "Test 't': 'tiers[0].backupEvery' must be a Duration (Duration.minutes(5), Duration.parse(\"PT5M\")), not string, got \"P1D\".",
    ],
    "a zero backupEvery": [
      "CONFLICT",
      "Test 't': 'tiers[0].backupEvery' must be longer than zero, got \"PT0S\".",
    ],
    "11 prefixes": [
      "OUT_OF_RANGE",
      "Test 't': 'tiers[0].prefixes.length' must be an integer between 1 and 10, got 11. Azure allows at most 10 prefixes per rule; split the intent into several rules.",
    ],
    "a prefix that is not a string": [
      "INVALID_TYPE",
      "Test 't': 'tiers[0].prefixes[1]' must be a string, not number, got 5.",
    ],
    "an empty prefix": ["REQUIRED", "Test 't': 'tiers[0].prefixes[0]' is required, got \"\"."],
    "a wildcard": [
      "CONFLICT",
      "Test 't': 'tiers[0].prefixes[0]' must not contain wildcards: lifecycle prefixes match literally, got \"models/*.pt\".",
    ],
    "a capital in the container": [
      "INVALID_FORMAT",
      "Test 't': 'tiers[0].prefixes[0]' must start with a container name (3-63 lowercase letters, digits and single hyphens), e.g. 'models/forecasting/', got \"Models/x\".",
    ],
    "another account's container": [
      "CONFLICT",
      "Test 't': 'tiers[0].prefixes[0]' must start with one of the account's containers (models, data), got \"other/x\".",
    ],
    "cold no later than cool": [
      "CONFLICT",
      "Test 't': 'tiers[0].current.coldAfter' must be later than coolAfter (P10D): tiers go Cool → Cold → Archive → delete, got \"P10D\".",
    ],
    "delete before archive": [
      "CONFLICT",
      "Test 't': 'tiers[0].previousVersions.deleteAfter' must be later than archiveAfter (P200D): tiers go Cool → Cold → Archive → delete, got \"P100D\".",
    ],
    "cool on premium": [
      "CONFLICT",
      "Test 't': 'tiers[0].current.coolAfter' is not available on a premium account: premium block blobs have no access tiers, got \"Premium_LRS\". Use a Standard SKU for backups, or only delete.",
    ],
    "cold on premium": [
      "CONFLICT",
      "Test 't': 'tiers[0].previousVersions.coldAfter' is not available on a premium account: premium block blobs have no access tiers, got \"Premium_ZRS\". Use a Standard SKU for backups, or only delete.",
    ],
    "archive on ZRS": [
      "CONFLICT",
      "Test 't': 'tiers[0].current.archiveAfter' cannot be used on a ZRS, GZRS, RA-GZRS or premium account (Azure has no Archive tier there), got \"Standard_ZRS\". Use Standard_GRS or Standard_RAGRS for the backup account, or stop at Cool/Cold.",
    ],
  };
  for (const [what, intents, account] of cases) {
    it(`refuses ${what}`, () =>
      assert.throws(
        () =>
          planLifecycleRules(
            intents,
            account ?? grs,
            ctx,
            () => undefined,
            (i) => `tiers[${i}]`,
          ),
        (e: unknown) => {
          assert.ok(ValidationError.isValidationError(e), String(e));
          assert.deepEqual([e.code, e.message], expected[what]);
          return true;
        },
      ));
  }

  it("accepts current-blob tiering on an account without versioning", () =>
    assert.equal(
      plan([{ name: "a", current: { coolAfter: d(1) } }], {
        sku: "Standard_GRS",
        versioning: false,
      }).rules.length,
      1,
    ));

  it("accepts hyphenated containers and refuses names around a valid one", () => {
    const account = { sku: "Standard_GRS", versioning: true };
    const prefixed = (p: string) => () =>
      plan([{ name: "a", prefixes: [p], current: { coolAfter: d(1) } }], account);
    for (const p of ["ml-models-01/x", "abc", "a1b/"]) prefixed(p)();
    for (const p of ["Amodels/x", "modelsX/x", "ml--models/x", "-ml/x", "ml-/x", "ab/x"])
      throwsCode(prefixed(p), "INVALID_FORMAT", /^tiering\[0\]\.prefixes\[0\]$/);
  });
});

describe("early-deletion warnings and raw rules: exact words", () => {
  it("says which blobs of which intent leave a tier early", () =>
    assert.deepEqual(
      plan([
        {
          name: "w",
          current: { coolAfter: d(0), deleteAfter: d(10) },
          previousVersions: { coldAfter: d(0), archiveAfter: d(30) },
        },
      ]).warnings,
      [
        "'w' current blobs are deleted 10 d after reaching cool, inside its 30-day early-deletion period: Azure charges the remaining days.",
        "'w' previous versions move to archive 30 d after reaching cold, inside its 90-day early-deletion period: Azure charges the remaining days.",
      ],
    ));

  it("reads raw ages in age order, whatever order the rule lists them in", () => {
    // Deleted first: nothing is left to move, so no tier is left early.
    assert.deepEqual(earlyDeletionIssues({ delete: 10, cool: 30 }), []);
    assert.deepEqual(earlyDeletionIssues({ cool: 100, cold: 50, delete: 10 }), []);
    assert.deepEqual(earlyDeletionIssues({ archive: 300, cool: 0, delete: 400 }), [
      "are deleted 100 d after reaching archive, inside its 180-day early-deletion period: Azure charges the remaining days.",
    ]);
  });

  it("reads nothing from a rule without a definition or without a rule", () => {
    assert.deepEqual(armRuleAges({}), []);
    assert.deepEqual(describeLifecycleRule(undefined), []);
    assert.deepEqual(describeLifecycleRule({}), []);
  });

  it("skips a null condition", () => {
    const rule = {
      definition: {
        actions: { baseBlob: { tierToCool: null, delete: { daysAfterCreationGreaterThan: 5 } } },
      },
    };
    assert.deepEqual(armRuleAges(rule), [{ kind: "baseBlob", days: { delete: 5 } }]);
    assert.deepEqual(describeLifecycleRule(rule), [
      "rule (all blobs): current blobs → deleted after 5 d",
    ]);
  });
});
