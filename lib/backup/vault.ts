import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import { Duration } from "../core/duration";
import { Check } from "../core/errors";
import { checkArgs, componentOptions, Opt } from "../core/options";
import { FACTORY_REFERENCE } from "../datafactory/option-shapes";
import type { FactoryInput } from "../datafactory/factory";
import { ScheduledDataPipeline } from "../datafactory/pipeline";
import { StorageEventTrigger } from "../datafactory/triggers";
import { blobContainerScope, grantRole, ROLES } from "../identity";
import {
  BACKUP_ACCOUNT_FIELDS,
  BackupAccountArgs,
  checkBackupAccount,
  createBackupAccount,
} from "./account";
import {
  accountNameOf,
  backupCopyActivity,
  blobEndpoint,
  copyFormats,
  datasetProperties,
} from "./copy";
import {
  checkContainer,
  checkFactoryPrincipal,
  checkPrincipalId,
  factoryPrincipal,
} from "./checks";
import { TierAges, TieringIntent } from "./lifecycle";
import { BACKUP_EVERY_METADATA, BACKUP_SIZE_METADATA, MAX_BACKUP_SIZE_GB } from "./tags";

/**
 * How one model family's backups are tiered: a {@link TieringIntent} without `name` and
 * `prefixes` (the vault sets them to the family's container). Every field is optional:
 *
 * - `current`: a {@link TierAges} for current blobs (`coolAfter`, `coldAfter`, `archiveAfter`,
 *   `deleteAfter`, each a whole-day `Duration`, strictly growing);
 * - `previousVersions`: a {@link TierAges} for previous blob versions;
 * - `basis`: `"creation"` (default) or `"modification"`, what the ages of current blobs count from;
 * - `backupEvery`: a `Duration`, how often a backup is written (needed by the next two);
 * - `keepVersions`: keep about this many backups (derives `deleteAfter`);
 * - `quickRestore`: the last K backups must stay online (no archive before `K × backupEvery`).
 *
 * @example
 * ```ts
 * const tiering: VaultTiering = {
 *   backupEvery: Duration.days(1),
 *   keepVersions: 90,
 *   current: { coolAfter: Duration.days(7), coldAfter: Duration.days(30) },
 *   previousVersions: { coolAfter: Duration.days(0), deleteAfter: Duration.days(30) },
 *   quickRestore: 3,
 * };
 * ```
 */
export interface VaultTiering extends Omit<TieringIntent, "name" | "prefixes"> {
  /**
   * Size of one backup in GB, as Azure bills capacity. Only the plan's cost estimate reads it
   * (stored GB per tier from `backupEvery` and the lifecycle ages); it needs `backupEvery` and is
   * written as the container metadata `mlops_backup_size_gb` (with `mlops_backup_every`). More
   * than 0, at most 5 PiB (a standard account's capacity).
   * @default - none: storage per tier is shown as "not known", never guessed
   */
  readonly backupSizeGB?: number;
}

/** A principal that receives a data role on the vault. */
export interface VaultPrincipal {
  /** Object id, e.g. a training cluster's managed identity. */
  readonly principalId: pulumi.Input<string>;
  /**
   * Kind of principal (Azure skips a directory look-up when it is given).
   * @default "ServicePrincipal"
   */
  readonly principalType?: "ServicePrincipal" | "User" | "Group";
}

/** Copy a model's artifacts into the vault as soon as training finishes writing them. */
export interface ArtifactBackup {
  /** The factory that runs the copy; its managed identity gets the data roles. */
  readonly factory: FactoryInput;
  /** Object id of the factory's identity. @default - `factory.principalId` of a `DataFactory` */
  readonly factoryPrincipalId?: pulumi.Input<string>;
  /** ARM id of the storage account training writes to. */
  readonly sourceAccountId: pulumi.Input<string>;
  /** Container training writes its outputs to. */
  readonly sourceContainer: string;
  /**
   * Folder of each family's runs in the source container: a run writes
   * `<folder>/<model>/...` and then the completion marker. @default - the family name
   */
  readonly folders?: Record<string, string>;
  /**
   * File training writes last, which starts the copy of its folder (weights, logs, metadata
   * written before it are all there). Per-file triggers would scatter one run over many
   * timestamps. @default "_SUCCESS"
   */
  readonly completionMarker?: string;
  /** Start the triggers on deploy. @default true */
  readonly activated?: boolean;
}

