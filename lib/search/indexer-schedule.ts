import * as pulumi from "@pulumi/pulumi";
import * as search from "@pulumi/azure-native/search";
import { Duration } from "../core/duration";
import { checkArgs } from "../core/options";
import { SEARCH_INDEXER_SCHEDULE_OPTIONS } from "./option-shapes";
import { Check, ValidationContext, ValidationError } from "../core/errors";
import { checkName } from "../core/naming";
import { blobContainerScope, grantRole } from "../identity/grant";
import { ROLES } from "../identity/roles";
import {
  CADENCE_WINDOW_DAYS,
  planIndexerCadence,
  refreshRecurrence,
  RefreshSource,
} from "./cadence";
import {
  checkObjectName,
  indexerIntervalIso,
  indexWarnings,
  ParsingMode,
  SEARCH_NAMING,
  SearchFieldSpec,
  validateIndexFields,
  validateInterval,
  validateParsingMode,
  validateStartTime,
} from "./model";
import { indexerAlerts, indexerMissedRunAlert, searchDiagnostics } from "./monitoring";
import { SearchObject } from "./provider";
import { searchStorageAlert, StorageAlertOptions, validateStorageAlert } from "./capacity";
import { buildSkillsetDefinition, SkillsetOptions, validateSkillset } from "./skillset";
import { SEARCH_TIERS, SearchTier, tierOf } from "./tiers";

/** Search service SKUs that can run indexers with a managed identity (not `free`). */
export const SEARCH_SKUS = [
  "basic",
  "standard",
  "standard2",
  "standard3",
  "storage_optimized_l1",
  "storage_optimized_l2",
] as const;
/** A Search service pricing tier (azure-native `search.Service.sku.name`). */
export type SearchSku = (typeof SEARCH_SKUS)[number];

/**
 * Partition counts Azure accepts (azure-native `search.Service.partitionCount`); each tier's
 * maximum is in `SEARCH_TIERS` (basic: 3 on services created after April 3, 2024).
 */
export const PARTITION_COUNTS = [1, 2, 3, 4, 6, 12] as const;

/** A search service the component creates. */
export interface NewSearchService {
  /** Globally unique service name (2-60 lowercase letters, digits, single dashes). @default - the Pulumi name */
  readonly name?: string;
  /**
   * Pricing tier of the service (one that runs indexers with a managed identity: not `free`).
   * @default "basic"
   */
  readonly sku?: SearchSku;
  /** 1-12 (basic: 1-3). @default 1 */
  readonly replicaCount?: number;
  /** 1, 2, 3, 4, 6 or 12 (basic: 1-3, on services created after April 3, 2024). @default 1 */
  readonly partitionCount?: number;
  /**
   * Keep API keys switched off: every call uses Entra ID and RBAC. Turning them on exposes admin
   * keys that grant full control of the service.
   * @default true
   */
  readonly disableLocalAuth?: boolean;
  /** Whether the service is reachable from public networks. @default "Enabled" */
  readonly publicNetworkAccess?: "Enabled" | "Disabled";
}

/** A search service that already exists (its system identity must be on). */
export interface ExistingSearchService {
  /** The service name. */
  readonly name: pulumi.Input<string>;
  /** ARM id of the service (scope of alerts and diagnostics). */
  readonly id: pulumi.Input<string>;
  /** Object id of the service's system-assigned identity (gets Storage Blob Data Reader). */
  readonly principalId: pulumi.Input<string>;
  /** The service's pricing tier, for the tier rule and the plan. @default - unknown (not checked) */
  readonly sku?: SearchSku | "free";
  /** The service's partitions, for the tier rule and the plan. @default 1 */
  readonly partitionCount?: number;
  /** The service's region; required by `storageAlert` (custom metrics go to the service's region). @default - unknown */
  readonly location?: pulumi.Input<string>;
}

