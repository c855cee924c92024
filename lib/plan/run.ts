import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { ValidationError } from "../core/errors";
import { installMocks } from "./mocks";
import { buildPlan, Plan } from "./plan";

/** Options for `runPlan`. */
export interface RunPlanOptions {
  /** Program directory or file. @default "stacks/reference" */
  readonly program?: string;
  /** "Now" for firings and backfill. @default - the current time */
  readonly from?: Date;
  /** Firings listed per schedule. @default 5 */
  readonly count?: number;
  /** Stack whose `Pulumi.<stack>.yaml` config is used. @default "plan" */
  readonly stack?: string;
  /** Project directory holding Pulumi.yaml. @default process.cwd() */
  readonly cwd?: string;
}

/** Reads `name:` from Pulumi.yaml and the flat `config:` map of Pulumi.<stack>.yaml. */
function projectSettings(
  cwd: string,
  stack: string,
): { project: string; config: Record<string, string> } {
  const projectFile = path.join(cwd, "Pulumi.yaml");
  const project = existsSync(projectFile)
    ? (/^name:\s*(\S+)/m.exec(readFileSync(projectFile, "utf8"))?.[1] ?? "mlops")
    : "mlops";
  const config: Record<string, string> = {};
  const stackFile = path.join(cwd, `Pulumi.${stack}.yaml`);
  if (existsSync(stackFile)) {
    let inConfig = false;
    for (const line of readFileSync(stackFile, "utf8").split("\n")) {
      if (/^config:\s*$/.test(line)) inConfig = true;
      else if (/^\S/.test(line)) inConfig = false;
      else if (inConfig) {
        const m = /^\s+([^:#\s]+:[^:\s]+):\s*(.*)$/.exec(line);
        if (m) config[m[1]] = m[2].trim().replace(/^["']|["']$/g, "");
      }
    }
  }
  return { project, config };
}

/**
 * Runs a Pulumi program under mocks (no cloud, no credentials) and returns its plan. Throws the
 * program's own error (a ValidationError for bad component input).
 */
export async function runPlan(opts: RunPlanOptions = {}): Promise<Plan> {
  const cwd = opts.cwd ?? process.cwd();
  const stack = opts.stack ?? "plan";
  const { project, config } = projectSettings(cwd, stack);
  const session = installMocks({ project, stack, config });
  const program = path.resolve(cwd, opts.program ?? "stacks/reference");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(program);
  await session.settle();
  return buildPlan(session.resources, opts.from ?? new Date(), opts.count ?? 5);
}

/** Turns an error from a program into the message a user should see (no stack for bad input). */
export function describeProgramError(e: unknown): string {
  if (ValidationError.isValidationError(e)) return `Invalid input: ${e.message} [${e.code}]`;
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
