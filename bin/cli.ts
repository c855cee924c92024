#!/usr/bin/env node
/**
 * pulumi-mlops-scheduling command line.
 *
 *   plan [program] [--stack NAME] [--from ISO] [--days N] [--count N]
 *        [--format text|markdown|json|svg] [--out FILE] [--diff BASE.json]
 *        [--peak-hours 8-18[@ZONE]] [--policy FILE] [--contract 1|2]
 *
 * Runs a Pulumi program under mocks (no Azure calls, no credentials) and renders its resources,
 * every schedule's firings, the data flow and best-practice findings.
 * Exit codes: 0 no mandatory finding, 1 mandatory finding(s), 2 program or usage error.
 */
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import {
  describeProgramError,
  diffPlans,
  hasMandatoryFindings,
  PlanDocument,
  planForContract,
  renderDiffMarkdown,
  renderDiffSvg,
  renderDiffText,
  renderMarkdown,
  renderSvg,
  renderText,
  runPlan,
} from "../lib/plan";

const USAGE = `usage: pulumi-mlops-scheduling plan [program] [--stack NAME] [--from ISO] [--days N] [--count N]
       [--format text|markdown|json|svg] [--out FILE] [--diff BASE.json] [--peak-hours 8-18[@ZONE]] [--policy FILE]

Runs a Pulumi program under mocks (no cloud calls) and shows its schedules, data flow and findings.
  --from ISO         "now" for firings and backfill (default: the current time)
  --days N           days of firings (1-366, default 7)
  --count N          firings listed per schedule in text/markdown (default 5 / 3)
  --format F         text (default), markdown (PR comment), json (contract v1), svg (week x 24 h calendar)
  --out FILE         write there instead of stdout
  --diff BASE.json   compare with a plan written earlier with --format json
  --peak-hours H     e.g. 8-18 (UTC) or "8-18@W. Europe Standard Time"
  --policy FILE      severities and suppressions (default: mlops-policy.json when present)
  --contract 1|2     JSON contract version to write (default: the lowest that fits; 1 omits alert schedules)
Exit: 0 no mandatory finding, 1 mandatory finding(s), 2 program or usage error.`;

class UsageError extends Error {}

const FORMATS = ["text", "markdown", "json", "svg"] as const;
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
  contract?: 1 | 2;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== "plan")
    throw new UsageError(command ? `unknown command "${command}"` : "missing command");
  const args: Args = { format: "text" };
  const int = (flag: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${v}"`);
    return n;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case "--from": {
        const v = value();
        args.from = new Date(v);
        if (Number.isNaN(args.from.getTime()))
          throw new UsageError(`--from must be an ISO time, got "${v}"`);
        break;
      }
      case "--days":
        args.days = int(arg, value(), 1, 366);
        break;
      case "--count":
        args.count = int(arg, value(), 1, 1000);
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
      case "--contract":
        args.contract = int(arg, value(), 1, 2) as 1 | 2;
        break;
      default:
        if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
        if (args.program)
          throw new UsageError(`one program only (got "${args.program}" and "${arg}")`);
        args.program = arg;
    }
  }
  return args;
}

function readBase(file: string): PlanDocument {
  let doc: any;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`--diff ${file}: not a readable JSON plan (${(e as Error).message})`);
  }
  if (
    (doc?.version !== 1 && doc?.version !== 2) ||
    !Array.isArray(doc.schedules) ||
    !Array.isArray(doc.findings)
  )
    throw new UsageError(`--diff ${file}: not a plan written with --format json (version 1 or 2)`);
  return doc as PlanDocument;
}

function render(args: Args, plan: PlanDocument): string {
  const opts = args.count ? { count: args.count } : {};
  if (args.diff) {
    const base = readBase(args.diff);
    const d = diffPlans(base, plan);
    if (args.format === "json") return JSON.stringify(d, null, 2) + "\n";
    if (args.format === "markdown")
      return renderDiffMarkdown(d) + "\n" + renderMarkdown(plan, opts);
    if (args.format === "svg") return renderDiffSvg(d, base, plan);
    return renderDiffText(d) + "\n" + renderText(plan, opts);
  }
  if (args.format === "json") return JSON.stringify(plan, null, 2) + "\n";
  if (args.format === "markdown") return renderMarkdown(plan, opts);
  if (args.format === "svg") return renderSvg(plan);
  return renderText(plan, opts);
}

async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    if (args.diff) readBase(args.diff); // fail before running the program
    const full = await runPlan({
      program: args.program,
      from: args.from,
      days: args.days,
      stack: args.stack,
      peakHours: args.peakHours,
      policyFile: args.policy,
    });
    const plan = args.contract ? planForContract(full, args.contract) : full;
    const output = render(args, plan);
    if (args.out) {
      mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
      writeFileSync(args.out, output);
    } else process.stdout.write(output);
    if (hasMandatoryFindings(plan)) {
      console.error(
        `plan: ${plan.findings.filter((f) => f.severity === "mandatory").length} mandatory finding(s)`,
      );
      return 1;
    }
    return 0;
  } catch (e) {
    console.error(e instanceof UsageError ? e.message : describeProgramError(e));
    return 2;
  }
}

// Anything the program rejects after the plan was read is still a program error, not a finding.
process.on("unhandledRejection", (e) => {
  console.error(describeProgramError(e));
  process.exit(2);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(describeProgramError(e));
    process.exitCode = 2;
  },
);
