import { strict as assert } from "assert";
import { mocks, rejects } from "../support/mocks";
import { analyze, LOG_TABLES, operatorsAndFunctions } from "../support/kusto";
import { Duration, Recurrence } from "../../lib/core";
import { DataFactory, ScheduledDataPipeline } from "../../lib/datafactory";
import {
  DASHBOARD_QUERIES,
  FreshnessSpec,
  freshnessQuery,
  PipelineAlerts,
} from "../../lib/monitoring";
import { SearchIndexerSchedule } from "../../lib/search";
import { MISSED_RUN_SLACK, missedRunQuery, missedRunTiming } from "../../lib/search/monitoring";

/*
 * Issue 19, item 6: every KQL query the library deploys is parsed and bound by Kusto.Language
 * (`@kusto/language-service-next`) against the documented columns of the tables it reads
 * (test/support/kusto.ts cites them). Any error diagnostic fails. The queries are collected from
 * what the components register (every ScheduledQueryRule's criteria and every workbook tile), so a
 * query added later is checked without a change here.
 */

const session = mocks();
const SUB = "00000000-0000-0000-0000-000000000000";
const RG = "rg-kql";
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/logs`;
const adf = new DataFactory("kql-adf", { resourceGroupName: RG, factoryName: "adf-kql" });
const schedules: Record<string, Recurrence> = {
  dailyBerlin: Recurrence.daily({ at: "02:00", timeZone: "W. Europe Standard Time" }),
  dailyUtcTwice: Recurrence.daily({ at: ["02:00", "14:00"] }),
  everyThirdDay: Recurrence.every(Duration.days(3), { timeZone: "Pacific Standard Time" }),
  weekly: Recurrence.weekly({ on: ["Monday", "Thursday"], at: "06:30", timeZone: "UTC" }),
  fortnightly: Recurrence.fromAdf({
    frequency: "Week",
    interval: 2,
    startTime: "2026-01-02T00:00:00",
    timeZone: "AUS Eastern Standard Time",
    schedule: { weekDays: ["Friday"], hours: [22], minutes: [0] },
  }),
  hourly: Recurrence.every(Duration.hours(1)),
  every15Minutes: Recurrence.every(Duration.minutes(15)),
};
const pipelines = Object.entries(schedules).map(
  ([key, schedule]) =>
    new ScheduledDataPipeline(`kql-${key.toLowerCase()}`, {
      factory: adf,
      activities: [{ name: "Copy", type: "Copy", source: {}, sink: {} }],
      schedule,
    }),
);
new PipelineAlerts("kql-alerts", {
  factory: adf,
  emails: ["ops@contoso.com"],
  diagnostics: { workspaceId: WORKSPACE },
  deadlines: pipelines.map((pipeline, i) =>
    i === 0
      ? { pipeline, succeededBy: "07:45" }
      : { pipeline, within: Duration.minutes(15), evaluationFrequency: Duration.minutes(5) },
  ),
});
new SearchIndexerSchedule("kql-search", {
  resourceGroupName: RG,
  storageAccountId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/stkql`,
  container: "curated",
  fields: [{ name: "id", type: "Edm.String", key: true }],
  interval: Duration.hours(2),
  startTime: "2026-01-01T00:30:00Z",
  logAnalyticsWorkspaceId: WORKSPACE,
});

/**
 * Every query the registered resources carry: alert criteria and workbook tiles. All of them are
 * checked; the counts below look at this file's (`kql-`) resources only, since other test files
 * may share the mock session.
 */
function deployedQueries(): { source: string; query: string }[] {
  const out: { source: string; query: string }[] = [];
  for (const r of session.resources) {
    if (r.type === "azure-native:monitor:ScheduledQueryRule")
      for (const c of r.inputs.criteria?.allOf ?? [])
        out.push({ source: `${r.name} (log alert)`, query: c.query });
    if (r.type === "azure-native:applicationinsights:Workbook")
      for (const item of JSON.parse(r.inputs.serializedData).items ?? [])
        if (item.content?.query)
          out.push({ source: `${r.name} tile ${item.name}`, query: item.content.query });
  }
  return out;
}

function assertBinds(source: string, query: string): void {
  const { errors } = analyze(query);
  assert.deepEqual(
    errors.map(
      (e) => `${e.code} at ${e.start}: ${e.message} [${query.slice(e.start, e.start + 30)}]`,
    ),
    [],
    `${source} does not bind:\n${query}`,
  );
}

