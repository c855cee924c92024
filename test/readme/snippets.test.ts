/**
 * Every TypeScript snippet in the README compiles, strictly, against the package's public entry
 * point (issue 9 item 2). The consumer smoke test (`test/consumer/smoke.sh`, run by `.ci/run`)
 * also plans the Usage snippet from the packed tarball.
 */
import { strict as assert } from "assert";
import * as path from "path";
import * as ts from "typescript";
import { ROOT } from "../support/cli";
import { readmeBlocks } from "./blocks";

describe("README TypeScript snippets", function () {
  this.timeout(0); // type-checks against azure-native
  const snippets = readmeBlocks("ts");

  it("has the Usage snippet, self-contained", () => {
    assert.ok(snippets.length >= 1);
    assert.match(snippets[0], /from "pulumi-mlops-scheduling"/);
    assert.match(snippets[0], /const config = new pulumi\.Config\(\)/);
    assert.match(snippets[0], /const featureBuild = /);
  });

  it("compiles every snippet with strict settings, importing the package by its name", () => {
    const files = snippets.map((_, i) =>
      path.join(ROOT, "test/readme", `__readme_snippet_${i}.ts`),
    );
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ["node"],
      baseUrl: ROOT,
      paths: { "pulumi-mlops-scheduling": ["lib/index.ts"] },
    };
    const host = ts.createCompilerHost(options);
    const virtual = new Map(files.map((f, i) => [f, snippets[i]]));
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) =>
      virtual.has(name)
        ? ts.createSourceFile(name, virtual.get(name)!, lang)
        : getSourceFile(name, lang, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => virtual.has(name) || fileExists(name);
    const program = ts.createProgram(files, options, host);
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assert.deepEqual(errors, []);
  });
});
