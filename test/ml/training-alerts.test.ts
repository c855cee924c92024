import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mocks, one, rejects } from "../support/mocks";
import { analyze } from "../support/kusto";
import { Duration, Recurrence } from "../../lib/core";
import {
  gatedCommand,
  metricGateScript,
  MetricGate,
  recurrenceOfMlCron,
  TrainingAlerts,
  TrainingAlertsArgs,
  TrainingCluster,
  TrainingSchedule,
  TrainOnDataArrival,
  withMetricGates,
} from "../../lib/ml";
import {
  parseFreshnessQuery,
  PipelineAlerts,
  TRAINING_DASHBOARD_QUERIES,
} from "../../lib/monitoring";
import { buildPlan, policyResources, renderMarkdown, renderSvg, renderText } from "../../lib/plan";
import { ruleContext } from "../../lib/policy";
import { deadlineAlert, trainingFailureAlert } from "../../lib/policy/rules";

/*
 * Sources for what Azure receives:
 * - Run metrics: Microsoft Learn, "Supported metrics for Microsoft.MachineLearningServices/workspaces"
 *   (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-machinelearningservices-workspaces-metrics),
 *   category Run: REST names "Failed Runs", "Cancelled Runs", "Completed Runs", Count, PT1M,
 *   dimensions Scenario, RunType, PublishedPipelineId, ComputeType, PipelineStepType,
 *   ExperimentName; Azure Monitor Baseline Alerts lists "Failed Runs" as the must-have alert of a
 *   workspace (https://azure.github.io/azure-monitor-baseline-alerts/services/MachineLearningServices/workspaces).
 * - Log categories: Learn, "Supported log categories - Microsoft.MachineLearningServices/workspaces"
 *   and "Monitoring Azure Machine Learning data reference" (AmlComputeClusterEvent,
 *   AmlComputeClusterNodeEvent, AmlComputeCpuGpuUtilization, AmlComputeJobEvent,
 *   AmlRunStatusChangedEvent); the same names in Azure Verified Modules' workspace `logsToEnable`
 *   and Terraform `azurerm_monitor_diagnostic_setting` examples for workspaces.
 * - Tables: Learn `reference/tables/amlcomputejobevent` (ExperimentName, EventType JobSucceeded /
 *   JobFailed) and `reference/tables/amlrunstatuschangedevent` (RunId, Status, ParentRunId,
 *   RootRunId: no experiment column, hence the deadline reads AmlComputeJobEvent).
 */

const session = mocks();
const SUB = "00000000-0000-0000-0000-000000000000";
const WS_ID = `/subscriptions/${SUB}/resourceGroups/rg-ta/providers/Microsoft.MachineLearningServices/workspaces/mlw-ta`;
const LOGS = `/subscriptions/${SUB}/resourceGroups/rg-ta/providers/Microsoft.OperationalInsights/workspaces/logs-ta`;
const AG = `/subscriptions/${SUB}/resourceGroups/rg-ta/providers/Microsoft.Insights/actionGroups/ops`;
const workspace = { resourceGroupName: "rg-ta", workspaceName: "mlw-ta" };
const zone = "W. Europe Standard Time";
const FROM = new Date("2026-03-27T00:00:00Z");
const job = (experimentName?: string) => ({
  jobType: "Command" as const,
  command: "python train.py",
  environmentId: "azureml:training-env:3",
  ...(experimentName ? { experimentName } : {}),
});

const cluster = new TrainingCluster("ta-gpu", { workspace });
const daily = new TrainingSchedule("ta-retrain", {
  workspace,
  recurrence: Recurrence.daily({ at: "03:00", timeZone: zone }),
  job: job("forecast-retrain"),
  cluster,
});
const weekdays = new TrainingSchedule("ta-weekdays", {
  workspace,
  cron: { expression: "0 4 * * 1-5", timeZone: zone },
  job: job("forecast-weekdays"),
  cluster,
});
const base: TrainingAlertsArgs = {
  workspace: { workspaceId: WS_ID, resourceGroupName: "rg-ta" },
  trainings: [
    { schedule: daily, completedBy: "06:00" },
    { schedule: weekdays, within: Duration.minutes(150) },
    { experimentName: "forecast-on-arrival" },
  ],
  actionGroupIds: [AG],
  logAnalyticsWorkspaceId: LOGS,
  location: "westeurope",
};
new TrainingAlerts("ta-alerts", base);

