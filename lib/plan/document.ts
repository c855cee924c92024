import { ACTIVATION_RESOURCE } from "../datafactory/activation-names";
import { forEachActivity } from "../datafactory/activity-types";
import { evaluate, PolicyOptions } from "../policy/engine";
import { describePeakHours, parsePeakHours } from "../policy/peak-hours";
import { describeFreshness, freshnessDeadlines } from "../monitoring/freshness";
import {
  datasetFlow,
  factoryOf,
  freshnessRules,
  pipelineName,
  searchIndexers,
  timelineOf,
  triggerName,
  triggers,
  TriggerView,
  TYPES,
} from "../policy/resources";
import type { Finding, PeakHours, PolicyResource } from "../policy/types";
import type { SuppressedFinding } from "../policy/engine";
import type { TimeZone } from "../core/timezone";
import { parseBlobEventPath, trimSlashes } from "../core/storage-path";
import type { Firing } from "../schedule/firings";
import type { TriggerTimeline } from "../schedule/timeline";
import { MODEL_OUTPUT_PROPERTY, parseStorageUri } from "../ml/names";
import { maskInputs, scrubber, scrubDeep } from "./mask";
import type { RecordedResource } from "./mocks";
import { estimateCost, type PlanCost } from "../cost/usage";
import type { PriceTable } from "../cost/prices";

/**
 * Latest version of the JSON plan contract (`schema/plan-v1.schema.json` describes both).
 * Version rule: a document carries the lowest version that can express it. Version 2 only adds
 * schedule kinds (`CONTRACT_V2_KINDS`: alert deadlines, Azure ML schedules), so a plan without
 * them is still written as version 1, byte for byte as before; `planForContract(plan, 1)` (CLI
 * `--contract 1`) leaves those schedules out for consumers pinned to version 1.
 */
export const PLAN_VERSION = 2;

/** Log-alert schedule kinds: their firings are the deadlines a log alert checks. */
export const ALERT_SCHEDULE_KINDS: readonly string[] = ["DeadlineAlert", "MissedRunAlert"];

/**
 * Schedule kinds added in contract version 2 (a version-1 reader's schema refuses them): the
 * alert kinds and Azure ML workspace schedules.
 */
export const CONTRACT_V2_KINDS: readonly string[] = [...ALERT_SCHEDULE_KINDS, "MLSchedule"];

/** Most firings listed per schedule in a plan document; `runs` still counts them all. */
export const MAX_FIRINGS = 2000;

/** A registered resource, inputs with secrets masked. */
export interface PlanResource {
  /** Pulumi URN of the resource. */
  readonly urn: string;
  /** Pulumi type token (`azure-native:datafactory:Trigger`). */
  readonly type: string;
  /** Pulumi resource name. */
  readonly name: string;
  /** URN of the parent, or null for a root. */
  readonly parent: string | null;
  /** Custom resource (true) or component (false). */
  readonly custom: boolean;
  /** Resource inputs as the engine receives them, secrets masked. */
  readonly inputs: Record<string, any>;
}

/** A firing bent by a DST change. */
export interface PlanDstNote {
  /** UTC ISO time of the firing. */
  readonly utc: string;
  /** `gap`: the wall time did not exist, fired when the clock jumped; `ambiguous`: it happened twice, fired at the first. */
  readonly kind: "gap" | "ambiguous";
}

