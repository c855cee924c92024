import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { ValidationError } from "../core/errors";
import type { PolicyOptions } from "../policy/engine";
import { buildPlan, PlanDocument } from "./document";
import { installMocks, withCheapStackTraces } from "./mocks";

/** Options for `runPlan`. */
export interface RunPlanOptions {
  /** Program directory or file. @default - `main:` of Pulumi.yaml, else the project directory */
  readonly program?: string;
  /** "Now" for firings and backfill. @default - the current time */
  readonly from?: Date;
  /** Days of firings. @default 7 */
  readonly days?: number;
  /** Stack whose `Pulumi.<stack>.yaml` config is used. @default "plan" */
  readonly stack?: string;
  /** Project directory holding Pulumi.yaml. @default process.cwd() */
  readonly cwd?: string;
  /** Peak hours, `8-18` or `8-18@W. Europe Standard Time`. @default - the policy file's, else none */
  readonly peakHours?: string;
  /**
   * Policy file (JSON: `severities`, `suppressions`, `peakHours`).
   * @default - `mlops-policy.json` in the project directory, when present
   */
  readonly policyFile?: string;
}

/** The policy file's content. */
export interface PolicyFile extends Pick<PolicyOptions, "severities" | "suppressions"> {
  /** @default - none */
  readonly peakHours?: string;
}

/** Reads `name:` and `main:` from Pulumi.yaml and the flat `config:` map of Pulumi.<stack>.yaml. */
function projectSettings(cwd: string, stack: string) {
  const projectFile = path.join(cwd, "Pulumi.yaml");
  const text = existsSync(projectFile) ? readFileSync(projectFile, "utf8") : "";
  const project = /^name:\s*(\S+)/m.exec(text)?.[1] ?? "mlops";
  const main = /^main:\s*(\S+)/m.exec(text)?.[1];
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
  return { project, main, config };
}

function readPolicyFile(cwd: string, file: string | undefined): PolicyFile {
  const target = file ? path.resolve(cwd, file) : path.join(cwd, "mlops-policy.json");
  if (!existsSync(target)) {
    if (file)
      throw new ValidationError(
        "REQUIRED",
        { component: "plan" },
        "policyFile",
        file,
        "must be an existing JSON file",
      );
    return {};
  }
  try {
    return JSON.parse(readFileSync(target, "utf8")) as PolicyFile;
  } catch (e) {
    throw new ValidationError(
      "INVALID_FORMAT",
      { component: "plan" },
      "policyFile",
      target,
      `must be JSON (${(e as Error).message})`,
    );
  }
}

/** Lets `require` load a TypeScript program: ts-node from the project, when not already registered. */
function enableTypeScript(cwd: string): void {
  if (require.extensions[".ts"]) return;
  let tsNode: string;
  try {
    tsNode = require.resolve("ts-node", { paths: [cwd, __dirname] });
  } catch {
    throw new Error(
      "The program is TypeScript and ts-node is not installed: run `npm install --save-dev ts-node`, or plan the compiled JavaScript.",
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(tsNode).register({ transpileOnly: true });
}

function isTypeScript(program: string): boolean {
  if (program.endsWith(".ts")) return true;
  return !existsSync(path.join(program, "index.js")) && existsSync(path.join(program, "index.ts"));
}

/**
 * Runs a Pulumi program under mocks (no cloud, no credentials) and returns its plan. Throws the
 * program's own error (a ValidationError for bad component input), also one raised asynchronously.
 * Pulumi's runtime state is process-wide: plan one program per process.
 */
export async function runPlan(opts: RunPlanOptions = {}): Promise<PlanDocument> {
  const cwd = opts.cwd ?? process.cwd();
  const stack = opts.stack ?? "plan";
  const { project, main, config } = projectSettings(cwd, stack);
  const policy = readPolicyFile(cwd, opts.policyFile);
  const from = opts.from ?? new Date();
  const days = opts.days ?? 7;
  const peakHours = opts.peakHours ?? policy.peakHours;
  // Check every option before the program registers anything.
  buildPlan([], {
    from,
    days,
    peakHours,
    severities: policy.severities,
    suppressions: policy.suppressions,
  });
  const programArg = opts.program ?? main ?? ".";
  const program = path.resolve(cwd, programArg);
  if (!existsSync(program) && !existsSync(`${program}.ts`) && !existsSync(`${program}.js`))
    throw new ValidationError(
      "REQUIRED",
      { component: "plan" },
      "program",
      programArg,
      "must be a program directory or file",
    );
  if (isTypeScript(program)) enableTypeScript(cwd);
  const session = installMocks({ project, stack, config });
  // A program can also fail asynchronously (a throwing `apply`, a rejected input): Pulumi then
  // rejects a promise nobody awaits. Collect those and report the first as the program's error.
  const failures: unknown[] = [];
  const onRejection = (e: unknown) => failures.push(e);
  process.on("unhandledRejection", onRejection);
  try {
    await withCheapStackTraces(async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(program);
      await session.settle();
    });
  } finally {
    process.off("unhandledRejection", onRejection);
  }
  if (failures.length) throw failures[0];
  return buildPlan(session.resources, {
    program: path.relative(cwd, program) || ".",
    stack,
    from,
    days,
    peakHours,
    severities: policy.severities,
    suppressions: policy.suppressions,
  });
}

/** Turns an error from a program into the message a user should see (no stack for bad input). */
export function describeProgramError(e: unknown): string {
  if (ValidationError.isValidationError(e)) return `Invalid input: ${e.message} [${e.code}]`;
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
