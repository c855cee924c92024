import { strict as assert } from "assert";
import { Check, ValidationError } from "../../lib/core";
import { checkOptions, nearest, Opt } from "../../lib/core/options";

const check = new Check({ component: "Demo", name: "d" });

function refusal(make: () => unknown): ValidationError {
  try {
    make();
  } catch (e) {
    if (ValidationError.isValidationError(e)) return e;
    throw e;
  }
  assert.fail("expected a ValidationError");
}

describe("checkOptions (lib/core/options.ts)", () => {
  const inner = Opt.keys("at", "timeZone");
  const shape = Opt.shape<{
    deadline: unknown;
    list: unknown;
    map: unknown;
    raw: unknown;
    alt: unknown;
  }>({
    deadline: inner,
    list: Opt.list(inner),
    map: Opt.map(inner),
    raw: Opt.passThrough("raw ARM JSON"),
    alt: Opt.either(inner),
  });

  it("walks nested objects, list items and record values, naming the path", () => {
    assert.equal(
      refusal(() => checkOptions(check, "", { deadline: { atx: 1 } }, shape)).prop,
      "deadline.atx",
    );
    assert.equal(
      refusal(() => checkOptions(check, "", { list: [{}, { x: 1 }] }, shape)).prop,
      "list[1].x",
    );
    assert.equal(
      refusal(() => checkOptions(check, "", { map: { mine: { x: 1 } } }, shape)).prop,
      "map.mine.x",
    );
    assert.equal(refusal(() => checkOptions(check.at("args"), "", { y: 1 }, shape)).prop, "args.y");
  });

  it("lets pass-through values, values that are not plain objects in an either field, and Outputs through", () => {
    checkOptions(
      check,
      "",
      { raw: { anything: 1 }, alt: "a string", map: { any: undefined } },
      shape,
    );
    class Instance {
      other = 1;
    }
    checkOptions(check, "", { alt: new Instance() }, shape);
    checkOptions(check, "", { deadline: Promise.resolve({ x: 1 }) }, shape);
  });

  it("refuses a non-object for a plain options object (INVALID_TYPE)", () => {
    const e = refusal(() => checkOptions(check, "", { deadline: "06:00" }, shape));
    assert.equal(e.code, "INVALID_TYPE");
    assert.equal(e.prop, "deadline");
  });

  it("a shape that contains itself is walked to any depth", () => {
    const field: ReturnType<typeof Opt.keys> = Opt.shape<{ name: unknown; fields: unknown }>({
      name: Opt.value,
      fields: Opt.list(() => field),
    });
    const e = refusal(() =>
      checkOptions(check, "fields[0]", { fields: [{ fields: [{ nmae: "x" }] }] }, field),
    );
    assert.equal(e.prop, "fields[0].fields[0].fields[0].nmae");
    assert.match(e.message, /Did you mean 'name'\?/);
  });

  it("suggests the nearest key: letter case, one or two edits, transpositions; nothing when far", () => {
    const keys = ["at", "timeZone", "maxNodeCount", "succeededBy"];
    assert.equal(nearest("timezone", keys), "timeZone");
    assert.equal(nearest("atx", keys), "at");
    assert.equal(nearest("maxNodeCont", keys), "maxNodeCount");
    assert.equal(nearest("succeeedBy", keys), "succeededBy");
    assert.equal(nearest("suceededBy", keys), "succeededBy");
    assert.equal(nearest("mxaNodeCount", keys), "maxNodeCount");
    assert.equal(nearest("zone", keys), undefined);
    assert.equal(nearest("window", keys), undefined);
  });
});
