/**
 * A stand-in for the azure-native provider plugin (`pulumi-resource-azure-native`), for the engine
 * suite only: the real binary cannot be downloaded here. It answers as the version the installed
 * azure-native SDK requests (3.28.0) and speaks azure-native's protocol to Resource Manager (the
 * loopback fake ARM) for every type in `./arm-types.ts`, following pulumi-azure-native's source:
 *
 * - **check**: path parameters with a default (`blobServicesName: "default"`) are filled in and a
 *   missing resource name is auto-named from the logical name, kept from the old inputs on later
 *   runs (`provider/pkg/provider/provider.go` `Check`, `autonaming`);
 * - **create**: `GET` the id first: 404 goes on; a 200 of a singleton sub-resource goes on only
 *   while its body holds Azure's defaults, else `cannot create already existing subresource`; any
 *   other 200 fails with `cannot create already existing resource` (`provider/pkg/azure/client.go`
 *   `CanCreate`, called by `crud.go` `CanCreate` before `CreateOrUpdate`). Then `PUT`, poll the
 *   long-running operation through `Azure-AsyncOperation` or `Location` honouring `Retry-After`
 *   until a terminal state (`client.go` `Put`, the azcore runtime poller), and read the resource
 *   back with `GET` for the outputs;
 * - **update**: `PUT` of the full body (none of these types is PATCH in 3.28), poll, read back;
 * - **delete**: `DELETE`, poll; 404 / 204 count as deleted (`client.go` `Delete`); a singleton is
 *   reset with a `PUT` of its default body instead (`provider.go` `Delete`, case `isSingleton`);
 * - **read** (refresh): `GET`; 404 drops the resource; the new inputs are the response projected
 *   onto the old inputs' shape (`crud.go` `ResponseToSdkInputs`), so output-only fields ARM echoes
 *   (`provisioningState`, ids, principal ids, `etag`) never show up as drift;
 * - **diff**: old *inputs* against new inputs (azure-native diffs against the inputs it checkpoints,
 *   `provider.go` `Diff`), a changed path parameter replaces, anything else updates in place, with a
 *   detailed diff (the engine needs it for `replaceOnChanges`);
 * - **invoke**: `authorization:getClientConfig` (the token's `oid`, `appid`, `tid`) and
 *   `logic:listWorkflowTriggerCallbackUrl` (a `POST .../listCallbackUrl`) and
 *   `datafactory:listIntegrationRuntimeAuthKeys` (a `POST .../listAuthKeys`).
 *
 * It authenticates from its provider configuration (`azure-native:clientId`, `clientSecret`,
 * `tenantId`, `subscriptionId`, `metadataHost`) or the `ARM_*` variables, like the real one. With
 * `MLOPS_STANDIN_PACKAGE=random` it answers as the `random` plugin and serves `RandomString`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as https from "https";
import { typeHasLocation } from "../../support/arm-rules";
import { ARM_TYPES, ArmType, pathParams, TOP_LEVEL } from "./arm-types";

const PACKAGE = process.env.MLOPS_STANDIN_PACKAGE || "azure-native";
// The engine loads the plugin at the version the program's SDK requests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require(`@pulumi/${PACKAGE}/package.json`).version;

type Props = Record<string, any>;

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Values as Azure sees them: secrets and output values unwrapped. */
function plain(v: any): any {
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") {
    if (v[SIG_KEY] === SECRET_SIG || v[SIG_KEY] === OUTPUT_SIG) return plain(v.value);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

const hasUnknown = (v: any): boolean =>
  v === UNKNOWN ||
  (v !== null && typeof v === "object" && Object.values(v).some((x) => hasUnknown(x)));

// pulumi.provider.main does not hand the provider its configuration; read it from Configure.
let providerConfig: Record<string, string> = {};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const grpc = require(
  require.resolve("@grpc/grpc-js", { paths: [require.resolve("@pulumi/pulumi")] }),
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structProto = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", {
    paths: [require.resolve("@pulumi/pulumi")],
  }),
);