describe("every deployed KQL query parses and binds (Kusto.Language, documented columns)", () => {
  before(() => session.settle());

  it("collects the deadline, missed-trigger and missed-run rules and the dashboard tiles", () => {
    const q = deployedQueries().filter((x) => x.source.startsWith("kql-"));
    // 7 deadlines + 7 missed-trigger checks, 1 search missed-run rule, 4 dashboard tiles.
    assert.equal(q.filter((x) => x.source.includes("deadline")).length, 7);
    assert.equal(q.filter((x) => x.source.includes("missed-trigger")).length, 7);
    assert.equal(q.filter((x) => x.source.includes("missed-runs")).length, 1);
    assert.equal(q.filter((x) => x.source.includes("tile")).length, 4);
  });

  it("has no error diagnostic in any of them", () => {
    for (const { source, query } of deployedQueries()) assertBinds(source, query);
  });

  it("binds the exported dashboard queries and both freshness kinds built directly", () => {
    for (const [name, query] of Object.entries(DASHBOARD_QUERIES)) assertBinds(name, query);
    for (const kind of ["DeadlineAlert", "MissedRunAlert"] as const)
      for (const [key, recurrence] of Object.entries(schedules)) {
        const spec: FreshnessSpec = {
          kind,
          pipeline: 'odd "name"',
          trigger: "t\\rigger",
          recurrence,
          within: Duration.minutes(90),
          ingestionDelay: Duration.minutes(10),
          evaluationFrequency: Duration.minutes(15),
        };
        assertBinds(`${kind} ${key}`, freshnessQuery(spec));
      }
  });

  it("uses no operator Azure refuses or discourages in log alerts (search, union, take, limit, ingestion_time)", () => {
    // Learn, "Optimize log search alert queries": search and union are not supported in alert
    // rules, limit/take should be avoided; "Create or edit a log search alert rule": ingestion_time()
    // and the adx pattern break one-minute rules.
    for (const { source, query } of deployedQueries().filter((x) => !x.source.includes("tile"))) {
      const { operators, functions } = operatorsAndFunctions(query);
      for (const bad of ["search", "union", "take", "limit"])
        assert.ok(!operators.includes(bad), `${source} uses ${bad}`);
      for (const bad of ["ingestion_time", "adx"])
        assert.ok(!functions.includes(bad), `${source} calls ${bad}()`);
    }
  });

  it("fails on a query with a wrong column, so the check can fail", () => {
    const broken = DASHBOARD_QUERIES.failedActivities.replace("ActivityType", "ActivityKind");
    const { errors } = analyze(broken);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /ActivityKind/);
    // The same for the freshness query: ADFTriggerRun has TriggerName, not Trigger.
    const spec: FreshnessSpec = {
      kind: "MissedRunAlert",
      pipeline: "p",
      trigger: "t",
      recurrence: schedules.dailyBerlin,
      within: Duration.minutes(15),
      ingestionDelay: Duration.minutes(10),
      evaluationFrequency: Duration.minutes(15),
    };
    assert.ok(analyze(freshnessQuery(spec).replace("TriggerName ==", "Trigger ==")).errors.length);
    // And for a table the workspace does not have.
    assert.ok(analyze("ADFPipelineRuns | count").errors.length);
  });

  it("the missed-run query returns one row exactly when no run was logged (summarize count() on empty input is 0)", () => {
    const q = missedRunQuery(
      "idx-a",
      "/subscriptions/x/resourcegroups/rg/providers/microsoft.search/searchservices/s",
    );
    const { errors, columns } = analyze(q);
    assert.deepEqual(errors, []);
    assert.deepEqual(columns, ["indexer", "runs"]);
    // Shape: a table, filters, one summarize without `by`, then `where runs == 0`.
    const { operators } = operatorsAndFunctions(q);
    assert.deepEqual(operators, ["project", "summarize", "where"]);
    assert.match(q, /\| summarize runs = count\(\)\n\| where runs == 0\n/);
    assert.doesNotMatch(q, /summarize[^\n]* by /);
    // It reads the table Search logs go to, with the columns declared from Learn.
    assert.ok(LOG_TABLES.AzureDiagnostics.includes("Description_s:string"));
  });
});

describe("one-minute log alerts (aka.ms/lsa_1m_limits)", () => {
  it("refuses PT1M for a deadline alert with NOT_ALLOWED naming the prop", async () => {
    await rejects(
      () =>
        new PipelineAlerts("kql-1m", {
          factory: adf,
          emails: ["ops@contoso.com"],
          diagnostics: { workspaceId: WORKSPACE },
          dashboard: false,
          deadlines: [
            {
              pipeline: pipelines[0],
              succeededBy: "06:00",
              evaluationFrequency: Duration.minutes(1),
            },
          ],
        }),
      "NOT_ALLOWED",
      /^deadlines\[0\]\.evaluationFrequency$/,
      /PT1M/,
    );
  });

  it("still accepts PT5M", () => {
    new PipelineAlerts("kql-5m", {
      factory: adf,
      emails: ["ops@contoso.com"],
      diagnostics: { workspaceId: WORKSPACE },
      dashboard: false,
      deadlines: [
        { pipeline: pipelines[0], succeededBy: "06:00", evaluationFrequency: Duration.minutes(5) },
      ],
    });
  });
});

describe("Search missed-run rule timing (Learn, 'Create or edit a log search alert rule')", () => {
  it("fits every indexer interval (PT5M..PT24H): window <= P2D covering interval + slack, frequency <= window and <= PT12H (stateful rules)", () => {
    for (let m = 5; m <= 24 * 60; m += 5) {
      const interval = Duration.minutes(m);
      const t = missedRunTiming(interval);
      assert.ok(t, `no timing for ${m} min`);
      const window = Duration.parse(t.window);
      const frequency = Duration.parse(t.frequency);
      assert.ok(window.compareTo(interval.plus(MISSED_RUN_SLACK)) >= 0, `${m}: window too short`);
      assert.ok(window.compareTo(Duration.days(2)) <= 0, `${m}: window above two days`);
      assert.ok(frequency.compareTo(window) <= 0, `${m}: frequency above window`);
      assert.ok(frequency.compareTo(Duration.hours(12)) <= 0, `${m}: stateful above 12 h`);
    }
  });
});
