import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { DEFAULT_PRICES, MeterId, Price } from "../../lib/cost/prices";
import { readJsonOption } from "../../lib/plan/schema";
import { readPriceFile } from "../../lib/cost/price-file";
import { schemaErrors } from "../support/schema";

const fixtures = path.join(__dirname, "../fixtures/prices");
const entries = Object.entries(DEFAULT_PRICES.prices) as [MeterId, Price][];

/** `unit_of_measure: 1K` → 1000, `1 Hour` → 1. */
function perFromQuote(quote: string): number {
  const m = /unit_of_measure: (\d+)(K?)/.exec(quote);
  assert.ok(m, `no unit_of_measure in "${quote}"`);
  return Number(m[1]) * (m[2] ? 1000 : 1);
}

describe("cost: the built-in price table", () => {
  it("cites a source, a reading date and the source's words for every known price", () => {
    for (const [id, p] of entries.filter(([, p]) => p.amount !== null)) {
      assert.ok(p.source?.startsWith("https://"), `${id}: source`);
      assert.match(p.read ?? "", /^\d{4}-\d{2}-\d{2}$/, `${id}: read`);
      assert.ok(p.quote, `${id}: quote`);
    }
  });

  it("holds the ADF orchestration price exactly as its cited source text gives it", () => {
    const source = readFileSync(path.join(fixtures, "adf-orchestration-source.txt"), "utf8");
    const p = DEFAULT_PRICES.prices["adf.orchestration"]!;
    // Every field of the quote is a line of the source entry.
    for (const part of p.quote!.split("; ")) assert.ok(source.includes(part), part);
    assert.equal(p.amount, Number(/price: '([\d.]+)'/.exec(p.quote!)![1]));
    assert.equal(p.per, perFromQuote(p.quote!));
    assert.equal(DEFAULT_PRICES.currency, /currency: (\w+)/.exec(p.quote!)![1]);
    assert.ok(p.source!.includes("armRegionName 'eastus'") && DEFAULT_PRICES.region === "eastus");
  });

  it("leaves every uncited price unknown (null), never 0", () => {
    for (const [id, p] of entries)
      assert.ok(p.amount === null ? !p.quote : p.amount > 0, `${id}: ${p.amount}`);
    assert.equal(DEFAULT_PRICES.prices["blob.hot.gb-month"]!.amount, null);
  });

  it("is valid against the price schema users write overrides against", () => {
    assert.deepEqual(schemaErrors("prices-v1", DEFAULT_PRICES), []);
  });
});

describe("cost: --prices override file", () => {
  it("lays a valid file over the built-in table, naming the file as the origin when it has none", () => {
    const t = readPriceFile(path.join(fixtures, "westeurope-eur.json"));
    assert.equal(t.currency, "EUR");
    assert.equal(t.prices["adf.orchestration"]!.amount, 2);
    // Another market: the built-in USD prices do not carry over.
    assert.equal(t.prices["ml.compute-hour"]!.amount, null);
  });

  it("refuses a file that is not JSON or cannot be read, naming the option and the file", () => {
    const tmp = mkdtempSync(path.join(tmpdir(), "prices-"));
    const broken = path.join(tmp, "broken.json");
    writeFileSync(broken, '{ "version": 1, ');
    for (const file of [broken, path.join(tmp, "missing.json")])
      assert.throws(
        () => readPriceFile(file),
        (e: Error) =>
          e.message.includes(`'prices' must be a readable JSON price table (`) &&
          e.message.includes(file) &&
          (e as Error & { code?: string }).code === "INVALID_FORMAT",
      );
  });

  it("refuses a policy file that is not JSON with the same kind of error", () => {
    const tmp = mkdtempSync(path.join(tmpdir(), "policy-"));
    const broken = path.join(tmp, "policy.json");
    writeFileSync(broken, "{ peakHours: ");
    assert.throws(
      () => readJsonOption(broken, "policyFile", broken, "JSON"),
      (e: Error) => e.message.includes("'policyFile' must be JSON (") && e.message.includes(broken),
    );
  });

  it("refuses a file the schema refuses, saying where", () => {
    assert.throws(
      () => readPriceFile(path.join(fixtures, "bad-override.json")),
      (e: Error) =>
        /'prices' must match schema\/prices-v1\.schema\.json: .*\/currency must match pattern/.test(
          e.message,
        ) && /amount must be number,null/.test(e.message),
    );
  });
});
