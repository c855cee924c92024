import * as pulumi from "@pulumi/pulumi";
import { Duration } from "../core/duration";
import { Check } from "../core/errors";
import { checkArgs, componentOptions, Opt } from "../core/options";
import {
  DATA_AVAILABILITY,
  FACTORY_REFERENCE,
  NOTIFICATIONS,
  RETRY_DEFAULTS,
} from "../datafactory/option-shapes";
import { Recurrence } from "../core/recurrence";
import { trimSlashes } from "../core/storage-path";
import {
  buildPipelineActivities,
  DataAvailabilityGate,
  PipelineNotifications,
  RetryDefaults,
} from "../datafactory/activities";
import type { FactoryInput } from "../datafactory/factory";
import {
  checkRuntimeInput,
  connectVia,
  IntegrationRuntimeInput,
} from "../datafactory/integration-runtime";
import { ScheduledDataPipeline } from "../datafactory/pipeline";
import { ScheduleTrigger, TumblingWindowTrigger } from "../datafactory/triggers";
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
  SOURCE_FORMATS,
  SourceFormat,
} from "./copy";
import { blobContainerScope, grantRole, ROLES } from "../identity";
import { checkContainer, checkFactoryPrincipal, factoryPrincipal } from "./checks";
import { TieringIntent } from "./lifecycle";
import { BACKUP_SIZE_METADATA, MAX_BACKUP_SIZE_GB } from "./tags";

/** The data to back up. */
export interface DataBackupSource {
  /** ARM id of the storage account that holds the data. */
  readonly accountId: pulumi.Input<string>;
  /** Container of the data. */
  readonly container: string;
  /** Folder inside the container, e.g. `sales/daily`. No wildcards. @default - the whole container */
  readonly prefix?: string;
  /**
   * How the files are written. `delimited` (CSV) and `json` are stored as snappy Parquet,
   * `parquet` as is, `binary` byte for byte.
   * @default "binary"
   */
  readonly format?: SourceFormat;
}

/** A tumbling window: each window's backup copies what changed in it. */
export interface DataBackupWindow {
  /** Window size, at least 15 minutes. */
  readonly size: Duration;
  /** Start of the first window (UTC); a past start backfills. */
  readonly startTime: Date | string;
  /** Wait after a window ends before copying it (late writers). @default - none */
  readonly delay?: Duration;
  /** Windows copied at once during a backfill, 1-50. @default 1 */
  readonly maxConcurrency?: number;
}

/** Lifecycle of the backup container. */
export interface DataBackupTiering {
  /** Move to Cool. @default Duration.days(0) (Cool at the first policy run) */
  readonly coolAfter?: Duration;
  /** Move to Archive. @default - never */
  readonly archiveAfter?: Duration;
  /** Delete. @default - never */
  readonly deleteAfter?: Duration;
  /**
   * Size of one backup run's copy in GB, as Azure bills capacity. Only the plan's cost estimate
   * reads it (stored GB per tier from the trigger's firings and these ages); it is written as the
   * container metadata `mlops_backup_size_gb`. More than 0, at most 5 PiB.
   * @default - none: storage per tier is shown as "not known", never guessed
   */
  readonly backupSizeGB?: number;
}

/** Delete outputs nobody needs after a while (old forecasts), in the backup account. */
export interface CleanupRule {
  /** Rule name: letters, digits, hyphens. */
  readonly name: string;
  /** Prefixes starting with the backup container, e.g. `data-backup/landing/forecasts/`. */
  readonly prefixes: readonly string[];
  /** Age after which blobs are deleted. */
  readonly deleteAfter: Duration;
}

