import { spawn } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { FakeArm, LOOPBACK_CERT_FILE } from "../support/fake-arm";

const REPO = path.resolve(__dirname, "../..");
export const PROGRAM_DIR = path.join(__dirname, "program");
export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
/** The resource group the scenarios' program (`program/`, `automation/`) deploys into. */
export const ENGINE_RESOURCE_GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-engine`;
/** A tenant id is a GUID (Key Vault's `tenantId` is refused otherwise). */
export const TENANT = "7e5a1d3c-0b2f-4c6e-9a8d-1f2e3d4c5b6a";
/** The principal in the stack's azure-native configuration (the provider's and the activation's). */
export const DEPLOYER = { tenantId: TENANT, clientId: "deploy-sp", clientSecret: "deploy-secret" };

/** Where scripts/build-engine.sh put the CLI and the language host. */
export function engineBin(): string {
  const root =
    process.env.PULUMI_ENGINE_CACHE ??
    path.join(
      process.env.XDG_CACHE_HOME ?? path.join(process.env.HOME ?? tmpdir(), ".cache"),
      "pulumi-mlops-scheduling",
    );
  const bin = path.join(root, "bin-v3.248.0");
  if (
    !existsSync(path.join(bin, "pulumi")) ||
    !existsSync(path.join(bin, "pulumi-language-nodejs"))
  ) {
    throw new Error(
      `No engine in ${bin}: run scripts/build-engine.sh first (npm run test:engine does).`,
    );
  }
  return bin;
}

/** What one CLI run did. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly output: string;
  readonly timedOut: boolean;
  readonly seconds: number;
}

let shared: { home: string; backend: string; stubs: string; tsCache: string } | undefined;

/** Loads `.ts` in the engine's Node.js processes through a transpile cache (no ts-node). */
const TRANSPILE_HOOK = path.join(__dirname, "../support/transpile-cache.js");
/** Sends the hosts in MLOPS_REDIRECT_HOSTS to a loopback fake (a no-op without it). */
const REDIRECT_HOOK = path.join(__dirname, "../support/redirect-hosts.js");

/** PULUMI_HOME, the file backend and the stand-in azure-native plugin, once per test run. */
function sharedDirs() {
  if (!shared) {
    const base = mkdtempSync(path.join(tmpdir(), "mlops-engine-"));
    const dirs = {
      home: path.join(base, "home"),
      backend: path.join(base, "backend"),
      stubs: path.join(base, "bin"),
      tsCache: path.join(base, "ts-cache"),
    };
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
    // The stand-in provider as an ambient plugin (found on PATH, as the engine allows).
    const provider = path.join(dirs.stubs, "pulumi-resource-azure-native");
    writeFileSync(
      provider,
      `#!/bin/sh\nexec node -r "${TRANSPILE_HOOK}" "${REPO}/test/engine/provider/index.ts" "$@"\n`,
      { mode: 0o755 },
    );
    // The stand-in as the `random` plugin too (RandomString: the backup accounts' name suffixes).
    writeFileSync(
      path.join(dirs.stubs, "pulumi-resource-random"),
      `#!/bin/sh\nMLOPS_STANDIN_PACKAGE=random exec node -r "${TRANSPILE_HOOK}" "${REPO}/test/engine/provider/index.ts" "$@"\n`,
      { mode: 0o755 },
    );
    shared = dirs;
  }
  return shared;
}

/** Removes the shared directories (after the suite). */
export function cleanUpShared(): void {
  if (shared) rmSync(path.dirname(shared.home), { recursive: true, force: true });
  shared = undefined;
}

/**
 * The environment every engine process gets: the CLI and the stand-in plugins on PATH, the shared
 * PULUMI_HOME and file backend, the passphrase, the transpile cache and the loopback certificate.
 */
export function engineEnv(): NodeJS.ProcessEnv {
  const dirs = sharedDirs();
  const bin = engineBin();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The activation must authenticate from the stack's azure-native config, not the environment.
  for (const k of Object.keys(env)) if (/^(ARM_|AZURE_)/.test(k)) delete env[k];
  Object.assign(env, {
    PATH: `${dirs.stubs}${path.delimiter}${bin}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: dirs.home,
    PULUMI_BACKEND_URL: `file://${dirs.backend}`,
    PULUMI_CONFIG_PASSPHRASE: "engine-tests",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // Programs load through the transpile cache instead of the SDK's ts-node (same output: no
    // type check, CommonJS), so that only the first of the suite's runs pays for TypeScript.
    PULUMI_NODEJS_TYPESCRIPT: "false",
    MLOPS_TRANSPILE_CACHE: dirs.tsCache,
    NODE_OPTIONS:
      `${process.env.NODE_OPTIONS ?? ""} --require "${TRANSPILE_HOOK}" --require "${REDIRECT_HOOK}"`.trim(),
    NODE_EXTRA_CA_CERTS: LOOPBACK_CERT_FILE,
  });
  return env;
}

let counter = 0;