/** A field mapping from a blob property or JSON path to an index field. */
export interface FieldMapping {
  /** The blob property (e.g. `metadata_storage_path`) or source field to read. */
  readonly sourceFieldName: string;
  /** Index field the source field goes to. @default - the same name */
  readonly targetFieldName?: string;
  /** e.g. `{ name: "base64Encode" }`. @default - none */
  readonly mappingFunction?: {
    readonly name: string;
    readonly parameters?: Record<string, unknown>;
  };
}

/** Arguments for `SearchIndexerSchedule`. */
export interface SearchIndexerScheduleArgs {
  /** Resource group of the service (and of the alerts). */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Region of a created service. @default - the resource group's */
  readonly location?: pulumi.Input<string>;
  /** Create a service with these settings. @default - a basic service with local auth off, when `existingService` is not given */
  readonly service?: NewSearchService;
  /** Use this service instead of creating one. @default - create one */
  readonly existingService?: ExistingSearchService;

  /** ARM id of the storage account that holds the blobs. */
  readonly storageAccountId: pulumi.Input<string>;
  /** Blob container to index. */
  readonly container: string;
  /** Only blobs under this virtual folder (`sales/2026`). @default - the whole container */
  readonly folder?: string;
  /** `azureblob`, or `adlsgen2` for a hierarchical-namespace account. @default "azureblob" */
  readonly sourceType?: "azureblob" | "adlsgen2";

  /** The index's fields; exactly one is the key. */
  readonly fields: readonly SearchFieldSpec[];
  /** Name of the index in the search service. @default - the Pulumi name */
  readonly indexName?: string;
  /** Name of the data source in the search service. @default - `${name}-blobs` */
  readonly dataSourceName?: string;
  /** Name of the indexer in the search service. @default - `${name}-indexer` */
  readonly indexerName?: string;

  /** How often the indexer runs: whole minutes, PT5M to PT24H. @default - derived from `refreshedBy` */
  readonly interval?: Duration;
  /** UTC start of the schedule grid. @default - derived from `refreshedBy`, else the creation time */
  readonly startTime?: string;
  /** What refreshes the data: the indexer is scheduled shortly after it lands. @default - none */
  readonly refreshedBy?: RefreshSource;
  /** Time from a refresh starting to its data being ready. @default Duration.minutes(30) */
  readonly refreshLag?: Duration;
  /** What to do when the indexer would run more often than its data is refreshed. @default "warn" */
  readonly onCadenceMismatch?: "warn" | "error";

  /** How each blob is read. @default "default" */
  readonly parsingMode?: ParsingMode;
  /** Documents per batch. @default - Azure's (1000 for blobs) */
  readonly batchSize?: number;
  /** Failed items tolerated per run before the run fails; -1 for no limit. @default 0 */
  readonly maxFailedItems?: number;
  /** Failed items tolerated per batch; -1 for no limit. @default 0 */
  readonly maxFailedItemsPerBatch?: number;
  /**
   * Source fields that go to an index field of another name (or through a mapping function).
   * @default []
   */
  readonly fieldMappings?: readonly FieldMapping[];
  /**
   * AI enrichment: a skillset with the built-in split and/or OCR skills, referenced by the
   * indexer, with output field mappings checked against the index. OCR turns on image extraction
   * (`imageAction: "generateNormalizedImages"`) and is billable beyond 20 documents per indexer per
   * day; this component attaches no Azure AI services resource.
   * @default - no skillset
   */
  readonly skillset?: SkillsetOptions;

  /**
   * Watch storage use against the service's quota: a Logic App reads `GET /servicestats` on a
   * recurrence and publishes the percent used as a custom metric on the service, and a metric alert
   * fires at `thresholdPercent` (Search has no storage platform metric). Ignored when `alerts` is
   * `false`. With `existingService`, its `location` is required.
   * @default - no storage alert
   */
  readonly storageAlert?: StorageAlertOptions;
  /** Log Analytics workspace for the service's logs and metrics. @default - no diagnostic setting */
  readonly logAnalyticsWorkspaceId?: pulumi.Input<string>;
  /**
   * A metric alert on failed documents and, with `logAnalyticsWorkspaceId`, a log alert when the
   * indexer logged no run for longer than its interval.
   * @default true
   */
  readonly alerts?: boolean;
  /**
   * Where the alerts go: ARM ids of action groups (`Microsoft.Insights/actionGroups`), for
   * example `PipelineAlerts.actionGroupId` or an `azure-native` `monitor.ActionGroup`'s `id`.
   * Every alert this component creates (the failed-documents metric alert and, with
   * `logAnalyticsWorkspaceId`, the missed-run log alert) notifies all of them. Ignored when
   * `alerts` is `false`.
   * @default [] (the alerts fire and show in the portal, but notify no one)
   */
  readonly actionGroupIds?: pulumi.Input<string>[];
}

