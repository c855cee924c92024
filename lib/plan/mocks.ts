import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

/** The hook names bound to one resource, by lifecycle step. */
export interface HookBinding {
  /** Hooks run before the resource is created. */
  readonly beforeCreate: string[];
  /** Hooks run after the resource is created. */
  readonly afterCreate: string[];
  /** Hooks run before the resource is updated. */
  readonly beforeUpdate: string[];
  /** Hooks run after the resource is updated. */
  readonly afterUpdate: string[];
  /** Hooks run before the resource is deleted. */
  readonly beforeDelete: string[];
  /** Hooks run after the resource is deleted. */
  readonly afterDelete: string[];
  /** Hooks run when a step of the resource fails. */
  readonly onError: string[];
}

/** A resource the program registered, as the engine would have received it. */
export interface RecordedResource {
  /** Pulumi URN of the resource. */
  readonly urn: string;
  /**
   * Pulumi type token (`azure-native:datafactory:Trigger`,
   * `mlops:datafactory:ScheduledDataPipeline`).
   */
  readonly type: string;
  /** Pulumi resource name. */
  readonly name: string;
  /** URN of the parent, if any. */
  readonly parent?: string;
  /** Custom resource (true) or component (false). */
  readonly custom: boolean;
  /** Resolved inputs (secrets unwrapped; see `secretPaths`). */
  readonly inputs: Record<string, any>;
  /** Input paths that were Pulumi secrets. */
  readonly secretPaths: string[];
  /** ARM id given by the mocks (custom resources). */
  readonly id?: string;
  /** Resource hooks bound to the resource. */
  readonly hooks: HookBinding;
  /** URNs the resource depends on (`dependsOn` and input dependencies, as the engine receives them). @default [] */
  readonly dependencies?: string[];
  /** Whether the resource is `retainOnDelete`. @default false */
  readonly retainOnDelete?: boolean;
}

/** A running mock session: what was registered, and a way to wait for it. */
export interface MockSession {
  /** Every resource registered so far, in registration order. */
  readonly resources: RecordedResource[];
  /** Names of resource hooks and error hooks registered with the (mock) engine. */
  readonly registeredHooks: { kind: "resource" | "error"; name: string }[];
  /** Resolves once all pending registrations have completed. */
  settle(): Promise<void>;
  /** The resources whose name starts with `prefix`. */
  named(prefix: string): RecordedResource[];
}

/** Options for `installMocks`. */
export interface MockOptions {
  /** Pulumi project name in the URNs. @default "mlops" */
  readonly project?: string;
  /** Pulumi stack name in the URNs and `pulumi.getStack()`. @default "plan" */
  readonly stack?: string;
  /** Subscription used in the ARM ids. @default "00000000-0000-0000-0000-000000000000" */
  readonly subscriptionId?: string;
  /** Values returned for config keys (`project:key`). @default {} */
  readonly config?: Record<string, string>;
  /** Config keys whose values are secrets (`config.get` returns them as secret outputs). @default [] */
  readonly secretKeys?: readonly string[];
}

const NAME_PROPS: Record<string, string> = {
  "azure-native:resources:ResourceGroup": "resourceGroupName",
  "azure-native:datafactory:Factory": "factoryName",
  "azure-native:datafactory:Pipeline": "pipelineName",
  "azure-native:datafactory:Trigger": "triggerName",
  "azure-native:datafactory:Dataset": "datasetName",
  "azure-native:datafactory:LinkedService": "linkedServiceName",
  "azure-native:storage:StorageAccount": "accountName",
  "azure-native:storage:BlobContainer": "containerName",
  "azure-native:storage:BlobServiceProperties": "blobServicesName",
  "azure-native:storage:ManagementPolicy": "managementPolicyName",
  "azure-native:eventgrid:Topic": "topicName",
  "azure-native:machinelearningservices:Workspace": "workspaceName",
  "azure-native:machinelearningservices:Compute": "computeName",
  "azure-native:machinelearningservices:Schedule": "name",
  "azure-native:machinelearningservices:OnlineEndpoint": "endpointName",
  "azure-native:machinelearningservices:OnlineDeployment": "deploymentName",
};

const ML_WORKSPACE = (i: Record<string, any>) =>
  `resourceGroups/${i.resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/${i.workspaceName}`;

