import { strict as assert } from "assert";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { XMLValidator } from "fast-xml-parser";
import { cli, CliResult, pooled, ROOT } from "../support/cli";
import { schemaErrors } from "../support/schema";
import {
  CONTRACT_V2_KINDS,
  PlanDocument,
  renderMarkdown,
  renderSvg,
  renderText,
} from "../../lib/plan";
import { armAddress, ARM_PATHS, sharedAddresses } from "../../lib/policy/arm-address";

const FROM = "2026-11-27T00:00:00Z";
const PROGRAMS = ["stacks", "examples"].flatMap((dir) =>
  readdirSync(path.join(ROOT, dir))
    .filter((d) => existsSync(path.join(ROOT, dir, d, "index.ts")))
    .map((d) => `${dir}/${d}`),
);
const FORMATS = ["json", "json", "text", "markdown", "svg"] as const;

describe("plan CLI (end to end, under mocks)", function () {
  this.timeout(0); // dozens of CLI runs: no limit on speed on a shared machine
  const runs = new Map<string, CliResult[]>();
  const tmp = mkdtempSync(path.join(tmpdir(), "plan-"));
  const diff: Record<string, CliResult> = {};
  const errors: Record<string, CliResult> = {};

  before(async () => {
    const jobs = PROGRAMS.flatMap((p) =>
      FORMATS.map((f) => () => cli("plan", p, "--from", FROM, "--format", f)),
    );
    const results = await pooled(jobs);
    PROGRAMS.forEach((p, i) =>
      runs.set(p, results.slice(i * FORMATS.length, (i + 1) * FORMATS.length)),
    );
    const base = path.join(tmp, "base.json");
    await cli("plan", "test/fixtures/diff/base", "--from", FROM, "--format", "json", "--out", base);
    const head = "test/fixtures/diff/head";
    const [text, json, markdown, svg] = await pooled(
      ["text", "json", "markdown", "svg"].map(
        (f) => () => cli("plan", head, "--from", FROM, "--diff", base, "--format", f),
      ),
    );
    Object.assign(diff, { text, json, markdown, svg });
    const jobsByName: Record<string, () => Promise<CliResult>> = {
      mandatory: () => cli("plan", "test/fixtures/noncompliant-program", "--from", FROM),
      invalid: () => cli("plan", "test/fixtures/invalid-program", "--from", FROM),
      usage: () => cli("plan", "--format", "pdf"),
      days: () => cli("plan", "--days", "0"),
      badDiff: () => cli("plan", "--diff", path.join(tmp, "missing.json")),
      accepted: () =>
        cli(
          "plan",
          "test/fixtures/noncompliant-program",
          "--from",
          FROM,
          "--policy",
          "test/fixtures/noncompliant-program/policy.json",
          "--format",
          "markdown",
        ),
      peak: () => cli("plan", "--peak-hours", "25-3"),
      noReason: () => cli("plan", "--policy", "test/fixtures/policies/no-reason.json"),
      asyncFailure: () => cli("plan", "test/fixtures/failing-apply", "--from", FROM),
      contractV1: () => cli("plan", "--from", FROM, "--format", "json", "--contract", "1"),
    };
    const named = await pooled(Object.values(jobsByName));
    Object.keys(jobsByName).forEach((k, i) => (errors[k] = named[i]));
  });

  it("plans every program in stacks/ and examples/ in every format, exit 0", () => {
    assert.ok(PROGRAMS.includes("stacks/reference") && PROGRAMS.includes("examples/daily-ingest"));
    for (const [p, results] of runs)
      results.forEach((r, i) => assert.equal(r.code, 0, `${p} --format ${FORMATS[i]}: ${r.err}`));
  });

  it("no two resources of any shipped program address the same Azure resource (issue 17)", () => {
    for (const [p, [json]] of runs) {
      const plan = JSON.parse(json.out) as PlanDocument;
      const custom = plan.resources
        .filter((r) => r.custom && r.type.startsWith("azure-native:"))
        .map((r) => ({ name: r.name, type: r.type, props: r.inputs }));
      // Every azure-native type a shipped program emits has its ARM path.
      assert.deepEqual(
        [...new Set(custom.map((r) => r.type).filter((t) => !ARM_PATHS[t]))],
        [],
        `${p}: types without an ARM path template`,
      );
      assert.ok(
        custom.some((r) => armAddress(r)),
        `${p}: no address computed`,
      );
      assert.deepEqual(
        [...sharedAddresses(custom)].map(([a, rs]) => `${a}: ${rs.map((r) => r.name)}`),
        [],
        p,
      );
      assert.deepEqual(
        plan.findings.filter((f) => f.rule === "unique-arm-address"),
        [],
        p,
      );
    }
  });

  it("gives identical output for the same --from; every format renders the same JSON plan", () => {
    for (const [p, [json, again, text, markdown, svg]] of runs) {
      assert.equal(json.out, again.out, `${p}: two runs differ`);
      const plan = JSON.parse(json.out) as PlanDocument;
      assert.equal(text.out, renderText(plan), p);
      assert.equal(markdown.out, renderMarkdown(plan), p);
      assert.equal(svg.out, renderSvg(plan), p);
    }
  });

  it("writes JSON that validates against the shipped schema (v1, v2 only with v2 schedule kinds)", () => {
    for (const [p, [json]] of runs) {
      const plan = JSON.parse(json.out) as PlanDocument;
      assert.deepEqual(schemaErrors("plan-v1", plan), [], p);
      const v2 = plan.schedules.some((s) => CONTRACT_V2_KINDS.includes(s.kind));
      assert.equal(plan.version, v2 ? 2 : 1, p);
      assert.equal(plan.generatedFrom, "2026-11-27T00:00:00.000Z");
    }
  });

  it("puts no storage key, SAS token or connection string in any resource input of the reference plan", () => {
    const [json] = runs.get("stacks/reference")!;
    const plan = JSON.parse(json.out) as PlanDocument;
    const secretShapes =
      /AccountKey=|SharedAccessSignature|SharedAccessKey|[?&]sig=|[?&]sv=\d{4}-|"(accountKey|sasToken|sasUri|connectionString|primaryKey)"/;
    for (const r of plan.resources)
      assert.doesNotMatch(JSON.stringify(r.inputs), secretShapes, `${r.type} ${r.name}`);
    // Storage is reached through the factory's identity, with a role on one container.
    const lake = plan.resources.find((r) => r.type === "azure-native:storage:StorageAccount")!;
    assert.equal(lake.inputs.allowSharedKeyAccess, false);
    const grant = plan.resources.find((r) => r.name === "adf-lake-landing")!;
    assert.match(
      grant.inputs.scope,
      /\/storageAccounts\/lake\/blobServices\/default\/containers\/landing$/,
    );
  });

  it("--contract 1 writes a version-1 plan without the alert schedules", () => {
    const plan = JSON.parse(errors.contractV1.out) as PlanDocument;
    assert.equal(errors.contractV1.code, 0, errors.contractV1.err);
    assert.equal(plan.version, 1);
    assert.deepEqual(schemaErrors("plan-v1", plan), []);
    assert.ok(plan.schedules.every((s) => !s.kind.endsWith("Alert")));
  });

  it("writes a well-formed SVG that shows every trigger", () => {
    for (const [p, [json, , , , svg]] of runs) {
      assert.equal(XMLValidator.validate(svg.out), true, p);
      for (const s of (JSON.parse(json.out) as PlanDocument).schedules)
        assert.ok(svg.out.includes(`>${s.name}</tspan>`), `${p}: ${s.name} missing from the SVG`);
    }
  });

  it("plans the reference stack: firings in UTC and local time, backfill, secrets masked", () => {
    const [json, , text, markdown] = runs.get("stacks/reference")!;
    assert.match(text.out, /forecasting-ingest-schedule \[ScheduleTrigger\] started on deploy/);
    assert.match(
      text.out,
      /2026-11-27T01:00Z \| 2026-11-27 02:00/,
      "02:00 W. Europe is 01:00 UTC in winter",
    );
    assert.match(
      text.out,
      /backfill on deploy: 47 windows already due; at most 4 at once ≈ 12 hours of catch-up/,
    );
    assert.match(
      text.out,
      /landing-parquet \[StorageEventTrigger\][\s\S]*under \/landing\/blobs\/incoming\/ ending \.parquet/,
    );
    assert.match(
      markdown.out,
      /^\| `forecasting-ingest-schedule` \| ScheduleTrigger \| forecasting-ingest \| daily at 02:00, W\. Europe Standard Time \|/m,
    );
    assert.match(
      text.out,
      /mlops-alerts-deadline-0 \[DeadlineAlert\][\s\S]*?2026-11-27T05:00Z \| 2026-11-27 06:00/,
      "the 02:00 ingest's deadline: 06:00 W. Europe",
    );
    // Logic App callback URLs carry a signature: masked in every format.
    for (const r of runs.get("stacks/reference")!)
      assert.doesNotMatch(r.out, /sig=|&sv=|AccountKey=/);
    assert.match(json.out, /"url": "\[secret\]"/);
    assert.match(json.out, /"callbackUrl": "\[secret\]"/);
  });

  it("plans the example across the March DST change in New York", async () => {
    const r = await cli(
      "plan",
      "examples/daily-ingest",
      "--from",
      "2027-03-12T00:00:00Z",
      "--count",
      "3",
    );
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /every Monday, Tuesday, Wednesday, Thursday, Friday at 06:30, Eastern Standard Time/,
    );
    // Friday 12 March is EST (UTC-5), Monday 15 March is EDT (UTC-4).
    assert.match(
      r.out,
      /2027-03-12T11:30Z \| 2027-03-12 06:30\n\s+2027-03-15T10:30Z \| 2027-03-15 06:30/,
    );
  });

  describe("--diff", () => {
    it("reports a moved firing, an added and a removed trigger (text)", () => {
      assert.equal(diff.text.code, 0, diff.text.err);
      assert.match(
        diff.text.out,
        /^ {2}\+ twice-daily-scoring-schedule \[ScheduleTrigger\] daily at 06:00, 18:00/m,
      );
      assert.match(
        diff.text.out,
        /^ {2}- weekly-report-schedule \[ScheduleTrigger\] every Monday at 07:00/m,
      );
      assert.match(
        diff.text.out,
        /~ ingest-schedule \[ScheduleTrigger\]\n\s+firings: 02:00 → 03:00 W\. Europe Standard Time/,
      );
    });
    it("as JSON that validates against the diff schema", () => {
      const d = JSON.parse(diff.json.out);
      assert.deepEqual(schemaErrors("plan-diff-v1", d), []);
      assert.deepEqual(
        d.schedules.added.map((s: any) => s.name),
        ["twice-daily-scoring-schedule"],
      );
      assert.deepEqual(
        d.schedules.removed.map((s: any) => s.name),
        ["weekly-report-schedule"],
      );
      assert.equal(d.schedules.changed[0].moved, "02:00 → 03:00 W. Europe Standard Time");
    });
    it("as Markdown for the PR comment, and as an SVG with the changes marked", () => {
      assert.match(diff.markdown.out, /\| ➕ added \| `twice-daily-scoring-schedule` \|/);
      assert.match(diff.markdown.out, /\| ➖ removed \| `weekly-report-schedule` \|/);
      assert.match(diff.markdown.out, /\*\*firings 02:00 → 03:00 W\. Europe Standard Time\*\*/);
      assert.equal(XMLValidator.validate(diff.svg.out), true);
      assert.match(
        diff.svg.out,
        /\+ added<\/tspan><tspan font-weight="600" dx="6">twice-daily-scoring-schedule/,
      );
      assert.match(
        diff.svg.out,
        /~ changed<\/tspan><tspan font-weight="600" dx="6">ingest-schedule/,
      );
      assert.match(diff.svg.out, /weekly-report-schedule: base plan's runs no longer here/);
    });
  });

  describe("exit codes", () => {
    it("exits 1 on a mandatory finding, after printing the plan", () => {
      const r = errors.mandatory;
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, /Findings: 4 mandatory/);
      assert.match(r.out, /\[adf-trigger-activated\] nightly: Trigger nightly stays Stopped/);
      assert.equal(r.err.trim(), "plan: 4 mandatory finding(s) fail the gate (exit 1).");
    });
    it("exits 0 once a policy file lowers, disables or suppresses (with reasons) every mandatory finding", () => {
      const r = errors.accepted;
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /\*\*0 mandatory\*\*, 4 advisory finding\(s\), 2 suppressed/);
      assert.match(r.out, /`deadline-alert` \*\*bare\*\*/);
      assert.match(r.out, /`adf-activity-retry` \*\*bare\*\*/);
      assert.match(r.out, /_Accepted: started by hand after the data migration_/);
      assert.doesNotMatch(r.out, /adf-failure-alerting/);
    });
    it("exits 2 with the ValidationError message, not a stack trace", () => {
      assert.equal(errors.invalid.code, 2);
      assert.equal(
        errors.invalid.err.trim(),
        "Invalid input: TumblingWindowTrigger 'hourly': 'maxConcurrency' must be an integer between 1 and 50, got 80.\n  at test/fixtures/invalid-program/index.ts:10:1\n  [OUT_OF_RANGE]",
      );
    });
    it("exits 2, not 1, when the program fails asynchronously (a throwing apply)", () => {
      const r = errors.asyncFailure;
      assert.equal(r.code, 2, r.err);
      assert.match(
        r.err,
        /^Error: error serializing property "accountName": cannot derive an account name from lake\.$/m,
      );
      assert.doesNotMatch(r.err, /mandatory finding/);
    });
    it("exits 2 on bad peak hours or a suppression without a reason, before running the program", () => {
      assert.equal(errors.peak.code, 2);
      assert.match(
        errors.peak.err,
        /^Invalid input: plan: 'peakHours' must be "START-END" .*got "25-3"\.\n(.*\n)* {2}\[INVALID_FORMAT\]\n$/,
      );
      assert.equal(errors.noReason.code, 2);
      assert.equal(
        errors.noReason.err.trim(),
        "Invalid input: policy: 'suppressions[0].reason' is required: say why the finding is accepted, got nothing.\n  [REQUIRED]",
      );
      assert.equal(errors.noReason.out, "", "nothing planned");
    });
    it("exits 2 with one line and a hint on bad options and an unreadable --diff base", () => {
      assert.equal(errors.usage.code, 2);
      assert.equal(
        errors.usage.err,
        'pulumi-mlops-scheduling: --format must be one of text, markdown, json, svg, got "pdf".\n  Run "pulumi-mlops-scheduling plan --help" for the options.\n',
      );
      assert.equal(errors.days.code, 2);
      assert.match(
        errors.days.err,
        /^[^\n]*--days must be an integer from 1 to 366, got "0"\.\n {2}Run [^\n]*\n$/,
      );
      assert.equal(errors.badDiff.code, 2);
      assert.match(
        errors.badDiff.err,
        /^[^\n]*--diff .*missing\.json: not a readable JSON plan[^\n]*\n {2}Write the base [^\n]*\n$/,
      );
    });
  });

  it("--out writes the file instead of stdout", () => {
    const base = readFileSync(path.join(tmp, "base.json"), "utf8");
    assert.deepEqual(schemaErrors("plan-v1", JSON.parse(base)), []);
  });
});
