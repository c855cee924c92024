#!/usr/bin/env node
/**
 * pulumi-mlops-scheduling command line: `plan` runs a Pulumi program under mocks (no Azure calls,
 * no credentials) and renders its resources, every schedule's firings, the data flow and
 * best-practice findings. `--help` for the options.
 * Exit codes: 0 no mandatory finding, 1 mandatory finding(s), 2 program or usage error.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
// Only types at load: `--help` and `--version` start without loading Pulumi (the plan loads it).
import type { PlanDocument } from "../lib/plan";
import { errorReport } from "../lib/plan/error-report";
import { nearMiss } from "../lib/core/errors";
import { parseIsoInstant } from "../lib/core/iso";

/** The plan library, loaded when a plan is asked for. */
function lib(): typeof import("../lib/plan") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../lib/plan");
}

const BIN = "pulumi-mlops-scheduling";

const HELP = `usage: ${BIN} <command> [options]

Commands:
  plan [program] [options]   offline plan of a Pulumi program (no Azure calls, no credentials)
  help [plan]                this help, or the plan's options
  version                    the package version

Options:
  -h, --help                 this help ("${BIN} plan --help" for the plan's options)
  --version                  the package version

Through npx, write the commands: "npx --no ${BIN} help", "npx --no ${BIN} version"
(npx takes a flag right after the package name as its own: "npx --no ${BIN} -- --help").`;

const PLAN_HELP = `usage: ${BIN} plan [program] [options]

Runs a Pulumi program under mocks (no Azure calls, no credentials) and shows its resources, every
schedule's firings, the data flow and best-practice findings.

  program              the program's directory or file (default: "main:" of Pulumi.yaml, else ".").
                       TypeScript is transpiled with the project's own "typescript" package
  --stack NAME         read config from Pulumi.NAME.yaml (default: the project's only
                       Pulumi.<stack>.yaml, else "dev"; without the file, no config). "secure:"
                       values cannot be decrypted offline: placeholder "[secret]"
  --from ISO           "now" for firings and backfill, e.g. 2026-12-01 or 2026-12-01T06:00:00Z
                       (default: the current time; fix it in CI)
  --days N             days of firings (1-366, default 7)
  --count N            firings listed per trigger in text / markdown (default 5 / 3)
  --format F           text (default) | markdown (PR comment) | json (contract v1) | svg (calendar)
  --out FILE           write there instead of stdout
  --diff BASE.json     compare with a plan written earlier with --format json
  --peak-hours H       hours when runs should not start: 8-18 (UTC) or "8-18@W. Europe Standard Time"
  --policy FILE        severities and suppressions (default: mlops-policy.json when present;
                       schema/policy-v1.schema.json)
  --prices FILE        unit prices for the cost estimate (region, currency, agreement) laid over
                       the built-in East US USD table (schema/prices-v1.schema.json)
  --typecheck          type-check the project (its tsconfig.json) before planning
  --timeout SECONDS    give up on a program that does not finish (default 300)
  --contract 1|2       JSON contract version to write (default: the lowest that fits; 1 omits
                       version-2 schedule kinds: alerts, Azure ML schedules)
  --debug              full stack traces (slower: keeps the Pulumi SDK's own traces)
  -h, --help           this help

Exit: 0 no mandatory finding, 1 mandatory finding(s), 2 program or usage error.`;

/** A bad command line: one line on stderr with a hint, exit 2. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly hint = `Run "${BIN} plan --help" for the options.`,
  ) {
    super(message);
  }
}

const FORMATS = ["text", "markdown", "json", "svg"] as const;

/** The plan's options, for near-miss suggestions (`--form`: did you mean `--from`?). */
const OPTIONS = [
  "--help",
  "--from",
  "--days",
  "--count",
  "--timeout",
  "--format",
  "--stack",
  "--out",
  "--diff",
  "--peak-hours",
  "--policy",
  "--typecheck",
  "--debug",
  "--contract",
];
type Format = (typeof FORMATS)[number];

interface Args {
  program?: string;
  stack?: string;
  from?: Date;
  days?: number;
  count?: number;
  format: Format;
  out?: string;
  diff?: string;
  peakHours?: string;
  policy?: string;
  prices?: string;
  typecheck: boolean;
  timeoutSeconds: number;
  debug: boolean;
  contract?: 1 | 2;
}

