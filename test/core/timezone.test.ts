import { strict as assert } from "assert";
import { TimeZone, ValidationError } from "../../lib/core";

describe("TimeZone", () => {
  it("accepts a Windows id and finds its IANA zone", () => {
    const z = TimeZone.of("W. Europe Standard Time");
    assert.equal(z.windowsId, "W. Europe Standard Time");
    assert.equal(z.iana, "Europe/Berlin");
  });

  it("accepts an IANA name and renders the Windows id Data Factory wants", () => {
    assert.equal(TimeZone.of("Australia/Sydney").windowsId, "AUS Eastern Standard Time");
    assert.equal(TimeZone.of("America/New_York").windowsId, "Eastern Standard Time");
    assert.equal(TimeZone.of("Asia/Kolkata").windowsId, "India Standard Time");
  });

  it("treats UTC spellings as UTC", () => {
    for (const id of ["UTC", "Etc/UTC", "Z"]) assert.ok(TimeZone.of(id).isUtc, id);
  });

  it("rejects an unknown zone with UNKNOWN_TIME_ZONE", () => {
    assert.throws(
      () => TimeZone.of("Mars/Olympus_Mons"),
      (e: unknown) =>
        ValidationError.isValidationError(e) &&
        e.code === "UNKNOWN_TIME_ZONE" &&
        /Windows time zone id/.test(e.message),
    );
  });

  it("knows the offset on both sides of a DST change", () => {
    const berlin = TimeZone.of("Europe/Berlin");
    assert.equal(berlin.offsetMinutes(Date.parse("2026-03-29T00:59:00Z")), 60);
    assert.equal(berlin.offsetMinutes(Date.parse("2026-03-29T01:00:00Z")), 120);
    assert.equal(
      TimeZone.of("Australia/Sydney").offsetMinutes(Date.parse("2026-07-01T00:00:00Z")),
      600,
    );
  });

  it("resolves a wall time skipped by spring forward to the moment the clock jumps", () => {
    const r = TimeZone.of("Europe/Berlin").resolve({
      year: 2026,
      month: 3,
      day: 29,
      hour: 2,
      minute: 30,
    });
    assert.equal(r.kind, "gap");
    assert.equal(new Date(r.instantMs).toISOString(), "2026-03-29T01:00:00.000Z");
  });

  it("resolves a wall time repeated by fall back to its first occurrence", () => {
    const r = TimeZone.of("America/New_York").resolve({
      year: 2026,
      month: 11,
      day: 1,
      hour: 1,
      minute: 30,
    });
    assert.equal(r.kind, "ambiguous");
    assert.equal(new Date(r.instantMs).toISOString(), "2026-11-01T05:30:00.000Z"); // 01:30 EDT
  });

  it("resolves ordinary wall times exactly, in the southern hemisphere too", () => {
    const r = TimeZone.of("Australia/Sydney").resolve({
      year: 2026,
      month: 1,
      day: 15,
      hour: 9,
      minute: 0,
    });
    assert.equal(r.kind, "exact");
    assert.equal(new Date(r.instantMs).toISOString(), "2026-01-14T22:00:00.000Z"); // AEDT, UTC+11
  });

  it("formats an instant as local wall time", () => {
    assert.equal(
      TimeZone.of("Europe/Berlin").formatLocal(Date.parse("2026-07-01T00:00:00Z")),
      "2026-07-01 02:00",
    );
  });
});
