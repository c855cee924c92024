import { strict as assert } from "assert";
import { ValidationCode, ValidationError } from "../../lib/core";
import { checkName } from "../../lib/core/naming";
import { SearchFieldSpec, SEARCH_NAMING, validateIndexFields } from "../../lib/search/model";

/*
 * Index attribute rules in both directions, each row with its source:
 * - SF: the REST API's `SearchField` descriptions (Create Index, api 2025-09-01), also published as
 *   Learn's .NET `Microsoft.Azure.Search.Models.Field.IsSortable` / `IsFacetable` / `IsKey` pages;
 * - CT: Learn "Model complex data types in Azure AI Search" (search-howto-complex-data-types);
 * - LIM: Learn "Service limits in Azure AI Search", table "Index limits";
 * - NR: Learn "Naming rules (Azure AI Search)" (rest/api/searchservice/naming-rules).
 */

const ctx = { component: "SearchIndexerSchedule", name: "t" };
const ID: SearchFieldSpec = { name: "id", type: "Edm.String", key: true };

function rooms(
  sub: Partial<SearchFieldSpec> & { type?: SearchFieldSpec["type"] },
): SearchFieldSpec {
  return {
    name: "Rooms",
    type: "Collection(Edm.ComplexType)",
    fields: [{ name: "BaseRate", type: "Edm.Double", ...sub } as SearchFieldSpec],
  };
}

function nested(depth: number): SearchFieldSpec {
  let f: SearchFieldSpec = { name: "leaf", type: "Edm.Int32" };
  for (let i = 0; i < depth; i++) f = { name: `c${i}`, type: "Edm.ComplexType", fields: [f] };
  return f;
}

const accepted: [string, string, SearchFieldSpec[]][] = [
  [
    "SF: a sortable simple field",
    "sortable",
    [ID, { name: "n", type: "Edm.Int32", sortable: true }],
  ],
  [
    "SF/CT: a sortable sub-field of a single Edm.ComplexType (single-valued)",
    "sortable",
    [
      ID,
      {
        name: "Address",
        type: "Edm.ComplexType",
        fields: [{ name: "City", type: "Edm.String", sortable: true, filterable: true }],
      },
    ],
  ],
  [
    "SF/CT: filterable and facetable sub-fields of a complex collection (any/all filters, facets)",
    "filterable",
    [ID, rooms({ filterable: true, facetable: true, retrievable: true })],
  ],
  [
    "SF: a searchable sub-field of a complex collection",
    "searchable",
    [ID, rooms({ name: "Description", type: "Edm.String", searchable: true })],
  ],
  [
    "SF: facetable and filterable simple collections (all other simple fields can be facetable)",
    "facetable",
    [ID, { name: "tags", type: "Collection(Edm.String)", facetable: true, filterable: true }],
  ],
  [
    "SF: a searchable Collection(Edm.String)",
    "searchable",
    [ID, { name: "tags", type: "Collection(Edm.String)", searchable: true }],
  ],
  [
    "SF: a filterable geography point (only facetable is refused)",
    "filterable",
    [ID, { name: "p", type: "Edm.GeographyPoint", filterable: true, sortable: true }],
  ],
  [
    "SF: a searchable, filterable, sortable key",
    "key",
    [{ ...ID, searchable: true, filterable: true, sortable: true, facetable: true }],
  ],
  ["LIM: complex fields nested 10 deep", "depth", [ID, nested(10)]],
  [
    "LIM: 40 complex collections",
    "complexCollections",
    [
      ID,
      ...Array.from({ length: 40 }, (_, i) => ({
        name: `c${i}`,
        type: "Collection(Edm.ComplexType)" as const,
        fields: [{ name: "x", type: "Edm.Int32" as const }],
      })),
    ],
  ],
  [
    "LIM: 1000 fields",
    "fields",
    [ID, ...Array.from({ length: 999 }, (_, i) => ({ name: `f${i}`, type: "Edm.Int32" as const }))],
  ],
];