const METRIC_ALERT = "azure-native:monitor:MetricAlert";
const QUERY_RULE = "azure-native:monitor:ScheduledQueryRule";

async function inputs(name: string, type: string) {
  await session.settle();
  return one(name, type).inputs;
}

describe("TrainingAlerts: failed and cancelled runs", () => {
  for (const [kind, metric] of [
    ["failed", "Failed Runs"],
    ["cancelled", "Cancelled Runs"],
  ] as const) {
    it(`sends a '${metric}' metric alert on the workspace, one series per watched experiment`, async () => {
      const p = await inputs(`ta-alerts-${kind}-runs`, METRIC_ALERT);
      assert.equal(p.location, "global");
      assert.equal(p.resourceGroupName, "rg-ta");
      assert.deepEqual(p.scopes, [WS_ID]);
      assert.equal(p.targetResourceType, "Microsoft.MachineLearningServices/workspaces");
      assert.equal(p.evaluationFrequency, "PT5M");
      assert.equal(p.windowSize, "PT5M");
      assert.equal(p.severity, 1);
      assert.equal(p.autoMitigate, true);
      assert.deepEqual(p.criteria, {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [
          {
            criterionType: "StaticThresholdCriterion",
            name: metric.replace(" ", ""),
            metricName: metric,
            metricNamespace: "Microsoft.MachineLearningServices/workspaces",
            dimensions: [
              {
                name: "ExperimentName",
                operator: "Include",
                values: ["forecast-retrain", "forecast-weekdays", "forecast-on-arrival"],
              },
            ],
            operator: "GreaterThan",
            threshold: 0,
            timeAggregation: "Total",
          },
        ],
      });
      assert.deepEqual(p.actions, [{ actionGroupId: AG }]);
    });
  }

  it("sends the run and compute logs to the pipelines' Log Analytics workspace", async () => {
    const p = await inputs("ta-alerts-diagnostics", "azure-native:monitor:DiagnosticSetting");
    assert.equal(p.resourceUri, WS_ID);
    assert.equal(p.workspaceId, LOGS);
    assert.equal(p.logAnalyticsDestinationType, "Dedicated");
    assert.deepEqual(p.logs, [
      { category: "AmlComputeJobEvent", enabled: true },
      { category: "AmlRunStatusChangedEvent", enabled: true },
      { category: "AmlComputeClusterEvent", enabled: true },
    ]);
  });

  it("watches only the outcomes asked for, and no logs with diagnostics: false", async () => {
    new TrainingAlerts("ta-only-failed", {
      ...base,
      trainings: [{ schedule: daily }],
      failures: ["failed"],
      diagnostics: false,
      severity: 0,
      evaluationFrequency: Duration.minutes(15),
      windowSize: Duration.hours(1),
    });
    await session.settle();
    const mine = session.resources.filter((r) => r.name.startsWith("ta-only-failed-"));
    assert.deepEqual(mine.map((r) => r.name).sort(), ["ta-only-failed-failed-runs"]);
    const p = mine[0].inputs;
    assert.equal(p.severity, 0);
    assert.equal(p.evaluationFrequency, "PT15M");
    assert.equal(p.windowSize, "PT1H");
    assert.deepEqual(p.criteria.allOf[0].dimensions[0].values, ["forecast-retrain"]);
  });
});

describe("TrainingAlerts: runs started by TrainOnDataArrival", () => {
  it("watches them by the experiment TrainOnDataArrival sends to Azure ML", async () => {
    const arrival = new TrainOnDataArrival("tc-arrival", {
      factory: { resourceGroupName: "rg-ta", factoryName: "adf-ta" },
      arrival: { storageAccountId: `${WS_ID}/../lake`, container: "landing", folderPath: "sales" },
      validation: {
        activities: [{ name: "Check", type: "GetMetadata", dataset: {}, fieldList: ["size"] }],
      },
      training: {
        workspace: { subscriptionId: SUB, ...workspace },
        mlPipelineEndpointId: "pe-forecast",
        experimentName: "forecast-arrival",
      },
    });
    assert.equal(arrival.experimentName, "forecast-arrival");
    new TrainingAlerts("tc-alerts", {
      ...base,
      trainings: [{ experimentName: arrival.experimentName }],
      diagnostics: false,
    });
    await session.settle();
    const activity = one("tc-arrival-train", "azure-native:datafactory:Pipeline").inputs
      .activities[0];
    const alert = one("tc-alerts-failed-runs", METRIC_ALERT).inputs;
    assert.deepEqual(alert.criteria.allOf[0].dimensions[0].values, [activity.experimentName]);
  });
});

