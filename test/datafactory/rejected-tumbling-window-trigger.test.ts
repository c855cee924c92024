import { strict as assert } from "assert";
import { Duration, Recurrence } from "../../lib/core";
import { ScheduleTrigger, TumblingWindowTrigger } from "../../lib/datafactory";
import { mocks } from "../support/mocks";
import { rejectedTable } from "../support/rejected";

/**
 * Rejected inputs of TumblingWindowTrigger, one row per rule, as TypeScript and plain-JavaScript callers write them
 * (`js(...)` marks what only JavaScript can pass). Azure's rules: AZURE-FACTS (REST spec
 * 2018-06-01, Microsoft Learn, Terraform azurerm).
 */

const factory = { resourceGroupName: "rg-test", factoryName: "adf-test" };
const daily = Recurrence.daily({ at: "02:00" });
const target = { pipeline: "external", parameters: {} };

const window = (extra: object, name = "rt") =>
  new TumblingWindowTrigger(name, {
    factory,
    pipeline: target,
    window: Duration.hours(1),
    startTime: "2026-01-01T00:00:00Z",
    ...extra,
  });
const other = new ScheduleTrigger("rt-other", { factory, recurrence: daily, pipelines: [target] });
rejectedTable("TumblingWindowTrigger", [
  [
    "window: { weeks: 1 } (JavaScript)",
    () => window({ window: { weeks: 1 } }),
    "NOT_ALLOWED",
    /^window\.weeks$/,
  ],
  ["window as text", () => window({ window: "PT1H" }), "INVALID_TYPE", /^window$/],
  ["window: {} without months", () => window({ window: {} }), "REQUIRED", /^window\.months$/],
  [
    "a window under 5 minutes",
    () => window({ window: Duration.minutes(4) }),
    "OUT_OF_RANGE",
    /^window$/,
  ],
  ['delay: "1 hour" (JavaScript)', () => window({ delay: "1 hour" }), "INVALID_TYPE", /^delay$/],
  [
    "a ScheduleTrigger as a dependency",
    () => window({ dependsOn: [{ trigger: other }] }),
    "INVALID_TYPE",
    /^dependsOn\[0\]\.trigger$/,
  ],
  [
    "a dependency offset as text",
    () => window({ dependsOn: [{ trigger: "up", offset: "-01:00:00" }] }),
    "INVALID_TYPE",
    /^dependsOn\[0\]\.offset$/,
  ],
  [
    "a dependency offset with another key",
    () => window({ dependsOn: [{ trigger: "up", offset: { behind: Duration.hours(1) } }] }),
    "NOT_ALLOWED",
    // The shared option check names the unknown key itself (issue 19, item 7).
    /^dependsOn\[0\]\.offset\.behind$/,
  ],
  [
    "a dependency offset that is not a Duration",
    () => window({ dependsOn: [{ trigger: "up", offset: { before: 3600 } }] }),
    "INVALID_TYPE",
    /^dependsOn\[0\]\.offset\.before$/,
  ],
  [
    "a dependency on itself by name",
    () => window({ dependsOn: [{ trigger: "rt-self" }] }, "rt-self"),
    "CONFLICT",
    /^dependsOn\[0\]\.trigger$/,
  ],
  [
    "a start time without offset",
    () => window({ startTime: "2026-01-01T00:00:00" }),
    "INVALID_FORMAT",
    /^startTime$/,
  ],
  [
    "a start date that does not exist",
    () => window({ startTime: "2026-02-30T00:00:00Z" }),
    "INVALID_TIME",
    /^startTime$/,
  ],
  ["an invalid Date", () => window({ startTime: new Date("nope") }), "INVALID_TIME", /^startTime$/],
  [
    "a start time as a number",
    () => window({ startTime: 1767225600000 }),
    "INVALID_TYPE",
    /^startTime$/,
  ],
  [
    "an end before the start",
    () => window({ endTime: "2025-12-31T00:00:00Z" }),
    "CONFLICT",
    /^endTime$/,
  ],
  ["maxConcurrency 51", () => window({ maxConcurrency: 51 }), "OUT_OF_RANGE", /^maxConcurrency$/],
  [
    "maxConcurrency as text",
    () => window({ maxConcurrency: "2" }),
    "INVALID_TYPE",
    /^maxConcurrency$/,
  ],
  [
    "a retry interval of 29 s",
    () => window({ retry: { interval: Duration.seconds(29) } }),
    "OUT_OF_RANGE",
    /^retry\.interval$/,
  ],
  [
    "a retry interval in seconds as a number",
    () => window({ retry: { interval: 60 } }),
    "INVALID_TYPE",
    /^retry\.interval$/,
  ],
  ["a retry count of -1", () => window({ retry: { count: -1 } }), "OUT_OF_RANGE", /^retry\.count$/],
  ["a typo in retry", () => window({ retry: { counts: 2 } }), "NOT_ALLOWED", /^retry\.counts$/],
  [
    "a self-dependency shorter than the window",
    () => window({ selfDependency: { lookBack: Duration.minutes(30) } }),
    "CONFLICT",
    /^selfDependency\.lookBack$/,
  ],
  [
    "a self-dependency without lookBack",
    () => window({ selfDependency: {} }),
    "REQUIRED",
    /^selfDependency\.lookBack$/,
  ],
  [
    "window parameters without an end",
    () => window({ windowParameters: { start: "s" } }),
    "REQUIRED",
    /^windowParameters\.end$/,
  ],
  ["a pipeline given as a number", () => window({ pipeline: 3 }), "INVALID_TYPE", /^pipeline$/],
]);

describe("TumblingWindowTrigger: inputs that look odd but Azure accepts", () => {
  it("a tumbling start with a +02:00 offset names one instant and is sent in UTC", async () => {
    const t = window({ startTime: "2026-01-01T02:00:00+02:00" }, "rt-offset");
    assert.equal(t.startInstant, Date.UTC(2026, 0, 1));
    await mocks().settle();
    const sent = mocks()
      .named("rt-offset")
      .find((r) => r.type === "azure-native:datafactory:Trigger");
    assert.equal(sent?.inputs.properties.startTime, "2026-01-01T00:00:00Z");
  });
});
