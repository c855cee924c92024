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

describe("Duration: edges pinned by mutation testing", () => {
  const refused = (text: string) =>
    assert.throws(
      () => Duration.parse(text),
      (e: unknown) =>
        ValidationError.isValidationError(e) &&
        e.code === "INVALID_FORMAT" &&
        e.message ===
          `Duration: 'text' must be an ISO 8601 duration like PT5M or P1DT2H, or a timespan like 01:30:00 or 1.00:00:00, got ${JSON.stringify(text)}.`,
      text,
    );

  it("refuses 24:00:00, 00:60:00 and 00:00:60 (a timespan's parts stay below their unit)", () => {
    for (const text of ["24:00:00", "00:60:00", "00:00:60", "1.24:00:00"]) refused(text);
    assert.equal(Duration.parse("23:59:59").toSeconds(), 86_399);
    assert.equal(Duration.parse("00:59:00").toSeconds(), 3_540);
    assert.equal(Duration.parse("00:00:59").toSeconds(), 59);
  });

  it("parses multi-digit parts: P30D, PT12H, PT90M, PT120S and 10.00:00:00", () => {
    assert.equal(Duration.parse("P30D").toSeconds(), 30 * 86_400);
    assert.equal(Duration.parse("PT12H").toSeconds(), 12 * 3_600);
    assert.equal(Duration.parse("PT90M").toSeconds(), 90 * 60);
    assert.equal(Duration.parse("PT120S").toSeconds(), 120);
    assert.equal(Duration.parse("P10DT10H10M10S").toSeconds(), 10 * 86_400 + 36_610);
    assert.equal(Duration.parse("10.00:00:00").toSeconds(), 10 * 86_400);
    assert.equal(Duration.parse("2:03:04").toSeconds(), 2 * 3_600 + 184);
  });

  it("anchors both formats: no text before or after is accepted", () => {
    for (const text of [
      "xPT5M",
      "PT5Mx",
      "1PT5M",
      " PT5M",
      "x01:30:00",
      "01:30:00x",
      "01:30:00:00",
    ]) {
      refused(text);
    }
  });

  it("refuses a number given to parse with the prop and the reason", () =>
    assert.throws(
      () => Duration.parse(300 as never),
      (e: unknown) =>
        ValidationError.isValidationError(e) &&
        e.message === "Duration: 'text' must be a string, got 300.",
    ));

  it("names the factory and the reason when an amount is refused", () => {
    const cases: [() => Duration, string][] = [
      [
        () => Duration.seconds(-1),
        "Duration: 'seconds' must be a finite, non-negative number, got -1.",
      ],
      [
        () => Duration.minutes(-1),
        "Duration: 'minutes' must be a finite, non-negative number, got -1.",
      ],
      [
        () => Duration.hours(Infinity),
        "Duration: 'hours' must be a finite, non-negative number, got null.",
      ],
      [
        () => Duration.days(NaN),
        "Duration: 'days' must be a finite, non-negative number, got null.",
      ],
      [
        () => Duration.seconds(0.5),
        "Duration: 'seconds' must come to a whole number of seconds, got 0.5.",
      ],
      [
        () => Duration.days("1" as never),
        `Duration: 'days' must be a number, not string, got "1". Use Duration.parse for ISO 8601 text such as PT5M.`,
      ],
    ];
    for (const [make, message] of cases) {
      assert.throws(
        make,
        (e: unknown) => ValidationError.isValidationError(e) && e.message === message,
      );
    }
  });

  it("accepts float noise up to 1e-9 s and rounds it away", () => {
    assert.equal(Duration.seconds(1e-9).toSeconds(), 0);
    assert.equal(Duration.hours(0.1).toSeconds(), 360);
    assert.throws(() => Duration.seconds(2e-9), /whole number of seconds/);
  });

  it("converts to every unit, and names the conversion that would lose a fraction", () => {
    const d = Duration.days(2);
    assert.equal(d.toSeconds(), 172_800);
    assert.equal(d.toMilliseconds(), 172_800_000);
    assert.equal(d.toMinutes(), 2_880);
    assert.equal(d.toHours(), 48);
    assert.equal(d.toDays(), 2);
    assert.equal(Duration.hours(36).toDays({ integral: false }), 1.5);
    for (const [convert, prop, unit] of [
      [() => Duration.seconds(90).toMinutes(), "toMinutes", "minutes"],
      [() => Duration.minutes(90).toHours(), "toHours", "hours"],
      [() => Duration.hours(36).toDays(), "toDays", "days"],
    ] as const) {
      assert.throws(
        convert,
        (e: unknown) =>
          ValidationError.isValidationError(e) &&
          e.code === "OUT_OF_RANGE" &&
          e.prop === prop &&
          e.message.startsWith(`Duration: '${prop}' must be a whole number of ${unit} (pass`),
      );
    }
  });

  it("equals only the same length, and compares both ways", () => {
    assert.equal(Duration.minutes(60).equals(Duration.hours(1)), true);
    assert.equal(Duration.minutes(59).equals(Duration.hours(1)), false);
    assert.equal(Duration.minutes(4).compareTo(Duration.minutes(5)), -60);
    assert.equal(Duration.minutes(5).compareTo(Duration.minutes(5)), 0);
  });

  it("reads zero and plurals right", () => {
    assert.equal(Duration.seconds(0).toString(), "Duration.seconds(0)");
    assert.equal(Duration.seconds(61).toString(), "Duration.seconds(61)");
    assert.equal(Duration.seconds(0).toHuman(), "0 seconds");
    assert.equal(
      Duration.seconds(2 * 86_400 + 2 * 3_600 + 120 + 2).toHuman(),
      "2 days 2 hours 2 minutes 2 seconds",
    );
    assert.equal(Duration.days(1).toHuman(), "1 day");
  });
});
