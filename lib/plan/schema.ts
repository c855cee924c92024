import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { nearMiss, ValidationError } from "../core/errors";

/** The JSON schemas the package publishes under `schema/`. */
export type PublishedSchema = "plan-v1" | "plan-diff-v1" | "policy-v1" | "prices-v1";

/** `schema/` beside `lib/` in the sources, one level further up from `dist/lib`. */
function schemaDir(): string {
  const candidates = [
    path.resolve(__dirname, "../../schema"),
    path.resolve(__dirname, "../../../schema"),
  ];
  const dir = candidates.find((d) => existsSync(path.join(d, "plan-v1.schema.json")));
  if (!dir) throw new Error(`the package's schema/ directory is missing (looked in ${candidates})`);
  return dir;
}

let ajv: Ajv | undefined;
const compiled = new Map<PublishedSchema, { validate: ValidateFunction; schema: any }>();

function load(name: PublishedSchema) {
  let entry = compiled.get(name);
  if (!entry) {
    ajv ??= new Ajv({ allErrors: true, strict: true });
    const schema = JSON.parse(readFileSync(path.join(schemaDir(), `${name}.schema.json`), "utf8"));
    entry = { validate: ajv.compile(schema), schema };
    compiled.set(name, entry);
  }
  return entry;
}

/** Validation errors of a document against a published schema, as `path message` lines (empty when valid). */
export function schemaErrors(name: PublishedSchema, doc: unknown): string[] {
  const { validate } = load(name);
  return validate(doc)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

/** `/suppressions/0` + `reason` as the caller wrote it: `suppressions[0].reason`. */
function propPath(instancePath: string, child?: string): string {
  const parts = instancePath.split("/").slice(1);
  if (child !== undefined) parts.push(child);
  return parts.reduce(
    (p, part) => (/^\d+$/.test(part) ? `${p}[${part}]` : p ? `${p}.${part}` : part),
    "",
  );
}

/** The sub-schema at a schema path like `#/properties/suppressions/items/required`. */
function schemaAt(schema: any, schemaPath: string): any {
  return schemaPath
    .replace(/^#\//, "")
    .split("/")
    .slice(0, -1)
    .reduce((s, k) => s?.[k], schema);
}

function toValidationError(e: ErrorObject, schema: any, component: string, doc: unknown) {
  const ctx = { component };
  const at = schemaAt(schema, e.schemaPath);
  const value = e.instancePath
    .split("/")
    .slice(1)
    .reduce((v: any, k) => v?.[k], doc);
  if (e.keyword === "required") {
    const key = (e.params as { missingProperty: string }).missingProperty;
    const why = at?.properties?.[key]?.description;
    return new ValidationError(
      "REQUIRED",
      ctx,
      propPath(e.instancePath, key),
      undefined,
      `is required${why ? `: ${why}` : ""}`,
    );
  }
  if (e.keyword === "additionalProperties") {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    const known = Object.keys(at?.properties ?? {}).filter((k) => k !== "$schema");
    const near = nearMiss(key, known);
    return new ValidationError(
      "NOT_ALLOWED",
      ctx,
      propPath(e.instancePath, key),
      value?.[key],
      `is not a known key (known: ${known.join(", ")})`,
      near ? `Did you mean '${near}'?` : undefined,
    );
  }
  if (e.keyword === "enum")
    return new ValidationError(
      "NOT_ALLOWED",
      ctx,
      propPath(e.instancePath),
      value,
      `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`,
    );
  if (e.keyword === "minLength")
    return new ValidationError(
      "REQUIRED",
      ctx,
      propPath(e.instancePath),
      value,
      `must not be empty${at?.description ? `: ${at.description}` : ""}`,
    );
  return new ValidationError(
    "INVALID_FORMAT",
    ctx,
    propPath(e.instancePath) || "(file)",
    value,
    e.message ?? "is invalid",
  );
}

/**
 * Checks a document against a published schema and throws the first problem as a
 * `ValidationError` naming the key as the user wrote it (`suppressions[0].reason`), with a
 * "did you mean" for a misspelled key.
 */
export function assertSchema(name: PublishedSchema, doc: unknown, component: string): void {
  const { validate, schema } = load(name);
  if (validate(doc)) return;
  const [first] = validate.errors ?? [];
  if (first) throw toValidationError(first, schema, component, doc);
}

/**
 * Reads and parses a JSON file a plan option names (`--policy`, `--prices`); an unreadable or
 * malformed file is a usage error naming the option, the file and the parser's first line.
 */
export function readJsonOption(target: string, prop: string, shown: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(target, "utf8"));
  } catch (e) {
    throw new ValidationError(
      "INVALID_FORMAT",
      { component: "plan" },
      prop,
      shown,
      `must be ${what} (${(e as Error).message.split("\n")[0]})`,
    );
  }
}
