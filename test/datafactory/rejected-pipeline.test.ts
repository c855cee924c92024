import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Duration, Recurrence } from "../../lib/core";
import { buildPipelineActivities, ScheduledDataPipeline } from "../../lib/datafactory";
import { js, rejectedTable } from "../support/rejected";

/**
 * Rejected inputs of ScheduledDataPipeline, one row per rule, at every nesting level of the
 * activities that reach Azure. Bounds: azure-native `ActivityPolicyArgs` and the REST spec
 * (retry >= 0, retryIntervalInSeconds 30-86400, timeout `[d.]hh:mm:ss`), `ForEachActivity`
 * (batchCount <= 50), Microsoft Learn "Nested activities" (ForEach/Until hold only If Condition
 * and Switch; If Condition and Switch hold no container).
 */

const factory = { resourceGroupName: "rg-test", factoryName: "adf-test" };
const copy = (name = "A", extra: object = {}) => ({
  name,
  type: "Copy",
  source: {},
  sink: {},
  ...extra,
});
const forEach = (activities: object[], extra: object = {}) => ({
  name: "Each",
  type: "ForEach",
  items: { type: "Expression", value: "@pipeline().parameters.files" },
  activities,
  ...extra,
});
const pipeline = (extra: object) =>
  new ScheduledDataPipeline("rp", { factory, activities: [copy()], ...extra });
const withActivities = (...activities: object[]) => pipeline({ activities });