/** Arguments for `DataBackupSchedule`. */
export interface DataBackupScheduleArgs {
  /** The factory that runs the copy. */
  readonly factory: FactoryInput;
  /** Object id of the factory's identity. @default - `factory.principalId` of a `DataFactory` */
  readonly factoryPrincipalId?: pulumi.Input<string>;
  /** The data to back up. */
  readonly source: DataBackupSource;
  /** The backup account (created by the component, secure defaults, kept on destroy). */
  readonly destination: BackupAccountArgs & {
    /** Container for the backups. @default "data-backup" */
    readonly container?: string;
  };
  /** Wall-clock schedule (full copies). Exactly one of `schedule`, `window`. @default - none */
  readonly schedule?: Recurrence;
  /** Tumbling window (incremental copies by default). @default - none */
  readonly window?: DataBackupWindow;
  /**
   * `incremental` copies files last modified inside the window (needs `window`); `full` copies
   * everything under the prefix each run.
   * @default "incremental" with `window`, "full" with `schedule`
   */
  readonly mode?: "incremental" | "full";
  /** Lifecycle of the backups. @default { coolAfter: Duration.days(0) } */
  readonly tiering?: DataBackupTiering;
  /** Extra delete-after rules in the backup account. @default [] */
  readonly cleanup?: readonly CleanupRule[];
  /** As `ScheduledDataPipeline.retry`. @default { count: 3, interval: Duration.seconds(30) } */
  readonly retry?: RetryDefaults;
  /**
   * As `ScheduledDataPipeline.dataAvailability`.
   * @default - a `check` that the source folder exists; a missing folder fails the run (and alerts)
   */
  readonly dataAvailability?: DataAvailabilityGate;
  /** As `ScheduledDataPipeline.notifications`. @default - no notifications */
  readonly notifications?: PipelineNotifications;
  /** Start the trigger on deploy. @default true */
  readonly activated?: boolean;
  /**
   * The integration runtime the copy runs on (its linked services connect via it), e.g. a
   * `SelfHostedIntegrationRuntime` for data behind a firewall. Parquet output on a self-hosted
   * runtime needs Java on its nodes.
   * @default - the factory's default Azure runtime (AutoResolveIntegrationRuntime)
   */
  readonly integrationRuntime?: IntegrationRuntimeInput;
}

const ARGS_SHAPE = componentOptions<DataBackupScheduleArgs>("DataBackupSchedule", {
  factory: FACTORY_REFERENCE,
  factoryPrincipalId: Opt.value,
  source: Opt.shape<DataBackupSource>({
    accountId: Opt.value,
    container: Opt.value,
    prefix: Opt.value,
    format: Opt.value,
  }),
  destination: Opt.shape<DataBackupScheduleArgs["destination"]>({
    ...BACKUP_ACCOUNT_FIELDS,
    container: Opt.value,
  }),
  schedule: Opt.value,
  window: Opt.shape<DataBackupWindow>({
    size: Opt.value,
    startTime: Opt.value,
    delay: Opt.value,
    maxConcurrency: Opt.value,
  }),
  mode: Opt.value,
  tiering: Opt.shape<DataBackupTiering>({
    coolAfter: Opt.value,
    archiveAfter: Opt.value,
    deleteAfter: Opt.value,
    backupSizeGB: Opt.value,
  }),
  cleanup: Opt.list(
    Opt.shape<CleanupRule>({ name: Opt.value, prefixes: Opt.value, deleteAfter: Opt.value }),
  ),
  retry: RETRY_DEFAULTS,
  dataAvailability: DATA_AVAILABILITY,
  notifications: NOTIFICATIONS,
  activated: Opt.value,
  integrationRuntime: Opt.value,
});

/**
 * The destination folder of one run: `<container>/<prefix>/yyyy/MM/dd` (plus `/HHmm` for
 * windows under a day), from the window start or the trigger time, as an ADF expression.
 */
export function partitionFolderExpression(base: string, time: string, subDaily: boolean): string {
  const format = subDaily ? "yyyy/MM/dd/HHmm" : "yyyy/MM/dd";
  return `@concat('${base.replace(/'/g, "''")}/', formatDateTime(${time}, '${format}'))`;
}

/**
 * Backs up input or output data into a backup account on a schedule or tumbling window: a Copy
 * activity (snappy Parquet for rows, binary otherwise) into date-partitioned folders, with the
 * retries, gate and notifications of any `ScheduledDataPipeline`, a lifecycle (Cool at once,
 * then Archive, then delete) and least-privilege roles for the factory.
 *
 * @example
 * ```ts
 * import { DataBackupSchedule, DataFactory, Duration } from "pulumi-mlops-scheduling";
 *
 * const factory = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 *
 * // Daily incremental copy of the landing container (CSV → Parquet), archived after 90 days.
 * new DataBackupSchedule("landing-backup", {
 *   factory,
 *   source: {
 *     accountId:
 *       "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-mlops/providers/Microsoft.Storage/storageAccounts/stmlopslake",
 *     container: "landing",
 *     format: "delimited",
 *   },
 *   destination: { resourceGroupName: "rg-mlops" },
 *   window: { size: Duration.days(1), startTime: "2026-11-25T00:00:00Z" },
 *   tiering: { archiveAfter: Duration.days(90), deleteAfter: Duration.days(730) },
 * });
 * ```
 */
