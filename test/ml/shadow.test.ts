import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import {
  describeTrafficMove,
  endpointTraffic,
  parseStage,
  ShadowDeployment,
  ShadowDeploymentArgs,
} from "../../lib/ml";
import { configureActivation } from "../../lib/datafactory";

const session = mocks();
const workspace = { resourceGroupName: "rg-ml", workspaceName: "mlw-test" };
const ENDPOINT = "azure-native:machinelearningservices:OnlineEndpoint";
const DEPLOYMENT = "azure-native:machinelearningservices:OnlineDeployment";
const TRAFFIC = "pulumi-nodejs:dynamic/mlops:OnlineEndpointTraffic";
const base = (
  stage: ShadowDeploymentArgs["stage"],
  endpointName: string,
): ShadowDeploymentArgs => ({
  workspace,
  endpointName,
  live: { name: "blue", model: "azureml:forecast:6", instanceCount: 2 },
  candidate: { name: "green", model: "azureml:forecast:7", instanceType: "Standard_F4s_v2" },
  stage,
});

describe("ShadowDeployment", () => {
  // Each stage of the usual rollout, as Azure receives it on the endpoint (Microsoft Learn, "Safe
  // rollout for online endpoints": traffic sums to 100, mirror_traffic to one deployment, max 50%).
  const stages: [string, Record<string, number>, Record<string, number>][] = [
    ["shadow 20%", { blue: 100, green: 0 }, { green: 20 }],
    ["canary 10%", { blue: 90, green: 10 }, {}],
    ["50%", { blue: 50, green: 50 }, {}],
    ["100%", { blue: 0, green: 100 }, {}],
  ];
  stages.forEach(([stage, traffic, mirrorTraffic], i) => {
    it(`stage "${stage}" sends traffic ${JSON.stringify(traffic)} and mirrorTraffic ${JSON.stringify(mirrorTraffic)}`, async () => {
      const name = `rollout${i}`;
      const c = new ShadowDeployment(name, base(stage, `ep-rollout-${i}`));
      await session.settle();
      const t = one(`${name}-traffic`, TRAFFIC).inputs;
      assert.match(t.endpointId, new RegExp(`/onlineEndpoints/ep-rollout-${i}$`));
      assert.deepEqual(t.traffic, traffic);
      assert.deepEqual(t.mirrorTraffic, mirrorTraffic);
      assert.deepEqual(c.traffic, { traffic, mirrorTraffic });
      // The endpoint itself never carries traffic: one OnlineEndpoint per Azure endpoint.
      const endpoints = session.named(name).filter((r) => r.type === ENDPOINT);
      assert.deepEqual(
        endpoints.map((r) => r.name),
        [`${name}-endpoint`],
      );
      assert.equal(endpoints[0].inputs.properties.traffic, undefined);
      assert.equal(endpoints[0].inputs.properties.mirrorTraffic, undefined);
    });
  });

  it("creates the endpoint without traffic, key-less, then both deployments with their SKUs", async () => {
    new ShadowDeployment("roll-detail", base("shadow 20%", "ep-detail"));
    await session.settle();
    const ep = one("roll-detail-endpoint", ENDPOINT);
    assert.deepEqual(ep.inputs.properties, {
      authMode: "AADToken",
      publicNetworkAccess: "Enabled",
    });
    assert.deepEqual(ep.inputs.identity, { type: "SystemAssigned" });
    const blue = one("roll-detail-live", DEPLOYMENT).inputs;
    assert.equal(blue.endpointName, "ep-detail");
    assert.equal(blue.deploymentName, "blue");
    assert.deepEqual(blue.sku, { name: "Default", capacity: 2 });
    assert.deepEqual(blue.properties, {
      endpointComputeType: "Managed",
      // The CLI's short form becomes the version's ARM id in the endpoint's workspace.
      model: `${ep.id!.replace(/\/onlineEndpoints\/ep-detail$/, "")}/models/forecast/versions/6`,
      instanceType: "Standard_DS3_v2",
      appInsightsEnabled: true,
    });
    const green = one("roll-detail-candidate", DEPLOYMENT).inputs;
    assert.equal(green.properties.instanceType, "Standard_F4s_v2");
    assert.deepEqual(green.sku, { name: "Default", capacity: 1 });
    assert.match(
      one("roll-detail-candidate", DEPLOYMENT).id!,
      /\/onlineEndpoints\/ep-detail\/deployments\/green$/,
    );
  });

  it("sets traffic only after both deployments: the traffic resource depends on them, nothing is retained", async () => {
    new ShadowDeployment("roll-deps", base("canary 10%", "ep-deps"));
    await session.settle();
    const t = one("roll-deps-traffic", TRAFFIC);
    const live = one("roll-deps-live", DEPLOYMENT);
    const candidate = one("roll-deps-candidate", DEPLOYMENT);
    const endpoint = one("roll-deps-endpoint", ENDPOINT);
    for (const d of [live, candidate, endpoint])
      assert.ok(t.dependencies!.includes(d.urn), `traffic does not depend on ${d.name}`);
    // Deleted before the deployments (it depends on them), so its delete clears their traffic.
    assert.ok(!live.dependencies!.includes(t.urn) && !candidate.dependencies!.includes(t.urn));
    for (const r of session.named("roll-deps")) assert.equal(r.retainOnDelete, false, r.name);
    // The endpoint's own traffic is never managed by its OnlineEndpoint resource.
    assert.equal(endpoint.inputs.properties.traffic, undefined);
    // No credential in the state of the traffic resource.
    assert.deepEqual(t.inputs.connection, {});
    assert.deepEqual(t.secretPaths, []);
  });

  it("the traffic resource authenticates as the trigger activation does: configureActivation's namespace, no secret", async () => {
    configureActivation({ azure: { clientId: "ml-operator" }, azureConfig: "ops" });
    try {
      new ShadowDeployment("roll-conn", base("canary 10%", "ep-conn"));
    } finally {
      configureActivation({});
    }
    await session.settle();
    const t = one("roll-conn-traffic", TRAFFIC).inputs;
    assert.deepEqual(t.connection, { clientId: "ml-operator" });
    assert.equal(t.azureConfig, "ops");
  });

  describe("model (issue 19 item 4: what the REST API takes)", () => {
    const ARM =
      "/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/rg-models/providers/Microsoft.MachineLearningServices/workspaces/mlw-shared/models/forecast/versions/7";
    const REGISTRY = "azureml://registries/contoso-models/models/forecast/versions/7";
    const withModel = (model: string, n: string) =>
      new ShadowDeployment(n, {
        ...base("canary 10%", `ep-${n}`),
        candidate: { name: "green", model },
      });
    it("passes a model version's ARM id and a registry URI to Azure unchanged", async () => {
      withModel(ARM, "model-arm");
      withModel(REGISTRY, "model-reg");
      await session.settle();
      assert.equal(one("model-arm-candidate", DEPLOYMENT).inputs.properties.model, ARM);
      assert.equal(one("model-reg-candidate", DEPLOYMENT).inputs.properties.model, REGISTRY);
    });
    it("turns azureml:<name>:<version> into that version's ARM id in the endpoint's workspace", async () => {
      withModel("azureml:forecast:7", "model-short");
      await session.settle();
      const model = one("model-short-candidate", DEPLOYMENT).inputs.properties.model;
      assert.equal(
        model,
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-test/models/forecast/versions/7",
      );
    });
    const refused: [string, RegExp?][] = [
      ["azureml:forecast@latest", /Pin the version/],
      ["azureml:forecast", /Pin the version/],
      ["forecast:7"],
      ["azureml://registries/contoso/models/forecast"],
      [
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/models/forecast",
      ],
    ];
    for (const [model, hint] of refused) {
      it(`refuses ${model} naming the prop and the accepted forms`, () =>
        rejects(
          () => withModel(model, "model-bad"),
          "INVALID_FORMAT",
          /^candidate\.model$/,
          hint ?? /azureml:\/\/registries\/<registry>\/models\/<name>\/versions\/<v>/,
        ));
    }
  });

  const bad: [string, ShadowDeploymentArgs["stage"], string, RegExp, RegExp?][] = [
    ["mirror 60 (Azure's maximum is 50)", "shadow 60%", "OUT_OF_RANGE", /^stage\.mirror$/],
    [
      "mirror 60 as an explicit split",
      { live: 100, candidate: 0, mirror: 60 },
      "OUT_OF_RANGE",
      /^stage\.mirror$/,
    ],
    [
      "live traffic summing to 90",
      { live: 90, candidate: 0, mirror: 10 },
      "OUT_OF_RANGE",
      /^stage\.live$/,
      /exactly 100/,
    ],
    [
      "a stage that skips the candidate",
      { live: 100, candidate: 0 },
      "CONFLICT",
      /^stage$/,
      /skips/,
    ],
    ["0% (skips the candidate)", "0%", "CONFLICT", /^stage$/],
    [
      "mirrored and live traffic to the candidate at once",
      { live: 90, candidate: 10, mirror: 10 },
      "CONFLICT",
      /^stage\.mirror$/,
      /not both/,
    ],
    ["a fractional percent", "canary 12.5%", "OUT_OF_RANGE", /^stage$/],
    ["an unreadable stage", "half", "INVALID_FORMAT", /^stage$/],
    ["more than 100%", "150%", "OUT_OF_RANGE", /^stage$/],
  ];
  for (const [what, stage, code, prop, message] of bad) {
    it(`rejects ${what} with a coded error before registering anything`, () =>
      rejects(
        () => new ShadowDeployment("bad", base(stage, "ep-bad")),
        code as never,
        prop,
        message,
      ));
  }
  it("rejects the same name for both deployments and a bad endpoint name", async () => {
    await rejects(
      () =>
        new ShadowDeployment("bad", {
          ...base("50%", "ep-bad"),
          candidate: { name: "blue", model: "azureml:forecast:7" },
        }),
      "CONFLICT",
      /^candidate\.name$/,
    );
    await rejects(
      () => new ShadowDeployment("bad", base("50%", "9lives")),
      "INVALID_FORMAT",
      /^endpointName$/,
    );
    await rejects(
      () => new ShadowDeployment("bad", { ...base("50%", "ep-bad"), authMode: "None" as never }),
      "NOT_ALLOWED",
      /^authMode$/,
    );
  });
});

