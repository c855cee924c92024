#!/usr/bin/env node
/**
 * pulumi-mlops-scheduling command line.
 *
 *   plan [program] [--from ISO] [--count N] [--stack NAME]
 *
 * Runs a Pulumi program under mocks (no Azure calls, no credentials) and prints its resources and
 * every schedule's next firings. Exit codes: 0 ok, 2 program error (bad input is reported as a
 * one-line message, not a stack trace).
 */
import { describeProgramError, renderText, runPlan } from "../lib/plan";

function usage(): never {
  console.error(
    "usage: pulumi-mlops-scheduling plan [program] [--from ISO] [--count N] [--stack NAME]",
  );
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "plan") usage();
  let program: string | undefined;
  let from: Date | undefined;
  let count: number | undefined;
  let stack: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => rest[++i] ?? usage();
    if (arg === "--from") {
      from = new Date(value());
      if (Number.isNaN(from.getTime())) usage();
    } else if (arg === "--count") {
      count = Number(value());
      if (!Number.isInteger(count) || count < 1) usage();
    } else if (arg === "--stack") stack = value();
    else if (arg.startsWith("--")) usage();
    else program = arg;
  }
  try {
    const plan = await runPlan({ program, from, count, stack });
    process.stdout.write(renderText(plan, program ?? "stacks/reference"));
    return 0;
  } catch (e) {
    console.error(describeProgramError(e));
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(describeProgramError(e));
    process.exit(2);
  },
);
