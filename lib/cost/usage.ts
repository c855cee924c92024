import { forEachActivity, RawActivity } from "../datafactory/activity-types";
import { searchIndexers, timelineOf, TYPES } from "../policy/resources";
import type { PolicyResource } from "../policy/types";
import type { TriggerTimeline } from "../schedule/timeline";
import type { PlanDocument, PlanResource, PlanSchedule } from "../plan/document";
import { Duration } from "../core/duration";
import { EXPECTED_DURATION_TAG } from "../ml/names";
import { DEFAULT_PRICES, MeterId, PriceTable } from "./prices";
import { armRuleAges, type TierDays } from "../backup/lifecycle";
import { BACKUP_EVERY_METADATA, BACKUP_SIZE_METADATA } from "../backup/tags";
import { earlyDeletions, steadyState, storedAt, TIERS, type Tier, type TierGB } from "./storage";

/** How long the two month figures cover. */
export interface CostPeriods {
  /** `[generatedFrom, generatedFrom + 30 days)`, UTC ISO. */
  readonly days30: { readonly from: string; readonly until: string };
  /** The calendar month (UTC) `generatedFrom` falls in: `2026-12`, whole month. */
  readonly month: { readonly name: string; readonly from: string; readonly until: string };
}

/** One counted quantity and what it costs: `quantity × amount / per`. */
export interface CostLine {
  /** The meter priced; `null` for a line that is counted but not priced. */
  readonly meter: MeterId | null;
  /** What is counted (`activity runs (3 per pipeline run)`). */
  readonly what: string;
  /** Over 30 days; `null` when not known. */
  readonly days30: number | null;
  /** Over the calendar month; `null` when not known. */
  readonly month: number | null;
  /** Money over 30 days; `null` when the price or the quantity is unknown. */
  readonly cost30: number | null;
  /** Money over the calendar month; `null` when the price or the quantity is unknown. */
  readonly costMonth: number | null;
  /**
   * `counted` adds to the total; `worst-case` (retries), `one-time` (backfill on deploy) and
   * `info` (included in a flat tier) are shown apart and never added.
   */
  readonly basis: "counted" | "worst-case" | "one-time" | "info";
  /** Why a figure is missing or what it leaves out. */
  readonly note?: string;
}

/** The usage of one schedule. */
export interface ScheduleCost {
  /** Trigger (or other schedule) name. */
  readonly schedule: string;
  /** Schedule kind, as in `PlanSchedule.kind`. */
  readonly kind: string;
  /** Firings in each period; `null` for event triggers (no clock). */
  readonly firings30: number | null;
  /** Firings in the calendar month; `null` for event triggers (no clock). */
  readonly firingsMonth: number | null;
  /** Quantities and money of the schedule's runs. */
  readonly lines: CostLine[];
}

/** The backups stored in one container, per access tier (`lib/cost/storage.ts` states the model). */
export interface BackupStorageCost {
  /** Storage account name. */
  readonly account: string;
  /** Container name (a vault's model family). */
  readonly container: string;
  /** How backups are written, in words (`every P1D`, `at the firings of 1 trigger`). */
  readonly cadence: string;
  /** Backups written over 30 days (the early-deletion charges scale with them); null when unknown. */
  readonly writes30: number | null;
  /** Backups written over the calendar month; null when unknown. */
  readonly writesMonth: number | null;
  /** GB of one backup (`backupSizeGB`); null when not stated. */
  readonly sizeGB: number | null;
  /** The lifecycle rule's ages in days (`cool`, `cold`, `archive`, `delete`) for current blobs. */
  readonly ages: TierDays;
  /** GB per tier once backups reach their deletion age; null when not known or never deleted. */
  readonly steadyGB: TierGB | null;
  /** GB per tier at the end of each of the next 12 months, backups starting at the plan's start. */
  readonly months: { readonly at: string; readonly gb: TierGB }[];
  /** Stored GB-months per tier and early-deletion charges, each `quantity × unit price`. */
  readonly lines: CostLine[];
}

/** The schedules of one component (the nearest component resource above the trigger). */
export interface ComponentCost {
  /** `DataFactoryPipeline forecasting`, or the factory / `(no component)`. */
  readonly component: string;
  /** The component's schedules and their cost. */
  readonly schedules: ScheduleCost[];
  /** Backup containers of the component with their stored GB per tier. */
  readonly storage: BackupStorageCost[];
  /** Sum of `counted` lines with a price; `unknown` counts the lines that could not be priced. */
  readonly total30: number;
  /** Sum of `counted` lines with a price, over the calendar month. */
  readonly totalMonth: number;
  /** `counted` lines that could not be priced (left out of the totals). */
  readonly unknown: number;
  /** `counted` lines with a price and a quantity (0: the totals price nothing, they are not $0). */
  readonly priced: number;
}

