import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../../lib";
import { Duration, Recurrence, ValidationError } from "../../lib/core";
import { componentOptionShape, optionObjectPaths } from "../../lib/core/options";
import { mocks } from "../support/mocks";

/**
 * Issue 19, item 7: README "Errors" promises that an unknown option is refused with NOT_ALLOWED.
 * This sweep builds every component `lib/index.ts` exports, first with minimal valid args, then
 * with one unknown option at the top level and one in each nested options object, and expects
 * NOT_ALLOWED naming the caller's prop path, with nothing registered.
 */

const session = mocks();
const SUB = "00000000-0000-0000-0000-000000000000";
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lake`;
const TOPIC = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.EventGrid/topics/events`;
const factory = { resourceGroupName: "rg-sweep", factoryName: "adf-sweep" };
const workspace = { resourceGroupName: "rg-ml", workspaceName: "mlw-sweep" };
const wait = { name: "Pause", type: "Wait", waitTimeInSeconds: 1 };
const PRINCIPAL = "99999999-2222-3333-4444-555555555555";

type Args = Record<string, unknown>;

interface Entry {
  /** Minimal valid args (`n` makes names unique per construction). */
  readonly args: (n: number) => Args;
  /**
   * Every options object nested in the args, as a reader of the args interface lists them (`[0]`
   * for a list item, `.<key>` for a record value). Must equal what the component's shape declares:
   * an options object left out of the shape fails here.
   */
  readonly nested: readonly string[];
}

