import { componentOptions, Opt, OptionShape } from "../core/options";
import type {
  ExistingSearchService,
  FieldMapping,
  NewSearchService,
  SearchIndexerScheduleArgs,
} from "./indexer-schedule";
import type { SearchFieldSpec } from "./model";

/** Option shapes (lib/core/options.ts) of `SearchIndexerSchedule`. */

/** A field of the index; a complex field has sub-fields of the same shape. */
const SEARCH_FIELD: OptionShape = Opt.shape<SearchFieldSpec>({
  name: Opt.value,
  type: Opt.value,
  key: Opt.value,
  searchable: Opt.value,
  filterable: Opt.value,
  retrievable: Opt.value,
  sortable: Opt.value,
  facetable: Opt.value,
  fields: Opt.list(() => SEARCH_FIELD),
});

export const SEARCH_INDEXER_SCHEDULE_OPTIONS = componentOptions<SearchIndexerScheduleArgs>(
  "SearchIndexerSchedule",
  {
    resourceGroupName: Opt.value,
    location: Opt.value,
    service: Opt.shape<NewSearchService>({
      name: Opt.value,
      sku: Opt.value,
      replicaCount: Opt.value,
      partitionCount: Opt.value,
      disableLocalAuth: Opt.value,
      publicNetworkAccess: Opt.value,
    }),
    existingService: Opt.shape<ExistingSearchService>({
      name: Opt.value,
      id: Opt.value,
      principalId: Opt.value,
      sku: Opt.value,
      partitionCount: Opt.value,
      location: Opt.value,
    }),
    storageAccountId: Opt.value,
    container: Opt.value,
    folder: Opt.value,
    sourceType: Opt.value,
    fields: Opt.list(SEARCH_FIELD),
    indexName: Opt.value,
    dataSourceName: Opt.value,
    indexerName: Opt.value,
    interval: Opt.value,
    startTime: Opt.value,
    // A Recurrence, a ScheduledDataPipeline, or a plain { recurrence } / { scheduleTrigger }.
    refreshedBy: Opt.either(Opt.keys("recurrence", "scheduleTrigger")),
    refreshLag: Opt.value,
    onCadenceMismatch: Opt.value,
    parsingMode: Opt.value,
    batchSize: Opt.value,
    maxFailedItems: Opt.value,
    maxFailedItemsPerBatch: Opt.value,
    fieldMappings: Opt.list(
      Opt.shape<FieldMapping>({
        sourceFieldName: Opt.value,
        targetFieldName: Opt.value,
        mappingFunction: Opt.shape<NonNullable<FieldMapping["mappingFunction"]>>({
          name: Opt.value,
          // Named by the mapping function (e.g. useHttpServerUtilityUrlTokenEncode): any key.
          parameters: Opt.map(),
        }),
      }),
    ),
    // Checked in full by validateSkillset (lib/search/skillset.ts).
    skillset: Opt.value,
    // Checked in full by validateStorageAlert (lib/search/capacity.ts).
    storageAlert: Opt.value,
    logAnalyticsWorkspaceId: Opt.value,
    alerts: Opt.value,
    actionGroupIds: Opt.value,
  },
);