/** Arguments for `ModelBackupVault`. */
export interface ModelBackupVaultArgs extends BackupAccountArgs {
  /**
   * Model families, one container each (3-63 lowercase letters, digits, single hyphens).
   * Backups inside follow `<model>/<UTC timestamp>[-iter<k>]/...` (see `backupPath`).
   */
  readonly families: readonly string[];
  /**
   * Tiering of every family's backups: a {@link VaultTiering} object (`current` and
   * `previousVersions` tier ages, `basis`, `backupEvery`, `keepVersions`, `quickRestore`), e.g.
   * `{ backupEvery: Duration.days(1), keepVersions: 30, current: { coolAfter: Duration.days(1) } }`,
   * or a preset such as `ModelBackupVault.dailyKeep30()`.
   * @default ModelBackupVault.dailyKeep30() (daily backups, about 30 kept, Cool after a day,
   * previous versions Cool at once, the last 3 kept online)
   */
  readonly tiering?: VaultTiering;
  /**
   * Per-family tiering that replaces `tiering`, keyed by family name, e.g.
   * `{ forecasting: { backupEvery: Duration.days(7), keepVersions: 12 } }`.
   * @default {}
   */
  readonly familyTiering?: Record<string, VaultTiering>;
  /** Identities that write backups (training): Storage Blob Data Contributor on the vault. @default [] */
  readonly writers?: readonly VaultPrincipal[];
  /** Identities that restore: Storage Blob Data Reader on the vault. @default [] */
  readonly readers?: readonly VaultPrincipal[];
  /** Event-driven backup of training outputs. @default - none */
  readonly artifactBackup?: ArtifactBackup;
}

const TIER_AGES = Opt.shape<TierAges>({
  coolAfter: Opt.value,
  coldAfter: Opt.value,
  archiveAfter: Opt.value,
  deleteAfter: Opt.value,
});

const VAULT_TIERING = Opt.shape<VaultTiering>({
  current: TIER_AGES,
  basis: Opt.value,
  previousVersions: TIER_AGES,
  keepVersions: Opt.value,
  backupEvery: Opt.value,
  quickRestore: Opt.value,
  backupSizeGB: Opt.value,
});

const PRINCIPAL = Opt.shape<VaultPrincipal>({ principalId: Opt.value, principalType: Opt.value });

const ARGS_SHAPE = componentOptions<ModelBackupVaultArgs>("ModelBackupVault", {
  ...BACKUP_ACCOUNT_FIELDS,
  families: Opt.value,
  tiering: VAULT_TIERING,
  familyTiering: Opt.map(VAULT_TIERING),
  writers: Opt.list(PRINCIPAL),
  readers: Opt.list(PRINCIPAL),
  artifactBackup: Opt.shape<ArtifactBackup>({
    factory: FACTORY_REFERENCE,
    factoryPrincipalId: Opt.value,
    sourceAccountId: Opt.value,
    sourceContainer: Opt.value,
    folders: Opt.map(),
    completionMarker: Opt.value,
    activated: Opt.value,
  }),
});

/**
 * The path of one backup in a family container: `<model>/<UTC timestamp>[-iter<k>]/`, the
 * timestamp `yyyyMMddTHHmmssZ` so names sort by time. Files keep their own names beneath it
 * (`model.pkl`, `model.joblib`, `model.h5`, a SavedModel folder, `metrics.json`, `params.yaml`,
 * `logs/`).
 */
