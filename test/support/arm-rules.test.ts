import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import type { PlanDocument } from "../../lib/plan";
import {
  ArmRefusal,
  ArmResource,
  ArmStore,
  SEARCH_INDEX_TYPE,
  SEARCH_INDEXER_TYPE,
  TYPES,
  armBody,
  armId,
  checkBody,
  checkDelete,
  checkPut,
  checkSearchIndex,
  options,
  typesCovered,
} from "./arm-rules";
import { cliIn, pooled, ROOT } from "./cli";

type Json = any;

/** An in-memory store with the shape the fake ARM gives `checkPut` / `checkDelete`. */
class MemStore implements ArmStore {
  readonly map = new Map<string, ArmResource>();
  put(id: string, type: string, body: Json): this {
    this.map.set(id, { id, type, apiVersion: "test", body });
    return this;
  }
  get(id: string): ArmResource | undefined {
    return this.map.get(id);
  }
  all(): ArmResource[] {
    return [...this.map.values()];
  }
}

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const RG = `${SUB}/resourceGroups/rg`;
const FACTORY = `${RG}/providers/Microsoft.DataFactory/factories/adf`;
const TRIGGER = `${FACTORY}/triggers/daily`;
const PIPELINE = `${FACTORY}/pipelines/ingest`;
const WORKSPACE = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw`;
const ENDPOINT = `${WORKSPACE}/onlineEndpoints/scoring`;
const ACCOUNT = `${RG}/providers/Microsoft.Storage/storageAccounts/lake`;
const POLICY = `${ACCOUNT}/managementPolicies/default`;
const CONTAINER = `${ACCOUNT}/blobServices/default/containers/landing`;
const ASSIGNMENT = (name: string) =>
  `${CONTAINER}/providers/Microsoft.Authorization/roleAssignments/${name}`;
const SEARCH = `${RG}/providers/Microsoft.Search/searchServices/srch`;

const T = {
  rg: "Microsoft.Resources/resourceGroups",
  factory: "Microsoft.DataFactory/factories",
  pipeline: "Microsoft.DataFactory/factories/pipelines",
  trigger: "Microsoft.DataFactory/factories/triggers",
  workspace: "Microsoft.MachineLearningServices/workspaces",
  endpoint: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
  deployment: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
  account: "Microsoft.Storage/storageAccounts",
  container: "Microsoft.Storage/storageAccounts/blobServices/containers",
  policy: "Microsoft.Storage/storageAccounts/managementPolicies",
  assignment: "Microsoft.Authorization/roleAssignments",
  search: "Microsoft.Search/searchServices",
  diagnostic: "Microsoft.Insights/diagnosticSettings",
};

// --- ARM bodies as Azure accepts them ---------------------------------------------------------

const triggerBody = (runtimeState?: string): Json => ({
  properties: {
    type: "ScheduleTrigger",
    ...(runtimeState ? { runtimeState } : {}),
    pipelines: [
      { pipelineReference: { referenceName: "ingest", type: "PipelineReference" }, parameters: {} },
    ],
    typeProperties: {
      recurrence: {
        frequency: "Day",
        interval: 1,
        startTime: "2025-01-01T06:00:00",
        timeZone: "W. Europe Standard Time",
        schedule: { hours: [6], minutes: [0] },
      },
    },
  },
});
const endpointBody = (
  traffic?: Record<string, number>,
  mirrorTraffic?: Record<string, number>,
) => ({
  location: "westeurope",
  identity: { type: "SystemAssigned" },
  properties: {
    authMode: "AADToken",
    ...(traffic ? { traffic } : {}),
    ...(mirrorTraffic ? { mirrorTraffic } : {}),
  },
});
const deploymentBody = {
  location: "westeurope",
  sku: { name: "Default", capacity: 1 },
  properties: {
    endpointComputeType: "Managed",
    instanceType: "Standard_DS3_v2",
    model: `${WORKSPACE}/models/forecast/versions/7`,
  },
};
const READER = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`;
const CONTRIBUTOR = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`;
const assignmentBody = (
  roleDefinitionId = READER,
  principalId = "11111111-1111-1111-1111-111111111111",
) => ({
  properties: { roleDefinitionId, principalId, principalType: "ServicePrincipal" },
});
const accountBody = (sku: string) => ({
  location: "westeurope",
  kind: "StorageV2",
  sku: { name: sku },
  properties: { accessTier: "Hot", minimumTlsVersion: "TLS1_2" },
});
const policyBody = (archive: boolean, where: "baseBlob" | "version" = "baseBlob") => ({
  properties: {
    policy: {
      rules: [
        {
          name: "backups",
          enabled: true,
          type: "Lifecycle",
          definition: {
            filters: { blobTypes: ["blockBlob"], prefixMatch: ["landing/"] },
            actions: {
              [where]: archive
                ? where === "baseBlob"
                  ? { tierToArchive: { daysAfterModificationGreaterThan: 90 } }
                  : { tierToArchive: { daysAfterCreationGreaterThan: 90 } }
                : where === "baseBlob"
                  ? { tierToCool: { daysAfterModificationGreaterThan: 30 } }
                  : { tierToCool: { daysAfterCreationGreaterThan: 30 } },
            },
          },
        },
      ],
    },
  },
});

/** A store with the resource group, factory, pipeline, ML workspace and endpoint, account and container. */
function world(): MemStore {
  return new MemStore()
    .put(RG, T.rg, { location: "westeurope" })
    .put(FACTORY, T.factory, { location: "westeurope", identity: { type: "SystemAssigned" } })
    .put(PIPELINE, T.pipeline, { properties: { activities: [] } })
    .put(WORKSPACE, T.workspace, { location: "westeurope", identity: { type: "SystemAssigned" } })
    .put(ENDPOINT, T.endpoint, endpointBody())
    .put(ACCOUNT, T.account, accountBody("Standard_LRS"))
    .put(CONTAINER, T.container, { properties: { publicAccess: "None" } })
    .put(SEARCH, T.search, { location: "westeurope", sku: { name: "basic" } });
}

function refused(r: ArmRefusal | undefined, status: number, code: string, message?: RegExp): void {
  assert.ok(r, `expected ${status} ${code}, got no refusal`);
  assert.equal(r.status, status, r.message);
  assert.equal(r.code, code, r.message);
  if (message) assert.match(r.message, message);
}

// --- the cross-resource rules, both directions --------------------------------------------------

interface RuleCase {
  /** Rule and its source (the code comment in arm-rules/ has the full citation). */
  rule: string;
  accepted: (s: MemStore) => ArmRefusal | undefined;
  refused: (s: MemStore) => ArmRefusal | undefined;
  status: number;
  code: string;
  message?: RegExp;
}

const put = (s: ArmStore, id: string, type: string, body: Json) =>
  checkPut(s, id, type, "test", body);

const RULES: RuleCase[] = [
  {
    rule: "parents before children: a nested child needs its parent (Learn, error-parent-resource)",
    accepted: (s) => put(s, TRIGGER, T.trigger, triggerBody()),
    refused: (s) =>
      put(
        s,
        `${RG}/providers/Microsoft.DataFactory/factories/missing/triggers/daily`,
        T.trigger,
        triggerBody(),
      ),
    status: 404,
    code: "ParentResourceNotFound",
    message: /Parent resource 'missing' not found/,
  },
  {
    rule: "parents before children: an online deployment needs its endpoint",
    accepted: (s) => put(s, `${ENDPOINT}/deployments/blue`, T.deployment, deploymentBody),
    refused: (s) =>
      put(s, `${WORKSPACE}/onlineEndpoints/other/deployments/blue`, T.deployment, deploymentBody),
    status: 404,
    code: "ParentResourceNotFound",
  },
  {
    rule: "parents before children: a blob container's parent blobServices/default exists with its account",
    accepted: (s) =>
      put(s, `${ACCOUNT}/blobServices/default/containers/raw`, T.container, { properties: {} }),
    refused: (s) =>
      put(
        s,
        `${RG}/providers/Microsoft.Storage/storageAccounts/gone/blobServices/default/containers/raw`,
        T.container,
        { properties: {} },
      ),
    status: 404,
    code: "ParentResourceNotFound",
    message: /'default' not found/,
  },
  {
    rule: "parents before children: a resource needs its resource group (Learn, error-not-found)",
    accepted: (s) =>
      put(s, `${RG}/providers/Microsoft.DataFactory/factories/adf2`, T.factory, {
        location: "westeurope",
      }),
    refused: (s) =>
      put(
        s,
        `${SUB}/resourceGroups/nope/providers/Microsoft.DataFactory/factories/adf2`,
        T.factory,
        {
          location: "westeurope",
        },
      ),
    status: 404,
    code: "ResourceGroupNotFound",
    message: /Resource group 'nope' could not be found/,
  },
  {
    rule: "parents before children: an extension resource needs its scope resource (Learn, error-not-found)",
    accepted: (s) => put(s, ASSIGNMENT("a1"), T.assignment, assignmentBody()),
    refused: (s) =>
      put(
        s,
        `${ACCOUNT}/blobServices/default/containers/nothere/providers/Microsoft.Authorization/roleAssignments/a1`,
        T.assignment,
        assignmentBody(),
      ),
    status: 404,
    code: "ResourceNotFound",
  },
  {
    rule: "a started Data Factory trigger cannot be updated (TriggerEnabledCannotUpdate, as fake-arm.ts)",
    accepted: (s) =>
      put(s.put(TRIGGER, T.trigger, triggerBody("Stopped")), TRIGGER, T.trigger, triggerBody()),
    refused: (s) =>
      put(s.put(TRIGGER, T.trigger, triggerBody("Started")), TRIGGER, T.trigger, triggerBody()),
    status: 400,
    code: "TriggerEnabledCannotUpdate",
    message: /^Cannot update enabled Trigger; the trigger needs to be disabled first\.$/,
  },
  {
    rule: "a started Data Factory trigger cannot be deleted (TriggerEnabledCannotUpdate)",
    accepted: (s) => checkDelete(s.put(TRIGGER, T.trigger, triggerBody("Stopped")), TRIGGER),
    refused: (s) => checkDelete(s.put(TRIGGER, T.trigger, triggerBody("Started")), TRIGGER),
    status: 400,
    code: "TriggerEnabledCannotUpdate",
  },
  {
    rule: "endpoint traffic names only existing deployments of that endpoint (spec OnlineEndpointProperties.traffic; Learn safe rollout)",
    accepted: (s) =>
      put(
        s.put(`${ENDPOINT}/deployments/blue`, T.deployment, deploymentBody),
        ENDPOINT,
        T.endpoint,
        endpointBody({ blue: 100 }),
      ),
    refused: (s) =>
      put(
        s.put(`${ENDPOINT}/deployments/blue`, T.deployment, deploymentBody),
        ENDPOINT,
        T.endpoint,
        endpointBody({ blue: 90, green: 10 }),
      ),
    status: 400,
    code: "BadRequest",
    message: /deployment 'green', which does not exist/,
  },
  {
    rule: "endpoint traffic: a deployment of another endpoint does not count",
    accepted: (s) =>
      put(
        s.put(`${ENDPOINT}/deployments/blue`, T.deployment, deploymentBody),
        ENDPOINT,
        T.endpoint,
        endpointBody({ blue: 100 }),
      ),
    refused: (s) =>
      put(
        s
          .put(`${WORKSPACE}/onlineEndpoints/other`, T.endpoint, endpointBody())
          .put(`${WORKSPACE}/onlineEndpoints/other/deployments/blue`, T.deployment, deploymentBody),
        ENDPOINT,
        T.endpoint,
        endpointBody({ blue: 100 }),
      ),
    status: 400,
    code: "BadRequest",
  },
  {
    rule: "endpoint traffic sums to 100 (spec: 'Traffic values need to sum to 100')",
    accepted: (s) =>
      put(twoDeployments(s), ENDPOINT, T.endpoint, endpointBody({ blue: 90, green: 10 })),
    refused: (s) =>
      put(twoDeployments(s), ENDPOINT, T.endpoint, endpointBody({ blue: 90, green: 20 })),
    status: 400,
    code: "BadRequest",
    message: /sum to 110/,
  },
  {
    rule: "endpoint traffic of 0 everywhere is allowed (no deployment serves yet)",
    accepted: (s) =>
      put(twoDeployments(s), ENDPOINT, T.endpoint, endpointBody({ blue: 0, green: 0 })),
    refused: (s) =>
      put(twoDeployments(s), ENDPOINT, T.endpoint, endpointBody({ blue: 50, green: 0 })),
    status: 400,
    code: "BadRequest",
  },
  {
    rule: "mirror traffic at most 50% (spec: mirrorTraffic 'need to sum to utmost 50')",
    accepted: (s) =>
      put(twoDeployments(s), ENDPOINT, T.endpoint, endpointBody({ blue: 100 }, { green: 50 })),
    refused: (s) =>
      put(twoDeployments(s), ENDPOINT, T.endpoint, endpointBody({ blue: 100 }, { green: 51 })),
    status: 400,
    code: "BadRequest",
    message: /at most 50/,
  },
  {
    rule: "mirror traffic never to a deployment with live traffic (Learn safe rollout, mirrored traffic)",
    accepted: (s) =>
      put(
        twoDeployments(s),
        ENDPOINT,
        T.endpoint,
        endpointBody({ blue: 100, green: 0 }, { green: 10 }),
      ),
    refused: (s) =>
      put(
        twoDeployments(s),
        ENDPOINT,
        T.endpoint,
        endpointBody({ blue: 90, green: 10 }, { green: 10 }),
      ),
    status: 400,
    code: "BadRequest",
    message: /live traffic/,
  },
  {
    rule: "mirror traffic to one deployment only (Learn safe rollout, mirrored traffic)",
    accepted: (s) =>
      put(
        threeDeployments(s),
        ENDPOINT,
        T.endpoint,
        endpointBody({ blue: 100 }, { green: 10, red: 0 }),
      ),
    refused: (s) =>
      put(
        threeDeployments(s),
        ENDPOINT,
        T.endpoint,
        endpointBody({ blue: 100 }, { green: 10, red: 10 }),
      ),
    status: 400,
    code: "BadRequest",
    message: /one deployment only/,
  },
  {
    rule: "mirror traffic names only existing deployments",
    accepted: (s) =>
      put(twoDeployments(s), ENDPOINT, T.endpoint, endpointBody({ blue: 100 }, { green: 10 })),
    refused: (s) =>
      put(twoDeployments(s), ENDPOINT, T.endpoint, endpointBody({ blue: 100 }, { red: 10 })),
    status: 400,
    code: "BadRequest",
    message: /mirrorTraffic names deployment 'red'/,
  },
  {
    rule: "a deployment with live traffic cannot be deleted (Learn safe rollout, remove the old deployment)",
    accepted: (s) =>
      checkDelete(
        twoDeployments(s).put(ENDPOINT, T.endpoint, endpointBody({ blue: 100, green: 0 })),
        `${ENDPOINT}/deployments/green`,
      ),
    refused: (s) =>
      checkDelete(
        twoDeployments(s).put(ENDPOINT, T.endpoint, endpointBody({ blue: 90, green: 10 })),
        `${ENDPOINT}/deployments/green`,
      ),
    status: 400,
    code: "BadRequest",
    message: /has 10% of endpoint 'scoring' live traffic/,
  },
  {
    rule: "same scope, role and principal under a new name: 409 RoleAssignmentExists (TF azurerm #28694)",
    accepted: (s) =>
      put(
        s.put(ASSIGNMENT("a1"), T.assignment, assignmentBody()),
        ASSIGNMENT("a2"),
        T.assignment,
        assignmentBody(CONTRIBUTOR),
      ),
    refused: (s) =>
      put(
        s.put(ASSIGNMENT("a1"), T.assignment, assignmentBody()),
        ASSIGNMENT("a2"),
        T.assignment,
        // the same role by another spelling of its id: ARM compares the role definition GUID
        assignmentBody(READER.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/")),
      ),
    status: 409,
    code: "RoleAssignmentExists",
    message: /^The role assignment already exists\.$/,
  },
  {
    rule: "the same role and principal at another scope is another assignment",
    accepted: (s) =>
      put(
        s
          .put(`${ACCOUNT}/blobServices/default/containers/raw`, T.container, { properties: {} })
          .put(ASSIGNMENT("a1"), T.assignment, assignmentBody()),
        `${ACCOUNT}/blobServices/default/containers/raw/providers/Microsoft.Authorization/roleAssignments/a2`,
        T.assignment,
        assignmentBody(),
      ),
    refused: (s) =>
      put(
        s.put(ASSIGNMENT("a1"), T.assignment, assignmentBody()),
        ASSIGNMENT("a2"),
        T.assignment,
        assignmentBody(),
      ),
    status: 409,
    code: "RoleAssignmentExists",
  },
  {
    rule: "a role assignment cannot change its principal or role: RoleAssignmentUpdateNotPermitted (Learn RBAC troubleshooting)",
    accepted: (s) =>
      put(
        s.put(ASSIGNMENT("a1"), T.assignment, assignmentBody()),
        ASSIGNMENT("a1"),
        T.assignment,
        assignmentBody(),
      ),
    refused: (s) =>
      put(
        s.put(ASSIGNMENT("a1"), T.assignment, assignmentBody()),
        ASSIGNMENT("a1"),
        T.assignment,
        assignmentBody(CONTRIBUTOR),
      ),
    status: 400,
    code: "RoleAssignmentUpdateNotPermitted",
  },
  ...(
    ["Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS", "Premium_LRS", "Premium_ZRS"] as const
  ).map(
    (sku): RuleCase => ({
      rule: `no Archive tier on ${sku} (Learn, access tiers overview)`,
      accepted: (s) =>
        put(s.put(ACCOUNT, T.account, accountBody(sku)), POLICY, T.policy, policyBody(false)),
      refused: (s) =>
        put(s.put(ACCOUNT, T.account, accountBody(sku)), POLICY, T.policy, policyBody(true)),
      status: 400,
      code: "BadRequest",
      message: new RegExp(`archive tier is not supported for a ${sku} account`),
    }),
  ),
  {
    rule: "Archive on LRS/GRS/RA-GRS, also for previous versions",
    accepted: (s) =>
      put(
        s.put(ACCOUNT, T.account, accountBody("Standard_RAGRS")),
        POLICY,
        T.policy,
        policyBody(true, "version"),
      ),
    refused: (s) =>
      put(
        s.put(ACCOUNT, T.account, accountBody("Standard_ZRS")),
        POLICY,
        T.policy,
        policyBody(true, "version"),
      ),
    status: 400,
    code: "BadRequest",
  },
  {
    rule: "the lifecycle policy's only name is 'default' (REST spec; azure-native #1336)",
    accepted: (s) => put(s, POLICY, T.policy, policyBody(true)),
    refused: (s) => put(s, `${ACCOUNT}/managementPolicies/backups`, T.policy, policyBody(true)),
    status: 404,
    code: "ResourceNotFound",
  },
  {
    rule: "a PUT body is checked against the SDK model (required property, @azure/arm-machinelearning OnlineEndpoint.authMode)",
    accepted: (s) => put(s, ENDPOINT, T.endpoint, endpointBody()),
    refused: (s) => put(s, ENDPOINT, T.endpoint, { location: "westeurope", properties: {} }),
    status: 400,
    code: "InvalidRequestContent",
    message: /body\.properties\.authMode cannot be null or undefined/,
  },
];

function twoDeployments(s: MemStore): MemStore {
  return s
    .put(`${ENDPOINT}/deployments/blue`, T.deployment, deploymentBody)
    .put(`${ENDPOINT}/deployments/green`, T.deployment, deploymentBody);
}
function threeDeployments(s: MemStore): MemStore {
  return twoDeployments(s).put(`${ENDPOINT}/deployments/red`, T.deployment, deploymentBody);
}

describe("arm-rules: the fake ARM's cross-resource rules (each cites its source in arm-rules/)", () => {
  for (const c of RULES) {
    it(`${c.rule}: accepted`, () => {
      const r = c.accepted(world());
      assert.equal(r, undefined, r && `${r.status} ${r.code}: ${r.message}`);
    });
    it(`${c.rule}: refused ${c.status} ${c.code}`, () => {
      refused(c.refused(world()), c.status, c.code, c.message);
    });
  }

  it("TriggerEnabledCannotUpdate has the code and message of test/support/fake-arm.ts", () => {
    const fake = readFileSync(path.join(__dirname, "fake-arm.ts"), "utf8");
    const r = checkDelete(world().put(TRIGGER, T.trigger, triggerBody("Started")), TRIGGER)!;
    assert.ok(fake.includes(`"${r.code}"`) && fake.includes(`"${r.message}"`));
  });

  it("ids compare case-insensitively, as ARM does", () => {
    const s = world().put(TRIGGER, T.trigger, triggerBody("Started"));
    refused(checkDelete(s, TRIGGER.toLowerCase()), 400, "TriggerEnabledCannotUpdate");
    assert.equal(
      put(s, TRIGGER.replace("/factories/adf/", "/FACTORIES/ADF/") + "2", T.trigger, triggerBody()),
      undefined,
    );
  });

  it("options turn off the seeding-dependent rules (resource groups, extension scopes)", () => {
    const s = new MemStore();
    const id = `${RG}/providers/Microsoft.DataFactory/factories/adf`;
    const scoped = `${RG}/providers/Microsoft.DataFactory/factories/adf/providers/Microsoft.Insights/diagnosticSettings/d`;
    refused(put(s, id, T.factory, { location: "westeurope" }), 404, "ResourceGroupNotFound");
    refused(put(s, scoped, T.diagnostic, { properties: {} }), 404, "ResourceNotFound");
    try {
      options.resourceGroups = false;
      options.extensionScopes = false;
      assert.equal(put(s, id, T.factory, { location: "westeurope" }), undefined);
      assert.equal(put(s, scoped, T.diagnostic, { properties: {} }), undefined);
    } finally {
      options.resourceGroups = true;
      options.extensionScopes = true;
    }
  });

  it("deleting what does not exist is not refused here (the fake answers 404)", () => {
    assert.equal(checkDelete(new MemStore(), `${ENDPOINT}/deployments/none`), undefined);
    assert.equal(checkDelete(new MemStore(), TRIGGER), undefined);
  });
});

// --- Search index and indexer (data plane) -------------------------------------------------------

const field = (name: string, type: string, attrs: Json = {}): Json => ({
  name,
  type,
  key: false,
  retrievable: true,
  searchable: false,
  filterable: false,
  sortable: false,
  facetable: false,
  ...attrs,
});
const complex = (name: string, type: string, fields: Json[], attrs: Json = {}) => ({
  name,
  type,
  fields,
  ...attrs,
});
const index = (...fields: Json[]) => ({
  name: "sales",
  fields: [field("id", "Edm.String", { key: true, filterable: true }), ...fields],
});

interface SearchCase {
  rule: string;
  accepted: Json;
  refused: Json;
  message: RegExp;
}

const SEARCH_RULES: SearchCase[] = [
  {
    rule: "exactly one key field (Create Index REST)",
    accepted: index(),
    refused: index(field("id2", "Edm.String", { key: true })),
    message: /exactly one key field; it has 2/,
  },
  {
    rule: "an index needs a key field",
    accepted: index(),
    refused: { name: "sales", fields: [field("id", "Edm.String")] },
    message: /it has none/,
  },
  {
    rule: "the key field is Edm.String",
    accepted: index(),
    refused: { name: "sales", fields: [field("id", "Edm.Int32", { key: true })] },
    message: /must be of type Edm.String/,
  },
  {
    rule: "only top-level fields can be keys",
    accepted: index(complex("address", "Edm.ComplexType", [field("city", "Edm.String")])),
    refused: index(
      complex("address", "Edm.ComplexType", [field("city", "Edm.String", { key: true })]),
    ),
    message: /Only top-level fields/,
  },
  {
    rule: "collections are not sortable (SearchField.sortable)",
    accepted: index(field("tags", "Collection(Edm.String)", { filterable: true, facetable: true })),
    refused: index(field("tags", "Collection(Edm.String)", { sortable: true })),
    message: /Collection field 'tags' cannot be sortable/,
  },
  {
    rule: "simple sub-fields of a complex collection are not sortable, at any depth (complex types)",
    accepted: index(
      complex("address", "Edm.ComplexType", [field("city", "Edm.String", { sortable: true })]),
    ),
    refused: index(
      complex("rooms", "Collection(Edm.ComplexType)", [
        complex("bed", "Edm.ComplexType", [field("size", "Edm.Int32", { sortable: true })]),
      ]),
    ),
    message: /'rooms\/bed\/size' is a sub-field of a complex collection/,
  },
  {
    rule: "complex fields carry no attributes ('must be null for complex fields')",
    accepted: index(complex("address", "Edm.ComplexType", [field("city", "Edm.String")])),
    refused: index(
      complex("address", "Edm.ComplexType", [field("city", "Edm.String")], { filterable: false }),
    ),
    message: /'filterable' property must be null for complex field 'address'/,
  },
  {
    rule: "complex fields have sub-fields",
    accepted: index(complex("address", "Edm.ComplexType", [field("city", "Edm.String")])),
    refused: index(complex("address", "Edm.ComplexType", [])),
    message: /at least one sub-field/,
  },
  {
    rule: "simple fields have no sub-fields",
    accepted: index(field("city", "Edm.String")),
    refused: index({ ...field("city", "Edm.String"), fields: [field("x", "Edm.String")] }),
    message: /cannot have sub-fields/,
  },
  {
    rule: "searchable only on strings",
    accepted: index(field("title", "Edm.String", { searchable: true })),
    refused: index(field("price", "Edm.Double", { searchable: true })),
    message: /cannot be searchable/,
  },
  {
    rule: "geography points are not facetable",
    accepted: index(field("where", "Edm.GeographyPoint", { filterable: true, sortable: true })),
    refused: index(field("where", "Edm.GeographyPoint", { facetable: true })),
    message: /cannot be facetable/,
  },
  {
    rule: "field types are Edm types or collections of them",
    accepted: index(field("n", "Collection(Edm.Int64)")),
    refused: index(field("n", "Edm.Integer")),
    message: /invalid type/,
  },
  {
    rule: "field names: a letter first, letters, digits, underscores; never azureSearch* (naming rules)",
    accepted: index(field("metadata_storage_path", "Edm.String")),
    refused: index(field("azureSearchScore", "Edm.String")),
    message: /Invalid field name/,
  },
  {
    rule: "field names are unique among siblings",
    accepted: index(
      field("a", "Edm.String"),
      complex("c", "Edm.ComplexType", [field("a", "Edm.String")]),
    ),
    refused: index(field("a", "Edm.String"), field("a", "Edm.Int32")),
    message: /defined more than once/,
  },
  {
    rule: "index names: lowercase, no two dashes in a row (naming rules)",
    accepted: { ...index(), name: "curated-sales" },
    refused: { ...index(), name: "Curated--Sales" },
    message: /Invalid index name/,
  },
];

describe("arm-rules: Azure AI Search index rules (Learn Create Index REST, complex types)", () => {
  for (const c of SEARCH_RULES) {
    it(`${c.rule}: accepted`, () => {
      const r = checkSearchIndex(c.accepted);
      assert.equal(r, undefined, r?.message);
    });
    it(`${c.rule}: refused`, () => {
      refused(checkSearchIndex(c.refused), 400, "InvalidRequestParameter", c.message);
    });
  }

  it("checkPut takes an index under the pseudo type, named by its URL, after its service", () => {
    const s = world();
    assert.equal(put(s, `${SEARCH}/indexes/sales`, SEARCH_INDEX_TYPE, index()), undefined);
    refused(
      put(s, `${SEARCH}/indexes/other`, SEARCH_INDEX_TYPE, index()),
      400,
      "InvalidRequestParameter",
      /does not match/,
    );
    refused(
      put(
        s,
        `${RG}/providers/Microsoft.Search/searchServices/none/indexes/sales`,
        SEARCH_INDEX_TYPE,
        index(),
      ),
      404,
      "ParentResourceNotFound",
    );
  });

  it("an indexer's schedule interval is 5 minutes to 24 hours (Learn, schedule indexers)", () => {
    const s = world();
    const id = `${SEARCH}/indexers/sales-indexer`;
    for (const interval of ["PT5M", "PT2H", "PT24H", "P1D"])
      assert.equal(
        put(s, id, SEARCH_INDEXER_TYPE, { schedule: { interval } }),
        undefined,
        interval,
      );
    for (const interval of ["PT4M", "PT24H1M", "P2D", "daily"])
      refused(
        put(s, id, SEARCH_INDEXER_TYPE, { schedule: { interval } }),
        400,
        "InvalidRequestParameter",
        undefined,
      );
  });
});

// --- body model checks ------------------------------------------------------------------------------

describe("arm-rules: PUT bodies against the @azure/arm-* SDK models", () => {
  const cases: { what: string; type: string; body: Json; message: RegExp }[] = [
    {
      what: "MaxLength (action group groupShortName ≤ 12)",
      type: "Microsoft.Insights/actionGroups",
      body: {
        location: "Global",
        properties: { groupShortName: "far-too-long-name", enabled: true },
      },
      message: /groupShortName.*MaxLength/,
    },
    {
      what: "InclusiveMaximum (tumbling window maxConcurrency ≤ 50)",
      type: T.trigger,
      body: {
        properties: {
          type: "TumblingWindowTrigger",
          pipeline: {
            pipelineReference: { referenceName: "p", type: "PipelineReference" },
            parameters: {},
          },
          typeProperties: {
            frequency: "Hour",
            interval: 1,
            startTime: "2025-01-01T00:00:00Z",
            maxConcurrency: 51,
          },
        },
      },
      message: /maxConcurrency.*InclusiveMaximum/,
    },
    {
      what: "InclusiveMinimum (activity policy retryIntervalInSeconds ≥ 30)",
      type: T.pipeline,
      body: {
        properties: {
          activities: [
            {
              name: "notify",
              type: "WebActivity",
              policy: { retry: 3, retryIntervalInSeconds: 5 },
              typeProperties: { method: "POST", url: "https://example.invalid/hook" },
            },
          ],
        },
      },
      message: /retryIntervalInSeconds.*InclusiveMinimum/,
    },
    {
      what: "type (a recurrence interval that is not a number)",
      type: T.trigger,
      body: {
        properties: {
          type: "ScheduleTrigger",
          typeProperties: { recurrence: { frequency: "Day", interval: "daily" } },
        },
      },
      message: /interval.*must be of type number/,
    },
    {
      what: "fixed enum (storage accessTier is modelAsString: false; Archive is a blob tier, not an account tier)",
      type: T.account,
      body: { ...accountBody("Standard_LRS"), properties: { accessTier: "Archive" } },
      message: /Archive is not a valid value for body\.properties\.accessTier/,
    },
    {
      what: "ISO 8601 duration (metric alert windowSize)",
      type: "Microsoft.Insights/metricAlerts",
      body: {
        location: "global",
        properties: {
          severity: 2,
          enabled: true,
          scopes: [FACTORY],
          evaluationFrequency: "PT5M",
          windowSize: "15 minutes",
          criteria: {
            "odata.type": "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
            allOf: [],
          },
        },
      },
      message: /windowSize must be a string in ISO 8601 format/,
    },
    {
      what: "required in a polymorphic branch (metric criteria threshold, chosen by odata.type)",
      type: "Microsoft.Insights/metricAlerts",
      body: {
        location: "global",
        properties: {
          severity: 2,
          enabled: true,
          scopes: [FACTORY],
          evaluationFrequency: "PT5M",
          windowSize: "PT15M",
          criteria: {
            "odata.type": "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
            allOf: [
              {
                criterionType: "StaticThresholdCriterion",
                name: "f",
                metricName: "PipelineFailedRuns",
                operator: "GreaterThan",
                timeAggregation: "Total",
              },
            ],
          },
        },
      },
      message: /threshold cannot be null or undefined/,
    },
    {
      what: "required flattened property with no sibling before it (role assignment roleDefinitionId)",
      type: T.assignment,
      body: { properties: { principalId: "11111111-1111-1111-1111-111111111111" } },
      message: /roleDefinitionId cannot be null or undefined/,
    },
    {
      what: "required nested property (AmlCompute scaleSettings.maxNodeCount)",
      type: "Microsoft.MachineLearningServices/workspaces/computes",
      body: {
        location: "westeurope",
        properties: {
          computeType: "AmlCompute",
          properties: { scaleSettings: { minNodeCount: 0 } },
        },
      },
      message: /maxNodeCount cannot be null or undefined/,
    },
  ];
  for (const c of cases)
    it(`refuses ${c.what}`, () =>
      refused(checkBody(c.type, c.body), 400, "InvalidRequestContent", c.message));

  it("accepts what Azure accepts: a property the model does not know is ignored, fixed enums in any case", () => {
    assert.equal(
      checkBody(T.account, {
        ...accountBody("Standard_LRS"),
        properties: { accessTier: "hot", notInTheModel: 1 },
      }),
      undefined,
    );
    assert.equal(checkBody(T.trigger, triggerBody()), undefined);
    // ADF's own tumbling-window samples send the interval as a string (AZURE-FACTS)
    const twt = {
      properties: {
        type: "TumblingWindowTrigger",
        pipeline: {
          pipelineReference: { referenceName: "p", type: "PipelineReference" },
          parameters: {},
        },
        typeProperties: {
          frequency: "Minute",
          interval: "15",
          startTime: "2025-01-01T00:00:00Z",
          maxConcurrency: 50,
        },
      },
    };
    assert.equal(checkBody(T.trigger, twt), undefined);
  });

  it("a type without a Node 20 model is not body-checked and not listed as covered", () => {
    assert.equal(
      checkBody("Microsoft.Insights/scheduledQueryRules", { nonsense: true }),
      undefined,
    );
    assert.ok(!typesCovered().includes("Microsoft.Insights/scheduledQueryRules"));
    assert.equal(typesCovered().length, Object.values(TYPES).filter((t) => t.mapper).length);
  });
});

// --- armBody / armId ----------------------------------------------------------------------------

describe("arm-rules: armBody maps azure-native inputs to the ARM request body", () => {
  it("path parameters out; flattened properties under properties; renamed ones by their wire name", () => {
    const body = armBody("azure-native:storage:StorageAccount", {
      resourceGroupName: "rg",
      accountName: "lake",
      location: "westeurope",
      kind: "StorageV2",
      sku: { name: "Standard_LRS" },
      tags: { a: "b" },
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: "TLS1_2",
    });
    assert.deepEqual(body, {
      location: "westeurope",
      kind: "StorageV2",
      sku: { name: "Standard_LRS" },
      tags: { a: "b" },
      properties: { supportsHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2" },
    });
  });

  it("Data Factory typeProperties and polymorphic types are nested by the model", () => {
    const body = armBody("azure-native:datafactory:Trigger", {
      resourceGroupName: "rg",
      factoryName: "adf",
      triggerName: "daily",
      properties: {
        type: "ScheduleTrigger",
        pipelines: [
          { pipelineReference: { referenceName: "p", type: "PipelineReference" }, parameters: {} },
        ],
        recurrence: { frequency: "Day", interval: 1 },
      },
    });
    assert.deepEqual(body.properties.typeProperties, {
      recurrence: { frequency: "Day", interval: 1 },
    });
    assert.equal(body.properties.recurrence, undefined);
    const pipeline = armBody("azure-native:datafactory:Pipeline", {
      activities: [
        {
          name: "copy",
          type: "Copy",
          source: { type: "ParquetSource" },
          sink: { type: "ParquetSink" },
        },
      ],
    });
    assert.deepEqual(pipeline.properties.activities[0].typeProperties, {
      source: { type: "ParquetSource" },
      sink: { type: "ParquetSink" },
    });
  });

  it("odataType → odata.type; a Log Analytics sku sits under properties (the model says where)", () => {
    const alert = armBody("azure-native:monitor:MetricAlert", {
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [],
      },
    });
    assert.equal(
      alert.properties.criteria["odata.type"],
      "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
    );
    const ws = armBody("azure-native:operationalinsights:Workspace", {
      sku: { name: "PerGB2018" },
      retentionInDays: 30,
    });
    assert.deepEqual(ws, { properties: { sku: { name: "PerGB2018" }, retentionInDays: 30 } });
  });

  it("unknown inputs go under properties; without a model, everything but ARM's top-level fields does", () => {
    const ws = armBody("azure-native:machinelearningservices:Workspace", {
      location: "westeurope",
      systemDatastoresAuthMode: "identity",
    });
    assert.deepEqual(ws, {
      location: "westeurope",
      properties: { systemDatastoresAuthMode: "identity" },
    });
    const rule = armBody("azure-native:monitor:ScheduledQueryRule", {
      resourceGroupName: "rg",
      ruleName: "r",
      location: "westeurope",
      severity: 2,
      scopes: ["x"],
    });
    assert.deepEqual(rule, { location: "westeurope", properties: { severity: 2, scopes: ["x"] } });
  });

  it("fills a missing location as azure-native does from the resource group, only where the type has one", () => {
    assert.equal(
      armBody("azure-native:operationalinsights:Workspace", {}, { location: "westeurope" })
        .location,
      "westeurope",
    );
    assert.equal(
      armBody(
        "azure-native:operationalinsights:Workspace",
        { location: "northeurope" },
        { location: "westeurope" },
      ).location,
      "northeurope",
    );
    assert.equal(
      armBody(
        "azure-native:authorization:RoleAssignment",
        { principalId: "p" },
        { location: "westeurope" },
      ).location,
      undefined,
    );
  });

  it("armId builds the ARM path from the path parameters", () => {
    assert.equal(
      armId("azure-native:datafactory:Trigger", {
        resourceGroupName: "rg",
        factoryName: "adf",
        triggerName: "daily",
      }),
      TRIGGER,
    );
    assert.equal(
      armId("azure-native:storage:BlobContainer", {
        resourceGroupName: "rg",
        accountName: "lake",
        containerName: "landing",
      }),
      CONTAINER,
    );
    assert.equal(
      armId("azure-native:authorization:RoleAssignment", {
        scope: CONTAINER,
        roleAssignmentName: "a1",
      }),
      ASSIGNMENT("a1"),
    );
    assert.equal(armId("azure-native:resources:ResourceGroup", { resourceGroupName: "rg" }), RG);
    assert.equal(armId("azure-native:datafactory:Factory", { resourceGroupName: "rg" }), undefined);
  });
});

// --- what the library emits passes ------------------------------------------------------------------

describe("arm-rules: every body the library's stacks emit passes its model (plans of stacks/reference and stacks/platform dev)", () => {
  const resources: { program: string; name: string; type: string; inputs: Json }[] = [];
  before(async function () {
    this.timeout(300_000);
    const runs = await pooled(
      [
        () =>
          cliIn(
            ROOT,
            "plan",
            "stacks/reference",
            "--format",
            "json",
            "--from",
            "2026-11-27T00:00:00Z",
          ),
        () =>
          cliIn(
            path.join(ROOT, "stacks/platform"),
            "plan",
            ".",
            "--stack",
            "dev",
            "--format",
            "json",
            "--from",
            "2026-11-27T00:00:00Z",
          ),
      ],
      2,
    );
    ["stacks/reference", "stacks/platform dev"].forEach((program, i) => {
      assert.equal(runs[i].code, 0, runs[i].err);
      const plan = JSON.parse(runs[i].out) as PlanDocument;
      for (const r of plan.resources)
        if (r.custom && r.type.startsWith("azure-native:"))
          resources.push({ program, name: r.name, type: r.type, inputs: r.inputs });
    });
  });

  it("TYPES lists exactly the azure-native types the stacks emit", () => {
    assert.deepEqual([...new Set(resources.map((r) => r.type))].sort(), Object.keys(TYPES).sort());
  });

  for (const type of Object.keys(TYPES)) {
    it(`${type} → ${TYPES[type].armType}: the library's body passes${TYPES[type].mapper ? ` ${TYPES[type].sdk} ${TYPES[type].mapper}` : " (no model)"}`, () => {
      const r = resources.find((x) => x.type === type);
      assert.ok(r, `no ${type} in the plans`);
      const body = armBody(type, r.inputs, { location: "westeurope" });
      const refusal = checkBody(TYPES[type].armType, body);
      assert.equal(refusal, undefined, `${r.program} ${r.name}: ${refusal?.message}`);
    });
  }

  it("every azure-native resource of both plans passes (not only the first of each type)", () => {
    const failures = resources
      .map((r) => ({
        r,
        refusal: checkBody(
          TYPES[r.type].armType,
          armBody(r.type, r.inputs, { location: "westeurope" }),
        ),
      }))
      .filter((x) => x.refusal)
      .map((x) => `${x.r.program} ${x.r.name}: ${x.refusal!.message}`);
    assert.deepEqual(failures, []);
    assert.ok(resources.length > 60, `${resources.length} resources`);
  });
});
