import { strict as assert } from "assert";
import type { ArmFault } from "../support/fake-arm";
import { consumerProject, copyProgram, removeConsumerProject } from "./consumer-project";
import {
  cleanUpShared,
  CliRun,
  concurrentScenarios,
  DEPLOYER,
  EngineStack,
  explain,
} from "./harness";

/**
 * Every shipped stack and example deployed by the real Pulumi CLI from the packed tarball
 * installed in a fresh project (./consumer-project.ts), against the stand-in azure-native plugin
 * (./provider) and a loopback fake ARM (../support/fake-arm.ts) that also serves the Search data
 * plane of the search services it holds. Each program goes through:
 *
 * 1. `pulumi up` from nothing: every resource in the state exists in the fake ARM, created the
 *    azure-native way (GET 404 — or a singleton's default body — before the PUT), every
 *    long-running operation polled to its end;
 * 2. a second `pulumi up` with no change: zero changes (`--expect-no-changes`), no Azure write;
 * 3. a one-line change of the program: `pulumi preview` shows exactly the expected updates, no
 *    replacement, and writes nothing;
 * 4. `pulumi up` of that change with a fault **after** Azure stored it (a 500 or a dropped
 *    connection on the PUT): the deploy fails, the fake holds the new value;
 * 5. the next `pulumi up` converges;
 * 6. `pulumi refresh --expect-no-changes`: no drift;
 * 7. `pulumi destroy`: the fake ARM holds exactly what existed before plus what is
 *    `retainOnDelete` (and still has a parent).
 */

/** The examples' default subscription (their config default); the stacks take it from the provider. */
const SUBSCRIPTION0 = "00000000-0000-0000-0000-000000000000";
const RG = (name: string) => `/subscriptions/${SUBSCRIPTION0}/resourceGroups/${name}`;
const ADF = (rg: string, f: string) => `${RG(rg)}/providers/Microsoft.DataFactory/factories/${f}`;
const ACCOUNT = (rg: string, a: string) =>
  `${RG(rg)}/providers/Microsoft.Storage/storageAccounts/${a}`;

interface Program {
  /** Scenario title and the program's directory in the consumer project. */
  readonly id: string;
  /** Repository path of the program. */
  readonly source: string;
  /** Pulumi project name (config namespace). */
  readonly project: string;
  /** The program's configuration (namespaced keys), as its stack file would hold it. */
  readonly config?: Record<string, string>;
  /** ARM ids that exist before the program runs (what the example refers to). */
  readonly seed?: string[];
  /** The one-line change: an edit of index.ts, or a config value. */
  readonly change:
    | { readonly edit: { from: string; to: string } }
    | { readonly config: Record<string, string> };
  /**
   * Logical names of the resources the change updates in place, sorted (a trigger's change also
   * updates its TriggerActivation, which stops and restarts it around the PUT).
   */
  readonly updates: string[];
  /** The fault after the store, on the update's PUT of the first of `updates` (ARM or Search). */
  readonly fault: {
    readonly match: string;
    readonly kind: "error" | "drop";
    readonly times?: number;
  };
  /** Ids left after `pulumi destroy` beyond the seed (retainOnDelete), as regular expressions. */
  readonly retained: RegExp[];
}

