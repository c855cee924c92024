/**
 * Checks the API reference (`npm run docs:check`, run by .ci/run): TypeDoc builds it into a
 * scratch directory with validation warnings as errors (an undocumented export fails here), every
 * property of an exported `*Args` / `*Options` interface has a summary and, when optional, a
 * `@default`, every other property of an exported interface or class has a summary unless
 * scripts/docs-undocumented.txt lists it (the known gaps: that list only shrinks), the relative
 * links of the README and of the guide (docs/guide) resolve, and the committed docs/api matches
 * what TypeDoc writes (else: `npm run docs`).
 */
import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..");
const committed = path.join(root, "docs", "api");
const scratch = mkdtempSync(path.join(tmpdir(), "apiref-"));
const out = path.join(scratch, "api");
const json = path.join(scratch, "api.json");

interface Comment {
  readonly summary?: readonly { readonly text: string }[];
  readonly blockTags?: readonly { readonly tag: string }[];
}
interface Reflection {
  readonly name: string;
  readonly kind: number;
  readonly flags?: { readonly isOptional?: boolean };
  readonly comment?: Comment;
  readonly inheritedFrom?: unknown;
  readonly children?: readonly Reflection[];
}
const CLASS = 128;
const INTERFACE = 256;
// Arguments the Pulumi engine hands to a hook or a policy: documented, but they are not options
// a user sets, so they carry no `@default`.
const ENGINE_GIVEN = new Set([
  "TriggerHookArgs",
  "TriggerErrorArgs",
  "CrossGuardResourceArgs",
  "CrossGuardStackArgs",
]);
const PROPERTY = 1024;

function files(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p, base) : [path.relative(base, p)];
  });
}

try {
  const typedoc = path.join(root, "node_modules", "typedoc", "bin", "typedoc");
  const run = spawnSync(process.execPath, [typedoc, "--out", out, "--json", json], {
    cwd: root,
    stdio: "inherit",
  });
  if (run.status !== 0) {
    console.error("docs:check: TypeDoc failed (an undocumented export is an error: document it).");
    process.exit(1);
  }

  const problems: string[] = [];
  const project = JSON.parse(readFileSync(json, "utf8")) as Reflection;
  // A `@default` alone does not say what the property is: a summary is required (issue 20: a
  // newcomer writes a program from the reference alone).
  const documented = (r: Reflection) => (r.comment?.summary ?? []).some((s) => s.text.trim());
  const baselineFile = path.join(root, "scripts", "docs-undocumented.txt");
  const baseline = new Set(
    readFileSync(baselineFile, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#")),
  );
  const undocumented: string[] = [];
  for (const decl of project.children ?? []) {
    if (decl.kind !== INTERFACE && decl.kind !== CLASS) continue;
    for (const prop of decl.children ?? []) {
      if (prop.kind !== PROPERTY || prop.inheritedFrom || documented(prop)) continue;
      undocumented.push(`${decl.name}.${prop.name}`);
    }
  }
  for (const u of undocumented)
    if (!baseline.has(u)) problems.push(`${u}: no summary (exported property)`);
  const fixed = [...baseline].filter((b) => !undocumented.includes(b));
  if (fixed.length)
    process.stdout.write(
      `docs:check: now documented, remove from scripts/docs-undocumented.txt: ${fixed.join(", ")}\n`,
    );
  for (const decl of project.children ?? []) {
    if (decl.kind !== INTERFACE || !/(Args|Options)$/.test(decl.name)) continue;
    for (const prop of decl.children ?? []) {
      if (prop.kind !== PROPERTY) continue;
      const summary = (prop.comment?.summary ?? [])
        .map((s) => s.text)
        .join("")
        .trim();
      const hasDefault = (prop.comment?.blockTags ?? []).some((t) => t.tag === "@default");
      if (!summary)
        problems.push(`${decl.name}.${prop.name}: no summary (a @default alone is not one)`);
      else if (prop.flags?.isOptional && !hasDefault && !ENGINE_GIVEN.has(decl.name))
        problems.push(`${decl.name}.${prop.name}: optional but no @default`);
    }
  }
  if (problems.length) {
    console.error(
      `docs:check: ${problems.length} public options or properties lack docs:\n  ${problems.join("\n  ")}`,
    );
    process.exit(1);
  }

  // The README's and the guide's relative links resolve (on GitHub and, for what the package
  // ships, in the package): links into docs/api against the reference just built, the others
  // against the repository. Links to stacks/ and examples/ exist in the repository only, so the
  // text must never send a reader to them inside node_modules.
  const guideDir = path.join(root, "docs", "guide");
  const pages = ["README.md", ...readdirSync(guideDir).map((f) => path.join("docs", "guide", f))];
  for (const page of pages) {
    const text = readFileSync(path.join(root, page), "utf8");
    for (const [, link] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)\s]*)?\)/g)) {
      if (/^[a-z]+:/i.test(link)) continue;
      const target = path.relative(root, path.resolve(root, path.dirname(page), link));
      const exists = target.startsWith(`docs${path.sep}api${path.sep}`)
        ? existsSync(path.join(out, path.relative(path.join("docs", "api"), target)))
        : existsSync(path.join(root, target));
      if (!exists) problems.push(`${page} links ${link}, which does not exist`);
    }
    if (/node_modules\/pulumi-mlops-scheduling\/(stacks|examples)/.test(text))
      problems.push(
        `${page} points at stacks/ or examples/ inside the package, which ships neither`,
      );
  }
  if (problems.length) {
    console.error(`docs:check:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }

  const want = files(out).sort();
  let have: string[] = [];
  try {
    have = files(committed).sort();
  } catch {
    // missing counts as stale
  }
  const stale = [
    ...want.filter(
      (f) =>
        !have.includes(f) ||
        readFileSync(path.join(out, f), "utf8") !== readFileSync(path.join(committed, f), "utf8"),
    ),
    ...have.filter((f) => !want.includes(f)),
  ];
  if (stale.length) {
    console.error(
      `docs:check: docs/api is out of date (${stale.slice(0, 5).join(", ")}${stale.length > 5 ? ", …" : ""}): run \`npm run docs\` and commit it.`,
    );
    process.exit(1);
  }
  process.stdout.write(
    `docs/api is up to date (${want.length} pages); every export is documented.\n`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
