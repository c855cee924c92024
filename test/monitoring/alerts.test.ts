import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { Duration, Recurrence, ValidationCode } from "../../lib/core";
import { DataFactory, ScheduledDataPipeline } from "../../lib/datafactory";
import { roleAssignmentName } from "../../lib/identity";
import { fakeGuid } from "../../lib/plan/mocks";
import {
  ACS_AUDIENCE,
  COMMUNICATION_EMAIL_ROLE,
  LogicAppNotifier,
  parseFreshnessQuery,
  PipelineAlerts,
  PipelineAlertsArgs,
} from "../../lib/monitoring";

const session = mocks();
const SUB = "00000000-0000-0000-0000-000000000000";
const RG = "rg-mon";
const adf = new DataFactory("mon-adf", { resourceGroupName: RG, factoryName: "adf-mon" });
const FACTORY_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataFactory/factories/adf-mon`;
const daily = Recurrence.daily({ at: "02:00", timeZone: "W. Europe Standard Time" });
const ingest = new ScheduledDataPipeline("mon-ingest", {
  factory: adf,
  activities: [{ name: "Copy", type: "Copy", source: {}, sink: {} }],
  schedule: daily,
});
const notifier = new LogicAppNotifier("mon-notify", {
  resourceGroupName: RG,
  recipients: ["ops@contoso.com"],
});
new PipelineAlerts("mon-alerts", {
  factory: adf,
  shortName: "mlops-ops",
  emails: ["oncall@contoso.com", "data-team@contoso.com"],
  logicApp: notifier,
  pipelines: ["mon-ingest"],
  deadlines: [{ pipeline: ingest, succeededBy: "06:00" }],
});

describe("PipelineAlerts (inputs Azure receives)", () => {
  before(() => session.settle());

  it("creates a global action group with the email receivers and the Logic App, common schema on", () => {
    const ag = one("mon-alerts-actions", "azure-native:monitor:ActionGroup");
    const wf = one("mon-notify-workflow", "azure-native:logic:Workflow");
    assert.equal(ag.inputs.location, "Global");
    assert.equal(ag.inputs.groupShortName, "mlops-ops");
    assert.equal(ag.inputs.enabled, true);
    assert.deepEqual(ag.inputs.emailReceivers, [
      { name: "email-1", emailAddress: "oncall@contoso.com", useCommonAlertSchema: true },
      { name: "email-2", emailAddress: "data-team@contoso.com", useCommonAlertSchema: true },
    ]);
    assert.equal(ag.inputs.logicAppReceivers.length, 1);
    const receiver = ag.inputs.logicAppReceivers[0];
    assert.equal(receiver.resourceId, wf.id);
    assert.equal(receiver.useCommonAlertSchema, true);
    assert.match(receiver.callbackUrl, /\/triggers\/manual\/paths\/invoke\?.*sig=/);
    assert.ok(
      ag.secretPaths.some((p) => p.startsWith("logicAppReceivers")),
      `callback URL must stay secret, secret paths: ${ag.secretPaths}`,
    );
  });

  it("alerts on failed pipeline, activity and trigger runs of the factory with exact criteria", () => {
    const ag = one("mon-alerts-actions", "azure-native:monitor:ActionGroup");
    const expected = [
      ["mon-alerts-pipeline-failed", "PipelineFailedRuns", "Name", ["mon-ingest"]],
      ["mon-alerts-activity-failed", "ActivityFailedRuns", "PipelineName", ["mon-ingest"]],
      ["mon-alerts-trigger-failed", "TriggerFailedRuns", "Name", ["*"]],
    ] as const;
    for (const [name, metric, dimension, values] of expected) {
      const a = one(name, "azure-native:monitor:MetricAlert");
      assert.equal(a.inputs.location, "global");
      assert.deepEqual(a.inputs.scopes, [FACTORY_ID]);
      assert.equal(a.inputs.targetResourceType, "Microsoft.DataFactory/factories");
      assert.equal(a.inputs.severity, 1);
      assert.equal(a.inputs.evaluationFrequency, "PT5M");
      assert.equal(a.inputs.windowSize, "PT5M");
      assert.deepEqual(a.inputs.actions, [{ actionGroupId: ag.id }]);
      assert.deepEqual(a.inputs.criteria, {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [
          {
            criterionType: "StaticThresholdCriterion",
            name: metric,
            metricName: metric,
            metricNamespace: "Microsoft.DataFactory/factories",
            dimensions: [{ name: dimension, operator: "Include", values: [...values] }],
            operator: "GreaterThan",
            threshold: 0,
            timeAggregation: "Total",
          },
        ],
      });
    }
  });

  it("sends PipelineRuns, ActivityRuns and TriggerRuns to a new workspace's resource-specific tables", () => {
    const ws = one("mon-alerts-logs", "azure-native:operationalinsights:Workspace");
    assert.deepEqual(ws.inputs.sku, { name: "PerGB2018" });
    assert.equal(ws.inputs.retentionInDays, 30);
    const ds = one("mon-alerts-diagnostics", "azure-native:monitor:DiagnosticSetting");
    assert.equal(ds.inputs.resourceUri, FACTORY_ID);
    assert.equal(ds.inputs.workspaceId, ws.id);
    assert.equal(ds.inputs.logAnalyticsDestinationType, "Dedicated");
    assert.deepEqual(ds.inputs.logs, [
      { category: "PipelineRuns", enabled: true },
      { category: "ActivityRuns", enabled: true },
      { category: "TriggerRuns", enabled: true },
    ]);
    assert.equal(
      ds.id,
      `${FACTORY_ID}/providers/Microsoft.Insights/diagnosticSettings/${ds.inputs.name ?? ds.name}`,
    );
  });

  it("adds a deadline rule whose KQL names the pipeline and the 06:00 deadline of its 02:00 schedule", () => {
    const ws = one("mon-alerts-logs", "azure-native:operationalinsights:Workspace");
    const ag = one("mon-alerts-actions", "azure-native:monitor:ActionGroup");
    const rule = one("mon-alerts-deadline-0", "azure-native:monitor:ScheduledQueryRule");
    assert.equal(rule.inputs.kind, "LogAlert");
    assert.deepEqual(rule.inputs.scopes, [ws.id]);
    assert.equal(rule.inputs.evaluationFrequency, "PT15M");
    assert.equal(rule.inputs.windowSize, "PT5H");
    assert.equal(rule.inputs.severity, 1);
    assert.equal(rule.inputs.skipQueryValidation, true);
    assert.equal(rule.inputs.autoMitigate, false);
    assert.deepEqual(rule.inputs.actions, { actionGroups: [ag.id] });
    const [c] = rule.inputs.criteria.allOf;
    assert.equal(c.timeAggregation, "Count");
    assert.equal(c.operator, "GreaterThan");
    assert.equal(c.threshold, 0);
    assert.match(c.query, /PipelineName == "mon-ingest" and Status == "Succeeded"/);
    assert.match(c.query, /let within = 240m;/);
    assert.match(c.query, /let tz = "Europe\/Berlin";/);
    assert.match(c.query, /dynamic\(\[120\]\)/);
    const spec = parseFreshnessQuery(c.query)!;
    assert.ok(
      spec.recurrence.equals(daily),
      "the rule is derived from the pipeline's own schedule",
    );
    assert.equal(spec.factory, "adf-mon");
    assert.equal(rule.inputs.displayName, "mon-ingest: deadline missed");
  });

  it("adds a missed-trigger rule over ADFTriggerRun for the pipeline's schedule trigger", () => {
    const rule = one("mon-alerts-missed-trigger-0", "azure-native:monitor:ScheduledQueryRule");
    const q = rule.inputs.criteria.allOf[0].query;
    assert.match(q, /^ADFTriggerRun$/m);
    assert.match(q, /TriggerName == "mon-ingest-schedule"/);
    assert.match(q, /let within = 15m;/);
    assert.equal(rule.inputs.windowSize, "PT45M");
  });

  it("adds a shared workbook over the workspace with a stable GUID name", () => {
    const wb = one("mon-alerts-dashboard", "azure-native:applicationinsights:Workbook");
    const ws = one("mon-alerts-logs", "azure-native:operationalinsights:Workspace");
    assert.equal(wb.inputs.kind, "shared");
    assert.equal(wb.inputs.category, "workbook");
    assert.match(
      wb.inputs.resourceName,
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.equal(wb.inputs.sourceId, ws.id!.toLowerCase());
    const data = JSON.parse(wb.inputs.serializedData);
    assert.equal(data.version, "Notebook/1.0");
    const queries = data.items.filter((i: any) => i.type === 3).map((i: any) => i.content.query);
    assert.ok(queries.some((q: string) => q.startsWith("ADFPipelineRun")));
    assert.ok(queries.some((q: string) => q.startsWith("ADFTriggerRun")));
    assert.ok(queries.some((q: string) => q.startsWith("ADFActivityRun")));
    assert.deepEqual(data.fallbackResourceIds, [ws.id]);
  });
});

describe("LogicAppNotifier (inputs Azure receives)", () => {
  before(() => session.settle());

  it("sends email through ACS with its managed identity: no connection, no key", () => {
    const wf = one("mon-notify-workflow", "azure-native:logic:Workflow");
    const acs = one("mon-notify-acs", "azure-native:communication:CommunicationService");
    const domain = one("mon-notify-domain", "azure-native:communication:Domain");
    assert.deepEqual(wf.inputs.identity, { type: "SystemAssigned" });
    assert.equal(acs.inputs.disableLocalAuth, true);
    assert.deepEqual(acs.inputs.linkedDomains, [domain.id]);
    assert.equal(domain.inputs.domainManagement, "AzureManaged");
    const def = wf.inputs.definition;
    assert.deepEqual(Object.keys(def.triggers), ["manual"]);
    assert.equal(def.triggers.manual.type, "Request");
    assert.equal(def.triggers.manual.kind, "Http");
    assert.deepEqual(Object.keys(def.triggers.manual.inputs.schema.properties).sort(), [
      "event",
      "factory",
      "message",
      "pipeline",
      "runId",
      "stage",
      "status",
      "triggerName",
      "triggerTime",
    ]);
    const send = def.actions.SendEmail;
    assert.equal(send.type, "Http");
    assert.equal(send.inputs.method, "POST");
    assert.equal(
      send.inputs.uri,
      "https://mon-notify-acs.europe.communication.azure.com/emails:send?api-version=2023-03-31",
    );
    assert.deepEqual(send.inputs.authentication, {
      type: "ManagedServiceIdentity",
      audience: ACS_AUDIENCE,
    });
    assert.deepEqual(send.inputs.body.recipients, { to: [{ address: "ops@contoso.com" }] });
    assert.match(send.inputs.body.senderAddress, /^DoNotReply@[0-9a-f-]+\.azurecomm\.net$/);
    assert.equal(JSON.stringify(def).match(/connection|accessKey|sig=/gi), null);
  });

  it("grants the workflow's identity the ACS email role on the one Communication Services resource", () => {
    const wf = one("mon-notify-workflow", "azure-native:logic:Workflow");
    const acs = one("mon-notify-acs", "azure-native:communication:CommunicationService");
    const ra = one("mon-notify-send-email", "azure-native:authorization:RoleAssignment");
    // The mock ARM gives each identity a principal id derived from the resource id.
    assert.equal(ra.inputs.principalId, fakeGuid(`${wf.id}/principal`));
    assert.equal(ra.inputs.scope, acs.id);
    assert.equal(
      ra.inputs.roleDefinitionId,
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${COMMUNICATION_EMAIL_ROLE.id}`,
    );
    assert.equal(ra.inputs.principalType, "ServicePrincipal");
    assert.equal(
      ra.inputs.roleAssignmentName,
      roleAssignmentName(acs.id!, COMMUNICATION_EMAIL_ROLE.id, ra.inputs.principalId),
    );
  });

  it("lets a pipeline notify it directly; the URL stays a secret", async () => {
    new ScheduledDataPipeline("mon-notified", {
      factory: adf,
      activities: [{ name: "Copy", type: "Copy", source: {}, sink: {} }],
      notifications: { url: notifier, onStart: true },
    });
    await session.settle();
    const p = one("mon-notified-pipeline", "azure-native:datafactory:Pipeline");
    const posts = p.inputs.activities.filter((a: any) => a.type === "WebActivity");
    assert.deepEqual(
      posts.map((a: any) => a.name),
      ["NotifyRunStarted", "NotifyRunSucceeded", "NotifyRunFailed"],
    );
    for (const a of posts)
      assert.match(a.url, /logic\.azure\.com\/workflows\/.*\/triggers\/manual\/paths\/invoke/);
    assert.ok(p.secretPaths.some((s) => s.startsWith("activities")));
  });
});