export class DataBackupSchedule extends pulumi.ComponentResource {
  /** The backup account name. */
  public readonly accountName: pulumi.Output<string>;
  /** The backup account's ARM id. */
  public readonly accountId: pulumi.Output<string>;
  /** The copy pipeline. */
  public readonly pipeline: ScheduledDataPipeline;
  /** The trigger (`ScheduleTrigger` or `TumblingWindowTrigger`). */
  public readonly trigger: ScheduleTrigger | TumblingWindowTrigger;
  /** The lifecycle rules in words. */
  public readonly tieringDescription: string[];

  constructor(name: string, args: DataBackupScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    const ctx = { component: "DataBackupSchedule", name };
    const check = new Check(ctx);
    checkArgs(check, args, ARGS_SHAPE);
    check.required("factory", args.factory);
    check.required("source", args.source);
    check.required("source.accountId", args.source.accountId);
    checkContainer(check, "source.container", args.source.container);
    check.conflict(
      !!args.source.prefix && /[*?]/.test(args.source.prefix),
      "source.prefix",
      args.source.prefix,
      "must not contain wildcards",
    );
    check.oneOf("source.format", args.source.format, SOURCE_FORMATS);
    check.required("destination", args.destination);
    const container = args.destination.container ?? "data-backup";
    checkContainer(check, "destination.container", container);
    check.conflict(
      (args.schedule === undefined) === (args.window === undefined),
      "schedule",
      args.schedule === undefined ? "neither" : "both",
      "and 'window' are exclusive and one is required",
    );
    check.oneOf("mode", args.mode, ["incremental", "full"] as const);
    const mode = args.mode ?? (args.window ? "incremental" : "full");
    check.conflict(
      mode === "incremental" && !args.window,
      "mode",
      mode,
      "needs 'window': only a tumbling window gives each run exact, gap-free bounds",
      'Use window: { size, startTime }, or mode: "full".',
    );
    if (args.window) {
      // The trigger checks these too, but only after the backup account has registered.
      check.required("window.size", args.window.size);
      check.duration("window.size", args.window.size);
      const minutes = args.window.size.toSeconds() / 60;
      check.conflict(
        !Number.isInteger(minutes) || minutes < 15,
        "window.size",
        args.window.size.toIsoString(),
        "must be whole minutes and at least 15 minutes",
      );
      check.required("window.startTime", args.window.startTime);
      const start = args.window.startTime;
      check.format(
        start instanceof Date
          ? !Number.isNaN(start.getTime())
          : typeof start === "string" &&
              /(Z|[+-]\d{2}:\d{2})$/.test(start) &&
              !Number.isNaN(Date.parse(start)),
        "window.startTime",
        start,
        "must be a Date or an ISO time in UTC ending in Z (tumbling windows are always UTC)",
      );
      check.intRange("window.maxConcurrency", args.window.maxConcurrency, 1, 50);
    } else {
      ScheduleTrigger.validate(`${name}-schedule`, {
        factory: args.factory,
        recurrence: args.schedule!,
        pipelines: [{ pipeline: `${name}-copy` }],
      });
    }
    checkFactoryPrincipal(check, "factoryPrincipalId", args.factory, args.factoryPrincipalId);
    checkRuntimeInput(check, "integrationRuntime", args.integrationRuntime);
    const t = args.tiering ?? {};
    const intents: TieringIntent[] = [
      {
        name: "backups",
        prefixes: [`${container}/`],
        basis: "creation",
        current: {
          coolAfter: t.coolAfter ?? Duration.days(0),
          archiveAfter: t.archiveAfter,
          deleteAfter: t.deleteAfter,
        },
      },
      ...(args.cleanup ?? []).map((c) => ({
        name: c.name,
        prefixes: c.prefixes,
        current: { deleteAfter: c.deleteAfter },
      })),
    ];
    // The pipeline's own rules (retry, gate, notifications) run before anything registers.
    buildPipelineActivities(
      {
        activities: [{ name: "BackupData", type: "Copy" }],
        retry: args.retry,
        dataAvailability: args.dataAvailability,
        notifications: args.notifications,
      },
      ctx,
    );
    check.numberRange("tiering.backupSizeGB", t.backupSizeGB, 0, MAX_BACKUP_SIZE_GB);
    check.conflict(t.backupSizeGB === 0, "tiering.backupSizeGB", 0, "must be more than 0 GB");
    const plan = {
      containers: [container],
      ...(t.backupSizeGB !== undefined
        ? {
            containerMetadata: {
              [container]: { [BACKUP_SIZE_METADATA]: String(t.backupSizeGB) },
            },
          }
        : {}),
      tiering: intents,
      tieringProps: ["tiering", ...(args.cleanup ?? []).map((_, i) => `cleanup[${i}]`)],
    };
    const checked = checkBackupAccount(ctx, args.destination, plan);
    super("mlops:backup:DataBackupSchedule", name, {}, opts);
    for (const w of checked.warnings) pulumi.log.warn(`DataBackupSchedule '${name}': ${w}`, this);

    const res = createBackupAccount(this, name, args.destination, plan, checked);
    this.accountName = res.accountName;
    this.accountId = res.account.id;
    this.tieringDescription = checked.descriptions;

    const principalId = factoryPrincipal(args.factory, args.factoryPrincipalId);
    const grants = [
      grantRole(
        `${name}-read-source`,
        {
          principalId,
          role: ROLES.storageBlobDataReader,
          scope: blobContainerScope(args.source.accountId, args.source.container),
        },
        { parent: this },
      ),
      grantRole(
        `${name}-write-backup`,
        {
          principalId,
          role: ROLES.storageBlobDataContributor,
          scope: blobContainerScope(res.account.id, container),
        },
        { parent: this, dependsOn: [res.containers[container]] },
      ),
    ];

    const formats = copyFormats(args.source.format ?? "binary");
    const via = args.integrationRuntime ? connectVia(args.integrationRuntime) : undefined;
    // Data Factory refuses a linked service whose runtime does not exist yet.
    const runtimeDeps =
      args.integrationRuntime instanceof pulumi.Resource ? [args.integrationRuntime] : [];
    const src = blobEndpoint(
      this,
      name,
      args.factory,
      "Source",
      accountNameOf(args.source.accountId),
      datasetProperties(formats.sourceDataset),
      runtimeDeps,
      via,
    );
    const dst = blobEndpoint(
      this,
      name,
      args.factory,
      "Backup",
      res.account.name,
      datasetProperties(formats.sinkDataset),
      [res.containers[container], ...runtimeDeps],
      via,
    );
    const prefix = trimSlashes(args.source.prefix ?? "");
    const base = prefix ? `${args.source.container}/${prefix}` : args.source.container;
    const windowed = !!args.window;
    const time = windowed ? "pipeline().parameters.windowStart" : "pipeline().TriggerTime";
    const subDaily = windowed ? args.window!.size.toSeconds() < 86_400 : false;
    this.pipeline = new ScheduledDataPipeline(
      `${name}-copy`,
      {
        factory: args.factory,
        parameters: windowed
          ? { windowStart: { type: "String" }, windowEnd: { type: "String" } }
          : undefined,
        activities: [
          backupCopyActivity({
            activityName: "BackupData",
            formats,
            sourceDataset: src.datasetName,
            sinkDataset: dst.datasetName,
            source: { container: args.source.container, folder: prefix },
            destination: { container, folder: partitionFolderExpression(base, time, subDaily) },
            modifiedBetween:
              mode === "incremental"
                ? {
                    start: "@pipeline().parameters.windowStart",
                    end: "@pipeline().parameters.windowEnd",
                  }
                : undefined,
          }),
        ],
        retry: args.retry,
        dataAvailability: args.dataAvailability ?? {
          dataset: src.datasetName,
          datasetParameters: { container: args.source.container, folder: prefix },
          mode: "check",
        },
        notifications: args.notifications,
        description: `Backs up ${base} (${mode}) into backup account container ${container}.`,
      },
      { parent: this, dependsOn: [src.dataset, dst.dataset, ...grants] },
    );
    this.trigger = args.window
      ? new TumblingWindowTrigger(
          `${name}-window`,
          {
            factory: args.factory,
            pipeline: this.pipeline,
            window: args.window.size,
            startTime: args.window.startTime,
            delay: args.window.delay,
            maxConcurrency: args.window.maxConcurrency,
            activated: args.activated,
          },
          { parent: this },
        )
      : new ScheduleTrigger(
          `${name}-schedule`,
          {
            factory: args.factory,
            recurrence: args.schedule!,
            pipelines: [this.pipeline],
            activated: args.activated,
          },
          { parent: this },
        );
    this.registerOutputs({
      accountName: this.accountName,
      accountId: this.accountId,
      tieringDescription: this.tieringDescription,
    });
  }
}