/** One trigger (or other schedule) in the plan. */
export interface PlanSchedule {
  /** URN of the trigger resource. */
  readonly resource: string;
  /** Name in the factory. */
  readonly name: string;
  /** Factory the trigger lives in. */
  readonly factory: string | null;
  /**
   * `ScheduleTrigger`, `TumblingWindowTrigger`, `BlobEventsTrigger`, `CustomEventsTrigger`,
   * `SearchIndexer`, `MLSchedule`, `DeadlineAlert` or `MissedRunAlert`.
   */
  readonly kind: string;
  /** Windows id of the zone firings are computed in; `UTC` for tumbling windows; `-` for events. */
  readonly timeZone: string;
  /** Pipelines (or indexer, ML job, alerted pipeline) the schedule starts or watches. */
  readonly pipelines: string[];
  /** Cadence in words. */
  readonly cadence: string;
  /**
   * What a deploy does to the schedule: starts it, leaves it stopped (`activated: false`), or holds
   * it stopped on purpose (`hold`; contract version 2).
   */
  readonly activation: "started on deploy" | "left stopped" | "held stopped";
  /** Why a held trigger is held (`hold.reason`); only on held triggers (contract version 2). */
  readonly hold?: string;
  /** Run starts in `[generatedFrom, generatedFrom + days)`, UTC ISO, at most MAX_FIRINGS. */
  readonly firings: string[];
  /** The same firings as wall-clock times in `timeZone` (`2026-11-28 02:00`). */
  readonly localFirings: string[];
  /** How many runs start in the window (may exceed `firings.length`). */
  readonly runs: number;
  /**
   * Runs started per UTC hour (`"2026-11-27T01": 1`), complete even when `firings` is capped;
   * hours without runs are left out. The calendar is drawn from it.
   */
  readonly runsByHour: Record<string, number>;
  /** Firings a DST change moved. */
  readonly dst: PlanDstNote[];
  /** Tumbling windows already due at `generatedFrom` (a deploy queues them). */
  readonly backfill: number | null;
  /** Window dependencies: trigger names, `self` for a self-dependency. */
  readonly dependsOn: string[];
  /**
   * Why the firings stop early, when they do: `never fires: ...` (a schedule that can never fire,
   * or a disabled one) or the engine's hard bound. Absent otherwise.
   */
  readonly note?: string;
}

/** An edge of the data flow: what starts or feeds what. */
export interface PlanFlow {
  /** `trigger:<name>`, `pipeline:<name>` or `dataset:<key>`. */
  readonly from: string;
  /** The other end, in the same forms as `from`. */
  readonly to: string;
  /**
   * `starts` (trigger → pipeline; pipeline → pipeline it runs; pipeline → the blob event trigger
   * its output fires, e.g. training → the model vault's backup trigger), `writes`, `reads`
   * (dataset → pipeline), `waits-for` (window dependency).
   */
  readonly kind: "starts" | "writes" | "reads" | "waits-for";
}

/** The offline plan: JSON contract v1 (v2 when it lists alert schedules). */
export interface PlanDocument {
  /** Contract version: 1, or 2 when alert schedules or held triggers are listed. */
  readonly version: 1 | 2;
  /** Program directory as given. */
  readonly program: string;
  /** Stack name the program ran as. */
  readonly stack: string;
  /** "Now" of the plan (`--from`), UTC ISO. */
  readonly generatedFrom: string;
  /** Days of firings listed. */
  readonly days: number;
  /** Declared peak hours (`08:00-18:00 UTC`), or null. */
  readonly peakHours: string | null;
  /** Every registered resource, in registration order. */
  readonly resources: PlanResource[];
  /** Every trigger and other schedule, with firings. */
  readonly schedules: PlanSchedule[];
  /** Edges of the data flow. */
  readonly flows: PlanFlow[];
  /** Policy findings that count. */
  readonly findings: Finding[];
  /** Findings accepted by a suppression, with its reason. */
  readonly suppressed: SuppressedFinding[];
  /**
   * Usage and money per month (`lib/cost`), versioned on its own (`cost.version`). Optional in
   * both contract versions: absent in plans written before it existed.
   */
  readonly cost?: PlanCost;
}

/** Options for `buildPlan`. */
export interface BuildPlanOptions extends Omit<PolicyOptions, "now" | "horizonDays" | "peakHours"> {
  /** Program directory, for the document. @default "stacks/reference" */
  readonly program?: string;
  /** Stack name the plan reports. @default "plan" */
  readonly stack?: string;
  /** "Now". */
  readonly from: Date;
  /** Days of firings. @default 7 */
  readonly days?: number;
  /** Peak hours (`8-18`, `8-18@W. Europe Standard Time`). @default - none */
  readonly peakHours?: string | PeakHours;
  /** Prices for the cost estimate (`--prices`). @default - the built-in table (`lib/cost/prices.ts`) */
  readonly prices?: PriceTable;
}

/**
 * Inputs without `__provider`, the serialized code of a dynamic provider: kilobytes of source
 * that say nothing to a reviewer and may embed captured values.
 */