export function backupPath(model: string, at: Date, iteration?: number): string {
  const check = new Check({ component: "backupPath" });
  check.format(
    /^[A-Za-z0-9._-]+$/.test(model),
    "model",
    model,
    "must be letters, digits, '.', '_' or '-' (one path segment)",
  );
  check.format(!Number.isNaN(at.getTime()), "at", at, "must be a valid Date");
  check.intRange("iteration", iteration, 0, Number.MAX_SAFE_INTEGER);
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  return `${model}/${stamp}${iteration === undefined ? "" : `-iter${iteration}`}/`;
}

/** The ADF expression that stamps a copied run, matching `backupPath`. */
export const BACKUP_TIMESTAMP_EXPRESSION =
  "concat(formatDateTime(pipeline().TriggerTime, 'yyyyMMddTHHmmss'), 'Z')";

/**
 * A model backup vault: a geo-redundant storage account with secure defaults, versioning and
 * soft delete, one container per model family, a lifecycle policy that keeps the latest backup
 * Hot and tiers and expires the rest, data roles for writers and readers, optionally a copy of
 * training outputs into the vault as soon as a run finishes. The account is kept on
 * `pulumi destroy` unless `retainOnDestroy: false`.
 *
 * @example
 * ```ts
 * import { Duration, ModelBackupVault } from "pulumi-mlops-scheduling";
 *
 * // One container per model family; weekly backups, about 12 kept, Cool after a week, the last 2
 * // never archived. The training identity may write, nobody else.
 * new ModelBackupVault("models", {
 *   resourceGroupName: "rg-mlops",
 *   families: ["forecasting", "vision"],
 *   tiering: {
 *     backupEvery: Duration.days(7),
 *     keepVersions: 12,
 *     current: { coolAfter: Duration.days(7) },
 *     quickRestore: 2,
 *   },
 *   // or: tiering: ModelBackupVault.dailyKeep30(),
 *   writers: [{ principalId: "11111111-2222-3333-4444-555555555555" }],
 * });
 * ```
 */
export class ModelBackupVault extends pulumi.ComponentResource {
  /** The storage account name. */
  public readonly accountName: pulumi.Output<string>;
  /** The storage account's ARM id. */
  public readonly accountId: pulumi.Output<string>;
  /** Family → container name. */
  public readonly containers: Record<string, string>;
  /** The lifecycle rules in words, one line per tiered blob kind. */
  public readonly tieringDescription: string[];
  /** The copy pipeline of `artifactBackup`, if any. */
  public readonly artifactPipeline?: ScheduledDataPipeline;

  /**
   * Daily backups, 30 kept: the latest stays Hot for a day, then Cool; the last 3 never reach
   * Archive; previous versions (overwrites) go Cool at once and expire with the backups.
   */
  static dailyKeep30(): VaultTiering {
    return {
      backupEvery: Duration.days(1),
      keepVersions: 30,
      current: { coolAfter: Duration.days(1) },
      previousVersions: { coolAfter: Duration.days(0) },
      quickRestore: 3,
    };
  }