describe("TrainingAlerts: deadlines derived from the schedule", () => {
  it("sends a log alert over AmlComputeJobEvent: a succeeded job of the experiment by 06:00", async () => {
    const p = await inputs("ta-alerts-deadline-0", QUERY_RULE);
    assert.equal(p.kind, "LogAlert");
    assert.equal(p.location, "westeurope");
    assert.deepEqual(p.scopes, [LOGS]);
    assert.equal(p.evaluationFrequency, "PT15M");
    // within 3 h + ingestion 10 min + frequency 15 min = 3 h 25 min -> the next allowed window.
    assert.equal(p.windowSize, "PT4H");
    assert.equal(p.autoMitigate, false);
    assert.equal(p.skipQueryValidation, true);
    assert.deepEqual(p.actions, { actionGroups: [AG] });
    const query: string = p.criteria.allOf[0].query;
    assert.match(
      query,
      /AmlComputeJobEvent\n\| where ExperimentName == "forecast-retrain" and EventType == "JobSucceeded"/,
    );
    assert.doesNotMatch(query, /ADFPipelineRun/);
    assert.match(query, /let tz = "Europe\/Berlin";/);
    const spec = parseFreshnessQuery(query)!;
    assert.equal(spec.service, "MachineLearning");
    assert.equal(spec.pipeline, "forecast-retrain");
    assert.equal(spec.within.toIsoString(), "PT3H");
    assert.match(p.description, /a succeeded training job of experiment forecast-retrain/);
  });

  it("parses and binds every training query against the documented AmlComputeJobEvent columns", async () => {
    await session.settle();
    const queries = session.resources
      .filter((r) => r.name.startsWith("ta-") && r.type === QUERY_RULE)
      .map((r) => r.inputs.criteria.allOf[0].query as string);
    assert.equal(queries.length, 2);
    for (const q of [...queries, ...Object.values(TRAINING_DASHBOARD_QUERIES)])
      assert.deepEqual(
        analyze(q).errors.map((e) => e.message),
        [],
        q,
      );
  });

  it("reads an Azure ML cron as the same firings: 0 4 * * 1-5 is weekdays at 04:00", () => {
    const r = recurrenceOfMlCron(
      { triggerType: "Cron", expression: "0 4 * * 1-5", timeZone: zone },
      { component: "t", name: "t" },
      "cron",
    );
    assert.equal(r.frequency, "Week");
    assert.deepEqual(r.schedule?.weekDays, [
      "Monday",
      "Tuesday",
      "Wednesday",
      "Thursday",
      "Friday",
    ]);
    assert.deepEqual(r.times(), [[4, 0]]);
    const every = recurrenceOfMlCron(
      { triggerType: "Cron", expression: "30 1,13 * * *" },
      { component: "t", name: "t" },
      "cron",
    );
    assert.equal(every.frequency, "Day");
    assert.deepEqual(every.times(), [
      [1, 30],
      [13, 30],
    ]);
  });

  it("appears in the plan with its firings, across the March DST change, in every format", async () => {
    await session.settle();
    const plan = buildPlan(
      session.resources.filter((r) => r.name.startsWith("ta-")),
      { from: FROM, days: 4, program: "test" },
    );
    const deadlines = plan.schedules.filter((s) => s.kind === "DeadlineAlert");
    const daily = deadlines.find((s) => s.pipelines[0] === "forecast-retrain")!;
    assert.equal(daily.timeZone, zone);
    assert.equal(daily.factory, null);
    assert.deepEqual(daily.firings, [
      "2026-03-27T05:00:00.000Z",
      "2026-03-28T05:00:00.000Z",
      "2026-03-29T04:00:00.000Z",
      "2026-03-30T04:00:00.000Z",
    ]);
    // 04:00 + 2 h 30, Monday to Friday: Friday the 27th and Monday the 30th (after DST).
    const cron = deadlines.find((s) => s.pipelines[0] === "forecast-weekdays")!;
    assert.deepEqual(cron.localFirings, ["2026-03-27 06:30", "2026-03-30 06:30"]);
    assert.deepEqual(cron.firings, ["2026-03-27T05:30:00.000Z", "2026-03-30T04:30:00.000Z"]);
    assert.match(renderText(plan), /ta-alerts-deadline-0 \[DeadlineAlert\] started on deploy/);
    assert.match(
      renderMarkdown(plan),
      /\| `ta-alerts-deadline-1` \| DeadlineAlert \| forecast-weekdays \|/,
    );
    assert.match(renderSvg(plan), />ta-alerts-deadline-0<\/tspan>/);
    // The training deadline is not mistaken for a Data Factory pipeline's.
    assert.equal(plan.version, 2);
  });
});