function withoutProviderCode(inputs: Record<string, any>): Record<string, any> {
  if (!("__provider" in inputs)) return inputs;
  const rest = { ...inputs };
  delete rest.__provider;
  return rest;
}

/** The resources as the rules see them (inputs unmasked, hook bindings known). */
export function policyResources(recorded: readonly RecordedResource[]): PolicyResource[] {
  // A library trigger's TriggerActivation is its child.
  const activationByParent = new Map(
    recorded
      .filter((r) => r.type === ACTIVATION_RESOURCE.token && r.parent)
      .map((r) => [r.parent!, r.inputs]),
  );
  return recorded.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    props: r.inputs,
    parent: r.parent,
    activation:
      r.type === "azure-native:datafactory:Trigger"
        ? ((activationByParent.get(r.urn)?.desiredState as "Started" | "Stopped" | undefined) ??
          "Stopped")
        : undefined,
    ...(r.type === "azure-native:datafactory:Trigger" &&
    typeof activationByParent.get(r.urn)?.hold === "string"
      ? { hold: activationByParent.get(r.urn)!.hold as string }
      : {}),
  }));
}

/** The firing fields of a schedule: at most MAX_FIRINGS listed, every one counted per hour. */
function firingFields(all: readonly Firing[], zone: TimeZone | undefined) {
  const shown = all.slice(0, MAX_FIRINGS);
  const runsByHour: Record<string, number> = {};
  for (const f of all) {
    const hour = new Date(f.at).toISOString().slice(0, 13);
    runsByHour[hour] = (runsByHour[hour] ?? 0) + 1;
  }
  return {
    firings: shown.map((f) => new Date(f.at).toISOString()),
    localFirings: zone ? shown.map((f) => zone.formatLocal(f.at)) : [],
    runs: all.length,
    runsByHour,
    dst: shown
      .filter((f) => f.kind !== "exact")
      .map((f) => ({ utc: new Date(f.at).toISOString(), kind: f.kind as "gap" | "ambiguous" })),
  };
}

/**
 * The timeline the plan shows for a trigger, read from its masked inputs. When masking hid nothing
 * in the trigger, those are its inputs, and the rules' memoised timeline is reused (the window is
 * expanded once for plan and rules).
 */
function shownTimeline(view: TriggerView, shown: PolicyResource) {
  if (shown === view.resource)
    // No timeline: an unknown trigger type (skipped), or invalid properties (the error is shown).
    return view.timeline ?? timelineOf(shown);
  try {
    return timelineOf(shown);
  } catch {
    // The schedule itself is a secret: the plan cannot show it without showing the secret.
    return undefined;
  }
}

