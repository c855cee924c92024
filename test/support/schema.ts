import Ajv from "ajv";
import { readFileSync } from "fs";
import * as path from "path";
import { ROOT } from "./cli";

const load = (f: string) => JSON.parse(readFileSync(path.join(ROOT, "schema", f), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(load("plan-v1.schema.json"));
ajv.addSchema(load("plan-diff-v1.schema.json"));

/** Validation errors of a document against a shipped schema (empty when valid). */
export function schemaErrors(schema: "plan-v1" | "plan-diff-v1", doc: unknown): string[] {
  const validate = ajv.getSchema(
    `https://unpkg.com/pulumi-mlops-scheduling/schema/${schema}.schema.json`,
  )!;
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
