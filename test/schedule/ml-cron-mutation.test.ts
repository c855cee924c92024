import { strict as assert } from "assert";
import { TimeZone, ValidationCode, ValidationError } from "../../lib/core";
import { describeMlCron, mlCronFirings, parseMlCron } from "../../lib/schedule";

/**
 * Pins down Azure ML's cron dialect for mutation testing
 * (`npm run test:mutation -- lib/schedule/ml-cron.ts`). Source: Microsoft Learn, "Schedule
 * machine learning pipeline jobs", "Define a time-based schedule with a cron expression"
 * (https://learn.microsoft.com/azure/machine-learning/how-to-schedule-pipeline-job): five fields,
 * DAYS and MONTHS always treated as `*`, DAYS-OF-WEEK 0-6 (NCrontab).
 */
const CTX = { component: "TrainingSchedule", name: "nightly" };
const parse = (e: unknown) => parseMlCron(e, CTX, "cron");
const at = (iso: string) => Date.parse(iso);
const show = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

function refuses(e: unknown, code: ValidationCode, message: string) {
  assert.throws(
    () => parse(e),
    (x: unknown) => {
      assert.ok(ValidationError.isValidationError(x), String(x));
      assert.equal(x.code, code, x.message);
      assert.equal(x.prop, "cron");
      assert.equal(x.message, message);
      return true;
    },
  );
}
const FIELDS =
  "must have exactly five fields MINUTES HOURS DAYS MONTHS DAYS-OF-WEEK (Azure ML has no seconds, years or @macros)";
const LW = "must not use L, W, # or ? (NCrontab, which Azure ML follows, has none of them)";
const COVER =
  "must cover every day in DAYS and every month in MONTHS (`*`, `1-31`, `1-12`, `JAN-DEC`): Azure ML ignores those fields and would fire every day";
const COVER_HINT =
  "Use TrainingSchedule with a Recurrence (monthly({ onDays })) for day-of-month schedules.";

