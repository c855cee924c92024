import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { rulesMarkdown, RULES } from "../../lib/policy";

describe("RULES.md", () => {
  it("is generated from the rules and up to date (npm run rules)", () => {
    const committed = readFileSync(path.resolve(__dirname, "../../RULES.md"), "utf8");
    assert.equal(committed, rulesMarkdown(), "RULES.md is stale: run `npm run rules`");
    for (const r of RULES) assert.ok(committed.includes(`| \`${r.id}\` | ${r.severity} |`), r.id);
  });
});