// Registered up front: a component created inside a `rejects` call would count as registered.
const anon = new TrainingSchedule("tb-anon", {
  workspace,
  recurrence: Recurrence.daily({ at: "03:00" }),
  job: job(),
});
const serverless = new TrainingSchedule("tb-serverless", {
  workspace,
  recurrence: Recurrence.daily({ at: "03:00" }),
  job: job("serverless"),
});

describe("TrainingAlerts: bad input", () => {
  const bad = (name: string, patch: Partial<TrainingAlertsArgs>) => () =>
    new TrainingAlerts(name, { ...base, ...patch });
  it("refuses a schedule whose job names no experiment (it would land in 'Default')", async () => {
    await rejects(
      bad("ta-bad-1", { trainings: [{ schedule: anon }] }),
      "CONFLICT",
      /^trainings\[0\]\.schedule$/,
      /experimentName/,
    );
  });
  it("refuses a deadline on serverless jobs (AmlComputeJobEvent logs cluster jobs only)", async () => {
    await rejects(
      bad("ta-bad-2", { trainings: [{ schedule: serverless, completedBy: "05:00" }] }),
      "CONFLICT",
      /^trainings\[0\]\.schedule$/,
      /compute cluster/,
    );
  });
  it("refuses a deadline before the firing, both schedule and experimentName, a deadline without schedule", async () => {
    await rejects(
      bad("ta-bad-3", { trainings: [{ schedule: daily, completedBy: "02:00" }] }),
      "CONFLICT",
      /^trainings\[0\]\.completedBy$/,
      /before the run's own firing at 03:00/,
    );
    await rejects(
      bad("ta-bad-4", { trainings: [{ schedule: daily, experimentName: "x" }] }),
      "CONFLICT",
      /^trainings\[0\]\.schedule$/,
    );
    await rejects(
      bad("ta-bad-5", { trainings: [{ experimentName: "x", within: Duration.hours(1) }] }),
      "CONFLICT",
      /^trainings\[0\]\.within$/,
      /needs a schedule/,
    );
    await rejects(
      bad("ta-bad-6", {
        trainings: [{ schedule: daily, completedBy: "06:00", within: Duration.hours(1) }],
      }),
      "CONFLICT",
      /^trainings\[0\]\.completedBy$/,
    );
    await rejects(
      bad("ta-bad-7", {
        trainings: [{ experimentName: "x", evaluationFrequency: Duration.minutes(5) }],
      }),
      "CONFLICT",
      /^trainings\[0\]\.evaluationFrequency$/,
    );
  });
  it("refuses a deadline past the next firing and a PT1M log alert", async () => {
    await rejects(
      bad("ta-bad-8", { trainings: [{ schedule: daily, within: Duration.hours(25) }] }),
      "CONFLICT",
      /^trainings\[0\]\.within$/,
      /longer than the shortest time between two firings/,
    );
    await rejects(
      bad("ta-bad-9", {
        trainings: [
          { schedule: daily, completedBy: "06:00", evaluationFrequency: Duration.minutes(1) },
        ],
      }),
      "NOT_ALLOWED",
      /^trainings\[0\]\.evaluationFrequency$/,
    );
  });
  it("refuses metric alert timings, severities and outcomes Azure refuses, and no receivers", async () => {
    await rejects(
      bad("ta-bad-10", { windowSize: Duration.minutes(2) }),
      "NOT_ALLOWED",
      /^windowSize$/,
    );
    await rejects(
      bad("ta-bad-11", {
        evaluationFrequency: Duration.minutes(15),
        windowSize: Duration.minutes(5),
      }),
      "CONFLICT",
      /^windowSize$/,
    );
    await rejects(bad("ta-bad-12", { severity: 5 as never }), "NOT_ALLOWED", /^severity$/);
    await rejects(
      bad("ta-bad-13", { failures: ["timedOut" as never] }),
      "NOT_ALLOWED",
      /^failures\[0\]$/,
    );
    await rejects(bad("ta-bad-14", { actionGroupIds: [] }), "REQUIRED", /^actionGroupIds$/);
    await rejects(bad("ta-bad-15", { trainings: [] }), "REQUIRED", /^trainings$/);
    await rejects(
      bad("ta-bad-16", {
        trainings: [{ schedule: daily, completedBy: "06:00", sevrity: 2 } as never],
      }),
      "NOT_ALLOWED",
      /sevrity/,
    );
  });
});