rejectedTable("ScheduledDataPipeline", [
  [
    "no args (JavaScript)",
    () => new ScheduledDataPipeline("rp0", js(undefined)),
    "REQUIRED",
    /^args$/,
  ],
  ["an unknown option", () => pipeline({ retries: { count: 3 } }), "NOT_ALLOWED", /^retries$/],
  [
    "activities as one object",
    () => pipeline({ activities: copy() }),
    "INVALID_TYPE",
    /^activities$/,
  ],
  [
    "an activity that is a string",
    () => withActivities(js("Copy")),
    "INVALID_TYPE",
    /^activities\[0\]$/,
  ],
  [
    "an activity without a type",
    () => withActivities({ name: "A" }),
    "REQUIRED",
    /^activities\[0\]\.type$/,
  ],
  [
    "policy.retry -1",
    () => withActivities(copy("A", { policy: { retry: -1 } })),
    "OUT_OF_RANGE",
    /^activities\[0\]\.policy\.retry$/,
  ],
  [
    "policy.retry 2.5",
    () => withActivities(copy("A", { policy: { retry: 2.5 } })),
    "OUT_OF_RANGE",
    /^activities\[0\]\.policy\.retry$/,
  ],
  [
    "policy.retry as text",
    () => withActivities(copy("A", { policy: { retry: "3" } })),
    "INVALID_TYPE",
    /^activities\[0\]\.policy\.retry$/,
  ],
  [
    "retryIntervalInSeconds 29",
    () => withActivities(copy("A", { policy: { retryIntervalInSeconds: 29 } })),
    "OUT_OF_RANGE",
    /^activities\[0\]\.policy\.retryIntervalInSeconds$/,
  ],
  [
    "retryIntervalInSeconds 86401",
    () => withActivities(copy("A", { policy: { retryIntervalInSeconds: 86_401 } })),
    "OUT_OF_RANGE",
    /^activities\[0\]\.policy\.retryIntervalInSeconds$/,
  ],
  [
    'policy.timeout "2h"',
    () => withActivities(copy("A", { policy: { timeout: "2h" } })),
    "INVALID_FORMAT",
    /^activities\[0\]\.policy\.timeout$/,
  ],
  [
    "policy.secureInput as text",
    () => withActivities(copy("A", { policy: { secureInput: "yes" } })),
    "INVALID_TYPE",
    /^activities\[0\]\.policy\.secureInput$/,
  ],
  [
    "a nested policy.retry -1 inside a ForEach",
    () => withActivities(forEach([copy("In", { policy: { retry: -1 } })])),
    "OUT_OF_RANGE",
    /^activities\[0\]\.activities\[0\]\.policy\.retry$/,
  ],
  [
    "a nested retry interval inside an If Condition",
    () =>
      withActivities({
        name: "If",
        type: "IfCondition",
        expression: { type: "Expression", value: "@true" },
        ifTrueActivities: [copy("T", { policy: { retryIntervalInSeconds: 10 } })],
      }),
    "OUT_OF_RANGE",
    /^activities\[0\]\.ifTrueActivities\[0\]\.policy\.retryIntervalInSeconds$/,
  ],
  [
    "a nested timeout inside a Switch case",
    () =>
      withActivities({
        name: "Sw",
        type: "Switch",
        on: { type: "Expression", value: "@'a'" },
        cases: [{ value: "a", activities: [copy("C", { policy: { timeout: "forever" } })] }],
      }),
    "INVALID_FORMAT",
    /^activities\[0\]\.cases\[0\]\.activities\[0\]\.policy\.timeout$/,
  ],
  [
    "a ForEach inside a ForEach",
    () => withActivities(forEach([{ ...forEach([copy("X")]), name: "Inner" }])),
    "CONFLICT",
    /^activities\[0\]\.activities\[0\]\.type$/,
  ],
  [
    "an Until inside an If Condition",
    () =>
      withActivities({
        name: "If",
        type: "IfCondition",
        expression: { type: "Expression", value: "@true" },
        ifTrueActivities: [
          {
            name: "U",
            type: "Until",
            expression: { type: "Expression", value: "@true" },
            activities: [copy("X")],
          },
        ],
      }),
    "CONFLICT",
    /^activities\[0\]\.ifTrueActivities\[0\]\.type$/,
  ],
  [
    "a ForEach batchCount of 51",
    () => withActivities(forEach([copy("X")], { batchCount: 51 })),
    "OUT_OF_RANGE",
    /^activities\[0\]\.batchCount$/,
  ],
  [
    "a ForEach without items",
    () => withActivities(forEach([copy("X")], { items: undefined })),
    "REQUIRED",
    /^activities\[0\]\.items$/,
  ],
  [
    "an empty ForEach",
    () => withActivities(forEach([])),
    "REQUIRED",
    /^activities\[0\]\.activities$/,
  ],
  [
    "an Until without an expression",
    () => withActivities({ name: "U", type: "Until", activities: [copy("X")] }),
    "REQUIRED",
    /^activities\[0\]\.expression$/,
  ],
  [
    "a Wait without waitTimeInSeconds",
    () => withActivities({ name: "W", type: "Wait" }),
    "REQUIRED",
    /^activities\[0\]\.waitTimeInSeconds$/,
  ],
  [
    "a Web activity with method PATCH",
    () => withActivities({ name: "Web", type: "WebActivity", url: "https://x", method: "PATCH" }),
    "NOT_ALLOWED",
    /^activities\[0\]\.method$/,
  ],
  [
    "a Web activity timeout of 11 minutes",
    () =>
      withActivities({
        name: "Web",
        type: "WebActivity",
        url: "https://x",
        method: "POST",
        httpRequestTimeout: "00:11:00",
      }),
    "OUT_OF_RANGE",
    /^activities\[0\]\.httpRequestTimeout$/,
  ],
  [
    "a nested name used twice",
    () => withActivities(copy("A"), forEach([copy("A")])),
    "CONFLICT",
    /^activities\[1\]\.activities\[0\]\.name$/,
  ],
  [
    "a nested dependency on an outer activity",
    () =>
      withActivities(
        copy("A"),
        forEach([
          copy("X", { dependsOn: [{ activity: "A", dependencyConditions: ["Succeeded"] }] }),
        ]),
      ),
    "CONFLICT",
    /^activities\[1\]\.activities\[0\]\.dependsOn\[0\]\.activity$/,
  ],
  [
    "a dependency without conditions",
    () =>
      withActivities(
        copy("A"),
        copy("B", { dependsOn: [{ activity: "A", dependencyConditions: [] }] }),
      ),
    "REQUIRED",
    /^activities\[1\]\.dependsOn\[0\]\.dependencyConditions$/,
  ],
  [
    "a dependency cycle",
    () =>
      withActivities(
        copy("A", { dependsOn: [{ activity: "B", dependencyConditions: ["Succeeded"] }] }),
        copy("B", { dependsOn: [{ activity: "A", dependencyConditions: ["Succeeded"] }] }),
      ),
    "CONFLICT",
    /^activities$/,
  ],
  [
    "an activity depending on itself",
    () =>
      withActivities(
        copy("A", { dependsOn: [{ activity: "A", dependencyConditions: ["Succeeded"] }] }),
      ),
    "CONFLICT",
    /^activities\[0\]\.dependsOn\[0\]\.activity$/,
  ],
  [
    "retry.interval as seconds (JavaScript)",
    () => pipeline({ retry: { interval: 30 } }),
    "INVALID_TYPE",
    /^retry\.interval$/,
  ],
  [
    "retry.interval of 29 s",
    () => pipeline({ retry: { interval: Duration.seconds(29) } }),
    "OUT_OF_RANGE",
    /^retry\.interval$/,
  ],
  ["a typo in retry", () => pipeline({ retry: { counts: 3 } }), "NOT_ALLOWED", /^retry\.counts$/],
  [
    'a gate timeout of "1h"',
    () => pipeline({ dataAvailability: { dataset: "d", timeout: "1h" } }),
    "INVALID_TYPE",
    /^dataAvailability\.timeout$/,
  ],
  [
    "a typo in the gate",
    () => pipeline({ dataAvailability: { dataset: "d", timout: Duration.hours(1) } }),
    "NOT_ALLOWED",
    /^dataAvailability\.timout$/,
  ],
  [
    "notifications.onFailure as text",
    () => pipeline({ notifications: { url: "https://x", onFailure: "yes" } }),
    "INVALID_TYPE",
    /^notifications\.onFailure$/,
  ],
  [
    "a parameter of an unknown type",
    () => pipeline({ parameters: { day: { type: "Date" } } }),
    "NOT_ALLOWED",
    /^parameters\.day\.type$/,
  ],
  [
    "a schedule given as raw JSON",
    () => pipeline({ schedule: { frequency: "Day" } }),
    "INVALID_TYPE",
    /^schedule$/,
  ],
  ["concurrency 0", () => pipeline({ concurrency: 0 }), "OUT_OF_RANGE", /^concurrency$/],
  [
    "a pipeline name with a dot",
    () => pipeline({ pipelineName: "a.b" }),
    "INVALID_NAME",
    /^pipelineName$/,
  ],
]);

