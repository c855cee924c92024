import { forEachActivity, RawActivity } from "../datafactory/activity-types";
import { searchIndexers, timelineOf, TYPES } from "../policy/resources";
import type { PolicyResource } from "../policy/types";
import type { TriggerTimeline } from "../schedule/timeline";
import type { PlanDocument, PlanResource, PlanSchedule } from "../plan/document";
import { DEFAULT_PRICES, MeterId, PriceTable } from "./prices";

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

/** The schedules of one component (the nearest component resource above the trigger). */
export interface ComponentCost {
  /** `DataFactoryPipeline forecasting`, or the factory / `(no component)`. */
  readonly component: string;
  /** The component's schedules and their cost. */
  readonly schedules: ScheduleCost[];
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
  /** The unit prices used, by meter. */
  readonly prices: PriceTable["prices"];
  /** What the estimate does not count, in words. */
  readonly notCounted: string[];
}

/** What the estimate leaves out (docs/guide/cost.md says the same). */
export const NOT_COUNTED: readonly string[] = [
  "Data Factory execution: copy DIU-hours, pipeline and external activity hours, data flow vCore-hours (durations are not in the program)",
  "event-triggered runs (storage and custom events): no clock, so no count",
  "Azure ML compute hours: no expectedDuration yet, so hours are not known",
  "backup storage by tier and early-deletion charges: not computed yet",
  "alerts and notifications (metric and log alert rules, Logic App actions, emails)",
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
function componentOf(byUrn: Map<string, PlanResource>, s: PlanSchedule): string {
  let found: PlanResource | undefined;
  for (let r = byUrn.get(s.resource); r?.parent; ) {
    r = byUrn.get(r.parent);
    if (r && !r.custom && r.type !== "pulumi:pulumi:Stack") found = r;
  }
  if (found) return `${found.type.split(":").pop()} ${found.name}`;
  return s.factory ? `factory ${s.factory}` : "(no component)";
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
          ? mlLines(f30, fMonth)
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
    const key = componentOf(byUrn, s);
    components.set(key, [
      ...(components.get(key) ?? []),
      { schedule: s.name, kind: s.kind, firings30: f30, firingsMonth: fMonth, lines: priced },
    ]);
  }
  const list: ComponentCost[] = [...components]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([component, schedules]) => {
      const counted = schedules.flatMap((x) => x.lines).filter((l) => l.basis === "counted");
      return {
        component,
        schedules,
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

function mlLines(f30: number | null, fMonth: number | null): CostLine[] {
  return [
    {
      meter: null,
      what: "training runs (1 per firing)",
      days30: f30,
      month: fMonth,
      cost30: null,
      costMonth: null,
      basis: "info",
    },
    {
      meter: "ml.compute-hour",
      what: "compute node-hours (runs × nodes × duration)",
      days30: null,
      month: null,
      cost30: null,
      costMonth: null,
      basis: "counted",
      note: "hours not known: no expectedDuration",
    },
  ];
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