const platformConfig = (stack: "dev" | "prod"): Record<string, string> =>
  stack === "dev"
    ? {
        "mlops-platform:resourceGroupName": "rg-mlops-platform-dev",
        "mlops-platform:ingestAt": "02:00",
        "mlops-platform:retrainCron": "0 4 * * 1-5",
        "mlops-platform:clusterVmSize": "Standard_DS3_v2",
        "mlops-platform:clusterPriority": "LowPriority",
        "mlops-platform:clusterMaxNodes": "2",
        "mlops-platform:alertEmails": "ml-dev@example.com",
        "mlops-platform:rolloutStage": "100%",
        "mlops-platform:endpointInstances": "1",
        "mlops-platform:candidateMaxErrorsPerMinute": "5",
        "mlops-platform:candidateMaxLatencyMs": "3000",
        "mlops-platform:searchServiceName": "srch-mlops-platform-dev",
      }
    : {
        "mlops-platform:resourceGroupName": "rg-mlops-platform-prod",
        "mlops-platform:ingestAt": "01:30",
        "mlops-platform:retrainAt": "03:00",
        "mlops-platform:clusterVmSize": "Standard_NC6s_v3",
        "mlops-platform:clusterPriority": "Dedicated",
        "mlops-platform:clusterMaxNodes": "8",
        "mlops-platform:alertEmails": "ml-oncall@example.com,forecasting-team@example.com",
        "mlops-platform:rolloutStage": "shadow 20%",
        "mlops-platform:endpointInstances": "3",
        "mlops-platform:ingestDeadline": "05:30",
        "mlops-platform:candidateMaxErrorsPerMinute": "1",
        "mlops-platform:candidateMaxLatencyMs": "800",
        "mlops-platform:shadowMaxLatencyMs": "2000",
        "mlops-platform:searchServiceName": "srch-mlops-platform-prod",
      };