type Parsed = { kind: "help"; text: string } | { kind: "version" } | { kind: "plan"; args: Args };

/**
 * Strict ISO 8601: a calendar date (midnight UTC) or a date and time with `Z` or an offset. Days
 * that do not exist (`2026-02-30`), bare numbers and times without a zone are refused, where
 * `new Date` would guess.
 */
function parseFrom(text: string): Date | undefined {
  const ms = parseIsoInstant(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return ms === undefined ? undefined : new Date(ms);
}

function parseArgs(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  // `help` and `version` as commands too: npx reads flags right after the package name as its own
  // (`npx --no pulumi-mlops-scheduling --help` prints npm's help), never passing them on.
  if (command === undefined || command === "-h" || command === "--help")
    return { kind: "help", text: HELP };
  if (command === "help") return { kind: "help", text: rest[0] === "plan" ? PLAN_HELP : HELP };
  if (command === "--version" || command === "version") return { kind: "version" };
  if (command !== "plan")
    throw new UsageError(
      command.startsWith("-") ? `unknown option ${command}` : `unknown command "${command}"`,
      `The commands are plan, help and version; run "${BIN} help".`,
    );
  const args: Args = { format: "text", typecheck: false, timeoutSeconds: 300, debug: false };
  const int = (flag: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max)
      throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${v}"`);
    return n;
  };
  for (let i = 0; i < rest.length; i++) {
    // `--days=3` reads as `--days 3`.
    const eq = /^(--[a-z-]+)=(.*)$/s.exec(rest[i]);
    const arg = eq ? eq[1] : rest[i];
    const value = () => {
      const v = eq ? eq[2] : rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case "-h":
      case "--help":
        return { kind: "help", text: PLAN_HELP };
      case "--from": {
        const v = value();
        const from = parseFrom(v);
        if (!from)
          throw new UsageError(
            `--from must be an ISO 8601 date or UTC time such as 2026-12-01 or 2026-12-01T06:00:00Z, got "${v}"`,
          );
        args.from = from;
        break;
      }
      case "--days":
        args.days = int(arg, value(), 1, 366);
        break;
      case "--count":
        args.count = int(arg, value(), 1, 1000);
        break;
      case "--timeout":
        args.timeoutSeconds = int(arg, value(), 1, 86_400);
        break;
      case "--format": {
        const v = value();
        if (!FORMATS.includes(v as Format))
          throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got "${v}"`);
        args.format = v as Format;
        break;
      }
      case "--stack":
        args.stack = value();
        break;
      case "--out":
        args.out = value();
        break;
      case "--diff":
        args.diff = value();
        break;
      case "--peak-hours":
        args.peakHours = value();
        break;
      case "--policy":
        args.policy = value();
        break;
      case "--prices":
        args.prices = value();
        break;
      case "--typecheck":
        args.typecheck = true;
        break;
      case "--debug":
        args.debug = true;
        break;
      case "--contract":
        args.contract = int(arg, value(), 1, 2) as 1 | 2;
        break;
      default:
        if (arg.startsWith("-")) {
          const near = nearMiss(arg, OPTIONS);
          throw new UsageError(
            `unknown option ${arg}`,
            `${near ? `Did you mean ${near}? ` : ""}Run "${BIN} plan --help" for the options.`,
          );
        }
        if (args.program)
          throw new UsageError(`one program only (got "${args.program}" and "${arg}")`);
        args.program = arg;
    }
  }
  return { kind: "plan", args };
}

/** The `--diff` base, checked against the published plan schema before the program runs. */
function readBase(file: string): PlanDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(
      `--diff ${file}: not a readable JSON plan (${(e as Error).message.split("\n")[0]})`,
      `Write the base with "${BIN} plan --format json --out ${file}".`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { schemaErrors } = require("../lib/plan/schema") as typeof import("../lib/plan/schema");
  const errors = schemaErrors("plan-v1", doc);
  if (errors.length)
    throw new UsageError(
      `--diff ${file}: not a plan written with --format json (version 1 or 2): ${errors.slice(0, 3).join("; ")}${errors.length > 3 ? `; and ${errors.length - 3} more` : ""}`,
      `Write the base with "${BIN} plan --format json --out ${file}".`,
    );
  return doc as PlanDocument;
}

function render(args: Args, plan: PlanDocument, base: PlanDocument | undefined): string {
  const opts = args.count ? { count: args.count } : {};
  if (base) {
    const d = lib().diffPlans(base, plan);
    if (args.format === "json") return JSON.stringify(d, null, 2) + "\n";
    if (args.format === "markdown")
      return lib().renderDiffMarkdown(d) + "\n" + lib().renderMarkdown(plan, opts);
    if (args.format === "svg") return lib().renderDiffSvg(d, base, plan);
    return lib().renderDiffText(d) + "\n" + lib().renderText(plan, opts);
  }
  if (args.format === "json") return JSON.stringify(plan, null, 2) + "\n";
  if (args.format === "markdown") return lib().renderMarkdown(plan, opts);
  if (args.format === "svg") return lib().renderSvg(plan);
  return lib().renderText(plan, opts);
}

function version(): string {
  const file = [
    path.resolve(__dirname, "../package.json"),
    path.resolve(__dirname, "../../package.json"),
  ].find((f) => existsSync(f) && JSON.parse(readFileSync(f, "utf8")).name === BIN);
  return file ? JSON.parse(readFileSync(file, "utf8")).version : "unknown";
}

/** Exits once stdout has taken everything written (a pipe may still be draining). */
function exit(code: number): never {
  process.stdout.write("", () => process.exit(code));
  // The program may keep timers alive; nothing else is left to do.
  return undefined as never;
}

/** Set once the plan is written or an error reported: later exits are ours, not the program's. */
let finished = false;

/**
 * Plans under guards that keep the exit-code contract whatever the program does: it calls
 * `process.exit` before the plan is written, its promises never settle (the event loop empties
 * with resources still waiting), or it runs past the time limit (a timer keeps it alive).
 */
async function plan(args: Args): Promise<number> {
  const base = args.diff ? readBase(args.diff) : undefined;
  const fail = (message: string) => {
    if (finished) return;
    finished = true;
    console.error(errorReport("plan", message));
    process.exitCode = 2;
  };
  process.on("exit", (code) => {
    if (!finished)
      fail(
        `the program exited (process.exit(${code})) before the plan was written: nothing was checked`,
      );
  });
  process.on("beforeExit", () => {
    if (finished) return;
    fail(`the program never settled: ${lib().describeUnsettled()}`);
    process.exit(2);
  });
  setTimeout(() => {
    if (finished) return;
    fail(
      `the program did not finish within ${args.timeoutSeconds} s (--timeout): ${lib().describeUnsettled()}; a timer or open handle may keep it running`,
    );
    process.exit(2);
  }, args.timeoutSeconds * 1000).unref();
  try {
    const full = await lib().runPlan({
      program: args.program,
      from: args.from,
      days: args.days,
      stack: args.stack,
      peakHours: args.peakHours,
      policyFile: args.policy,
      pricesFile: args.prices,
      typecheck: args.typecheck,
      debug: args.debug,
    });
    finished = true;
    const planned = args.contract ? lib().planForContract(full, args.contract) : full;
    const output = render(args, planned, base);
    if (args.out) {
      mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
      writeFileSync(args.out, output);
    } else process.stdout.write(output);
    if (lib().hasMandatoryFindings(planned)) {
      const n = planned.findings.filter((f) => f.severity === "mandatory").length;
      console.error(errorReport("plan", `${n} mandatory finding(s) fail the gate (exit 1)`));
      return 1;
    }
    return 0;
  } catch (e) {
    finished = true;
    console.error(lib().describeProgramError(e, { debug: args.debug }));
    return 2;
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv);
    if (parsed.kind === "help") {
      process.stdout.write(parsed.text + "\n");
      return 0;
    }
    if (parsed.kind === "version") {
      process.stdout.write(version() + "\n");
      return 0;
    }
    return await plan(parsed.args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(errorReport(BIN, e.message, [e.hint]));
    return 2;
  }
}

// Anything the program rejects after the plan was read is still a program error, not a finding.
process.on("unhandledRejection", (e) => {
  finished = true;
  console.error(lib().describeProgramError(e));
  process.exit(2);
});

main(process.argv.slice(2)).then(exit, (e) => {
  finished = true;
  console.error(lib().describeProgramError(e));
  exit(2);
});
