import { strict as assert } from "assert";
import { WINDOWS_TO_IANA_MAP } from "windows-iana";
import { TimeZone, ValidationError } from "../../lib/core";

/**
 * Pins down `TimeZone` case by case for mutation testing
 * (`npm run test:mutation -- lib/core/timezone.ts`). The expected instants are independent of
 * the code under test: they come from the zones' published rules (IANA tz database), e.g. Berlin
 * springs forward 2026-03-29 01:00 UTC and falls back 2026-10-25 01:00 UTC; New York springs
 * forward 2026-03-08 07:00 UTC; Lord Howe Island moves by 30 minutes (UTC+10:30 to +11) on
 * 2026-10-04 at 02:00 local; Kathmandu is UTC+05:45 all year. They are cross-checked against
 * the platform's own `Date`/Intl below where that is possible.
 */
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The offset (minutes east of UTC) of `iana` at `t`, from Intl's own offset name ("GMT+05:45"):
 * another code path than the wall-clock arithmetic under test.
 */
function intlOffset(iana: string, t: number): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: iana, timeZoneName: "longOffset" })
    .formatToParts(new Date(t))
    .find((p) => p.type === "timeZoneName")!.value;
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name)!;
  return m[1] ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * TimeZone caches zones per id, formatters per IANA zone and offsets per minute for the life of
 * the process. A test that should see a change in that code must use zones it has not used
 * before: each call takes the next Windows zone of CLDR's table.
 */
const ENTRIES = WINDOWS_TO_IANA_MAP.filter((e) => e.windowsName !== "UTC");
let cursor = 0;
const freshEntry = () => ENTRIES[cursor++ % ENTRIES.length];

function refused(id: string, message: string) {
  assert.throws(
    () => TimeZone.of(id),
    (e: unknown) => {
      assert.ok(ValidationError.isValidationError(e), String(e));
      assert.equal(e.code, "UNKNOWN_TIME_ZONE");
      assert.equal(e.component, "TimeZone");
      assert.equal(e.prop, "id");
      assert.equal(e.message, message);
      return true;
    },
  );
}

