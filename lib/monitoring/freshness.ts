import { Duration } from "../core/duration";
import { Check, ValidationContext } from "../core/errors";
import { AdfRecurrence, Recurrence, WEEK_DAYS } from "../core/recurrence";
import { TimeZone } from "../core/timezone";
import { Firing, scheduleFirings, toMs } from "../schedule/firings";
import { QUERY_RULE_FREQUENCIES, QUERY_RULE_WINDOWS, smallestAtLeast } from "./limits";

/**
 * The two freshness checks:
 * - `DeadlineAlert`: a run of the pipeline must have succeeded within `within` of every scheduled
 *   firing ("the 02:00 ingest must have succeeded by 06:00");
 * - `MissedRunAlert`: the trigger must have produced a trigger run within `within` of every
 *   scheduled firing (a stopped or broken trigger makes no noise on its own).
 */
export type FreshnessKind = "DeadlineAlert" | "MissedRunAlert";

/**
 * Whose runs a freshness check reads: a Data Factory pipeline's (`ADFPipelineRun`,
 * `ADFTriggerRun`) or the training jobs of an Azure ML experiment (`AmlComputeJobEvent`).
 */
export type FreshnessService = "DataFactory" | "MachineLearning";

/** A freshness check, fully resolved: what the query rule is generated from. */
export interface FreshnessSpec {
  /** `DeadlineAlert` (the run must succeed in time) or `MissedRunAlert` (the trigger must fire). */
  readonly kind: FreshnessKind;
  /**
   * Whose runs are checked. With `MachineLearning`, `pipeline` is the Azure ML experiment name and
   * only `DeadlineAlert` exists (Azure ML logs no trigger runs).
   * @default "DataFactory"
   */
  readonly service?: FreshnessService;
  /** Factory name, for the plan. @default - unknown */
  readonly factory?: string;
  /** The pipeline the check is about (its name in the factory). */
  readonly pipeline: string;
  /** The trigger whose firings are expected (`MissedRunAlert` only). @default - none */
  readonly trigger?: string;
  /** The schedule the pipeline runs on: the check's deadlines are derived from it. */
  readonly recurrence: Recurrence;
  /** How long after each scheduled firing the run (or trigger run) must be there. */
  readonly within: Duration;
  /** Wait this long after a deadline before looking, so late-ingested logs are counted. */
  readonly ingestionDelay: Duration;
  /** How often Azure runs the query. */
  readonly evaluationFrequency: Duration;
}

/** First line of every freshness query: the spec as JSON, read back by the plan. */
export const FRESHNESS_MARKER = "// mlops:freshness ";

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Validates the parts of a spec a caller gives; `prefix` is the caller's prop path and
 * `withinProp` the prop that set `within`.
 *
 * `PT1M` is refused. Learn ("Create or edit a log search alert rule", the note behind
 * aka.ms/lsa_1m_limits): at a one-minute frequency "an internal manipulation is performed to
 * optimize the query. This manipulation can cause the query to fail if it contains unsupported
 * operations", listing only "the most common reasons" (`search`, `union`, `take`/`limit`,
 * `ingestion_time()`, the `adx` pattern, a function that calls other tables). The list is not
 * exhaustive and the rewrite is not documented, so a query that derives its own time range from
 * `now()` and a `range` inside `toscalar()` cannot be shown to survive it: the library does not
 * deploy one at PT1M.
 */