  constructor(name: string, args: ModelBackupVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    const ctx = { component: "ModelBackupVault", name };
    const check = new Check(ctx);
    checkArgs(check, args, ARGS_SHAPE);
    check.type("families", args.families, "array");
    check.required("families", args.families, "must list at least one model family");
    args.families.forEach((f, i) => checkContainer(check, `families[${i}]`, f));
    for (const f of Object.keys(args.familyTiering ?? {}))
      check.conflict(
        !args.families.includes(f),
        `familyTiering.${f}`,
        f,
        "must name one of 'families'",
      );
    const tiering = (f: string): VaultTiering =>
      args.familyTiering?.[f] ?? args.tiering ?? ModelBackupVault.dailyKeep30();
    const intents: TieringIntent[] = args.families.map((f) => {
      // backupSizeGB is the cost estimate's, not a lifecycle setting.
      const intent: Omit<VaultTiering, "backupSizeGB"> & { backupSizeGB?: number } = {
        ...tiering(f),
      };
      delete intent.backupSizeGB;
      return { ...intent, name: f, prefixes: [`${f}/`] };
    });
    const containerMetadata: Record<string, Record<string, string>> = {};
    for (const f of args.families) {
      const t = tiering(f);
      const prop = `${args.familyTiering?.[f] ? `familyTiering.${f}` : "tiering"}.backupSizeGB`;
      if (t.backupSizeGB === undefined) continue;
      check.numberRange(prop, t.backupSizeGB, 0, MAX_BACKUP_SIZE_GB);
      check.conflict(t.backupSizeGB === 0, prop, 0, "must be more than 0 GB");
      check.required(
        prop.replace(/backupSizeGB$/, "backupEvery"),
        t.backupEvery,
        "is required with backupSizeGB: the cost estimate needs how often a backup is written",
      );
      check.duration(prop.replace(/backupSizeGB$/, "backupEvery"), t.backupEvery, { min: 1 });
      containerMetadata[f] = {
        [BACKUP_SIZE_METADATA]: String(t.backupSizeGB),
        [BACKUP_EVERY_METADATA]: t.backupEvery!.toIsoString(),
      };
    }
    const quickDays = intents
      .map((t) => (t.quickRestore ?? 0) * Math.ceil((t.backupEvery?.toSeconds() ?? 0) / 86_400))
      .filter((d) => d > 0);
    const plan = {
      containers: args.families,
      tiering: intents,
      tieringProps: args.families.map((f) =>
        args.familyTiering?.[f] ? `familyTiering.${f}` : "tiering",
      ),
      quickRestoreDays: quickDays.length ? Math.max(...quickDays) : undefined,
      containerMetadata,
    };
    const checked = checkBackupAccount(ctx, args, plan);
    checkPrincipals(check, "writers", args.writers);
    checkPrincipals(check, "readers", args.readers);
    const ab = args.artifactBackup;
    if (ab) {
      check.required("artifactBackup.factory", ab.factory);
      check.required("artifactBackup.sourceAccountId", ab.sourceAccountId);
      checkContainer(check, "artifactBackup.sourceContainer", ab.sourceContainer);
      checkFactoryPrincipal(
        check,
        "artifactBackup.factoryPrincipalId",
        ab.factory,
        ab.factoryPrincipalId,
      );
      for (const [f, folder] of Object.entries(ab.folders ?? {})) {
        check.conflict(
          !args.families.includes(f),
          `artifactBackup.folders.${f}`,
          f,
          "must name one of 'families'",
        );
        check.conflict(
          /[*?]/.test(folder),
          `artifactBackup.folders.${f}`,
          folder,
          "must not contain wildcards: Data Factory matches plain prefixes",
        );
      }
      check.conflict(
        ab.completionMarker !== undefined &&
          (ab.completionMarker === "" || /[*?/]/.test(ab.completionMarker)),
        "artifactBackup.completionMarker",
        ab.completionMarker,
        "must be a plain file name (no '/', '*' or '?')",
      );
    }
    super("mlops:backup:ModelBackupVault", name, {}, opts);
    for (const w of checked.warnings) pulumi.log.warn(`ModelBackupVault '${name}': ${w}`, this);

    const res = createBackupAccount(this, name, args, plan, checked);
    this.accountName = res.accountName;
    this.accountId = res.account.id;
    this.containers = Object.fromEntries(args.families.map((f) => [f, f]));
    this.tieringDescription = checked.descriptions;

    const grant = (who: string, i: number, p: VaultPrincipal, role: "reader" | "contributor") =>
      grantRole(
        `${name}-${who}-${i}`,
        {
          principalId: p.principalId,
          principalType: p.principalType,
          role: role === "reader" ? ROLES.storageBlobDataReader : ROLES.storageBlobDataContributor,
          scope: res.account.id,
        },
        { parent: this },
      );
    (args.writers ?? []).forEach((p, i) => grant("writer", i, p, "contributor"));
    (args.readers ?? []).forEach((p, i) => grant("reader", i, p, "reader"));

    if (ab) this.artifactPipeline = this.artifactCopy(name, ab, args.families, res);
    this.registerOutputs({
      accountName: this.accountName,
      accountId: this.accountId,
      containers: this.containers,
      tieringDescription: this.tieringDescription,
    });
  }

