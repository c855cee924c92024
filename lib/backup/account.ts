import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as storage from "@pulumi/azure-native/storage";
import { Duration } from "../core/duration";
import { Check, ValidationContext } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import { Opt, ShapeFields } from "../core/options";
import { BACKUP_PURPOSE_TAG, QUICK_RESTORE_DAYS_TAG } from "./tags";
import { checkContainer } from "./checks";
import { LifecycleRule, planLifecycleRules, TieringIntent } from "./lifecycle";

/** Storage SKUs a backup account may use (StorageV2 for Standard, BlockBlobStorage for Premium). */
export const BACKUP_SKUS = [
  "Standard_LRS",
  "Standard_GRS",
  "Standard_RAGRS",
  "Standard_ZRS",
  "Standard_GZRS",
  "Standard_RAGZRS",
  "Premium_LRS",
  "Premium_ZRS",
] as const;
/** A backup account's redundancy. */
export type BackupSku = (typeof BACKUP_SKUS)[number];

/** Soft delete: how long deleted blobs and containers can still be restored. */
export interface SoftDelete {
  /** Blob soft delete, 1-365 days. @default Duration.days(14) */
  readonly blobs?: Duration;
  /** Container soft delete, 1-365 days. @default Duration.days(14) */
  readonly containers?: Duration;
}

/** Time-based immutability (WORM) for compliance, account-wide, with versioning. */
export interface Immutability {
  /** How long every blob version stays unchangeable after creation, 1-146000 days. */
  readonly period: Duration;
  /**
   * `Locked` can never be shortened or removed (regulatory WORM); `Unlocked` is for testing
   * the period first.
   * @default "Unlocked"
   */
  readonly state?: "Unlocked" | "Locked";
}

/** Options shared by every backup account the library creates. */
export interface BackupAccountArgs {
  /** Resource group of the account. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region. @default - the resource group's region */
  readonly location?: pulumi.Input<string>;
  /**
   * Globally unique account name, 3-24 lowercase letters and digits.
   * @default - the Pulumi name's letters and digits (16 at most) and a stable 8-character `@pulumi/random` suffix
   */
  readonly accountName?: string;
  /**
   * Redundancy. Geo-redundant by default so a regional outage does not take the backups with it;
   * ZRS, GZRS, RA-GZRS and premium SKUs have no Archive tier.
   * @default "Standard_RAGRS"
   */
  readonly sku?: BackupSku;
  /** Allow account-key and SAS access. Off: only Entra ID identities with a data role get in. @default false */
  readonly allowSharedKeyAccess?: boolean;
  /** Soft delete of blobs and containers. @default { blobs: Duration.days(14), containers: Duration.days(14) } */
  readonly softDelete?: SoftDelete;
  /** Time-based immutability of every blob version. @default - none */
  readonly immutability?: Immutability;
  /**
   * Keep the account when the stack is destroyed or the resource is removed (`retainOnDelete`):
   * backups outlive the program that wrote them. `false` lets `pulumi destroy` delete them.
   * @default true
   */
  readonly retainOnDestroy?: boolean;
  /** Tags for the account (the library adds `mlops:purpose=backup`). @default {} */
  readonly tags?: Record<string, string>;
}

/** The option shape of `BackupAccountArgs` (lib/core/options.ts), shared by the backup components. */
export const BACKUP_ACCOUNT_FIELDS: ShapeFields<BackupAccountArgs> = {
  resourceGroupName: Opt.value,
  location: Opt.value,
  accountName: Opt.value,
  sku: Opt.value,
  allowSharedKeyAccess: Opt.value,
  softDelete: Opt.shape<SoftDelete>({ blobs: Opt.value, containers: Opt.value }),
  immutability: Opt.shape<Immutability>({ period: Opt.value, state: Opt.value }),
  retainOnDestroy: Opt.value,
  tags: Opt.map(),
};

