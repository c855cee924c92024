import { strict as assert } from "assert";
import { checkName, NAMING_RULES, ValidationError } from "../../lib/core";

const ctx = { component: "Test" };
const rejects = (name: string, rule: (typeof NAMING_RULES)[keyof typeof NAMING_RULES]) =>
  assert.throws(
    () => checkName(ctx, "name", name, rule),
    (e: unknown) => ValidationError.isValidationError(e) && e.code === "INVALID_NAME",
    name,
  );

describe("Azure naming rules", () => {
  it("accepts valid factory, pipeline and storage account names", () => {
    checkName(ctx, "name", "adf-mlops-prod-01", NAMING_RULES.factory);
    checkName(ctx, "name", "ingest_forecasting-daily", NAMING_RULES.factoryChild);
    checkName(ctx, "name", "stmlopsbackup01", NAMING_RULES.storageAccount);
  });
  it("rejects factory names that are too short, too long, or have double or edge hyphens", () => {
    for (const n of ["ab", "a".repeat(64), "adf--x", "-adf", "adf-", "adf_x"])
      rejects(n, NAMING_RULES.factory);
  });
  it("rejects pipeline and trigger names with forbidden characters", () => {
    for (const n of ["", "a.b", "a/b", "a:b", "-lead", "a?b", "x".repeat(261)])
      rejects(n, NAMING_RULES.factoryChild);
  });
  it("rejects storage account names with capitals, hyphens or the wrong length", () => {
    for (const n of ["StBackup", "st-backup", "st", "s".repeat(25)])
      rejects(n, NAMING_RULES.storageAccount);
  });
});