describe("traffic moves in words", () => {
  const names = { live: "blue", candidate: "green" };
  const at = (stage: string) => endpointTraffic(parseStage(stage, { component: "T" }), names);
  const table: [string, string, string][] = [
    [
      "shadow 20%",
      "canary 10%",
      "10% of live traffic moves from blue to green; mirroring to green stops (was 20%)",
    ],
    ["canary 10%", "50%", "40% of live traffic moves from blue to green"],
    ["50%", "100%", "50% of live traffic moves from blue to green"],
    ["shadow 10%", "shadow 20%", "mirrored copy to green goes from 10% to 20%"],
    ["100%", "canary 10%", "90% of live traffic moves from green to blue"],
  ];
  for (const [from, to, words] of table) {
    it(`${from} → ${to}: "${words}"`, () =>
      assert.equal(describeTrafficMove(at(from), at(to)), words));
  }
  it("says nothing when nothing moves, and names each deployment when several move", () => {
    assert.equal(describeTrafficMove(at("50%"), at("50%")), "");
    assert.equal(
      describeTrafficMove(
        { traffic: { a: 50, b: 50 } },
        { traffic: { a: 20, b: 40, c: 40 }, mirrorTraffic: {} },
      ),
      "a answers 50% → 20% of live traffic; b answers 50% → 40% of live traffic; c answers 0% → 40% of live traffic",
    );
  });
});