/** The cost estimate: JSON contract field `cost` (version 1). */
export interface PlanCost {
  /** Version of the `cost` field. */
  readonly version: 1;
  /** ISO 4217 code of every amount (`USD`). */
  readonly currency: string;
  /** ARM region the prices are for. */
  readonly region: string;
  /** Date of the price table and where it came from. */
  readonly pricesAsOf: string;
  /** Where the price table came from (`built-in`, or the override file). */
  readonly pricesOrigin: string;
  /** The 30-day window and the calendar month counted. */
  readonly periods: CostPeriods;
  /** Cost per component. */
  readonly components: ComponentCost[];
  /** Sum of priced `counted` lines, over 30 days. */
  readonly total30: number;
  /** Sum of priced `counted` lines, over the calendar month. */
  readonly totalMonth: number;
  /** Lines left out of the totals because a price or quantity is unknown. */
  readonly unknown: number;
  /** Lines in the totals. */
  readonly priced: number;
  /** Orchestration runs (trigger + activity runs) counted over 30 days. */
  readonly orchestrationRuns30: number;
  /** Steady-state backup GB per tier, all containers whose figure is known. */
  readonly storedGB: TierGB;
  /** The unit prices used, by meter. */
  readonly prices: PriceTable["prices"];
  /** What the estimate does not count, in words. */
  readonly notCounted: string[];
}

/** What the estimate leaves out (the README's "Cost" section says the same). */
export const NOT_COUNTED: readonly string[] = [
  "Data Factory execution: copy DIU-hours, pipeline and external activity hours, data flow vCore-hours (durations are not in the program)",
  "event-triggered runs (storage and custom events): no clock, so no count",
  "Azure ML compute hours of schedules without expectedDuration (not known), of TrainOnDataArrival runs (event-driven), and of clusters' always-on nodes (minNodeCount)",
  "backup storage of containers without backupSizeGB (not known) or tiered by last access time; previous blob versions, snapshots and soft-deleted data (a backup the lifecycle policy deletes lives on as a previous version while versioning is on); blob operations, retrieval and rehydration",
  "money for alerts and notifications: metric alert time series, log alert evaluations, Logic App actions and emails are counted, not priced (no built-in price)",
  "Search service: a flat monthly tier, not per indexer run",
  "read/write and monitoring operations, data transfer",
];

const DAY = 86_400_000;

/** The two periods of a plan starting at `from`. */
export function costPeriods(from: Date): CostPeriods {
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1);
  const end = Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    days30: { from: iso(+from), until: iso(+from + 30 * DAY) },
    month: { name: iso(start).slice(0, 7), from: iso(start), until: iso(end) },
  };
}

/** Activity runs of one pipeline run: every activity, nested ones and called pipelines included. */
export interface PipelineRunCount {
  /** Activity runs per pipeline run (an ExecutePipeline activity counts, and its pipeline's). */
  readonly activities: number;
  /** Extra activity runs if every activity used all its retries. */
  readonly retries: number;
  /** Pipeline runs per run (1 + pipelines called by ExecutePipeline). */
  readonly pipelines: number;
  /** Activities whose `policy.retry` is an expression: their retries are not counted. */
  readonly unknownRetries: number;
  /** Pipelines referenced but not in the program. */
  readonly missing: string[];
}

/** Counts the activity runs one run of `pipeline` makes (pipelines by name, one factory). */
export function pipelineRunCount(
  pipeline: string,
  pipelines: ReadonlyMap<string, readonly RawActivity[] | undefined>,
  stack: readonly string[] = [],
): PipelineRunCount {
  if (!pipelines.has(pipeline) || stack.includes(pipeline))
    return { activities: 0, retries: 0, pipelines: 0, unknownRetries: 0, missing: [pipeline] };
  let activities = 0;
  let retries = 0;
  let calls = 1;
  let unknownRetries = 0;
  const missing: string[] = [];
  forEachActivity(pipelines.get(pipeline), (a) => {
    activities++;
    const retry = a.policy?.retry;
    if (typeof retry === "number") retries += retry;
    else if (retry !== undefined) unknownRetries++;
    const child = a.type === "ExecutePipeline" ? a.pipeline?.referenceName : undefined;
    if (typeof child === "string") {
      const c = pipelineRunCount(child, pipelines, [...stack, pipeline]);
      activities += c.activities;
      retries += c.retries;
      calls += c.pipelines;
      unknownRetries += c.unknownRetries;
      missing.push(...c.missing);
    }
  });
  return { activities, retries, pipelines: calls, unknownRetries, missing };
}

