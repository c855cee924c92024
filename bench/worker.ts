/**
 * One benchmark measurement in a fresh process (Pulumi's runtime state is process-wide):
 *
 *   worker.ts library N   N ScheduledDataPipelines (gate, notifications, schedule trigger), then
 *                         the full offline plan (firings, data flow, every rule, masking)
 *   worker.ts direct N    the same azure-native Pipeline + Trigger inputs registered directly
 *
 * Prints one JSON line: wall ms (program + settle [+ plan]), resources registered, peak RSS.
 */
import * as inspector from "inspector";
import { writeFileSync } from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as datafactory from "@pulumi/azure-native/datafactory";
import { installMocks, withCheapStackTraces } from "../lib/plan/mocks";
import { buildPlan } from "../lib/plan/document";
import { buildPipelineActivities } from "../lib/datafactory/activities";
import { Recurrence } from "../lib/core/recurrence";
import { ScheduledDataPipeline } from "../lib/datafactory/pipeline";

const [mode, nText] = process.argv.slice(2);

/**
 * `BENCH_CPU_PROFILE=<file>`: a V8 CPU profile of the measured part only (registration and plan,
 * not module loading), summarized by `bench/profile.ts`.
 */
const profileFile = process.env.BENCH_CPU_PROFILE;
const session = profileFile ? new inspector.Session() : undefined;
const post = (method: string, params?: object) =>
  new Promise<any>((res, rej) =>
    session!.post(method, params ?? {}, (e, r) => (e ? rej(e) : res(r))),
  );
const heapProfile = profileFile?.endsWith(".heapprofile");
async function startProfile(): Promise<void> {
  if (!session) return;
  session.connect();
  if (heapProfile) {
    // Every allocation (sampled), also what the GC collected since: where the garbage comes from.
    await post("HeapProfiler.startSampling", {
      samplingInterval: 64 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return;
  }
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 1000 });
  await post("Profiler.start");
}
async function stopProfile(): Promise<void> {
  if (!session) return;
  const { profile } = await post(heapProfile ? "HeapProfiler.stopSampling" : "Profiler.stop");
  writeFileSync(profileFile!, JSON.stringify(profile));
  session.disconnect();
}
const n = Number(nText);
const factory = { resourceGroupName: "rg-bench", factoryName: "adf-bench" };
const zone = "W. Europe Standard Time";
const url = pulumi.secret(
  "https://prod-00.westeurope.logic.azure.com/workflows/bench/invoke?sig=x",
);
const at = (i: number) =>
  `${String(i % 24).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}`;
const copy = (i: number) => ({
  name: "CopyData",
  type: "Copy",
  inputs: [{ referenceName: `In${i}`, type: "DatasetReference" }],
  outputs: [{ referenceName: `Out${i}`, type: "DatasetReference" }],
  source: { type: "ParquetSource" },
  sink: { type: "ParquetSink" },
});
const spec = (i: number) => ({
  activities: [copy(i)],
  dataAvailability: { dataset: `In${i}` },
  notifications: { url },
});

type Prepared = { activities: unknown[]; recurrence: unknown }[];

function registerLibrary(): void {
  for (let i = 0; i < n; i++) {
    new ScheduledDataPipeline(`p${i}`, {
      factory,
      ...spec(i),
      schedule: Recurrence.daily({ at: at(i), timeZone: zone }),
    });
  }
}

function registerDirect(prepared: Prepared): void {
  for (let i = 0; i < n; i++) {
    const name = `p${i}`;
    const pipeline = new datafactory.Pipeline(`${name}-pipeline`, {
      ...factory,
      pipelineName: name,
      activities: prepared[i].activities as any,
      concurrency: 1,
    });
    new datafactory.Trigger(
      `${name}-trigger`,
      {
        ...factory,
        triggerName: `${name}-schedule`,
        properties: {
          type: "ScheduleTrigger",
          recurrence: prepared[i].recurrence,
          pipelines: [
            {
              pipelineReference: { referenceName: name, type: "PipelineReference" },
              parameters: {},
            },
          ],
        } as any,
      },
      { dependsOn: [pipeline], deleteBeforeReplace: true },
    );
  }
}