const ARM_PATHS: Record<string, (i: Record<string, any>, n: string) => string> = {
  "azure-native:resources:ResourceGroup": (_i, n) => `resourceGroups/${n}`,
  "azure-native:datafactory:Factory": (i, n) =>
    `resourceGroups/${i.resourceGroupName}/providers/Microsoft.DataFactory/factories/${n}`,
  "azure-native:datafactory:Pipeline": (i, n) =>
    `resourceGroups/${i.resourceGroupName}/providers/Microsoft.DataFactory/factories/${i.factoryName}/pipelines/${n}`,
  "azure-native:datafactory:Trigger": (i, n) =>
    `resourceGroups/${i.resourceGroupName}/providers/Microsoft.DataFactory/factories/${i.factoryName}/triggers/${n}`,
  "azure-native:datafactory:Dataset": (i, n) =>
    `resourceGroups/${i.resourceGroupName}/providers/Microsoft.DataFactory/factories/${i.factoryName}/datasets/${n}`,
  "azure-native:datafactory:LinkedService": (i, n) =>
    `resourceGroups/${i.resourceGroupName}/providers/Microsoft.DataFactory/factories/${i.factoryName}/linkedservices/${n}`,
  "azure-native:storage:StorageAccount": (i, n) =>
    `resourceGroups/${i.resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${n}`,
  "azure-native:storage:BlobContainer": (i, n) =>
    `resourceGroups/${i.resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${i.accountName}/blobServices/default/containers/${n}`,
  "azure-native:eventgrid:Topic": (i, n) =>
    `resourceGroups/${i.resourceGroupName}/providers/Microsoft.EventGrid/topics/${n}`,
  "azure-native:machinelearningservices:Workspace": (i, n) =>
    ML_WORKSPACE({ ...i, workspaceName: n }),
  "azure-native:machinelearningservices:Compute": (i, n) => `${ML_WORKSPACE(i)}/computes/${n}`,
  "azure-native:machinelearningservices:Schedule": (i, n) => `${ML_WORKSPACE(i)}/schedules/${n}`,
  "azure-native:machinelearningservices:OnlineEndpoint": (i, n) =>
    `${ML_WORKSPACE(i)}/onlineEndpoints/${n}`,
  "azure-native:machinelearningservices:OnlineDeployment": (i, n) =>
    `${ML_WORKSPACE(i)}/onlineEndpoints/${i.endpointName}/deployments/${n}`,
};

/** Resource provider namespaces of the azure-native modules the library and its users touch. */
const NAMESPACES: Record<string, string> = {
  applicationinsights: "Microsoft.Insights",
  authorization: "Microsoft.Authorization",
  communication: "Microsoft.Communication",
  datafactory: "Microsoft.DataFactory",
  eventgrid: "Microsoft.EventGrid",
  logic: "Microsoft.Logic",
  machinelearningservices: "Microsoft.MachineLearningServices",
  managedidentity: "Microsoft.ManagedIdentity",
  monitor: "Microsoft.Insights",
  operationalinsights: "Microsoft.OperationalInsights",
  search: "Microsoft.Search",
  storage: "Microsoft.Storage",
};

/** ARM collection names that are not the type name in plural camel case. */
const COLLECTIONS: Record<string, string> = {
  "azure-native:search:Service": "searchServices",
  "azure-native:managedidentity:UserAssignedIdentity": "userAssignedIdentities",
  "azure-native:monitor:ActivityLogAlert": "activityLogAlerts",
  "azure-native:storage:ManagementPolicy": "managementPolicies",
  "azure-native:storage:BlobServiceProperties": "blobServices",
};

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/** `metricAlertName`-style name input of a type, or the generic `resourceName`, when given. */
function conventionalNameProp(type: string, inputs: Record<string, any>): string | undefined {
  const typeName = type.split(":")[2] ?? "";
  return [`${lowerFirst(typeName)}Name`, "ruleName", "resourceName", "searchServiceName"].find(
    (k) => typeof inputs[k] === "string",
  );
}

/**
 * The ARM id Azure would give a resource of a known namespace: top-level resources under their
 * resource group, storage-account children (management policies) under the account, role
 * assignments under their scope.
 */
