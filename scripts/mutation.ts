/**
 * Mutation testing of the Pulumi-free modules (`npm run test:mutation`), one module at a time.
 *
 *   npm run test:mutation                         every enforced module
 *   npm run test:mutation -- lib/core/duration.ts one module (or several; pending ones too)
 *   npm run test:mutation -- --changed            the modules whose fingerprint differs from
 *                                                 test/mutation/scores.json (what .ci/run runs)
 *   npm run test:mutation -- --since origin/main  the modules whose files differ from a git ref
 *   npm run test:mutation -- --all                enforced and pending modules
 *   npm run test:mutation -- --list               the modules, their tests and recorded scores
 *   npm run test:mutation -- --from-report <m>    re-score from the last report (after editing
 *                                                 equivalent.json), without running Stryker
 *   npm run test:mutation -- --concurrency 2 <m>  two Stryker test runners (default 1)
 *
 * Each module runs in its own Stryker process with only the test files that exercise it (per-test
 * coverage, concurrency 1 unless `--concurrency` says otherwise: the machines are shared). Its
 * score counts the mutants listed in test/mutation/equivalent.json as neither killed nor
 * survived; it fails below THRESHOLD. A
 * module's fingerprint hashes its source, its test files and the test helpers they import, and
 * its equivalent-mutant entries: a run records it in
 * test/mutation/scores.json, and `--changed` re-runs only modules whose fingerprint moved, so a
 * clean clone of main needs no base ref.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";

/** Minimum mutation score (percent) of every enforced module. */
const THRESHOLD = 95;

interface ModuleSpec {
  /** Test files that exercise the module (mocha specs, relative to the repository). */
  readonly tests: readonly string[];
  /** Below THRESHOLD fails the run; false: run only when named or with --all, never fails. */
  readonly enforced: boolean;
}

const MODULES: Record<string, ModuleSpec> = {
  "lib/core/duration.ts": { tests: ["test/core/duration.test.ts"], enforced: true },
  "lib/schedule/tumbling.ts": {
    tests: ["test/schedule/tumbling.test.ts", "test/schedule/timeline.test.ts"],
    enforced: true,
  },
  "lib/backup/lifecycle.ts": { tests: ["test/backup/lifecycle.test.ts"], enforced: true },
  "lib/ml/traffic.ts": { tests: ["test/ml/traffic.test.ts"], enforced: true },
  "lib/plan/mask.ts": { tests: ["test/plan/mask.test.ts"], enforced: true },
  "lib/core/iso.ts": {
    tests: ["test/core/iso.test.ts", "test/core/check.test.ts"],
    enforced: true,
  },
  "lib/core/naming.ts": { tests: ["test/core/naming.test.ts"], enforced: true },
  "lib/core/storage-path.ts": { tests: ["test/core/storage-path.test.ts"], enforced: true },
  "lib/core/recurrence.ts": {
    tests: [
      "test/core/recurrence.test.ts",
      "test/core/rejected-recurrence.test.ts",
      "test/core/recurrence-mutation.test.ts",
    ],
    enforced: true,
  },
  "lib/core/timezone.ts": {
    tests: ["test/core/timezone.test.ts", "test/core/timezone-mutation.test.ts"],
    enforced: true,
  },
  "lib/core/errors.ts": {
    tests: ["test/core/check.test.ts", "test/core/errors-mutation.test.ts"],
    enforced: true,
  },
  "lib/schedule/firings.ts": {
    tests: ["test/schedule/firings.test.ts", "test/schedule/firings-mutation.test.ts"],
    enforced: true,
  },
  "lib/schedule/indexer.ts": {
    tests: ["test/schedule/indexer-mutation.test.ts"],
    enforced: true,
  },
  "lib/schedule/ml-cron.ts": {
    tests: ["test/schedule/ml-cron-mutation.test.ts"],
    enforced: true,
  },
  "lib/schedule/timeline.ts": {
    tests: ["test/schedule/timeline.test.ts", "test/schedule/timeline-mutation.test.ts"],
    enforced: true,
  },
  "lib/schedule/ml-timeline.ts": {
    tests: ["test/schedule/ml-timeline-mutation.test.ts"],
    enforced: true,
  },
};