function asPolicy(r: PlanResource): PolicyResource {
  return { urn: r.urn, type: r.type, name: r.name, props: r.inputs, parent: r.parent ?? undefined };
}

/**
 * `DataPipeline forecasting`: the outermost component above a resource (the one the program
 * declared, not the trigger wrapper inside it); the Pulumi stack itself does not count.
 */
function componentOf(
  byUrn: Map<string, PlanResource>,
  urn: string,
  factory?: string | null,
): string {
  let found: PlanResource | undefined;
  for (let r = byUrn.get(urn); r?.parent; ) {
    r = byUrn.get(r.parent);
    if (r && !r.custom && r.type !== "pulumi:pulumi:Stack") found = r;
  }
  if (found) return `${found.type.split(":").pop()} ${found.name}`;
  return factory ? `factory ${factory}` : "(no component)";
}

const money = (qty: number | null, table: PriceTable, meter: MeterId): number | null => {
  const p = table.prices[meter];
  return qty === null || !p || p.amount === null ? null : (qty * p.amount) / p.per;
};

/** Usage and money per schedule, component and month, from a plan document. */
export function estimateCost(plan: PlanDocument, prices: PriceTable = DEFAULT_PRICES): PlanCost {
  const periods = costPeriods(new Date(plan.generatedFrom));
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const policy = plan.resources.map(asPolicy);
  const pipelinesByFactory = new Map<string, Map<string, RawActivity[] | undefined>>();
  for (const p of policy.filter((r) => r.type === TYPES.pipeline)) {
    const f = String(p.props.factoryName ?? "");
    if (!pipelinesByFactory.has(f)) pipelinesByFactory.set(f, new Map());
    pipelinesByFactory.get(f)!.set(String(p.props.pipelineName ?? p.name), p.props.activities);
  }
  const indexers = new Map(
    searchIndexers(policy).map((v) => [v.resource.urn, v.timeline] as const),
  );
  const count = (t: TriggerTimeline | undefined, from: string, until: string) =>
    t?.clock || t?.kind === "SearchIndexer" || t?.kind === "MLSchedule"
      ? t.firings(Date.parse(from), Date.parse(until)).length
      : null;
  const components = new Map<string, ScheduleCost[]>();
  /** Started clock triggers per component: what writes a data backup's container. */
  const clocks = new Map<string, TriggerTimeline[]>();
  for (const s of plan.schedules) {
    const r = byUrn.get(s.resource);
    if (!r) continue;
    let timeline: TriggerTimeline | undefined;
    try {
      timeline =
        r.type === TYPES.searchIndexer
          ? indexers.get(r.urn)
          : r.type === TYPES.trigger || r.type === TYPES.mlSchedule
            ? timelineOf(asPolicy(r))
            : undefined;
    } catch {
      timeline = undefined;
    }
    // Alert deadlines and unreadable schedules are not priced yet (NOT_COUNTED says so).
    if (!timeline) continue;
    const stopped = s.activation === "left stopped";
    const f30 = stopped ? 0 : count(timeline, periods.days30.from, periods.days30.until);
    const fMonth = stopped ? 0 : count(timeline, periods.month.from, periods.month.until);
    const lines =
      r.type === TYPES.trigger
        ? dataFactoryLines(s, f30, fMonth, pipelinesByFactory.get(s.factory ?? "") ?? new Map())
        : r.type === TYPES.mlSchedule
          ? mlLines(f30, fMonth, mlComputeOf(r, plan.resources))
          : indexerLines(f30, fMonth);
    const priced = lines.map((l) =>
      l.meter
        ? {
            ...l,
            cost30: money(l.days30, prices, l.meter),
            costMonth: money(l.month, prices, l.meter),
          }
        : l,
    );
    if (stopped)
      priced.forEach((l, i) => (priced[i] = { ...l, note: l.note ?? "left stopped on deploy" }));
    const key = componentOf(byUrn, s.resource, s.factory);
    if (timeline.clock && !stopped && r.type === TYPES.trigger)
      clocks.set(key, [...(clocks.get(key) ?? []), timeline]);
    components.set(key, [
      ...(components.get(key) ?? []),
      { schedule: s.name, kind: s.kind, firings30: f30, firingsMonth: fMonth, lines: priced },
    ]);
  }
  for (const a of alertCosts(plan, periods)) {
    const key = componentOf(byUrn, a.urn);
    components.set(key, [...(components.get(key) ?? []), a.cost]);
  }
  const storage = new Map<string, BackupStorageCost[]>();
  for (const c of plan.resources.filter((r) => r.type === TYPES_CONTAINER)) {
    const key = componentOf(byUrn, c.urn);
    const found = backupStorage(plan, c, clocks.get(key) ?? [], periods);
    if (!found) continue;
    const lines = found.lines.map((l) =>
      l.meter
        ? {
            ...l,
            cost30: money(l.days30, prices, l.meter),
            costMonth: money(l.month, prices, l.meter),
          }
        : l,
    );
    storage.set(key, [...(storage.get(key) ?? []), { ...found, lines }]);
    if (!components.has(key)) components.set(key, []);
  }
  const list: ComponentCost[] = [...components]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([component, schedules]) => {
      const stored = storage.get(component) ?? [];
      const counted = [
        ...schedules.flatMap((x) => x.lines),
        ...stored.flatMap((x) => x.lines),
      ].filter((l) => l.basis === "counted");
      return {
        component,
        schedules,
        storage: stored,
        total30: sum(counted.map((l) => l.cost30 ?? 0)),
        totalMonth: sum(counted.map((l) => l.costMonth ?? 0)),
        unknown: counted.filter((l) => l.cost30 === null || l.costMonth === null).length,
        priced: counted.filter((l) => l.cost30 !== null && l.costMonth !== null).length,
      };
    });
  const orchestration = list
    .flatMap((c) => c.schedules.flatMap((x) => x.lines))
    .filter((l) => l.basis === "counted" && l.meter === "adf.orchestration");
  return {
    version: 1,
    currency: prices.currency,
    region: prices.region,
    pricesAsOf: prices.asOf,
    pricesOrigin: prices.origin ?? "override",
    periods,
    components: list,
    total30: sum(list.map((c) => c.total30)),
    totalMonth: sum(list.map((c) => c.totalMonth)),
    unknown: sum(list.map((c) => c.unknown)),
    priced: sum(list.map((c) => c.priced)),
    orchestrationRuns30: sum(orchestration.map((l) => l.days30 ?? 0)),
    storedGB: sumTiers(list.flatMap((c) => c.storage.map((x) => x.steadyGB))),
    prices: prices.prices,
    notCounted: [...NOT_COUNTED],
  };
}

