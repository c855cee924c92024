import { Duration } from "../core/duration";
import { ValidationContext, ValidationError } from "../core/errors";
import { Recurrence } from "../core/recurrence";
import { scheduleFirings } from "../schedule/firings";
import { INDEXER_INTERVAL } from "./model";

/**
 * What refreshes an indexer's data: a Recurrence, a `ScheduleTrigger` (anything with a
 * `recurrence`), or a `ScheduledDataPipeline` created with `schedule` (its `scheduleTrigger`).
 * Typed structurally so this module does not depend on the Data Factory components.
 */
export type RefreshSource =
  | Recurrence
  | { readonly recurrence: Recurrence }
  | { readonly scheduleTrigger?: { readonly recurrence: Recurrence } };

const DAY_MS = 86_400_000;
/** A year of refreshes: long enough to see both sides of every DST change. */
const YEAR_MS = 366 * DAY_MS;
/** Days over which run counts are compared (weekly and monthly producers included). */
export const CADENCE_WINDOW_DAYS = 28;

/** The recurrence behind a refresh source; throws CONFLICT for a pipeline without a schedule. */
export function refreshRecurrence(ctx: ValidationContext, source: RefreshSource): Recurrence {
  if (source instanceof Recurrence) return source;
  const s = source as { recurrence?: unknown; scheduleTrigger?: { recurrence?: unknown } };
  const rec = s?.recurrence ?? s?.scheduleTrigger?.recurrence;
  if (rec instanceof Recurrence) return rec;
  throw new ValidationError(
    "CONFLICT",
    ctx,
    "refreshedBy",
    typeof source,
    "must be a Recurrence, a ScheduleTrigger or a ScheduledDataPipeline with a schedule",
    "Give the pipeline a schedule, or pass the Recurrence that refreshes the data.",
  );
}

/** What the cadence analysis decided. */
export interface IndexerCadence {
  /** The interval to schedule. */
  readonly interval: Duration;
  /** UTC start (ISO), on the grid `startTime + k * interval`. */
  readonly startTime: string;
  /** The usual gap between two refreshes (the most frequent one). */
  readonly refreshEvery: Duration;
  /** Indexer runs and data refreshes in `CADENCE_WINDOW_DAYS` days from the start. */
  readonly indexerRuns: number;
  /** Data refreshes in the same window. */
  readonly refreshes: number;
}

/**
 * Plans an indexer around the refresh of its data:
 * - the interval, when not given, is the usual gap between refreshes, kept between 5 minutes
 *   and 24 hours (what Azure allows);
 * - the start is placed so that every run comes at least `lag` after a refresh starts, in summer
 *   and in winter: Azure runs the indexer on a fixed UTC grid while a wall-clock refresh moves
 *   by an hour at DST changes, so the latest landing offset of the year is taken (when the
 *   refresh itself is less regular than the grid, some runs wait longer than `lag`).
 */
export function planIndexerCadence(
  refresh: Recurrence,
  opts: { readonly interval?: Duration; readonly lag: Duration },
): IndexerCadence {
  const from = refresh.startInstant();
  const firings = scheduleFirings(refresh, { from, until: from + YEAR_MS, limit: 120_000 }).map(
    (f) => f.at,
  );
  // The usual gap, not the shortest: a daily wall-clock refresh is 23 h apart once a year.
  const gaps = new Map<number, number>();
  for (let i = 1; i < firings.length; i++) {
    const g = firings[i] - firings[i - 1];
    gaps.set(g, (gaps.get(g) ?? 0) + 1);
  }
  let usual = DAY_MS;
  let seen = 0;
  for (const [g, n] of gaps) if (n > seen || (n === seen && g < usual)) [usual, seen] = [g, n];
  const refreshEvery = Duration.seconds(Math.round(usual / 1000));
  const clamp = Math.min(
    Math.max(refreshEvery.toSeconds(), INDEXER_INTERVAL.min.toSeconds()),
    INDEXER_INTERVAL.max.toSeconds(),
  );
  const interval = opts.interval ?? Duration.minutes(Math.floor(clamp / 60));
  const step = interval.toMilliseconds();
  const lagMs = opts.lag.toMilliseconds();
  const mod = (n: number) => ((n % step) + step) % step;
  // Every run is at the same phase of the grid. Pick, among the phases at which data is ready
  // (landing + lag), the one that keeps the longest wait after any landing shortest; that phase
  // is at or after every landing on the circle (the latest landing, wrap-around included).
  const ready = [...new Set(firings.map((t) => mod(t + lagMs)))];
  let phase = ready[0] ?? 0;
  let best = Infinity;
  for (const candidate of ready) {
    const worst = Math.max(...ready.map((r) => mod(candidate - r)));
    if (worst < best) [best, phase] = [worst, candidate];
  }
  const firstRefresh = firings[0] ?? from;
  const base = firstRefresh + lagMs;
  const start = base + mod(phase - base);
  const windowMs = CADENCE_WINDOW_DAYS * DAY_MS;
  return {
    interval,
    startTime: new Date(start).toISOString(),
    refreshEvery,
    indexerRuns: Math.floor(windowMs / step),
    refreshes: firings.filter((t) => t >= firstRefresh && t < firstRefresh + windowMs).length,
  };
}