interface Equivalent {
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  /** The source text Stryker replaced (the report's mutated span). */
  readonly original: string;
  readonly replacement: string;
  readonly reason: string;
}

interface Score {
  readonly score: number;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly equivalent: number;
  readonly fingerprint: string;
}

interface ReportMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: {
    readonly start: { line: number; column: number };
    readonly end: { line: number; column: number };
  };
}

const root = path.resolve(__dirname, "..");
const out = (text: string) => process.stdout.write(`${text}\n`);
const rel = (p: string) => path.relative(root, p).split(path.sep).join("/");
const EQUIVALENT_FILE = "test/mutation/equivalent.json";
const SCORES_FILE = "test/mutation/scores.json";
const WORK = ".stryker-tmp";
const REPORTS = "reports/mutation";

const equivalents: Equivalent[] = JSON.parse(
  readFileSync(path.join(root, EQUIVALENT_FILE), "utf8"),
);
const recorded: Record<string, Score> = existsSync(path.join(root, SCORES_FILE))
  ? JSON.parse(readFileSync(path.join(root, SCORES_FILE), "utf8"))
  : {};

/** `file` and the files it imports relatively, transitively; `keep` filters the imports followed. */
function closure(
  file: string,
  keep: (f: string) => boolean,
  seen = new Set<string>(),
): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(path.join(root, file), "utf8");
  for (const m of text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)) {
    const base = path.join(root, path.dirname(file), m[1]);
    const target = [`${base}.ts`, path.join(base, "index.ts")].find(existsSync);
    if (target && keep(rel(target))) closure(rel(target), keep, seen);
  }
  return seen;
}

/**
 * The files whose change re-runs a module under `--changed`: the module, its test files and the
 * test helpers they import. Not the lib files it imports: a change there rarely moves this
 * module's score, and following them would re-run most modules on any change to lib/core (name
 * the module, or use `--since`, to re-run it then).
 */
function inputs(module: string): string[] {
  const files = new Set([module]);
  for (const t of MODULES[module].tests) closure(t, (f) => !f.startsWith("lib/"), files);
  return [...files].sort();
}

function fingerprint(module: string): string {
  const h = createHash("sha256");
  h.update(JSON.stringify({ tests: MODULES[module].tests, threshold: THRESHOLD }));
  for (const f of inputs(module)) h.update(`\0${f}\0`).update(readFileSync(path.join(root, f)));
  h.update(JSON.stringify(equivalents.filter((e) => e.file === module)));
  return h.digest("hex").slice(0, 16);
}

const slug = (module: string) => module.replace(/\.ts$/, "").replace(/[/\\]/g, "-");

function strykerConfig(module: string, force: boolean, concurrency: number) {
  return {
    testRunner: "mocha",
    mutate: [module],
    coverageAnalysis: "perTest",
    concurrency,
    reporters: ["clear-text", "progress-append-only", "json"],
    clearTextReporter: { logTests: false, allowEmojis: false, allowColor: false },
    jsonReporter: { fileName: `${REPORTS}/${slug(module)}.json` },
    mochaOptions: {
      // The project's .mocharc.json runs every spec in parallel; this one is serial, one module's.
      config: "test/mutation/mocharc.json",
      "no-package": true,
      spec: MODULES[module].tests,
    },
    incremental: !force,
    incrementalFile: `${REPORTS}/incremental/${slug(module)}.json`,
    tempDirName: WORK,
    ignorePatterns: ["dist", "reports", "bench", "test/engine", "test/consumer"],
    timeoutMS: 10000,
    thresholds: { high: THRESHOLD, low: THRESHOLD - 5, break: null },
  };
}