/** One entry per exported component; a component without one fails the sweep. */
const TABLE: Record<string, Entry> = {
  DataFactory: { args: () => ({ resourceGroupName: "rg-sweep" }), nested: [] },
  ScheduledDataPipeline: {
    args: (n) => ({ factory, pipelineName: `pl-sweep-${n}`, activities: [wait] }),
    nested: [
      "factory",
      "retry",
      "dataAvailability",
      "notifications",
      "notifications.url",
      "parameters.<key>",
    ],
  },
  ScheduleTrigger: {
    args: () => ({
      factory,
      recurrence: Recurrence.daily({ at: "02:00" }),
      pipelines: [{ pipeline: "p" }],
    }),
    nested: ["factory", "pipelines[0]"],
  },
  TumblingWindowTrigger: {
    args: () => ({
      factory,
      pipeline: { pipeline: "p" },
      window: Duration.hours(1),
      startTime: "2026-11-25T00:00:00Z",
    }),
    nested: [
      "factory",
      "pipeline",
      "window",
      "retry",
      "dependsOn[0]",
      "dependsOn[0].offset",
      "selfDependency",
      "windowParameters",
    ],
  },
  StorageEventTrigger: {
    args: () => ({
      factory,
      storageAccountId: ACCOUNT,
      container: "landing",
      pipelines: [{ pipeline: "p" }],
    }),
    nested: ["factory", "pipelines[0]"],
  },
  CustomEventTrigger: {
    args: () => ({
      factory,
      topicId: TOPIC,
      eventTypes: ["Contoso.Data.Arrived"],
      subjectBeginsWith: "/sales/",
      pipelines: [{ pipeline: "p" }],
    }),
    nested: ["factory", "pipelines[0]"],
  },
  ModelBackupVault: {
    args: (n) => ({
      resourceGroupName: "rg-sweep",
      accountName: `stsweep${n}`,
      families: ["models"],
    }),
    nested: [
      "softDelete",
      "immutability",
      "tiering",
      "tiering.current",
      "tiering.previousVersions",
      "familyTiering.<key>",
      "familyTiering.<key>.current",
      "familyTiering.<key>.previousVersions",
      "writers[0]",
      "readers[0]",
      "artifactBackup",
      "artifactBackup.factory",
    ],
  },
  DataBackupSchedule: {
    args: (n) => ({
      factory,
      factoryPrincipalId: PRINCIPAL,
      source: { accountId: ACCOUNT, container: "landing" },
      destination: { resourceGroupName: "rg-sweep", accountName: `stsweepdb${n}` },
      window: { size: Duration.days(1), startTime: "2026-11-01T00:00:00Z" },
    }),
    nested: [
      "factory",
      "source",
      "destination",
      "destination.softDelete",
      "destination.immutability",
      "window",
      "tiering",
      "cleanup[0]",
      "retry",
      "dataAvailability",
      "notifications",
    ],
  },
  SearchIndexerSchedule: {
    args: () => ({
      resourceGroupName: "rg-search",
      storageAccountId: ACCOUNT,
      container: "curated",
      fields: [{ name: "id", type: "Edm.String", key: true }],
      interval: Duration.hours(1),
    }),
    nested: [
      "service",
      "existingService",
      "fields[0]",
      "refreshedBy",
      "fieldMappings[0]",
      "fieldMappings[0].mappingFunction",
    ],
  },
  TrainingCluster: {
    args: (n) => ({ workspace, computeName: `cl-sweep-${n}` }),
    nested: ["workspace"],
  },
  TrainingSchedule: {
    args: () => ({
      workspace,
      recurrence: Recurrence.daily({ at: "02:00" }),
      job: { jobType: "Command", command: "python train.py", environmentId: "azureml:env:1" },
    }),
    nested: ["workspace", "cron"],
  },
  TrainingAlerts: {
    args: () => ({
      workspace: {
        workspaceId: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-sweep`,
        resourceGroupName: "rg-ml",
      },
      trainings: [{ experimentName: "sweep" }],
      actionGroupIds: [
        "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ag",
      ],
      logAnalyticsWorkspaceId:
        "/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs",
    }),
    nested: ["workspace", "trainings[0]"],
  },
  ShadowDeployment: {
    args: (n) => ({
      workspace,
      endpointName: `ep-sweep-${n}`,
      live: { name: "blue", model: "azureml:forecast:6" },
      candidate: { name: "green", model: "azureml:forecast:7" },
      stage: "shadow 20%",
    }),
    nested: [
      "workspace",
      "live",
      "candidate",
      "stage",
      "candidateAlert",
      "candidateAlert.stages",
      "candidateAlert.stages.shadow",
      "candidateAlert.stages.canary",
      "candidateAlert.stages.full",
    ],
  },
  TrainOnDataArrival: {
    args: () => ({
      factory,
      arrival: { storageAccountId: ACCOUNT, container: "landing", folderPath: "sales" },
      validation: { activities: [{ ...wait, name: "Check" }] },
      training: {
        workspace: { ...workspace, subscriptionId: SUB },
        mlPipelineEndpointId: "pe-forecast",
      },
    }),
    nested: [
      "factory",
      "arrival",
      "validation",
      "validation.dataAvailability",
      "training",
      "training.workspace",
      "training.modelOutput",
      "retry",
      "notifications",
    ],
  },
  SelfHostedIntegrationRuntime: {
    args: (n) => ({
      factory,
      factoryId: `/subscriptions/${SUB}/x`,
      runtimeName: `shir-sweep-${n}`,
      nodes: { subnetId: `/subscriptions/${SUB}/subnet`, adminPassword: "x" },
    }),
    nested: ["factory", "nodes", "scaling", "alerts"],
  },
  ManagedIntegrationRuntime: {
    args: (n) => ({ factory, runtimeName: `air-sweep-${n}` }),
    nested: ["factory", "dataFlows"],
  },
  LogicAppNotifier: {
    args: () => ({ resourceGroupName: "rg-sweep", recipients: ["ops@contoso.com"] }),
    nested: [],
  },
  PipelineAlerts: {
    args: () => ({
      factory: { factoryId: `/subscriptions/${SUB}/x`, resourceGroupName: "rg-sweep" },
      emails: ["ops@contoso.com"],
      dashboard: false,
      diagnostics: false,
    }),
    nested: ["factory", "logicApp", "diagnostics", "deadlines[0]", "deadlines[0].pipeline"],
  },
};

type Ctor = new (name: string, args: Args) => pulumi.ComponentResource;

/** Every ComponentResource subclass `lib/index.ts` exports. */
const COMPONENTS: [string, Ctor][] = Object.entries(lib as Record<string, unknown>)
  .filter(
    ([, v]) => typeof v === "function" && (v as Ctor).prototype instanceof pulumi.ComponentResource,
  )
  .map(([k, v]) => [k, v as Ctor]);

const UNKNOWN = "notAnOption";
const KEY = "k1";

/**
 * `args` with `{ [UNKNOWN]: 1 }` merged into the options object at `path` (created when absent,
 * replacing a value that is not a plain object, such as a component or a Duration).
 */
function inject(args: Args, path: string): Args {
  const steps = path.replace(/<key>/g, KEY).match(/[^.[\]]+|\[\d+\]/g) ?? [];
  const plain = (v: unknown) =>
    typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
  const put = (value: unknown, i: number): unknown => {
    if (i === steps.length) return { ...(plain(value) ? (value as Args) : {}), [UNKNOWN]: 1 };
    const step = steps[i];
    if (step.startsWith("[")) {
      const list = Array.isArray(value) ? [...value] : [];
      list[0] = put(list[0], i + 1);
      return list;
    }
    const obj = plain(value) ? { ...(value as Args) } : {};
    obj[step] = put(obj[step], i + 1);
    return obj;
  };
  return put(args, 0) as Args;
}

function refusal(make: () => unknown): ValidationError {
  try {
    make();
  } catch (e) {
    if (ValidationError.isValidationError(e)) return e;
    throw e;
  }
  assert.fail("no error: the unknown option was accepted");
}

describe("every exported component refuses an unknown option, at every nesting level (issue 19, item 7)", () => {
  let n = 0;

  it("finds the exported components, and the table has an entry for each", () => {
    assert.ok(COMPONENTS.length >= 15, `only ${COMPONENTS.length} components found`);
    const missing = COMPONENTS.map(([k]) => k).filter((k) => !TABLE[k]);
    assert.deepEqual(missing, [], "components without minimal args in the sweep table");
  });

  for (const [type, Component] of COMPONENTS) {
    describe(type, () => {
      const entry = TABLE[type];

      it("declares its options shape, and it names every nested options object", () => {
        const shape = componentOptionShape(type);
        assert.ok(shape, `${type} registers no options shape (componentOptions)`);
        assert.deepEqual(optionObjectPaths(shape).sort(), [...(entry?.nested ?? [])].sort());
      });

      it("builds from the table's minimal args", async () => {
        assert.ok(entry, `no sweep entry for ${type}`);
        new Component(`sweep-ok-${++n}`, entry.args(n));
        await session.settle();
      });

      for (const path of ["", ...(entry?.nested ?? [])]) {
        const where = path ? `'${path}'` : "the top level";
        it(`refuses an unknown option at ${where} with NOT_ALLOWED naming its path, registering nothing`, async () => {
          const before = session.resources.length;
          const i = ++n;
          const e = refusal(() => new Component(`sweep-bad-${i}`, inject(entry.args(i), path)));
          const expected = `${path ? `${path.replace(/<key>/g, KEY)}.` : ""}${UNKNOWN}`;
          assert.equal(e.code, "NOT_ALLOWED", e.message);
          assert.equal(e.prop, expected, e.message);
          assert.ok(e.message.includes(`'${expected}' is not an option; allowed: `), e.message);
          await session.settle();
          assert.equal(
            session.resources.length,
            before,
            "a refused component registered resources",
          );
        });
      }
    });
  }
});

describe("unknown options: messages and pass-through values", () => {
  it("a misspelled scaling option is refused with a near miss, not deployed as the default", () => {
    const e = refusal(
      () =>
        new lib.TrainingCluster("sweep-typo", {
          workspace,
          maxNodeCont: 10,
        } as unknown as lib.TrainingClusterArgs),
    );
    assert.equal(e.code, "NOT_ALLOWED");
    assert.equal(e.prop, "maxNodeCont");
    assert.match(e.message, /Did you mean 'maxNodeCount'\?/);
  });

  it("names the caller's nested path and suggests the key (PipelineAlerts deadlines[0].succeededBi)", () => {
    const e = refusal(
      () =>
        new lib.PipelineAlerts("sweep-alerts", {
          ...TABLE.PipelineAlerts.args(0),
          diagnostics: {},
          deadlines: [
            {
              pipeline: { pipelineName: "ingest", schedule: Recurrence.daily({ at: "02:00" }) },
              succeededBi: "06:00",
            },
          ],
        } as unknown as lib.PipelineAlertsArgs),
    );
    assert.equal(e.prop, "deadlines[0].succeededBi");
    assert.match(
      e.message,
      /^PipelineAlerts 'sweep-alerts': 'deadlines\[0\]\.succeededBi' is not an option; allowed: 'pipeline', 'succeededBy', .*Did you mean 'succeededBy'\?$/,
    );
  });

  it("a non-object where an options object belongs is INVALID_TYPE at its path", () => {
    const e = refusal(
      () =>
        new lib.TrainingCluster("sweep-type", {
          workspace: "mlw",
        } as unknown as lib.TrainingClusterArgs),
    );
    assert.equal(e.code, "INVALID_TYPE");
    assert.equal(e.prop, "workspace");
  });

  it("keys the caller names (tags, parameters) and pass-through Azure JSON (activities, jobs) are not options", async () => {
    new lib.ScheduledDataPipeline("sweep-pass", {
      factory,
      pipelineName: "pl-sweep-pass",
      activities: [{ ...wait, userProperties: [], anyAdfKey: true }],
      parameters: { anyName: { type: "String" } },
    });
    new lib.TrainingSchedule("sweep-job", {
      workspace,
      recurrence: Recurrence.daily({ at: "02:00" }),
      job: {
        jobType: "Command",
        command: "python train.py",
        environmentId: "azureml:env:1",
        environmentVariables: { ANY: "1" },
        resources: { instanceCount: 1 },
      },
    } as lib.TrainingScheduleArgs);
    new lib.DataFactory("sweep-tags", { resourceGroupName: "rg", tags: { "any-tag": "x" } });
    await session.settle();
  });

  it("Check.knownKeys reports the same way as the shapes (one message, one near miss)", () => {
    const check = new lib.Check({ component: "Demo", name: "d" });
    const e = refusal(() => check.knownKeys("retry", { counts: 3 }, ["count", "interval"]));
    assert.equal(e.prop, "retry.counts");
    assert.match(
      e.message,
      /is not an option; allowed: 'count', 'interval', got 3\. Did you mean 'count'\?$/,
    );
  });
});
