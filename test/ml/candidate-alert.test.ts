import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { Duration } from "../../lib/core";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import { ShadowDeployment, ShadowDeploymentArgs, stagePhase, parseStage } from "../../lib/ml";
import { policyResources } from "../../lib/plan";
import { ruleContext } from "../../lib/policy";
import { shadowCandidateAlert } from "../../lib/policy/rules";

const session = mocks();
const workspace = { resourceGroupName: "rg-ml", workspaceName: "mlw-test" };
const ALERT = "azure-native:monitor:MetricAlert";
const NAMESPACE = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints";
const ACTIONS =
  "/subscriptions/0/resourceGroups/rg-ml/providers/microsoft.insights/actionGroups/ops";
const rollout = (
  stage: ShadowDeploymentArgs["stage"],
  candidate = "green",
  alert: Partial<NonNullable<ShadowDeploymentArgs["candidateAlert"]>> = {},
): ShadowDeploymentArgs => ({
  workspace,
  live: { name: "blue", model: "azureml:forecast:6" },
  candidate: { name: candidate, model: "azureml:forecast:7" },
  stage,
  candidateAlert: {
    actionGroupIds: [ACTIONS],
    maxServerErrorsPerMinute: 2,
    maxLatencyMs: 800,
    stages: { shadow: { maxLatencyMs: 1500 } },
    ...alert,
  },
});

/**
 * Metric names, unit and dimensions from Microsoft Learn, "Supported metrics for
 * Microsoft.MachineLearningServices/workspaces/onlineEndpoints" (azure-monitor reference, generated
 * from the Azure metrics API): `RequestLatency_P99` milliseconds / Average / dimension
 * `deployment`; `RequestsPerMinute` Count / Average / dimensions `deployment`, `statusCode`,
 * `statusCodeClass`, `modelStatusCode`; PT1M grain. "Safe rollout for online endpoints": mirroring
 * exists "to check if latency is within acceptable bounds or to check that there are no HTTP
 * errors" before the candidate answers clients.
 */
async function alertsOf(name: string, args: ShadowDeploymentArgs) {
  const sd = new ShadowDeployment(name, args);
  await session.settle();
  return {
    sd,
    errors: one(`${name}-candidate-errors`, ALERT).inputs,
    latency: one(`${name}-candidate-latency`, ALERT).inputs,
    endpointId: one(`${name}-endpoint`, "azure-native:machinelearningservices:OnlineEndpoint").id,
  };
}

