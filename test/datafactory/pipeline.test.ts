import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { Duration, Recurrence } from "../../lib/core";
import {
  ACTIVATION_RESOURCE,
  Activity,
  applyRetryPolicy,
  buildPipelineActivities,
  DataFactory,
  GENERATED_ACTIVITY_NAMES as N,
  ScheduledDataPipeline,
} from "../../lib/datafactory";

const session = mocks();
const factory = { resourceGroupName: "rg-test", factoryName: "adf-test" };
const copy = (name: string, dependsOn?: string[]): Activity => ({
  name,
  type: "Copy",
  source: { type: "ParquetSource" },
  sink: { type: "ParquetSink" },
  ...(dependsOn
    ? {
        dependsOn: dependsOn.map((activity) => ({ activity, dependencyConditions: ["Succeeded"] })),
      }
    : {}),
});
const byName = (activities: any[]) => Object.fromEntries(activities.map((a) => [a.name, a]));

async function pipelineInputs(name: string) {
  await session.settle();
  return one(name, "azure-native:datafactory:Pipeline").inputs;
}

describe("DataFactory", () => {
  it("creates a factory with a system-assigned identity and exposes its principal id", async () => {
    const f = new DataFactory("df-basic", {
      resourceGroupName: "rg-test",
      factoryName: "adf-mlops-test",
      tags: { team: "ml" },
    });
    const inputs = (await pipelineOrFactory("df-basic")).inputs;
    assert.deepEqual(inputs.identity, { type: "SystemAssigned" });
    assert.equal(inputs.publicNetworkAccess, "Enabled");
    assert.equal(inputs.factoryName, "adf-mlops-test");
    assert.deepEqual(inputs.tags, { team: "ml" });
    const principal = await new Promise((r) => f.principalId.apply(r));
    assert.match(String(principal), /^[0-9a-f]{8}-/);
  });
  it("adds user-assigned identities as an ARM map", async () => {
    new DataFactory("df-uai", {
      resourceGroupName: "rg-test",
      userAssignedIdentityIds: [
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai",
      ],
    });
    const inputs = (await pipelineOrFactory("df-uai")).inputs;
    assert.equal(inputs.identity.type, "SystemAssigned,UserAssigned");
    assert.deepEqual(Object.values(inputs.identity.userAssignedIdentities), [{}]);
  });
  it("rejects an invalid factory name before registering anything", () =>
    rejects(
      () => new DataFactory("df-bad", { resourceGroupName: "rg", factoryName: "adf--bad" }),
      "INVALID_NAME",
      /factoryName/,
    ));
  it("rejects an unknown publicNetworkAccess value", () =>
    rejects(
      () =>
        new DataFactory("df-bad2", {
          resourceGroupName: "rg",
          publicNetworkAccess: "Open" as never,
        }),
      "NOT_ALLOWED",
      /publicNetworkAccess/,
    ));

  async function pipelineOrFactory(name: string) {
    await session.settle();
    return one(name, "azure-native:datafactory:Factory");
  }
});