/** Everything the constructor decided before registering anything. */
export interface IndexerSchedulePlan {
  /** Name of the index in the search service. */
  readonly indexName: string;
  /** Name of the data source in the search service. */
  readonly dataSourceName: string;
  /** Name of the indexer in the search service. */
  readonly indexerName: string;
  /** The skillset's name, when `skillset` is given. */
  readonly skillsetName?: string;
  /** The service's tier and partitions, when known. */
  readonly service?: { readonly tier: SearchTier; readonly partitions: number };
  /** The indexer's schedule interval (5 minutes to 24 hours). */
  readonly interval: Duration;
  /** UTC start of the schedule (ISO); absent when Azure picks it. */
  readonly startTime?: string;
  /** The usual gap between refreshes, when `refreshedBy` is given. */
  readonly refreshEvery?: Duration;
  /** Legal but likely mistakes, logged with `pulumi.log.warn`. */
  readonly warnings: string[];
}

const ctxOf = (name: string): ValidationContext => ({
  component: "SearchIndexerSchedule",
  name,
});

function checkService(check: Check, ctx: ValidationContext, name: string, s: NewSearchService) {
  checkName(ctx, "service.name", s.name ?? name, SEARCH_NAMING.service);
  check.oneOf("service.sku", s.sku, SEARCH_SKUS as readonly SearchSku[]);
  const tier = SEARCH_TIERS[s.sku ?? "basic"];
  check.intRange("service.replicaCount", s.replicaCount, 1, tier.maxReplicas);
  check.oneOf("service.partitionCount", s.partitionCount, PARTITION_COUNTS as readonly number[]);
  check.conflict(
    (s.partitionCount ?? 1) > tier.maxPartitions,
    "service.partitionCount",
    s.partitionCount,
    `must be at most ${tier.maxPartitions} on ${tier.label} (Azure AI Search service limits)`,
  );
  check.oneOf("service.publicNetworkAccess", s.publicNetworkAccess, ["Enabled", "Disabled"]);
  check.type("service.disableLocalAuth", s.disableLocalAuth, "boolean");
}

/**
 * Validates the arguments and decides names, schedule and warnings; throws a ValidationError on
 * the first input Azure would refuse. Pure: no Pulumi resource is touched.
 */