describe("Azure ML cron (pinned behaviour)", () => {
  describe("parseMlCron", () => {
    it("reads minutes, hours and week days, normalising the spacing", () => {
      assert.deepEqual(parse("  5,0   */6 * *  MON-FRI "), {
        expression: "5,0 */6 * * MON-FRI",
        minutes: [0, 5],
        hours: [0, 6, 12, 18],
        weekDays: [1, 2, 3, 4, 5],
      });
      assert.deepEqual(parse("0 0 * * 0").weekDays, [0]);
      assert.deepEqual(parse("0 0 * * 6,0").weekDays, [0, 6]);
      assert.deepEqual(parse("0 0 * * *").weekDays, [0, 1, 2, 3, 4, 5, 6]);
    });
    it("refuses a non-string and anything but five fields", () => {
      refuses(
        5,
        "INVALID_FORMAT",
        "TrainingSchedule 'nightly': 'cron' must be a string of five cron fields, got 5.",
      );
      for (const e of ["0 3 * *", "0 0 3 * * *", "@daily", "@0 3 * * *"]) {
        refuses(
          e,
          "INVALID_FORMAT",
          `TrainingSchedule 'nightly': 'cron' ${FIELDS}, got ${JSON.stringify(e)}.`,
        );
      }
    });
    it("refuses L, W, # and ?, but not inside day and month names", () => {
      for (const e of ["0 3 * * 1#2", "0 3 * * 5l", "0 3 ? * *", "0 3 * * Lun", "0 3 1W * *"]) {
        refuses(
          e,
          "INVALID_FORMAT",
          `TrainingSchedule 'nightly': 'cron' ${LW}, got ${JSON.stringify(e)}.`,
        );
      }
      assert.deepEqual(parse("0 3 * * WED,sat").weekDays, [3, 6]);
      assert.deepEqual(parse("0 3 * jan-jul,aug-dec *").hours, [3]);
    });
    it("accepts DAYS and MONTHS that mean every day and month, refuses the rest", () => {
      for (const e of ["0 3 1-31 * *", "0 3 */1 * *", "0 3 * 1-12 *", "0 3 * JAN-DEC *"]) {
        assert.equal(parse(e).expression, e);
      }
      for (const e of [
        "0 3 1 * *",
        "0 3 1-30 * *",
        "0 3 * 1-11 *",
        "0 3 * 2-12 *",
        "0 3 x * *",
        "0 3 * x *",
      ]) {
        refuses(
          e,
          "NOT_ALLOWED",
          `TrainingSchedule 'nightly': 'cron' ${COVER}, got ${JSON.stringify(e)}. ${COVER_HINT}`,
        );
      }
    });
    it("refuses 7 in DAYS-OF-WEEK (NCrontab has no 7), alone, in a list or a range", () => {
      for (const e of ["0 3 * * 7", "0 3 * * 1,7", "0 3 * * 5-7", "0 3 * * 7-1"]) {
        refuses(
          e,
          "OUT_OF_RANGE",
          `TrainingSchedule 'nightly': 'cron' must use 0-6 in DAYS-OF-WEEK (0 = Sunday; NCrontab has no 7), got ${JSON.stringify(e)}.`,
        );
      }
    });
    it("passes croner's own refusals on: a value out of range, or no cron at all", () => {
      refuses(
        "0 3 * * 17",
        "OUT_OF_RANGE",
        "TrainingSchedule 'nightly': 'cron' must be a valid cron expression (CronPattern: Invalid value for dayOfWeek: 17), got \"0 3 * * 17\".",
      );
      refuses(
        "60 3 * * *",
        "OUT_OF_RANGE",
        "TrainingSchedule 'nightly': 'cron' must be a valid cron expression (CronPattern: Invalid value for minute: 60), got \"60 3 * * *\".",
      );
      refuses(
        "a 3 * * *",
        "INVALID_FORMAT",
        "TrainingSchedule 'nightly': 'cron' must be a valid cron expression (CronPattern: configuration entry 1 (a) contains illegal characters.), got \"a 3 * * *\".",
      );
    });
  });

  describe("describeMlCron", () => {
    const cases: Array<[string, string]> = [
      ["15,45 * * * *", "cron 15,45 * * * *: every hour at :15, :45, every day"],
      ["5 * * * 1", "cron 5 * * * 1: every hour at :05, on Monday"],
      ["0 3 * * 1,5", "cron 0 3 * * 1,5: on Monday, Friday at 03:00"],
      ["0 3 * * 2,4,6", "cron 0 3 * * 2,4,6: on Tuesday, Thursday, Saturday at 03:00"],
      ["0 3 * * 3", "cron 0 3 * * 3: on Wednesday at 03:00"],
      ["0 1,2,3 * * *", "cron 0 1,2,3 * * *: every day at 01:00, 02:00, 03:00"],
      [
        "0,30 1,2,13 * * *",
        "cron 0,30 1,2,13 * * *: every day at 01:00, 01:30, 02:00, 02:30, 13:00, 13:30",
      ],
      ["0 1-7 * * 0", "cron 0 1-7 * * 0: on Sunday at 01:00, 02:00, 03:00, 04:00, 05:00, … (7)"],
    ];
    for (const [e, text] of cases) it(text, () => assert.equal(describeMlCron(parse(e)), text));
  });

  describe("mlCronFirings", () => {
    const utc = TimeZone.UTC;
    const run = (e: string, zone: TimeZone, w: Parameters<typeof mlCronFirings>[2]) =>
      mlCronFirings(parse(e), zone, w).map((f) =>
        f.kind === "exact" ? show(f.at) : `${show(f.at)} ${f.kind}`,
      );
    it("from included, until excluded, limit, start and an inclusive end", () => {
      const e = "0 */6 * * *";
      assert.deepEqual(
        run(e, utc, { from: at("2026-01-01T06:00:00Z"), until: at("2026-01-01T18:00:00Z") }),
        ["2026-01-01T06:00:00Z", "2026-01-01T12:00:00Z"],
      );
      assert.deepEqual(
        run(e, utc, {
          from: new Date("2026-01-01T00:00:00Z"),
          until: new Date("2026-02-01T00:00:00Z"),
          limit: 2,
        }),
        ["2026-01-01T00:00:00Z", "2026-01-01T06:00:00Z"],
      );
      assert.deepEqual(
        run(e, utc, {
          from: at("2026-01-01T00:00:00Z"),
          until: at("2026-02-01T00:00:00Z"),
          start: at("2026-01-01T06:00:00Z"),
          end: at("2026-01-01T18:00:00Z"),
        }),
        ["2026-01-01T06:00:00Z", "2026-01-01T12:00:00Z", "2026-01-01T18:00:00Z"],
      );
      assert.deepEqual(
        run(e, utc, { from: at("2026-01-01T00:00:00Z"), until: at("2026-01-01T00:00:00Z") }),
        [],
      );
      assert.deepEqual(
        run(e, utc, {
          from: at("2026-01-01T00:00:00Z"),
          until: at("2026-01-02T00:00:00Z"),
          limit: 0,
        }),
        [],
      );
    });
    it("DAYS spelled 1-31 is every day, not OR-ed with DAYS-OF-WEEK", () => {
      assert.deepEqual(
        run("0 3 1-31 * 1", utc, {
          from: at("2026-01-01T00:00:00Z"),
          until: at("2026-01-20T00:00:00Z"),
        }),
        ["2026-01-05T03:00:00Z", "2026-01-12T03:00:00Z", "2026-01-19T03:00:00Z"],
      );
    });
    it("in Berlin: a skipped 02:30 fires at the jump, a repeated one once, first", () => {
      const berlin = TimeZone.of("Europe/Berlin");
      // 02:00 is skipped too: fired at 03:00, whose minute (but not hour) is on the pattern.
      assert.deepEqual(
        run("0 2 * * *", berlin, {
          from: at("2026-03-29T00:00:00Z"),
          until: at("2026-03-29T12:00:00Z"),
        }),
        ["2026-03-29T01:00:00Z gap"],
      );
      assert.deepEqual(
        run("30 2 * * *", berlin, {
          from: at("2026-03-28T00:00:00Z"),
          until: at("2026-03-30T12:00:00Z"),
        }),
        ["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z gap", "2026-03-30T00:30:00Z"],
      );
      assert.deepEqual(
        run("30 2,14 * * *", berlin, {
          from: at("2026-03-29T00:00:00Z"),
          until: at("2026-03-29T23:00:00Z"),
        }),
        ["2026-03-29T01:00:00Z gap", "2026-03-29T12:30:00Z"],
      );
      assert.deepEqual(
        run("30 2 * * *", berlin, {
          from: at("2026-10-25T00:00:00Z"),
          until: at("2026-10-26T12:00:00Z"),
        }),
        ["2026-10-25T00:30:00Z ambiguous", "2026-10-26T01:30:00Z"],
      );
    });
  });
});
