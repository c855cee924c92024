// JavaScript callers get coded errors for wrong shapes too (no TypeScript to catch them), before
// anything registers.
import { rejects } from "../support/mocks";
import { Duration } from "../../lib/core";
import { DataBackupSchedule, ModelBackupVault, planLifecycleRules } from "../../lib/backup";
import { strict as assert } from "assert";
import { ValidationError } from "../../lib/core";

const rg = "rg-shapes";
const any = (v: unknown) => v as any;
const principal = "99999999-2222-3333-4444-555555555555";
const lake =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lake";

describe("backup components: runtime shape checks", () => {
  const vault = (name: string, extra: Record<string, unknown>) => () =>
    new ModelBackupVault(name, any({ resourceGroupName: rg, families: ["models"], ...extra }));
  const data = (name: string, extra: Record<string, unknown>) => () =>
    new DataBackupSchedule(
      name,
      any({
        factory: { resourceGroupName: rg, factoryName: "adf" },
        factoryPrincipalId: principal,
        source: { accountId: lake, container: "landing" },
        destination: { resourceGroupName: rg, accountName: "shapes01" },
        window: { size: Duration.days(1), startTime: "2026-11-01T00:00:00Z" },
        ...extra,
      }),
    );
  const cases: [string, () => unknown, any, RegExp][] = [
    ["families as a string", vault("sh-1", { families: "models" }), "INVALID_TYPE", /^families$/],
    [
      "a misspelt option",
      vault("sh-2", { retainOnDelete: false }),
      "NOT_ALLOWED",
      /^retainOnDelete$/,
    ],
    [
      "a misspelt tiering option",
      vault("sh-3", { tiering: { keepVersion: 30 } }),
      "NOT_ALLOWED",
      /^tiering\.keepVersion$/,
    ],
    [
      "an age as a number",
      vault("sh-4", { tiering: { current: { deleteAfter: 30 } } }),
      "INVALID_TYPE",
      /^tiering\.current\.deleteAfter$/,
    ],
    [
      "a misspelt age",
      vault("sh-5", { tiering: { current: { deleteAfterDays: 30 } } }),
      "NOT_ALLOWED",
      /^tiering\.current\.deleteAfterDays$/,
    ],
    [
      "soft delete as a number",
      vault("sh-6", { softDelete: { blobs: 14 } }),
      "INVALID_TYPE",
      /^softDelete\.blobs$/,
    ],
    [
      "an unknown artifact option",
      vault("sh-7", { artifactBackup: { factory: {}, marker: "_DONE" } }),
      "NOT_ALLOWED",
      /^artifactBackup\.marker$/,
    ],
    [
      "a window size as text",
      data("sh-8", { window: { size: "P1D", startTime: "2026-11-01T00:00:00Z" } }),
      "INVALID_TYPE",
      /^window\.size$/,
    ],
    [
      "a misspelt window option",
      data("sh-9", { window: { size: Duration.days(1), start: "2026-11-01T00:00:00Z" } }),
      "NOT_ALLOWED",
      /^window\.start$/,
    ],
    [
      "a misspelt source option",
      data("sh-10", { source: { accountId: lake, container: "landing", folder: "x" } }),
      "NOT_ALLOWED",
      /^source\.folder$/,
    ],
    [
      "a misspelt destination option",
      data("sh-11", { destination: { resourceGroupName: rg, containerName: "x" } }),
      "NOT_ALLOWED",
      /^destination\.containerName$/,
    ],
    [
      "a tiering option data backups do not have",
      data("sh-12", { tiering: { coldAfter: Duration.days(30) } }),
      "NOT_ALLOWED",
      /^tiering\.coldAfter$/,
    ],
  ];
  for (const [what, make, code, prop] of cases)
    it(`throws on ${what}`, () => rejects(make, code, prop));

  it("planLifecycleRules refuses a prefix list that is not an array", () =>
    assert.throws(
      () =>
        planLifecycleRules(
          [any({ name: "a", prefixes: "models/", current: { deleteAfter: Duration.days(9) } })],
          { sku: "Standard_GRS", versioning: true },
          { component: "T" },
        ),
      (e: unknown) =>
        ValidationError.isValidationError(e) &&
        e.code === "INVALID_TYPE" &&
        e.prop === "tiering[0].prefixes",
    ));
});