/** Where a stack's program lives and how its CLI runs (defaults: the scenarios' `program/`). */
export interface StackOptions {
  /** The program's directory. */
  programDir?: string;
  /** More environment for the CLI (after the `ARM_*` / `AZURE_*` variables are removed). */
  env?: (stack: EngineStack) => Record<string, string>;
  /** azure-native's subscription. @default SUBSCRIPTION */
  subscriptionId?: string;
  /** The program's own configuration (namespaced keys). */
  config?: Record<string, string>;
}

/**
 * One stack of the engine program, deployed by the real Pulumi CLI (local file backend,
 * passphrase secrets) against its own fake ARM.
 */
export class EngineStack {
  readonly name = `s${process.pid}-${++counter}`;
  readonly arm = new FakeArm();
  private salt = "";
  private secretLines: string[] = [];
  /** Secret config set by `setSecret`, as the CLI encrypted it (lines of the stack file). */
  private readonly extraSecrets = new Map<string, string[]>();
  /** Plain config added by `setPlain`. */
  private readonly extraPlain = new Map<string, string>();
  private scenario: Record<string, unknown> | undefined = {};
  private config: Record<string, string> = {};
  private readonly configFile: string;

  /**
   * @param programDir the program's directory (default: the scenarios' `program/`)
   * @param options `env`: more environment for the CLI; `subscriptionId` for azure-native.
   */
  constructor(
    readonly programDir = PROGRAM_DIR,
    private readonly options: StackOptions = {},
  ) {
    this.configFile = path.join(programDir, `Pulumi.${this.name}.yaml`);
  }

  /** Starts the fake ARM and creates the stack with azure-native configured for it. */
  async init(
    scenario: Record<string, unknown> | undefined,
    config: Record<string, string> = {},
  ): Promise<this> {
    await this.arm.start();
    // The scenarios' program deploys into a resource group it does not create (ARM refuses a
    // resource in a missing group: arm-rules); the shipped stacks create their own.
    if (this.programDir === PROGRAM_DIR)
      this.arm.seed(ENGINE_RESOURCE_GROUP, { location: "westeurope" });
    this.arm.principals.push(DEPLOYER);
    const init = await this.cli(["stack", "init", this.name, "--secrets-provider", "passphrase"]);
    if (init.code !== 0) throw new Error(`stack init failed:\n${init.output}`);
    const secret = await this.cli([
      "config",
      "set",
      "--secret",
      "azure-native:clientSecret",
      DEPLOYER.clientSecret,
    ]);
    if (secret.code !== 0) throw new Error(`config set failed:\n${secret.output}`);
    const text = readFileSync(this.configFile, "utf8");
    this.salt = /^encryptionsalt: (.+)$/m.exec(text)?.[1] ?? "";
    const i = text.indexOf("  azure-native:clientSecret:");
    this.secretLines = text.slice(i).split("\n").slice(0, 2);
    this.config = config;
    this.setScenario(scenario);
    return this;
  }

  /** Rewrites the program's own configuration (keys with their namespace), azure-native's kept. */
  setConfig(config: Record<string, string>): void {
    this.config = config;
    this.setScenario(this.scenario);
  }

  /** Rewrites the stack configuration: the program's shape for the next run. */
  setScenario(scenario: Record<string, unknown> | undefined): void {
    this.scenario = scenario;
    const plain: Record<string, string> = {
      "azure-native:metadataHost": this.arm.endpoint,
      "azure-native:tenantId": DEPLOYER.tenantId,
      "azure-native:clientId": DEPLOYER.clientId,
      "azure-native:subscriptionId": this.options.subscriptionId ?? SUBSCRIPTION,
      "azure-native:location": "westeurope",
      ...(this.scenario ? { "mlops-engine:scenario": JSON.stringify(this.scenario) } : {}),
      ...this.config,
    };
    for (const [k, v] of this.extraPlain) plain[k] = v;
    const secrets = [...this.extraSecrets.values()].flat();
    writeFileSync(
      this.configFile,
      [
        `encryptionsalt: ${this.salt}`,
        "config:",
        ...(this.extraSecrets.has("azure-native:clientSecret") ? [] : this.secretLines),
        ...secrets,
        ...Object.entries(plain).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
        "",
      ].join("\n"),
    );
  }

  /**
   * Sets a secret in the stack configuration (`pulumi config set --secret`), kept by later
   * `setScenario` calls; `azure-native:clientSecret` replaces the deployer's (a rotation).
   */
  async setSecret(key: string, value: string): Promise<void> {
    const run = await this.cli(["config", "set", "--secret", key, value]);
    if (run.code !== 0) throw new Error(`config set failed:\n${run.output}`);
    const text = readFileSync(this.configFile, "utf8");
    const i = text.indexOf(`  ${key}:`);
    this.extraSecrets.set(key, text.slice(i).split("\n").slice(0, 2));
    this.setScenario(this.scenario);
  }

  /** Sets a plain value in the stack configuration, kept by later `setScenario` calls. */
  setPlain(key: string, value: string): void {
    this.extraPlain.set(key, value);
    this.setScenario(this.scenario);
  }