/** Longest first: scenarios start in this order, ENGINE_JOBS at a time. */
export const PROGRAMS: Program[] = [
  {
    id: "reference",
    source: "stacks/reference",
    project: "mlops-scheduling-reference",
    config: {
      "mlops-scheduling-reference:featuresStartTime": "2026-11-25T00:00:00Z",
      "mlops-scheduling-reference:alertEmails":
        "mlops-oncall@contoso.com,data-platform@contoso.com",
    },
    change: {
      edit: {
        from: 'Recurrence.daily({ at: "02:00", timeZone })',
        to: 'Recurrence.daily({ at: "02:30", timeZone })',
      },
    },
    // The schedule time also moves what is derived from it: the indexer's schedule (after the
    // ingest lands) and the deadline and missed-trigger alerts. The notifier's workflow does not
    // depend on it (its definition holds the recipients and the Communication host only).
    updates: [
      "curated-sales-indexer",
      "forecasting-ingest-schedule-activation",
      "forecasting-ingest-schedule-trigger",
      "mlops-alerts-deadline-0",
      "mlops-alerts-missed-trigger-0",
    ],
    fault: { match: "/triggers/", kind: "error" },
    retained: [],
  },
  {
    id: "platform prod",
    source: "stacks/platform",
    project: "mlops-platform",
    config: platformConfig("prod"),
    change: { config: { ...platformConfig("prod"), "mlops-platform:rolloutStage": "shadow 50%" } },
    // The traffic resource, and the candidate alerts whose description names the stage
    // (lib/ml/candidate-alert.ts: "... during the shadow stage (<stage description>)"), a metric
    // alert property Azure updates in place.
    updates: [
      "forecast-endpoint-candidate-errors",
      "forecast-endpoint-candidate-latency",
      "forecast-endpoint-traffic",
    ],
    // The traffic client retries a 5xx itself (up to 5 attempts, lib/ml/traffic-client.ts): every
    // attempt is stored, then answered 500, so the up fails.
    fault: { match: "/onlineEndpoints/", kind: "error", times: 5 },
    retained: [],
  },
  {
    id: "platform dev",
    source: "stacks/platform",
    project: "mlops-platform",
    config: platformConfig("dev"),
    change: { config: { ...platformConfig("dev"), "mlops-platform:ingestAt": "02:30" } },
    // As in the reference stack: the trigger and its activation, the indexer scheduled an hour
    // after the ingest, and the ingest's deadline and missed-trigger alerts.
    updates: [
      "ingest-schedule-activation",
      "ingest-schedule-trigger",
      "ml-alerts-deadline-0",
      "ml-alerts-missed-trigger-0",
      "sales-search-indexer",
    ],
    fault: { match: "/triggers/", kind: "error" },
    retained: [],
  },
  {
    id: "model-backup",
    source: "examples/model-backup",
    project: "model-backup",
    seed: [
      RG("rg-mlops"),
      ADF("rg-mlops", "adf-mlops-prod"),
      ACCOUNT("rg-mlops", "mlopslake"),
      `${ACCOUNT("rg-mlops", "mlopslake")}/blobServices/default/containers/landing`,
    ],
    change: {
      edit: { from: "archiveAfter: Duration.days(90)", to: "archiveAfter: Duration.days(120)" },
    },
    updates: ["landing-nightly-lifecycle"],
    fault: { match: "/managementPolicies/", kind: "error" },
    // The backup accounts and their containers are retainOnDelete (lib/backup/account.ts); the
    // blob service of a kept account is reset to Azure's defaults, not deleted.
    retained: [
      /\/storageAccounts\/[a-z0-9]+$/,
      /\/storageAccounts\/[a-z0-9]+\/blobServices\/default$/,
      /\/storageAccounts\/[a-z0-9]+\/blobServices\/default\/containers\/[a-z0-9-]+$/,
    ],
  },
  {
    id: "search-indexer",
    source: "examples/search-indexer",
    project: "search-indexer",
    seed: [
      RG("rg-search"),
      RG("rg-data"),
      ACCOUNT("rg-data", "stcurated"),
      `${ACCOUNT("rg-data", "stcurated")}/blobServices/default/containers/curated`,
    ],
    change: {
      edit: { from: "refreshLag: Duration.minutes(30)", to: "refreshLag: Duration.minutes(45)" },
    },
    updates: ["products-indexer"],
    fault: { match: "search:", kind: "error" },
    retained: [],
  },
  {
    id: "deadline-alerts",
    source: "examples/deadline-alerts",
    project: "deadline-alerts",
    seed: [
      RG("rg-data"),
      ADF("rg-data", "adf-data-prod"),
      `${ADF("rg-data", "adf-data-prod")}/datasets/Scores`,
      `${ADF("rg-data", "adf-data-prod")}/datasets/ScoresExport`,
    ],
    change: { edit: { from: 'succeededBy: "07:00"', to: 'succeededBy: "07:30"' } },
    updates: ["export-alerts-deadline-0"],
    fault: { match: "/scheduledQueryRules/", kind: "drop" },
    retained: [],
  },
  {
    id: "daily-ingest",
    source: "examples/daily-ingest",
    project: "daily-ingest",
    seed: [
      RG("rg-data"),
      ADF("rg-data", "adf-data-prod"),
      `${ADF("rg-data", "adf-data-prod")}/datasets/OrdersRaw`,
      `${ADF("rg-data", "adf-data-prod")}/datasets/OrdersCurated`,
    ],
    change: { edit: { from: 'at: "06:30"', to: 'at: "07:30"' } },
    updates: ["weekday-ingest-schedule-activation", "weekday-ingest-schedule-trigger"],
    fault: { match: "/triggers/", kind: "error" },
    retained: [],
  },
];

const ok = (run: CliRun, what: string) => assert.equal(run.code, 0, `${what}: ${explain(run)}`);

/** `METHOD path` entries of the fake's log for ARM resources (lower-cased paths). */
const armCalls = (s: EngineStack) =>
  s.arm.log
    .map((l) => l.split(" "))
    .filter(([, p]) => p.startsWith("/subscriptions/"))
    .map(([m, p]) => ({ method: m, path: p.toLowerCase() }));

/** Every resource PUT for the first time was looked up with GET first (azure-native's create). */
function createdTheAzureNativeWay(s: EngineStack, from: number): void {
  const calls = armCalls(s).slice(from);
  const seen = new Set<string>();
  for (let i = 0; i < calls.length; i++) {
    const { method, path } = calls[i];
    if (method === "PUT" && !seen.has(path)) {
      const earlier = calls.slice(0, i).filter((c) => c.path === path);
      assert.ok(
        earlier.some((c) => c.method === "GET"),
        `PUT ${path} without a GET before it (azure-native's create reads the id first)`,
      );
    }
    seen.add(path);
  }
}

