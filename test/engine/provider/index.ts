/**
 * A stand-in for the azure-native provider plugin (`pulumi-resource-azure-native`), for the engine
 * suite only: the real binary cannot be downloaded here. It answers as the version the installed
 * azure-native SDK requests (3.28.0) and serves the Data Factory types the engine programs deploy —
 * Factory, Pipeline, Trigger — as azure-native does: PUT/GET/DELETE on Resource Manager (the
 * loopback fake ARM), `resourceGroupName` / `factoryName` / `<name>Name` as path parameters that
 * replace the resource when they change, the response (with `etag`, `properties.runtimeState`) as
 * outputs. It authenticates from its provider configuration (`azure-native:clientId`,
 * `clientSecret`, `tenantId`, `subscriptionId`, `metadataHost`) or the `ARM_*` variables, like the
 * real one.
 *
 * Any other type (and, with `MLOPS_STANDIN_PACKAGE=random`, the `random` package) can be previewed:
 * Check echoes the inputs and the engine previews a create as those inputs, every output-only
 * property (`name`, `id`, `identity.principalId`, a RandomString's `result`) unknown, as it does
 * for a provider that does not implement preview creates. Only deploying those types is refused.
 */
import * as pulumi from "@pulumi/pulumi";
import * as https from "https";

const PACKAGE = process.env.MLOPS_STANDIN_PACKAGE || "azure-native";
// The engine loads the plugin at the version the program's SDK requests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require(`@pulumi/${PACKAGE}/package.json`).version;
const API = "2018-06-01";

type Props = Record<string, any>;