describe("withMetricGates: logged metric values fail the run", () => {
  const gates: MetricGate[] = [
    { metric: "val_loss", max: 0.5 },
    { metric: "accuracy", min: 0.9, finite: false },
  ];

  it("runs the gate after the training command, only if it succeeded", async () => {
    const gated = withMetricGates(job("forecast-retrain"), gates);
    const s = new TrainingSchedule("ta-gated", {
      workspace,
      recurrence: Recurrence.daily({ at: "03:00" }),
      job: gated,
      cluster,
    });
    void s;
    const p = await inputs("ta-gated-schedule", "azure-native:machinelearningservices:Schedule");
    const command: string = p.properties.action.jobDefinition.command;
    assert.equal(command, gatedCommand("python train.py", gates));
    assert.ok(command.startsWith("(\npython train.py\n) && python -c '"));
    assert.equal(command.split("'").length, 3, "the script holds no single quote");
    assert.match(
      metricGateScript(gates),
      /\("val_loss", None, 0\.5, True\), \("accuracy", 0\.9, None, False\)/,
    );
  });

  /*
   * The gate against a stand-in `mlflow` package (the job's own MLflow client, as Azure ML sets
   * MLFLOW_RUN_ID in every job): history returned newest first, so ordering matters.
   */
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-"));
  fs.mkdirSync(path.join(dir, "mlflow"));
  fs.writeFileSync(path.join(dir, "mlflow", "__init__.py"), "");
  fs.writeFileSync(
    path.join(dir, "mlflow", "tracking.py"),
    [
      "import json, os",
      "class Metric:",
      "    def __init__(self, value, step): self.value, self.step, self.timestamp = value, step, 1000 + step",
      "class MlflowClient:",
      "    def get_metric_history(self, run, key):",
      '        assert run == "run-7", run',
      '        values = json.loads(os.environ["FAKE_METRICS"]).get(key, [])',
      "        return list(reversed([Metric(float(v), i) for i, v in enumerate(values)]))",
    ].join("\n"),
  );
  fs.mkdirSync(path.join(dir, "bin"));
  fs.writeFileSync(path.join(dir, "bin", "python"), '#!/bin/sh\nexec python3 "$@"\n', {
    mode: 0o755,
  });
  const run = (train: string, metrics: Record<string, string[]>) =>
    spawnSync("sh", ["-c", gatedCommand(train, gates)], {
      encoding: "utf8",
      env: {
        ...process.env,
        PATH: `${path.join(dir, "bin")}:${process.env.PATH}`,
        PYTHONPATH: dir,
        MLFLOW_RUN_ID: "run-7",
        FAKE_METRICS: JSON.stringify(metrics),
      },
    });

  it("passes when the last values are within bounds (earlier values may be out)", () => {
    const r = run("echo training", { val_loss: ["2.0", "0.9", "0.4"], accuracy: ["0.5", "0.93"] });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /training\nmetric gate passed: val_loss, accuracy/);
  });
  it("fails a loss that diverged (NaN), one above its ceiling, an accuracy below its floor, a metric never logged", () => {
    for (const [metrics, why] of [
      [{ val_loss: ["0.7", "nan", "0.3"], accuracy: ["0.95"] }, /val_loss: diverged/],
      [{ val_loss: ["0.3", "0.6"], accuracy: ["0.95"] }, /val_loss: last value 0.6 is above 0.5/],
      [{ val_loss: ["0.3"], accuracy: ["0.95", "0.89"] }, /accuracy: last value 0.89 is below 0.9/],
      [{ val_loss: ["0.3"] }, /accuracy: never logged/],
    ] as const) {
      const r = run("echo training", metrics as never);
      assert.equal(r.status, 1, `${JSON.stringify(metrics)}: ${r.stdout}`);
      assert.match(r.stderr, why);
    }
    // accuracy has finite: false, and an infinite value is above its floor: it passes.
    assert.equal(run("echo training", { val_loss: ["0.3"], accuracy: ["inf"] }).status, 0);
  });
  it("does not run the gate when training itself failed, and keeps its failure", () => {
    const r = run("echo training; exit 3", { val_loss: ["0.1"], accuracy: ["0.99"] });
    assert.equal(r.status, 3);
    assert.doesNotMatch(r.stdout + r.stderr, /metric gate/);
  });

  it("refuses gates that cannot work", () => {
    const bad = (g: unknown, code: string, prop: RegExp) =>
      assert.throws(
        () => withMetricGates(job("x"), g as MetricGate[]),
        (e: any) => e.code === code && prop.test(e.prop),
      );
    bad([], "REQUIRED", /^gates$/);
    bad([{ metric: "loss", min: 1, max: 1 }], "CONFLICT", /^gates\[0\]\.min$/);
    bad([{ metric: "it's", max: 1 }], "INVALID_FORMAT", /^gates\[0\]\.metric$/);
    bad([{ metric: "x".repeat(251), max: 1 }], "INVALID_FORMAT", /^gates\[0\]\.metric$/);
    bad([{ metric: "loss", max: Number.NaN }], "INVALID_FORMAT", /^gates\[0\]\.max$/);
    bad([{ metric: "loss", finite: false }], "CONFLICT", /^gates\[0\]$/);
    bad(
      [
        { metric: "loss", max: 1 },
        { metric: "loss", min: 0 },
      ],
      "CONFLICT",
      /^gates\[1\]\.metric$/,
    );
    bad([{ metric: "loss", ceiling: 1 }], "NOT_ALLOWED", /ceiling/);
    assert.throws(
      () =>
        withMetricGates({ jobType: "Pipeline", jobs: {} } as never, [{ metric: "loss", max: 1 }]),
      (e: any) => e.code === "CONFLICT" && e.prop === "job.jobType",
    );
  });
});

