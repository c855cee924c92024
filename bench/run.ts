/**
 * `npm run bench`: the plan's cost against registering the same azure-native resources directly,
 * for N = 10, 100, 1000 scheduled pipelines (the direct program with the Pulumi SDK's default
 * settings), one large program (BENCH_LARGE pipelines, default 5000 = 20,000 resources), and the
 * schedule engine against croner. Each
 * measurement runs in its own process, so peak RSS is per run; compare the ratios, not the times
 * (the machines are shared and noisy).
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { benchEngine } from "./engine";

const SIZES = (process.env.BENCH_SIZES ?? "10,100,1000").split(",").map(Number);
const root = path.resolve(__dirname, "..");

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
  const out = execFileSync(
    process.execPath,
    [
      "--expose-gc",
      "-r",
      "ts-node/register/transpile-only",
      path.join(__dirname, "worker.ts"),
      mode,
      String(n),
    ],
    { cwd: root, encoding: "utf8", env: { ...process.env, PULUMI_CONFIG: "" } },
  );
  return JSON.parse(out.trim().split("\n").pop()!);
}

/**
 * Median of three runs of each mode, interleaved (direct, library, direct, ...) so that drift in
 * the machine's load hits both modes alike.
 */
function medians(n: number): { direct: Sample; lib: Sample } {
  const direct: Sample[] = [];
  const lib: Sample[] = [];
  for (let k = 0; k < 3; k++) {
    direct.push(sample("direct", n));
    lib.push(sample("library", n));
  }
  const mid = (xs: Sample[]) => xs.sort((a, b) => a.wallMs - b.wallMs)[1];
  return { direct: mid(direct), lib: mid(lib) };
}

const f = (x: number, d = 0) => x.toFixed(d).padStart(8);
const rows: string[] = [];
rows.push(
  "pipelines  mode      registrations  azure  wall ms  register  plan ms  azure res/s  peak RSS MB  live heap MB",
);
const ratios: string[] = [];
for (const n of SIZES) {
  const { direct, lib } = medians(n);
  for (const s of [direct, lib])
    rows.push(
      `${String(n).padStart(9)}  ${s.mode.padEnd(8)}  ${String(s.resources).padStart(13)}  ${String(s.azureResources).padStart(5)} ${f(s.wallMs)}  ${f(s.registerMs)} ${f(s.planMs)}  ${f((s.azureResources / s.wallMs) * 1000)}    ${f(s.peakRssMb)}     ${f(s.liveHeapMb)}`,
    );
  ratios.push(
    `N=${n}: library/direct wall ${(lib.wallMs / direct.wallMs).toFixed(2)}x (registration alone ${(lib.registerMs / direct.registerMs).toFixed(2)}x), peak RSS ${(lib.peakRssMb / direct.peakRssMb).toFixed(2)}x (${lib.peakRssMb.toFixed(0)} MB)`,
  );
}
process.stdout.write(
  `Offline plan vs direct registration (median of 3 interleaved runs each)\n${rows.join("\n")}\n\n${ratios.join("\n")}\n`,
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