function conventionalId(
  sub: string,
  type: string,
  inputs: Record<string, any>,
  name: string,
): string | undefined {
  const [, module, typeName] = type.split(":");
  const ns = NAMESPACES[module];
  if (!ns || !typeName) return undefined;
  if (type === "azure-native:authorization:RoleAssignment") {
    const scope = typeof inputs.scope === "string" ? inputs.scope : `/subscriptions/${sub}`;
    return `${scope}/providers/${ns}/roleAssignments/${inputs.roleAssignmentName ?? fakeGuid(`${scope}/${name}`)}`;
  }
  const collection = COLLECTIONS[type] ?? `${lowerFirst(typeName)}s`;
  const rg = `/subscriptions/${sub}/resourceGroups/${inputs.resourceGroupName}/providers/${ns}`;
  // Extension resources live under the resource they configure.
  if (type === "azure-native:monitor:DiagnosticSetting" && typeof inputs.resourceUri === "string")
    return `${inputs.resourceUri}/providers/${ns}/diagnosticSettings/${name}`;
  if (type === "azure-native:communication:Domain")
    return `${rg}/emailServices/${inputs.emailServiceName}/domains/${name}`;
  if (module === "storage" && inputs.accountName && typeName !== "StorageAccount")
    return `${rg}/storageAccounts/${inputs.accountName}/${collection}/${inputs.managementPolicyName ?? name}`;
  return inputs.resourceGroupName ? `${rg}/${collection}/${name}` : undefined;
}

/** Dynamic resources of `lib/search` (`pulumi-nodejs:dynamic/search:Indexer`...). */
const SEARCH_DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/search:";
const SEARCH_COLLECTIONS: Record<string, string> = {
  index: "indexes",
  dataSource: "datasources",
  indexer: "indexers",
};

/**
 * What the Search data-plane provider returns: the object's REST URL as id, an ETag, and the
 * inputs without the serialized provider code (it stays an input only, as in a real deploy).
 */
function searchObjectMock(inputs: Record<string, any>): { id: string; state: Record<string, any> } {
  const collection = SEARCH_COLLECTIONS[inputs.kind] ?? "objects";
  const id = `${inputs.endpoint}/${collection}/${inputs.definition?.name}`;
  const state = { ...inputs };
  delete state.__provider;
  return { id, state: { ...state, etag: `"0x8D${fakeGuid(id).slice(0, 8).toUpperCase()}"` } };
}

/** A stable GUID-shaped value derived from a seed, for principal ids and the like. */
export function fakeGuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A binding with no hooks. */
export function emptyBinding(): HookBinding {
  return {
    beforeCreate: [],
    afterCreate: [],
    beforeUpdate: [],
    afterUpdate: [],
    beforeDelete: [],
    afterDelete: [],
    onError: [],
  };
}

/** Unwraps Pulumi secret markers from deserialized inputs. */
function unwrapSecrets(value: any): any {
  if (value && typeof value === "object") {
    if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
      return unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(value)) out[k] = unwrapSecrets(v);
    return out;
  }
  return value;
}

/**
 * Where the serialized inputs hold a secret (`tags.team`, `activities[2].url`). Read from the wire
 * form, not from `deserializeProperties`: that lifts a nested secret to its top-level property
 * (a secret tag value would mark all of `tags`), which loses where the secret really is.
 */
export function secretPathsOf(wire: any, path = "", out: string[] = []): string[] {
  if (!wire || typeof wire !== "object") return out;
  const sig = wire[pulumi.runtime.specialSigKey];
  if (sig === pulumi.runtime.specialSecretSig) {
    out.push(path);
    return out;
  }
  if (sig === pulumi.runtime.specialOutputValueSig) {
    if (wire.secret) out.push(path);
    else secretPathsOf(wire.value, path, out);
    return out;
  }
  if (Array.isArray(wire)) wire.forEach((v, i) => secretPathsOf(v, `${path}[${i}]`, out));
  else for (const [k, v] of Object.entries(wire)) secretPathsOf(v, path ? `${path}.${k}` : k, out);
  return out;
}

/**
 * Installs Pulumi mocks that behave like Azure Resource Manager closely enough for components and
 * the offline plan: realistic ARM ids, output-only names filled in, a principal id for managed
 * identities. Call it before the program (or component module) is imported.
 *
 * It also works around pulumi/pulumi#20874: the Node mock monitor advertises resource hooks but
 * lacks `registerResourceHook` / `registerErrorHook`, so a resource with `hooks` would crash. The
 * session adds recording no-ops; hooks never run under mocks.
 */
