import { Check } from "./errors";

/**
 * Whitespace .NET's `NumberStyles.AllowLeadingWhite` / `AllowTrailingWhite` skip: U+0009-U+000D
 * and U+0020 (narrower than JavaScript's `\s`).
 */
const INTEGER_TEXT = /^[\t\n\v\f\r ]*([+-]?[0-9]+)[\t\n\v\f\r ]*$/;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * An integer field of Data Factory JSON read the way Data Factory's deserializer reads it, or
 * `undefined` when the value is absent. Never throws; `NaN` for a value the deserializer refuses.
 *
 * Data Factory reads trigger JSON with Newtonsoft.Json into models whose fields are `int`
 * (`ScheduleTriggerRecurrence.Interval`, `RecurrenceSchedule.Hours`/`Minutes`/`MonthDays`,
 * `RecurrenceScheduleOccurrence.Occurrence`, `TumblingWindowTrigger.Interval`/`MaxConcurrency`,
 * `RetryPolicy.IntervalInSeconds`: azure-rest-api-specs datafactory 2018-06-01 `"type":
 * "integer"`; Microsoft.Azure.Management.DataFactory models). Newtonsoft's
 * `JsonReader.ReadAsInt32` accepts a JSON string there and converts it with `ReadInt32String`:
 * an empty string is null (absent), otherwise `int.TryParse(s, NumberStyles.Integer,
 * CultureInfo.InvariantCulture)` (leading and trailing white space and a leading sign allowed; no
 * fraction, exponent, hex or thousands separator), else "Could not convert string to integer".
 * That is why Microsoft Learn's own tumbling-window sample ("Create a trigger that runs a pipeline
 * on a tumbling window", Azure PowerShell section: `"interval": "15"`) deploys.
 */
export function parseAdfInteger(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return Number.isInteger(value) ? value : NaN;
  if (typeof value !== "string") return NaN;
  if (value === "") return undefined;
  const m = INTEGER_TEXT.exec(value);
  if (!m) return NaN;
  const n = Number(m[1]);
  return n >= INT32_MIN && n <= INT32_MAX ? n : NaN;
}

/**
 * `parseAdfInteger` with errors in `check`'s context: INVALID_TYPE for a value that is neither a
 * number nor a string, INVALID_FORMAT for a string that is not an integer (`"15.0"`, `"fifteen"`).
 * A number passes as is (range checks follow at the caller). Absent (or `""`) gives `undefined`.
 */
export function readAdfInteger(check: Check, prop: string, value: unknown): number | undefined {
  if (typeof value === "number") return value;
  check.type(prop, value === null ? undefined : value, ["number", "string"]);
  const n = parseAdfInteger(value);
  check.format(
    n === undefined || !Number.isNaN(n),
    prop,
    value,
    'must be an integer, or a string of one such as "15" (Data Factory reads it as 15)',
  );
  return n;
}
