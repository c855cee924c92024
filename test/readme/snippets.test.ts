/**
 * Every TypeScript snippet in the README and the guide (docs/guide), and every example in the API
 * reference (docs/api, from `@example` doc comments), compiles, strictly, against the package's
 * public entry point (issue 9 item 2, issue 20 item 4). The consumer smoke test
 * (`test/consumer/smoke.sh`, run by `.ci/run`) also plans the Usage snippet from the packed
 * tarball.
 */
import { strict as assert } from "assert";
import * as path from "path";
import * as ts from "typescript";
import { ROOT } from "../support/cli";
import { readdirSync, readFileSync } from "fs";
import { markdownBlocks, readmeBlocks } from "./blocks";

/** The components: each has a complete program in the README and on its reference page. */
const COMPONENTS = [
  "DataFactory",
  "ScheduledDataPipeline",
  "ScheduleTrigger",
  "TumblingWindowTrigger",
  "StorageEventTrigger",
  "CustomEventTrigger",
  "PipelineAlerts",
  "LogicAppNotifier",
  "SearchIndexerSchedule",
  "TrainingCluster",
  "TrainingSchedule",
  "TrainOnDataArrival",
  "ShadowDeployment",
  "ModelBackupVault",
  "DataBackupSchedule",
  "SelfHostedIntegrationRuntime",
  "ManagedIntegrationRuntime",
  "TrainingAlerts",
];

/** The `ts` blocks under "## Example" of a reference page (what `@example` renders to). */
function referenceExamples(page: string): string[] {
  const text = readFileSync(path.join(ROOT, page), "utf8");
  return [...text.matchAll(/^## Example\n\n```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

describe("README TypeScript snippets", function () {
  this.timeout(0); // type-checks against azure-native
  const snippets = readmeBlocks("ts");
  const guide = readdirSync(path.join(ROOT, "docs/guide")).flatMap((f) =>
    markdownBlocks(`docs/guide/${f}`, "ts"),
  );
  const examples = readdirSync(path.join(ROOT, "docs/api/classes")).flatMap((f) =>
    referenceExamples(`docs/api/classes/${f}`),
  );

  it("lists every component of the README's Components table (by its `mlops:` token)", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("\n## Components\n"), readme.indexOf("\n## Usage\n"));
    const tokens = [...table.matchAll(/`mlops:\w+:(\w+)`/g)].map((m) => m[1]);
    assert.ok(tokens.length >= COMPONENTS.length, `only ${tokens.length} tokens found`);
    assert.deepEqual([...new Set(tokens)].sort(), [...COMPONENTS].sort());
  });

  it("has a complete program for every component, in the README and on its reference page", () => {
    const news = (code: string) => [...code.matchAll(/new ([A-Z]\w+)\(/g)].map((m) => m[1]);
    const inReadme = new Set(snippets.flatMap(news));
    for (const c of COMPONENTS) {
      assert.ok(inReadme.has(c), `no README snippet builds a ${c}`);
      const own = referenceExamples(`docs/api/classes/${c}.md`);
      assert.ok(
        own.some((e) => news(e).includes(c) && /from "pulumi-mlops-scheduling"/.test(e)),
        `docs/api/classes/${c}.md has no self-contained example that builds a ${c}`,
      );
    }
  });

  it("has the Usage snippet, self-contained", () => {
    assert.ok(snippets.length >= 1);
    assert.match(snippets[0], /from "pulumi-mlops-scheduling"/);
    assert.match(snippets[0], /const config = new pulumi\.Config\(\)/);
    assert.match(snippets[0], /const featureBuild = /);
  });

  it("compiles every snippet and example with strict settings, importing the package by its name", () => {
    const all = [...snippets, ...guide, ...examples];
    const files = all.map((_, i) => path.join(ROOT, "test/readme", `__readme_snippet_${i}.ts`));
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
    const virtual = new Map(files.map((f, i) => [f, all[i]]));
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) =>
      virtual.has(name)
        ? ts.createSourceFile(name, virtual.get(name)!, lang)
        : getSourceFile(name, lang, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => virtual.has(name) || fileExists(name);
    const program = ts.createProgram(files, options, host);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      // Name the snippet: its first 60 characters after the imports say where it comes from.
      const code = d.file && virtual.get(d.file.fileName);
      const where = code
        ? code
            .replace(/^import[\s\S]*?;\n/gm, "")
            .trim()
            .slice(0, 60)
        : "";
      return `${where ? `${where}…: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    assert.deepEqual(errors, []);
  });
});