describe("TimeZone (pinned behaviour)", () => {
  it("is one instance per id, and UTC spellings are TimeZone.UTC itself", () => {
    assert.equal(TimeZone.of("Europe/Paris"), TimeZone.of("Europe/Paris"));
    for (const id of ["UTC", "Etc/UTC", "Z"]) assert.equal(TimeZone.of(id), TimeZone.UTC, id);
    assert.equal(TimeZone.UTC.windowsId, "UTC");
    assert.equal(TimeZone.UTC.iana, "Etc/UTC");
  });

  it("reads a Windows id and an IANA name of one zone as equal values", () => {
    const a = TimeZone.of("Tokyo Standard Time");
    const b = TimeZone.of("Asia/Tokyo");
    assert.equal(a.iana, "Asia/Tokyo");
    assert.equal(b.windowsId, "Tokyo Standard Time");
    assert.ok(a.equals(b));
    assert.ok(!a.equals(TimeZone.of("Korea Standard Time")));
    assert.equal(TimeZone.UTC.isUtc, true);
    assert.equal(a.isUtc, false);
    assert.equal(a.toString(), 'TimeZone.of("Tokyo Standard Time")');
  });

  it("refuses an IANA zone that has no Windows id, saying why", () => {
    // Antarctica/Troll is in the IANA database but CLDR's windowsZones.xml maps no Windows zone to it.
    assert.doesNotThrow(() => new Intl.DateTimeFormat("en-US", { timeZone: "Antarctica/Troll" }));
    refused(
      "Antarctica/Troll",
      "TimeZone: 'id' must have a Windows time zone equivalent (Data Factory only accepts Windows ids), got \"Antarctica/Troll\". Use the zone's canonical IANA name or its Windows id.",
    );
  });

  it("refuses an unknown id, suggesting a near miss when there is one", () => {
    refused(
      "Europe/Berln",
      'TimeZone: \'id\' must be a Windows time zone id (e.g. "W. Europe Standard Time") or an IANA name (e.g. "Europe/Berlin"), got "Europe/Berln". Did you mean "Europe/Berlin"?',
    );
    refused(
      "W. Europe Standard Tim",
      'TimeZone: \'id\' must be a Windows time zone id (e.g. "W. Europe Standard Time") or an IANA name (e.g. "Europe/Berlin"), got "W. Europe Standard Tim". Did you mean "W. Europe Standard Time"?',
    );
    refused(
      "Mars/Olympus_Mons",
      'TimeZone: \'id\' must be a Windows time zone id (e.g. "W. Europe Standard Time") or an IANA name (e.g. "Europe/Berlin"), got "Mars/Olympus_Mons".',
    );
  });

  it("toLocal gives every field, seconds and milliseconds included, and the week day", () => {
    const t = Date.parse("2026-12-31T23:58:59.123Z");
    assert.deepEqual(TimeZone.of("Europe/Berlin").toLocal(t), {
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
      minute: 58,
      second: 59,
      millisecond: 123,
      weekday: 5,
    });
    assert.deepEqual(TimeZone.UTC.toLocal(t), {
      year: 2026,
      month: 12,
      day: 31,
      hour: 23,
      minute: 58,
      second: 59,
      millisecond: 123,
      weekday: 4,
    });
    assert.deepEqual(
      TimeZone.of("America/Los_Angeles").toLocal(Date.parse("2026-03-01T07:59:00Z")),
      {
        year: 2026,
        month: 2,
        day: 28,
        hour: 23,
        minute: 59,
        second: 0,
        millisecond: 0,
        weekday: 6,
      },
    );
  });

  it("offsetMinutes east and west of Greenwich, in whole and partial hours, mid-second too", () => {
    assert.equal(TimeZone.UTC.offsetMinutes(Date.parse("2026-07-01T00:00:00Z")), 0);
    assert.equal(
      TimeZone.of("Nepal Standard Time").offsetMinutes(Date.parse("2026-01-01T00:00:00.999Z")),
      345,
    );
    assert.equal(
      TimeZone.of("Asia/Kolkata").offsetMinutes(Date.parse("2026-07-01T12:34:56.789Z")),
      330,
    );
    assert.equal(
      TimeZone.of("America/New_York").offsetMinutes(Date.parse("2026-01-15T12:00:00.500Z")),
      -300,
    );
    assert.equal(
      TimeZone.of("America/New_York").offsetMinutes(Date.parse("2026-07-15T12:00:00Z")),
      -240,
    );
    // The last second before Berlin's spring change and the first after it.
    const berlin = TimeZone.of("Europe/Berlin");
    assert.equal(berlin.offsetMinutes(Date.parse("2026-03-29T00:59:59.999Z")), 60);
    assert.equal(berlin.offsetMinutes(Date.parse("2026-03-29T01:00:00.000Z")), 120);
  });

  it("zones first used here: ids map both ways, offsets agree with Intl's offset names", () => {
    for (let i = 0; i < 2; i++) {
      const e = freshEntry();
      const z = TimeZone.of(e.windowsName);
      assert.equal(z.windowsId, e.windowsName);
      assert.ok((e.iana as readonly string[]).includes(z.iana), `${e.windowsName}: ${z.iana}`);
      const byIana = TimeZone.of(e.iana[e.iana.length - 1]);
      assert.equal(byIana.iana, e.iana[e.iana.length - 1]);
      for (const t of [Date.UTC(2026, 0, 15, 12, 34, 56, 789), Date.UTC(2026, 6, 15, 3, 4, 5)]) {
        assert.equal(z.offsetMinutes(t), intlOffset(z.iana, t), `${z.iana} ${iso(t)}`);
        assert.equal(
          byIana.offsetMinutes(t),
          intlOffset(byIana.iana, t),
          `${byIana.iana} ${iso(t)}`,
        );
        const local = z.toLocal(t);
        assert.equal(
          Date.UTC(
            local.year,
            local.month - 1,
            local.day,
            local.hour,
            local.minute,
            local.second,
            local.millisecond,
          ),
          t + intlOffset(z.iana, t) * 60_000,
        );
      }
    }
  });

  it("refuses a non-string id as an unknown zone", () => {
    assert.throws(
      () => TimeZone.of(5 as never),
      (e: unknown) => ValidationError.isValidationError(e) && e.code === "UNKNOWN_TIME_ZONE",
    );
  });

  it("agrees with the platform's Date in the runner's own zone", () => {
    // An independent oracle where the process zone is known to Intl (TZ unset means UTC).
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    let z: TimeZone | undefined;
    try {
      z = TimeZone.of(zone);
    } catch {
      return; // a process zone without a Windows id: nothing to compare with
    }
    for (const s of ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z"]) {
      const t = Date.parse(s);
      assert.equal(z.offsetMinutes(t), 0 - new Date(t).getTimezoneOffset(), s);
    }
  });

  describe("resolve", () => {
    it("exact wall times keep their seconds and milliseconds, in UTC too", () => {
      const local = { year: 2026, month: 7, day: 1, hour: 2, minute: 3, second: 4, millisecond: 5 };
      assert.deepEqual(TimeZone.UTC.resolve(local), {
        instantMs: Date.parse("2026-07-01T02:03:04.005Z"),
        kind: "exact",
      });
      assert.deepEqual(TimeZone.of("Europe/Berlin").resolve(local), {
        instantMs: Date.parse("2026-07-01T00:03:04.005Z"),
        kind: "exact",
      });
      assert.deepEqual(
        TimeZone.of("Europe/Berlin").resolve({ year: 2026, month: 7, day: 1, hour: 2, minute: 3 }),
        {
          instantMs: Date.parse("2026-07-01T00:03:00.000Z"),
          kind: "exact",
        },
      );
    });

    it("a day either side of a DST change is exact, with that day's offset", () => {
      const berlin = TimeZone.of("Europe/Berlin");
      const at = (day: number, hour: number) =>
        berlin.resolve({ year: 2026, month: 3, day, hour, minute: 30 });
      assert.deepEqual(at(28, 2), { instantMs: Date.parse("2026-03-28T01:30:00Z"), kind: "exact" });
      assert.deepEqual(at(30, 2), { instantMs: Date.parse("2026-03-30T00:30:00Z"), kind: "exact" });
      assert.deepEqual(at(27, 2), { instantMs: Date.parse("2026-03-27T01:30:00Z"), kind: "exact" });
      assert.deepEqual(at(31, 2), { instantMs: Date.parse("2026-03-31T00:30:00Z"), kind: "exact" });
      assert.deepEqual(at(29, 1), { instantMs: Date.parse("2026-03-29T00:30:00Z"), kind: "exact" });
      assert.deepEqual(at(29, 3), { instantMs: Date.parse("2026-03-29T01:30:00Z"), kind: "exact" });
    });

    it("a skipped wall time resolves to the instant the clock jumps, to the second", () => {
      const gap = (
        zone: string,
        local: { month: number; day: number; hour: number; minute: number; second?: number },
      ) => {
        const r = TimeZone.of(zone).resolve({ year: 2026, ...local });
        return [iso(r.instantMs), r.kind];
      };
      assert.deepEqual(gap("America/New_York", { month: 3, day: 8, hour: 2, minute: 0 }), [
        "2026-03-08T07:00:00.000Z",
        "gap",
      ]);
      assert.deepEqual(
        gap("America/New_York", { month: 3, day: 8, hour: 2, minute: 59, second: 59 }),
        ["2026-03-08T07:00:00.000Z", "gap"],
      );
      assert.deepEqual(gap("Europe/Berlin", { month: 3, day: 29, hour: 2, minute: 1 }), [
        "2026-03-29T01:00:00.000Z",
        "gap",
      ]);
      // Southern hemisphere: Sydney springs forward on 2026-10-04 at 02:00 AEST (16:00 UTC the day before).
      assert.deepEqual(gap("Australia/Sydney", { month: 10, day: 4, hour: 2, minute: 30 }), [
        "2026-10-03T16:00:00.000Z",
        "gap",
      ]);
      // A 30-minute change: Lord Howe 02:00 (UTC+10:30) becomes 02:30 (UTC+11).
      assert.deepEqual(gap("Lord Howe Standard Time", { month: 10, day: 4, hour: 2, minute: 15 }), [
        "2026-10-03T15:30:00.000Z",
        "gap",
      ]);
    });

    it("a repeated wall time resolves to its first occurrence", () => {
      const r = TimeZone.of("Europe/Berlin").resolve({
        year: 2026,
        month: 10,
        day: 25,
        hour: 2,
        minute: 30,
      });
      assert.deepEqual([iso(r.instantMs), r.kind], ["2026-10-25T00:30:00.000Z", "ambiguous"]);
      const s = TimeZone.of("Australia/Sydney").resolve({
        year: 2026,
        month: 4,
        day: 5,
        hour: 2,
        minute: 59,
      });
      assert.deepEqual([iso(s.instantMs), s.kind], ["2026-04-04T15:59:00.000Z", "ambiguous"]);
    });
  });

  it("formatLocal pads every field", () => {
    assert.equal(
      TimeZone.of("Europe/Berlin").formatLocal(Date.parse("2026-01-05T02:04:00Z")),
      "2026-01-05 03:04",
    );
    assert.equal(TimeZone.UTC.formatLocal(Date.parse("2026-11-25T13:45:59Z")), "2026-11-25 13:45");
  });
});
