import type { ArmRefusal } from "./index";

type Json = any;

/**
 * Azure AI Search data-plane objects. They are not ARM resources (`PUT
 * https://<service>.search.windows.net/indexes/<name>`), so `checkPut` takes them under these
 * pseudo types, with an id of the form `<search service ARM id>/indexes/<name>`.
 */
export const SEARCH_INDEX_TYPE = "Microsoft.Search/searchServices/indexes";
export const SEARCH_INDEXER_TYPE = "Microsoft.Search/searchServices/indexers";

const SIMPLE = [
  "Edm.String",
  "Edm.Int32",
  "Edm.Int64",
  "Edm.Double",
  "Edm.Boolean",
  "Edm.DateTimeOffset",
  "Edm.GeographyPoint",
  "Edm.Single",
  "Edm.Half",
  "Edm.Int16",
  "Edm.SByte",
  "Edm.Byte",
];
const COMPLEX = "Edm.ComplexType";
const ATTRIBUTES = ["key", "retrievable", "searchable", "filterable", "sortable", "facetable"];

const invalid = (message: string): ArmRefusal => ({
  status: 400,
  code: "InvalidRequestParameter",
  message: `The request is invalid. Details: definition : ${message}`,
});

/**
 * The index definition rules of Azure AI Search (Learn, "Create Index (Azure AI Search REST
 * API)", https://learn.microsoft.com/rest/api/searchservice/create-index, and the `SearchField`
 * descriptions of the searchservice REST spec; complex fields: Learn, "Model complex data types",
 * https://learn.microsoft.com/azure/search/search-howto-complex-data-types; names: Learn, "Naming
 * rules", https://learn.microsoft.com/rest/api/searchservice/naming-rules):
 * - the index name is lowercase letters, digits, dashes and underscores, starts with a letter or
 *   digit, never two dashes/underscores in a row, under 128 characters;
 * - field names start with a letter, then letters, digits or underscores, at most 128, never
 *   `azureSearch...`; unique among their siblings;
 * - a type is a simple `Edm.*` type, `Edm.ComplexType`, or `Collection(...)` of one;
 * - exactly one key field: top level, `Edm.String` ("Only top-level fields of type Edm.String
 *   can be key fields");
 * - complex fields (`Edm.ComplexType`, `Collection(Edm.ComplexType)`) list sub-fields and carry
 *   no attribute ("must be null for complex fields"); simple fields have no sub-fields;
 * - `searchable` only on `Edm.String` / `Collection(Edm.String)`;
 * - `sortable` never on a collection, nor on a simple sub-field of a complex collection (at any
 *   depth: "Simple sub-fields of complex collections are also multi-valued, and therefore cannot
 *   be sortable"), nor on `Edm.GeographyPoint` collections;
 * - `facetable` never on `Edm.GeographyPoint` or `Collection(Edm.GeographyPoint)` (a collection
 *   of strings can be facetable; that is how tags are faceted).
 * The service answers 400 with "The request is invalid. Details: ..."; the code here is nominal.
 */
export function checkSearchIndex(body: Json, name: string = body?.name): ArmRefusal | undefined {
  if (
    typeof name !== "string" ||
    !/^[a-z0-9](?:[a-z0-9]|[-_](?![-_]))*$/.test(name) ||
    name.length >= 128
  )
    return invalid(`Invalid index name '${name}'.`);
  if (body?.name !== undefined && body.name !== name)
    return invalid(
      `The index name '${body.name}' in the body does not match '${name}' in the URL.`,
    );
  const fields = body?.fields;
  if (!Array.isArray(fields) || fields.length === 0)
    return invalid("The index must have at least one field.");
  const keys = fields.filter((f: Json) => f?.key === true);
  if (keys.length !== 1)
    return invalid(
      keys.length === 0
        ? "The index must contain exactly one key field; it has none."
        : `The index must contain exactly one key field; it has ${keys.length}: ${keys.map((k: Json) => k.name).join(", ")}.`,
    );
  if (keys[0].type !== "Edm.String")
    return invalid(
      `The key field '${keys[0].name}' must be of type Edm.String, not ${keys[0].type}.`,
    );
  return checkFields(fields, "", false, true);
}

function checkFields(
  fields: Json[],
  prefix: string,
  inCollection: boolean,
  topLevel: boolean,
): ArmRefusal | undefined {
  const seen = new Set<string>();
  for (const f of fields) {
    const path = `${prefix}${f?.name}`;
    if (typeof f?.name !== "string" || !/^(?!azureSearch)[A-Za-z][A-Za-z0-9_]{0,127}$/.test(f.name))
      return invalid(`Invalid field name '${path}'.`);
    if (seen.has(f.name)) return invalid(`Field '${path}' is defined more than once.`);
    seen.add(f.name);
    const type = String(f.type ?? "");
    const collection = /^Collection\((.+)\)$/.exec(type);
    const element = collection ? collection[1] : type;
    if (element !== COMPLEX && !SIMPLE.includes(element))
      return invalid(`Field '${path}' has an invalid type '${type}'.`);
    if (element === COMPLEX) {
      const attr = ATTRIBUTES.find((a) => f[a] !== undefined && f[a] !== null);
      if (attr) return invalid(`The '${attr}' property must be null for complex field '${path}'.`);
      if (!Array.isArray(f.fields) || f.fields.length === 0)
        return invalid(`Complex field '${path}' must have at least one sub-field.`);
      const sub = checkFields(f.fields, `${path}/`, inCollection || !!collection, false);
      if (sub) return sub;
      continue;
    }
    if (f.fields !== undefined && f.fields !== null)
      return invalid(`Simple field '${path}' cannot have sub-fields.`);
    if (f.key === true && !topLevel)
      return invalid(`Only top-level fields of type Edm.String can be key fields ('${path}').`);
    if (f.searchable === true && element !== "Edm.String")
      return invalid(`Field '${path}' of type ${type} cannot be searchable.`);
    if (f.sortable === true && (collection || inCollection))
      return invalid(
        collection
          ? `Collection field '${path}' cannot be sortable.`
          : `Field '${path}' is a sub-field of a complex collection and cannot be sortable.`,
      );
    if (f.facetable === true && element === "Edm.GeographyPoint")
      return invalid(`Field '${path}' of type ${type} cannot be facetable.`);
  }
  return undefined;
}

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * An indexer's schedule (PUT `https://<service>.search.windows.net/indexers/<name>`): `interval`
 * is an ISO 8601 duration from 5 minutes to 24 hours (Learn, "Schedule an indexer",
 * https://learn.microsoft.com/azure/search/search-howto-schedule-indexers: "The minimum is 5
 * minutes; the maximum is 24 hours").
 */
export function checkSearchIndexer(body: Json): ArmRefusal | undefined {
  const interval = body?.schedule?.interval;
  if (interval === undefined || interval === null) return undefined;
  const m = DURATION.exec(String(interval));
  if (!m || String(interval) === "P" || String(interval).endsWith("T"))
    return invalid(`Invalid schedule interval '${interval}'.`);
  const seconds =
    Number(m[1] ?? 0) * 86400 +
    Number(m[2] ?? 0) * 3600 +
    Number(m[3] ?? 0) * 60 +
    Number(m[4] ?? 0);
  if (seconds < 300 || seconds > 86400)
    return invalid(
      `Indexer schedule interval '${interval}' must be between 5 minutes (PT5M) and 24 hours (PT24H).`,
    );
  return undefined;
}