describe("ScheduledDataPipeline", () => {
  describe("retries", () => {
    it("puts 3 retries, 30 s apart, on every activity that can fail transiently", async () => {
      new ScheduledDataPipeline("p-retry", {
        factory,
        activities: [
          copy("CopyRaw"),
          {
            name: "Score",
            type: "DatabricksNotebook",
            notebookPath: "/score",
            dependsOn: [{ activity: "CopyRaw", dependencyConditions: ["Succeeded"] }],
          },
          {
            name: "Pause",
            type: "Wait",
            waitTimeInSeconds: 5,
            dependsOn: [{ activity: "Score", dependencyConditions: ["Succeeded"] }],
          },
        ],
      });
      const a = byName((await pipelineInputs("p-retry")).activities);
      assert.deepEqual(a.CopyRaw.policy, { retry: 3, retryIntervalInSeconds: 30 });
      assert.deepEqual(a.Score.policy, { retry: 3, retryIntervalInSeconds: 30 });
      assert.equal(a.Pause.policy, undefined, "control activities have no retry policy in ADF");
    });
    it("recurses into ForEach, IfCondition and Switch", () => {
      const [forEach, ifc, sw] = applyRetryPolicy([
        {
          name: "Each",
          type: "ForEach",
          items: { value: "@x", type: "Expression" },
          activities: [copy("Inner")],
        },
        {
          name: "If",
          type: "IfCondition",
          expression: { value: "@true", type: "Expression" },
          ifTrueActivities: [copy("T")],
          ifFalseActivities: [copy("F")],
        },
        {
          name: "Sw",
          type: "Switch",
          on: { value: "@x", type: "Expression" },
          cases: [{ value: "a", activities: [copy("C")] }],
          defaultActivities: [copy("D")],
        },
      ]);
      for (const inner of [
        forEach.activities[0],
        ifc.ifTrueActivities[0],
        ifc.ifFalseActivities[0],
        sw.cases[0].activities[0],
        sw.defaultActivities[0],
      ]) {
        assert.equal(inner.policy.retry, 3, inner.name);
      }
    });
    it("keeps an explicit per-activity retry and reports one below 3", () => {
      const weak: string[] = [];
      const [a] = applyRetryPolicy(
        [{ ...copy("Once"), policy: { retry: 1, timeout: "00:10:00" } }],
        {},
        (name) => weak.push(name),
      );
      assert.deepEqual(a.policy, { retry: 1, retryIntervalInSeconds: 30, timeout: "00:10:00" });
      assert.deepEqual(weak, ["Once"]);
    });
    it("applies configured count, interval and timeout", () => {
      const [a] = applyRetryPolicy([copy("X")], {
        count: 5,
        interval: Duration.minutes(2),
        timeout: Duration.hours(2),
      });
      assert.deepEqual(a.policy, { retry: 5, retryIntervalInSeconds: 120, timeout: "02:00:00" });
    });
  });

  describe("data-availability gate", () => {
    it("'wait' puts a Validation activity before the root activities", async () => {
      new ScheduledDataPipeline("p-gate-wait", {
        factory,
        activities: [copy("A"), copy("B", ["A"])],
        dataAvailability: { dataset: "RawSales", minimumSizeBytes: 1024 },
      });
      const a = byName((await pipelineInputs("p-gate-wait")).activities);
      assert.deepEqual(a[N.waitForData], {
        name: N.waitForData,
        type: "Validation",
        dataset: { referenceName: "RawSales", type: "DatasetReference" },
        timeout: "01:00:00",
        sleep: 300,
        minimumSize: 1024,
        dependsOn: [],
      });
      assert.deepEqual(a.A.dependsOn, [
        { activity: N.waitForData, dependencyConditions: ["Succeeded"] },
      ]);
      assert.deepEqual(a.B.dependsOn, [{ activity: "A", dependencyConditions: ["Succeeded"] }]);
    });
    it("'check' with onMissing 'fail' probes with GetMetadata and fails the run when data is missing", () => {
      const { activities } = buildPipelineActivities(
        { activities: [copy("A")], dataAvailability: { dataset: "RawSales", mode: "check" } },
        { component: "T" },
      );
      const a = byName(activities);
      assert.deepEqual(a[N.checkData].fieldList, ["exists"]);
      assert.equal(a[N.checkData].policy.retry, 3);
      assert.equal(a[N.ifData].expression.value, `@activity('${N.checkData}').output.exists`);
      assert.deepEqual(
        a[N.ifData].ifTrueActivities.map((x: Activity) => x.name),
        ["A"],
      );
      assert.equal(a[N.ifData].ifFalseActivities[0].type, "Fail");
    });
    it("'check' with onMissing 'skip' ends quietly when data is missing", () => {
      const { activities } = buildPipelineActivities(
        {
          activities: [copy("A")],
          dataAvailability: { dataset: "RawSales", mode: "check", onMissing: "skip" },
        },
        { component: "T" },
      );
      assert.deepEqual(byName(activities)[N.ifData].ifFalseActivities, []);
    });
  });

  describe("notifications", () => {
    it("one leaf: success on Succeeded, failure on Failed or Skipped, then a Fail activity keeps the run failed", async () => {
      new ScheduledDataPipeline("p-notify", {
        factory,
        activities: [copy("A"), copy("B", ["A"])],
        dataAvailability: { dataset: "RawSales" },
        notifications: { url: "https://logic.example/callback?sig=secret", onStart: true },
      });
      await session.settle();
      const rec = one("p-notify", "azure-native:datafactory:Pipeline");
      const a = byName(rec.inputs.activities);
      assert.deepEqual(Object.keys(a), [
        N.notifyStarted,
        N.waitForData,
        "A",
        "B",
        N.notifySucceeded,
        N.notifyFailed,
        N.failRun,
      ]);
      assert.deepEqual(a[N.waitForData].dependsOn, [
        { activity: N.notifyStarted, dependencyConditions: ["Completed"] },
      ]);
      assert.deepEqual(a[N.notifySucceeded].dependsOn, [
        { activity: "B", dependencyConditions: ["Succeeded"] },
      ]);
      assert.deepEqual(a[N.notifyFailed].dependsOn, [
        { activity: "B", dependencyConditions: ["Failed", "Skipped"] },
      ]);
      assert.deepEqual(a[N.failRun].dependsOn, [
        { activity: N.notifyFailed, dependencyConditions: ["Completed"] },
      ]);
      assert.equal(a[N.notifyFailed].method, "POST");
      assert.equal(a[N.notifyFailed].body.event, "failed");
      assert.deepEqual(a[N.notifyFailed].policy, {
        retry: 3,
        retryIntervalInSeconds: 30,
        secureInput: true,
      });
      assert.equal(a[N.notifyFailed].httpRequestTimeout, "00:01:00");
      // The callback URL carries a signature: it reaches the engine as a secret, exactly there
      // (the rest of the activity list stays readable in the plan).
      const secret = rec.secretPaths.filter((p) => p.startsWith("activities"));
      assert.equal(secret.length, 3, secret.join(", ")); // started, succeeded, failed
      for (const p of secret) assert.match(p, /^activities\[\d+\]\.url$/);
      assert.equal(a[N.notifyFailed].url, "https://logic.example/callback?sig=secret");
    });
    it("several leaves: a marker that needs all of them decides between success and failure", () => {
      const { activities, variables } = buildPipelineActivities(
        {
          activities: [copy("A"), copy("B", ["A"]), copy("C", ["A"])],
          notifications: { url: "https://x" },
        },
        { component: "T" },
      );
      const a = byName(activities);
      assert.deepEqual(variables, { runOutcome: { type: "String" } });
      assert.deepEqual(a[N.allSucceeded].dependsOn, [
        { activity: "B", dependencyConditions: ["Succeeded"] },
        { activity: "C", dependencyConditions: ["Succeeded"] },
      ]);
      assert.deepEqual(a[N.notifySucceeded].dependsOn, [
        { activity: N.allSucceeded, dependencyConditions: ["Succeeded"] },
      ]);
      assert.deepEqual(a[N.notifyFailed].dependsOn, [
        { activity: N.allSucceeded, dependencyConditions: ["Skipped"] },
      ]);
    });
    it("onFailure only: no success notification", () => {
      const { activities } = buildPipelineActivities(
        { activities: [copy("A")], notifications: { url: "https://x", onSuccess: false } },
        { component: "T" },
      );
      assert.deepEqual(
        activities.map((a) => a.name),
        ["A", N.notifyFailed, N.failRun],
      );
    });
  });

  describe("pipeline settings and schedule", () => {
    it("runs one at a time by default and passes parameters", async () => {
      new ScheduledDataPipeline("p-params", {
        factory,
        activities: [copy("A")],
        parameters: { day: { type: "String", defaultValue: "today" } },
      });
      const inputs = await pipelineInputs("p-params");
      assert.equal(inputs.concurrency, 1);
      assert.equal(inputs.pipelineName, "p-params");
      assert.deepEqual(inputs.parameters, { day: { type: "String", defaultValue: "today" } });
    });
    it("the schedule shortcut creates an activated ScheduleTrigger for the pipeline", async () => {
      const p = new ScheduledDataPipeline("p-sched", {
        factory,
        activities: [copy("A")],
        schedule: Recurrence.daily({ at: "02:00", timeZone: "W. Europe Standard Time" }),
      });
      assert.ok(p.scheduleTrigger);
      await session.settle();
      const t = one("p-sched-schedule", "azure-native:datafactory:Trigger");
      assert.equal(t.inputs.properties.type, "ScheduleTrigger");
      assert.equal(t.inputs.properties.recurrence.timeZone, "W. Europe Standard Time");
      assert.deepEqual(t.inputs.properties.pipelines, [
        {
          pipelineReference: { referenceName: "p-sched", type: "PipelineReference" },
          parameters: {},
        },
      ]);
      const activation = one("p-sched-schedule-activation", ACTIVATION_RESOURCE.token);
      assert.equal(activation.inputs.desiredState, "Started");
    });
  });

  describe("validation", () => {
    const ok = { factory, activities: [copy("A")] };
    it("rejects an empty activity list", () =>
      rejects(
        () => new ScheduledDataPipeline("v1", { factory, activities: [] }),
        "REQUIRED",
        /^activities$/,
      ));
    it("rejects duplicate activity names", () =>
      rejects(
        () => new ScheduledDataPipeline("v2", { factory, activities: [copy("A"), copy("A")] }),
        "CONFLICT",
        /activities\[1\]\.name/,
      ));
    it("rejects an activity named like a generated one", () =>
      rejects(
        () => new ScheduledDataPipeline("v3", { factory, activities: [copy(N.failRun)] }),
        "CONFLICT",
        /activities\[0\]\.name/,
      ));
    it("rejects an activity name with a dot", () =>
      rejects(
        () => new ScheduledDataPipeline("v4", { factory, activities: [copy("a.b")] }),
        "INVALID_FORMAT",
        /activities\[0\]\.name/,
      ));
    it("rejects a dependency on an unknown activity", () =>
      rejects(
        () => new ScheduledDataPipeline("v5", { factory, activities: [copy("A", ["Nope"])] }),
        "CONFLICT",
        /dependsOn\[0\]\.activity/,
      ));
    it("rejects an unknown dependency condition", () =>
      rejects(
        () =>
          new ScheduledDataPipeline("v6", {
            factory,
            activities: [
              copy("A"),
              { ...copy("B"), dependsOn: [{ activity: "A", dependencyConditions: ["Done"] }] },
            ],
          }),
        "NOT_ALLOWED",
        /dependencyConditions/,
      ));
    it("rejects a retry interval under 30 seconds", () =>
      rejects(
        () => new ScheduledDataPipeline("v7", { ...ok, retry: { interval: Duration.seconds(10) } }),
        "OUT_OF_RANGE",
        /retry\.interval/,
      ));
    it("rejects a negative retry count", () =>
      rejects(
        () => new ScheduledDataPipeline("v8", { ...ok, retry: { count: -1 } }),
        "OUT_OF_RANGE",
        /retry\.count/,
      ));
    it("rejects onMissing in 'wait' mode", () =>
      rejects(
        () =>
          new ScheduledDataPipeline("v9", {
            ...ok,
            dataAvailability: { dataset: "d", onMissing: "skip" },
          }),
        "CONFLICT",
        /onMissing/,
      ));
    it("rejects minimumSizeBytes in 'check' mode", () =>
      rejects(
        () =>
          new ScheduledDataPipeline("v10", {
            ...ok,
            dataAvailability: { dataset: "d", mode: "check", minimumSizeBytes: 1 },
          }),
        "CONFLICT",
        /mode/,
      ));
    it("rejects a ForEach behind a 'check' gate", () =>
      rejects(
        () =>
          new ScheduledDataPipeline("v11", {
            factory,
            activities: [
              {
                name: "Each",
                type: "ForEach",
                items: { type: "Expression", value: "@pipeline().parameters.files" },
                activities: [{ name: "Inner", type: "Copy", source: {}, sink: {} }],
              },
            ],
            dataAvailability: { dataset: "d", mode: "check" },
          }),
        "CONFLICT",
        /mode/,
        /ExecutePipeline/,
      ));
    it("rejects a gate timeout above 7 days", () =>
      rejects(
        () =>
          new ScheduledDataPipeline("v12", {
            ...ok,
            dataAvailability: { dataset: "d", timeout: Duration.days(8) },
          }),
        "OUT_OF_RANGE",
        /timeout/,
      ));
    it("rejects a notification timeout above 10 minutes", () =>
      rejects(
        () =>
          new ScheduledDataPipeline("v13", {
            ...ok,
            notifications: { url: "https://x", httpRequestTimeout: Duration.minutes(20) },
          }),
        "OUT_OF_RANGE",
        /httpRequestTimeout/,
      ));
    it("rejects concurrency 0", () =>
      rejects(
        () => new ScheduledDataPipeline("v14", { ...ok, concurrency: 0 }),
        "OUT_OF_RANGE",
        /concurrency/,
      ));
    it("rejects an invalid pipeline name", () =>
      rejects(
        () => new ScheduledDataPipeline("v15", { ...ok, pipelineName: "bad/name" }),
        "INVALID_NAME",
        /pipelineName/,
      ));
    it("rejects a schedule that already ended, registering neither pipeline nor trigger", () =>
      rejects(
        () =>
          new ScheduledDataPipeline("v16", {
            ...ok,
            schedule: Recurrence.daily({
              at: "02:00",
              startTime: "2020-01-01",
              endTime: "2020-02-01",
            }),
          }),
        "INVALID_TIME",
        /endTime/,
      ));
  });
});
