import { Recurrence } from "../../lib/core";
import { ScheduleTrigger } from "../../lib/datafactory";
import { js, rejectedTable } from "../support/rejected";

/**
 * Rejected inputs of ScheduleTrigger, one row per rule, as TypeScript and plain-JavaScript callers write them
 * (`js(...)` marks what only JavaScript can pass). Azure's rules: AZURE-FACTS (REST spec
 * 2018-06-01, Microsoft Learn, Terraform azurerm).
 */

const factory = { resourceGroupName: "rg-test", factoryName: "adf-test" };
const daily = Recurrence.daily({ at: "02:00" });
const target = { pipeline: "external", parameters: {} };

const schedule = (extra: object, name = "rs") =>
  new ScheduleTrigger(name, { factory, recurrence: daily, pipelines: [target], ...extra });
rejectedTable("ScheduleTrigger", [
  [
    "no args at all (JavaScript)",
    () => new ScheduleTrigger("rs1", js(undefined)),
    "REQUIRED",
    /^args$/,
  ],
  ["an unknown option", () => schedule({ recurence: daily }), "NOT_ALLOWED", /^recurence$/],
  ["a missing factory", () => schedule({ factory: undefined }), "REQUIRED", /^factory$/],
  ["a factory that is a string", () => schedule({ factory: "adf" }), "INVALID_TYPE", /^factory$/],
  [
    "a factory reference without a name",
    () => schedule({ factory: { resourceGroupName: "rg" } }),
    "REQUIRED",
    /^factory\.factoryName$/,
  ],
  [
    "a recurrence given as raw JSON",
    () => schedule({ recurrence: { frequency: "Day", interval: 1 } }),
    "INVALID_TYPE",
    /^recurrence$/,
  ],
  ["no pipelines", () => schedule({ pipelines: [] }), "REQUIRED", /^pipelines$/],
  [
    "pipelines given as one string",
    () => schedule({ pipelines: "ingest" }),
    "INVALID_TYPE",
    /^pipelines$/,
  ],
  [
    "a pipeline entry without a pipeline",
    () => schedule({ pipelines: [{ parameters: {} }] }),
    "REQUIRED",
    /^pipelines\[0\]\.pipeline$/,
  ],
  [
    "a pipeline entry with a number",
    () => schedule({ pipelines: [{ pipeline: 7 }] }),
    "INVALID_TYPE",
    /^pipelines\[0\]\.pipeline$/,
  ],
  [
    "pipeline parameters as a string",
    () => schedule({ pipelines: [{ pipeline: "p", parameters: "a=1" }] }),
    "INVALID_TYPE",
    /^pipelines\[0\]\.parameters$/,
  ],
  [
    "a typo in a pipeline entry",
    () => schedule({ pipelines: [{ pipeline: "p", params: {} }] }),
    "NOT_ALLOWED",
    /^pipelines\[0\]\.params$/,
  ],
  ["activated as a string", () => schedule({ activated: "yes" }), "INVALID_TYPE", /^activated$/],
  [
    "a trigger name with a slash",
    () => schedule({ triggerName: "a/b" }),
    "INVALID_NAME",
    /^triggerName$/,
  ],
  [
    "an end time in the past (Azure: endTime can't be in the past)",
    () => schedule({ recurrence: Recurrence.daily({ at: "02:00", endTime: "2025-06-01T00:00" }) }),
    "INVALID_TIME",
    /^recurrence\.endTime$/,
  ],
]);