describe("ShadowDeployment candidate alerts (error rate and latency, per stage)", () => {
  // [stage, phase, latency threshold in force]
  const stages: [string, string, number][] = [
    ["shadow 20%", "shadow", 1500],
    ["canary 10%", "canary", 800],
    ["50%", "canary", 800],
    ["100%", "full", 800],
  ];
  stages.forEach(([stage, phase, latency], i) => {
    it(`stage "${stage}" (${phase}): 5xx and P99 alerts on the candidate deployment only, latency > ${latency} ms`, async () => {
      const name = `alerted${i}`;
      const {
        sd,
        errors,
        latency: lat,
        endpointId,
      } = await alertsOf(name, {
        ...rollout(stage),
        endpointName: `ep-alerted-${i}`,
      });
      assert.equal(sd.candidateAlerts!.phase, phase);
      for (const a of [errors, lat]) {
        assert.equal(a.location, "global");
        assert.deepEqual(a.scopes, [endpointId]);
        assert.equal(a.targetResourceType, NAMESPACE);
        assert.equal(a.severity, 2);
        assert.equal(a.evaluationFrequency, "PT5M");
        assert.equal(a.windowSize, "PT15M");
        assert.equal(a.autoMitigate, true);
        assert.deepEqual(a.actions, [{ actionGroupId: ACTIONS }]);
        assert.equal(
          a.criteria.odataType,
          "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        );
      }
      assert.deepEqual(errors.criteria.allOf, [
        {
          criterionType: "StaticThresholdCriterion",
          name: "candidate-5xx",
          metricName: "RequestsPerMinute",
          metricNamespace: NAMESPACE,
          dimensions: [
            { name: "deployment", operator: "Include", values: ["green"] },
            { name: "statusCodeClass", operator: "Include", values: ["5xx"] },
          ],
          operator: "GreaterThan",
          threshold: 2,
          timeAggregation: "Average",
        },
      ]);
      assert.deepEqual(lat.criteria.allOf, [
        {
          criterionType: "StaticThresholdCriterion",
          name: "candidate-latency",
          metricName: "RequestLatency_P99",
          metricNamespace: NAMESPACE,
          dimensions: [{ name: "deployment", operator: "Include", values: ["green"] }],
          operator: "GreaterThan",
          threshold: latency,
          timeAggregation: "Average",
        },
      ]);
      assert.match(lat.description, new RegExp(`during the ${phase} stage \\(`));
      assert.ok(lat.description.includes(sd.stageDescription), lat.description);
    });
  });

  it("a one-line stage change moves the alert to the new threshold; a new candidate moves it to that deployment", async () => {
    const shadow = await alertsOf("move-a", {
      ...rollout("shadow 20%"),
      endpointName: "ep-move-a",
    });
    const canary = await alertsOf("move-b", {
      ...rollout("canary 10%"),
      endpointName: "ep-move-b",
    });
    assert.equal(shadow.latency.criteria.allOf[0].threshold, 1500);
    assert.equal(canary.latency.criteria.allOf[0].threshold, 800);
    assert.match(canary.latency.description, /green answers 10%/);
    // Same stage, next model: the alerts follow the new candidate's deployment name.
    const next = await alertsOf("move-c", {
      ...rollout("shadow 20%", "violet"),
      endpointName: "ep-move-c",
    });
    for (const a of [next.errors, next.latency])
      assert.deepEqual(a.criteria.allOf[0].dimensions[0], {
        name: "deployment",
        operator: "Include",
        values: ["violet"],
      });
  });

  it("documented defaults: 1 error/min, 1000 ms P99, severity 2, PT5M every PT15M; other statistics by name", async () => {
    const { errors, latency } = await alertsOf("defaults", {
      ...rollout("50%"),
      endpointName: "ep-defaults",
      candidateAlert: { actionGroupIds: [ACTIONS], latencyStatistic: "P95" },
    });
    assert.equal(errors.criteria.allOf[0].threshold, 1);
    assert.equal(latency.criteria.allOf[0].threshold, 1000);
    assert.equal(latency.criteria.allOf[0].metricName, "RequestLatency_P95");
    const avg = await alertsOf("avg-latency", {
      ...rollout("50%"),
      endpointName: "ep-avg",
      candidateAlert: {
        actionGroupIds: [ACTIONS],
        latencyStatistic: "Average",
        severity: 1,
        evaluationFrequency: Duration.minutes(1),
        windowSize: Duration.minutes(5),
      },
    });
    assert.equal(avg.latency.criteria.allOf[0].metricName, "RequestLatency");
    assert.equal(avg.latency.severity, 1);
    assert.equal(avg.latency.evaluationFrequency, "PT1M");
    assert.equal(avg.latency.windowSize, "PT5M");
  });

  it("without candidateAlert no alert registers", async () => {
    const args: ShadowDeploymentArgs = { ...rollout("50%"), candidateAlert: undefined };
    new ShadowDeployment("no-alert", { ...args, endpointName: "ep-no-alert" });
    await session.settle();
    assert.equal(session.named("no-alert-candidate-").length, 0);
  });

  it("stage phases: mirror only → shadow, part of live → canary, all → full", () => {
    const at = (s: string) => stagePhase(parseStage(s, { component: "T" }));
    assert.deepEqual(["shadow 5%", "canary 1%", "99%", "100%"].map(at), [
      "shadow",
      "canary",
      "canary",
      "full",
    ]);
  });

  const bad: [
    string,
    Partial<NonNullable<ShadowDeploymentArgs["candidateAlert"]>>,
    string,
    RegExp,
  ][] = [
    ["no action group", { actionGroupIds: [] }, "REQUIRED", /^candidateAlert\.actionGroupIds$/],
    [
      "a negative error rate",
      { maxServerErrorsPerMinute: -1 },
      "OUT_OF_RANGE",
      /^candidateAlert\.maxServerErrorsPerMinute$/,
    ],
    ["a zero latency", { maxLatencyMs: 0 }, "OUT_OF_RANGE", /^candidateAlert\.maxLatencyMs$/],
    [
      "a negative latency in a stage",
      { stages: { canary: { maxLatencyMs: -5 } } },
      "OUT_OF_RANGE",
      /^candidateAlert\.stages\.canary\.maxLatencyMs$/,
    ],
    [
      "an unknown phase",
      { stages: { pilot: {} } as never },
      "NOT_ALLOWED",
      /^candidateAlert\.stages\.pilot$/,
    ],
    [
      "an unknown statistic",
      { latencyStatistic: "P999" as never },
      "NOT_ALLOWED",
      /^candidateAlert\.latencyStatistic$/,
    ],
    ["severity 5", { severity: 5 as never }, "NOT_ALLOWED", /^candidateAlert\.severity$/],
    [
      "a PT10M frequency (metric alerts take PT1M, PT5M, PT15M, PT30M, PT1H)",
      { evaluationFrequency: Duration.minutes(10) },
      "NOT_ALLOWED",
      /^candidateAlert\.evaluationFrequency$/,
    ],
    [
      "a window shorter than the frequency",
      { evaluationFrequency: Duration.minutes(15), windowSize: Duration.minutes(5) },
      "CONFLICT",
      /^candidateAlert\.windowSize$/,
    ],
    ["an unknown option", { threshold: 3 } as never, "NOT_ALLOWED", /^candidateAlert\.threshold$/],
  ];
  for (const [what, alert, code, prop] of bad) {
    it(`rejects ${what} with a coded error before registering anything`, () =>
      rejects(
        () => new ShadowDeployment("bad-alert", { ...rollout("50%", "green", alert) }),
        code as never,
        prop,
      ));
  }
});

describe(`rule ${shadowCandidateAlert.id}`, () => {
  const mine = (prefix: string) => session.resources.filter((r) => r.name.startsWith(prefix));
  const findings = () =>
    shadowCandidateAlert
      .check(ruleContext(policyResources(mine("sca-")), { now: new Date("2026-03-27T00:00:00Z") }))
      .map((v) => `${v.resource.split("::").pop()}: ${v.message}`)
      .sort();
  it("accepts a ShadowDeployment with candidateAlert; flags one without, and a raw canary nobody watches", async () => {
    new ShadowDeployment("sca-ours", { ...rollout("shadow 20%"), endpointName: "sca-ours" });
    const bare: ShadowDeploymentArgs = { ...rollout("canary 10%"), candidateAlert: undefined };
    new ShadowDeployment("sca-bare", { ...bare, endpointName: "sca-bare" });
    new ml.OnlineEndpoint("sca-raw", {
      ...workspace,
      endpointName: "sca-raw",
      properties: { authMode: "AADToken", traffic: { a: 80, b: 20 } } as never,
    });
    new ml.OnlineEndpoint("sca-full", {
      ...workspace,
      endpointName: "sca-full",
      properties: { authMode: "AADToken", traffic: { a: 0, b: 100 } } as never,
    });
    await session.settle();
    const got = findings();
    assert.equal(got.length, 2, got.join("\n"));
    assert.match(got[0], /^sca-bare-traffic: .*rolls out blue \/ green but no metric alert/);
    assert.match(got[1], /^sca-raw: .*rolls out a \/ b/);
  });
  it("in a first-deploy CrossGuard preview (endpoint id unknown) the alert's deployment dimension decides", () => {
    const endpoint = {
      urn: "urn:pulumi:s::p::azure-native:machinelearningservices:OnlineEndpoint::ep",
      type: "azure-native:machinelearningservices:OnlineEndpoint",
      name: "ep",
      props: {
        endpointName: "ep",
        properties: { traffic: { blue: 100, green: 0 }, mirrorTraffic: { green: 20 } },
      },
    };
    const alert = (deployment: string) => ({
      urn: `urn:pulumi:s::p::azure-native:monitor:MetricAlert::a-${deployment}`,
      type: "azure-native:monitor:MetricAlert",
      name: `a-${deployment}`,
      unknowns: ["scopes.0"],
      props: {
        scopes: [undefined],
        criteria: {
          allOf: [
            {
              metricNamespace: NAMESPACE,
              metricName: "RequestLatency_P99",
              dimensions: [{ name: "deployment", operator: "Include", values: [deployment] }],
            },
          ],
        },
      },
    });
    const run = (resources: any[]) =>
      shadowCandidateAlert.check(ruleContext(resources, { now: new Date("2026-03-27T00:00:00Z") }));
    assert.deepEqual(run([endpoint, alert("green")]), []);
    assert.equal(run([endpoint, alert("blue")]).length, 1);
  });
});
