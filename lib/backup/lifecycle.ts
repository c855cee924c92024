import { Duration } from "../core/duration";
import { Check, ValidationContext } from "../core/errors";

/**
 * Ages at which blobs move down a tier or are deleted. Each is a whole number of days; Azure
 * applies an action once a blob is *older than* the age (`daysAfter...GreaterThan`), so
 * `Duration.days(0)` means "at the next policy run". Steps that are set must grow strictly:
 * cool < cold < archive < delete.
 */
export interface TierAges {
  /** Move to Cool (early-deletion period 30 days). @default - never */
  readonly coolAfter?: Duration;
  /** Move to Cold (early-deletion period 90 days). @default - never */
  readonly coldAfter?: Duration;
  /**
   * Move to Archive (early-deletion period 180 days; reading needs hours of rehydration). Not
   * available on ZRS, GZRS, RA-GZRS or premium accounts.
   * @default - never
   */
  readonly archiveAfter?: Duration;
  /** Delete. @default - never (or derived from `keepVersions`) */
  readonly deleteAfter?: Duration;
}

/** The tiering a team wants for one set of backups, before it becomes management-policy rules. */
export interface TieringIntent {
  /** Rule name in the policy: 1-256 letters, digits and hyphens, unique in the account. */
  readonly name: string;
  /**
   * Blob name prefixes the rule applies to, each starting with a container name
   * (`forecasting` or `forecasting/lgbm-sales/`); at most 10, no wildcards.
   * @default - every block blob in the account
   */
  readonly prefixes?: readonly string[];
  /**
   * Current blobs (each timestamped backup is one). The latest backup stays in the account's
   * default tier (Hot) until `coolAfter`.
   * @default - stay in Hot; deleted only when `keepVersions` derives an age
   */
  readonly current?: TierAges;
  /**
   * What the ages of current blobs count from: `creation` suits backups written once,
   * `modification` blobs that are overwritten.
   * @default "creation"
   */
  readonly basis?: "creation" | "modification";
  /**
   * Previous versions (blob versioning keeps one per overwrite or delete), aged from the
   * version's creation. Needs versioning on the account.
   * @default - no version actions (previous versions are kept forever)
   */
  readonly previousVersions?: TierAges;
  /**
   * Keep about this many backups (1-99999). Azure retains only by age, so with `backupEvery` this
   * derives the `deleteAfter` of current blobs (and previous versions, when tiered) that have
   * none: `keepVersions × backupEvery`, raised so no blob is deleted inside the early-deletion
   * period of its last tier. The derivation is reported as a warning.
   * @default - no count-based retention
   */
  readonly keepVersions?: number;
  /** How often a backup is written; required with `keepVersions` or `quickRestore`. @default - unknown */
  readonly backupEvery?: Duration;
  /**
   * The last K backups a team restores from when training diverges: they must stay online, so
   * an archive age below `K × backupEvery` is reported (rehydration takes hours). The last K
   * backups are younger than `K × backupEvery` and Azure archives a blob only once it is older
   * than the archive age, so an archive age of exactly `K × backupEvery` keeps them all online.
   * @default 0
   */
  readonly quickRestore?: number;
}

/** What `planLifecycleRules` needs to know about the storage account. */
export interface LifecycleAccount {
  /** SKU name, e.g. `Standard_RAGRS`. */
  readonly sku: string;
  /** Whether blob versioning is on (previous-version actions need it). */
  readonly versioning: boolean;
  /** Containers the account holds; prefixes must start with one. @default - not checked */
  readonly containers?: readonly string[];
}

/** A management-policy rule exactly as `storage.ManagementPolicy` takes it. */
export interface LifecycleRule {
  /** Rule name, unique in the policy. */ readonly name: string;
  /** Always `true`: a planned rule is on. */ readonly enabled: true;
  /** Always `Lifecycle`. */ readonly type: "Lifecycle";
  /** Which blobs, and what happens to them by age in days. */ readonly definition: {
    readonly filters: { readonly blobTypes: ["blockBlob"]; readonly prefixMatch?: string[] };
    readonly actions: {
      readonly baseBlob?: Record<string, Record<string, number>>;
      readonly version?: Record<string, { daysAfterCreationGreaterThan: number }>;
    };
  };
}