/**
 * A mock test as a user writes one: `pulumi.runtime.setMocks` with mocks that echo the inputs, the
 * SDK's default settings, no recording. Settles when the SDK has no registration in flight.
 */
function plainMocks(): { count: () => number; settle: () => Promise<void> } {
  let created = 0;
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        created++;
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "bench",
    "bench",
    false,
  );
  const wait = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  return {
    count: () => created,
    async settle() {
      let stable = 0;
      let seen = -1;
      while (stable < 3) {
        if (wait) await wait();
        await new Promise((r) => setImmediate(r));
        if (created === seen) stable++;
        else [stable, seen] = [0, created];
      }
    },
  };
}

async function plain(): Promise<void> {
  const mocks = plainMocks();
  const prepared: Prepared = Array.from({ length: n }, (_, i) => ({
    activities: buildPipelineActivities(spec(i), { component: "bench" }).activities,
    recurrence: Recurrence.daily({ at: at(i), timeZone: zone }).toAdf(),
  }));
  await startProfile();
  const t0 = process.hrtime.bigint();
  phase("before");
  registerDirect(prepared);
  phase("registered (sync)");
  await mocks.settle();
  phase("settled");
  const done = process.hrtime.bigint();
  await stopProfile();
  (globalThis as { gc?: () => void }).gc?.();
  const liveHeapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const ms = Number(done - t0) / 1e6;
  process.stdout.write(
    JSON.stringify({
      mode,
      n,
      schedules: 0,
      resources: mocks.count(),
      azureResources: mocks.count(),
      registerMs: ms,
      planMs: 0,
      wallMs: ms,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      liveHeapMb,
    }) + "\n",
  );
}

/** `BENCH_TRACE=1`: RSS and heap at each phase on stderr. */
function phase(name: string): void {
  if (!process.env.BENCH_TRACE) return;
  const m = process.memoryUsage();
  process.stderr.write(
    `${name}: rss ${(m.rss / 2 ** 20).toFixed(0)} MB, heap ${(m.heapUsed / 2 ** 20).toFixed(0)} MB, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
  );
}

async function main() {
  if (mode === "plain") return plain();
  const session = installMocks({ project: "bench", stack: "bench" });
  // The direct program gets its inputs ready-made, as literals in a hand-written program would be.
  const prepared: Prepared = Array.from({ length: mode === "direct" ? n : 0 }, (_, i) => ({
    activities: buildPipelineActivities(spec(i), { component: "bench" }).activities,
    recurrence: Recurrence.daily({ at: at(i), timeZone: zone }).toAdf(),
  }));
  await startProfile();
  const t0 = process.hrtime.bigint();
  // The library registers the way `runPlan` does; the direct program with the SDK's defaults, as
  // `pulumi up` would run it.
  if (mode === "library")
    await withCheapStackTraces(async () => {
      phase("before");
      registerLibrary();
      phase("registered (sync)");
      await session.settle();
      phase("settled");
    });
  else {
    registerDirect(prepared);
    await session.settle();
  }
  const registered = process.hrtime.bigint();
  const plan =
    mode === "library"
      ? buildPlan(session.resources, { from: new Date("2026-11-27T00:00:00Z") })
      : undefined;
  const done = process.hrtime.bigint();
  phase("planned");
  await stopProfile();
  // What stays alive (the recorded program and, for the library, the plan), without GC slack.
  (globalThis as { gc?: () => void }).gc?.();
  const liveHeapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
  process.stdout.write(
    JSON.stringify({
      mode,
      n,
      schedules: plan?.schedules.length ?? 0,
      resources: session.resources.length,
      azureResources: session.resources.filter((r) => r.custom).length,
      registerMs: ms(t0, registered),
      planMs: ms(registered, done),
      wallMs: ms(t0, done),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      liveHeapMb,
    }) + "\n",
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