export function installMocks(opts: MockOptions = {}): MockSession {
  const sub = opts.subscriptionId ?? "00000000-0000-0000-0000-000000000000";
  const project = opts.project ?? "mlops";
  const stack = opts.stack ?? "plan";
  const resources: RecordedResource[] = [];
  const registeredHooks: MockSession["registeredHooks"] = [];

  if (opts.config) {
    const all = { ...JSON.parse(process.env.PULUMI_CONFIG || "{}"), ...opts.config };
    process.env.PULUMI_CONFIG = JSON.stringify(all);
    pulumi.runtime.setAllConfig(all, [...(opts.secretKeys ?? [])]);
  }

  pulumi.runtime.setMocks(
    {
      newResource(args) {
        const nameProp = NAME_PROPS[args.type] ?? conventionalNameProp(args.type, args.inputs);
        const azureName = (nameProp && args.inputs[nameProp]) || args.name;
        const path = ARM_PATHS[args.type];
        const id = path
          ? `/subscriptions/${sub}/${path(args.inputs, azureName)}`
          : (conventionalId(sub, args.type, args.inputs, azureName) ??
            `/subscriptions/${sub}/mock/${args.type.replace(/[:]/g, "/")}/${args.name}`);
        const state: Record<string, any> = { ...args.inputs, name: azureName, id };
        if (nameProp) state[nameProp] = azureName;
        if (args.type === "azure-native:communication:CommunicationService")
          state.hostName = `${azureName}.europe.communication.azure.com`;
        if (args.type === "azure-native:communication:Domain")
          state.fromSenderDomain = `${fakeGuid(id)}.azurecomm.net`;
        if (args.type.startsWith(SEARCH_DYNAMIC_PREFIX)) return searchObjectMock(args.inputs);
        if (
          args.type === "azure-native:datafactory:Factory" ||
          args.type === "azure-native:logic:Workflow" ||
          (args.type === "azure-native:search:Service" && args.inputs.identity)
        ) {
          state.identity = {
            ...(args.inputs.identity ?? {}),
            principalId: fakeGuid(`${id}/principal`),
            tenantId: fakeGuid("tenant"),
          };
        }
        if (args.type === "random:index/randomString:RandomString") {
          // Stable per resource name, like a real RandomString that keeps its state.
          const length = Number(args.inputs.length) || 8;
          const hex = createHash("sha256").update(`${project}/${stack}/${args.name}`).digest("hex");
          state.result = hex.repeat(Math.ceil(length / hex.length)).slice(0, length);
        }
        if (args.type === "azure-native:machinelearningservices:Workspace") {
          // The form Azure ML returns: azureml://<region>.api.azureml.ms/mlflow/v1.0<workspace id>.
          state.mlFlowTrackingUri = `azureml://${args.inputs.location ?? "westeurope"}.api.azureml.ms/mlflow/v1.0${id}`;
          state.identity = {
            ...(args.inputs.identity ?? {}),
            principalId: fakeGuid(`${id}/principal`),
            tenantId: fakeGuid("tenant"),
          };
        }
        if (args.type === "azure-native:machinelearningservices:OnlineEndpoint") {
          state.properties = {
            ...(args.inputs.properties ?? {}),
            scoringUri: `https://${azureName}.${args.inputs.location ?? "westeurope"}.inference.ml.azure.com/score`,
          };
        }
        if (args.type === "azure-native:datafactory:Trigger") {
          // Azure creates every trigger stopped; only the activation hooks start it.
          state.properties = { ...(args.inputs.properties ?? {}), runtimeState: "Stopped" };
        }
        return { id, state };
      },
      call(args) {
        if (args.token === "azure-native:authorization:getClientConfig") {
          return {
            subscriptionId: sub,
            tenantId: fakeGuid("tenant"),
            clientId: fakeGuid("client"),
            objectId: fakeGuid("object"),
          };
        }
        if (args.token === "azure-native:logic:listWorkflowTriggerCallbackUrl") {
          // Shaped like the real URL, signature included, so masking is tested on it.
          const { workflowName, triggerName } = args.inputs;
          const base = `https://prod-00.westeurope.logic.azure.com/workflows/${fakeGuid(String(workflowName)).replace(/-/g, "")}/triggers/${triggerName}/paths/invoke`;
          return {
            value: `${base}?api-version=2016-10-01&sp=%2Ftriggers%2F${triggerName}%2Frun&sv=1.0&sig=${fakeGuid(`sig/${workflowName}`).replace(/-/g, "")}`,
            basePath: base,
            method: "POST",
          };
        }
        if (args.token === "azure-native:datafactory:listIntegrationRuntimeAuthKeys") {
          // Shaped like a real key (IR@<guid>@<factory>@ServiceEndpoint=...@<base64>), so masking
          // is tested on it.
          const { factoryName, integrationRuntimeName } = args.inputs;
          const key = (n: number) =>
            `IR@${fakeGuid(`irkey${n}/${factoryName}/${integrationRuntimeName}`)}@${factoryName}@ServiceEndpoint=${factoryName}.westeurope.datafactory.azure.net@${Buffer.from(fakeGuid(`irkey-secret${n}/${integrationRuntimeName}`)).toString("base64")}`;
          return { authKey1: key(1), authKey2: key(2) };
        }
        return args.inputs;
      },
    },
    project,
    stack,
    false,
  );

  const monitor = pulumi.runtime.getMonitor() as any;
  if (typeof monitor.registerResourceHook !== "function") {
    monitor.registerResourceHook = (req: any, cb: (err: any, res: any) => void) => {
      registeredHooks.push({ kind: "resource", name: req.getName() });
      cb(null, {});
    };
  }
  if (typeof monitor.registerErrorHook !== "function") {
    monitor.registerErrorHook = (req: any, cb: (err: any, res: any) => void) => {
      registeredHooks.push({ kind: "error", name: req.getName() });
      cb(null, {});
    };
  }
  // Registration answered in one pass over the request's wire form (what the SDK's MockMonitor
  // does, without its second deserialization and re-serialization of every input): the state the
  // mock echoes keeps the request's own wire values, and only what the mock adds is serialized.
  // It calls the mocks and fills the monitor's table (`mocks`, `resources`, `newUrn`) as
  // @pulumi/pulumi's runtime/mocks.js MockMonitor.registerResource does.
  monitor.registerResource = (req: any, cb: (err: any, res: any) => void) => {
    register(req).then(
      (res) => cb(null, res),
      (err) => cb(err, undefined),
    );
  };
  async function register(req: any) {
    const hooksProto = req.getHooks?.();
    const hooks = emptyBinding();
    if (hooksProto) {
      hooks.beforeCreate.push(...hooksProto.getBeforeCreateList());
      hooks.afterCreate.push(...hooksProto.getAfterCreateList());
      hooks.beforeUpdate.push(...hooksProto.getBeforeUpdateList());
      hooks.afterUpdate.push(...hooksProto.getAfterUpdateList());
      hooks.beforeDelete.push(...hooksProto.getBeforeDeleteList());
      hooks.afterDelete.push(...hooksProto.getAfterDeleteList());
      hooks.onError.push(...(hooksProto.getOnErrorList?.() ?? []));
    }
    const wire: Record<string, any> = req.getObject()?.toJavaScript() ?? {};
    const args: Record<string, any> = {};
    for (const [k, v] of Object.entries(wire))
      if (v !== undefined) args[k] = pulumi.runtime.deserializeProperty(v);
    const secretPaths = secretPathsOf(wire);
    const inputs = unwrapSecrets(args);
    // A dynamic resource's serialized provider code is not an input Azure receives.
    delete inputs.__provider;
    const result = await (monitor.mocks as pulumi.runtime.Mocks).newResource({
      type: req.getType(),
      name: req.getName(),
      inputs: args,
      provider: req.getProvider(),
      custom: req.getCustom(),
      id: req.getImportid(),
    });
    const urn: string = monitor.newUrn(req.getParent(), req.getType(), req.getName());
    const state: Record<string, any> = {};
    const added: Record<string, any> = {};
    for (const [k, v] of Object.entries(result.state ?? {})) {
      if (k in wire && v === args[k]) state[k] = wire[k];
      else added[k] = v;
    }
    Object.assign(state, await pulumi.runtime.serializeProperties("mock", added));
    monitor.resources.set(urn, { urn, id: result.id ?? null, state });
    resources.push({
      urn,
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent() || undefined,
      custom: req.getCustom(),
      inputs,
      secretPaths,
      id: result.id || undefined,
      hooks,
      dependencies: [...(req.getDependenciesList?.() ?? [])],
      retainOnDelete: !!req.getRetainondelete?.(),
    });
    // What the SDK reads of a RegisterResourceResponse (runtime/resource.js, registerResource).
    return {
      getUrn: () => urn,
      getId: () => result.id || "",
      getObject: () => ({ toJavaScript: () => state }),
      getPropertydependenciesMap: () => undefined,
      getResult: () => 0, // Result.SUCCESS
    };
  }

  return {
    resources,
    registeredHooks,
    async settle() {
      const wait = (pulumi.runtime as any).waitForRPCs as (() => Promise<void>) | undefined;
      let stable = 0;
      let seen = -1;
      while (stable < 3) {
        if (wait) await wait();
        await new Promise((r) => setImmediate(r));
        if (resources.length === seen) stable++;
        else {
          stable = 0;
          seen = resources.length;
        }
      }
    },
    named(prefix: string) {
      return resources.filter((r) => r.name.startsWith(prefix));
    },
  };
}

