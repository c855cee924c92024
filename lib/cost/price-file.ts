import * as path from "path";
import { ValidationError } from "../core/errors";
import { readJsonOption, schemaErrors } from "../plan/schema";
import { DEFAULT_PRICES, mergePrices, PriceTable } from "./prices";

/**
 * The built-in price table with a `--prices` file laid over it. The file is checked against
 * `schema/prices-v1.schema.json` first; a bad file is a usage error naming the file and the fields.
 */
export function readPriceFile(file: string, cwd = process.cwd()): PriceTable {
  const target = path.resolve(cwd, file);
  const doc = readJsonOption(target, "prices", file, "a readable JSON price table");
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