const refused: [string, SearchFieldSpec[], ValidationCode, RegExp][] = [
  [
    "SF/CT: a sortable simple sub-field of a complex collection (issue 19, item 1)",
    [ID, rooms({ sortable: true })],
    "CONFLICT",
    /^index\.fields\[1\]\.fields\[0\]\.sortable$/,
  ],
  [
    "SF: a sortable sub-field whose ancestor (not parent) is the complex collection",
    [
      ID,
      {
        name: "Rooms",
        type: "Collection(Edm.ComplexType)",
        fields: [
          {
            name: "Bed",
            type: "Edm.ComplexType",
            fields: [{ name: "Size", type: "Edm.Int32", sortable: true }],
          },
        ],
      },
    ],
    "CONFLICT",
    /^index\.fields\[1\]\.fields\[0\]\.fields\[0\]\.sortable$/,
  ],
  [
    "SF: a sortable simple collection",
    [ID, { name: "tags", type: "Collection(Edm.String)", sortable: true }],
    "CONFLICT",
    /^index\.fields\[1\]\.sortable$/,
  ],
  [
    "SF: a sortable collection under a complex collection",
    [ID, rooms({ type: "Collection(Edm.Double)", sortable: true })],
    "CONFLICT",
    /^index\.fields\[1\]\.fields\[0\]\.sortable$/,
  ],
  [
    "SF: a facetable Collection(Edm.GeographyPoint)",
    [ID, { name: "p", type: "Collection(Edm.GeographyPoint)", facetable: true }],
    "CONFLICT",
    /^index\.fields\[1\]\.facetable$/,
  ],
  [
    "SF: a facetable geography point inside a complex collection",
    [ID, rooms({ type: "Edm.GeographyPoint", facetable: true })],
    "CONFLICT",
    /^index\.fields\[1\]\.fields\[0\]\.facetable$/,
  ],
  [
    "SF: a searchable Collection(Edm.Int32)",
    [ID, { name: "n", type: "Collection(Edm.Int32)", searchable: true }],
    "CONFLICT",
    /^index\.fields\[1\]\.searchable$/,
  ],
  [
    "SF: sortable set (even false) on a complex collection: must be null",
    [
      ID,
      {
        name: "Rooms",
        type: "Collection(Edm.ComplexType)",
        sortable: false,
        fields: [{ name: "x", type: "Edm.Int32" }],
      },
    ],
    "CONFLICT",
    /^index\.fields\[1\]\.sortable$/,
  ],
  [
    "SF: retrievable on a complex field: must be null",
    [
      ID,
      {
        name: "Address",
        type: "Edm.ComplexType",
        retrievable: true,
        fields: [{ name: "x", type: "Edm.Int32" }],
      },
    ],
    "CONFLICT",
    /^index\.fields\[1\]\.retrievable$/,
  ],
  [
    "SF: a key inside a complex field (the key is top-level)",
    [ID, { name: "c", type: "Edm.ComplexType", fields: [{ ...ID, name: "k" }] }],
    "CONFLICT",
    /^index\.fields\[1\]\.fields\[0\]\.key$/,
  ],
  [
    "SF: a Collection(Edm.String) key",
    [{ name: "id", type: "Collection(Edm.String)", key: true }],
    "CONFLICT",
    /^index\.fields\[0\]\.key$/,
  ],
  [
    "SF: a key that is not retrievable",
    [{ ...ID, retrievable: false }],
    "CONFLICT",
    /^index\.fields\[0\]\.retrievable$/,
  ],
  [
    "SF: a vector field (Collection(Edm.Single)) this component cannot configure",
    [ID, { name: "v", type: "Collection(Edm.Single)" as never }],
    "NOT_ALLOWED",
    /^index\.fields\[1\]\.type$/,
  ],
  [
    "SF: an analyzer (not modelled)",
    [ID, { name: "t", type: "Edm.String", searchable: true, analyzer: "en.lucene" } as never],
    "NOT_ALLOWED",
    /^index\.fields\[1\]\.analyzer$/,
  ],
  [
    "LIM: complex fields nested 11 deep",
    [ID, nested(11)],
    "CONFLICT",
    /^index\.fields\[1\](\.fields\[0\])*\.fields$/,
  ],
  [
    "LIM: 41 complex collections",
    [
      ID,
      ...Array.from({ length: 41 }, (_, i) => ({
        name: `c${i}`,
        type: "Collection(Edm.ComplexType)" as const,
        fields: [{ name: "x", type: "Edm.Int32" as const }],
      })),
    ],
    "CONFLICT",
    /^index\.fields$/,
  ],
  [
    "LIM: 1001 fields, sub-fields counted",
    [
      ID,
      ...Array.from({ length: 998 }, (_, i) => ({ name: `f${i}`, type: "Edm.Int32" as const })),
      { name: "c", type: "Edm.ComplexType", fields: [{ name: "x", type: "Edm.Int32" }] },
    ],
    "CONFLICT",
    /^index\.fields$/,
  ],
];

