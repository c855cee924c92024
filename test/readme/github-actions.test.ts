/**
 * The guide's GitHub Actions job (docs/guide/offline-plan.md, linked from the README's "Offline
 * plan"), run the way Actions runs it: each `run:` script under
 * `bash --noprofile --norc -eo pipefail`, `${{ }}` expressions substituted, `if:` conditions
 * honoured, `GITHUB_OUTPUT` collected. `npm ci` is a no-op, `npx --no pulumi-mlops-scheduling`
 * is the real CLI of this checkout, and `gh` is a stub that records its arguments, environment
 * and the comment body. (Issue 9 item 1.)
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { ROOT } from "../support/cli";
import { markdownBlocks } from "./blocks";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require(
  require.resolve("js-yaml", {
    paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))],
  }),
);

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  "working-directory"?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions: Record<string, string>;
  env: Record<string, string>;
  steps: Step[];
}

/** Where the job is documented (moved out of the README with the rest of the plan's reference). */
const GUIDE = "docs/guide/offline-plan.md";

function readJob(): Job {
  const block = markdownBlocks(GUIDE, "yaml").find((b) => /^plan:\n/.test(b));
  assert.ok(block, `${GUIDE} has the \`plan:\` job`);
  return yaml.load(block).plan;
}

const CONTEXT: Record<string, string> = {
  "github.repository": "contoso/mlops",
  "github.token": "ghs_test",
  "github.event.pull_request.number": "42",
  "github.base_ref": "main",
};

/** `${{ expr }}` the way Actions substitutes it into a script, for the expressions the job uses. */
function substitute(text: string, outputs: Record<string, Record<string, string>>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const step = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (step) return outputs[step[1]]?.[step[2]] ?? "";
    if (expr in CONTEXT) return CONTEXT[expr];
    throw new Error(`expression not simulated: ${expr}`);
  });
}

/** The job's `if:` conditions: `always()` and `steps.<id>.outputs.<name> != ''`. */
function shouldRun(
  cond: string | undefined,
  failed: boolean,
  outputs: Record<string, Record<string, string>>,
): boolean {
  if (cond === undefined) return !failed;
  return cond.split("&&").every((part) => {
    const p = part.trim();
    if (p === "always()") return true;
    const m = /^steps\.([\w-]+)\.outputs\.([\w-]+) != ''$/.exec(p);
    if (m) return (outputs[m[1]]?.[m[2]] ?? "") !== "";
    throw new Error(`condition not simulated: ${p}`);
  });
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const file = path.join(cwd, "..", `.step-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(file, script);
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], {
      cwd,
      env,
      stdio: ["ignore", "ignore", "ignore"],
    });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const STUBS: Record<string, string> = {
  npm: `#!/bin/sh\n[ "$1" = ci ] && exit 0\necho "npm $* not simulated" >&2; exit 127\n`,
  // Only `npx --no pulumi-mlops-scheduling ...` may run: anything else would reach the registry.
  npx: `#!/bin/sh
if [ "$1" != --no ] || [ "$2" != pulumi-mlops-scheduling ]; then echo "npx $* would reach the registry" >&2; exit 127; fi
shift 2
exec "${process.execPath}" "${require.resolve("ts-node/dist/bin")}" --transpile-only "${path.join(ROOT, "bin/cli.ts")}" "$@"
`,
  // Records every call; \`--edit-last\` fails the first time, as when the PR has no comment yet.
  gh: `#!/bin/sh
{ printf 'ARGS'; for a in "$@"; do printf ' %s' "$a"; done; printf '\\nGH_REPO=%s GH_TOKEN=%s\\n' "$GH_REPO" "$GH_TOKEN"; } >> "$GH_LOG"
for a in "$@"; do [ "$a" = --edit-last ] && [ ! -f "$GH_LOG.commented" ] && { echo "no comment to edit" >&2; exit 1; }; done
prev=; for a in "$@"; do [ "$prev" = --body-file ] && { echo "BODY<<"; cat "$a"; echo ">>BODY"; } >> "$GH_LOG"; prev=$a; done
touch "$GH_LOG.commented"
`,
};

interface JobRun {
  stepCodes: Record<string, number | "skipped">;
  failed: boolean;
  gh: string;
  dir: string;
}

/** Runs the job on a workspace whose base and head checkouts plan the given programs. */
async function runJob(job: Job, base: string | undefined, head: string): Promise<JobRun> {
  const dir = mkdtempSync(path.join(tmpdir(), "gha-"));
  const bin = path.join(dir, "stub-bin");
  mkdirSync(bin);
  for (const [name, text] of Object.entries(STUBS)) {
    writeFileSync(path.join(bin, name), text);
    chmodSync(path.join(bin, name), 0o755);
  }
  for (const [checkout, program] of [
    ["base", base],
    ["head", head],
  ] as const) {
    mkdirSync(path.join(dir, checkout));
    // A checkout whose project plans the given program (none: a base without the package).
    if (program)
      writeFileSync(
        path.join(dir, checkout, "Pulumi.yaml"),
        `name: app\nruntime: nodejs\nmain: ${path.join(ROOT, program)}\n`,
      );
  }
  const ghLog = path.join(dir, "gh.log");
  const outputs: Record<string, Record<string, string>> = {};
  const stepCodes: JobRun["stepCodes"] = {};
  let failed = false;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    GH_LOG: ghLog,
    PULUMI_CONFIG: "",
  };
  for (const [k, v] of Object.entries(job.env)) env[k] = substitute(String(v), outputs);
  for (const [i, step] of job.steps.entries()) {
    const label = step.name ?? step.uses ?? `step ${i}`;
    if (!shouldRun(step.if, failed, outputs) || !step.run) {
      stepCodes[label] = "skipped";
      continue;
    }
    const outFile = path.join(dir, `.output-${i}`);
    writeFileSync(outFile, "");
    const code = await bash(
      substitute(step.run, outputs),
      path.join(dir, step["working-directory"] ?? "."),
      { ...env, GITHUB_OUTPUT: outFile },
    );
    stepCodes[label] = code;
    if (step.id)
      outputs[step.id] = Object.fromEntries(
        readFileSync(outFile, "utf8")
          .split("\n")
          .filter((l) => l.includes("="))
          .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );
    if (code !== 0) failed = true;
  }
  return { stepCodes, failed, gh: existsSync(ghLog) ? readFileSync(ghLog, "utf8") : "", dir };
}

