import { CustomEventTrigger } from "../../lib/datafactory";
import { rejectedTable } from "../support/rejected";

/**
 * Rejected inputs of CustomEventTrigger, one row per rule, as TypeScript and plain-JavaScript callers write them
 * (`js(...)` marks what only JavaScript can pass). Azure's rules: AZURE-FACTS (REST spec
 * 2018-06-01, Microsoft Learn, Terraform azurerm).
 */

const factory = { resourceGroupName: "rg-test", factoryName: "adf-test" };
const target = { pipeline: "external", parameters: {} };

const custom = (extra: object) =>
  new CustomEventTrigger("rc", {
    factory,
    topicId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventGrid/topics/t",
    eventTypes: ["Mlops.DataValidated"],
    subjectBeginsWith: "datasets/",
    pipelines: [target],
    ...extra,
  });
rejectedTable("CustomEventTrigger", [
  [
    "no subject filter (Azure needs one)",
    () => custom({ subjectBeginsWith: undefined }),
    "REQUIRED",
    /^subjectBeginsWith$/,
  ],
  [
    "event types as one string",
    () => custom({ eventTypes: "Mlops.DataValidated" }),
    "INVALID_TYPE",
    /^eventTypes$/,
  ],
  [
    "an event type that is a number",
    () => custom({ eventTypes: [1] }),
    "INVALID_TYPE",
    /^eventTypes\[0\]$/,
  ],
  ["no topic", () => custom({ topicId: "" }), "REQUIRED", /^topicId$/],
]);