describe("PipelineAlerts validation (coded errors, nothing registered)", () => {
  const base: PipelineAlertsArgs = {
    factory: adf,
    emails: ["ops@contoso.com"],
    dashboard: false,
    diagnostics: false,
  };
  const cases: [string, Partial<PipelineAlertsArgs>, ValidationCode, RegExp][] = [
    // Action group groupShortName: REST spec maxLength 12.
    [
      "a short name over 12 characters",
      { shortName: "mlops-platform-ops" },
      "OUT_OF_RANGE",
      /^shortName$/,
    ],
    ["an empty short name", { shortName: "" }, "REQUIRED", /^shortName$/],
    ["a bad email", { emails: ["ops at contoso.com"] }, "INVALID_FORMAT", /^emails\[0\]$/],
    [
      "an email with a display name",
      { emails: ["Ops <ops@contoso.com>"] },
      "INVALID_FORMAT",
      /^emails\[0\]$/,
    ],
    ["no receiver at all", { emails: [] }, "CONFLICT", /^emails$/],
    // Severity: integer 0-4 (REST spec).
    ["severity 5", { severity: 5 as any }, "NOT_ALLOWED", /^severity$/],
    ["severity 1.5", { severity: 1.5 as any }, "NOT_ALLOWED", /^severity$/],
    // Metric alert frequencies / windows: TF azurerm monitor_metric_alert frequency / window_size lists.
    [
      "a metric frequency of 10 minutes",
      { evaluationFrequency: Duration.minutes(10) },
      "NOT_ALLOWED",
      /^evaluationFrequency$/,
    ],
    ["a window of 2 hours", { windowSize: Duration.hours(2) }, "NOT_ALLOWED", /^windowSize$/],
    [
      "a window smaller than the frequency",
      { evaluationFrequency: Duration.minutes(15), windowSize: Duration.minutes(5) },
      "CONFLICT",
      /^windowSize$/,
    ],
    [
      "an unknown metric",
      { metrics: ["PipelineSucceededRuns" as any] },
      "NOT_ALLOWED",
      /^metrics\[0\]$/,
    ],
    ["an empty pipeline filter", { pipelines: [] }, "REQUIRED", /^pipelines$/],
    [
      "a retention of 7 days on a PerGB2018 workspace",
      { diagnostics: { retentionInDays: 7 } },
      "OUT_OF_RANGE",
      /^diagnostics\.retentionInDays$/,
    ],
    [
      "deadlines without diagnostics",
      {
        deadlines: [
          { pipeline: { pipelineName: "p", schedule: daily }, within: Duration.hours(1) },
        ],
      },
      "CONFLICT",
      /^diagnostics$/,
    ],
    [
      "a deadline with both succeededBy and within",
      {
        diagnostics: {},
        deadlines: [
          {
            pipeline: { pipelineName: "p", schedule: daily },
            within: Duration.hours(1),
            succeededBy: "06:00",
          },
        ],
      },
      "CONFLICT",
      /^deadlines\[0\]\.succeededBy$/,
    ],
    [
      "a deadline on a pipeline without schedule",
      {
        diagnostics: {},
        deadlines: [{ pipeline: { pipelineName: "p" } as any, within: Duration.hours(1) }],
      },
      "REQUIRED",
      /^deadlines\[0\]\.pipeline\.schedule$/,
    ],
    [
      "a deadline at the firing time",
      {
        diagnostics: {},
        deadlines: [{ pipeline: { pipelineName: "p", schedule: daily }, succeededBy: "02:00" }],
      },
      "CONFLICT",
      /^deadlines\[0\]\.succeededBy$/,
    ],
    [
      "a deadline severity of 7",
      {
        diagnostics: {},
        deadlines: [
          {
            pipeline: { pipelineName: "p", schedule: daily },
            within: Duration.hours(1),
            severity: 7 as any,
          },
        ],
      },
      "NOT_ALLOWED",
      /^deadlines\[0\]\.severity$/,
    ],
    [
      "a deadline query frequency of 20 minutes",
      {
        diagnostics: {},
        deadlines: [
          {
            pipeline: { pipelineName: "p", schedule: daily },
            within: Duration.hours(1),
            evaluationFrequency: Duration.minutes(20),
          },
        ],
      },
      "NOT_ALLOWED",
      /^deadlines\[0\]\.evaluationFrequency$/,
    ],
    [
      "a missed-trigger grace of 3 days",
      {
        diagnostics: {},
        deadlines: [
          {
            pipeline: { pipelineName: "p", schedule: daily, triggerName: "t" },
            within: Duration.hours(1),
            missedTriggerGrace: Duration.days(3),
          },
        ],
      },
      "OUT_OF_RANGE",
      /^deadlines\[0\]\.missedTriggerGrace$/,
    ],
  ];
  for (const [what, over, code, prop] of cases) {
    it(`rejects ${what} (${code})`, () =>
      rejects(
        () => new PipelineAlerts(`bad-${what.replace(/\W+/g, "-")}`, { ...base, ...over }),
        code,
        prop,
      ));
  }

  it("accepts every evaluation frequency and window pair Azure accepts", async () => {
    new PipelineAlerts("ok-hourly", {
      ...base,
      shortName: "twelve-chars",
      evaluationFrequency: Duration.hours(1),
      windowSize: Duration.days(1),
      severity: 0,
    });
    await session.settle();
    const a = one("ok-hourly-pipeline-failed", "azure-native:monitor:MetricAlert");
    assert.equal(a.inputs.evaluationFrequency, "PT1H");
    assert.equal(a.inputs.windowSize, "P1D");
    assert.equal(a.inputs.severity, 0);
  });
});

