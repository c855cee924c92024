/**
 * The CLI as a new user meets it (issue 9 items 4, 6 and 7; issue 8 section 2): help and version,
 * one-line usage errors, strict `--from`, a `--diff` base checked against the published schema
 * before the program runs, the stack's config (secure values included), the policy file's schema,
 * `--typecheck`, and programs that try to break the exit-code contract.
 */
import { strict as assert } from "assert";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { cli, cliIn, CliResult, pooled, ROOT } from "../support/cli";

const FROM = "2026-11-27T00:00:00Z";
const HINT = 'Run "pulumi-mlops-scheduling plan --help" for the options.';

describe("plan CLI: first hour and exit-code guards", function () {
  this.timeout(0); // dozens of CLI runs: no limit on speed on a shared machine
  const r: Record<string, CliResult> = {};
  const tmp = mkdtempSync(path.join(tmpdir(), "plan-guards-"));

  before(async () => {
    const partial = path.join(tmp, "partial.json");
    writeFileSync(partial, JSON.stringify({ version: 1, schedules: [], findings: [] }));
    const misspelled = path.join(tmp, "misspelled-policy.json");
    writeFileSync(misspelled, JSON.stringify({ suppresions: [] }));
    const configProject = path.join(ROOT, "test/fixtures/config-project");
    const jobs: Record<string, () => Promise<CliResult>> = {
      help: () => cli("--help"),
      h: () => cli("-h"),
      noArgs: () => cli(),
      version: () => cli("--version"),
      helpCommand: () => cli("help"),
      helpPlanCommand: () => cli("help", "plan"),
      versionCommand: () => cli("version"),
      planHelp: () => cli("plan", "--help"),
      unknownCommand: () => cli("--nope"),
      unknownOption: () => cli("plan", "--form", FROM),
      feb30: () => cli("plan", "--from", "2026-02-30"),
      twelve: () => cli("plan", "--from", "12"),
      noZone: () => cli("plan", "--from", "2026-11-27T00:00:00"),
      dateOnly: () =>
        cli("plan", "examples/daily-ingest", "--from", "2026-11-27", "--format", "json"),
      offset: () =>
        cli(
          "plan",
          "examples/daily-ingest",
          "--from",
          "2026-11-27T01:00:00+01:00",
          "--format",
          "json",
        ),
      partialDiff: () => cli("plan", "test/fixtures/hostile/exits-early", "--diff", partial),
      misspelledPolicy: () => cli("plan", "--policy", misspelled),
      secureConfig: () =>
        cliIn(configProject, "plan", "--stack", "dev", "--from", FROM, "--format", "json"),
      secureConfigFromRoot: () =>
        cli("plan", configProject, "--stack", "dev", "--from", FROM, "--format", "json"),
      unknownStack: () => cliIn(configProject, "plan", "--stack", "nosuchstack"),
      missingConfig: () => cliIn(configProject, "plan", "--stack", "bare", "--from", FROM),
      defaultStack: () => cliIn(configProject, "plan", "--from", FROM, "--format", "json"),
      rootDefaultStack: () => cli("plan", "--from", FROM, "--format", "json"),
      twoStacks: () => cli("plan", "test/fixtures/two-stacks", "--from", FROM),
      typeError: () => cli("plan", "test/fixtures/type-error", "--from", FROM),
      typecheck: () => cli("plan", "test/fixtures/type-error", "--from", FROM, "--typecheck"),
      exitsEarly: () => cli("plan", "test/fixtures/hostile/exits-early", "--from", FROM),
      neverSettles: () => cli("plan", "test/fixtures/hostile/never-settles", "--from", FROM),
      cycle: () => cli("plan", "test/fixtures/hostile/cycle", "--from", FROM),
      keepsAlive: () =>
        cli("plan", "test/fixtures/hostile/keeps-alive", "--from", FROM, "--timeout", "3"),
      timerAfterPlan: () =>
        cli("plan", "test/fixtures/hostile/timer-after-plan", "--from", FROM, "--format", "json"),
      programError: () => cli("plan", "test/fixtures/failing-apply", "--from", FROM),
      programErrorDebug: () =>
        cli("plan", "test/fixtures/failing-apply", "--from", FROM, "--debug"),
    };
    const names = Object.keys(jobs);
    const results = await pooled(names.map((n) => jobs[n]));
    names.forEach((n, i) => (r[n] = results[i]));
  });

  describe("help and version", () => {
    it("prints the commands for --help, -h and no arguments, exit 0", () => {
      // `help` as a command: npx keeps `--help` after the package name for itself.
      for (const k of ["help", "h", "noArgs", "helpCommand"]) {
        assert.equal(r[k].code, 0, k);
        assert.match(r[k].out, /^usage: pulumi-mlops-scheduling <command>/, k);
        assert.match(r[k].out, /plan \[program\] \[options\]/, k);
      }
    });
    it("prints the package version for --version", () => {
      const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
      assert.equal(r.version.code, 0);
      assert.equal(r.version.out, `${version}\n`);
      assert.equal(r.versionCommand.code, 0);
      assert.equal(r.versionCommand.out, `${version}\n`);
    });
    it("explains [program], --stack and every option for plan --help", () => {
      assert.equal(r.planHelp.code, 0);
      assert.equal(r.helpPlanCommand.out, r.planHelp.out);
      for (const o of [
        "program",
        "--stack",
        "--from",
        "--diff",
        "--policy",
        "--typecheck",
        "--timeout",
        "--debug",
      ])
        assert.match(r.planHelp.out, new RegExp(`^\\s+${o.replace(/-/g, "\\-")}\\b`, "m"), o);
      assert.match(r.planHelp.out, /secure:/);
    });
  });

  describe("usage errors are one line with a hint, exit 2", () => {
    it("an unknown command or option", () => {
      assert.equal(r.unknownCommand.code, 2);
      assert.equal(
        r.unknownCommand.err,
        'pulumi-mlops-scheduling: unknown option --nope.\n  The commands are plan, help and version; run "pulumi-mlops-scheduling help".\n',
      );
      assert.equal(
        r.unknownOption.err,
        `pulumi-mlops-scheduling: unknown option --form.\n  Did you mean --from? ${HINT}\n`,
      );
    });
    it("--from parses ISO 8601 strictly: no 30 February, no bare number, no time without a zone", () => {
      for (const [k, v] of [
        ["feb30", "2026-02-30"],
        ["twelve", "12"],
        ["noZone", "2026-11-27T00:00:00"],
      ]) {
        assert.equal(r[k].code, 2, k);
        assert.equal(
          r[k].err,
          `pulumi-mlops-scheduling: --from must be an ISO 8601 date or UTC time such as 2026-12-01 or 2026-12-01T06:00:00Z, got "${v}".\n  ${HINT}\n`,
        );
      }
    });
    it("--from takes a date (midnight UTC) and a time with an offset", () => {
      assert.equal(r.dateOnly.code, 0, r.dateOnly.err);
      assert.equal(JSON.parse(r.dateOnly.out).generatedFrom, "2026-11-27T00:00:00.000Z");
      assert.equal(r.offset.code, 0, r.offset.err);
      assert.equal(JSON.parse(r.offset.out).generatedFrom, "2026-11-27T00:00:00.000Z");
    });
    it("a --diff base with version 1 but missing fields fails against the schema before the program runs", () => {
      assert.equal(r.partialDiff.code, 2);
      assert.ok(r.partialDiff.err.split("\n")[0].length <= 200, r.partialDiff.err);
      assert.match(
        r.partialDiff.err,
        /^pulumi-mlops-scheduling: --diff .*partial\.json: not a plan written with --format json \(version 1 or 2\): \/ must have required property 'program'/,
      );
      // The program would have exited early (and said so): it never ran.
      assert.doesNotMatch(r.partialDiff.err, /process\.exit/);
      assert.doesNotMatch(r.partialDiff.err, /\n\s+at /);
    });
  });

  describe("config and policy files", () => {
    it("reads Pulumi.<stack>.yaml: plain, structured and project-default values; a secure value becomes a placeholder with one line", () => {
      const s = r.secureConfig;
      assert.equal(s.code, 0, s.err);
      assert.equal(
        s.err,
        'plan: config-project:logicAppUrl in Pulumi.dev.yaml is a secret that cannot be decrypted offline; the program gets the placeholder "[secret]"\n',
      );
      const rg = JSON.parse(s.out).resources.find((x: any) => x.name === "rg");
      assert.deepEqual(rg.inputs, {
        location: "westeurope",
        resourceGroupName: "rg-config",
        tags: { alerts: "[secret]", owners: "ops@example.com,ml@example.com" },
      });
    });
    it("reads the stack file beside a program that is its own project (pulumi -C dir), from any directory", () => {
      const s = r.secureConfigFromRoot;
      assert.equal(s.code, 0, s.err);
      assert.equal(s.err, r.secureConfig.err);
      assert.deepEqual(JSON.parse(s.out).resources, JSON.parse(r.secureConfig.out).resources);
    });
    it("without --stack uses the project's only stack file, else dev; refuses to guess between others", () => {
      // config-project has dev and bare: dev, Pulumi's first stack by convention.
      assert.equal(r.defaultStack.code, 0, r.defaultStack.err);
      assert.equal(JSON.parse(r.defaultStack.out).stack, "dev");
      assert.deepEqual(
        JSON.parse(r.defaultStack.out).resources,
        JSON.parse(r.secureConfig.out).resources,
      );
      // The repository root has only Pulumi.plan.yaml: `npm run plan` plans the reference stack with it.
      assert.equal(r.rootDefaultStack.code, 0, r.rootDefaultStack.err);
      const root = JSON.parse(r.rootDefaultStack.out);
      assert.equal(root.stack, "plan");
      assert.equal(root.program, "stacks/reference");
      assert.equal(r.twoStacks.code, 2);
      assert.equal(
        r.twoStacks.err,
        "plan: several stacks and no default: pick one with --stack (stacks here: prod, staging).\n  Without --stack the plan uses the only Pulumi.<stack>.yaml, else Pulumi.dev.yaml.\n",
      );
    });
    it("refuses an unknown stack, naming the stacks there", () => {
      assert.equal(r.unknownStack.code, 2);
      assert.match(
        r.unknownStack.err,
        /^plan: unknown stack "nosuchstack": no Pulumi\.nosuchstack\.yaml in .*config-project \(stacks here: bare, dev\)\.\n$/,
      );
    });
    it("reports missing required config in one line, not Pulumi's stack trace", () => {
      assert.equal(r.missingConfig.code, 2);
      assert.equal(
        r.missingConfig.err,
        `Program error: missing required configuration variable 'config-project:resourceGroupName'.\n  The plan reads Pulumi.<stack>.yaml (--stack; default: the only stack file, else dev); set it there.\n`,
      );
    });
    it("refuses a misspelled policy file key (schema/policy-v1.schema.json) with a suggestion", () => {
      assert.equal(r.misspelledPolicy.code, 2);
      assert.equal(
        r.misspelledPolicy.err,
        "Invalid input: policy: 'suppresions' is not a known key (known: peakHours, budgets, severities, suppressions), got [].\n  Did you mean 'suppressions'?\n  [NOT_ALLOWED]\n",
      );
    });
  });

  describe("--typecheck", () => {
    it("transpiling alone plans a misspelled property; --typecheck refuses it with the compiler's message", () => {
      assert.equal(r.typeError.code, 0, r.typeError.err);
      assert.equal(r.typecheck.code, 2);
      assert.match(
        r.typecheck.err,
        /^plan: --typecheck: 1 type error\(s\)\.\n {2}test\/fixtures\/type-error\/index\.ts\(4,\d+\): error TS2561: .*'locaton' does not exist in type 'ResourceGroupArgs'/,
      );
      assert.equal(r.typecheck.out, "");
    });
  });

  describe("programs that would break the exit-code contract exit 2 and say why", () => {
    it("process.exit(0) in the program", () => {
      assert.equal(r.exitsEarly.code, 2);
      assert.equal(
        r.exitsEarly.err,
        "plan: the program exited (process.exit(0)) before the plan was written: nothing was checked.\n",
      );
      assert.equal(r.exitsEarly.out, "");
    });
    it("an input that never resolves (Pulumi's leak message would have exited 1)", () => {
      assert.equal(r.neverSettles.code, 2);
      assert.equal(
        r.neverSettles.err,
        "plan: the program never settled: 1 resource(s) never registered because an input never resolved: stuck (an Output or promise that never settles, or a cyclic dependency between these resources).\n",
      );
      assert.doesNotMatch(r.neverSettles.err, /Pulumi runtime detected/);
    });
    it("a cyclic dependency between two resources names both", () => {
      assert.equal(r.cycle.code, 2);
      assert.match(r.cycle.err, /^plan: the program never settled: 2 resource\(s\) .*: a, b \(/);
    });
    it("a timer that keeps the event loop alive while an input never resolves hits --timeout", () => {
      assert.equal(r.keepsAlive.code, 2);
      assert.match(
        r.keepsAlive.err,
        /^plan: the program did not finish within 3 s \(--timeout\): 1 resource\(s\) never registered .*\n(.*\n)*.*a timer or open handle may keep it running\n$/,
      );
    });
    it("a timer left running after every resource registered does not hang the plan", () => {
      assert.equal(r.timerAfterPlan.code, 0, r.timerAfterPlan.err);
      assert.equal(JSON.parse(r.timerAfterPlan.out).resources.length, 1);
    });
    it("a program error is its message and where it was thrown; --debug gives the full stack", () => {
      const lines = r.programError.err.trimEnd().split("\n");
      assert.equal(r.programError.code, 2);
      assert.equal(
        lines[0],
        'Error: error serializing property "accountName": cannot derive an account name from lake.',
      );
      assert.ok(lines.length <= 3, r.programError.err);
      assert.equal(lines.at(-1), "  (run with --debug for the full stack)");
      assert.equal(r.programErrorDebug.code, 2);
      assert.ok(r.programErrorDebug.err.split("\n").length > lines.length, r.programErrorDebug.err);
    });
  });
});