/** What a dynamic resource's `__provider` holds under the plan, which never reads it. */
const DYNAMIC_PROVIDER_PLACEHOLDER = "/* dynamic provider: not serialized by the offline plan */";

/**
 * Runs `fn` (the program's registration) without the stack traces the Pulumi SDK captures for its
 * own bookkeeping. The SDK records `new Error().stack` for every promise it tracks (to name leaks)
 * and an unlimited stack per resource (its source position); under mocks nobody reads either, yet
 * formatting them (through source maps when ts-node is loaded) is most of the cost of registering
 * a large program and a large share of its peak memory. Only those SDK captures are cut (leaks are
 * still tracked, by context): the user's own errors keep `Error.stackTraceLimit` and are formatted
 * as usual. A dynamic provider's code is not serialized either: the plan drops `__provider`
 * unread. With `debug` nothing changes.
 */
export async function withCheapStackTraces<T>(
  fn: () => T | Promise<T>,
  opts: { debug?: boolean } = {},
): Promise<T> {
  if (opts.debug) return await fn();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
  };
  const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const state = require("@pulumi/pulumi/runtime/state") as {
    getStore(): { leakCandidates: Set<Promise<unknown>> };
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
    serializeFunction: (func: () => unknown, args?: { allowSecrets?: boolean }) => Promise<unknown>;
  };
  const savedPromise = debuggable.debuggablePromise;
  const savedCallsites = resource.callsites;
  const savedSerialize = closure.serializeFunction;
  // A dynamic resource serializes its provider's code into `__provider` (runtime/closure: an
  // inspector session, every captured variable walked, for each resource: mocks do not cache it),
  // and the plan drops that input unread. Only a dynamic provider (pulumi/dynamic serializes
  // `() => provider` with secrets allowed) is skipped; the program's own closures are serialized.
  closure.serializeFunction = (func, args) => {
    const target = args?.allowSecrets ? func() : undefined;
    if (target && typeof (target as { create?: unknown }).create === "function")
      return Promise.resolve({ text: DYNAMIC_PROVIDER_PLACEHOLDER, containsSecrets: false });
    return savedSerialize(func, args);
  };
  // The SDK's debuggablePromise (runtime/debuggable.js) without its stack and id: the promise is a
  // leak candidate, named by its context, until it settles (what `runPlan` reports as leaks).
  debuggable.debuggablePromise = (p, ctx) => {
    const candidates = state.getStore().leakCandidates;
    (p as { _debugCtx?: unknown })._debugCtx = ctx;
    candidates.add(p);
    return p.then(
      (value) => {
        candidates.delete(p);
        return value;
      },
      (err) => {
        candidates.delete(p);
        err.promise = p;
        throw err;
      },
    );
  };
  resource.callsites = () => [];
  try {
    return await fn();
  } finally {
    debuggable.debuggablePromise = savedPromise;
    resource.callsites = savedCallsites;
    closure.serializeFunction = savedSerialize;
  }
}
