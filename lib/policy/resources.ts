import { forEachActivity, RawActivity } from "../datafactory/activity-types";
import { FreshnessSpec, parseFreshnessQuery } from "../monitoring/freshness";
import { indexerTimeline } from "../schedule/indexer";
import { mlScheduleTimeline } from "../schedule/ml-timeline";
import { triggerTimeline, TriggerTimeline } from "../schedule/timeline";
import { ENDPOINT_TRAFFIC_RESOURCE } from "../ml/traffic-names";
import type { PolicyResource } from "./types";

/** Pulumi type tokens the rules inspect. */
export const TYPES = {
  trigger: "azure-native:datafactory:Trigger",
  pipeline: "azure-native:datafactory:Pipeline",
  linkedService: "azure-native:datafactory:LinkedService",
  dataset: "azure-native:datafactory:Dataset",
  integrationRuntime: "azure-native:datafactory:IntegrationRuntime",
  scaleSet: "azure-native:compute:VirtualMachineScaleSet",
  storageAccount: "azure-native:storage:StorageAccount",
  blobContainer: "azure-native:storage:BlobContainer",
  managementPolicy: "azure-native:storage:ManagementPolicy",
  blobService: "azure-native:storage:BlobServiceProperties",
  metricAlert: "azure-native:monitor:MetricAlert",
  scheduledQueryRule: "azure-native:monitor:ScheduledQueryRule",
  diagnosticSetting: "azure-native:monitor:DiagnosticSetting",
  actionGroup: "azure-native:monitor:ActionGroup",
  factory: "azure-native:datafactory:Factory",
  searchService: "azure-native:search:Service",
  /** Dynamic resources of `lib/search` (see `SEARCH_OBJECT_TOKENS`). */
  searchIndexer: "pulumi-nodejs:dynamic/search:Indexer",
  searchDataSource: "pulumi-nodejs:dynamic/search:DataSource",
  mlCompute: "azure-native:machinelearningservices:Compute",
  mlSchedule: "azure-native:machinelearningservices:Schedule",
  mlOnlineEndpoint: "azure-native:machinelearningservices:OnlineEndpoint",
  /** `ShadowDeployment`'s traffic (a dynamic resource; see `ENDPOINT_TRAFFIC_RESOURCE`). */
  mlEndpointTraffic: ENDPOINT_TRAFFIC_RESOURCE.token,
} as const;

/** Where an online endpoint's traffic is declared, and what it is. */
export interface EndpointTrafficView {
  /** The resource that declares the traffic: a raw `OnlineEndpoint`, or a `ShadowDeployment`'s `-traffic`. */
  readonly resource: PolicyResource;
  /** The endpoint name in Azure (the resource's name when unknown). */
  readonly endpointName: string;
  /** Live traffic, deployment name → percent; absent when unknown. */
  readonly traffic?: Record<string, number>;
  /** Mirrored traffic, deployment name → percent; absent when unknown. */
  readonly mirrorTraffic?: Record<string, number>;
}

/**
 * Every declared endpoint traffic: `properties.traffic` / `mirrorTraffic` of an `OnlineEndpoint`
 * (a raw one in a user's program) and the inputs of each `OnlineEndpointTraffic` (a
 * `ShadowDeployment`, whose endpoint carries none). The traffic resource's endpoint name comes from
 * its `endpointId`, else (a first-deploy preview) from its sibling endpoint.
 */
export function endpointTraffics(resources: readonly PolicyResource[]): EndpointTrafficView[] {
  const endpoints = ofType(resources, TYPES.mlOnlineEndpoint);
  const raw = endpoints
    .filter((r) => r.props.properties?.traffic || r.props.properties?.mirrorTraffic)
    .map((r) => ({
      resource: r,
      endpointName: String(r.props.endpointName ?? r.name),
      traffic: r.props.properties.traffic,
      mirrorTraffic: r.props.properties.mirrorTraffic,
    }));
  const owned = ofType(resources, TYPES.mlEndpointTraffic).map((r) => {
    const fromId = /\/onlineEndpoints\/([^/]+)$/i.exec(String(r.props.endpointId ?? ""))?.[1];
    const sibling = endpoints.find((e) => r.parent !== undefined && e.parent === r.parent);
    return {
      resource: r,
      endpointName: String(fromId ?? sibling?.props.endpointName ?? r.name),
      traffic: r.props.traffic,
      mirrorTraffic: r.props.mirrorTraffic,
    };
  });
  return [...raw, ...owned];
}

