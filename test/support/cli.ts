import { spawn } from "child_process";
import { tmpdir } from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "../..");

/** Result of one CLI run. */
export interface CliResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Transpiled TypeScript, cached by content across processes and runs (see transpile-cache.js). */
const TRANSPILE_CACHE = path.join(tmpdir(), `mlops-transpile-cache-${process.getuid?.() ?? 0}`);

/**
 * Runs `bin/cli.ts` in a child process, transpile-only as `npm run plan` (ts-node) does, through
 * the shared transpile cache: the suite runs the CLI some sixty times.
 */
export function cli(...args: string[]): Promise<CliResult> {
  return cliIn(ROOT, ...args);
}

/** Runs `bin/cli.ts` from another directory (a project with its own Pulumi.yaml). */
export function cliIn(cwd: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--require",
        path.join(__dirname, "transpile-cache.js"),
        path.join(ROOT, "bin/cli.ts"),
        ...args,
      ],
      { cwd, env: { ...process.env, PULUMI_CONFIG: "", MLOPS_TRANSPILE_CACHE: TRANSPILE_CACHE } },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

/** Runs jobs at most `limit` at a time (the CI machine has two cores). */
export async function pooled<T>(jobs: (() => Promise<T>)[], limit = 3): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}