/** The state's azure-native resources all exist in the fake ARM; nothing is left in progress. */
async function stateMatchesArm(s: EngineStack): Promise<void> {
  const state = await s.resources();
  const ids = new Set(s.arm.ids().map((i) => i.toLowerCase()));
  for (const r of state) {
    if (
      !r.custom ||
      !String(r.type).startsWith("azure-native:") ||
      r.type.startsWith("pulumi:providers")
    )
      continue;
    const id = String(r.id);
    const key = /\/triggers\/([^/]+)$/.exec(id) ? `trigger ${id.split("/").pop()}` : id;
    assert.ok(ids.has(key.toLowerCase()), `${r.urn} (${id}) is not in the fake ARM`);
  }
  assert.equal(s.arm.pendingOperations(), 0, "every long-running operation was polled to its end");
  for (const r of s.arm.resources.values()) {
    const state = r.body?.properties?.provisioningState;
    assert.ok(state === undefined || state === "Succeeded", `${r.id}: provisioningState ${state}`);
  }
}

/** The steps of a `pulumi preview --json`, other than `same`: `op name`. */
function changes(run: CliRun): string[] {
  const doc = JSON.parse(run.stdout);
  return (doc.steps ?? [])
    .filter((st: any) => st.op !== "same")
    .map((st: any) => `${st.op} ${String(st.urn).split("::").pop()}`)
    .sort();
}