  /** Runs the CLI on this stack; never throws on a non-zero exit (tests assert on the code). */
  cli(args: string[], timeoutMs = 240_000): Promise<CliRun> {
    const bin = engineBin();
    const env = engineEnv();
    Object.assign(env, this.options.env?.(this) ?? {});
    const withStack =
      args[0] === "stack" && args[1] === "init" ? args : [...args, "--stack", this.name];
    const started = Date.now();
    return new Promise((resolve) => {
      const child = spawn(
        path.join(bin, "pulumi"),
        [...withStack, "--non-interactive", "--color", "never"],
        {
          cwd: this.programDir,
          env,
          detached: true,
        },
      );
      let output = "";
      let stdout = "";
      child.stdout.on("data", (c) => {
        output += c;
        stdout += c;
      });
      child.stderr.on("data", (c) => (output += c));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, timeoutMs);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, output, timedOut, seconds: (Date.now() - started) / 1000 });
      });
    });
  }

  /** `pulumi up`, with extra flags such as `--target <urn>` or `--refresh`. */
  up(...flags: string[]): Promise<CliRun> {
    return this.cli(["up", "--yes", "--skip-preview", ...flags]);
  }

  preview(): Promise<CliRun> {
    return this.cli(["preview"]);
  }

  /** `pulumi refresh`, with extra flags such as `--run-program`. */
  refresh(...flags: string[]): Promise<CliRun> {
    return this.cli(["refresh", "--yes", "--skip-preview", ...flags]);
  }

  /** `pulumi destroy`, or with `previewOnly` its preview (`--preview-only`). */
  destroy(runProgram: boolean, { previewOnly = false } = {}): Promise<CliRun> {
    return this.cli([
      "destroy",
      ...(previewOnly ? ["--preview-only"] : ["--yes", "--skip-preview"]),
      ...(runProgram ? ["--run-program"] : []),
    ]);
  }

  /** The stack's resources as the engine saved them. */
  async resources(): Promise<any[]> {
    const run = await this.cli(["stack", "export", "--show-secrets"]);
    if (run.code !== 0) throw new Error(`stack export failed:\n${run.output}`);
    return JSON.parse(run.stdout).deployment.resources ?? [];
  }

  /** Removes the stack, its config file and the fake ARM. */
  async dispose(): Promise<void> {
    await this.cli(["stack", "rm", "--yes", "--force"]);
    rmSync(this.configFile, { force: true });
    await this.arm.stop();
  }
}

/** A readable failure message: the CLI output, trimmed. */
export function explain(run: CliRun): string {
  return `exit ${run.code}${run.timedOut ? " (timed out)" : ""} after ${run.seconds} s:\n${run.output.slice(-6000)}`;
}

/** Scenarios running at once (ENGINE_JOBS): they mostly wait on process start-up and polls. */
export const ENGINE_JOBS = Math.max(1, Number(process.env.ENGINE_JOBS) || 3);

/** A mocha filter on the command line: run the selected scenarios one by one, none ahead. */
const FILTERED = process.argv.some((a) => /^(--grep|-g|--fgrep|-f|--invert|-i)(=|$)/.test(a));

let running = 0;
const queue: (() => void)[] = [];

/** Runs `job` when one of the ENGINE_JOBS slots is free (shared by every scenario file). */
async function inSlot<T>(job: () => Promise<T>): Promise<T> {
  if (running >= ENGINE_JOBS) await new Promise<void>((r) => queue.push(r));
  running++;
  try {
    return await job();
  } finally {
    running--;
    queue.shift()?.();
  }
}

/** Creates a stack for a scenario; the scenario's stacks are removed when it ends. */
export type NewStack = (
  scenario: Record<string, unknown> | undefined,
  options?: StackOptions,
) => Promise<EngineStack>;

/**
 * Declares engine scenarios of one `describe` that run concurrently: the first of them to run
 * starts all (ENGINE_JOBS at a time), and each `it` waits for and reports its own. Every scenario
 * has its own stacks, config files and fake ARM, so they share nothing but the backend directory
 * (one lock per stack) and the plugin cache. With a mocha filter (--grep), scenarios run one by
 * one as mocha reaches them.
 */
export function concurrentScenarios(): (
  title: string,
  body: (stack: NewStack) => Promise<void>,
) => void {
  const scenarios: { body: (stack: NewStack) => Promise<void>; run?: Promise<void> }[] = [];
  const start = (s: (typeof scenarios)[number]) => {
    s.run ??= inSlot(async () => {
      const stacks: EngineStack[] = [];
      try {
        await s.body(async (config, options = {}) => {
          const e = new EngineStack(options.programDir ?? PROGRAM_DIR, options);
          stacks.push(e);
          return e.init(config, options.config);
        });
      } finally {
        for (const e of stacks) await e.dispose();
      }
    });
    // Reported by its own `it`, not as an unhandled rejection while another runs.
    s.run.catch(() => undefined);
    return s.run;
  };
  return (title, body) => {
    const s: (typeof scenarios)[number] = { body };
    scenarios.push(s);
    it(title, () => {
      if (!FILTERED) scenarios.forEach(start);
      return start(s);
    });
  };
}