/** Sums money without binary drift in the last cent (`0.1 + 0.2`). */
function sum(xs: number[]): number {
  return Math.round(xs.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
}

const times = (n: number | null, k: number) => (n === null ? null : n * k);

function dataFactoryLines(
  s: PlanSchedule,
  f30: number | null,
  fMonth: number | null,
  pipelines: ReadonlyMap<string, readonly RawActivity[] | undefined>,
): CostLine[] {
  const runs = s.pipelines.map((p) => pipelineRunCount(p, pipelines));
  const perFiring = {
    activities: runs.reduce((a, r) => a + r.activities, 0),
    retries: runs.reduce((a, r) => a + r.retries, 0),
    pipelines: runs.reduce((a, r) => a + r.pipelines, 0),
    unknownRetries: runs.reduce((a, r) => a + r.unknownRetries, 0),
    missing: [...new Set(runs.flatMap((r) => r.missing))],
  };
  const missing = perFiring.missing.length
    ? `pipelines not in the program, not counted: ${perFiring.missing.join(", ")}`
    : undefined;
  const none = { cost30: null, costMonth: null };
  const event = f30 === null ? "event-driven: runs not known" : undefined;
  const lines: CostLine[] = [
    {
      meter: "adf.orchestration",
      what: "trigger runs (1 per firing)",
      days30: f30,
      month: fMonth,
      ...none,
      basis: "counted",
      note: event,
    },
    {
      meter: "adf.orchestration",
      what: `activity runs (${perFiring.activities} per firing)`,
      days30: times(f30, perFiring.activities),
      month: times(fMonth, perFiring.activities),
      ...none,
      basis: "counted",
      note: event ?? missing,
    },
    {
      meter: null,
      what: `pipeline runs (${perFiring.pipelines} per firing; not a meter of their own)`,
      days30: times(f30, perFiring.pipelines),
      month: times(fMonth, perFiring.pipelines),
      ...none,
      basis: "info",
      note: event,
    },
  ];
  if (perFiring.retries || perFiring.unknownRetries)
    lines.push({
      meter: "adf.orchestration",
      what: `retried activity runs if every retry is used (${perFiring.retries} per firing)`,
      days30: times(f30, perFiring.retries),
      month: times(fMonth, perFiring.retries),
      ...none,
      basis: "worst-case",
      note: perFiring.unknownRetries
        ? `${perFiring.unknownRetries} activities retry by an expression: not counted`
        : undefined,
    });
  if (s.backfill)
    lines.push({
      meter: "adf.orchestration",
      what: `backfill on first deploy: ${s.backfill} windows × (1 trigger run + ${perFiring.activities} activity runs)`,
      days30: s.backfill * (1 + perFiring.activities),
      month: s.backfill * (1 + perFiring.activities),
      ...none,
      basis: "one-time",
    });
  return lines;
}

/** What one firing of an Azure ML schedule uses, read from the schedule and its cluster. */
export interface MlRunShape {
  /** `expectedDuration` in hours, or `null` when the schedule states none. */
  readonly hours: number | null;
  /** Nodes one run uses: a Command job's `resources.instanceCount` (default 1); 1 for a Pipeline. */
  readonly nodes: number;
  /** The cluster's idle time before scale-down, in hours; `null` without a cluster in the program. */
  readonly idleHours: number | null;
  /** Nodes the cluster keeps on when idle (`minNodeCount`); 0 when unknown. */
  readonly alwaysOn: number;
  /** The duration as written (`PT45M`). */
  readonly duration?: string;
  /** The idle time as written (`PT120S`). */
  readonly idle?: string;
}

const hoursOf = (iso: unknown): number | null => {
  if (typeof iso !== "string") return null;
  try {
    return Duration.parse(iso).toSeconds() / 3600;
  } catch {
    return null;
  }
};

/**
 * The run shape of an Azure ML schedule resource: the `mlops:expected-duration` tag
 * `TrainingSchedule` writes, the job's node count, and the idle scale-down of the cluster its
 * `computeId` names (matched by workspace and compute name among the program's resources).
 */
export function mlComputeOf(
  schedule: PlanResource,
  resources: readonly PlanResource[],
): MlRunShape {
  const props = schedule.inputs.properties ?? {};
  const duration = props.tags?.[EXPECTED_DURATION_TAG];
  const job = props.action?.jobDefinition ?? {};
  const count = Number(job.resources?.instanceCount);
  const nodes = job.jobType === "Command" && Number.isInteger(count) && count > 0 ? count : 1;
  const m = /\/workspaces\/([^/]+)\/computes\/([^/]+)$/i.exec(String(job.computeId ?? ""));
  const cluster = m
    ? resources.find(
        (r) =>
          r.type === TYPES.mlCompute &&
          String(r.inputs.workspaceName).toLowerCase() === m[1].toLowerCase() &&
          String(r.inputs.computeName ?? r.name).toLowerCase() === m[2].toLowerCase(),
      )
    : undefined;
  const scale = cluster?.inputs.properties?.properties?.scaleSettings;
  const idle = scale?.nodeIdleTimeBeforeScaleDown;
  return {
    hours: hoursOf(duration),
    nodes,
    idleHours: cluster ? (hoursOf(idle) ?? 0) : null,
    alwaysOn: Number(scale?.minNodeCount) > 0 ? Number(scale.minNodeCount) : 0,
    ...(typeof duration === "string" ? { duration } : {}),
    ...(typeof idle === "string" ? { idle } : {}),
  };
}

function mlLines(f30: number | null, fMonth: number | null, run: MlRunShape): CostLine[] {
  const none = { cost30: null, costMonth: null };
  const node = `${run.nodes} node${run.nodes === 1 ? "" : "s"}`;
  const lines: CostLine[] = [
    {
      meter: null,
      what: "training runs (1 per firing)",
      days30: f30,
      month: fMonth,
      ...none,
      basis: "info",
    },
  ];
  const perRun = run.hours === null ? null : run.nodes * run.hours;
  lines.push({
    meter: "ml.compute-hour",
    what:
      run.hours === null
        ? "compute node-hours (runs × nodes × duration)"
        : `compute node-hours (runs × ${node} × ${run.duration})`,
    days30: perRun === null ? null : times(f30, perRun),
    month: perRun === null ? null : times(fMonth, perRun),
    ...none,
    basis: "counted",
    note: run.hours === null ? "hours not known: no expectedDuration" : undefined,
  });
  if (run.idleHours === null)
    lines.push({
      meter: "ml.compute-hour",
      what: "idle node-hours before scale-down",
      days30: null,
      month: null,
      ...none,
      basis: "counted",
      note: "not known: the job's cluster is not in the program",
    });
  else if (run.alwaysOn)
    lines.push({
      meter: null,
      what: `idle node-hours before scale-down (cluster keeps ${run.alwaysOn} node(s) on)`,
      days30: null,
      month: null,
      ...none,
      basis: "info",
      note: "the always-on nodes bill around the clock; not counted per run",
    });
  else if (run.idleHours > 0)
    lines.push({
      meter: "ml.compute-hour",
      what: `idle node-hours before scale-down (runs × ${node} × ${run.idle})`,
      days30: times(f30, run.nodes * run.idleHours),
      month: times(fMonth, run.nodes * run.idleHours),
      ...none,
      basis: "counted",
      note: "each run's nodes stay up this long after it ends (runs closer together share it)",
    });
  return lines;
}

function indexerLines(f30: number | null, fMonth: number | null): CostLine[] {
  return [
    {
      meter: null,
      what: "indexer runs (1 per firing)",
      days30: f30,
      month: fMonth,
      cost30: null,
      costMonth: null,
      basis: "info",
      note: "included in the Search service's flat monthly tier",
    },
  ];
}

const TYPES_CONTAINER = "azure-native:storage:BlobContainer";
const TIER_NAME: Record<Tier, string> = {
  hot: "Hot",
  cool: "Cool",
  cold: "Cold",
  archive: "Archive",
};
const METER: Record<Tier, MeterId> = {
  hot: "blob.hot.gb-month",
  cool: "blob.cool.gb-month",
  cold: "blob.cold.gb-month",
  archive: "blob.archive.gb-month",
};

function sumTiers(list: readonly (TierGB | null)[]): TierGB {
  const out: TierGB = { hot: 0, cool: 0, cold: 0, archive: 0 };
  for (const g of list) if (g) for (const t of TIERS) out[t] = sum([out[t], g[t]]);
  return out;
}

/** The management-policy rule whose prefix is the container (`forecasting/`), if any. */
function containerRule(plan: PlanDocument, account: string, container: string): unknown {
  for (const p of plan.resources) {
    if (p.type !== "azure-native:storage:ManagementPolicy" || p.inputs.accountName !== account)
      continue;
    const rules: any[] = Array.isArray(p.inputs.policy?.rules) ? p.inputs.policy.rules : [];
    const rule = rules.find(
      (r) =>
        r?.enabled !== false &&
        (r?.definition?.filters?.prefixMatch ?? []).some(
          (x: unknown) => x === `${container}/` || x === container,
        ),
    );
    if (rule) return rule;
  }
  return undefined;
}

/** Instants `months` calendar months after `from` (ms). */
function monthEnds(from: number, months = 12): number[] {
  const d = new Date(from);
  return Array.from({ length: months }, (_, i) =>
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + i + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
    ),
  );
}

