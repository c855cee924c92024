import { execFileSync } from "child_process";
import { createHash } from "crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "../..");

/**
 * The layout users have: the packed tarball (`npm pack` of the freshly built dist/) installed in a
 * fresh project shaped like Pulumi's TypeScript template, with the exact SDK versions the
 * repository tests against (as test/consumer/smoke.sh installs it). Each shipped program is copied
 * into the project with its `../../lib` imports rewritten to the package name.
 *
 * Packed once per test run. The dependencies (everything but the package itself) are installed
 * once per dependency set into `<engine cache>/consumer-<hash>` and hard-linked into each run's
 * project; the run's own tarball is then unpacked over `node_modules/pulumi-mlops-scheduling`, so
 * the package under test is always this checkout's.
 */
export interface ConsumerProject {
  readonly dir: string;
  readonly tarball: string;
  readonly seconds: { pack: number; install: number };
}

let project: ConsumerProject | undefined;

/** The SDK versions of a consumer project: the repository's own dev versions. */
function consumerDependencies(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));
  const pick = ["@pulumi/pulumi", "@pulumi/azure-native", "@pulumi/random"];
  return Object.fromEntries(pick.map((p) => [p, pkg.devDependencies[p]]));
}

export function engineCache(): string {
  return (
    process.env.PULUMI_ENGINE_CACHE ??
    path.join(
      process.env.XDG_CACHE_HOME ?? path.join(process.env.HOME ?? tmpdir(), ".cache"),
      "pulumi-mlops-scheduling",
    )
  );
}

function npm(args: string[], cwd: string): void {
  execFileSync("npm", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
}

export function consumerProject(): ConsumerProject {
  if (project) return project;
  if (!existsSync(path.join(REPO, "dist/lib/index.js")))
    throw new Error("dist/ is missing: npm run test:engine builds it");
  const base = mkdtempSync(path.join(tmpdir(), "mlops-consumer-"));
  let t0 = Date.now();
  const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", base], {
    cwd: REPO,
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop()!;
  const tarball = path.join(base, name);
  const pack = (Date.now() - t0) / 1000;

  t0 = Date.now();
  const pkg = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));
  const deps = consumerDependencies();
  // What decides the installed tree: the consumer's pins and the package's own dependency ranges.
  const key = createHash("sha256")
    .update(JSON.stringify({ deps, lib: pkg.dependencies, peers: pkg.peerDependencies }))
    .digest("hex")
    .slice(0, 16);
  const cached = path.join(engineCache(), `consumer-${key}`);
  if (!existsSync(path.join(cached, "node_modules", "pulumi-mlops-scheduling", "package.json"))) {
    const building = `${cached}.${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    writeFileSync(
      path.join(building, "package.json"),
      JSON.stringify({ name: "consumer-app", main: "index.ts", dependencies: deps }, null, 2),
    );
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], building);
    rmSync(cached, { recursive: true, force: true });
    try {
      renameSync(building, cached);
    } catch {
      // Another run finished first: use its copy.
      rmSync(building, { recursive: true, force: true });
    }
  }
  const dir = path.join(base, "app");
  // Hard links: each run has its own tree without copying the SDKs.
  execFileSync("cp", ["-al", cached, dir]);
  const own = path.join(dir, "node_modules", "pulumi-mlops-scheduling");
  rmSync(own, { recursive: true, force: true });
  mkdirSync(own, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", own, "--strip-components=1"]);
  const install = (Date.now() - t0) / 1000;
  project = { dir, tarball, seconds: { pack, install } };
  return project;
}

/** Removes the run's project (not the cache). */
export function removeConsumerProject(): void {
  if (project) rmSync(path.dirname(project.dir), { recursive: true, force: true });
  project = undefined;
}

/**
 * Copies a shipped program (`stacks/reference`, `examples/daily-ingest`) into the consumer project
 * as `<id>/`: its index.ts with the library imported by package name, and a Pulumi.yaml (the
 * program's own, the repository's for stacks/reference, or a minimal one for an example). `edit`
 * replaces one exact line fragment (the scenario's one-line change); it must occur exactly once.
 */
export function copyProgram(
  source: string,
  id: string,
  projectName: string,
  edit?: { from: string; to: string },
): string {
  const { dir } = consumerProject();
  const target = path.join(dir, id);
  mkdirSync(target, { recursive: true });
  let code = readFileSync(path.join(REPO, source, "index.ts"), "utf8")
    .replace(/from "\.\.\/\.\.\/lib"/g, 'from "pulumi-mlops-scheduling"')
    .replace(/from "\.\.\/\.\.\/lib\/([a-z-]+)"/g, 'from "pulumi-mlops-scheduling/dist/lib/$1"');
  if (/\.\.\/\.\.\/lib/.test(code)) throw new Error(`${source}: an import of ../../lib is left`);
  if (edit) {
    const n = code.split(edit.from).length - 1;
    if (n !== 1) throw new Error(`${source}: "${edit.from}" occurs ${n} times, not once`);
    code = code.replace(edit.from, edit.to);
  }
  writeFileSync(path.join(target, "index.ts"), code);
  const own = path.join(REPO, source, "Pulumi.yaml");
  if (existsSync(own)) {
    cpSync(own, path.join(target, "Pulumi.yaml"));
  } else if (source === "stacks/reference") {
    const root = readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8").replace(/^main: .*\n/m, "");
    writeFileSync(path.join(target, "Pulumi.yaml"), root);
  } else {
    writeFileSync(
      path.join(target, "Pulumi.yaml"),
      `name: ${projectName}\nruntime: nodejs\ndescription: ${source} deployed by the engine suite\n`,
    );
  }
  return target;
}
