import { Check, ValidationContext, ValidationError } from "../core/errors";
import { Duration } from "../core/duration";
import { NamingRule, checkName } from "../core/naming";

/**
 * Azure AI Search naming rules, from Learn's "Naming rules (Azure AI Search)"
 * (learn.microsoft.com/rest/api/searchservice/naming-rules, table "Chart of naming rules"):
 * - service: 2-60, lowercase letters, numbers, dashes; "first, second, and last characters must be
 *   a letter or number. No consecutive dashes anywhere." (`a-b` is refused: its second character
 *   is a dash);
 * - index: 2-128, lowercase letters, numbers, dashes, underscores; "first character must be a
 *   letter or number. No consecutive dashes or underscores" (the last character is not
 *   restricted by the page);
 * - data source and indexer: 1-128, lowercase letters, numbers, dashes; "first and last characters
 *   must be a letter or number". The page's earlier revision (2023) said, for index, indexer and
 *   data source names alike, "fewer than 128 characters" and "dashes ... not consecutive"; the
 *   current one drops the dash rule for these two. Sources disagree, so two dashes in a row are
 *   still refused (a rename costs less than a failed deploy) and 128 characters are accepted;
 * - field: 1-128, letters, numbers, underscores; first a letter; never `azureSearch...`.
 * The page is the only source: the REST spec (searchservice.json 2025-09-01) has no `pattern` on
 * these names, and Terraform azurerm validates only the service name (`validate.SearchServiceName`).
 */
export const SEARCH_NAMING = {
  service: {
    min: 2,
    max: 60,
    pattern: /^(?!.*--)[a-z0-9]{2}(?:[a-z0-9-]*[a-z0-9])?$/,
    description:
      "2-60 lowercase letters, digits and dashes, the first two and the last a letter or digit, no two dashes in a row",
  },
  index: {
    min: 2,
    max: 128,
    pattern: /^(?!.*--)(?!.*__)[a-z0-9][a-z0-9_-]*$/,
    description:
      "2-128 lowercase letters, digits, dashes and underscores, starting with a letter or digit, no two dashes or two underscores in a row",
  },
  /** Indexers and data sources. */
  object: {
    min: 1,
    max: 128,
    pattern: /^(?!.*--)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    description:
      "1-128 lowercase letters, digits and dashes, starting and ending with a letter or digit, no two dashes in a row",
  },
  field: {
    min: 1,
    max: 128,
    pattern: /^(?!azureSearch)[A-Za-z][A-Za-z0-9_]*$/,
    description:
      "1-128 letters, digits and underscores starting with a letter, not starting with 'azureSearch'",
  },
} as const satisfies Record<string, NamingRule>;

/** Simple field types an index field can have (Search REST API 2025-09-01, `SearchFieldDataType`). */
export const SIMPLE_FIELD_TYPES = [
  "Edm.String",
  "Edm.Int32",
  "Edm.Int64",
  "Edm.Double",
  "Edm.Boolean",
  "Edm.DateTimeOffset",
  "Edm.GeographyPoint",
] as const;

/** A simple field type, a complex type, or a collection of either. */
export type SearchFieldType =
  | (typeof SIMPLE_FIELD_TYPES)[number]
  | "Edm.ComplexType"
  | `Collection(${(typeof SIMPLE_FIELD_TYPES)[number] | "Edm.ComplexType"})`;

/**
 * One index field with its attributes chosen explicitly: every attribute costs index size, so
 * none is switched on behind the caller's back.
 */
export interface SearchFieldSpec {
  /** Field name (letters, digits, underscores; starts with a letter). */
  readonly name: string;
  /** `Edm.String`, `Collection(Edm.String)`, `Edm.ComplexType`... */
  readonly type: SearchFieldType;
  /** The document key: exactly one top-level `Edm.String` field has it. @default false */
  readonly key?: boolean;
  /** Full-text searchable (strings only). @default false */
  readonly searchable?: boolean;
  /** Usable in `$filter`. @default false */
  readonly filterable?: boolean;
  /** Returned in results. @default true (Azure's default) */
  readonly retrievable?: boolean;
  /** Usable in `$orderby` (not on collections, nor under a `Collection(Edm.ComplexType)`). @default false */
  readonly sortable?: boolean;
  /** Usable in facets (not on geography points). @default false */
  readonly facetable?: boolean;
  /** Sub-fields of an `Edm.ComplexType` field (required there, refused elsewhere). @default - none */
  readonly fields?: readonly SearchFieldSpec[];
}