/** A log alert generated from a freshness spec (deadline or missed trigger), with that spec. */
export interface FreshnessRuleView {
  /** The scheduled query rule resource. */
  readonly resource: PolicyResource;
  /** The freshness check it was generated from. */
  readonly spec: FreshnessSpec;
}

/** Log alert rules whose query is a freshness check (read back from the query's first line). */
export function freshnessRules(resources: readonly PolicyResource[]): FreshnessRuleView[] {
  return ofType(resources, TYPES.scheduledQueryRule).flatMap((resource) => {
    const spec = parseFreshnessQuery(resource.props.criteria?.allOf?.[0]?.query);
    return spec ? [{ resource, spec }] : [];
  });
}

/**
 * True when the value at `path` (`workspaceId`, `identity.principalId`) is unknown until the
 * deployment: set, but from an output of a resource not created yet. Such a value is `undefined`
 * in `props` like one that is not set; a rule that requires a property uses this to tell them apart.
 */
export function unknownAt(r: PolicyResource, path: string): boolean {
  return (r.unknowns ?? []).some((u) => u === path || path.startsWith(`${u}.`));
}

/** The last segment of a URN: the resource's Pulumi name. */
export function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Resources of one type. */
export function ofType(resources: readonly PolicyResource[], type: string): PolicyResource[] {
  return resources.filter((r) => r.type === type);
}

/** The factory a Data Factory child resource lives in (`factoryName` input), if known. */
export function factoryOf(r: PolicyResource): string | undefined {
  const f = r.props.factoryName;
  return typeof f === "string" ? f : undefined;
}

/** The name a pipeline has in its factory. */
export function pipelineName(r: PolicyResource): string {
  return String(r.props.pipelineName ?? r.name);
}

/** The name a trigger has in its factory (an Azure ML schedule: in its workspace). */
export function triggerName(r: PolicyResource): string {
  if (r.type === TYPES.mlSchedule) return String(r.props.name ?? r.name);
  return String(r.props.triggerName ?? r.name);
}

/** The timeline of a Data Factory trigger or an Azure ML schedule; throws on invalid properties. */
export function timelineOf(r: PolicyResource): TriggerTimeline | undefined {
  const props = r.props.properties ?? {};
  return r.type === TYPES.mlSchedule ? mlScheduleTimeline(props) : triggerTimeline(props);
}

/** A trigger resource with its timeline (undefined when its properties are unknown or invalid). */
export interface TriggerView {
  /** The trigger resource. */
  readonly resource: PolicyResource;
  /** When the trigger starts runs; absent when its properties are unknown or invalid. */
  readonly timeline?: TriggerTimeline;
}

/**
 * Every Data Factory trigger and Azure ML schedule with its timeline. Invalid or unknown properties
 * give no timeline.
 */
export function triggers(resources: readonly PolicyResource[]): TriggerView[] {
  let views = VIEWS.get(resources);
  if (!views) {
    const clocked = resources.filter(
      (r) => r.type === TYPES.trigger || r.type === TYPES.mlSchedule,
    );
    views = clocked.map((resource) => {
      try {
        const timeline = timelineOf(resource);
        return { resource, timeline: timeline && memoized(timeline) };
      } catch {
        return { resource };
      }
    });
    VIEWS.set(resources, views);
  }
  return views;
}

/** Several rules look at the same triggers over the same window: compute each once per stack. */
const VIEWS = new WeakMap<readonly PolicyResource[], TriggerView[]>();

function memoized(t: TriggerTimeline): TriggerTimeline {
  const cache = new Map<string, ReturnType<TriggerTimeline["firings"]>>();
  return {
    ...t,
    firings(from, until, limit) {
      const key = `${+from}|${+until}|${limit}`;
      let f = cache.get(key);
      if (!f) cache.set(key, (f = t.firings(from, until, limit)));
      return f;
    },
  };
}

