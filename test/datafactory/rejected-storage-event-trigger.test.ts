import { StorageEventTrigger } from "../../lib/datafactory";
import { rejectedTable } from "../support/rejected";

/**
 * Rejected inputs of StorageEventTrigger, one row per rule, as TypeScript and plain-JavaScript callers write them
 * (`js(...)` marks what only JavaScript can pass). Azure's rules: AZURE-FACTS (REST spec
 * 2018-06-01, Microsoft Learn, Terraform azurerm).
 */

const factory = { resourceGroupName: "rg-test", factoryName: "adf-test" };
const target = { pipeline: "external", parameters: {} };

const blob = (extra: object) =>
  new StorageEventTrigger("rb", {
    factory,
    storageAccountId:
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa",
    container: "landing",
    pipelines: [target],
    ...extra,
  });
rejectedTable("StorageEventTrigger", [
  [
    "an upper-case container",
    () => blob({ container: "Landing" }),
    "INVALID_FORMAT",
    /^container$/,
  ],
  ["a container as a number", () => blob({ container: 12 }), "INVALID_TYPE", /^container$/],
  [
    "a wildcard in the folder",
    () => blob({ folderPath: "in/*" }),
    "INVALID_FORMAT",
    /^folderPath$/,
  ],
  ["no events", () => blob({ events: [] }), "REQUIRED", /^events$/],
  ["events as one string", () => blob({ events: "created" }), "INVALID_TYPE", /^events$/],
  ["an unknown event", () => blob({ events: ["modified"] }), "NOT_ALLOWED", /^events\[0\]$/],
  [
    "ignoreEmptyBlobs as text",
    () => blob({ ignoreEmptyBlobs: "true" }),
    "INVALID_TYPE",
    /^ignoreEmptyBlobs$/,
  ],
  ["an unknown option", () => blob({ prefix: "in/" }), "NOT_ALLOWED", /^prefix$/],
]);