/** Azure's limits on lifecycle policies (learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview). */
export const LIFECYCLE_LIMITS = {
  rules: 100,
  prefixesPerRule: 10,
  /** Azure's REST spec and Terraform azurerm bound every `daysAfter...` value to 0-99999. */
  maxDays: 99_999,
} as const;

/** Days a blob must stay in a tier before leaving it costs an early-deletion charge. */
export const EARLY_DELETION_DAYS = { cool: 30, cold: 90, archive: 180 } as const;

/** SKUs that have no Archive tier (learn.microsoft.com/azure/storage/blobs/access-tiers-overview). */
export const NO_ARCHIVE_SKUS = [
  "Standard_ZRS",
  "Standard_GZRS",
  "Standard_RAGZRS",
  "Premium_LRS",
  "Premium_ZRS",
] as const;

const STEPS = ["cool", "cold", "archive", "delete"] as const;
type Step = (typeof STEPS)[number];
const ACTION: Record<Step, string> = {
  cool: "tierToCool",
  cold: "tierToCold",
  archive: "tierToArchive",
  delete: "delete",
};
const PROP: Record<Step, keyof TierAges> = {
  cool: "coolAfter",
  cold: "coldAfter",
  archive: "archiveAfter",
  delete: "deleteAfter",
};

const TIER_KEYS = ["coolAfter", "coldAfter", "archiveAfter", "deleteAfter"] as const;
const INTENT_KEYS = [
  "name",
  "prefixes",
  "current",
  "basis",
  "previousVersions",
  "keepVersions",
  "backupEvery",
  "quickRestore",
] as const;

/** Container names: 3-63 lowercase letters, digits and single hyphens, alphanumeric at both ends. */
export const CONTAINER_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;

/** The rules and what they do in words. */
export interface PlannedLifecycle {
  /** The rules, in the order Azure receives them. */ readonly rules: LifecycleRule[];
  /** One line per tiered blob kind: `forecasting: previous versions → Cool after 0 d → ...`. */
  readonly descriptions: string[];
}

/**
 * Turns tiering intents into management-policy rules (one rule per intent, base-blob and version
 * actions together), refusing what Azure refuses or silently mishandles and warning about what
 * costs money: deletion or tier changes inside an early-deletion period, archived quick-restore
 * backups, and count-based retention that had to become an age.
 */