describe("Search index attribute rules (issue 19, item 1)", () => {
  for (const [what, , fields] of accepted)
    it(`accepts ${what}`, () => {
      validateIndexFields(ctx, fields);
    });
  for (const [what, fields, code, prop] of refused)
    it(`refuses ${what}`, () => {
      assert.throws(
        () => validateIndexFields(ctx, fields),
        (e: unknown) => {
          assert.ok(ValidationError.isValidationError(e), String(e));
          assert.equal(e.code, code, e.message);
          assert.match(e.prop, prop, e.message);
          return true;
        },
      );
    });
});

describe("Search naming rules (NR: Learn 'Naming rules (Azure AI Search)')", () => {
  const cases: [keyof typeof SEARCH_NAMING, string, boolean][] = [
    // Service: first, second and last a letter or number; no consecutive dashes; 2-60.
    ["service", "contoso-srch1", true],
    ["service", "ab", true],
    ["service", "a-b", false],
    ["service", "-ab", false],
    ["service", "ab-", false],
    ["service", "ab--c", false],
    ["service", "a", false],
    ["service", "a".repeat(60), true],
    ["service", "a".repeat(61), false],
    ["service", "Contoso", false],
    // Index: 2-128; letters, numbers, dashes, underscores; first a letter or number; no "--"/"__".
    ["index", "idx-hotels-2024", true],
    ["index", "idx_hotels", true],
    ["index", "x", false],
    ["index", "_idx", false],
    ["index", "idx__a", false],
    ["index", "idx--a", false],
    ["index", "a".repeat(128), true],
    ["index", "a".repeat(129), false],
    // Indexer and data source: 1-128; letters, numbers, dashes; first and last a letter or number.
    ["object", "docbindxr-onlinecatalog-20240228", true],
    ["object", "x", true],
    ["object", "idx-", false],
    ["object", "-idx", false],
    ["object", "idx_a", false],
    // Refused by the page's 2023 revision, not restated by the current one: kept refused.
    ["object", "a--b", false],
    ["object", "a".repeat(128), true],
    ["object", "a".repeat(129), false],
    // Field: 1-128; letters, numbers, underscores; first a letter; not azureSearch...
    ["field", "Store_Name", true],
    ["field", "_x", false],
    ["field", "azureSearchScore", false],
  ];
  for (const [rule, name, ok] of cases)
    it(`${ok ? "accepts" : "refuses"} ${rule} name '${name.length > 20 ? `${name.slice(0, 3)}... (${name.length})` : name}'`, () => {
      const run = () => checkName(ctx, "name", name, SEARCH_NAMING[rule]);
      if (ok) run();
      else assert.throws(run, /must be/);
    });
});