export function checkFreshness(
  ctx: ValidationContext,
  prefix: string,
  spec: FreshnessSpec,
  withinProp = `${prefix}.within`,
): void {
  const check = new Check(ctx);
  check.required(`${prefix}.recurrence`, spec.recurrence);
  check.instanceOf(
    `${prefix}.recurrence`,
    spec.recurrence,
    Recurrence,
    "a Recurrence (the pipeline's schedule)",
  );
  check.oneOf(`${prefix}.recurrence.frequency`, spec.recurrence.frequency, [
    "Minute",
    "Hour",
    "Day",
    "Week",
  ] as const);
  for (const [prop, d] of [
    [withinProp, spec.within],
    [`${prefix}.ingestionDelay`, spec.ingestionDelay],
    [`${prefix}.evaluationFrequency`, spec.evaluationFrequency],
  ] as const) {
    check.required(prop, d);
    check.duration(prop, d);
    check.conflict(d.toSeconds() % 60 !== 0, prop, d.toIsoString(), "must be whole minutes");
  }
  check.conflict(
    spec.within.toSeconds() < 60,
    withinProp,
    spec.within.toIsoString(),
    "must be at least one minute",
  );
  check.oneOf(
    `${prefix}.evaluationFrequency`,
    spec.evaluationFrequency.toIsoString(),
    QUERY_RULE_FREQUENCIES,
  );
  if (spec.evaluationFrequency.toIsoString() === "PT1M")
    throw check.error(
      "NOT_ALLOWED",
      `${prefix}.evaluationFrequency`,
      "PT1M",
      "must not be PT1M: one-minute log alerts rewrite the query, and a freshness query (which computes its deadline from now() over a generated range) is not a shape Azure documents as supported",
      "Use Duration.minutes(5) or longer (aka.ms/lsa_1m_limits).",
    );
  freshnessWindow(ctx, withinProp, spec);
  // A deadline past the next firing would let the next run count for this one: say so.
  const gap = shortestFiringGap(spec.recurrence);
  check.conflict(
    spec.within.toSeconds() > gap.toSeconds(),
    withinProp,
    spec.within.toIsoString(),
    `is longer than the shortest time between two firings (${gap.toIsoString()}, ${spec.recurrence.describe()}), so a run of the next firing would count for this one`,
    `Give at most ${gap.toHuman()}, or watch a schedule that fires less often.`,
  );
}

/**
 * The shortest time between two consecutive firings of a Minute, Hour, Day or Week recurrence, on
 * the wall clock (a DST change makes one gap an hour shorter or longer; Month: 28 days).
 */
export function shortestFiringGap(rec: Recurrence): Duration {
  if (rec.frequency === "Minute") return Duration.minutes(rec.interval);
  if (rec.frequency === "Hour") return Duration.hours(rec.interval);
  if (rec.frequency === "Month") return Duration.days(28);
  const times = rec.times().map(([h, m]) => h * 60 + m);
  const days =
    rec.frequency === "Day"
      ? [0]
      : (rec.schedule?.weekDays ?? [WEEK_DAYS[rec.startWeekday()]]).map((d) =>
          WEEK_DAYS.indexOf(d),
        );
  const period = rec.interval * (rec.frequency === "Day" ? 1440 : 7 * 1440);
  const points = [...new Set(days.flatMap((d) => times.map((t) => d * 1440 + t)))].sort(
    (a, b) => a - b,
  );
  let gap = period - points[points.length - 1] + points[0];
  for (let i = 1; i < points.length; i++) gap = Math.min(gap, points[i] - points[i - 1]);
  return Duration.minutes(gap);
}

/**
 * The query's time range: it must reach back from the latest evaluation to the firing, that is
 * `within + ingestionDelay + evaluationFrequency`, rounded up to a window Azure accepts (at most
 * two days).
 */
export function freshnessWindow(
  ctx: ValidationContext,
  withinProp: string,
  spec: FreshnessSpec,
): string {
  const needed = spec.within.plus(spec.ingestionDelay).plus(spec.evaluationFrequency);
  return smallestAtLeast(needed, QUERY_RULE_WINDOWS, () =>
    new Check(ctx).error(
      "OUT_OF_RANGE",
      withinProp,
      spec.within.toIsoString(),
      `plus ingestionDelay and evaluationFrequency must fit a 2-day query window (needs ${needed.toIsoString()})`,
    ),
  );
}

/**
 * `within` from a wall-clock deadline (`"06:00"`) for a daily or weekly recurrence with a single
 * time of day: the deadline is that time on the firing's day, so it must be after the firing time
 * (CONFLICT otherwise, naming both times; a deadline the next day is `within`).
 */