export function planLifecycleRules(
  intents: readonly TieringIntent[],
  account: LifecycleAccount,
  ctx: ValidationContext,
  warn: (message: string) => void = () => undefined,
  propOf: (index: number) => string = (i) => `tiering[${i}]`,
): PlannedLifecycle {
  const check = new Check(ctx);
  check.type("tiering", intents, "array");
  check.intRange(
    "tiering.length",
    intents.length,
    0,
    LIFECYCLE_LIMITS.rules,
    "A management policy holds at most 100 rules.",
  );
  const names = new Set<string>();
  const rules: LifecycleRule[] = [];
  const descriptions: string[] = [];
  intents.forEach((intent, i) => {
    const at = propOf(i);
    check.type(at, intent, "object");
    check.knownKeys(at, intent, INTENT_KEYS);
    check.knownKeys(`${at}.current`, intent.current, TIER_KEYS);
    check.knownKeys(`${at}.previousVersions`, intent.previousVersions, TIER_KEYS);
    check.required(`${at}.name`, intent.name);
    check.type(`${at}.name`, intent.name, "string");
    check.format(
      /^[A-Za-z0-9-]{1,256}$/.test(intent.name),
      `${at}.name`,
      intent.name,
      "must be 1-256 letters, digits and hyphens (Terraform azurerm's rule-name check)",
    );
    check.conflict(
      names.has(intent.name),
      `${at}.name`,
      intent.name,
      "must be unique in the policy",
    );
    names.add(intent.name);
    const prefixes = checkPrefixes(check, `${at}.prefixes`, intent.prefixes, account);
    check.oneOf(`${at}.basis`, intent.basis, ["creation", "modification"] as const);
    check.conflict(
      intent.previousVersions !== undefined && !account.versioning,
      `${at}.previousVersions`,
      "versioning off",
      "needs blob versioning on the account (previous versions exist only with versioning)",
      "Turn versioning on, or drop the previous-version tiering.",
    );
    check.conflict(
      !intent.current && !intent.previousVersions && intent.keepVersions === undefined,
      at,
      intent.name,
      "must tier something: set 'current', 'previousVersions' or 'keepVersions'",
    );
    let current = days(check, `${at}.current`, intent.current);
    let versions = days(check, `${at}.previousVersions`, intent.previousVersions);
    const cadence = cadenceDays(check, at, intent);

    if (intent.keepVersions !== undefined) {
      check.intRange(`${at}.keepVersions`, intent.keepVersions, 1, LIFECYCLE_LIMITS.maxDays);
      const keepDays = intent.keepVersions * cadence!;
      const derived: string[] = [];
      const derive = (ages: Ages, kind: string, prop: string): Ages => {
        check.conflict(
          ages.delete !== undefined,
          `${prop}.deleteAfter`,
          `P${ages.delete}D`,
          "must not be set together with 'keepVersions' (which derives it)",
          "Drop one of them.",
        );
        const last = lastTier(ages);
        const floor = last ? ages[last]! + EARLY_DELETION_DAYS[last] : 0;
        const del = Math.max(keepDays, floor);
        derived.push(
          `${kind} are deleted after ${del} d` +
            (del > keepDays
              ? ` (${keepDays} d raised so none leaves ${last} inside its ${EARLY_DELETION_DAYS[last!]}-day early-deletion period)`
              : ""),
        );
        return { ...ages, delete: del };
      };
      current = derive(current, "current backups", `${at}.current`);
      if (intent.previousVersions)
        versions = derive(versions, "previous versions", `${at}.previousVersions`);
      warn(
        `'${intent.name}': keepVersions ${intent.keepVersions} every ${intent.backupEvery!.toHuman()}: ${derived.join("; ")}. Azure retains by age only, so if backups stop, older ones still expire.`,
      );
    }

    for (const [ages, prop] of [
      [current, `${at}.current`],
      [versions, `${at}.previousVersions`],
    ] as const) {
      checkOrder(check, prop, ages);
      checkTiersAvailable(check, prop, ages, account.sku);
      const what = `'${intent.name}' ${prop.endsWith("current") ? "current blobs" : "previous versions"}`;
      for (const issue of earlyDeletionIssues(ages)) warn(`${what} ${issue}`);
    }
    if (intent.quickRestore !== undefined) {
      check.intRange(`${at}.quickRestore`, intent.quickRestore, 0, LIFECYCLE_LIMITS.maxDays);
      const online = intent.quickRestore * cadence!;
      for (const [ages, kind] of [
        [current, "current backups"],
        [versions, "previous versions"],
      ] as const) {
        if (ages.archive !== undefined && ages.archive < online)
          warn(
            `'${intent.name}': ${kind} reach Archive after ${ages.archive} d, but the last ${intent.quickRestore} backups (${online} d) are for quick restore; rehydrating from Archive takes hours.`,
          );
      }
    }

    const basis =
      (intent.basis ?? "creation") === "creation"
        ? "daysAfterCreationGreaterThan"
        : "daysAfterModificationGreaterThan";
    const baseBlob = actionsOf(current, basis);
    const version = actionsOf(versions, "daysAfterCreationGreaterThan");
    rules.push({
      name: intent.name,
      enabled: true,
      type: "Lifecycle",
      definition: {
        filters: {
          blobTypes: ["blockBlob"],
          ...(prefixes.length ? { prefixMatch: prefixes } : {}),
        },
        actions: {
          ...(baseBlob ? { baseBlob } : {}),
          ...(version
            ? { version: version as Record<string, { daysAfterCreationGreaterThan: number }> }
            : {}),
        },
      },
    });
    descriptions.push(...describeLifecycleRule(rules[rules.length - 1]));
  });
  return { rules, descriptions };
}

type Ages = Partial<Record<Step, number>>;

