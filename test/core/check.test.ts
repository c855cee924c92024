import { strict as assert } from "assert";
import {
  Check,
  Duration,
  isDeferred,
  parseIsoDateTime,
  parseIsoInstant,
  TimeZone,
  ValidationCode,
  ValidationError,
} from "../../lib/core";

const check = new Check({ component: "Thing", name: "t1" });

function fails(f: () => unknown, code: ValidationCode, prop: string, message?: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(ValidationError.isValidationError(e), String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.prop, prop, e.message);
    assert.equal(e.resourceName, "t1");
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe("Check: runtime shape helpers for plain-JavaScript callers", () => {
  it("type() refuses a wrong type with INVALID_TYPE and names the type received", () =>
    fails(() => check.type("count", "3", "number"), "INVALID_TYPE", "count", /not string/));

  it("type() lets undefined and, when asked, Pulumi outputs and promises through", () => {
    check.type("count", undefined, "number");
    check.type("url", Promise.resolve("x"), "string", { deferred: true });
    check.type("url", { __pulumiOutput: true }, "string", { deferred: true });
    fails(() => check.type("url", Promise.resolve("x"), "string"), "INVALID_TYPE", "url");
  });

  it("intRange() reports a string as INVALID_TYPE and a fraction as OUT_OF_RANGE", () => {
    fails(() => check.intRange("n", "3" as never, 0, 5), "INVALID_TYPE", "n");
    fails(() => check.intRange("n", 2.5, 0, 5), "OUT_OF_RANGE", "n");
  });

  it("duration() refuses '1 hour' and checks the range in seconds", () => {
    fails(() => check.duration("delay", "1 hour"), "INVALID_TYPE", "delay", /Duration/);
    fails(
      () => check.duration("retry.interval", Duration.seconds(29), { min: 30, max: 86_400 }),
      "OUT_OF_RANGE",
      "retry.interval",
    );
    check.duration("retry.interval", Duration.seconds(30), { min: 30, max: 86_400 });
  });

  it("knownKeys() refuses an option from another shape, naming the key", () =>
    fails(
      () => check.knownKeys("window", { weeks: 1 }, ["months"]),
      "NOT_ALLOWED",
      "window.weeks",
      /'months'/,
    ));

  it("at() and each() build the caller's nested paths", () => {
    fails(
      () =>
        check.each("activities", [{ policy: { retry: 1 } }, { policy: { retry: -1 } }], (a, c) =>
          c.at("policy").intRange("retry", a.policy.retry, 0, 100),
        ),
      "OUT_OF_RANGE",
      "activities[1].policy.retry",
    );
  });

  it("instanceOf() refuses a value of another class", () =>
    fails(
      () => check.instanceOf("zone", "UTC", TimeZone, "a TimeZone"),
      "INVALID_TYPE",
      "zone",
      /must be a TimeZone, not string/,
    ));

  it("rethrow() reports a value object's error at the caller's prop, keeping the code", () =>
    fails(
      () => check.rethrow("timeZone", () => TimeZone.of("Mars/Olympus")),
      "UNKNOWN_TIME_ZONE",
      "timeZone",
    ));

  it("isDeferred() recognises outputs and promises only", () => {
    assert.equal(isDeferred(Promise.resolve(1)), true);
    assert.equal(isDeferred({ __pulumiOutput: true }), true);
    assert.equal(isDeferred({}), false);
    assert.equal(isDeferred("x"), false);
  });
});

describe("parseIsoDateTime / parseIsoInstant (strict ISO 8601)", () => {
  const table: [string, number | undefined][] = [
    ["2026-01-01T00:00:00Z", Date.UTC(2026, 0, 1)],
    ["2026-01-01T02:00:00+02:00", Date.UTC(2026, 0, 1)],
    // Recorded service responses carry 7 fraction digits (Triggers_Get.json in azure-rest-api-specs).
    ["2018-06-16T00:39:13.8441801Z", Date.UTC(2018, 5, 16, 0, 39, 13, 844)],
    ["2026-02-30T00:00:00Z", undefined],
    ["2026-13-01T00:00:00Z", undefined],
    ["2026-01-01T24:00:00Z", undefined],
    ["12", undefined],
    ["2026-01-01T00:00:00", undefined],
    ["2026-01-01Z", undefined],
    ["2024-02-29T00:00Z", Date.UTC(2024, 1, 29)],
  ];
  for (const [text, ms] of table) {
    it(`${text} -> ${ms === undefined ? "refused" : new Date(ms).toISOString()}`, () =>
      assert.equal(parseIsoInstant(text), ms));
  }
  it("keeps a wall-clock time without offset apart", () => {
    const t = parseIsoDateTime("2026-03-29T02:30:00");
    assert.equal(t?.offsetMinutes, undefined);
    assert.equal(t?.hour, 2);
  });
});