/** Most backup writes the projection enumerates (a five-minute cadence for a year is 105,120). */
const MAX_WRITES = 200_000;

/**
 * A backup container's stored GB per tier and what it costs, when the program says enough: the
 * container carries `mlops_backup_size_gb` (and for a vault `mlops_backup_every`), or its
 * component's started clock triggers write it. Undefined for containers that are not backups.
 */
function backupStorage(
  plan: PlanDocument,
  c: PlanResource,
  clocks: readonly TriggerTimeline[],
  periods: CostPeriods,
): (Omit<BackupStorageCost, "lines"> & { lines: CostLine[] }) | undefined {
  const meta = c.inputs.metadata ?? {};
  const size = Number(meta[BACKUP_SIZE_METADATA]);
  const sizeGB = meta[BACKUP_SIZE_METADATA] !== undefined && size > 0 ? size : null;
  const every = meta[BACKUP_EVERY_METADATA];
  const everyHours = hoursOf(every);
  if (sizeGB === null && !clocks.length) return undefined;
  const account = String(c.inputs.accountName ?? "");
  const container = String(c.inputs.containerName ?? c.name);
  const rule = containerRule(plan, account, container);
  const base = armRuleAges(rule).find((k) => k.kind === "baseBlob");
  const ages: TierDays = base?.days ?? {};
  const byAccess = JSON.stringify((rule as any)?.definition?.actions?.baseBlob ?? {}).includes(
    "LastAccessTime",
  );
  const from = Date.parse(plan.generatedFrom);
  const ends = monthEnds(from);
  const horizon = Math.max(ends[ends.length - 1], from + ((ages.delete ?? 0) + 1) * DAY);
  // When backups are written: every `mlops_backup_every` from the plan's start, or the firings of
  // the component's clock triggers.
  let writes: number[] | null = null;
  let cadence = "not known";
  let writes30: number | null = null;
  let writesMonth: number | null = null;
  if (everyHours !== null && everyHours > 0) {
    const step = everyHours * 3600_000;
    cadence = `every ${every}`;
    if ((horizon - from) / step <= MAX_WRITES)
      writes = Array.from(
        { length: Math.floor((horizon - from) / step) + 1 },
        (_, k) => from + k * step,
      );
    const inPeriod = (a: string, b: string) =>
      Math.ceil((Date.parse(b) - from) / step) - Math.ceil((Date.parse(a) - from) / step);
    writes30 = inPeriod(periods.days30.from, periods.days30.until);
    writesMonth = inPeriod(periods.month.from, periods.month.until);
  } else if (clocks.length) {
    cadence = `at the firings of ${clocks.length} trigger${clocks.length === 1 ? "" : "s"}`;
    const all = clocks.flatMap((t) =>
      t.firings(from, horizon + 1, MAX_WRITES + 1).map((f) => f.at),
    );
    if (all.length <= MAX_WRITES) writes = all.sort((a, b) => a - b);
    const inPeriod = (a: string, b: string) =>
      clocks.reduce((n, t) => n + t.firings(Date.parse(a), Date.parse(b)).length, 0);
    writes30 = inPeriod(periods.days30.from, periods.days30.until);
    writesMonth = inPeriod(periods.month.from, periods.month.until);
  }
  const known = sizeGB !== null && writes !== null && !byAccess;
  let steadyGB: TierGB | null = null;
  if (known && ages.delete !== undefined) {
    if (everyHours !== null && everyHours > 0)
      steadyGB = steadyState(everyHours / 24, sizeGB, ages);
    else {
      // The first write once the oldest backups have reached their deletion age.
      const settled = writes!.find((w) => w >= from + ages.delete! * DAY);
      if (settled !== undefined) steadyGB = storedAt(writes!, sizeGB, ages, settled);
    }
  }
  const months = known
    ? ends.map((at) => ({
        at: new Date(at).toISOString(),
        gb: storedAt(writes!, sizeGB, ages, at),
      }))
    : [];
  const none = { cost30: null, costMonth: null };
  const lines: CostLine[] = [];
  const why =
    sizeGB === null
      ? "not known: no backupSizeGB"
      : writes === null
        ? "not known: how often backups are written"
        : byAccess
          ? "not known: the rule tiers by last access time"
          : undefined;
  if (why)
    lines.push({
      meter: null,
      what: "stored GB per tier",
      days30: null,
      month: null,
      ...none,
      basis: "counted",
      note: why,
    });
  else if (steadyGB) {
    for (const t of TIERS) {
      if (!steadyGB[t]) continue;
      const n = Math.round(steadyGB[t] / sizeGB!);
      lines.push({
        meter: METER[t],
        what: `${TIER_NAME[t]}: ${n} backup${n === 1 ? "" : "s"} × ${sizeGB} GB (steady state, GB-months)`,
        days30: steadyGB[t],
        month: steadyGB[t],
        ...none,
        basis: "counted",
      });
    }
  } else {
    // Never deleted: no steady state. The 12th month's figure is shown, outside the total.
    const last = months[months.length - 1].gb;
    for (const t of TIERS) {
      if (!last[t]) continue;
      lines.push({
        meter: METER[t],
        what: `${TIER_NAME[t]}: GB after 12 months (never deleted, keeps growing)`,
        days30: last[t],
        month: last[t],
        ...none,
        basis: "info",
        note: "no delete step: no steady state, not in the total",
      });
    }
  }
  if (!byAccess)
    for (const e of earlyDeletions(ages)) {
      const gbMonths = (n: number | null) =>
        n === null || sizeGB === null ? null : (n * sizeGB * e.chargedDays) / 30;
      lines.push({
        meter: METER[e.tier],
        what: `early deletion: ${TIER_NAME[e.tier]} left after ${e.stay} d, ${e.chargedDays} more days charged per backup (backups × ${sizeGB ?? "?"} GB × ${e.chargedDays} / 30 GB-months)`,
        days30: gbMonths(writes30),
        month: gbMonths(writesMonth),
        ...none,
        basis: "counted",
        note: sizeGB === null ? "not known: no backupSizeGB" : undefined,
      });
    }
  return {
    account,
    container,
    cadence,
    writes30,
    writesMonth,
    sizeGB,
    ages,
    steadyGB,
    months,
    lines,
  };
}

