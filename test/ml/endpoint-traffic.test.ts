import { strict as assert } from "assert";
import { FakeArm } from "../support/fake-arm";
import { FakeMlArm } from "../support/fake-ml-arm";
import {
  EndpointTrafficClient,
  EndpointTrafficClientOptions,
  endpointTrafficDiff,
  EndpointTrafficState,
  parseEndpointId,
  trafficPutBody,
} from "../../lib/ml";
import {
  applyTraffic,
  clearTraffic,
  connectTrafficClient,
  readTraffic,
  rememberProviderConfig,
  setTrafficClientFactory,
  stateConnection,
} from "../../lib/ml/traffic-resource";

const EP =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw/onlineEndpoints/forecast";
const ref = parseEndpointId(EP);
const SHADOW = { traffic: { blue: 100, green: 0 }, mirrorTraffic: { green: 20 } };
const CANARY = { traffic: { blue: 90, green: 10 }, mirrorTraffic: {} };

describe("online endpoint traffic against a fake Azure ML Resource Manager", () => {
  let arm: FakeMlArm;
  let sleeps: number[];
  let clock: number;
  const client = (o: Partial<EndpointTrafficClientOptions> = {}) =>
    new EndpointTrafficClient({
      ...arm.clientOptions(),
      pollIntervalMs: 5,
      initialDelayMs: 5,
      maxDelayMs: 30_000,
      operationTimeoutMs: 600_000,
      // A clock that moves with the sleeps: deadlines are exercised without waiting.
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      now: () => clock,
      ...o,
    });

  beforeEach(async () => {
    arm = await new FakeMlArm().start();
    sleeps = [];
    clock = 1_000_000;
    arm.addEndpoint(EP);
  });
  afterEach(() => arm.stop());

  describe("the fake refuses what Azure ML refuses", () => {
    it("refuses traffic that names a deployment that does not exist yet", async () => {
      arm.addDeployment(EP, "blue");
      await assert.rejects(client().set(ref, SHADOW), (e: any) => {
        assert.equal(e.statusCode, 400);
        assert.match(e.message, /Deployment 'green' in traffic does not exist/);
        return true;
      });
      assert.deepEqual(arm.trafficOf(EP), { traffic: {}, mirrorTraffic: {} });
    });
    it("refuses more than 50% mirrored and a mirror to a deployment with live traffic", async () => {
      arm.addDeployment(EP, "blue");
      arm.addDeployment(EP, "green");
      await assert.rejects(
        client().set(ref, { traffic: { blue: 100 }, mirrorTraffic: { green: 60 } }),
        /Mirror traffic cannot exceed 50%/,
      );
      await assert.rejects(
        client().set(ref, { traffic: { blue: 90, green: 10 }, mirrorTraffic: { green: 10 } }),
        /cannot receive live traffic and mirror traffic at once/,
      );
    });
    it("refuses to delete a deployment that has live traffic", async () => {
      arm.addDeployment(EP, "blue");
      arm.addDeployment(EP, "green");
      await client().set(ref, CANARY);
      assert.equal(await arm.deleteDeployment(EP, "green"), 400);
      await client().clear(ref);
      assert.equal(await arm.deleteDeployment(EP, "green"), 200);
    });
  });

  it("sets traffic once both deployments exist: GET, then PUT of the endpoint with the stage", async () => {
    arm.addDeployment(EP, "blue");
    arm.addDeployment(EP, "green");
    const reported = await client().set(ref, SHADOW);
    assert.deepEqual(arm.trafficOf(EP), { traffic: { blue: 100 }, mirrorTraffic: { green: 20 } });
    assert.deepEqual(reported, { traffic: { blue: 100 }, mirrorTraffic: { green: 20 } });
    assert.deepEqual(arm.mutations(), [`PUT ${EP}`]);
    assert.equal(arm.log[0], `GET ${EP}`);
    // The whole endpoint goes back, read-only fields removed, zeroes stripped (as the CLI does).
    const put = arm.puts[0];
    assert.deepEqual(put.properties, {
      authMode: "AADToken",
      publicNetworkAccess: "Enabled",
      traffic: { blue: 100 },
      mirrorTraffic: { green: 20 },
    });
    assert.deepEqual(put.identity, { type: "SystemAssigned" });
    assert.equal(put.location, "westeurope");
    assert.equal(put.id, undefined);
  });

  it("follows a 201 + Azure-AsyncOperation, waiting Retry-After between polls", async () => {
    arm.addDeployment(EP, "blue");
    arm.addDeployment(EP, "green");
    arm.lroPolls = 2;
    arm.retryAfterSeconds = 3;
    await client().set(ref, CANARY);
    assert.equal(arm.log.filter((l) => l.startsWith("GET /operations/")).length, 3);
    assert.deepEqual(sleeps, [3000, 3000, 3000]);
    assert.deepEqual(arm.trafficOf(EP).traffic, CANARY.traffic);
  });

  it("follows a 202 + Location and caps a long Retry-After", async () => {
    arm.addDeployment(EP, "blue");
    arm.addDeployment(EP, "green");
    arm.lro = "location";
    arm.lroPolls = 1;
    arm.retryAfterSeconds = 3600;
    await client({ maxDelayMs: 2000 }).set(ref, CANARY);
    assert.deepEqual(sleeps, [2000, 2000]);
    assert.deepEqual(arm.trafficOf(EP).traffic, CANARY.traffic);
  });

  it("waits until the endpoint reports the traffic it was given (stale reads)", async () => {
    arm.addDeployment(EP, "blue");
    arm.addDeployment(EP, "green");
    arm.lro = "sync";
    arm.staleReads = 3;
    const reported = await client().set(ref, CANARY);
    assert.deepEqual(reported.traffic, CANARY.traffic);
    // 1 read before the PUT, 3 stale reads, 1 fresh read.
    assert.equal(arm.log.filter((l) => l === `GET ${EP}`).length, 5);
    assert.deepEqual(sleeps, [5, 5, 5]);
  });

  it("gives up at its deadline when the endpoint never reports the traffic", async () => {
    arm.addDeployment(EP, "blue");
    arm.addDeployment(EP, "green");
    arm.lro = "sync";
    arm.staleReads = 1_000_000;
    await assert.rejects(
      client({ operationTimeoutMs: 1000, pollIntervalMs: 100 }).set(ref, CANARY),
      /deadline \(1 s\)/,
    );
    assert.ok(sleeps.length <= 10, `${sleeps.length} polls`);
  });

  it("retries a throttled PUT after Retry-After and then succeeds", async () => {
    arm.addDeployment(EP, "blue");
    arm.addDeployment(EP, "green");
    arm.failNext("putEndpoint", {
      status: 429,
      code: "TooManyRequests",
      message: "slow down",
      retryAfterSeconds: 7,
    });
    await client().set(ref, CANARY);
    assert.equal(sleeps[0], 7000);
    assert.equal(arm.mutations().length, 2);
  });

  it("does not PUT when the endpoint already has the traffic", async () => {
    arm.addDeployment(EP, "blue");
    arm.addDeployment(EP, "green");
    await client().set(ref, CANARY);
    await client().set(ref, { traffic: { blue: 90, green: 10 }, mirrorTraffic: {} });
    assert.equal(arm.mutations().length, 1);
  });

  it("fails with the operation's error when the long-running operation fails", async () => {
    arm.addDeployment(EP, "blue");
    arm.addDeployment(EP, "green");
    arm.failNext("poll", { status: 400, code: "BadRequest", message: "broken" });
    await assert.rejects(client().set(ref, CANARY), /400 BadRequest broken/);
  });

  describe("the dynamic provider's functions", () => {
    const state = (t = CANARY): EndpointTrafficState => ({
      endpointId: EP,
      traffic: t.traffic,
      mirrorTraffic: t.mirrorTraffic,
      connection: {},
      waits: {},
    });
    beforeEach(() => setTrafficClientFactory(async () => client()));

    it("create and update set the stage; a stage change moves the traffic in one update", async () => {
      arm.addDeployment(EP, "blue");
      arm.addDeployment(EP, "green");
      const created = await applyTraffic(state(SHADOW));
      assert.deepEqual(created.reportedMirrorTraffic, { green: 20 });
      const diff = endpointTrafficDiff(created, state(CANARY));
      assert.deepEqual(diff, { changes: true, replaces: [], deleteBeforeReplace: true });
      const updated = await applyTraffic(state(CANARY));
      assert.deepEqual(arm.trafficOf(EP), { traffic: { blue: 90, green: 10 }, mirrorTraffic: {} });
      assert.equal(endpointTrafficDiff(updated, state(CANARY)).changes, false);
    });

    it("read reports live traffic, so refresh shows drift and the next up restores the stage", async () => {
      arm.addDeployment(EP, "blue");
      arm.addDeployment(EP, "green");
      const created = await applyTraffic(state());
      // Someone moves traffic by hand.
      arm.endpoints.get(EP.toLowerCase())!.properties.traffic = { blue: 100 };
      const refreshed = await readTraffic(created);
      assert.deepEqual(refreshed.reportedTraffic, { blue: 100 });
      assert.deepEqual(refreshed.traffic, CANARY.traffic);
      assert.equal(endpointTrafficDiff(refreshed, state()).changes, true);
      await applyTraffic(state());
      assert.deepEqual(arm.trafficOf(EP).traffic, CANARY.traffic);
    });

    it("delete clears traffic and mirror traffic, so the deployments can be deleted after it", async () => {
      arm.addDeployment(EP, "blue");
      arm.addDeployment(EP, "green");
      await applyTraffic(state(SHADOW));
      assert.equal(await arm.deleteDeployment(EP, "blue"), 400);
      await clearTraffic(state(SHADOW));
      assert.deepEqual(arm.trafficOf(EP), { traffic: {}, mirrorTraffic: {} });
      assert.equal(await arm.deleteDeployment(EP, "blue"), 200);
      assert.equal(await arm.deleteDeployment(EP, "green"), 200);
    });

    it("delete of an endpoint that is already gone succeeds", async () => {
      arm.endpoints.clear();
      await clearTraffic(state());
      assert.deepEqual(arm.mutations(), []);
    });

    it("a replaced endpoint replaces the traffic resource, deleting the old one first", () => {
      const d = endpointTrafficDiff(state(), {
        ...state(),
        endpointId: EP.replace("forecast", "f2"),
      });
      assert.deepEqual(d, { changes: true, replaces: ["endpointId"], deleteBeforeReplace: true });
    });
  });

  it("authenticates with azure-native's secret from the stack configuration, never from state", async () => {
    // The identity platform of another fake issues the token; the ML fake accepts it.
    const identity = await new FakeArm().start();
    const prev = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    try {
      identity.principals.push({
        tenantId: "tenant-1",
        clientId: "client-1",
        clientSecret: "s3cret",
      });
      arm.token = (t) => identity.issuedTo(t) === "client-1";
      arm.addDeployment(EP, "blue");
      arm.addDeployment(EP, "green");
      // What the engine hands the provider's `configure`: the stack configuration, secrets included.
      rememberProviderConfig({
        get: (k: string) =>
          ({ "azure-native:clientSecret": "s3cret", "azure-native:tenantId": "tenant-1" })[k],
      });
      setTrafficClientFactory(connectTrafficClient);
      const state: EndpointTrafficState = {
        endpointId: EP,
        ...CANARY,
        connection: stateConnection({
          clientId: "client-1",
          activeDirectoryAuthorityHost: `${identity.endpoint}/`,
          resourceManagerEndpoint: arm.endpoint,
          resourceManagerAudience: `${arm.endpoint}/`,
        }),
        waits: { pollIntervalMs: 5 },
      };
      // MSAL's own HTTP client cannot take a CA (as in the activation test).
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
      const out = await applyTraffic(state);
      assert.deepEqual(arm.trafficOf(EP).traffic, CANARY.traffic);
      assert.deepEqual(identity.tokenClients, ["client-1"]);
      assert.ok(!JSON.stringify(out).includes("s3cret"), JSON.stringify(out));
    } finally {
      if (prev === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = prev;
      rememberProviderConfig({ get: () => undefined });
      await identity.stop();
    }
  });

  it("authenticates as the principal of the azureConfig namespace, as the trigger activation does", async () => {
    const identity = await new FakeArm().start();
    const prev = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    try {
      identity.principals.push(
        { tenantId: "tenant-1", clientId: "deployer", clientSecret: "deploy-secret" },
        { tenantId: "tenant-1", clientId: "operator", clientSecret: "ops-secret" },
      );
      arm.token = (t) => identity.issuedTo(t) === "operator";
      arm.addDeployment(EP, "blue");
      arm.addDeployment(EP, "green");
      const config: Record<string, string> = {
        "azure-native:clientId": "deployer",
        "azure-native:clientSecret": "deploy-secret",
        "azure-native:tenantId": "tenant-1",
        "ops:clientId": "operator",
        "ops:clientSecret": "ops-secret",
      };
      rememberProviderConfig({ get: (k: string) => config[k] });
      setTrafficClientFactory(connectTrafficClient);
      const state: EndpointTrafficState = {
        endpointId: EP,
        ...CANARY,
        connection: stateConnection({
          activeDirectoryAuthorityHost: `${identity.endpoint}/`,
          resourceManagerEndpoint: arm.endpoint,
          resourceManagerAudience: `${arm.endpoint}/`,
        }),
        azureConfig: "ops",
        waits: { pollIntervalMs: 5 },
      };
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
      const out = await applyTraffic(state);
      assert.deepEqual(arm.trafficOf(EP).traffic, CANARY.traffic);
      assert.deepEqual(identity.tokenClients, ["operator"]);
      assert.ok(!JSON.stringify(out).includes("secret"), JSON.stringify(out));
    } finally {
      if (prev === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = prev;
      rememberProviderConfig({ get: () => undefined });
      await identity.stop();
    }
  });

  it("updates (not replaces) when the azureConfig namespace changes", () => {
    const base = { endpointId: EP, ...CANARY, connection: {}, waits: {} };
    assert.deepEqual(endpointTrafficDiff(base, { ...base, azureConfig: "ops" }), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: true,
    });
    assert.equal(
      endpointTrafficDiff({ ...base, azureConfig: "ops" }, { ...base, azureConfig: "ops" }).changes,
      false,
    );
  });

  it("keeps no secret in state: only the non-secret connection settings", () => {
    assert.deepEqual(
      stateConnection({
        clientId: "app",
        tenantId: "tenant",
        clientSecret: "s3cret",
        clientCertificatePassword: "pw",
        oidcToken: "jwt",
        oidcRequestToken: "gh",
      }),
      { clientId: "app", tenantId: "tenant" },
    );
  });

  it("builds the PUT body from the endpoint as read, without read-only fields", () => {
    const body = trafficPutBody(
      {
        id: EP,
        name: "forecast",
        type: "t",
        systemData: {},
        location: "westeurope",
        tags: { a: "b" },
        identity: { type: "SystemAssigned", principalId: "p", tenantId: "t" },
        properties: {
          authMode: "AADToken",
          provisioningState: "Succeeded",
          scoringUri: "u",
          swaggerUri: "s",
          traffic: { old: 100 },
        },
      },
      { traffic: { blue: 0, green: 100 }, mirrorTraffic: {} },
    );
    assert.deepEqual(body, {
      location: "westeurope",
      tags: { a: "b" },
      identity: { type: "SystemAssigned" },
      properties: { authMode: "AADToken", traffic: { green: 100 }, mirrorTraffic: {} },
    });
  });
});
