/**
 * `npm run bench:preview` (not in CI): `pulumi preview` of a new stack under the engine suite's
 * real CLI (v3.248.0, local file backend) and stand-in azure-native provider (`test/engine/`), for
 * N = 50 and 200 schedule triggers (`BENCH_PREVIEW_SIZES`) written three ways
 * (`bench/preview-program`): through the library, through the library with its activation
 * resource removed, and as raw azure-native `Trigger`s. Runs are interleaved (raw, library,
 * library without activation, raw, ...), `BENCH_PREVIEW_RUNS` (default 3) of each; the median
 * wall time of each is kept and the ratios to raw printed. Needs `npm run build` (the program uses
 * dist/, as an installed package would) and the engine (`scripts/build-engine.sh`).
 */
import * as os from "os";
import * as path from "path";
import { cleanUpShared, ENGINE_RESOURCE_GROUP, EngineStack, explain } from "../test/engine/harness";

const PROGRAM = path.join(__dirname, "preview-program");
const SIZES = (process.env.BENCH_PREVIEW_SIZES ?? "50,200").split(",").map(Number);
const RUNS = Number(process.env.BENCH_PREVIEW_RUNS ?? 3);
type Mode = "raw" | "library" | "library-no-activation" | "library-tiny-provider";
const MODES = (process.env.BENCH_PREVIEW_MODES ?? "raw,library,library-no-activation").split(
  ",",
) as Mode[];

/** One `pulumi preview` of a new stack: its wall time in seconds (CLI start to exit). */
async function previewOnce(mode: Mode, n: number): Promise<number> {
  const stack = new EngineStack(PROGRAM);
  try {
    await stack.init(undefined, { "mlops-bench:mode": mode, "mlops-bench:n": String(n) });
    stack.arm.seed(ENGINE_RESOURCE_GROUP, { location: "westeurope" });
    const run = await stack.preview();
    if (run.code !== 0) throw new Error(`preview (${mode}, ${n}) failed:\n${explain(run)}`);
    const creates = /(\d+) to create/.exec(run.output)?.[1];
    process.stderr.write(
      `  ${mode} N=${n}: ${run.seconds.toFixed(1)} s, ${creates ?? "?"} to create, load ${os.loadavg()[0].toFixed(1)}\n`,
    );
    return run.seconds;
  } finally {
    await stack.dispose();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const lines: string[] = [];
  const loads: number[] = [];
  for (const n of SIZES) {
    const times = Object.fromEntries(MODES.map((mode) => [mode, [] as number[]])) as Record<
      Mode,
      number[]
    >;
    for (let k = 0; k < RUNS; k++)
      for (const mode of MODES) {
        times[mode].push(await previewOnce(mode, n));
        loads.push(os.loadavg()[0]);
      }
    const m = Object.fromEntries(MODES.map((mode) => [mode, median(times[mode])])) as Record<
      Mode,
      number
    >;
    const ref = m.raw ?? m[MODES[0]];
    lines.push(
      `N=${n}: ${MODES.map((mode) => `${mode} ${m[mode].toFixed(1)} s (${(m[mode] / ref).toFixed(2)}x ${m.raw ? "raw" : MODES[0]})`).join(", ")}`,
    );
  }
  process.stdout.write(
    `pulumi preview of a new stack, median of ${RUNS} interleaved runs each (load average ${Math.min(...loads).toFixed(0)}-${Math.max(...loads).toFixed(0)} on ${os.cpus().length} cores)\n${lines.join("\n")}\n`,
  );
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(cleanUpShared);