export function planIndexerSchedule(
  name: string,
  args: SearchIndexerScheduleArgs,
): IndexerSchedulePlan {
  const ctx = ctxOf(name);
  const check = new Check(ctx);
  checkArgs(check, args, SEARCH_INDEXER_SCHEDULE_OPTIONS);
  check.required("resourceGroupName", args.resourceGroupName);
  check.type("resourceGroupName", args.resourceGroupName, "string", { deferred: true });
  check.conflict(
    args.service !== undefined && args.existingService !== undefined,
    "existingService",
    "both",
    "cannot be given together with service",
  );
  if (args.existingService) {
    check.required("existingService.name", args.existingService.name);
    check.required("existingService.id", args.existingService.id);
    check.required("existingService.principalId", args.existingService.principalId);
    if (typeof args.existingService.name === "string")
      checkName(ctx, "existingService.name", args.existingService.name, SEARCH_NAMING.service);
    check.oneOf("existingService.sku", args.existingService.sku, [
      "free",
      ...SEARCH_SKUS,
    ] as readonly string[]);
    check.oneOf(
      "existingService.partitionCount",
      args.existingService.partitionCount,
      PARTITION_COUNTS as readonly number[],
    );
  } else {
    checkService(check, ctx, name, args.service ?? {});
  }
  check.required("storageAccountId", args.storageAccountId);
  check.required("container", args.container);
  check.format(
    typeof args.container === "string" &&
      /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/.test(args.container),
    "container",
    args.container,
    "must be a blob container name (3-63 lowercase letters, digits and single dashes)",
  );
  check.format(
    args.folder === undefined || (typeof args.folder === "string" && !args.folder.startsWith("/")),
    "folder",
    args.folder,
    "must be a folder path inside the container, without a leading slash",
  );
  check.oneOf("sourceType", args.sourceType, ["azureblob", "adlsgen2"]);

  const indexName = args.indexName ?? name;
  const dataSourceName = args.dataSourceName ?? `${name}-blobs`;
  const indexerName = args.indexerName ?? `${name}-indexer`;
  checkObjectName(ctx, "indexName", indexName, "index");
  checkObjectName(ctx, "dataSourceName", dataSourceName, "dataSource");
  checkObjectName(ctx, "indexerName", indexerName, "indexer");
  validateIndexFields(ctx, args.fields, "fields");

  validateParsingMode(ctx, "parsingMode", args.parsingMode);
  check.intRange("batchSize", args.batchSize, 1, 10_000);
  check.intRange("maxFailedItems", args.maxFailedItems, -1, Number.MAX_SAFE_INTEGER);
  check.intRange(
    "maxFailedItemsPerBatch",
    args.maxFailedItemsPerBatch,
    -1,
    Number.MAX_SAFE_INTEGER,
  );
  if (args.storageAlert !== undefined) {
    validateStorageAlert(ctx, args.storageAlert, "storageAlert");
    check.required(
      "existingService.location",
      args.existingService ? args.existingService.location : "created",
      "is required with storageAlert (the storage metric is published in the service's region)",
    );
  }
  const skillsetName = args.skillset ? (args.skillset.name ?? `${name}-skillset`) : undefined;
  if (args.skillset) validateSkillset(ctx, args.skillset, args.fields, "skillset");
  const serviceSku = args.existingService
    ? args.existingService.sku
    : (args.service?.sku ?? "basic");
  const serviceTier = serviceSku ? tierOf(serviceSku) : undefined;
  const service = serviceTier
    ? {
        tier: serviceTier,
        partitions:
          (args.existingService
            ? args.existingService.partitionCount
            : args.service?.partitionCount) ?? 1,
      }
    : undefined;
  const known = new Set(args.fields.map((f) => f.name));
  check.each("fieldMappings", args.fieldMappings, (m, at) => {
    at.required("sourceFieldName", m.sourceFieldName);
    at.type("sourceFieldName", m.sourceFieldName, "string");
    const target = m.targetFieldName ?? m.sourceFieldName;
    at.conflict(
      !known.has(target),
      "targetFieldName",
      target,
      "must name a top-level field of the index",
    );
  });

  const interval =
    args.interval === undefined ? undefined : validateInterval(ctx, "interval", args.interval);
  if (args.startTime !== undefined) validateStartTime(ctx, "startTime", args.startTime);
  check.oneOf("onCadenceMismatch", args.onCadenceMismatch, ["warn", "error"]);
  check.duration("refreshLag", args.refreshLag);
  const lag = args.refreshLag ?? Duration.minutes(30);

  const warnings = indexWarnings(args.fields);
  if (!args.refreshedBy) {
    if (!interval)
      throw new ValidationError(
        "REQUIRED",
        ctx,
        "interval",
        undefined,
        "is required when refreshedBy is not given",
        "Pass interval: Duration.hours(1), or refreshedBy: the pipeline that refreshes the data.",
      );
    return {
      indexName,
      dataSourceName,
      indexerName,
      skillsetName,
      service,
      interval,
      startTime: args.startTime,
      warnings,
    };
  }
  const cadence = planIndexerCadence(refreshRecurrence(ctx, args.refreshedBy), { interval, lag });
  if (cadence.indexerRuns > cadence.refreshes) {
    const what = `the indexer would run ${cadence.indexerRuns} times in ${CADENCE_WINDOW_DAYS} days over data refreshed ${cadence.refreshes} times`;
    const every = indexerIntervalIso(
      Duration.minutes(Math.min(cadence.refreshEvery.toSeconds(), 86_400) / 60),
    );
    const fix =
      cadence.refreshEvery.toSeconds() > 86_400
        ? "Azure schedules indexers at most daily apart; run it from the refreshing pipeline instead, or accept the extra runs."
        : `Use interval ${every} (or leave it out to derive it).`;
    if (args.onCadenceMismatch === "error")
      throw new ValidationError(
        "CONFLICT",
        ctx,
        "interval",
        indexerIntervalIso(cadence.interval),
        `must not be shorter than the data refresh (${what})`,
        fix,
      );
    warnings.push(`${what}. ${fix}`);
  }
  return {
    indexName,
    dataSourceName,
    indexerName,
    skillsetName,
    service,
    interval: cadence.interval,
    startTime: args.startTime ?? cadence.startTime,
    refreshEvery: cadence.refreshEvery,
    warnings,
  };
}

