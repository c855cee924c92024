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

describe("Azure naming rules: boundaries and the message", () => {
  it("accepts names of exactly the shortest and longest lengths", () => {
    for (const [rule, min, max] of [
      [NAMING_RULES.factory, "abc", "a".repeat(63)],
      [NAMING_RULES.factoryChild, "a", "a".repeat(260)],
      [NAMING_RULES.storageAccount, "st1", "s".repeat(24)],
    ] as const) {
      checkName(ctx, "name", min, rule);
      checkName(ctx, "name", max, rule);
    }
    checkName(ctx, "name", "_x y-z(1)", NAMING_RULES.factoryChild);
    checkName(ctx, "name", "A1-b2-C3", NAMING_RULES.factory);
  });
  it("anchors each pattern at both ends", () => {
    for (const n of ["adf x", "adf-x!", "!adf"]) rejects(n, NAMING_RULES.factory);
    for (const n of ["a\u0000", "a\u007f", "a#", "a\\b", "a<b", "a%", "a&", "a+", "a*"])
      rejects(n, NAMING_RULES.factoryChild);
    for (const n of ["st backup", "stbackup-", "-stbackup"])
      rejects(n, NAMING_RULES.storageAccount);
  });
  it("names the component, the prop, the rule and the value", () =>
    assert.throws(
      () =>
        checkName(
          { component: "DataFactory", name: "f" },
          "factoryName",
          "a",
          NAMING_RULES.factory,
        ),
      (e: unknown) =>
        ValidationError.isValidationError(e) &&
        e.prop === "factoryName" &&
        e.message ===
          `DataFactory 'f': 'factoryName' must be 3-63 letters, digits and single hyphens, starting and ending with a letter or digit, got "a".`,
    ));
});