/** Pipelines started by clock-driven (schedule / tumbling-window) triggers, with those triggers. */
export function clockDrivenPipelines(
  resources: readonly PolicyResource[],
): { pipeline: PolicyResource; triggers: TriggerView[] }[] {
  let found = CLOCK_DRIVEN.get(resources);
  if (!found) {
    const byPipeline = new Map<string, TriggerView[]>();
    for (const t of triggers(resources)) {
      if (!t.timeline?.clock) continue;
      for (const p of new Set(t.timeline.pipelines)) {
        const key = `${factoryOf(t.resource)}|${p}`;
        byPipeline.set(key, [...(byPipeline.get(key) ?? []), t]);
      }
    }
    found = ofType(resources, TYPES.pipeline).flatMap((pipeline) => {
      const started = byPipeline.get(`${factoryOf(pipeline)}|${pipelineName(pipeline)}`);
      return started ? [{ pipeline, triggers: started }] : [];
    });
    CLOCK_DRIVEN.set(resources, found);
  }
  return found;
}

const CLOCK_DRIVEN = new WeakMap<
  readonly PolicyResource[],
  { pipeline: PolicyResource; triggers: TriggerView[] }[]
>();

/** A dataset as an activity refers to it: reference name plus parameters. */
export interface DatasetUse {
  /** Reference name of the dataset. */
  readonly dataset: string;
  /** `RawSales` or `RawSales(folder=curated/sales)`. */
  readonly key: string;
}

/** `{ value: "@...", type: "Expression" }` is ADF's typed form of the string `"@..."`. */
function expressionText(v: any): string | undefined {
  return v?.type === "Expression" && typeof v.value === "string" ? v.value : undefined;
}

function datasetUse(ref: any): DatasetUse | undefined {
  if (!ref || typeof ref.referenceName !== "string") return undefined;
  const params = Object.entries(ref.parameters ?? {})
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : (expressionText(v) ?? JSON.stringify(v))}`)
    .sort();
  return {
    dataset: ref.referenceName,
    key: params.length ? `${ref.referenceName}(${params.join(", ")})` : ref.referenceName,
  };
}

/** Datasets a pipeline reads and writes (Copy inputs/outputs, dataset-reading activities). */
export function datasetFlow(pipeline: PolicyResource): {
  reads: DatasetUse[];
  writes: DatasetUse[];
} {
  const reads = new Map<string, DatasetUse>();
  const writes = new Map<string, DatasetUse>();
  const add = (into: Map<string, DatasetUse>, ref: any) => {
    const use = datasetUse(ref);
    if (use) into.set(use.key, use);
  };
  forEachActivity(pipeline.props.activities, (a: RawActivity) => {
    for (const ref of a.inputs ?? []) add(reads, ref);
    for (const ref of a.outputs ?? []) add(writes, ref);
    if (a.dataset) add(reads, a.dataset);
  });
  return { reads: [...reads.values()], writes: [...writes.values()] };
}

/** A Search indexer resource with the timeline of its schedule (none without a valid schedule). */
export interface IndexerView {
  /** The indexer resource. */
  readonly resource: PolicyResource;
  /** `https://<service>.search.windows.net`, when known. */
  readonly endpoint?: string;
  /** The indexer's REST definition. */
  readonly definition: Record<string, any>;
  /** When the indexer runs; absent without a valid schedule. */
  readonly timeline?: TriggerTimeline;
}

/** Every Search indexer of the stack with the timeline of its schedule. */
export function searchIndexers(resources: readonly PolicyResource[]): IndexerView[] {
  let views = INDEXERS.get(resources);
  if (!views) {
    views = ofType(resources, TYPES.searchIndexer).map((resource) => {
      const definition = resource.props.definition ?? {};
      const endpoint =
        typeof resource.props.endpoint === "string" ? resource.props.endpoint : undefined;
      if (typeof definition.schedule?.interval !== "string")
        return { resource, endpoint, definition };
      try {
        const timeline = indexerTimeline(definition.schedule);
        return { resource, endpoint, definition, timeline: memoized(timeline) };
      } catch {
        return { resource, endpoint, definition };
      }
    });
    INDEXERS.set(resources, views);
  }
  return views;
}

const INDEXERS = new WeakMap<readonly PolicyResource[], IndexerView[]>();