/** `PT5M` → minutes, or null. */
const minutesOf = (iso: unknown): number | null => {
  const h = hoursOf(iso);
  return h === null || h <= 0 ? null : h * 60;
};

/** Actions of a Logic App definition, nested scopes (If, Foreach, Until, Scope, Switch) included. */
function logicActions(actions: unknown): number {
  if (!actions || typeof actions !== "object") return 0;
  let n = 0;
  for (const a of Object.values(actions as Record<string, any>)) {
    n++;
    n += logicActions(a?.actions);
    n += logicActions(a?.else?.actions);
    n += logicActions(a?.default?.actions);
    for (const c of Object.values(a?.cases ?? {})) n += logicActions((c as any)?.actions);
  }
  return n;
}

/**
 * Alerts and notifications as worst-case counts, never priced: a metric alert's monitored time
 * series (a `*` dimension on a Data Factory metric counts every pipeline or trigger of the factory
 * in the program) and its evaluations, a log alert's evaluations, an action group's emails and
 * Logic App calls per alert, a Logic App's actions per run.
 */
function alertCosts(
  plan: PlanDocument,
  periods: CostPeriods,
): { urn: string; cost: ScheduleCost }[] {
  const out: { urn: string; cost: ScheduleCost }[] = [];
  const minutes = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;
  const m30 = minutes(periods.days30.from, periods.days30.until);
  const mMonth = minutes(periods.month.from, periods.month.until);
  const info = (what: string, days30: number | null, month: number | null, note?: string) =>
    ({
      meter: null,
      what,
      days30,
      month,
      cost30: null,
      costMonth: null,
      basis: "info",
      ...(note ? { note } : {}),
    }) as CostLine;
  const inFactory = (type: string, factory: string) =>
    plan.resources.filter((r) => r.type === type && String(r.inputs.factoryName) === factory)
      .length;
  for (const r of plan.resources) {
    const name = String(
      r.inputs.ruleName ?? r.inputs.actionGroupName ?? r.inputs.workflowName ?? r.name,
    );
    if (r.type === TYPES.metricAlert) {
      const every = minutesOf(r.inputs.evaluationFrequency);
      const scopes: unknown[] = Array.isArray(r.inputs.scopes) ? r.inputs.scopes : [];
      let series: number | null = 0;
      let why: string | undefined;
      for (const c of r.inputs.criteria?.allOf ?? []) {
        let n: number | null = Math.max(scopes.length, 1);
        for (const d of c?.dimensions ?? []) {
          const values: unknown[] = Array.isArray(d?.values) ? d.values : [];
          if (!values.includes("*")) {
            n = n === null ? null : n * Math.max(values.length, 1);
            continue;
          }
          const factory = /\/factories\/([^/]+)/i.exec(String(scopes[0] ?? ""))?.[1];
          const metric = String(c?.metricName ?? "");
          const all = !factory
            ? null
            : metric.startsWith("Trigger")
              ? inFactory(TYPES.trigger, factory)
              : metric.startsWith("Pipeline") || metric.startsWith("Activity")
                ? inFactory(TYPES.pipeline, factory)
                : null;
          if (all === null) why = `'*' over dimension ${d?.name}: its values are not known`;
          n = n === null || all === null ? null : n * Math.max(all, 1);
        }
        series = series === null || n === null ? null : series + n;
      }
      out.push({
        urn: r.urn,
        cost: {
          schedule: name,
          kind: "MetricAlert",
          firings30: every === null ? null : Math.floor(m30 / every),
          firingsMonth: every === null ? null : Math.floor(mMonth / every),
          lines: [
            info(
              "metric time series monitored (worst case: every dimension value)",
              series,
              series,
              why,
            ),
            info(
              `evaluations (time series × every ${r.inputs.evaluationFrequency})`,
              series === null || every === null ? null : series * Math.floor(m30 / every),
              series === null || every === null ? null : series * Math.floor(mMonth / every),
            ),
          ],
        },
      });
    } else if (r.type === TYPES.scheduledQueryRule) {
      const every = minutesOf(r.inputs.evaluationFrequency);
      const f30 = every === null ? null : Math.floor(m30 / every);
      const fMonth = every === null ? null : Math.floor(mMonth / every);
      out.push({
        urn: r.urn,
        cost: {
          schedule: name,
          kind: "ScheduledQueryRule",
          firings30: f30,
          firingsMonth: fMonth,
          lines: [
            info(
              `log alert evaluations (every ${r.inputs.evaluationFrequency ?? "?"}; billed by frequency)`,
              r.inputs.enabled === false ? 0 : f30,
              r.inputs.enabled === false ? 0 : fMonth,
            ),
          ],
        },
      });
    } else if (r.type === TYPES.actionGroup) {
      const emails = (r.inputs.emailReceivers ?? []).length;
      const logicApps = (r.inputs.logicAppReceivers ?? []).length;
      out.push({
        urn: r.urn,
        cost: {
          schedule: name,
          kind: "ActionGroup",
          firings30: null,
          firingsMonth: null,
          lines: [
            info(
              `emails per alert (${emails} receiver${emails === 1 ? "" : "s"})`,
              null,
              null,
              "per alert fired: how many alerts fire is not known",
            ),
            info(
              `Logic App runs per alert (${logicApps} receiver${logicApps === 1 ? "" : "s"})`,
              null,
              null,
              "per alert fired",
            ),
          ],
        },
      });
    } else if (r.type === "azure-native:logic:Workflow") {
      const actions = logicActions(r.inputs.definition?.actions);
      out.push({
        urn: r.urn,
        cost: {
          schedule: name,
          kind: "LogicApp",
          firings30: null,
          firingsMonth: null,
          lines: [
            info(
              `Logic App actions per run (${actions}, every action in the definition)`,
              null,
              null,
              "per failure notification: how many failures is not known",
            ),
          ],
        },
      });
    }
  }
  return out;
}