function days(check: Check, prop: string, ages: TierAges | undefined): Ages {
  const out: Ages = {};
  if (!ages) return out;
  for (const step of STEPS) {
    const d = ages[PROP[step]];
    if (d === undefined) continue;
    const p = `${prop}.${PROP[step]}`;
    check.duration(p, d);
    const n = d.toDays({ integral: false });
    check.format(Number.isInteger(n), p, d.toIsoString(), "must be a whole number of days");
    check.intRange(p, n, 0, LIFECYCLE_LIMITS.maxDays);
    out[step] = n;
  }
  return out;
}

function cadenceDays(check: Check, at: string, intent: TieringIntent): number | undefined {
  const needed = intent.keepVersions !== undefined || !!intent.quickRestore;
  if (!needed) return undefined;
  check.required(
    `${at}.backupEvery`,
    intent.backupEvery,
    "is required with 'keepVersions' or 'quickRestore' (Azure retains by age, so the cadence turns counts into ages)",
  );
  check.duration(`${at}.backupEvery`, intent.backupEvery);
  const seconds = intent.backupEvery!.toSeconds();
  check.conflict(
    seconds <= 0,
    `${at}.backupEvery`,
    intent.backupEvery!.toIsoString(),
    "must be longer than zero",
  );
  // Ages are whole days: a partial day rounds up so at least the requested count survives.
  return Math.ceil(seconds / 86_400);
}

function checkPrefixes(
  check: Check,
  prop: string,
  prefixes: readonly string[] | undefined,
  account: LifecycleAccount,
): string[] {
  if (prefixes === undefined) return [];
  check.type(prop, prefixes, "array");
  check.intRange(
    `${prop}.length`,
    prefixes.length,
    1,
    LIFECYCLE_LIMITS.prefixesPerRule,
    "Azure allows at most 10 prefixes per rule; split the intent into several rules.",
  );
  return prefixes.map((p, j) => {
    check.type(`${prop}[${j}]`, p, "string");
    check.required(`${prop}[${j}]`, p);
    check.conflict(
      /[*?]/.test(p),
      `${prop}[${j}]`,
      p,
      "must not contain wildcards: lifecycle prefixes match literally",
    );
    const container = p.split("/")[0];
    check.format(
      CONTAINER_NAME.test(container),
      `${prop}[${j}]`,
      p,
      "must start with a container name (3-63 lowercase letters, digits and single hyphens), e.g. 'models/forecasting/'",
    );
    if (account.containers)
      check.conflict(
        !account.containers.includes(container),
        `${prop}[${j}]`,
        p,
        `must start with one of the account's containers (${account.containers.join(", ")})`,
      );
    return p;
  });
}

function checkOrder(check: Check, prop: string, ages: Ages): void {
  const set = STEPS.filter((s) => ages[s] !== undefined);
  for (let k = 1; k < set.length; k++) {
    const before = set[k - 1];
    const step = set[k];
    check.conflict(
      ages[step]! <= ages[before]!,
      `${prop}.${PROP[step]}`,
      `P${ages[step]}D`,
      `must be later than ${PROP[before]} (P${ages[before]}D): tiers go Cool → Cold → Archive → delete`,
    );
  }
}

function checkTiersAvailable(check: Check, prop: string, ages: Ages, sku: string): void {
  const premium = sku.startsWith("Premium");
  for (const step of ["cool", "cold"] as const)
    check.conflict(
      premium && ages[step] !== undefined,
      `${prop}.${PROP[step]}`,
      sku,
      `is not available on a premium account: premium block blobs have no access tiers`,
      "Use a Standard SKU for backups, or only delete.",
    );
  check.conflict(
    ages.archive !== undefined && (NO_ARCHIVE_SKUS as readonly string[]).includes(sku),
    `${prop}.archiveAfter`,
    sku,
    "cannot be used on a ZRS, GZRS, RA-GZRS or premium account (Azure has no Archive tier there)",
    "Use Standard_GRS or Standard_RAGRS for the backup account, or stop at Cool/Cold.",
  );
}

function lastTier(ages: Ages): "cool" | "cold" | "archive" | undefined {
  return (["archive", "cold", "cool"] as const).find((s) => ages[s] !== undefined);
}