const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;
const nameOf = (urn: string) => urn.split("::")[3];

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
    providerConfig = {
      ...vars,
      ...Object.fromEntries(Object.entries(args).map(([k, v]) => [k, plain(v)])),
    };
    // Like azure-native, take part in previews (the engine then calls Create / Update with
    // `preview`), so that an update's preview keeps the resource's stable outputs (its `name`,
    // ids, principal ids) instead of the engine's default (the new inputs only), which would make
    // every dependent look changed.
    configure(call, (err: any, resp: any) => {
      resp?.setSupportspreview(true);
      callback(err, resp);
    });
  };
  const create = impl.create.bind(impl);
  impl.create = (call: any, callback: any) => {
    if (!call.request.getPreview()) return create(call, callback);
    // A create's preview: the inputs, every output-only property unknown (what the engine
    // previews for a provider without preview support, as before).
    const resp = new providerProto.CreateResponse();
    resp.setId("");
    resp.setProperties(call.request.getProperties());
    callback(undefined, resp);
  };
  const update = impl.update.bind(impl);
  impl.update = (call: any, callback: any) => {
    if (!call.request.getPreview()) return update(call, callback);
    try {
      const olds = call.request.getOlds().toJavaScript();
      const news = call.request.getNews().toJavaScript();
      const spec = ARM_TYPES[typeOf(call.request.getUrn())];
      const resp = new providerProto.UpdateResponse();
      const outs = spec ? previewUpdate(spec, olds, news) : { ...olds, ...news };
      resp.setProperties(structProto.Struct.fromJavaScript(jsonSafe(outs)));
      callback(undefined, resp);
    } catch (e) {
      callback(e, undefined);
    }
  };
  // Diff against the old inputs the engine sends (azure-native diffs its checkpointed inputs),
  // with a detailed diff, which pulumi.provider.main cannot report.
  impl.diff = (call: any, callback: any) => {
    try {
      const req = call.request;
      const olds = plain((req.getOldInputs() ?? req.getOlds()).toJavaScript());
      const news = plain(req.getNews().toJavaScript());
      const urn: string = req.getUrn();
      const type = typeOf(urn);
      const spec = ARM_TYPES[type];
      const params = spec ? pathParams(spec.path).filter((p) => p !== "subscriptionId") : [];
      const paths = changedPaths(olds, news, "");
      const resp = new providerProto.DiffResponse();
      const replaceAll = PACKAGE === "random";
      const tops = [...new Set(paths.map((p) => p.split(/[.[]/)[0]))];
      const replaces = tops.filter((k) => replaceAll || params.includes(k));
      for (const p of paths) {
        const d = new providerProto.PropertyDiff();
        d.setKind(
          replaces.includes(p.split(/[.[]/)[0])
            ? providerProto.PropertyDiff.Kind.UPDATE_REPLACE
            : providerProto.PropertyDiff.Kind.UPDATE,
        );
        d.setInputdiff(true);
        resp.getDetaileddiffMap().set(p, d);
      }
      resp.setChanges(
        paths.length
          ? providerProto.DiffResponse.DiffChanges.DIFF_SOME
          : providerProto.DiffResponse.DiffChanges.DIFF_NONE,
      );
      resp.setDiffsList(tops);
      resp.setReplacesList(replaces);
      resp.setHasdetaileddiff(true);
      callback(undefined, resp);
    } catch (e) {
      callback(e, undefined);
    }
  };
  // Read with the old inputs (pulumi.provider.main does not pass them): refresh projects the
  // response onto them.
  impl.read = (call: any, callback: any) => {
    const req = call.request;
    const inputs = req.getInputs() ? req.getInputs().toJavaScript() : undefined;
    readResource(req.getId(), req.getUrn(), req.getProperties().toJavaScript(), inputs).then(
      (r) => {
        const resp = new providerProto.ReadResponse();
        resp.setId(r.id);
        resp.setProperties(structProto.Struct.fromJavaScript(jsonSafe(r.props)));
        if (r.inputs) resp.setInputs(structProto.Struct.fromJavaScript(jsonSafe(r.inputs)));
        callback(undefined, resp);
      },
      (e) => callback(e, undefined),
    );
  };
  return addService.call(this, service, impl);
};

const jsonSafe = (v: unknown) => JSON.parse(JSON.stringify(v ?? {}));

/** Leaf property paths whose values differ. */
function changedPaths(olds: any, news: any, prefix: string): string[] {
  const obj = (v: any) => v && typeof v === "object" && !Array.isArray(v);
  if (obj(news) && obj(olds)) {
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    return [...keys]
      .filter((k) => k !== "__provider")
      .flatMap((k) => changedPaths(olds[k], news[k], prefix ? `${prefix}.${k}` : k));
  }
  if (hasUnknown(news)) return [prefix];
  return JSON.stringify(olds) === JSON.stringify(news) ? [] : [prefix];
}

const setting = (key: string, env: string) => providerConfig[key] || process.env[env] || "";

interface Response {
  status: number;
  json: any;
  headers: Record<string, string | string[] | undefined>;
}

function request(method: string, url: string, body?: unknown, token?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const data =
      body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const req = https.request(
      url,
      {
        method,
        timeout: 60_000,
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
        res.on("end", () => {
          let json: any;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = { error: { code: "NotJson", message: text.slice(0, 200) } };
          }
          resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${url}: timed out`)));
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

function armError(what: string, res: { status: number; json: any }): Error {
  const e = res.json?.error ?? {};
  return new Error(`${what}: Status=${res.status} Code="${e.code}" Message="${e.message}"`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const header = (res: Response, name: string) => {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Waits for a long-running operation: `Azure-AsyncOperation` is polled until its `status` is
 * terminal, else `Location` until it stops answering 202 (azcore `runtime.NewPoller`, the
 * `async` and `loc` pollers), sleeping `Retry-After` seconds between polls (default 1 s here,
 * capped at 5 s so a test's long Retry-After cannot stall the suite).
 */
async function poll(first: Response, token: string, what: string): Promise<void> {
  const asyncOp = header(first, "azure-asyncoperation");
  const location = header(first, "location");
  if (!(first.status === 201 || first.status === 202) || (!asyncOp && !location)) return;
  let last = first;
  for (let i = 0; i < 600; i++) {
    const wait = Number(header(last, "retry-after") ?? "1");
    await sleep(Math.min(Number.isFinite(wait) ? wait : 1, 5) * 1000);
    if (asyncOp) {
      last = await request("GET", asyncOp, undefined, token);
      if (last.status >= 300) throw armError(`${what}: polling`, last);
      const status = String(last.json?.status ?? "");
      if (/^(succeeded)$/i.test(status)) return;
      if (/^(failed|canceled|cancelled)$/i.test(status))
        throw armError(`${what}: operation ${status}`, {
          status: last.status,
          json: { error: last.json?.error ?? { code: status, message: "" } },
        });
    } else {
      last = await request("GET", location!, undefined, token);
      if (last.status === 202) continue;
      if (last.status >= 300 && last.status !== 404) throw armError(`${what}: polling`, last);
      return;
    }
  }
  throw new Error(`${what}: the operation did not finish`);
}

function fill(template: string, values: Props): string {
  return template.replace(/\{([^}]+)\}/g, (_, p) => {
    const v = p === "subscriptionId" ? setting("subscriptionId", "ARM_SUBSCRIPTION_ID") : values[p];
    if (v === undefined || v === null || v === "")
      throw new Error(`stand-in azure-native: missing path parameter ${p}`);
    // `{scope}` and `{resourceUri}` are ids themselves (no leading slash doubled).
    return p === "scope" || p === "resourceUri" ? String(v).replace(/\/+$/, "") : String(v);
  });
}

function specOf(urn: string): ArmType {
  const spec = ARM_TYPES[typeOf(urn)];
  if (!spec) throw new Error(`stand-in azure-native: no ARM mapping for ${typeOf(urn)}`);
  return spec;
}

/**
 * SDK property names whose wire name differs: `odataType` is `odata.type` on the wire (a metric
 * alert's `criteria`, azure-native's schema property `odataType` for the REST `odata.type`
 * discriminator; pulumi-azure-native `provider/pkg/convert` renames by the schema's wire names both
 * ways, `SdkInputsToRequestBody` / `ResponseBodyToSdkOutputs`).
 */
const WIRE_NAMES: Record<string, string> = { odataType: "odata.type" };
const SDK_NAMES: Record<string, string> = Object.fromEntries(
  Object.entries(WIRE_NAMES).map(([k, v]) => [v, k]),
);

/**
 * Wire names that differ only inside one parent: an autoscale rule's metric dimension is
 * `{ DimensionName, Operator, Values }` on the wire (monitor autoscale_API.json
 * `ScaleRuleMetricDimension`; `@azure/arm-monitor` mappers' `serializedName`), while
 * `operator` / `values` elsewhere (a metric alert's dimensions) keep their names.
 */
const SCOPED_WIRE_NAMES: Record<string, Record<string, string>> = {
  "metricTrigger.dimensions": {
    dimensionName: "DimensionName",
    operator: "Operator",
    values: "Values",
  },
};
const SCOPED_SDK_NAMES: Record<string, Record<string, string>> = Object.fromEntries(
  Object.entries(SCOPED_WIRE_NAMES).map(([scope, m]) => [
    scope,
    Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k])),
  ]),
);

function renameKeys(
  v: any,
  names: Record<string, string>,
  scoped: Record<string, Record<string, string>> = names === WIRE_NAMES
    ? SCOPED_WIRE_NAMES
    : SCOPED_SDK_NAMES,
  parents: readonly string[] = [],
): any {
  if (Array.isArray(v)) return v.map((x) => renameKeys(x, names, scoped, parents));
  if (!v || typeof v !== "object") return v;
  const local = scoped[parents.slice(-2).join(".")] ?? {};
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => {
      const renamed = local[k] ?? names[k] ?? k;
      return [renamed, renameKeys(x, names, scoped, [...parents, k])];
    }),
  );
}

/** The request body for the inputs (path parameters out, envelope top level, the rest in properties). */
export function requestBody(spec: ArmType, inputs: Props): Props {
  return renameKeys(shapeBody(spec, inputs), WIRE_NAMES);
}

function shapeBody(spec: ArmType, inputs: Props): Props {
  const params = new Set(pathParams(spec.path));
  const body: Props = {};
  const properties: Props = {};
  for (const [k, v] of Object.entries(inputs)) {
    if (params.has(k) || v === undefined) continue;
    if ((TOP_LEVEL as readonly string[]).includes(k)) body[k] = v;
    else if (k === "properties" && spec.nested) Object.assign(properties, v);
    else properties[k] = v;
  }
  if (Object.keys(properties).length || spec.nested) body.properties = properties;
  return body;
}

/** The outputs for a response body (envelope and flattened properties side by side). */
function outputsOf(spec: ArmType, wire: Props): Props {
  const { properties, ...rest } = renameKeys(wire ?? {}, SDK_NAMES);
  delete rest.id;
  const outs: Props = spec.nested
    ? { ...rest, ...(properties !== undefined ? { properties } : {}) }
    : { ...rest, ...(properties ?? {}) };
  return { ...outs, azureApiVersion: spec.apiVersion };
}

/**
 * An update's preview outputs: the old outputs with what the new inputs set (mapped the way the
 * response maps), so the outputs ARM keeps (name, ids, principal ids) stay as they are; the etag,
 * which every write changes, is unknown.
 */
function previewUpdate(spec: ArmType, olds: Props, news: Props): Props {
  const fromInputs = outputsOf(spec, requestBody(spec, news));
  // Objects merge (an identity's `type` from the inputs, its `principalId` from the old outputs).
  const merge = (old: any, now: any): any =>
    old && now && typeof old === "object" && typeof now === "object" && !Array.isArray(now)
      ? {
          ...old,
          ...Object.fromEntries(Object.entries(now).map(([k, v]) => [k, merge(old[k], v)])),
        }
      : now;
  // ARM gives every write a new etag: unknown until the update runs.
  return { ...merge(olds, fromInputs), ...(olds.etag !== undefined ? { etag: UNKNOWN } : {}) };
}

/** The response projected onto the shape of the old inputs (what refresh writes back as inputs). */
function project(old: any, now: any): any {
  if (old && typeof old === "object" && !Array.isArray(old)) {
    if (!now || typeof now !== "object" || Array.isArray(now)) return now;
    return Object.fromEntries(
      Object.keys(old)
        .filter((k) => now[k] !== undefined)
        .map((k) => [k, project(old[k], now[k])]),
    );
  }
  if (Array.isArray(old) && Array.isArray(now))
    return now.map((x, i) => (i < old.length ? project(old[i], x) : x));
  return now;
}

/** A singleton's GET body still holds Azure's defaults (no member but the envelope). */
function isDefaultResponse(spec: ArmType, body: Props): boolean {
  const props = { ...(body?.properties ?? {}) };
  delete props.provisioningState;
  return JSON.stringify(props) === JSON.stringify(spec.singleton?.defaultBody ?? {});
}

async function get(path: string, api: string): Promise<Response> {
  const { arm, token } = await connect();
  return request("GET", `${arm}${path}?api-version=${api}`, undefined, token);
}

async function put(urn: string, raw: Props, create: boolean): Promise<{ id: string; outs: Props }> {
  const spec = specOf(urn);
  const inputs = plain(raw);
  const path = fill(spec.path, inputs);
  const { arm, token } = await connect();
  if (create) {
    const existing = await get(path, spec.apiVersion);
    if (existing.status === 200) {
      if (!spec.singleton) throw new Error(`cannot create already existing resource '${path}'`);
      if (!isDefaultResponse(spec, existing.json))
        throw new Error(`cannot create already existing subresource '${path}'`);
    } else if (existing.status !== 404) {
      throw armError(`autorest/azure: GET ${path}`, existing);
    }
  }
  const res = await request(
    "PUT",
    `${arm}${path}?api-version=${spec.apiVersion}`,
    requestBody(spec, inputs),
    token,
  );
  if (res.status >= 300) throw armError(`autorest/azure: PUT ${path}`, res);
  await poll(res, token, `PUT ${path}`);
  const back = await get(path, spec.apiVersion);
  if (back.status !== 200) throw armError(`autorest/azure: GET ${path}`, back);
  return { id: path, outs: outputsOf(spec, back.json) };
}

async function readResource(
  id: string,
  urn: string,
  props: Props,
  inputs: Props | undefined,
): Promise<{ id: string; props: Props; inputs?: Props }> {
  if (PACKAGE === "random") return { id, props, inputs };
  const spec = specOf(urn);
  const res = await get(id, spec.apiVersion);
  if (res.status === 404) return { id: "", props: {} };
  if (res.status >= 300) throw armError(`autorest/azure: GET ${id}`, res);
  const outs = outputsOf(spec, res.json);
  if (!inputs) return { id, props: outs };
  // The inputs again, as azure-native derives them from the response: path parameters kept,
  // every other input replaced by what Azure holds.
  const old = plain(inputs);
  const params = new Set(pathParams(spec.path));
  const fromAzure = project(
    Object.fromEntries(Object.entries(old).filter(([k]) => !params.has(k))),
    renameKeys(spec.nested ? res.json : { ...res.json, ...(res.json.properties ?? {}) }, SDK_NAMES),
  );
  const newInputs = {
    ...Object.fromEntries(Object.entries(old).filter(([k]) => params.has(k))),
    ...fromAzure,
  };
  return { id, props: outs, inputs: newInputs };
}

/** RandomString as @pulumi/random computes it (length and character classes). */
function randomString(inputs: Props): string {
  const sets: string[] = [];
  if (inputs.lower !== false) sets.push("abcdefghijklmnopqrstuvwxyz");
  if (inputs.upper !== false) sets.push("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  if (inputs.numeric !== false && inputs.number !== false) sets.push("0123456789");
  if (inputs.special !== false) sets.push(inputs.overrideSpecial ?? "!@#$%&*()-_=+[]{}<>:?");
  const all = sets.join("");
  return Array.from(
    { length: Number(inputs.length) },
    () => all[crypto.randomInt(all.length)],
  ).join("");
}

const provider: pulumi.provider.Provider = {
  version: VERSION,
  async check(urn, olds, news) {
    if (PACKAGE === "random") return { inputs: news };
    const spec = ARM_TYPES[typeOf(urn)];
    if (!spec) return { inputs: news };
    const inputs = { ...news };
    for (const [k, v] of Object.entries(spec.defaults ?? {})) inputs[k] ??= v;
    const auto = spec.autoname?.param;
    if (auto && (inputs[auto] === undefined || inputs[auto] === null)) {
      inputs[auto] =
        olds?.[auto] ??
        (spec.autoname!.guid
          ? crypto.randomUUID()
          : `${nameOf(urn)}${crypto.randomBytes(4).toString("hex")}`);
    }
    // A tracked resource without `location` gets the old inputs' location, else the provider's
    // `location` config, else its resource group's location (pulumi-azure-native
    // `provider/pkg/provider/provider.go`, `getDefaultLocation`, called from Check).
    const rg = inputs.resourceGroupName;
    if (
      (inputs.location === undefined || inputs.location === null) &&
      typeHasLocation(typeOf(urn))
    ) {
      const configured = olds?.location ?? (setting("location", "ARM_LOCATION") || undefined);
      if (configured !== undefined) inputs.location = configured;
      else if (typeof rg === "string" && rg !== UNKNOWN) {
        const sub = setting("subscriptionId", "ARM_SUBSCRIPTION_ID");
        const res = await get(`/subscriptions/${sub}/resourceGroups/${rg}`, "2024-03-01");
        if (res.status !== 200) throw armError(`autorest/azure: GET resource group ${rg}`, res);
        if (typeof res.json?.location === "string") inputs.location = res.json.location;
      }
    }
    return { inputs };
  },
  async create(urn, inputs) {
    if (PACKAGE === "random") {
      const result = randomString(plain(inputs));
      return { id: result, outs: { ...inputs, result } };
    }
    return put(urn, inputs, true);
  },
  async update(_id, urn, _olds, news) {
    return { outs: (await put(urn, news, false)).outs };
  },
  async delete(id, urn) {
    if (PACKAGE === "random") return;
    const spec = specOf(urn);
    const { arm, token } = await connect();
    if (spec.singleton?.resetOnDelete) {
      const res = await request(
        "PUT",
        `${arm}${id}?api-version=${spec.apiVersion}`,
        { properties: spec.singleton.defaultBody },
        token,
      );
      if (res.status >= 300) throw armError(`autorest/azure: PUT ${id}`, res);
      await poll(res, token, `PUT ${id}`);
      return;
    }
    const res = await request(
      "DELETE",
      `${arm}${id}?api-version=${spec.apiVersion}`,
      undefined,
      token,
    );
    if (res.status === 404 || res.status === 204) return;
    if (res.status >= 300) throw armError(`autorest/azure: DELETE ${id}`, res);
    await poll(res, token, `DELETE ${id}`);
  },
  async invoke(token, raw) {
    const inputs = plain(raw);
    const { arm, token: bearer } = await connect();
    if (token === "azure-native:authorization:getClientConfig") {
      const claims = JSON.parse(
        Buffer.from(bearer.split(".")[1] ?? "", "base64url").toString() || "{}",
      );
      return {
        outputs: {
          clientId: setting("clientId", "ARM_CLIENT_ID"),
          objectId: claims.oid ?? "",
          subscriptionId: setting("subscriptionId", "ARM_SUBSCRIPTION_ID"),
          tenantId: setting("tenantId", "ARM_TENANT_ID"),
        },
      };
    }
    if (token === "azure-native:logic:listWorkflowTriggerCallbackUrl") {
      const path = `/subscriptions/${setting("subscriptionId", "ARM_SUBSCRIPTION_ID")}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.Logic/workflows/${inputs.workflowName}/triggers/${inputs.triggerName}/listCallbackUrl`;
      const res = await request("POST", `${arm}${path}?api-version=2019-05-01`, {}, bearer);
      if (res.status >= 300) throw armError(`autorest/azure: POST ${path}`, res);
      return { outputs: res.json };
    }
    if (token === "azure-native:datafactory:listIntegrationRuntimeAuthKeys") {
      const path = `/subscriptions/${setting("subscriptionId", "ARM_SUBSCRIPTION_ID")}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.DataFactory/factories/${inputs.factoryName}/integrationRuntimes/${inputs.integrationRuntimeName}/listAuthKeys`;
      const res = await request("POST", `${arm}${path}?api-version=2018-06-01`, {}, bearer);
      if (res.status >= 300) throw armError(`autorest/azure: POST ${path}`, res);
      return { outputs: res.json };
    }
    throw new Error(`stand-in ${PACKAGE}: no function ${token}`);
  },
};

pulumi.provider.main(provider, process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