/** Blob parsing modes of the stable API (2025-09-01 `BlobIndexerParsingMode`). */
export const PARSING_MODES = [
  "default",
  "text",
  "delimitedText",
  "json",
  "jsonArray",
  "jsonLines",
] as const;
/** How the blob indexer reads each blob. */
export type ParsingMode = (typeof PARSING_MODES)[number];

/** Bounds of an indexer schedule's interval (Search REST API: 5 minutes to 24 hours). */
export const INDEXER_INTERVAL = { min: Duration.minutes(5), max: Duration.hours(24) } as const;

const ATTRIBUTES = ["searchable", "filterable", "sortable", "facetable"] as const;
const FIELD_KEYS = ["name", "type", "key", "retrievable", "fields", ...ATTRIBUTES];

/** Field count above which `indexWarnings` suggests trimming the index. */
export const LARGE_INDEX_FIELDS = 50;

/**
 * Throws INVALID_NAME unless `name` is a valid name for `kind`: an index (`SEARCH_NAMING.index`)
 * or an indexer or data source (`SEARCH_NAMING.object`).
 */
export function checkObjectName(
  ctx: ValidationContext,
  prop: string,
  name: string,
  kind: "index" | "indexer" | "dataSource" = "indexer",
): void {
  new Check(ctx).format(
    typeof name === "string",
    prop,
    name,
    "must be a string",
    "Pass the object's name.",
  );
  checkName(ctx, prop, name, kind === "index" ? SEARCH_NAMING.index : SEARCH_NAMING.object);
}

function isCollection(type: string): boolean {
  return type.startsWith("Collection(");
}

function elementType(type: string): string {
  return isCollection(type) ? type.slice("Collection(".length, -1) : type;
}

/**
 * Index limits (Learn "Service limits in Azure AI Search", table "Index limits", every tier):
 * at most 1000 fields, counting "both first-level fields and nested subfields" (Basic services
 * created before 2024 allow 100; the component does not know a service's age, so only the upper
 * bound is checked), at most 40 complex collections and complex fields nested at most 10 deep.
 */
export const INDEX_LIMITS = { fields: 1000, complexCollections: 40, complexDepth: 10 } as const;

/** Where a field sits: what its ancestors make of it. */
interface FieldPlace {
  readonly topLevel: boolean;
  /** Under a `Collection(Edm.ComplexType)`: every simple sub-field holds many values. */
  readonly underCollection: boolean;
  /** Complex fields above this one. */
  readonly depth: number;
}

/*
 * The attribute rules, from the REST API's `SearchField` (Create Index, api 2025-09-01; the same
 * text is on Learn's .NET `Field.IsSortable`/`IsFacetable`/`IsKey` pages and in "Model complex data
 * types in Azure AI Search"):
 * - key: "Exactly one top-level field in each index must be chosen as the key field and it must be
 *   of type Edm.String"; retrievable "must be true for key fields";
 * - searchable: only `Edm.String` and `Collection(Edm.String)`;
 * - sortable: "Simple collection fields cannot be sortable, since they are multi-valued. Simple
 *   sub-fields of complex collections are also multi-valued, and therefore cannot be sortable.
 *   This is true whether it's an immediate parent field, or an ancestor field, that's the complex
 *   collection.";
 * - facetable: "Fields of type Edm.GeographyPoint or Collection(Edm.GeographyPoint) cannot be
 *   facetable. All other simple fields can be facetable." (collections and sub-fields of complex
 *   collections included);
 * - filterable and retrievable: any simple field, sub-fields of complex collections included;
 * - complex fields (`Edm.ComplexType`, `Collection(Edm.ComplexType)`): key, searchable,
 *   filterable, retrievable, sortable and facetable "must be null" (not even `false`).
 * Not modelled, so refused as unknown options: analyzers, synonym maps, normalizers and vector
 * fields (`Collection(Edm.Single)` and the other vector element types need `dimensions` and a
 * `vectorSearch` profile this component does not create).
 */