/** Ages in days of each lifecycle step, as a rule acts on one kind of blob. */
export type TierDays = Partial<Record<"cool" | "cold" | "archive" | "delete", number>>;

/**
 * Steps that leave a tier inside its early-deletion period, in words
 * (`are deleted 10 d after reaching cool, inside its 30-day early-deletion period: ...`).
 */
export function earlyDeletionIssues(ages: TierDays): string[] {
  const set = STEPS.filter((s) => ages[s] !== undefined).sort((a, b) => ages[a]! - ages[b]!);
  const out: string[] = [];
  for (let k = 0; k + 1 < set.length; k++) {
    const tier = set[k];
    if (tier === "delete") break;
    const next = set[k + 1];
    const stay = ages[next]! - ages[tier]!;
    if (stay < EARLY_DELETION_DAYS[tier])
      out.push(
        `${next === "delete" ? "are deleted" : `move to ${next}`} ${stay} d after reaching ${tier}, inside its ${EARLY_DELETION_DAYS[tier]}-day early-deletion period: Azure charges the remaining days.`,
      );
  }
  return out;
}

/** The ages of a raw ARM lifecycle rule, per kind of blob it acts on (any age condition). */
export function armRuleAges(
  rule: any,
): { kind: "baseBlob" | "version" | "snapshot"; days: TierDays }[] {
  const actions = rule?.definition?.actions ?? {};
  const out: { kind: "baseBlob" | "version" | "snapshot"; days: TierDays }[] = [];
  for (const kind of ["baseBlob", "version", "snapshot"] as const) {
    const days: TierDays = {};
    for (const step of STEPS) {
      // Object.values of a string or a number holds no number: such a condition is no age.
      const n = Object.values(actions[kind]?.[ACTION[step]] ?? {}).find(
        (v): v is number => typeof v === "number",
      );
      if (n !== undefined) days[step] = n;
    }
    if (Object.keys(days).length) out.push({ kind, days });
  }
  return out;
}

function actionsOf(ages: Ages, basis: string): Record<string, Record<string, number>> | undefined {
  const set = STEPS.filter((s) => ages[s] !== undefined);
  if (!set.length) return undefined;
  return Object.fromEntries(set.map((s) => [ACTION[s], { [basis]: ages[s]! }]));
}

const TIER_WORDS: [string, string][] = [
  ["tierToHot", "Hot"],
  ["tierToCool", "Cool"],
  ["tierToCold", "Cold"],
  ["tierToArchive", "Archive"],
  ["delete", "deleted"],
];

/**
 * A management-policy rule in words, one line per blob kind it acts on:
 * `forecasting/: previous versions → Cool after 0 d → Archive after 90 d → deleted after 365 d`.
 * Reads raw ARM rules too, so the plan describes policies written without this library.
 */
export function describeLifecycleRule(rule: any): string[] {
  const def = rule?.definition ?? {};
  const prefixes: string[] = def.filters?.prefixMatch ?? [];
  const where = prefixes.length ? prefixes.join(", ") : "all blobs";
  const out: string[] = [];
  const kinds: [string, string][] = [
    ["baseBlob", "current blobs"],
    ["version", "previous versions"],
    ["snapshot", "snapshots"],
  ];
  for (const [key, label] of kinds) {
    const actions = def.actions?.[key];
    if (!actions) continue;
    const steps: [number, string][] = [];
    for (const [action, word] of TIER_WORDS) {
      const found = Object.entries(actions[action] ?? {}).find(([, v]) => typeof v === "number");
      if (!found) continue;
      const [field, n] = found as [string, number];
      const since = /Modification/.test(field)
        ? " since modification"
        : /LastAccess/.test(field)
          ? " since last access"
          : /TierChange/.test(field)
            ? " since last tier change"
            : "";
      steps.push([n, `${word} after ${n} d${since}`]);
    }
    if (!steps.length) continue;
    steps.sort((a, b) => a[0] - b[0]);
    // Actions were found, so the rule is an object.
    const off = rule.enabled === false ? " (rule disabled)" : "";
    out.push(
      `${rule.name ?? "rule"} (${where}): ${label} → ${steps.map((s) => s[1]).join(" → ")}${off}`,
    );
  }
  return out;
}