describe(`rule ${trainingFailureAlert.id}`, () => {
  const findings = (prefix: string) =>
    trainingFailureAlert
      .check(
        ruleContext(policyResources(session.resources.filter((r) => r.name.startsWith(prefix))), {
          now: FROM,
        }),
      )
      .map((v) => `${v.resource.split("::").pop()}: ${v.message}`);

  it("accepts schedules TrainingAlerts watches; flags one it does not", async () => {
    await session.settle();
    assert.deepEqual(findings("ta-retrain"), [
      "ta-retrain-schedule: Azure ML schedule ta-retrain starts training jobs (experiment forecast-retrain) but no metric alert watches their failures (metric 'Failed Runs', dimension ExperimentName): add the schedule to TrainingAlerts 'trainings'.",
    ]);
    assert.deepEqual(
      findings("ta-").filter((f) => /ta-(retrain|weekdays)-schedule/.test(f)),
      [],
    );
  });

  it("an alert on another experiment does not count; a workspace-wide one does; a Cancelled Runs one does not", async () => {
    new TrainingSchedule("rtf-other", {
      workspace,
      recurrence: Recurrence.daily({ at: "03:00" }),
      job: job("other"),
    });
    new TrainingAlerts("rtf-alerts", {
      ...base,
      trainings: [{ experimentName: "not-other" }],
      diagnostics: false,
    });
    await session.settle();
    assert.equal(findings("rtf-").length, 1);
    new TrainingAlerts("rtf-cancel", {
      ...base,
      trainings: [{ experimentName: "other" }],
      failures: ["cancelled"],
      diagnostics: false,
    });
    await session.settle();
    assert.equal(findings("rtf-").length, 1);
    new TrainingAlerts("rtf-right", {
      ...base,
      trainings: [{ experimentName: "other" }],
      failures: ["failed"],
      diagnostics: false,
    });
    await session.settle();
    assert.deepEqual(findings("rtf-"), []);
    // A workspace-wide Failed Runs alert (no ExperimentName dimension) covers every experiment;
    // one that excludes the experiment does not.
    const schedule = policyResources(
      session.resources.filter((r) => r.name === "rtf-other-schedule"),
    );
    const alert = (dimensions?: unknown[]) => ({
      urn: "urn:pulumi:s::p::azure-native:monitor:MetricAlert::wide",
      type: "azure-native:monitor:MetricAlert",
      name: "wide",
      props: {
        scopes: [WS_ID],
        criteria: {
          allOf: [
            {
              metricNamespace: "Microsoft.MachineLearningServices/workspaces",
              metricName: "Failed Runs",
              ...(dimensions ? { dimensions } : {}),
            },
          ],
        },
      },
    });
    const check = (a: ReturnType<typeof alert>) =>
      trainingFailureAlert.check(ruleContext([...schedule, a], { now: FROM })).length;
    assert.equal(check(alert()), 0);
    assert.equal(
      check(alert([{ name: "ExperimentName", operator: "Exclude", values: ["other"] }])),
      1,
    );
    assert.equal(
      check(alert([{ name: "ExperimentName", operator: "Exclude", values: ["else"] }])),
      0,
    );
  });

  it("a training deadline does not satisfy deadline-alert for a pipeline of the same name", async () => {
    await session.settle();
    const mlDeadline = session.resources.filter((r) => r.name === "ta-alerts-deadline-0");
    const pipeline = {
      urn: "urn:pulumi:s::p::azure-native:datafactory:Pipeline::p",
      type: "azure-native:datafactory:Pipeline",
      name: "p",
      props: { pipelineName: "forecast-retrain", factoryName: "f", activities: [] },
    };
    const trigger = {
      urn: "urn:pulumi:s::p::azure-native:datafactory:Trigger::t",
      type: "azure-native:datafactory:Trigger",
      name: "t",
      props: {
        factoryName: "f",
        triggerName: "t",
        properties: {
          type: "ScheduleTrigger",
          recurrence: { frequency: "Day", interval: 1, startTime: "2025-01-01T00:00:00Z" },
          pipelines: [{ pipelineReference: { referenceName: "forecast-retrain" }, parameters: {} }],
        },
      },
    };
    const got = deadlineAlert.check(
      ruleContext([...policyResources(mlDeadline), pipeline, trigger], { now: FROM }),
    );
    assert.equal(got.length, 1);
  });
});