function checkField(
  check: Check,
  ctx: ValidationContext,
  f: SearchFieldSpec,
  path: string,
  place: FieldPlace,
): void {
  check.format(
    typeof f === "object" && f !== null,
    path,
    f,
    "must be a field object { name, type, ... }",
  );
  check.required(`${path}.name`, f.name);
  checkName(ctx, `${path}.name`, f.name, SEARCH_NAMING.field);
  const element = elementType(String(f.type));
  const known = [...SIMPLE_FIELD_TYPES, "Edm.ComplexType"] as readonly string[];
  if (typeof f.type !== "string" || !known.includes(element)) {
    throw new ValidationError(
      "NOT_ALLOWED",
      ctx,
      `${path}.type`,
      f.type,
      `must be one of ${known.join(", ")} or Collection(...) of one`,
    );
  }
  check.knownKeys(path, f, FIELD_KEYS);
  for (const a of [...ATTRIBUTES, "key", "retrievable"] as const)
    check.type(`${path}.${a}`, (f as unknown as Record<string, unknown>)[a], "boolean");
  const complex = element === "Edm.ComplexType";
  if (complex) {
    check.required(`${path}.fields`, f.fields, "must list the sub-fields of a complex field");
    for (const a of [...ATTRIBUTES, "key", "retrievable"] as const)
      check.conflict(
        (f as unknown as Record<string, unknown>)[a] !== undefined,
        `${path}.${a}`,
        (f as unknown as Record<string, unknown>)[a],
        "cannot be set on a complex field (set it on its sub-fields)",
      );
    check.conflict(
      place.depth + 1 > INDEX_LIMITS.complexDepth,
      `${path}.fields`,
      place.depth + 1,
      `nests complex fields ${place.depth + 1} deep; Azure AI Search allows ${INDEX_LIMITS.complexDepth}`,
    );
    checkFieldList(check, ctx, f.fields ?? [], `${path}.fields`, {
      topLevel: false,
      underCollection: place.underCollection || isCollection(f.type),
      depth: place.depth + 1,
    });
    return;
  }
  check.conflict(
    f.fields !== undefined,
    `${path}.fields`,
    f.fields,
    "is only allowed on Edm.ComplexType fields",
  );
  check.conflict(
    !!f.searchable && element !== "Edm.String",
    `${path}.searchable`,
    f.searchable,
    "is only allowed on Edm.String and Collection(Edm.String) fields",
  );
  check.conflict(
    !!f.sortable && isCollection(f.type),
    `${path}.sortable`,
    f.sortable,
    "is not allowed on collections (they hold many values)",
  );
  check.conflict(
    !!f.sortable && place.underCollection,
    `${path}.sortable`,
    f.sortable,
    "is not allowed on a sub-field of a Collection(Edm.ComplexType): it holds one value per element, so many per document",
    "Sort on a top-level field, or on a sub-field of a single Edm.ComplexType.",
  );
  check.conflict(
    !!f.facetable && element === "Edm.GeographyPoint",
    `${path}.facetable`,
    f.facetable,
    "is not allowed on Edm.GeographyPoint fields",
  );
  if (f.key) {
    check.conflict(
      !place.topLevel || f.type !== "Edm.String",
      `${path}.key`,
      f.key,
      "is only allowed on a top-level Edm.String field",
    );
    check.conflict(
      f.retrievable === false,
      `${path}.retrievable`,
      f.retrievable,
      "must not be false on the key field",
    );
  }
}

function checkFieldList(
  check: Check,
  ctx: ValidationContext,
  fields: readonly SearchFieldSpec[],
  path: string,
  place: FieldPlace,
): void {
  check.type(path, fields, "array");
  check.required(path, fields, "must list at least one field");
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    checkField(check, ctx, f, `${path}[${i}]`, place);
    check.conflict(
      seen.has(f.name),
      `${path}[${i}].name`,
      f.name,
      "must be unique among its sibling fields",
    );
    seen.add(f.name);
  });
}

/**
 * Checks an index definition the way Azure does on `PUT /indexes/{name}`: valid names and types,
 * no duplicate names among siblings, attributes only where the type and the field's place allow
 * them, exactly one top-level `Edm.String` key field, and the index limits.
 */
