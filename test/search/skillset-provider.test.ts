import { strict as assert } from "assert";
import { FakeSearch, skillsetRefusal } from "./fake-search";
import { searchObjectProvider } from "../../lib/search/provider";
import { SearchObjectInputs } from "../../lib/search/dataplane";
import { buildSkillsetDefinition } from "../../lib/search/skillset";

// Skillset shapes: REST "Create or Update Skillset" (api 2025-09-01, `PUT /skillsets('{name}')`,
// azure-rest-api-specs specification/search/data-plane/Azure.Search/stable/2025-09-01, example
// SearchServiceCreateOrUpdateSkillset.json), Learn "Text split cognitive skill"
// (cognitive-search-skill-textsplit) and "OCR cognitive skill" (cognitive-search-skill-ocr).
const E = (endpoint: string) => endpoint;
const objects = (endpoint: string) => {
  const index: SearchObjectInputs = {
    endpoint,
    kind: "index",
    definition: {
      name: "docs",
      fields: [
        { name: "id", type: "Edm.String", key: true, retrievable: true },
        { name: "pages", type: "Collection(Edm.String)", searchable: true, retrievable: true },
        { name: "image_text", type: "Collection(Edm.String)", searchable: true, retrievable: true },
      ],
    },
  };
  const dataSource: SearchObjectInputs = {
    endpoint,
    kind: "dataSource",
    definition: {
      name: "docs-blobs",
      type: "azureblob",
      credentials: {
        connectionString:
          "ResourceId=/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/;",
      },
      container: { name: "docs" },
    },
  };
  const skillset: SearchObjectInputs = {
    endpoint,
    kind: "skillset",
    definition: buildSkillsetDefinition("docs-skillset", {
      split: { maximumPageLength: 2000 },
      ocr: { languageCode: "de", detectOrientation: true },
    }),
  };
  const indexer = (targets: string[] = ["pages", "image_text"]): SearchObjectInputs => ({
    endpoint,
    kind: "indexer",
    definition: {
      name: "docs-indexer",
      dataSourceName: "docs-blobs",
      targetIndexName: "docs",
      skillsetName: "docs-skillset",
      schedule: { interval: "PT1H" },
      parameters: {
        maxFailedItems: 0,
        maxFailedItemsPerBatch: 0,
        configuration: {
          parsingMode: "default",
          dataToExtract: "contentAndMetadata",
          imageAction: "generateNormalizedImages",
        },
      },
      outputFieldMappings: [
        { sourceFieldName: "/document/pages", targetFieldName: targets[0] },
        { sourceFieldName: "/document/normalized_images/*/text", targetFieldName: targets[1] },
      ],
    },
  });
  return { index, dataSource, skillset, indexer };
};