export function withinFromDeadline(
  ctx: ValidationContext,
  prop: string,
  recurrence: Recurrence,
  deadline: string,
): Duration {
  const check = new Check(ctx);
  check.type(prop, deadline, "string");
  const m = /^(\d{1,2}):(\d{2})$/.exec(deadline);
  check.format(!!m, prop, deadline, "must be a wall-clock time HH:mm");
  const [h, min] = [Number(m![1]), Number(m![2])];
  check.intRange(prop, h, 0, 23, "The hour must be 0-23.");
  check.intRange(prop, min, 0, 59, "The minute must be 0-59.");
  check.conflict(
    !recurrence.followsWallClock || recurrence.times().length !== 1,
    prop,
    deadline,
    "needs a daily or weekly schedule with one time of day",
    "Give 'within' (a Duration after each firing) instead.",
  );
  const [[fh, fm]] = recurrence.times();
  const minutes = h * 60 + min - (fh * 60 + fm);
  check.conflict(minutes === 0, prop, deadline, "must differ from the scheduled time");
  // "06:00" for a 02:00 run means the same day. An earlier time ("01:00") would only make sense
  // as the next day, 23 hours later: a typo as often as not, so it is refused, not reinterpreted.
  const firing = `${String(fh).padStart(2, "0")}:${String(fm).padStart(2, "0")}`;
  const nextDay = Duration.minutes(minutes + 1440);
  check.conflict(
    minutes < 0,
    prop,
    deadline,
    `is before the run's own firing at ${firing} (the same day); it would mean ${deadline} the next day, ${nextDay.toHuman()} after the firing`,
    `For a deadline the next day, give within: Duration.minutes(${nextDay.toSeconds() / 60}) instead of succeededBy.`,
  );
  return Duration.minutes(minutes);
}

/** A string literal KQL reads back as `value`. */
const kqlString = (value: string) => JSON.stringify(value);
/** A KQL timespan literal in minutes. */
const kqlMinutes = (d: Duration) => `${d.toSeconds() / 60}m`;
/** A KQL datetime literal. */
const kqlDate = (iso: string) => `datetime(${iso})`;

