import { readFileSync } from "fs";
import * as path from "path";
import { ValidationError } from "../core/errors";
import { schemaErrors } from "../plan/schema";
import { DEFAULT_PRICES, mergePrices, PriceTable } from "./prices";

/**
 * The built-in price table with a `--prices` file laid over it. The file is checked against
 * `schema/prices-v1.schema.json` first; a bad file is a usage error naming the file and the fields.
 */
export function readPriceFile(file: string, cwd = process.cwd()): PriceTable {
  const target = path.resolve(cwd, file);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(target, "utf8"));
  } catch (e) {
    throw new ValidationError(
      "INVALID_FORMAT",
      { component: "plan" },
      "prices",
      file,
      `must be a readable JSON price table (${(e as Error).message.split("\n")[0]})`,
    );
  }
  const errors = schemaErrors("prices-v1", doc);
  if (errors.length)
    throw new ValidationError(
      "INVALID_FORMAT",
      { component: "plan" },
      "prices",
      file,
      `must match schema/prices-v1.schema.json: ${errors.slice(0, 3).join("; ")}${errors.length > 3 ? `; and ${errors.length - 3} more` : ""}`,
    );
  const table = doc as PriceTable;
  return mergePrices(DEFAULT_PRICES, { ...table, origin: table.origin ?? file });
}
