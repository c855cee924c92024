import { Duration } from "../core/duration";
import { Check, ValidationError } from "../core/errors";

/**
 * What Azure Monitor accepts, with the source each list was checked against (rechecked for
 * issue 19).
 *
 * Metric alerts (`Microsoft.Insights/metricAlerts`, api 2018-03-01): Terraform azurerm
 * `internal/services/monitor/monitor_metric_alert_resource.go` (`frequency`, `window_size`,
 * `severity` 0-4; the same lists are in the Azure Verified Modules generated from it) and
 * AZURE-FACTS "Azure Monitor". The source is thin: the REST spec types `evaluationFrequency` and
 * `windowSize` as ISO 8601 durations without an enum, so these lists are Terraform's reading of
 * what the service accepts, not Microsoft's.
 */
export const METRIC_ALERT_FREQUENCIES = ["PT1M", "PT5M", "PT15M", "PT30M", "PT1H"] as const;
/** Metric alert `windowSize` values (same source). */
export const METRIC_ALERT_WINDOWS = [
  "PT1M",
  "PT5M",
  "PT15M",
  "PT30M",
  "PT1H",
  "PT6H",
  "PT12H",
  "P1D",
] as const;

/**
 * Log search (scheduled query) alerts: Terraform azurerm
 * `monitor_scheduled_query_rules_alert_v2_resource.go` (`evaluation_frequency`, `window_duration`).
 * Learn ("Create or edit a log search alert rule") agrees on the ends: a frequency from one minute
 * to one day, and a query time range of at most two days. Two more rules from that page that these
 * lists cannot carry: a stateful rule (`autoMitigate: true`) is not supported above a 12-hour
 * frequency, and a one-minute frequency rewrites the query (`checkFreshness` refuses PT1M).
 */
export const QUERY_RULE_FREQUENCIES = [
  "PT1M",
  "PT5M",
  "PT10M",
  "PT15M",
  "PT30M",
  "PT45M",
  "PT1H",
  "PT2H",
  "PT3H",
  "PT4H",
  "PT5H",
  "PT6H",
  "P1D",
] as const;
/** Scheduled query rule `windowSize` values (same source): up to two days. */
export const QUERY_RULE_WINDOWS = [...QUERY_RULE_FREQUENCIES, "P2D"] as const;

/** Alert severities: 0 (critical) to 4 (verbose), REST spec `severity` "integer between [0-4]". */
export const SEVERITIES = [0, 1, 2, 3, 4] as const;
/** An alert severity, 0 (critical) to 4 (verbose). */
export type AlertSeverity = (typeof SEVERITIES)[number];

/** Action group `groupShortName`: REST spec `maxLength: 12`; shown in SMS and email subjects. */
export const ACTION_GROUP_SHORT_NAME_MAX = 12;

/**
 * An email address the action group can deliver to: one `@`, a dot in the domain, no spaces or
 * angle brackets (a display name like `Ops <ops@x.com>` is refused by the portal and the API).
 */
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

/** True when `value` is a plain address such as `ops@contoso.com`. */
export function isEmailAddress(value: unknown): boolean {
  return typeof value === "string" && value.length <= 254 && EMAIL.test(value);
}

/** Throws unless `list` is an array of plain email addresses. */
export function checkEmails(
  check: Check,
  prop: string,
  list: readonly unknown[] | undefined,
): void {
  check.each(prop, list, (e, item) =>
    item.format(isEmailAddress(e), "", e, "must be a plain email address like ops@contoso.com"),
  );
}

/** Throws unless `value` is one of the ISO durations in `allowed`; returns the ISO text. */
export function checkIsoChoice(
  check: Check,
  prop: string,
  value: Duration | undefined,
  allowed: readonly string[],
): string | undefined {
  if (value === undefined) return undefined;
  check.duration(prop, value);
  check.oneOf(prop, value.toIsoString(), allowed);
  return value.toIsoString();
}

/** Throws unless `window` is at least `frequency` (Azure refuses a window shorter than its step). */
export function checkWindowCoversFrequency(
  check: Check,
  prop: string,
  window: Duration,
  frequency: Duration,
): void {
  check.conflict(
    window.compareTo(frequency) < 0,
    prop,
    window.toIsoString(),
    `must be at least the evaluation frequency (${frequency.toIsoString()})`,
    "Azure evaluates the window every frequency; a shorter window leaves gaps no alert sees.",
  );
}

/** Throws unless `severity` is an integer 0-4. */
export function checkSeverity(check: Check, prop: string, severity: unknown): void {
  if (severity === undefined) return;
  if (!SEVERITIES.includes(severity as AlertSeverity)) {
    throw check.error(
      "NOT_ALLOWED",
      prop,
      severity,
      "must be one of 0 (critical), 1 (error), 2 (warning), 3 (informational), 4 (verbose)",
    );
  }
}

/** Throws unless `shortName` is 1-12 characters. */
export function checkShortName(check: Check, prop: string, shortName: unknown): void {
  check.type(prop, shortName, "string");
  const s = shortName as string;
  check.required(prop, s);
  if (s.length > ACTION_GROUP_SHORT_NAME_MAX) {
    throw check.error(
      "OUT_OF_RANGE",
      prop,
      s,
      `must be at most ${ACTION_GROUP_SHORT_NAME_MAX} characters (${s.length} given)`,
      "Azure shows it in SMS and email subjects; pick an abbreviation like 'mlops-ops'.",
    );
  }
}

/** The smallest allowed value in `choices` (ISO durations, ascending) that is at least `d`. */
export function smallestAtLeast(
  d: Duration,
  choices: readonly string[],
  fail: () => ValidationError,
): string {
  const found = choices.find((c) => Duration.parse(c).compareTo(d) >= 0);
  if (!found) throw fail();
  return found;
}

/**
 * Log categories a factory's diagnostic setting sends (supported log categories of
 * Microsoft.DataFactory/factories). With `Dedicated` destination they land in the
 * resource-specific tables `ADFPipelineRun`, `ADFActivityRun`, `ADFTriggerRun` that the
 * freshness queries and the dashboard read.
 */
export const ADF_LOG_CATEGORIES = ["PipelineRuns", "ActivityRuns", "TriggerRuns"] as const;