function localStartIso(rec: Recurrence): string {
  const s = rec.startTime;
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(s.year, 4)}-${p(s.month)}-${p(s.day)}T${p(s.hour)}:${p(s.minute)}:${p(s.second)}`;
}

/** KQL `let` lines that compute `firingUtc` and `dueUtc`: the latest deadline already past. */
function latestDeadlineKql(spec: FreshnessSpec): string[] {
  const rec = spec.recurrence;
  if (!rec.followsWallClock) {
    const step = rec.interval * (rec.frequency === "Minute" ? 1 : 60);
    return [
      `let start = ${kqlDate(new Date(rec.startInstant()).toISOString())};`,
      `let step = ${step}m;`,
      "let firingUtc = start + step * floor((now() - delay - within - start) / step, 1);",
      // Before the schedule's start there is no deadline (null keeps the rule quiet).
      "let dueUtc = iff(firingUtc >= start, firingUtc + within, datetime(null));",
    ];
  }
  const zone = rec.timeZone;
  const toLocal = (x: string) => (zone.isUtc ? x : `datetime_utc_to_local(${x}, tz)`);
  const toUtc = (x: string) => (zone.isUtc ? x : `datetime_local_to_utc(${x}, tz)`);
  const minutes = rec.times().map(([h, m]) => h * 60 + m);
  const start = kqlDate(localStartIso(rec));
  const filters: string[] = [];
  // Look back far enough to find the previous deadline of any period (weekly: 7 x interval days).
  let back = rec.interval + Math.ceil(spec.within.toSeconds() / 86_400) + 1;
  if (rec.frequency === "Day" && rec.interval > 1) {
    filters.push(
      `| where toint((startofday(firing) - startofday(${start})) / 1d) % ${rec.interval} == 0`,
    );
  }
  if (rec.frequency === "Week") {
    const days = (rec.schedule?.weekDays ?? []).map((d) =>
      ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"].indexOf(d),
    );
    const weekDays = days.length ? days : [rec.startWeekday()];
    filters.push(`| where toint(dayofweek(firing) / 1d) in (${weekDays.join(", ")})`);
    if (rec.interval > 1) {
      filters.push(
        `| where toint((startofweek(firing) - startofweek(${start})) / 7d) % ${rec.interval} == 0`,
      );
    }
    back = 7 * rec.interval + Math.ceil(spec.within.toSeconds() / 86_400) + 1;
  }
  return [
    ...(zone.isUtc ? [] : [`let tz = ${kqlString(zone.iana)};`]),
    "let due = toscalar(",
    `    range back from 0 to ${back} step 1`,
    `    | mv-expand at = dynamic([${minutes.join(", ")}]) to typeof(long)`,
    `    | extend firing = startofday(${toLocal("now() - delay")}) - back * 1d + at * 1m`,
    `    | where firing >= ${start}`,
    ...filters.map((f) => `    ${f}`),
    "    | extend due = firing + within",
    `    | where ${toUtc("due")} <= now() - delay`,
    "    | summarize max(due));",
    `let dueUtc = ${toUtc("due")};`,
    `let firingUtc = ${toUtc("due - within")};`,
  ];
}

/** The marker's JSON: everything the plan needs to list the deadlines again. */
function markerOf(spec: FreshnessSpec): string {
  return JSON.stringify({
    v: 1,
    kind: spec.kind,
    // Only written for Azure ML, so every Data Factory marker (and plan) stays byte for byte.
    ...(spec.service === "MachineLearning" ? { service: spec.service } : {}),
    factory: spec.factory,
    pipeline: spec.pipeline,
    trigger: spec.trigger,
    recurrence: spec.recurrence.toAdf(),
    within: spec.within.toIsoString(),
    ingestionDelay: spec.ingestionDelay.toIsoString(),
    evaluationFrequency: spec.evaluationFrequency.toIsoString(),
  });
}

/**
 * The log query of a freshness check over the resource-specific Data Factory tables
 * (`ADFPipelineRun`, `ADFTriggerRun`; the diagnostic setting uses `Dedicated` destination).
 * It returns one row, so the rule fires (`Count > 0`), only on the first evaluation after a
 * deadline passed without the expected run. Time-zone arithmetic uses KQL's
 * `datetime_utc_to_local` / `datetime_local_to_utc` with the schedule's IANA zone, so DST moves
 * the deadline exactly as it moves the firing.
 */
export function freshnessQuery(spec: FreshnessSpec): string {
  const check =
    spec.kind === "DeadlineAlert"
      ? [
          "ADFPipelineRun",
          `| where PipelineName == ${kqlString(spec.pipeline)} and Status == "Succeeded"`,
          "| where TimeGenerated between (firingUtc .. dueUtc)",
          "| summarize runs = count()",
        ]
      : [
          "ADFTriggerRun",
          `| where TriggerName == ${kqlString(spec.trigger ?? "")}`,
          "| where TimeGenerated between ((firingUtc - 1m) .. dueUtc)",
          "| summarize runs = count()",
        ];
  const runs = spec.service === "MachineLearning" ? trainingDeadlineCheck(spec) : check;
  return [
    `${FRESHNESS_MARKER}${markerOf(spec)}`,
    `let within = ${kqlMinutes(spec.within)};`,
    `let delay = ${kqlMinutes(spec.ingestionDelay)};`,
    `let every = ${kqlMinutes(spec.evaluationFrequency)};`,
    ...latestDeadlineKql(spec),
    ...runs,
    "| where runs == 0 and isnotnull(dueUtc) and now() - delay - dueUtc < every",
    `| project pipeline = ${kqlString(spec.pipeline)}, firing = firingUtc, deadline = dueUtc`,
  ].join("\n");
}

/**
 * The check of a training deadline: a training job of the experiment succeeded between the firing
 * and the deadline. Read from `AmlComputeJobEvent` (Learn, "Azure Monitor Logs reference -
 * AmlComputeJobEvent": `ExperimentName`, `EventType` "JobSubmitted, JobRunning, JobFailed,
 * JobSucceeded"), the only Azure ML log table that names the experiment;
 * `AmlRunStatusChangedEvent` has `RunId`, `Status`, `ParentRunId`, `RootRunId` but no experiment.
 * The table holds jobs on AmlCompute clusters only, which is why a training deadline needs one.
 */
function trainingDeadlineCheck(spec: FreshnessSpec): string[] {
  return [
    "AmlComputeJobEvent",
    `| where ExperimentName == ${kqlString(spec.pipeline)} and EventType == "JobSucceeded"`,
    "| where TimeGenerated between (firingUtc .. dueUtc)",
    "| summarize runs = count()",
  ];
}

/** The spec a freshness query was generated from, or undefined for any other query. */
export function parseFreshnessQuery(query: unknown): FreshnessSpec | undefined {
  if (typeof query !== "string" || !query.startsWith(FRESHNESS_MARKER)) return undefined;
  try {
    const line = query.slice(FRESHNESS_MARKER.length).split("\n", 1)[0];
    const m = JSON.parse(line);
    if (m.v !== 1 || (m.kind !== "DeadlineAlert" && m.kind !== "MissedRunAlert")) return undefined;
    if (m.service !== undefined && m.service !== "MachineLearning") return undefined;
    return {
      kind: m.kind,
      ...(m.service === "MachineLearning" ? { service: "MachineLearning" as const } : {}),
      factory: typeof m.factory === "string" ? m.factory : undefined,
      pipeline: String(m.pipeline),
      trigger: typeof m.trigger === "string" ? m.trigger : undefined,
      recurrence: Recurrence.fromAdf(m.recurrence as AdfRecurrence),
      within: Duration.parse(m.within),
      ingestionDelay: Duration.parse(m.ingestionDelay),
      evaluationFrequency: Duration.parse(m.evaluationFrequency),
    };
  } catch {
    return undefined;
  }
}

/**
 * `firing + within`: fixed for Minute/Hour schedules; on the wall clock for Day/Week schedules,
 * counted from the scheduled wall time (a 02:00 firing skipped forward by DST to 03:00 still has
 * its deadline at 06:00, as the query computes it).
 */
function dueAfter(rec: Recurrence, firing: Firing, within: Duration): number {
  if (!rec.followsWallClock) return firing.at + within.toMilliseconds();
  const zone: TimeZone = rec.timeZone;
  const l = zone.toLocal(firing.at);
  const scheduled = rec
    .times()
    .map(([hour, minute]) => ({ hour, minute }))
    .find(
      (t) =>
        zone.resolve({ year: l.year, month: l.month, day: l.day, ...t, second: 0 }).instantMs ===
        firing.at,
    ) ?? { hour: l.hour, minute: l.minute };
  const d = new Date(
    Date.UTC(l.year, l.month - 1, l.day, scheduled.hour, scheduled.minute) +
      within.toMilliseconds(),
  );
  return zone.resolve({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: 0,
  }).instantMs;
}

/**
 * The deadlines in `[from, until)`: each scheduled firing (from the schedule engine) plus
 * `within`. These are the instants the rule checks, `ingestionDelay` later.
 */
export function freshnessDeadlines(
  spec: FreshnessSpec,
  from: number | Date,
  until: number | Date,
  limit = Infinity,
): Firing[] {
  const lo = toMs(from);
  const hi = toMs(until);
  // A deadline at `lo` may belong to a firing up to `within` (plus a DST hour) earlier.
  const firings = scheduleFirings(spec.recurrence, {
    from: lo - spec.within.toMilliseconds() - DAY,
    until: hi,
  });
  const out: Firing[] = [];
  for (const f of firings) {
    const due = dueAfter(spec.recurrence, f, spec.within);
    if (due < lo || due >= hi) continue;
    out.push({ at: due, kind: f.kind });
    if (out.length >= limit) break;
  }
  return out;
}

/** The check in words, for plans and alert descriptions. */
export function describeFreshness(spec: FreshnessSpec): string {
  const run =
    spec.kind === "DeadlineAlert"
      ? `a succeeded run of ${spec.pipeline}`
      : `a trigger run of ${spec.trigger ?? "?"}`;
  const what =
    spec.service === "MachineLearning"
      ? `a succeeded training job of experiment ${spec.pipeline}`
      : run;
  const delay = Math.round(spec.ingestionDelay.toMilliseconds() / MINUTE);
  return `expects ${what} within ${spec.within.toHuman()} of each firing (${spec.recurrence.describe()}); checked ${delay} min after each deadline, every ${spec.evaluationFrequency.toHuman()}`;
}