/** REST body of the index (`PUT /indexes/{name}`): every attribute explicit. */
export function buildIndexDefinition(indexName: string, fields: readonly SearchFieldSpec[]) {
  const field = (f: SearchFieldSpec): Record<string, any> =>
    f.type === "Edm.ComplexType" || f.type === "Collection(Edm.ComplexType)"
      ? { name: f.name, type: f.type, fields: (f.fields ?? []).map(field) }
      : {
          name: f.name,
          type: f.type,
          key: f.key ?? false,
          searchable: f.searchable ?? false,
          filterable: f.filterable ?? false,
          retrievable: f.retrievable ?? true,
          sortable: f.sortable ?? false,
          facetable: f.facetable ?? false,
        };
  return { name: indexName, fields: fields.map(field) };
}

/**
 * REST body of the blob data source: the managed-identity connection string
 * (`ResourceId=<storage account id>/;`, no account key) and the container with its folder.
 */
export function buildDataSourceDefinition(
  dataSourceName: string,
  args: Pick<SearchIndexerScheduleArgs, "container" | "folder" | "sourceType">,
  storageAccountId: string,
) {
  return {
    name: dataSourceName,
    type: args.sourceType ?? "azureblob",
    credentials: { connectionString: `ResourceId=${storageAccountId.replace(/\/+$/, "")}/;` },
    container: args.folder
      ? { name: args.container, query: args.folder }
      : { name: args.container },
  };
}

/** REST body of the indexer: schedule, parameters and field mappings. */
export function buildIndexerDefinition(plan: IndexerSchedulePlan, args: SearchIndexerScheduleArgs) {
  return {
    name: plan.indexerName,
    dataSourceName: plan.dataSourceName,
    targetIndexName: plan.indexName,
    schedule: {
      interval: indexerIntervalIso(plan.interval),
      ...(plan.startTime ? { startTime: new Date(plan.startTime).toISOString() } : {}),
    },
    ...(plan.skillsetName ? { skillsetName: plan.skillsetName } : {}),
    parameters: {
      ...(args.batchSize !== undefined ? { batchSize: args.batchSize } : {}),
      maxFailedItems: args.maxFailedItems ?? 0,
      maxFailedItemsPerBatch: args.maxFailedItemsPerBatch ?? 0,
      configuration: {
        parsingMode: args.parsingMode ?? "default",
        // OCR reads `/document/normalized_images/*`, which exist only when the indexer extracts
        // images (Learn, "Extract text and information from images": both settings are required).
        ...(args.skillset?.ocr
          ? { dataToExtract: "contentAndMetadata", imageAction: "generateNormalizedImages" }
          : {}),
      },
    },
    ...(args.fieldMappings?.length
      ? {
          fieldMappings: args.fieldMappings.map((m) => ({
            sourceFieldName: m.sourceFieldName,
            targetFieldName: m.targetFieldName ?? m.sourceFieldName,
            ...(m.mappingFunction ? { mappingFunction: m.mappingFunction } : {}),
          })),
        }
      : {}),
    ...(args.skillset?.outputFieldMappings?.length
      ? {
          outputFieldMappings: args.skillset.outputFieldMappings.map((m) => ({
            sourceFieldName: m.sourceFieldName,
            targetFieldName: m.targetFieldName,
          })),
        }
      : {}),
  };
}