/** What a backup account needs besides its options. */
export interface BackupAccountPlan {
  /** Names of the containers to create. */
  readonly containers: readonly string[];
  /** What to move to cool / archive and delete, per blob kind. */
  readonly tiering: readonly TieringIntent[];
  /** The caller's prop path of each tiering intent (for error messages). @default `tiering[i]` */
  readonly tieringProps?: readonly string[];
  /** Days the quick-restore backups stay online (for the policy rule). @default - none */
  readonly quickRestoreDays?: number;
  /** Metadata per container (the cost estimate's backup size and cadence). @default {} */
  readonly containerMetadata?: Record<string, Record<string, string>>;
}

/** The validated account options with defaults applied, and the planned lifecycle rules. */
export interface CheckedBackupAccount {
  /** The storage SKU (redundancy) after defaults. */
  readonly sku: BackupSku;
  /** Days deleted blobs and containers stay restorable. */
  readonly softDeleteDays: { blobs: number; containers: number };
  /**
   * Days a blob version is locked against change and delete; absent without an immutability policy.
   */
  readonly immutabilityDays?: number;
  /** The lifecycle management rules to register. */
  readonly rules: LifecycleRule[];
  /** The rules in words, one line per tiered blob kind. */
  readonly descriptions: string[];
  /**
   * Legal but likely mistakes, logged with `pulumi.log.warn` (e.g. deletes blocked by
   * immutability).
   */
  readonly warnings: string[];
}

/** Checks every option that reaches Azure; throws a ValidationError, registers nothing. */
export function checkBackupAccount(
  ctx: ValidationContext,
  args: BackupAccountArgs,
  plan: BackupAccountPlan,
): CheckedBackupAccount {
  const check = new Check(ctx);
  check.knownKeys("softDelete", args.softDelete, ["blobs", "containers"]);
  check.knownKeys("immutability", args.immutability, ["period", "state"]);
  check.required("resourceGroupName", args.resourceGroupName);
  if (args.accountName !== undefined)
    checkName(ctx, "accountName", args.accountName, NAMING_RULES.storageAccount);
  check.oneOf("sku", args.sku, BACKUP_SKUS);
  const sku = args.sku ?? "Standard_RAGRS";
  const wholeDays = (prop: string, d: Duration | undefined, max: number, fallback: number) => {
    if (d === undefined) return fallback;
    check.duration(prop, d);
    const n = d.toDays({ integral: false });
    check.format(Number.isInteger(n), prop, d.toIsoString(), "must be a whole number of days");
    check.intRange(prop, n, 1, max);
    return n;
  };
  const softDeleteDays = {
    blobs: wholeDays("softDelete.blobs", args.softDelete?.blobs, 365, 14),
    containers: wholeDays("softDelete.containers", args.softDelete?.containers, 365, 14),
  };
  let immutabilityDays: number | undefined;
  if (args.immutability) {
    check.required("immutability.period", args.immutability.period);
    immutabilityDays = wholeDays("immutability.period", args.immutability.period, 146_000, 0);
    check.oneOf("immutability.state", args.immutability.state, ["Unlocked", "Locked"] as const);
  }
  plan.containers.forEach((c, i) => checkContainer(check, `containers[${i}]`, c));
  const dup = plan.containers.find((c, i) => plan.containers.indexOf(c) !== i);
  check.conflict(dup !== undefined, "containers", dup, "must not repeat a container");
  const warnings: string[] = [];
  const planned = planLifecycleRules(
    plan.tiering,
    { sku, versioning: true, containers: plan.containers },
    ctx,
    (m) => warnings.push(m),
    (i) => plan.tieringProps?.[i] ?? `tiering[${i}]`,
  );
  const deleteDays = planned.rules.flatMap((r) =>
    Object.values(r.definition.actions).map((a: any) => a?.delete),
  );
  if (immutabilityDays !== undefined) {
    for (const d of deleteDays) {
      const n = d?.daysAfterCreationGreaterThan ?? d?.daysAfterModificationGreaterThan;
      if (typeof n === "number" && n < immutabilityDays)
        warnings.push(
          `the lifecycle deletes blobs after ${n} d but immutability keeps them ${immutabilityDays} d: deletes fail until the period ends.`,
        );
    }
  }
  return { sku, softDeleteDays, immutabilityDays, ...planned, warnings };
}