describe("The guide's GitHub Actions job (run with the real CLI and a stub gh)", function () {
  this.timeout(0); // four simulated jobs of three CLI runs each
  const job = readJob();
  const runs: Record<string, JobRun> = {};

  before(async () => {
    const [mandatory, broken, clean, firstPr] = await Promise.all([
      runJob(job, "test/fixtures/diff/base", "test/fixtures/noncompliant-program"),
      runJob(job, "test/fixtures/diff/base", "test/fixtures/invalid-program"),
      runJob(job, "test/fixtures/diff/base", "test/fixtures/diff/head"),
      runJob(job, undefined, "test/fixtures/diff/head"),
    ]);
    Object.assign(runs, { mandatory, broken, clean, firstPr });
  });

  it("keeps contents: read beside pull-requests: write, sets GH_REPO, and calls npx with --no only", () => {
    assert.deepEqual(job.permissions, { contents: "read", "pull-requests": "write" });
    assert.equal(job.env.GH_REPO, "${{ github.repository }}");
    const scripts = job.steps.map((s) => s.run ?? "").join("\n");
    const npx = scripts.match(/\bnpx\b[^\n]*/g) ?? [];
    assert.ok(npx.length >= 3);
    for (const call of npx) assert.match(call, /^npx --no pulumi-mlops-scheduling /, call);
    const upload = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact"));
    assert.equal(upload?.if, "always()", "the calendar is uploaded whatever the plan found");
  });

  it("on a mandatory finding (exit 1): posts the comment with the findings, then fails the job", () => {
    const r = runs.mandatory;
    assert.equal(
      r.stepCodes["Plan the pull request"],
      0,
      "the plan's status is captured, not fatal",
    );
    assert.equal(r.stepCodes["Comment on the pull request"], 0);
    assert.equal(r.stepCodes["Fail on mandatory findings (1) or a broken program (2)"], 1);
    assert.ok(r.failed);
    assert.match(
      r.gh,
      /^ARGS pr comment 42 --edit-last --body-file comment\.md\nGH_REPO=contoso\/mlops GH_TOKEN=ghs_test$/m,
    );
    assert.match(
      r.gh,
      /^ARGS pr comment 42 --body-file comment\.md$/m,
      "falls back to a new comment",
    );
    assert.match(r.gh, /\*\*4 mandatory\*\*/);
    assert.match(r.gh, /\*\*Plan exit code 1\*\*/);
    assert.ok(existsSync(path.join(r.dir, "calendar.svg")), "the calendar is drawn");
  });

  it("on a broken program (exit 2): posts the error in the comment, then fails the job with 2", () => {
    const r = runs.broken;
    assert.equal(r.stepCodes["Comment on the pull request"], 0);
    assert.equal(r.stepCodes["Fail on mandatory findings (1) or a broken program (2)"], 2);
    assert.match(r.gh, /\*\*Plan exit code 2\*\*/);
    assert.match(r.gh, /Invalid input: TumblingWindowTrigger 'hourly': 'maxConcurrency'/);
  });

  it("on a clean plan (exit 0): posts the diff and the plan, the job passes", () => {
    const r = runs.clean;
    assert.equal(r.failed, false, JSON.stringify(r.stepCodes));
    assert.equal(r.stepCodes["Fail on mandatory findings (1) or a broken program (2)"], 0);
    assert.match(r.gh, /twice-daily-scoring-schedule/);
    assert.match(r.gh, /➕ added/, "compared with the base plan");
    assert.doesNotMatch(r.gh, /Plan exit code/);
  });

  it("when the base branch does not have the package yet: no diff, the pull request is still planned", () => {
    const r = runs.firstPr;
    assert.equal(r.failed, false, JSON.stringify(r.stepCodes));
    assert.ok(!existsSync(path.join(r.dir, "base.json")));
    assert.doesNotMatch(r.gh, /➕ added/);
    assert.match(r.gh, /twice-daily-scoring-schedule/);
  });
});