/** The report's source text of a mutant's span (lines and columns are 1-based). */
function spanText(source: string[], m: ReportMutant): string {
  const { start, end } = m.location;
  if (start.line === end.line)
    return source[start.line - 1].slice(start.column - 1, end.column - 1);
  return [
    source[start.line - 1].slice(start.column - 1),
    ...source.slice(start.line, end.line - 1),
    source[end.line - 1].slice(0, end.column - 1),
  ].join("\n");
}

function runModule(
  module: string,
  force: boolean,
  fromReport: boolean,
  concurrency: number,
): Score | undefined {
  if (fromReport) return score(module);
  mkdirSync(path.join(root, WORK), { recursive: true });
  const config = path.join(root, WORK, `${slug(module)}.config.json`);
  writeFileSync(config, JSON.stringify(strykerConfig(module, force, concurrency), null, 2));
  const t0 = Date.now();
  const run = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/@stryker-mutator/core/bin/stryker.js"), "run", config],
    { cwd: root, stdio: "inherit" },
  );
  const seconds = Math.round((Date.now() - t0) / 1000);
  if (run.status !== 0) {
    console.error(`mutation: ${module}: Stryker exited with ${run.status} after ${seconds} s`);
    return undefined;
  }
  out(`mutation: ${module} ran in ${seconds} s`);
  return score(module);
}