/**
 * An Azure AI Search indexer on a schedule, over a blob container, with everything around it: the
 * search service (or an existing one) with a system identity and API keys off, Storage Blob Data
 * Reader for that identity on the container, a managed-identity data source, an index from a
 * typed field list, the indexer with its schedule placed after the data refresh, and alerts.
 *
 * Data-plane objects are dynamic resources that call the Search REST API with
 * `DefaultAzureCredential`: the deploying identity needs Search Service Contributor on the service.
 *
 * @example
 * ```ts
 * import { Duration, Recurrence, SearchIndexerSchedule } from "pulumi-mlops-scheduling";
 *
 * new SearchIndexerSchedule("products", {
 *   resourceGroupName: "rg-search",
 *   service: { name: "srch-products-prod" }, // basic, API keys off
 *   storageAccountId:
 *     "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stcurated",
 *   container: "curated",
 *   folder: "products/",
 *   parsingMode: "jsonLines",
 *   fields: [
 *     { name: "id", type: "Edm.String", key: true, filterable: true },
 *     { name: "name", type: "Edm.String", searchable: true },
 *     { name: "price", type: "Edm.Double", filterable: true, sortable: true },
 *   ],
 *   // Data lands every 6 hours from midnight UTC: the indexer runs 30 minutes after each refresh.
 *   refreshedBy: Recurrence.every(Duration.hours(6), {
 *     startTime: "2026-01-01T00:00",
 *   }),
 *   // Failed-document (and, with logAnalyticsWorkspaceId, missed-run) alerts go here.
 *   actionGroupIds: [
 *     "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ops/providers/Microsoft.Insights/actionGroups/ops",
 *   ],
 * });
 * ```
 */
export class SearchIndexerSchedule extends pulumi.ComponentResource {
  /** The search service's name. */
  public readonly serviceName: pulumi.Output<string>;
  /** `https://<service>.search.windows.net`. */
  public readonly endpoint: pulumi.Output<string>;
  /** ARM id of the service. */
  public readonly serviceId: pulumi.Output<string>;
  /** Object id of the service's system identity. */
  public readonly principalId: pulumi.Output<string>;
  /** The index's name in the service. */
  public readonly indexName: string;
  /** The data source's name in the service. */
  public readonly dataSourceName: string;
  /** The indexer's name in the service. */
  public readonly indexerName: string;
  /** The interval scheduled (ISO 8601). */
  public readonly interval: string;
  /** The UTC start of the schedule, if set or derived. */
  public readonly startTime?: string;
  /** The skillset's name in the service, when `skillset` is given. */
  public readonly skillsetName?: string;

  constructor(
    name: string,
    args: SearchIndexerScheduleArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const plan = planIndexerSchedule(name, args);
    super("mlops:search:SearchIndexerSchedule", name, {}, opts);
    for (const w of plan.warnings) pulumi.log.warn(`SearchIndexerSchedule '${name}': ${w}`, this);
    this.indexName = plan.indexName;
    this.dataSourceName = plan.dataSourceName;
    this.indexerName = plan.indexerName;
    this.interval = indexerIntervalIso(plan.interval);
    this.startTime = plan.startTime;
    this.skillsetName = plan.skillsetName;

    let region: pulumi.Output<string>;
    if (args.existingService) {
      this.serviceName = pulumi.output(args.existingService.name);
      this.serviceId = pulumi.output(args.existingService.id);
      this.principalId = pulumi.output(args.existingService.principalId);
      region = pulumi.output(args.existingService.location ?? "");
    } else {
      const s = args.service ?? {};
      const service = new search.Service(
        `${name}-service`,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          searchServiceName: s.name ?? name,
          sku: { name: s.sku ?? "basic" },
          replicaCount: s.replicaCount ?? 1,
          partitionCount: s.partitionCount ?? 1,
          identity: { type: "SystemAssigned" },
          disableLocalAuth: s.disableLocalAuth ?? true,
          publicNetworkAccess: s.publicNetworkAccess ?? "Enabled",
        },
        { parent: this },
      );
      this.serviceName = service.name;
      this.serviceId = service.id;
      this.principalId = service.identity.apply((i) => i?.principalId ?? "");
      region = service.location;
    }
    this.endpoint = pulumi.interpolate`https://${this.serviceName}.search.windows.net`;

