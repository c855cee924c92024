import { strict as assert } from "assert";
import * as path from "path";
import {
  Check,
  Duration,
  isDeferred,
  isDuration,
  nearMiss,
  userFrame,
  VALIDATION_CODES,
  ValidationError,
} from "../../lib/core";

/**
 * Pins down the error type and the `Check` helpers word by word for mutation testing
 * (`npm run test:mutation -- lib/core/errors.ts`): the messages are part of what a user reads, and
 * the codes are public API.
 */
const named = new Check({ component: "Thing", name: "t1" });
const bare = new Check({ component: "Value" });

/** The ValidationError `f` throws. */
function caught(f: () => unknown): ValidationError {
  try {
    f();
  } catch (e) {
    assert.ok(ValidationError.isValidationError(e), String(e));
    return e;
  }
  assert.fail("expected a ValidationError");
}
const message = (f: () => unknown) => caught(f).message;

const LIB = path.resolve(__dirname, "../../lib");
const BIN = path.resolve(__dirname, "../../bin");

describe("errors (pinned behaviour)", () => {
  describe("ValidationError", () => {
    it("lists every code once", () => {
      assert.deepEqual(VALIDATION_CODES, [
        "OUT_OF_RANGE",
        "REQUIRED",
        "INVALID_FORMAT",
        "CONFLICT",
        "NOT_ALLOWED",
        "INVALID_NAME",
        "UNKNOWN_TIME_ZONE",
        "INVALID_TIME",
        "INVALID_TYPE",
      ]);
    });
    it("carries every field, and names the resource only when known", () => {
      const e = new ValidationError(
        "CONFLICT",
        { component: "Thing", name: "t1" },
        "a.b",
        5,
        "must be small",
        "Try 1.",
      );
      assert.ok(e instanceof Error);
      assert.equal(e.name, "ValidationError");
      assert.equal(e.message, "Thing 't1': 'a.b' must be small, got 5. Try 1.");
      assert.deepEqual(
        [e.code, e.component, e.resourceName, e.prop, e.value, e.allowed, e.hint],
        ["CONFLICT", "Thing", "t1", "a.b", 5, "must be small", "Try 1."],
      );
      const v = new ValidationError(
        "REQUIRED",
        { component: "Value" },
        "x",
        undefined,
        "is required",
      );
      assert.equal(v.message, "Value: 'x' is required, got nothing.");
      assert.equal(v.resourceName, undefined);
      assert.equal(v.hint, undefined);
      // The construction site is not part of the error's data.
      assert.ok(!Object.keys(e).includes("site"));
      assert.ok(!JSON.stringify(e).includes("site"));
    });
    it("renders the value received: strings quoted, dates as ISO, long JSON cut at 120", () => {
      const render = (v: unknown) =>
        new ValidationError("REQUIRED", { component: "V" }, "p", v, "x").message;
      assert.equal(render("a"), "V: 'p' x, got \"a\".");
      assert.equal(render(null), "V: 'p' x, got null.");
      assert.equal(
        render(new Date(Date.UTC(2026, 0, 2))),
        "V: 'p' x, got 2026-01-02T00:00:00.000Z.",
      );
      assert.equal(render([1, "b"]), "V: 'p' x, got [1,\"b\"].");
      const s118 = "a".repeat(118); // JSON-quoted: exactly 120 characters, kept whole
      assert.equal(render([s118].join("")), `V: 'p' x, got "${s118}".`);
      const long = ["a".repeat(119)];
      assert.equal(render(long), `V: 'p' x, got ${JSON.stringify(long).slice(0, 117)}....`);
      const long119 = "b".repeat(200); // a string is shown whole, however long
      assert.equal(render(long119), `V: 'p' x, got "${long119}".`);
      const json120 = ["c".repeat(116)]; // JSON of exactly 120 characters: kept whole
      assert.equal(render(json120), `V: 'p' x, got ${JSON.stringify(json120)}.`);
      const circular: { self?: unknown } = {};
      circular.self = circular;
      assert.equal(render(circular), "V: 'p' x, got [object Object].");
      assert.equal(render(BigInt(5)), "V: 'p' x, got 5.");
    });
    it("isValidationError needs an Error named ValidationError with a code", () => {
      assert.equal(ValidationError.isValidationError(caught(() => bare.required("p", ""))), true);
      const copy = Object.assign(new Error("x"), { name: "ValidationError", code: "REQUIRED" });
      assert.equal(ValidationError.isValidationError(copy), true);
      assert.equal(
        ValidationError.isValidationError(
          Object.assign(new Error("x"), { name: "ValidationError" }),
        ),
        false,
      );
      assert.equal(
        ValidationError.isValidationError(Object.assign(new Error("x"), { code: "REQUIRED" })),
        false,
      );
      assert.equal(
        ValidationError.isValidationError({ name: "ValidationError", code: "REQUIRED" }),
        false,
      );
    });
    it("leaves Error.stackTraceLimit as it found it", () => {
      const before = Error.stackTraceLimit;
      Error.stackTraceLimit = 7;
      try {
        caught(() => bare.required("p", undefined));
        assert.equal(Error.stackTraceLimit, 7);
      } finally {
        Error.stackTraceLimit = before;
      }
    });
    it("location is the caller's line in this file", () => {
      const line = Number(new Error().stack!.split("\n")[1].match(/:(\d+):\d+\)?$/)![1]) + 1;
      const e = caught(() => bare.required("p", undefined));
      assert.match(
        e.location ?? "",
        new RegExp(`^${__filename.replace(/[.\\]/g, "\\$&")}:${line}:\\d+$`),
      );
    });
  });

  describe("userFrame", () => {
    it("skips Node, the library, node_modules and file-less frames; takes the first other", () => {
      const stack = [
        "Error: x",
        `    at Check.error (${LIB}/core/errors.ts:1:2)`,
        "    at node:internal/main:3:4",
        "    at /app/node_modules/mocha/runner.js:5:6",
        "    at new Promise (<anonymous>)",
        "    at native.js:1:1",
        "    at Object.<anonymous> (/app/main.ts:7:8)",
        "    at /app/other.ts:9:10",
      ].join("\n");
      assert.equal(userFrame(stack), "/app/main.ts:7:8");
      assert.equal(userFrame("    at /app/other.ts:9:10"), "/app/other.ts:9:10");
      assert.equal(userFrame("    at f (file:///app/esm.mjs:11:12)"), "/app/esm.mjs:11:12");
      assert.equal(userFrame("    at f (C:\\app\\main.ts:1:2)"), "C:\\app\\main.ts:1:2");
      assert.equal(userFrame("    at f (C:\\app\\node_modules\\x\\y.js:1:2)"), undefined);
      assert.equal(userFrame(""), undefined);
      assert.equal(userFrame(`    at f (${LIB}/core/errors.ts:1:2)`), undefined);
      assert.equal(userFrame("at f (/app/main.ts:1:2)"), undefined); // not a V8 frame line
      assert.equal(userFrame("    at f (/app/main.ts:1:2) extra"), undefined);
      assert.equal(userFrame("    at f (/app/main.ts:1:2)\n"), "/app/main.ts:1:2");
      assert.equal(userFrame("Error: boom   at f (/app/main.ts:1:2)"), undefined);
      assert.equal(userFrame("    at f (/app/file://x/y.ts:1:2)"), "/app/file://x/y.ts:1:2");
      // The library's own frames in Windows spelling are the library's too.
      const win = (p: string) => p.replace(/\//g, "\\");
      assert.equal(userFrame(`    at f (${win(LIB)}\\core\\errors.ts:1:2)`), undefined);
      assert.equal(
        userFrame([`    at run (${win(BIN)}\\plan.ts:1:2)`, "    at /app/main.ts:3:4"].join("\n")),
        undefined,
      );
    });
    it("stops at the CLI's own frames: below them is no user program", () => {
      assert.equal(
        userFrame([`    at run (${BIN}/plan.ts:1:2)`, "    at /app/main.ts:3:4"].join("\n")),
        undefined,
      );
      assert.equal(
        userFrame(["    at /app/main.ts:3:4", `    at run (${BIN}/plan.ts:1:2)`].join("\n")),
        "/app/main.ts:3:4",
      );
    });
  });

  describe("nearMiss", () => {
    it("allows a third of the word's length in edits (at least one), case-insensitively", () => {
      assert.equal(nearMiss("abc", ["abd"]), "abd");
      assert.equal(nearMiss("abc", ["axy"]), undefined);
      assert.equal(nearMiss("abcdef", ["abxdxf"]), "abxdxf");
      assert.equal(nearMiss("abcdef", ["xbxdxf"]), undefined);
      assert.equal(nearMiss("abcdef", ["abcdefgh"]), "abcdefgh");
      assert.equal(nearMiss("abcdef", ["abcdefghi"]), undefined);
      assert.equal(nearMiss("ABC", ["abc"]), "abc");
      assert.equal(nearMiss("", ["a"]), "a");
      assert.equal(nearMiss("abcdef", ["bcdef"]), "bcdef");
      assert.equal(nearMiss("abcdef", ["abcdf"]), "abcdf");
    });
    it("takes the closest candidate, the first of equals", () => {
      assert.equal(nearMiss("abcdef", ["abxyef", "abxdef", "abydef"]), "abxdef");
      assert.equal(nearMiss("kitten", ["sitting", "kittens"]), "kittens");
      assert.equal(nearMiss("saturday", ["sunday", "saturdya"]), "saturdya");
    });
  });

  describe("value tests", () => {
    it("isDeferred: Outputs (by their marker) and thenables only", () => {
      assert.equal(isDeferred(null), false);
      assert.equal(isDeferred(undefined), false);
      assert.equal(isDeferred({ __pulumiOutput: "true" }), false);
      assert.equal(isDeferred({ then: 1 }), false);
      assert.equal(isDeferred({ then: () => undefined }), true);
      assert.equal(isDeferred({ __pulumiOutput: true }), true);
    });
    it("isDuration: an object with all three methods", () => {
      const f = () => 0;
      assert.equal(isDuration(Duration.minutes(1)), true);
      assert.equal(isDuration({ toSeconds: f, toTimeSpan: f, toIsoString: f }), true);
      assert.equal(isDuration({ toTimeSpan: f, toIsoString: f }), false);
      assert.equal(isDuration({ toSeconds: f, toIsoString: f }), false);
      assert.equal(isDuration({ toSeconds: f, toTimeSpan: f }), false);
      assert.equal(isDuration(null), false);
      assert.equal(isDuration(f), false);
      assert.equal(
        isDuration(Object.assign(() => 0, { toSeconds: f, toTimeSpan: f, toIsoString: f })),
        false,
      );
    });
  });

  describe("Check", () => {
    it("paths: prefix, nested, indexed and empty props", () => {
      const c = named.at("retry");
      assert.equal(c.path("count"), "retry.count");
      assert.equal(c.path("[2]"), "retry[2]");
      assert.equal(c.path(""), "retry");
      assert.equal(named.path("count"), "count");
      assert.equal(named.at("").path("x"), "x");
      assert.deepEqual(c.context, { component: "Thing", name: "t1" });
      assert.equal(
        message(() => c.required("count", undefined)),
        "Thing 't1': 'retry.count' is required, got nothing.",
      );
    });
    it("intRange: integers in [min, max], with the range and a hint in the message", () => {
      bare.intRange("n", undefined, 1, 5);
      bare.intRange("n", 1, 1, 5);
      bare.intRange("n", 5, 1, 5);
      assert.equal(
        message(() => bare.intRange("n", 0, 1, 5)),
        "Value: 'n' must be an integer between 1 and 5, got 0.",
      );
      assert.equal(
        message(() => bare.intRange("n", 6, 1, 5, "Keep it small.")),
        "Value: 'n' must be an integer between 1 and 5, got 6. Keep it small.",
      );
      assert.equal(caught(() => bare.intRange("n", 1.5, 1, 5)).code, "OUT_OF_RANGE");
      assert.equal(caught(() => bare.intRange("n", "2" as never, 1, 5)).code, "INVALID_TYPE");
    });
    it("numberRange: fractions pass, infinities and NaN do not", () => {
      bare.numberRange("x", undefined, 0, 1);
      bare.numberRange("x", 0, 0, 1);
      bare.numberRange("x", 0.5, 0, 1);
      bare.numberRange("x", 1, 0, 1);
      assert.equal(
        message(() => bare.numberRange("x", 1.5, 0, 1)),
        "Value: 'x' must be between 0 and 1, got 1.5.",
      );
      assert.equal(
        message(() => bare.numberRange("x", -0.5, 0, 1, "Hint.")),
        "Value: 'x' must be between 0 and 1, got -0.5. Hint.",
      );
      assert.equal(caught(() => bare.numberRange("x", Infinity, 0, Infinity)).code, "OUT_OF_RANGE");
      assert.equal(
        message(() => bare.numberRange("x", NaN, 0, 1)),
        "Value: 'x' must be a number, not number, got null.",
      );
      assert.equal(caught(() => bare.numberRange("x", "1" as never, 0, 1)).code, "INVALID_TYPE");
    });
    it("required: undefined, null, '' and [] are missing; 0, false and ' ' are values", () => {
      for (const v of [undefined, null, "", []])
        assert.equal(caught(() => bare.required("p", v)).code, "REQUIRED");
      for (const v of [0, false, " ", [0], {}]) bare.required("p", v);
      assert.equal(
        message(() => bare.required("p", [], "must name one")),
        "Value: 'p' must name one, got [].",
      );
    });
    it("oneOf lists the choices", () => {
      bare.oneOf("k", undefined, ["a"]);
      bare.oneOf("k", "b", ["a", "b"]);
      const e = caught(() => bare.oneOf("k", "c", ["a", "b"]));
      assert.equal(e.code, "NOT_ALLOWED");
      assert.equal(e.message, 'Value: \'k\' must be one of "a", "b", got "c".');
    });
    it("conflict, format and ensure throw on their condition, with the hint", () => {
      bare.conflict(false, "p", 1, "r");
      bare.format(true, "p", 1, "r");
      bare.ensure(true, "INVALID_TIME", "p", 1, "r");
      const c = caught(() => bare.conflict(true, "p", 1, "must not", "H."));
      assert.deepEqual([c.code, c.message], ["CONFLICT", "Value: 'p' must not, got 1. H."]);
      const f = caught(() => bare.format(false, "p", "x", "must look right", "H."));
      assert.deepEqual(
        [f.code, f.message],
        ["INVALID_FORMAT", "Value: 'p' must look right, got \"x\". H."],
      );
      const n = caught(() => bare.ensure(false, "INVALID_TIME", "p", 2, "must be real", "H."));
      assert.deepEqual([n.code, n.message], ["INVALID_TIME", "Value: 'p' must be real, got 2. H."]);
    });
    it("type: kinds in words, the kind received, deferred values and a hint", () => {
      const m = (v: unknown, k: Parameters<Check["type"]>[2], o?: Parameters<Check["type"]>[3]) =>
        message(() => bare.type("p", v, k, o));
      assert.equal(
        m(1, ["string", "array"]),
        "Value: 'p' must be a string or an array, not number, got 1.",
      );
      assert.equal(m([], "object"), "Value: 'p' must be an object, not array, got [].");
      assert.equal(m(null, "object"), "Value: 'p' must be an object, not null, got null.");
      assert.equal(m({}, "array"), "Value: 'p' must be an array, not object, got {}.");
      assert.equal(
        m(new Date(0), "string"),
        "Value: 'p' must be a string, not Date, got 1970-01-01T00:00:00.000Z.",
      );
      class Widget {
        readonly n = 1;
      }
      assert.equal(
        m(new Widget(), "string"),
        "Value: 'p' must be a string, not Widget, got {\"n\":1}.",
      );
      assert.equal(
        m(Object.create(null), "string"),
        "Value: 'p' must be a string, not object, got {}.",
      );
      assert.equal(m("x", "function"), "Value: 'p' must be a function, not string, got \"x\".");
      assert.equal(
        m(1, "string", { deferred: true, hint: "Pass text." }),
        "Value: 'p' must be a string (or a Pulumi Output of one), not number, got 1. Pass text.",
      );
      assert.equal(caught(() => bare.type("p", Promise.resolve(1), "number")).code, "INVALID_TYPE");
      bare.type("p", undefined, "string");
      bare.type("p", () => 1, "function");
      assert.equal(caught(() => bare.type("p", () => 1, "object")).code, "INVALID_TYPE");
      bare.type("p", true, "boolean");
      bare.type("p", [], ["object", "array"]);
      bare.type("p", Promise.resolve(1), "number", { deferred: true });
    });
    it("instanceOf: prototypes, not constructors; null and primitives refused", () => {
      class A {}
      class B extends A {}
      bare.instanceOf("a", undefined, A, "an A");
      bare.instanceOf("a", new B(), A, "an A");
      assert.equal(
        message(() => bare.instanceOf("a", null, A, "an A")),
        "Value: 'a' must be an A, not null, got null.",
      );
      assert.equal(
        message(() => bare.instanceOf("a", {}, A, "an A")),
        "Value: 'a' must be an A, not object, got {}.",
      );
      assert.equal(
        message(() => bare.instanceOf("a", 1, A, "an A")),
        "Value: 'a' must be an A, not number, got 1.",
      );
      // Only objects: a function whose prototype chain holds A.prototype is still no A instance.
      const fn = Object.setPrototypeOf(() => 1, A.prototype);
      assert.equal(caught(() => bare.instanceOf("a", fn, A, "an A")).code, "INVALID_TYPE");
    });
    it("duration: the type, then the range in seconds, in words", () => {
      bare.duration("d", undefined);
      bare.duration("d", Duration.seconds(0));
      bare.duration("d", Duration.seconds(30), { min: 30, max: 60 });
      bare.duration("d", Duration.seconds(60), { min: 30, max: 60 });
      assert.equal(
        message(() => bare.duration("d", "PT5M")),
        'Value: \'d\' must be a Duration (Duration.minutes(5), Duration.parse("PT5M")), not string, got "PT5M".',
      );
      assert.equal(
        message(() => bare.duration("d", Duration.seconds(29), { min: 30 })),
        "Value: 'd' must be at least 30 s, got \"PT29S\".",
      );
      assert.equal(
        message(() => bare.duration("d", Duration.seconds(61), { min: 30, max: 60, hint: "H." })),
        "Value: 'd' must be between 30 s and 60 s, got \"PT1M1S\". H.",
      );
      assert.equal(
        message(() => bare.duration("d", Duration.seconds(61), { max: 60 })),
        "Value: 'd' must be between 0 s and 60 s, got \"PT1M1S\".",
      );
      assert.equal(
        caught(() => bare.duration("d", Duration.seconds(29), { min: 30 })).code,
        "OUT_OF_RANGE",
      );
    });
    it("knownKeys: the key's path, the allowed keys and a near miss", () => {
      bare.knownKeys("o", undefined, ["a"]);
      bare.knownKeys("o", { a: 1 }, ["a"]);
      assert.equal(
        message(() => bare.knownKeys("o", { a: 1, stat: 2 }, ["a", "start"])),
        "Value: 'o.stat' is not an option; allowed: 'a', 'start', got 2. Did you mean 'start'?",
      );
      assert.equal(caught(() => bare.knownKeys("", { zz: 1 }, ["a"])).prop, "zz");
      assert.equal(caught(() => bare.knownKeys("o", [1], ["a"])).code, "INVALID_TYPE");
    });
    it("each: an array, each item under its index", () => {
      bare.each("xs", undefined, () => assert.fail("not called"));
      const seen: Array<[unknown, string, number]> = [];
      bare.each("xs", ["a", "b"], (item, c, i) => seen.push([item, c.path("v"), i]));
      assert.deepEqual(seen, [
        ["a", "xs[0].v", 0],
        ["b", "xs[1].v", 1],
      ]);
      assert.equal(
        caught(() => bare.each("xs", "ab" as never, () => undefined)).code,
        "INVALID_TYPE",
      );
    });
    it("rethrow: keeps the code, value, rule and hint at the caller's prop; other errors pass", () => {
      assert.equal(
        bare.rethrow("p", () => 7),
        7,
      );
      const inner = () => named.conflict(true, "inner", 3, "must differ", "H.");
      const e = caught(() => bare.at("outer").rethrow("zone", inner));
      assert.deepEqual(
        [e.code, e.prop, e.value, e.allowed, e.hint, e.message],
        [
          "CONFLICT",
          "outer.zone",
          3,
          "must differ",
          "H.",
          "Value: 'outer.zone' must differ, got 3. H.",
        ],
      );
      assert.equal(caught(() => bare.rethrow((p) => `x.${p}`, inner)).prop, "x.inner");
      const plain = new TypeError("boom");
      assert.throws(
        () =>
          bare.rethrow("p", () => {
            throw plain;
          }),
        (t: unknown) => t === plain,
      );
    });
    it("error builds without throwing", () => {
      const e = named.at("a").error("REQUIRED", "b", undefined, "is required");
      assert.deepEqual([e.prop, e.message], ["a.b", "Thing 't1': 'a.b' is required, got nothing."]);
    });
  });
});
