import { strict as assert } from "assert";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { cli, CliResult, pooled } from "../support/cli";
import { Check, Recurrence, TimeZone, ValidationError } from "../../lib";
import { errorReport, MAX_HEADLINE } from "../../lib/plan";

const FROM = "2026-11-27T00:00:00Z";
const FIXTURE = "test/fixtures/user-line";

/** First line: `label: sentence.`, one line that fits a terminal. */
function assertHeadline(err: string, what: string): string {
  const first = err.split("\n")[0];
  assert.ok(first.length <= MAX_HEADLINE, `${what}: ${first.length} characters: ${first}`);
  assert.match(
    first,
    /^[A-Za-z][\w-]*( [a-z]+)?: \S.*\S[.?!]$/,
    `${what}: not a sentence: ${first}`,
  );
  assert.ok(first.split(" ").length >= 4, `${what}: ${first}`);
  return first;
}

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (ValidationError.isValidationError(e)) return e;
    throw e;
  }
  assert.fail("did not throw");
}

/** Issue 20 item 5 and issue 19 item 10: errors at the user's line, one sentence first. */
describe("plan CLI errors", function () {
  this.timeout(0);
  const r: Record<string, CliResult> = {};
  const tmp = mkdtempSync(path.join(tmpdir(), "plan-errors-"));
  const notJson = path.join(tmp, "base.json");
  writeFileSync(notJson, "{ nope");

  before(async () => {
    const jobs: Record<string, () => Promise<CliResult>> = {
      at: () => cli("plan", `${FIXTURE}/at`, "--from", FROM),
      zone: () => cli("plan", `${FIXTURE}/zone`, "--from", FROM),
      throw: () => cli("plan", `${FIXTURE}/throw`, "--from", FROM),
      invalid: () => cli("plan", "test/fixtures/invalid-program", "--from", FROM),
      mandatory: () => cli("plan", "test/fixtures/noncompliant-program", "--from", FROM),
      noProgram: () => cli("plan", "test/fixtures/no-such-program"),
      unknownOption: () => cli("plan", "--form", FROM),
      unknownCommand: () => cli("deploy"),
      badValue: () => cli("plan", "--days", "0"),
      badFormat: () => cli("plan", "--format", "pdf"),
      noValue: () => cli("plan", "--stack"),
      twoPrograms: () => cli("plan", "a", "b"),
      unknownStack: () => cli("plan", "--stack", "nosuchstack"),
      badDiff: () => cli("plan", "--diff", notJson),
      badPeak: () => cli("plan", "--peak-hours", "25-3"),
      badPolicy: () => cli("plan", "--policy", "test/fixtures/policies/no-reason.json"),
      asyncFailure: () => cli("plan", "test/fixtures/failing-apply", "--from", FROM),
    };
    const results = await pooled(Object.values(jobs), 3);
    Object.keys(jobs).forEach((k, i) => (r[k] = results[i]));
  });

  it("every error path: exit code, and a first line that is one sentence of at most 200 characters", () => {
    const expected: Record<string, number> = { mandatory: 1 };
    for (const [what, res] of Object.entries(r)) {
      assert.equal(res.code, expected[what] ?? 2, `${what}: ${res.err}`);
      assertHeadline(res.err, what);
    }
  });

  it("a long sentence is cut at a clause, the rest on the next lines", () => {
    const long = `'x' is not a known option; the options are ${Array.from({ length: 40 }, (_, i) => `'option${i}'`).join(", ")}, got 1.`;
    const text = errorReport("Invalid input", long, ["[NOT_ALLOWED]"]);
    const [first, ...rest] = text.split("\n");
    assert.equal(first, "Invalid input: 'x' is not a known option.");
    assert.match(rest[0], /^ {2}the options are 'option0'/);
    assert.equal(rest.at(-1), "  [NOT_ALLOWED]");
    const words = errorReport("plan", "word ".repeat(100));
    assert.ok(words.split("\n")[0].length <= MAX_HEADLINE, words);
    assert.match(words.split("\n")[0], /\(continued below\)\.$/);
  });

  it("a validation error names the TypeScript line that built the value, and the prop as written", () => {
    const lines = r.at.err.trimEnd().split("\n");
    assert.equal(
      lines[0],
      `Invalid input: Recurrence: 'at' must be an integer between 0 and 23, got 25.`,
    );
    assert.equal(lines[1], `  at ${FIXTURE}/at/index.ts:18:35`);
    assert.equal(lines.at(-1), "  [OUT_OF_RANGE]");
  });

  it("suggests the near miss of a time zone, at the line that names it", () => {
    const lines = r.zone.err.trimEnd().split("\n");
    assert.match(lines[0], /^Invalid input: Recurrence: 'timeZone' must be a Windows time zone id/);
    assert.equal(lines[1], `  at ${FIXTURE}/zone/index.ts:18:35`);
    assert.equal(lines[2], '  Did you mean "Europe/Berlin"?');
  });

  it("a program's own exception points at its TypeScript line (source maps)", () => {
    const lines = r.throw.err.trimEnd().split("\n");
    assert.equal(lines[0], "Error: cannot read the slot table.");
    assert.equal(lines[1], `  at ${FIXTURE}/throw/index.ts:18:25`);
    assert.equal(lines.at(-1), "  (run with --debug for the full stack)");
  });

  it("a component's validation error names the component, the line and the code", () => {
    const lines = r.invalid.err.trimEnd().split("\n");
    assert.equal(
      lines[0],
      "Invalid input: TumblingWindowTrigger 'hourly': 'maxConcurrency' must be an integer between 1 and 50, got 80.",
    );
    assert.equal(lines[1], "  at test/fixtures/invalid-program/index.ts:10:1");
    assert.equal(lines.at(-1), "  [OUT_OF_RANGE]");
  });

  it("suggests the near miss of a CLI option", () => {
    assert.equal(
      r.unknownOption.err,
      'pulumi-mlops-scheduling: unknown option --form.\n  Did you mean --from? Run "pulumi-mlops-scheduling plan --help" for the options.\n',
    );
  });

  it("in process: the location is the caller's line, option and zone near misses, 'at' as written", () => {
    const e = thrown(() => Recurrence.daily({ at: "7:99" }));
    assert.equal(e.prop, "at");
    const line =
      readFileSync(__filename, "utf8")
        .split("\n")
        .findIndex((l) => l.includes('Recurrence.daily({ at: "7:99" })')) + 1;
    assert.match(e.location ?? "", new RegExp(`^${__filename}:${line}:\\d+$`));
    assert.equal(thrown(() => Recurrence.daily({ at: ["02:00", "7:99"] })).prop, "at[1]");
    const typo = thrown(() =>
      new Check({ component: "StorageEventTrigger" }).knownKeys("", { folderPth: "x" }, [
        "folderPath",
        "fileSuffix",
      ]),
    );
    assert.equal(typo.hint, "Did you mean 'folderPath'?");
    assert.equal(
      thrown(() => TimeZone.of("W. Europe Standard Tme")).hint,
      'Did you mean "W. Europe Standard Time"?',
    );
    assert.equal(thrown(() => TimeZone.of("Mars/Olympus")).hint, undefined);
  });
});