describe("Search skillsets through the data-plane provider (loopback Search REST API)", () => {
  let fake: FakeSearch;
  beforeEach(async () => {
    fake = await new FakeSearch().start();
  });
  afterEach(() => fake.stop());

  it("creates the skillset, then an indexer that references it, with REST JSON on the wire", async () => {
    const p = searchObjectProvider(fake.options());
    const o = objects(E(fake.endpoint));
    for (const x of [o.index, o.dataSource, o.skillset, o.indexer()]) await p.create!(x);
    const puts = fake.requests.filter((r) => r.method === "PUT");
    assert.deepEqual(
      puts.map((r) => r.path),
      [
        "/indexes('docs')",
        "/datasources('docs-blobs')",
        "/skillsets('docs-skillset')",
        "/indexers('docs-indexer')",
      ],
    );
    const skills = puts[2].body.skills;
    // The SDK's `odatatype` / `maxPageLength` / `shouldDetectOrientation` go out under the REST names.
    assert.deepEqual(skills[0], {
      "@odata.type": "#Microsoft.Skills.Vision.OcrSkill",
      name: "ocr",
      description: "Text in the documents' images",
      context: "/document/normalized_images/*",
      defaultLanguageCode: "de",
      detectOrientation: true,
      inputs: [{ name: "image", source: "/document/normalized_images/*" }],
      outputs: [{ name: "text", targetName: "text" }],
    });
    assert.equal(skills[1]["@odata.type"], "#Microsoft.Skills.Text.SplitSkill");
    assert.equal(skills[1].textSplitMode, "pages");
    assert.equal(skills[1].maximumPageLength, 2000);
    assert.deepEqual(skills[1].inputs, [{ name: "text", source: "/document/content" }]);
    assert.deepEqual(skills[1].outputs, [{ name: "textItems", targetName: "pages" }]);
    const ir = puts[3].body;
    assert.equal(ir.skillsetName, "docs-skillset");
    assert.deepEqual(ir.outputFieldMappings, [
      { sourceFieldName: "/document/pages", targetFieldName: "pages" },
      { sourceFieldName: "/document/normalized_images/*/text", targetFieldName: "image_text" },
    ]);
    assert.equal(ir.parameters.configuration.imageAction, "generateNormalizedImages");
    assert.equal(ir.parameters.configuration.dataToExtract, "contentAndMetadata");
  });

  it("reads a skillset back without drift, updates it in place with If-Match, and deletes it", async () => {
    const p = searchObjectProvider(fake.options());
    const o = objects(E(fake.endpoint));
    const created = await p.create!(o.skillset);
    const read = await p.read!(created.id, created.outs);
    assert.deepEqual(read.props.definition, o.skillset.definition, "refresh shows no drift");
    const changed: SearchObjectInputs = {
      ...o.skillset,
      definition: buildSkillsetDefinition("docs-skillset", { split: { mode: "sentences" } }),
    };
    const diff = await p.diff!(created.id, created.outs, changed);
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, [], "a skillset changes in place");
    await p.update!(created.id, created.outs, changed);
    const put = fake.requests.filter((r) => r.method === "PUT").at(-1)!;
    assert.equal(put.ifMatch, created.outs.etag);
    assert.deepEqual(
      fake.store.skillsets.get("docs-skillset").skills.map((k: any) => k["@odata.type"]),
      ["#Microsoft.Skills.Text.SplitSkill"],
    );
    assert.equal(fake.store.skillsets.get("docs-skillset").skills[0].maximumPageLength, undefined);
    await p.delete!(created.id, created.outs);
    assert.equal(fake.store.skillsets.has("docs-skillset"), false);
    // Gone already: still a successful delete (spec: 204 or 404).
    await p.delete!(created.id, created.outs);
  });

  it("reads an indexer with a skillset back without drift (skillsetName, output mappings, image extraction)", async () => {
    const p = searchObjectProvider(fake.options());
    const o = objects(E(fake.endpoint));
    for (const x of [o.index, o.dataSource, o.skillset]) await p.create!(x);
    const created = await p.create!(o.indexer());
    const read = await p.read!(created.id, created.outs);
    assert.deepEqual(read.props.definition, o.indexer().definition);
    const diff = await p.diff!(created.id, read.props, o.indexer());
    assert.equal(diff.changes, false, "refresh then up: no change");
  });

  it("is refused by the service for an indexer whose skillset does not exist", async () => {
    const p = searchObjectProvider(fake.options());
    const o = objects(E(fake.endpoint));
    await p.create!(o.index);
    await p.create!(o.dataSource);
    await assert.rejects(p.create!(o.indexer()), /Skillset 'docs-skillset' was not found/);
  });

  it("is refused by the service for an output field mapping to a field the index lacks", async () => {
    const p = searchObjectProvider(fake.options());
    const o = objects(E(fake.endpoint));
    for (const x of [o.index, o.dataSource, o.skillset]) await p.create!(x);
    await assert.rejects(p.create!(o.indexer(["pages", "nope"])), /target field 'nope'/);
  });

  it("the fake refuses what the service refuses in a skillset body", () => {
    const ok = buildSkillsetDefinition("s", { split: {}, ocr: {} });
    assert.equal(skillsetRefusal(ok), undefined);
    assert.match(skillsetRefusal({ skills: [] })!, /at least one skill/);
    assert.match(skillsetRefusal({ skills: Array(31).fill(ok.skills[1]) })!, /maximum is 30/);
    assert.match(
      skillsetRefusal({ skills: [{ ...ok.skills[1], "@odata.type": "#Nope" }] })!,
      /Unknown skill type/,
    );
    assert.match(skillsetRefusal({ skills: [ok.skills[0], ok.skills[0]] })!, /Two skills/);
    assert.match(
      skillsetRefusal({ skills: [{ ...ok.skills[1], maximumPageLength: 299 }] })!,
      /between 300 and 50000/,
    );
    assert.match(
      skillsetRefusal({ skills: [{ ...ok.skills[1], textSplitMode: "words" }] })!,
      /textSplitMode/,
    );
  });
});
