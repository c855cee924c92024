import * as pulumi from "@pulumi/pulumi";
import { DataFactory } from "../../lib/datafactory";
import { js, rejectedTable } from "../support/rejected";

/**
 * Rejected inputs of DataFactory. Naming: Microsoft Learn "Naming rules" (3-63 letters, digits and
 * single hyphens, alphanumeric at both ends); a factory left to auto-naming is named
 * `${name}-factory` plus eight random characters by azure-native, so the Pulumi name must allow it.
 */

const rg = "rg-test";
rejectedTable("DataFactory", [
  ["no args (JavaScript)", () => new DataFactory("rf0", js(undefined)), "REQUIRED", /^args$/],
  [
    "a missing resource group",
    () => new DataFactory("rf1", { resourceGroupName: "" }),
    "REQUIRED",
    /^resourceGroupName$/,
  ],
  [
    "a resource group as a number",
    () => new DataFactory("rf2", { resourceGroupName: js(5) }),
    "INVALID_TYPE",
    /^resourceGroupName$/,
  ],
  [
    "a Pulumi name starting with '-' (derived factory name)",
    () => new DataFactory("-adf", { resourceGroupName: rg }),
    "INVALID_NAME",
    /^name$/,
  ],
  [
    "a Pulumi name with an underscore (derived factory name)",
    () => new DataFactory("my_adf", { resourceGroupName: rg }),
    "INVALID_NAME",
    /^name$/,
  ],
  [
    "a Pulumi name too long for the derived factory name",
    () => new DataFactory("a".repeat(48), { resourceGroupName: rg }),
    "INVALID_NAME",
    /^name$/,
  ],
  [
    "an explicit factory name with a double hyphen",
    () => new DataFactory("rf3", { resourceGroupName: rg, factoryName: "adf--x" }),
    "INVALID_NAME",
    /^factoryName$/,
  ],
  [
    "publicNetworkAccess in lower case",
    () => new DataFactory("rf4", { resourceGroupName: rg, publicNetworkAccess: js("enabled") }),
    "NOT_ALLOWED",
    /^publicNetworkAccess$/,
  ],
  [
    "identity ids as one string",
    () => new DataFactory("rf5", { resourceGroupName: rg, userAssignedIdentityIds: js("/id") }),
    "INVALID_TYPE",
    /^userAssignedIdentityIds$/,
  ],
  [
    "an unknown option",
    () => new DataFactory("rf6", { resourceGroupName: rg, ...js<object>({ sku: "S1" }) }),
    "NOT_ALLOWED",
    /^sku$/,
  ],
]);

describe("DataFactory: accepted names", () => {
  it("a Pulumi name whose derived factory name fits, or an explicit name for any Pulumi name", () => {
    new DataFactory("a".repeat(47), { resourceGroupName: rg });
    new DataFactory("-odd_name", { resourceGroupName: rg, factoryName: "adf-ok" });
    new DataFactory("rf-out", {
      resourceGroupName: rg,
      factoryName: pulumi.output("adf-from-output"),
    });
  });
});