describe("ScheduledDataPipeline: warnings and accepted inputs", () => {
  const ctx = { component: "ScheduledDataPipeline", name: "w" };

  it("warns when the pipeline-wide retry is below 3, as the README promises", () => {
    const warnings: string[] = [];
    buildPipelineActivities({ activities: [copy()], retry: { count: 1 } }, ctx, (m) =>
      warnings.push(m),
    );
    assert.ok(
      warnings.some((w) => /retry\.count is 1 .* at least 3/.test(w)),
      warnings.join("\n"),
    );
  });

  it("warns about a policy field Data Factory ignores instead of refusing it", () => {
    const warnings: string[] = [];
    buildPipelineActivities({ activities: [copy("A", { policy: { retries: 3 } })] }, ctx, (m) =>
      warnings.push(m),
    );
    assert.ok(
      warnings.some((w) =>
        /'activities\[0\]\.policy\.retries' is not an activity policy field/.test(w),
      ),
    );
  });

  it("accepts expressions and Pulumi outputs where Azure takes them", () => {
    const built = buildPipelineActivities(
      {
        activities: [
          copy("A", {
            policy: { retry: "@pipeline().parameters.retries", timeout: pulumi.output("01:00:00") },
          }),
          { name: "W", type: "Wait", waitTimeInSeconds: "@pipeline().parameters.wait" },
          forEach([
            {
              name: "If",
              type: "IfCondition",
              expression: { type: "Expression", value: "@true" },
              ifTrueActivities: [copy("T")],
            },
          ]),
        ],
      },
      ctx,
    );
    assert.equal(built.activities.length, 3);
  });

  it("accepts a schedule built from Azure's own JSON", () => {
    new ScheduledDataPipeline("rp-json", {
      factory,
      activities: [copy()],
      schedule: Recurrence.fromAdf({ frequency: "Day", startTime: "2026-01-01T02:00:00Z" }),
    });
  });
});
