import { strict as assert } from "assert";
import { parseIsoDateTime, parseIsoInstant } from "../../lib/core";

describe("parseIsoDateTime: the exact shapes it takes", () => {
  it("reads every field as written", () => {
    assert.deepEqual(parseIsoDateTime("2026-11-27T23:59:59.1234567-05:30"), {
      year: 2026,
      month: 11,
      day: 27,
      hour: 23,
      minute: 59,
      second: 59,
      millisecond: 123,
      offsetMinutes: -330,
    });
    assert.deepEqual(parseIsoDateTime("2026-12-31"), {
      year: 2026,
      month: 12,
      day: 31,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
      offsetMinutes: undefined,
    });
    assert.deepEqual(parseIsoDateTime("2026-01-01T10:30+14:00"), {
      year: 2026,
      month: 1,
      day: 1,
      hour: 10,
      minute: 30,
      second: 0,
      millisecond: 0,
      offsetMinutes: 840,
    });
  });

  it("pads or truncates the fraction to milliseconds", () => {
    for (const [fraction, ms] of [
      ["5", 500],
      ["05", 50],
      ["123", 123],
      ["1239", 123],
      ["0000001", 0],
    ] as const) {
      assert.equal(parseIsoDateTime(`2026-01-01T00:00:00.${fraction}Z`)?.millisecond, ms, fraction);
    }
  });

  it("refuses text around it, wrong digit counts and missing parts", () => {
    for (const text of [
      " 2026-01-01",
      "2026-01-01 ",
      "x2026-01-01T00:00Z",
      "2026-01-01T00:00Zx",
      "026-01-01",
      "20260-01-01",
      "2026-1-01",
      "2026-01-1",
      "2026-01-01T0:00Z",
      "2026-01-01T00:0Z",
      "2026-01-01T00:00:0Z",
      "2026-01-01T00:00:00.Z",
      "2026-01-01T00:00:00.12345678Z",
      "2026-01-01T10:30.5Z",
      "2026-01-01T10Z",
      "2026-01-01T00:00+0530",
      "2026-01-01T00:00+05",
      "2026-01-01+01:00",
    ]) {
      assert.equal(parseIsoDateTime(text), undefined, text);
    }
    assert.equal(parseIsoDateTime(20260101 as never), undefined);
    // Not even an object whose text is a date.
    assert.equal(parseIsoDateTime({ toString: () => "2026-01-01" } as never), undefined);
  });

  it("refuses dates and times that do not exist, and accepts their last valid values", () => {
    for (const text of [
      "2026-00-10",
      "2026-13-10",
      "2026-04-31",
      "2026-01-00",
      "2026-99-01",
      "2026-02-99",
      "2026-12-32",
      "2100-02-29",
      "2026-01-01T24:00Z",
      "2026-01-01T00:60Z",
      "2026-01-01T00:00:60Z",
      "2026-01-01T00:00+15:00",
      "2026-01-01T00:00-01:60",
    ]) {
      assert.equal(parseIsoDateTime(text), undefined, text);
    }
    for (const text of [
      "2026-01-31",
      "2026-12-01",
      "2000-02-29",
      "2026-01-01T23:59:59Z",
      "2026-01-01T00:00-14:00",
      "2026-01-01T00:00+01:59",
    ]) {
      assert.notEqual(parseIsoDateTime(text), undefined, text);
    }
  });
});

describe("parseIsoInstant", () => {
  it("applies the offset in either direction", () => {
    assert.equal(parseIsoInstant("2026-01-01T00:00-01:30"), Date.UTC(2026, 0, 1, 1, 30));
    assert.equal(parseIsoInstant("2026-01-01T00:00+01:30"), Date.UTC(2025, 11, 31, 22, 30));
    assert.equal(
      parseIsoInstant("2026-07-04T12:34:56.789Z"),
      Date.UTC(2026, 6, 4, 12, 34, 56, 789),
    );
  });

  it("keeps years below 100 as written (Date.UTC would read 0099 as 1999)", () => {
    assert.equal(parseIsoInstant("0099-03-01T00:00Z"), Date.parse("0099-03-01T00:00:00Z"));
    assert.equal(new Date(parseIsoInstant("0001-01-01T00:00Z")!).getUTCFullYear(), 1);
  });

  it("is undefined without an offset, or for text that is not a date-time", () => {
    assert.equal(parseIsoInstant("2026-01-01"), undefined);
    assert.equal(parseIsoInstant("2026-01-01T00:00"), undefined);
    assert.equal(parseIsoInstant("soon"), undefined);
  });
});
