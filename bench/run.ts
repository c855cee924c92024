/**
 * `npm run bench`: the offline plan against a hand-written azure-native program of the same
 * pipelines under plain mocks (`pulumi.runtime.setMocks`, the SDK's defaults, as a user's mock test
 * runs), for N = 10, 100, 1000 scheduled pipelines; one large program (BENCH_LARGE pipelines,
 * default 5000 = 20,000 resources); and the schedule engine against croner. Each measurement runs
 * in its own process, so peak RSS is per run; compare the ratios, not the times (the machines are
 * shared and noisy).
 *
 * - `BENCH_LOADER=js` (default): the TypeScript is transpiled once per file without source maps
 *   (`bench/register-js.js`), as compiled JavaScript runs; `ts-node` loads it through ts-node,
 *   whose source-map support makes every stack the SDK captures expensive.
 * - `BENCH_DIRECT=1` adds `direct`: the same azure-native inputs under the plan's own mocks.
 * - `BENCH_BASELINE=<checkout>` adds `before`: the library mode of another checkout (its own
 *   bench/worker.ts and lib/), interleaved with the others: before/after ratios from one run.
 */
import { execFileSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { benchEngine } from "./engine";

const SIZES = (process.env.BENCH_SIZES ?? "10,100,1000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = path.resolve(__dirname, "..");
const baseline = process.env.BENCH_BASELINE;
const loader =
  process.env.BENCH_LOADER === "ts-node"
    ? "ts-node/register/transpile-only"
    : path.join(__dirname, "register-js.js");

interface Sample {
  mode: string;
  n: number;
  resources: number;
  azureResources: number;
  registerMs: number;
  planMs: number;
  wallMs: number;
  peakRssMb: number;
  liveHeapMb: number;
}

function sample(mode: string, n: number): Sample {
  const before = mode === "before";
  const out = execFileSync(
    process.execPath,
    [
      "--expose-gc",
      "-r",
      loader,
      path.join(before ? baseline! : root, "bench", "worker.ts"),
      before ? "library" : mode,
      String(n),
    ],
    {
      cwd: before ? baseline : root,
      encoding: "utf8",
      env: { ...process.env, PULUMI_CONFIG: "" },
      maxBuffer: 1 << 26,
    },
  );
  return { ...JSON.parse(out.trim().split("\n").pop()!), mode };
}

const MODES = [
  "plain",
  "library",
  ...(process.env.BENCH_DIRECT ? ["direct"] : []),
  ...(baseline ? ["before"] : []),
];
const loads: number[] = [];

/**
 * Median (by wall time) of RUNS runs of each mode, interleaved (plain, library, ..., plain, ...)
 * so that drift in the machine's load hits every mode alike.
 */
function medians(n: number): Record<string, Sample> {
  const runs: Record<string, Sample[]> = Object.fromEntries(MODES.map((m) => [m, []]));
  for (let k = 0; k < RUNS; k++)
    for (const m of MODES) {
      runs[m].push(sample(m, n));
      loads.push(os.loadavg()[0]);
    }
  const mid = (xs: Sample[]) => xs.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(xs.length / 2)];
  return Object.fromEntries(MODES.map((m) => [m, mid(runs[m])]));
}

const f = (x: number, d = 0) => x.toFixed(d).padStart(8);
const rows: string[] = [];
rows.push(
  "pipelines  mode      registrations  azure  wall ms  register  plan ms  azure res/s  peak RSS MB  live heap MB",
);
const ratios: string[] = [];
for (const n of SIZES) {
  const m = medians(n);
  for (const s of Object.values(m))
    rows.push(
      `${String(n).padStart(9)}  ${s.mode.padEnd(8)}  ${String(s.resources).padStart(13)}  ${String(s.azureResources).padStart(5)} ${f(s.wallMs)}  ${f(s.registerMs)} ${f(s.planMs)}  ${f((s.azureResources / s.wallMs) * 1000)}    ${f(s.peakRssMb)}     ${f(s.liveHeapMb)}`,
    );
  const vs = (a: Sample, b: Sample, what: string) =>
    `${what} wall ${(a.wallMs / b.wallMs).toFixed(2)}x, peak RSS ${(a.peakRssMb / b.peakRssMb).toFixed(2)}x (${a.peakRssMb.toFixed(0)} / ${b.peakRssMb.toFixed(0)} MB)`;
  ratios.push(
    [
      `N=${n}: ${vs(m.library, m.plain, "plan/plain")}`,
      ...(m.before ? [vs(m.before, m.plain, "before/plain")] : []),
      ...(m.direct ? [vs(m.library, m.direct, "plan/direct")] : []),
    ].join("; "),
  );
}
process.stdout.write(
  `Offline plan vs a hand-written program under plain mocks (median of ${RUNS} interleaved runs each, ${loader.includes("ts-node") ? "ts-node" : "JS"} loader, load average ${Math.min(...loads).toFixed(0)}-${Math.max(...loads).toFixed(0)} on ${os.cpus().length} cores)\n${rows.join("\n")}\n\n${ratios.join("\n")}\n`,
);

// One large program (default 5000 pipelines: 20,000 resources), library mode only: it must complete
// within the memory bound the README states.
const large = Number(process.env.BENCH_LARGE ?? 5000);
if (large > 0) {
  const s = sample("library", large);
  process.stdout.write(
    `\nLarge program: ${s.resources} resources (${s.azureResources} Azure) planned in ${(s.wallMs / 1000).toFixed(1)} s, peak RSS ${s.peakRssMb.toFixed(0)} MB, live heap after GC ${s.liveHeapMb.toFixed(0)} MB\n`,
  );
}

const engine = [benchEngine(), benchEngine(), benchEngine()].sort((a, b) => a.oursMs - b.oursMs)[1];
process.stdout.write(
  `\nSchedule engine, 30 days of ${engine.n} triggers (${engine.firings} firings): ours ${engine.oursMs.toFixed(1)} ms, croner ${engine.cronerMs.toFixed(1)} ms, ratio ours/croner ${(engine.oursMs / engine.cronerMs).toFixed(2)}x\n`,
);
