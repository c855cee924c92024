import { strict as assert } from "assert";
import { ValidationError } from "../../lib/core";
import {
  describePeakHours,
  evaluate,
  inPeakHours,
  parsePeakHours,
  peakHoursFromDescription,
  PolicyResource,
  validatePolicyOptions,
} from "../../lib/policy";
import { find, NOW, T, world, broken } from "./world";

function throwsValidation(fn: () => unknown, code: string, prop: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(ValidationError.isValidationError(e), String(e));
    assert.equal(e.code, code);
    assert.match(e.prop, prop);
    return true;
  });
}

describe("policy engine", () => {
  let insecure: PolicyResource[];
  let lakeUrn: string;
  before(async () => {
    const stack = await world();
    const lake = find(stack, "pol-lake", T.account);
    lakeUrn = lake.urn;
    insecure = broken(stack, lake, (p) => (p.minimumTlsVersion = "TLS1_0"));
  });

  it("reports each violation with its rule's default severity", () => {
    const { findings, suppressed } = evaluate(insecure, { now: NOW });
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity, f.resource]),
      [["storage-secure-transport", "mandatory", lakeUrn]],
    );
    assert.deepEqual(suppressed, []);
  });

  it("lets a team change a rule's severity, or disable it", () => {
    const advisory = evaluate(insecure, {
      now: NOW,
      severities: { "storage-secure-transport": "advisory" },
    });
    assert.equal(advisory.findings[0].severity, "advisory");
    const off = evaluate(insecure, {
      now: NOW,
      severities: { "storage-secure-transport": "disabled" },
    });
    assert.deepEqual(off.findings, []);
  });

  it("suppresses a finding by resource name or URN, keeping the reason", () => {
    for (const resource of ["pol-lake", lakeUrn]) {
      const r = evaluate(insecure, {
        now: NOW,
        suppressions: [
          { rule: "storage-secure-transport", resource, reason: "legacy client, ticket OPS-12" },
        ],
      });
      assert.deepEqual(r.findings, []);
      assert.equal(r.suppressed.length, 1);
      assert.equal(r.suppressed[0].reason, "legacy client, ticket OPS-12");
    }
  });

  it("refuses a suppression without a reason, unknown rule ids and bad severities", () => {
    throwsValidation(
      () =>
        validatePolicyOptions({
          suppressions: [{ rule: "storage-secure-transport", resource: "x", reason: " " }],
        }),
      "REQUIRED",
      /^suppressions\[0\]\.reason$/,
    );
    throwsValidation(
      () =>
        validatePolicyOptions({
          suppressions: [{ rule: "no-such-rule", resource: "x", reason: "r" }],
        }),
      "NOT_ALLOWED",
      /^suppressions\[0\]\.rule$/,
    );
    throwsValidation(
      () => validatePolicyOptions({ severities: { "no-such-rule": "advisory" } }),
      "NOT_ALLOWED",
      /severities/,
    );
    throwsValidation(
      () => validatePolicyOptions({ severities: { "storage-secure-transport": "fatal" as any } }),
      "NOT_ALLOWED",
      /severities\.storage-secure-transport/,
    );
    throwsValidation(
      () => validatePolicyOptions({ horizonDays: 0 }),
      "OUT_OF_RANGE",
      /horizonDays/,
    );
  });
});

describe("peak hours", () => {
  it("parses UTC, Windows and IANA zones", () => {
    assert.equal(describePeakHours(parsePeakHours("8-18")), "08:00-18:00 UTC");
    assert.equal(
      describePeakHours(parsePeakHours("8-18@W. Europe Standard Time")),
      "08:00-18:00 W. Europe Standard Time",
    );
    assert.equal(
      describePeakHours(parsePeakHours(" 7 - 9 @ Europe/London")),
      "07:00-09:00 GMT Standard Time",
    );
  });
  it("reads back its own description", () => {
    const p = parsePeakHours("22-6@Europe/Berlin");
    const back = peakHoursFromDescription(describePeakHours(p))!;
    assert.deepEqual(
      [back.start, back.end, back.timeZone.windowsId],
      [22, 6, "W. Europe Standard Time"],
    );
    assert.equal(peakHoursFromDescription("whenever"), undefined);
  });
  it("follows the zone's DST and wraps past midnight", () => {
    const berlin = parsePeakHours("8-18@Europe/Berlin");
    assert.equal(inPeakHours(berlin, Date.parse("2026-01-15T07:30:00Z")), true, "08:30 CET");
    assert.equal(inPeakHours(berlin, Date.parse("2026-07-15T16:30:00Z")), false, "18:30 CEST");
    const night = parsePeakHours("22-6");
    assert.equal(inPeakHours(night, Date.parse("2026-01-15T23:00:00Z")), true);
    assert.equal(inPeakHours(night, Date.parse("2026-01-15T05:59:00Z")), true);
    assert.equal(inPeakHours(night, Date.parse("2026-01-15T06:00:00Z")), false);
  });
  it("rejects malformed ranges and unknown zones", () => {
    for (const bad of ["8", "8-8", "25-3", "8-25", "a-b", "8-0"])
      throwsValidation(() => parsePeakHours(bad), "INVALID_FORMAT", /^peakHours$/);
    throwsValidation(() => parsePeakHours("8-18@Mars/Olympus"), "UNKNOWN_TIME_ZONE", /^id$/);
  });
});