describe("LogicAppNotifier validation", () => {
  const cases: [string, any, ValidationCode, RegExp][] = [
    ["no recipients", { recipients: [] }, "REQUIRED", /^recipients$/],
    ["a bad recipient", { recipients: ["ops@"] }, "INVALID_FORMAT", /^recipients\[0\]$/],
    [
      "recipients as a string (JavaScript caller)",
      { recipients: "ops@contoso.com" },
      "INVALID_TYPE",
      /^recipients$/,
    ],
    ["a misspelt option", { recipient: ["a@b.co"] }, "NOT_ALLOWED", /^recipient$/],
    ["no resource group", { resourceGroupName: "" }, "REQUIRED", /^resourceGroupName$/],
  ];
  for (const [what, over, code, prop] of cases) {
    it(`rejects ${what} (${code})`, () =>
      rejects(
        () =>
          new LogicAppNotifier(`bad-n-${what.replace(/\W+/g, "-")}`, {
            resourceGroupName: RG,
            recipients: ["a@b.co"],
            ...over,
          }),
        code,
        prop,
      ));
  }
});

describe("role assignment names", () => {
  it("are the same on every run for the same principal, role and scope", async () => {
    const ra = one("mon-notify-send-email", "azure-native:authorization:RoleAssignment");
    const again = roleAssignmentName(
      ra.inputs.scope,
      COMMUNICATION_EMAIL_ROLE.id,
      ra.inputs.principalId,
    );
    assert.equal(ra.inputs.roleAssignmentName, again);
    assert.notEqual(
      again,
      roleAssignmentName(
        ra.inputs.scope,
        COMMUNICATION_EMAIL_ROLE.id,
        "11111111-1111-1111-1111-111111111111",
      ),
    );
  });
});