export function validateIndexFields(
  ctx: ValidationContext,
  fields: readonly SearchFieldSpec[],
  prop = "index.fields",
): void {
  const check = new Check(ctx);
  checkFieldList(check, ctx, fields, prop, { topLevel: true, underCollection: false, depth: 0 });
  const keys = fields.filter((f) => f.key);
  check.conflict(
    keys.length !== 1,
    prop,
    keys.map((k) => k.name),
    "must have exactly one key field",
    'Mark one Edm.String field with key: true (e.g. { name: "id", type: "Edm.String", key: true }).',
  );
  let total = 0;
  let complexCollections = 0;
  const walk = (list: readonly SearchFieldSpec[]) => {
    for (const f of list) {
      total++;
      if (f.type === "Collection(Edm.ComplexType)") complexCollections++;
      walk(f.fields ?? []);
    }
  };
  walk(fields);
  check.conflict(
    total > INDEX_LIMITS.fields,
    prop,
    total,
    `has ${total} fields (sub-fields included); Azure AI Search allows ${INDEX_LIMITS.fields}`,
  );
  check.conflict(
    complexCollections > INDEX_LIMITS.complexCollections,
    prop,
    complexCollections,
    `has ${complexCollections} Collection(Edm.ComplexType) fields; Azure AI Search allows ${INDEX_LIMITS.complexCollections}`,
  );
}

/** Likely mistakes that Azure accepts: big indexes and complex types that hold one value. */
export function indexWarnings(fields: readonly SearchFieldSpec[]): string[] {
  const out: string[] = [];
  const count = (list: readonly SearchFieldSpec[]): number =>
    list.reduce((n, f) => n + 1 + count(f.fields ?? []), 0);
  const total = count(fields);
  if (total > LARGE_INDEX_FIELDS)
    out.push(
      `the index has ${total} fields; keep indexes small (only the fields queries use) to cut storage and indexing time`,
    );
  const walk = (list: readonly SearchFieldSpec[], path: string) => {
    for (const f of list) {
      if (elementType(f.type) === "Edm.ComplexType" && (f.fields ?? []).length === 1)
        out.push(
          `field '${path}${f.name}' is a complex type with one sub-field; a simple field is smaller and faster`,
        );
      walk(f.fields ?? [], `${path}${f.name}.`);
    }
  };
  walk(fields, "");
  const attributed = fields.filter((f) => ATTRIBUTES.filter((a) => f[a]).length === 4);
  for (const f of attributed)
    out.push(
      `field '${f.name}' is searchable, filterable, sortable and facetable; each attribute grows the index, keep only those queries use`,
    );
  return out;
}

/**
 * An indexer interval as the REST API documents it, time part only (`PT5M`, `PT1H30M`, `PT24H`),
 * rather than `Duration.toIsoString()`'s `P1D`.
 */
export function indexerIntervalIso(interval: Duration): string {
  const m = interval.toMinutes();
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return `PT${h ? `${h}H` : ""}${rest || !h ? `${rest}M` : ""}`;
}

/** Throws unless `interval` is a whole number of minutes between 5 minutes and 24 hours. */
export function validateInterval(
  ctx: ValidationContext,
  prop: string,
  interval: unknown,
): Duration {
  const check = new Check(ctx);
  check.duration(prop, interval);
  const d = interval as Duration;
  const s = d.toSeconds();
  if (s % 60 !== 0)
    throw new ValidationError(
      "INVALID_FORMAT",
      ctx,
      prop,
      d.toIsoString(),
      "must be a whole number of minutes",
    );
  if (s < INDEXER_INTERVAL.min.toSeconds() || s > INDEXER_INTERVAL.max.toSeconds())
    throw new ValidationError(
      "OUT_OF_RANGE",
      ctx,
      prop,
      d.toIsoString(),
      "must be between PT5M and PT24H (Azure AI Search indexer schedules)",
    );
  return d;
}

/** Parses a UTC start time (`2026-01-01T00:30:00Z`); throws INVALID_TIME otherwise. */
export function validateStartTime(ctx: ValidationContext, prop: string, value: unknown): number {
  const ok =
    typeof value === "string" &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]00:00)$/.test(value) &&
    Number.isFinite(Date.parse(value));
  if (!ok)
    throw new ValidationError(
      "INVALID_TIME",
      ctx,
      prop,
      value,
      "must be a UTC ISO 8601 time such as 2026-01-01T00:30:00Z",
      "Indexer schedules run in UTC.",
    );
  return Date.parse(value as string);
}

/** Throws NOT_ALLOWED unless `mode` is a parsing mode of the stable API. */
export function validateParsingMode(ctx: ValidationContext, prop: string, mode: unknown): void {
  new Check(ctx).oneOf(prop, mode as ParsingMode | undefined, PARSING_MODES);
}