/** The Azure resources of a backup account. */
export interface BackupAccountResources {
  /** The storage account. */
  readonly account: storage.StorageAccount;
  /** The storage account's name in Azure. */
  readonly accountName: pulumi.Output<string>;
  /** The blob containers, by name. */
  readonly containers: Record<string, storage.BlobContainer>;
  /** The lifecycle management policy; absent when nothing is tiered or deleted. */
  readonly policy?: storage.ManagementPolicy;
}

/** Letters and digits of a Pulumi name, for an account-name prefix. */
export function accountNamePrefix(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .slice(0, 16);
}

/**
 * Creates the account with secure defaults, its blob service (versioning, soft delete), the
 * containers and the lifecycle policy named `default` (the only name Azure accepts).
 */
export function createBackupAccount(
  parent: pulumi.ComponentResource,
  name: string,
  args: BackupAccountArgs,
  plan: BackupAccountPlan,
  checked: CheckedBackupAccount,
): BackupAccountResources {
  const opts = { parent };
  let accountName: pulumi.Input<string>;
  if (args.accountName !== undefined) accountName = args.accountName;
  else {
    const suffix = new random.RandomString(
      `${name}-name-suffix`,
      { length: 8, special: false, upper: false, lower: true, numeric: true },
      opts,
    );
    accountName = pulumi.interpolate`${accountNamePrefix(name)}${suffix.result}`;
  }
  const premium = checked.sku.startsWith("Premium");
  const account = new storage.StorageAccount(
    `${name}-account`,
    {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      accountName,
      kind: premium ? "BlockBlobStorage" : "StorageV2",
      sku: { name: checked.sku },
      ...(premium ? {} : { accessTier: "Hot" }),
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: "TLS1_2",
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: args.allowSharedKeyAccess ?? false,
      allowCrossTenantReplication: false,
      defaultToOAuthAuthentication: true,
      ...(checked.immutabilityDays !== undefined
        ? {
            immutableStorageWithVersioning: {
              enabled: true,
              immutabilityPolicy: {
                immutabilityPeriodSinceCreationInDays: checked.immutabilityDays,
                state: args.immutability?.state ?? "Unlocked",
                allowProtectedAppendWrites: false,
              },
            },
          }
        : {}),
      tags: {
        ...(args.tags ?? {}),
        [BACKUP_PURPOSE_TAG]: "backup",
        ...(plan.quickRestoreDays !== undefined
          ? { [QUICK_RESTORE_DAYS_TAG]: String(plan.quickRestoreDays) }
          : {}),
      },
    },
    { parent, retainOnDelete: args.retainOnDestroy ?? true },
  );
  const service = new storage.BlobServiceProperties(
    `${name}-blob-service`,
    {
      resourceGroupName: args.resourceGroupName,
      accountName: account.name,
      blobServicesName: "default",
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: checked.softDeleteDays.blobs },
      containerDeleteRetentionPolicy: { enabled: true, days: checked.softDeleteDays.containers },
    },
    opts,
  );
  const containers: Record<string, storage.BlobContainer> = {};
  for (const c of plan.containers) {
    containers[c] = new storage.BlobContainer(
      `${name}-${c}`,
      {
        resourceGroupName: args.resourceGroupName,
        accountName: account.name,
        containerName: c,
        publicAccess: "None",
        ...(plan.containerMetadata?.[c] ? { metadata: plan.containerMetadata[c] } : {}),
      },
      { parent, dependsOn: [service], retainOnDelete: args.retainOnDestroy ?? true },
    );
  }
  const policy = checked.rules.length
    ? new storage.ManagementPolicy(
        `${name}-lifecycle`,
        {
          resourceGroupName: args.resourceGroupName,
          accountName: account.name,
          managementPolicyName: "default",
          policy: { rules: checked.rules },
        },
        // Version actions need versioning switched on first.
        { parent, dependsOn: [service, ...Object.values(containers)] },
      )
    : undefined;
  return { account, accountName: account.name, containers, policy };
}