function schedulesOf(
  resources: PolicyResource[],
  shown: ReadonlyMap<PolicyResource, PolicyResource>,
  from: number,
  days: number,
): PlanSchedule[] {
  const until = from + days * 86_400_000;
  const out: PlanSchedule[] = [];
  const sources: {
    r: PolicyResource;
    t: TriggerTimeline;
    name: string;
    started: boolean;
    hold?: string;
  }[] = [];
  for (const view of triggers(resources)) {
    const r = shown.get(view.resource) ?? view.resource;
    const t = shownTimeline(view, r);
    if (t)
      sources.push({
        r,
        t,
        name: triggerName(r),
        // An Azure ML schedule runs unless disabled; a trigger only when the library starts it.
        started:
          r.type === TYPES.mlSchedule
            ? r.props.properties?.isEnabled !== false
            : r.activation === "Started",
        hold: r.hold,
      });
  }
  // A Search indexer with a schedule runs on its own once created, unless it is disabled.
  for (const { resource, timeline, definition } of searchIndexers(resources))
    if (timeline)
      sources.push({
        r: shown.get(resource) ?? resource,
        t: timeline,
        name: String(definition.name ?? resource.name),
        started: definition.disabled !== true,
      });
  for (const { r, t, name, started, hold } of sources) {
    const zone = t.timeZone;
    const plan = t.expand(from, until);
    out.push({
      resource: r.urn,
      name,
      factory: factoryOf(r) ?? null,
      kind: t.kind,
      timeZone: zone ? zone.windowsId : "-",
      pipelines: t.pipelines,
      cadence: t.cadence,
      activation:
        hold !== undefined ? "held stopped" : started ? "started on deploy" : "left stopped",
      ...(hold !== undefined ? { hold } : {}),
      ...firingFields(plan.firings, zone),
      backfill: t.backfill(from) ?? null,
      dependsOn: t.dependsOn.map((d) => d.trigger),
      ...(plan.note ? { note: plan.note } : {}),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.resource.localeCompare(b.resource));
}

/**
 * Freshness alerts as schedules: their "firings" are the deadlines the rule checks (each scheduled
 * firing of the pipeline plus `within`), in UTC and in the pipeline's time zone.
 */
function alertSchedulesOf(resources: PolicyResource[], from: number, days: number): PlanSchedule[] {
  const until = from + days * 86_400_000;
  return freshnessRules(resources).map(({ resource: r, spec }) => {
    const zone = spec.recurrence.timeZone;
    return {
      resource: r.urn,
      name: String(r.props.ruleName ?? r.name),
      factory: spec.factory ?? null,
      kind: spec.kind,
      timeZone: zone.windowsId,
      pipelines: [spec.pipeline],
      cadence: describeFreshness(spec),
      activation: r.props.enabled === false ? "left stopped" : "started on deploy",
      ...firingFields(freshnessDeadlines(spec, from, until), zone),
      backfill: null,
      dependsOn: [],
    };
  });
}

/** The plan as a consumer pinned to `version` reads it (version 1: no alert schedules). */
export function planForContract(plan: PlanDocument, version: 1 | 2): PlanDocument {
  if (version === 2 || plan.version === 1) return plan;
  return {
    ...plan,
    version: 1,
    schedules: plan.schedules
      .filter((s) => !CONTRACT_V2_KINDS.includes(s.kind))
      .map((s) => {
        if (s.activation !== "held stopped") return s;
        // Version 1 knows only "left stopped".
        const { hold, ...rest } = s;
        void hold;
        return { ...rest, activation: "left stopped" as const };
      }),
  };
}

/** Needs contract version 2: a v2 schedule kind, or a trigger held stopped. */
function needsV2(s: PlanSchedule): boolean {
  return CONTRACT_V2_KINDS.includes(s.kind) || s.activation === "held stopped";
}

function flowsOf(resources: PolicyResource[], schedules: PlanSchedule[]): PlanFlow[] {
  const flows: PlanFlow[] = [];
  for (const s of schedules) {
    for (const p of s.pipelines)
      flows.push({ from: `trigger:${s.name}`, to: `pipeline:${p}`, kind: "starts" });
    for (const d of s.dependsOn)
      if (d !== "self")
        flows.push({ from: `trigger:${d}`, to: `trigger:${s.name}`, kind: "waits-for" });
  }
  for (const p of resources.filter((x) => x.type === TYPES.pipeline)) {
    const name = pipelineName(p);
    // A pipeline that runs another (ExecutePipeline) starts it: validation → training.
    forEachActivity(p.props.activities, (a) => {
      const child = a.type === "ExecutePipeline" ? a.pipeline?.referenceName : undefined;
      if (typeof child === "string")
        flows.push({ from: `pipeline:${name}`, to: `pipeline:${child}`, kind: "starts" });
    });
    const { reads, writes } = datasetFlow(p);
    for (const r of reads)
      flows.push({ from: `dataset:${r.key}`, to: `pipeline:${name}`, kind: "reads" });
    for (const w of writes)
      flows.push({ from: `pipeline:${name}`, to: `dataset:${w.key}`, kind: "writes" });
  }
  flows.push(...outputTriggerFlows(resources), ...indexerFlows(resources, flows));
  const seen = new Set<string>();
  return flows.filter((f) => {
    const k = `${f.from}|${f.to}|${f.kind}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

/** True when folder `a` is `b` or inside it (`""` is the container root). */
function within(a: string, b: string): boolean {
  return b === "" || a === b || a.startsWith(`${b}/`);
}

/**
 * Pipelines whose output fires a blob event trigger: an activity that records where it writes (the
 * `modelOutput` user property of a TrainOnDataArrival training step, the URI Azure ML receives)
 * and a BlobEventsTrigger whose account (`scope`) and `blobPathBeginsWith` cover that folder, or a
 * folder inside it (the model vault watches the runs under the training's output folder).
 */
function outputTriggerFlows(resources: PolicyResource[]): PlanFlow[] {
  const writes: { pipeline: string; account: string; container: string; folder: string }[] = [];
  for (const p of resources.filter((x) => x.type === TYPES.pipeline))
    forEachActivity(p.props.activities, (a) => {
      for (const up of Array.isArray(a.userProperties) ? a.userProperties : []) {
        const loc =
          up?.name === MODEL_OUTPUT_PROPERTY && typeof up.value === "string"
            ? parseStorageUri(up.value)
            : undefined;
        if (loc) writes.push({ pipeline: pipelineName(p), ...loc });
      }
    });
  const flows: PlanFlow[] = [];
  if (!writes.length) return flows;
  for (const t of resources.filter((x) => x.type === TYPES.trigger)) {
    const props = t.props.properties ?? {};
    const path = parseBlobEventPath(String(props.blobPathBeginsWith ?? ""));
    if (props.type !== "BlobEventsTrigger" || !path || typeof props.scope !== "string") continue;
    const account = props.scope.split("/").pop()!.toLowerCase();
    const name = triggerName(t);
    for (const w of writes)
      if (
        w.account === account &&
        w.container === path.container &&
        (within(path.folder, w.folder) || within(w.folder, path.folder))
      )
        flows.push({ from: `pipeline:${w.pipeline}`, to: `trigger:${name}`, kind: "starts" });
  }
  return flows;
}

/**
 * Search indexers that read a folder a pipeline writes: a dataset some pipeline writes (the
 * `writes` flows) whose file system and folder are the indexer data source's container and
 * `query` folder, or inside it. The data source's account is in its (masked) connection string,
 * so the match is on container and folder.
 */
function indexerFlows(resources: PolicyResource[], flows: readonly PlanFlow[]): PlanFlow[] {
  const written = new Set(flows.filter((f) => f.kind === "writes").map((f) => f.to));
  const places = resources
    .filter((r) => r.type === "azure-native:datafactory:Dataset")
    .flatMap((r) => {
      const l = r.props.properties?.location ?? {};
      const container = l.fileSystem ?? l.container;
      const node = `dataset:${String(r.props.datasetName ?? r.name)}`;
      if (!written.has(node) || typeof container !== "string") return [];
      const folder = typeof l.folderPath === "string" ? trimSlashes(l.folderPath) : "";
      return [{ node, container, folder }];
    });
  const out: PlanFlow[] = [];
  if (!places.length) return out;
  const sources = new Map(
    resources
      .filter((r) => r.type === TYPES.searchDataSource)
      .map((r) => [String(r.props.definition?.name), r.props.definition?.container ?? {}]),
  );
  for (const { resource, definition } of searchIndexers(resources)) {
    const c = sources.get(String(definition.dataSourceName));
    if (typeof c?.name !== "string") continue;
    const folder = typeof c.query === "string" ? trimSlashes(c.query) : "";
    const indexer = `trigger:${String(definition.name ?? resource.name)}`;
    for (const p of places)
      if (p.container === c.name && (within(p.folder, folder) || within(folder, p.folder)))
        out.push({ from: p.node, to: indexer, kind: "reads" });
  }
  return out;
}

/**
 * Trigger inputs that pass a value to a pipeline parameter declared `SecureString`
 * (`properties.pipelines[0].parameters.dbPassword`): secrets by Azure's own typing.
 */
export function secureParameterPaths(resources: readonly PolicyResource[]): Map<string, string[]> {
  const secure = new Map<string, Set<string>>();
  for (const p of resources.filter((x) => x.type === TYPES.pipeline)) {
    const names = Object.entries(p.props.parameters ?? {})
      .filter(([, spec]: [string, any]) => String(spec?.type).toLowerCase() === "securestring")
      .map(([name]) => name);
    if (names.length) secure.set(`${factoryOf(p)}|${pipelineName(p)}`, new Set(names));
  }
  const out = new Map<string, string[]>();
  if (!secure.size) return out;
  for (const t of resources.filter((x) => x.type === TYPES.trigger)) {
    const props = t.props.properties ?? {};
    const refs: [string, any][] = props.pipeline
      ? [["properties.pipeline", props.pipeline]]
      : (props.pipelines ?? []).map((p: any, i: number) => [`properties.pipelines[${i}]`, p]);
    const paths = refs.flatMap(([at, ref]) => {
      const names = secure.get(`${factoryOf(t)}|${ref?.pipelineReference?.referenceName}`);
      return Object.keys(ref?.parameters ?? {})
        .filter((n) => names?.has(n))
        .map((n) => `${at}.parameters.${n}`);
    });
    if (paths.length) out.set(t.urn, paths);
  }
  return out;
}

/** Builds the plan document of a registered program. */
export function buildPlan(
  recorded: readonly RecordedResource[],
  opts: BuildPlanOptions,
): PlanDocument {
  const days = opts.days ?? 7;
  const peak = typeof opts.peakHours === "string" ? parsePeakHours(opts.peakHours) : opts.peakHours;
  // Registration order depends on when inputs resolve; URN order makes every list reproducible.
  const sorted = [...recorded].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  // The rules judge the real inputs (a key inside a secret connection string is still a key);
  // everything the plan shows is read from the masked ones.
  const resources = policyResources(sorted);
  const securePaths = secureParameterPaths(resources);
  const masks = sorted.map((r) =>
    maskInputs(withoutProviderCode(r.inputs), [
      ...r.secretPaths,
      ...(securePaths.get(r.urn) ?? []),
    ]),
  );
  const shown = new Map(
    resources.map((r, i) => [r, masks[i].hidden.length ? { ...r, props: masks[i].masked } : r]),
  );
  // Rule messages are written from the real inputs: take every hidden value out of them, except
  // values the program also writes in clear (a secret activity list's `"Copy"`), which the plan
  // shows anyway and which would otherwise be masked in every unrelated sentence.
  const clear = new Set<string>();
  for (const m of masks) collectStrings(m.masked, clear);
  const scrub = scrubber(masks.flatMap((m) => m.hidden).filter((h) => !clear.has(h)));
  const from = opts.from.getTime();
  const result = evaluate(resources, {
    ...opts,
    now: opts.from,
    horizonDays: days,
    peakHours: peak,
  });
  const scrubbed = (list: PlanSchedule[]) =>
    list.map((s) => ({
      ...s,
      name: scrub(s.name),
      factory: s.factory === null ? null : scrub(s.factory),
      pipelines: s.pipelines.map(scrub),
      cadence: scrub(s.cadence),
      dependsOn: s.dependsOn.map(scrub),
    }));
  const triggerSchedules = scrubbed(schedulesOf(resources, shown, from, days));
  const alertSchedules = scrubbed(alertSchedulesOf(resources, from, days));
  const schedules = [...triggerSchedules, ...alertSchedules].sort(
    (a, b) => a.name.localeCompare(b.name) || a.resource.localeCompare(b.resource),
  );
  const plan: PlanDocument = {
    version: schedules.some(needsV2) ? PLAN_VERSION : 1,
    program: opts.program ?? "stacks/reference",
    stack: opts.stack ?? "plan",
    generatedFrom: opts.from.toISOString(),
    days,
    peakHours: peak ? describePeakHours(peak) : null,
    resources: sorted.map((r, i) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent ?? null,
      custom: r.custom,
      inputs: scrubDeep(masks[i].masked, scrub),
    })),
    schedules,
    flows: scrubDeep(flowsOf([...shown.values()], triggerSchedules), scrub),
    findings: result.findings.map((f) => ({ ...f, message: scrub(f.message) })),
    suppressed: result.suppressed.map((f) => ({ ...f, message: scrub(f.message) })),
  };
  return { ...plan, cost: estimateCost(plan, opts.prices) };
}

function collectStrings(value: any, into: Set<string>): void {
  if (typeof value === "string") into.add(value);
  else if (value && typeof value === "object")
    for (const v of Object.values(value)) collectStrings(v, into);
}

/** True when the plan has a mandatory finding (the CI gate). */
export function hasMandatoryFindings(plan: PlanDocument): boolean {
  return plan.findings.some((f) => f.severity === "mandatory");
}