describe("PipelineAlerts trainingTile", () => {
  it("adds the training tiles to the workbook when asked, and refuses it without a dashboard", async () => {
    const factory = {
      factoryId: `/subscriptions/${SUB}/resourceGroups/rg-ta/providers/Microsoft.DataFactory/factories/adf-ta`,
      resourceGroupName: "rg-ta",
    };
    new PipelineAlerts("ta-pa", {
      factory,
      emails: ["ops@contoso.com"],
      diagnostics: { workspaceId: LOGS },
      trainingTile: true,
    });
    const p = await inputs("ta-pa-dashboard", "azure-native:applicationinsights:Workbook");
    const tiles = JSON.parse(p.serializedData).items.map((i: any) => i.name);
    assert.deepEqual(tiles.slice(-2), ["training-jobs", "training-outcomes"]);
    new PipelineAlerts("ta-pb", {
      factory,
      emails: ["ops@contoso.com"],
      diagnostics: { workspaceId: LOGS },
    });
    const q = await inputs("ta-pb-dashboard", "azure-native:applicationinsights:Workbook");
    assert.ok(!q.serializedData.includes("AmlComputeJobEvent"));
    await rejects(
      () =>
        new PipelineAlerts("ta-pc", {
          factory,
          emails: ["ops@contoso.com"],
          dashboard: false,
          trainingTile: true,
        }),
      "CONFLICT",
      /^trainingTile$/,
    );
  });
});
