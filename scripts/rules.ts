/**
 * Writes RULES.md from the rules (`npm run rules`); with `--check`, fails when RULES.md is stale
 * (`npm run rules:check`, run by .ci/run).
 */
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { rulesMarkdown } from "../lib/policy/docs";

const file = path.resolve(__dirname, "..", "RULES.md");
const expected = rulesMarkdown();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== expected) {
    console.error("RULES.md is out of date: run `npm run rules` and commit it.");
    process.exit(1);
  }
  process.stdout.write("RULES.md is up to date.\n");
} else {
  writeFileSync(file, expected);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
