import { strict as assert } from "assert";
import { Duration, ValidationError } from "../../lib/core";

describe("Duration", () => {
  it("renders ISO 8601 and .NET timespans", () => {
    assert.equal(Duration.minutes(5).toIsoString(), "PT5M");
    assert.equal(Duration.hours(26).toIsoString(), "P1DT2H");
    assert.equal(Duration.seconds(0).toIsoString(), "PT0S");
    assert.equal(Duration.minutes(5).toTimeSpan(), "00:05:00");
    assert.equal(Duration.days(7).toTimeSpan(), "7.00:00:00");
    assert.equal(Duration.seconds(3661).toTimeSpan(), "01:01:01");
  });

  it("parses ISO durations and timespans back to the same value", () => {
    for (const d of [
      Duration.minutes(5),
      Duration.hours(26),
      Duration.seconds(3661),
      Duration.days(7),
    ]) {
      assert.ok(Duration.parse(d.toIsoString()).equals(d), d.toIsoString());
      assert.ok(Duration.parse(d.toTimeSpan()).equals(d), d.toTimeSpan());
    }
  });

  it("refuses lossy conversions unless asked", () => {
    assert.equal(Duration.seconds(120).toMinutes(), 2);
    assert.throws(() => Duration.seconds(90).toMinutes(), /whole number of minutes/);
    assert.equal(Duration.seconds(90).toMinutes({ integral: false }), 1.5);
    assert.equal(Duration.minutes(90).toHours({ integral: false }), 1.5);
  });

  it("rejects negative, non-finite and sub-second amounts with OUT_OF_RANGE", () => {
    for (const make of [
      () => Duration.minutes(-1),
      () => Duration.hours(NaN),
      () => Duration.seconds(0.5),
    ]) {
      assert.throws(
        make,
        (e: unknown) => ValidationError.isValidationError(e) && e.code === "OUT_OF_RANGE",
      );
    }
  });

  it("rejects unparseable text with INVALID_FORMAT", () => {
    for (const text of ["5 minutes", "P", "PT", "PT0.5H", "25:00:00", "P1Y"]) {
      assert.throws(
        () => Duration.parse(text),
        (e: unknown) => ValidationError.isValidationError(e) && e.code === "INVALID_FORMAT",
        text,
      );
    }
  });

  it("reads like code and like words", () => {
    assert.equal(Duration.minutes(90).toString(), "Duration.minutes(90)");
    assert.equal(Duration.hours(48).toString(), "Duration.days(2)");
    assert.equal(Duration.seconds(3661).toHuman(), "1 hour 1 minute 1 second");
  });

  it("compares and adds", () => {
    assert.ok(Duration.minutes(5).compareTo(Duration.minutes(4)) > 0);
    assert.ok(Duration.minutes(30).plus(Duration.minutes(30)).equals(Duration.hours(1)));
  });
});

describe("Duration: plain-JavaScript callers", () => {
  it("refuses a string amount with INVALID_TYPE, pointing at Duration.parse", () =>
    assert.throws(
      () => Duration.minutes("5" as never),
      (e: unknown) =>
        ValidationError.isValidationError(e) &&
        e.code === "INVALID_TYPE" &&
        e.prop === "minutes" &&
        /Duration\.parse/.test(e.message),
    ));
  it("refuses a number given to parse", () =>
    assert.throws(
      () => Duration.parse(300 as never),
      (e: unknown) => ValidationError.isValidationError(e) && e.code === "INVALID_TYPE",
    ));
});