/** The module's score from its last Stryker report, with the equivalent mutants listed now. */
function score(module: string): Score | undefined {
  const file = path.join(root, REPORTS, `${slug(module)}.json`);
  if (!existsSync(file)) {
    console.error(`mutation: ${module}: no report in ${REPORTS}: run it first`);
    return undefined;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  const entry = report.files[module] ?? report.files[path.join(root, module)];
  if (entry.source !== readFileSync(path.join(root, module), "utf8")) {
    console.error(`mutation: ${module} changed since its last report: run it again`);
    return undefined;
  }
  const mutants: ReportMutant[] = entry.mutants;
  const source: string[] = entry.source.split("\n");
  const count = (s: string) => mutants.filter((m) => m.status === s).length;
  const listed = equivalents.filter((e) => e.file === module);
  const used = new Set<Equivalent>();
  let equivalent = 0;
  for (const m of mutants) {
    if (m.status !== "Survived" && m.status !== "NoCoverage") continue;
    const candidates = listed.filter(
      (e) =>
        !used.has(e) &&
        e.mutator === m.mutatorName &&
        e.replacement === m.replacement &&
        e.original === spanText(source, m),
    );
    if (candidates.length === 0) continue;
    const near = candidates.sort(
      (a, b) => Math.abs(a.line - m.location.start.line) - Math.abs(b.line - m.location.start.line),
    )[0];
    used.add(near);
    equivalent++;
  }
  for (const e of listed.filter((x) => !used.has(x))) {
    console.warn(
      `mutation: ${module}:${e.line}: equivalent-mutant entry ${e.mutator} → ${JSON.stringify(e.replacement)} matches no surviving mutant (stale: update ${EQUIVALENT_FILE})`,
    );
  }
  const killed = count("Killed");
  const timeout = count("Timeout");
  const undetected = count("Survived") + count("NoCoverage") - equivalent;
  const valid = killed + timeout + undetected;
  const percent = valid === 0 ? 100 : Math.floor(((killed + timeout) / valid) * 10000) / 100;
  return {
    score: percent,
    killed,
    timeout,
    survived: count("Survived"),
    noCoverage: count("NoCoverage"),
    equivalent,
    fingerprint: fingerprint(module),
  };
}

function line(module: string, s: Score | undefined, note: string): string {
  if (!s) return `mutation: ${module.padEnd(26)}   n/a  ${note}`;
  const verdict = !MODULES[module].enforced
    ? "(pending, not enforced)"
    : s.score >= THRESHOLD
      ? `>= ${THRESHOLD} ok`
      : `< ${THRESHOLD} FAIL`;
  return (
    `mutation: ${module.padEnd(26)} ${s.score.toFixed(2).padStart(6)}% ${verdict}` +
    ` (killed ${s.killed + s.timeout}, survived ${s.survived}, no coverage ${s.noCoverage},` +
    ` equivalent ${s.equivalent})${note}`
  );
}

function changedSince(ref: string): Set<string> {
  const diff = spawnSync("git", ["diff", "--name-only", ref, "--"], {
    cwd: root,
    encoding: "utf8",
  });
  if (diff.status !== 0) throw new Error(`git diff ${ref} failed: ${diff.stderr}`);
  const untracked = spawnSync("git", ["ls-files", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  return new Set([...diff.stdout.split("\n"), ...untracked.stdout.split("\n")].filter(Boolean));
}

function main(argv: string[]): number {
  const flag = (f: string) => argv.includes(f);
  const value = (f: string) => (argv.includes(f) ? argv[argv.indexOf(f) + 1] : undefined);
  const since = value("--since");
  const concurrency = Number(value("--concurrency") ?? 1);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    console.error(
      `mutation: --concurrency must be a positive integer, got ${value("--concurrency")}`,
    );
    return 2;
  }
  const named = argv.filter(
    (a, i) => !a.startsWith("--") && argv[i - 1] !== "--since" && argv[i - 1] !== "--concurrency",
  );
  for (const m of named) {
    if (!MODULES[m]) {
      console.error(`mutation: unknown module ${m}; modules: ${Object.keys(MODULES).join(", ")}`);
      return 2;
    }
  }
  if (flag("--list")) {
    for (const [m, spec] of Object.entries(MODULES)) {
      const stale = recorded[m]?.fingerprint !== fingerprint(m) ? " (changed since recorded)" : "";
      out(line(m, recorded[m], `${stale}\n    tests: ${spec.tests.join(" ")}`));
    }
    return 0;
  }
  const all = Object.keys(MODULES).filter((m) => flag("--all") || MODULES[m].enforced);
  let selected = named.length > 0 ? named : all;
  if (flag("--changed")) {
    selected = selected.filter((m) => recorded[m]?.fingerprint !== fingerprint(m));
  } else if (since) {
    const changed = changedSince(since);
    selected = selected.filter((m) => inputs(m).some((f) => changed.has(f)));
  }
  const results = new Map<string, Score | undefined>();
  for (const m of selected) {
    out(`mutation: ${m} (tests: ${MODULES[m].tests.join(" ")})`);
    const s = runModule(m, flag("--force"), flag("--from-report"), concurrency);
    results.set(m, s);
    if (s) {
      // Re-read: another run (of other modules) may have recorded scores meanwhile.
      if (existsSync(path.join(root, SCORES_FILE))) {
        Object.assign(recorded, JSON.parse(readFileSync(path.join(root, SCORES_FILE), "utf8")));
      }
      recorded[m] = s;
      const sorted = Object.fromEntries(
        Object.entries(recorded).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
      writeFileSync(path.join(root, SCORES_FILE), `${JSON.stringify(sorted, null, 2)}\n`);
    }
  }
  out("");
  let failed = 0;
  for (const m of named.length > 0 ? named : all) {
    if (results.has(m)) {
      const s = results.get(m);
      if (!s || (MODULES[m].enforced && s.score < THRESHOLD)) failed++;
      out(line(m, s, s ? "" : "(Stryker failed)"));
    } else {
      const unchanged = recorded[m]?.fingerprint === fingerprint(m);
      out(line(m, recorded[m], unchanged ? " (recorded, unchanged)" : " (not run)"));
    }
  }
  out(
    `mutation: ${results.size} module(s) run, ${failed} below ${THRESHOLD}% or failed` +
      (results.size === 0 ? " (nothing changed since the recorded scores)" : ""),
  );
  return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