describe("every shipped stack and example, deployed from the packed tarball", function () {
  this.timeout(1_800_000);
  const it = concurrentScenarios();
  before(function () {
    this.timeout(600_000);
    const p = consumerProject();
    process.stdout.write(
      `    consumer project: packed in ${p.seconds.pack} s, installed in ${p.seconds.install} s\n`,
    );
  });
  after(() => {
    removeConsumerProject();
    cleanUpShared();
  });

  for (const program of PROGRAMS) {
    it(`${program.id}: up, no-change up, one-line update, fault after the store, refresh, destroy`, async (stack) => {
      const started = Date.now();
      const times: string[] = [];
      const timed = async (what: string, run: () => Promise<CliRun>) => {
        const r = await run();
        times.push(`${what} ${r.seconds.toFixed(0)} s`);
        return r;
      };
      const dir = copyProgram(program.source, program.id.replace(/ /g, "-"), program.project);
      const s = await stack(undefined, {
        programDir: dir,
        subscriptionId: SUBSCRIPTION0,
        config: program.config ?? {},
        env: (st) => {
          const host = new URL(st.arm.endpoint).host;
          return {
            // The Search components' data plane and DefaultAzureCredential, sent to the fake.
            MLOPS_REDIRECT_HOSTS: JSON.stringify({
              "*.search.windows.net": host,
              "login.microsoftonline.com": host,
            }),
            AZURE_TENANT_ID: DEPLOYER.tenantId,
            AZURE_CLIENT_ID: DEPLOYER.clientId,
            AZURE_CLIENT_SECRET: DEPLOYER.clientSecret,
            AZURE_AUTHORITY_HOST: st.arm.endpoint,
          };
        },
      });
      // A resource group has a location (what azure-native's Check gives a tracked resource the
      // program leaves without one).
      for (const id of program.seed ?? [])
        s.arm.seed(id, /\/resourceGroups\/[^/]+$/i.test(id) ? { location: "westeurope" } : {});
      const seeded = s.arm.ids();

      // 1. up from nothing
      const first = await timed("up", () => s.cli(["up", "--yes", "--skip-preview"], 600_000));
      ok(first, "first pulumi up");
      createdTheAzureNativeWay(s, 0);
      await stateMatchesArm(s);

      // 2. no change: zero changes, nothing written
      s.arm.log.length = 0;
      const again = await timed("no-change up", () =>
        s.cli(["up", "--yes", "--skip-preview", "--expect-no-changes"], 600_000),
      );
      ok(again, "second pulumi up (expects no changes)");
      assert.deepEqual(s.arm.mutations(), [], "the no-change up wrote nothing");

      // 3. the one-line change previews as exactly its update
      if ("edit" in program.change)
        copyProgram(
          program.source,
          program.id.replace(/ /g, "-"),
          program.project,
          program.change.edit,
        );
      else s.setConfig(program.change.config);
      s.arm.log.length = 0;
      const preview = await timed("preview", () => s.cli(["preview", "--json"], 600_000));
      ok(preview, "preview of the change");
      assert.deepEqual(
        changes(preview),
        program.updates.map((n) => `update ${n}`),
        `the change previews as exactly its update(s); the steps: ${JSON.stringify(
          (JSON.parse(preview.stdout).steps ?? [])
            .filter((st: any) => st.op !== "same")
            .map((st: any) => [st.urn.split("::").pop(), st.op, st.diffReasons, st.detailedDiff]),
        ).slice(0, 4000)}`,
      );
      assert.deepEqual(s.arm.mutations(), [], "the preview wrote nothing");

      // 4. the change's write succeeds in Azure, but the answer is lost
      const fault: ArmFault = {
        method: "PUT",
        match: program.fault.match,
        when: "after",
        fault:
          program.fault.kind === "drop"
            ? "drop"
            : { status: 500, code: "InternalServerError", message: "stored, then failed" },
        times: program.fault.times,
      };
      s.arm.injectArm(fault);
      const broken = await timed("up (fault after store)", () =>
        s.cli(["up", "--yes", "--skip-preview"], 600_000),
      );
      assert.notEqual(broken.code, 0, `the faulted up fails: ${explain(broken)}`);
      assert.equal(broken.timedOut, false, explain(broken));
      assert.ok(
        s.arm.mutations().some((c) => c.startsWith("PUT ")),
        "the faulted write reached the fake",
      );

      // 5. the next up converges
      const converge = await timed("up (converge)", () =>
        s.cli(["up", "--yes", "--skip-preview"], 600_000),
      );
      ok(converge, "the up after the fault");
      await stateMatchesArm(s);
      const settled = await timed("no-change up", () =>
        s.cli(["preview", "--expect-no-changes"], 600_000),
      );
      ok(settled, "nothing left to change after converging");

      // 6. refresh: no drift
      s.arm.log.length = 0;
      const refresh = await timed("refresh", () =>
        s.cli(["refresh", "--yes", "--skip-preview", "--expect-no-changes"], 600_000),
      );
      ok(refresh, "refresh shows no drift");
      assert.deepEqual(s.arm.mutations(), [], "refresh only reads");

      // 7. destroy: what existed before, plus what is retained
      const destroy = await timed("destroy", () =>
        s.cli(["destroy", "--yes", "--skip-preview", "--run-program"], 600_000),
      );
      ok(destroy, "pulumi destroy");
      const left = s.arm.ids().filter((i) => !seeded.includes(i));
      const unexpected = left.filter((i) => !program.retained.some((r) => r.test(i)));
      assert.deepEqual(unexpected, [], "destroy left only what is retainOnDelete");
      for (const r of program.retained)
        assert.ok(
          left.some((i) => r.test(i)),
          `retained ${r} is still there`,
        );
      assert.deepEqual(
        s.arm.ids().filter((i) => seeded.includes(i)),
        seeded,
        "what existed before is untouched",
      );
      process.stdout.write(
        `      ${program.id}: ${times.join(", ")}; ${((Date.now() - started) / 1000).toFixed(0)} s in all\n`,
      );
    });
  }
});