// pulumi.provider.main does not hand the provider its configuration; read it from Configure.
let providerConfig: Record<string, string> = {};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const grpc = require(
  require.resolve("@grpc/grpc-js", { paths: [require.resolve("@pulumi/pulumi")] }),
);
const addService = grpc.Server.prototype.addService;
grpc.Server.prototype.addService = function (service: unknown, impl: any) {
  const configure = impl.configure.bind(impl);
  impl.configure = (call: any, callback: any) => {
    const args = call.request.getArgs()?.toJavaScript() ?? {};
    const vars = Object.fromEntries(
      call.request
        .getVariablesMap()
        .toArray()
        .map(([k, v]: [string, string]) => [k.replace(/^azure-native:config:/, ""), v]),
    );
    const unwrap = (v: any) => (v && typeof v === "object" && "value" in v ? v.value : v);
    providerConfig = {
      ...vars,
      ...Object.fromEntries(Object.entries(args).map(([k, v]) => [k, unwrap(v)])),
    };
    configure(call, callback);
  };
  // Like azure-native, report a detailed diff (property paths), which the engine needs to apply
  // `replaceOnChanges` (TumblingWindowTrigger's start time); pulumi.provider.main cannot.
  const diff = impl.diff.bind(impl);
  impl.diff = (call: any, callback: any) =>
    diff(call, (err: any, resp: any) => {
      if (!err && resp) {
        const olds = call.request.getOlds().toJavaScript();
        const news = call.request.getNews().toJavaScript();
        const replaces = new Set(resp.getReplacesList());
        const paths = changedPaths(olds, news, "");
        for (const path of paths) {
          const d = new providerProto.PropertyDiff();
          const top = path.split(".")[0];
          d.setKind(
            replaces.has(top)
              ? providerProto.PropertyDiff.Kind.UPDATE_REPLACE
              : providerProto.PropertyDiff.Kind.UPDATE,
          );
          d.setInputdiff(true);
          resp.getDetaileddiffMap().set(path, d);
        }
        resp.setDiffsList([...new Set(paths.map((p) => p.split(".")[0]))]);
        resp.setHasdetaileddiff(true);
      }
      callback(err, resp);
    });
  return addService.call(this, service, impl);
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerProto = require("@pulumi/pulumi/proto/provider_pb");

/** Leaf property paths whose values differ (server-side fields such as runtimeState ignored). */
function changedPaths(olds: any, news: any, prefix: string): string[] {
  if (
    news &&
    typeof news === "object" &&
    !Array.isArray(news) &&
    olds &&
    typeof olds === "object"
  ) {
    return Object.keys(news)
      .filter((k) => k !== "runtimeState" && k !== "__provider")
      .flatMap((k) => changedPaths(olds[k], news[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(olds) === JSON.stringify(news) ? [] : [prefix];
}

const setting = (key: string, env: string) => providerConfig[key] || process.env[env] || "";

function request(
  method: string,
  url: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const data =
      body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const req = https.request(
      url,
      {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(data
            ? {
                "content-type":
                  typeof body === "string"
                    ? "application/x-www-form-urlencoded"
                    : "application/json",
                "content-length": Buffer.byteLength(data),
              }
            : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    req.on("error", reject);
    if (data) req.write(data);
    req.end();
  });
}

let session: Promise<{ arm: string; token: string }> | undefined;
function connect(): Promise<{ arm: string; token: string }> {
  return (session ??= (async () => {
    const host = setting("metadataHost", "ARM_METADATA_HOSTNAME");
    if (!host)
      throw new Error("stand-in azure-native: set azure-native:metadataHost (the fake ARM)");
    const meta = (
      await request(
        "GET",
        `${host.includes("://") ? host : `https://${host}`}/metadata/endpoints?api-version=2022-09-01`,
      )
    ).json;
    const tenant = setting("tenantId", "ARM_TENANT_ID");
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: setting("clientId", "ARM_CLIENT_ID"),
      client_secret: setting("clientSecret", "ARM_CLIENT_SECRET"),
      scope: `${meta.authentication.audiences[0].replace(/\/+$/, "")}/.default`,
    }).toString();
    const res = await request(
      "POST",
      `${meta.authentication.loginEndpoint.replace(/\/+$/, "")}/${tenant}/oauth2/v2.0/token`,
      form,
    );
    if (res.status !== 200)
      throw new Error(`stand-in azure-native: authentication failed: ${JSON.stringify(res.json)}`);
    return { arm: meta.resourceManager.replace(/\/+$/, ""), token: res.json.access_token };
  })());
}

const omit = (p: Props, keys: string[]): Props =>
  Object.fromEntries(Object.entries(p).filter(([k]) => !keys.includes(k)));

/** The ARM path of a resource from its inputs, and which inputs are path parameters. */
function locate(type: string, p: Props): { path: string; pathParams: string[]; body: Props } {
  const sub = setting("subscriptionId", "ARM_SUBSCRIPTION_ID");
  const factory = `/subscriptions/${sub}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.DataFactory/factories/${p.factoryName}`;
  switch (type) {
    case "azure-native:datafactory:Factory": {
      return {
        path: factory,
        pathParams: ["resourceGroupName", "factoryName"],
        body: omit(p, ["resourceGroupName", "factoryName"]),
      };
    }
    case "azure-native:datafactory:Pipeline": {
      return {
        path: `${factory}/pipelines/${p.pipelineName}`,
        pathParams: ["resourceGroupName", "factoryName", "pipelineName"],
        body: { properties: omit(p, ["resourceGroupName", "factoryName", "pipelineName"]) },
      };
    }
    case "azure-native:datafactory:Trigger":
      return {
        path: `${factory}/triggers/${p.triggerName}`,
        pathParams: ["resourceGroupName", "factoryName", "triggerName"],
        body: { properties: p.properties },
      };
    default:
      throw new Error(`stand-in ${PACKAGE} previews ${type} but cannot deploy it`);
  }
}

const SERVED = new Set([
  "azure-native:datafactory:Factory",
  "azure-native:datafactory:Pipeline",
  "azure-native:datafactory:Trigger",
]);

const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;

function armError(what: string, res: { status: number; json: any }): Error {
  const e = res.json?.error ?? {};
  return new Error(`${what}: Status=${res.status} Code="${e.code}" Message="${e.message}"`);
}

async function put(urn: string, inputs: Props): Promise<{ id: string; outs: Props }> {
  const { path, body } = locate(typeOf(urn), inputs);
  const { arm, token } = await connect();
  const res = await request("PUT", `${arm}${path}?api-version=${API}`, body, token);
  if (res.status >= 300) throw armError(`autorest/azure: PUT ${path}`, res);
  return { id: path, outs: { ...inputs, ...res.json, azureApiVersion: API } };
}

const withoutServerFields = (p: any) =>
  p && typeof p === "object" ? omit(p, ["runtimeState"]) : p;

const provider: pulumi.provider.Provider = {
  version: VERSION,
  async check(_urn, _olds, news) {
    return { inputs: news };
  },
  async diff(_id, urn, olds, news) {
    const pathParams = SERVED.has(typeOf(urn)) ? locate(typeOf(urn), news).pathParams : [];
    const replaces = pathParams.filter((k) => olds[k] !== news[k]);
    const keys = new Set([...Object.keys(news)]);
    const changed = [...keys].filter(
      (k) =>
        JSON.stringify(k === "properties" ? withoutServerFields(olds[k]) : olds[k]) !==
        JSON.stringify(k === "properties" ? withoutServerFields(news[k]) : news[k]),
    );
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },
  async create(urn, inputs) {
    return put(urn, inputs);
  },
  async update(_id, urn, _olds, news) {
    return { outs: (await put(urn, news)).outs };
  },
  async read(id, _urn, props) {
    const { arm, token } = await connect();
    const res = await request("GET", `${arm}${id}?api-version=${API}`, undefined, token);
    if (res.status === 404) return {};
    if (res.status >= 300) throw armError(`autorest/azure: GET ${id}`, res);
    return { id, props: { ...props, ...res.json } };
  },
  async delete(id) {
    const { arm, token } = await connect();
    const res = await request("DELETE", `${arm}${id}?api-version=${API}`, undefined, token);
    if (res.status >= 300 && res.status !== 404)
      throw armError(`autorest/azure: DELETE ${id}`, res);
  },
};

pulumi.provider.main(provider, process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