    const reader = grantRole(
      `${name}-blob-reader`,
      {
        principalId: this.principalId,
        role: ROLES.storageBlobDataReader,
        scope: blobContainerScope(args.storageAccountId, args.container),
        description: `Search service of ${name} reads the ${args.container} container`,
      },
      { parent: this },
    );
    const service = plan.service ? { service: plan.service } : {};
    const index = new SearchObject(
      `${name}-index`,
      {
        endpoint: this.endpoint,
        kind: "index",
        definition: buildIndexDefinition(plan.indexName, args.fields),
        ...service,
      },
      { parent: this },
    );
    const dataSource = new SearchObject(
      `${name}-datasource`,
      {
        endpoint: this.endpoint,
        kind: "dataSource",
        definition: pulumi
          .output(args.storageAccountId)
          .apply((id) => buildDataSourceDefinition(plan.dataSourceName, args, id)),
        ...service,
      },
      { parent: this, dependsOn: [reader] },
    );
    const skillset =
      plan.skillsetName && args.skillset
        ? new SearchObject(
            `${name}-skillset`,
            {
              endpoint: this.endpoint,
              kind: "skillset",
              definition: buildSkillsetDefinition(plan.skillsetName, args.skillset),
              ...service,
            },
            { parent: this },
          )
        : undefined;
    new SearchObject(
      `${name}-indexer`,
      {
        endpoint: this.endpoint,
        kind: "indexer",
        definition: buildIndexerDefinition(plan, args),
        ...(plan.refreshEvery ? { dataRefresh: plan.refreshEvery.toIsoString() } : {}),
        ...service,
      },
      { parent: this, dependsOn: [index, dataSource, ...(skillset ? [skillset] : [])] },
    );

    if (args.logAnalyticsWorkspaceId !== undefined)
      searchDiagnostics(
        `${name}-diagnostics`,
        { serviceId: this.serviceId, workspaceId: args.logAnalyticsWorkspaceId },
        { parent: this },
      );
    if (args.alerts ?? true) {
      indexerAlerts(
        name,
        {
          resourceGroupName: args.resourceGroupName,
          serviceId: this.serviceId,
          indexerName: plan.indexerName,
          actionGroupIds: args.actionGroupIds,
        },
        { parent: this },
      );
      if (args.storageAlert !== undefined)
        searchStorageAlert(
          name,
          {
            ...args.storageAlert,
            resourceGroupName: args.resourceGroupName,
            region,
            serviceName: this.serviceName,
            serviceId: this.serviceId,
            actionGroupIds: args.actionGroupIds,
          },
          { parent: this },
        );
      if (args.logAnalyticsWorkspaceId !== undefined)
        indexerMissedRunAlert(
          name,
          {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            serviceId: this.serviceId,
            workspaceId: args.logAnalyticsWorkspaceId,
            indexerName: plan.indexerName,
            interval: plan.interval,
            actionGroupIds: args.actionGroupIds,
          },
          { parent: this },
        );
    }

    this.registerOutputs({
      serviceName: this.serviceName,
      endpoint: this.endpoint,
      serviceId: this.serviceId,
      principalId: this.principalId,
      indexName: this.indexName,
      dataSourceName: this.dataSourceName,
      indexerName: this.indexerName,
      interval: this.interval,
      startTime: this.startTime,
      skillsetName: this.skillsetName,
    });
  }
}