  private artifactCopy(
    name: string,
    ab: ArtifactBackup,
    families: readonly string[],
    res: { account: storage.StorageAccount; containers: Record<string, storage.BlobContainer> },
  ): ScheduledDataPipeline {
    const principalId = factoryPrincipal(ab.factory, ab.factoryPrincipalId);
    const formats = copyFormats("binary");
    const base = `${name}-artifacts`;
    const src = blobEndpoint(
      this,
      base,
      ab.factory,
      "Source",
      accountNameOf(ab.sourceAccountId),
      datasetProperties(formats.sourceDataset),
    );
    const dst = blobEndpoint(
      this,
      base,
      ab.factory,
      "Backup",
      res.account.name,
      datasetProperties(formats.sinkDataset),
      Object.values(res.containers),
    );
    // Least privilege: read the training container only, write the family containers only.
    const grants = [
      grantRole(
        `${base}-read-source`,
        {
          principalId,
          role: ROLES.storageBlobDataReader,
          scope: blobContainerScope(ab.sourceAccountId, ab.sourceContainer),
        },
        { parent: this },
      ),
      ...families.map((f) =>
        grantRole(
          `${base}-write-${f}`,
          {
            principalId,
            role: ROLES.storageBlobDataContributor,
            scope: blobContainerScope(res.account.id, f),
          },
          { parent: this, dependsOn: [res.containers[f]] },
        ),
      ),
    ];
    // The trigger's folderPath is `<container>/<folder>/<model>`: drop the container for the
    // source, keep the last segment (the model) for the destination.
    const folderPath = "pipeline().parameters.folderPath";
    const pipeline = new ScheduledDataPipeline(
      base,
      {
        factory: ab.factory,
        parameters: { folderPath: { type: "String" }, family: { type: "String" } },
        activities: [
          backupCopyActivity({
            activityName: "CopyModelArtifacts",
            formats,
            sourceDataset: src.datasetName,
            sinkDataset: dst.datasetName,
            source: {
              container: ab.sourceContainer,
              folder: `@join(skip(split(${folderPath}, '/'), 1), '/')`,
            },
            destination: {
              container: "@pipeline().parameters.family",
              folder: `@concat(last(split(${folderPath}, '/')), '/', ${BACKUP_TIMESTAMP_EXPRESSION})`,
            },
          }),
        ],
        description: `Copies a finished training run's artifacts into backup vault ${name}.`,
      },
      { parent: this, dependsOn: [src.dataset, dst.dataset, ...grants] },
    );
    for (const f of families) {
      new StorageEventTrigger(
        `${base}-${f}`,
        {
          factory: ab.factory,
          storageAccountId: ab.sourceAccountId,
          container: ab.sourceContainer,
          folderPath: ab.folders?.[f] ?? f,
          blobNameEndsWith: ab.completionMarker ?? "_SUCCESS",
          activated: ab.activated,
          pipelines: [
            {
              pipeline,
              parameters: { folderPath: "@triggerBody().folderPath", family: f },
            },
          ],
        },
        { parent: this },
      );
    }
    return pipeline;
  }
}

function checkPrincipals(check: Check, prop: string, list: readonly VaultPrincipal[] | undefined) {
  (list ?? []).forEach((p, i) => {
    check.required(`${prop}[${i}].principalId`, p?.principalId);
    checkPrincipalId(check, `${prop}[${i}].principalId`, p.principalId);
    check.oneOf(`${prop}[${i}].principalType`, p.principalType, [
      "ServicePrincipal",
      "User",
      "Group",
    ] as const);
  });
}
