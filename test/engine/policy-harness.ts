import { execFile } from "child_process";
import {
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
import { CliRun, DEPLOYER, EngineStack, SUBSCRIPTION } from "./harness";

export const REPO = path.resolve(__dirname, "../..");
/** The pack `npm run build` writes, as users pass it to `pulumi preview --policy-pack`. */
export const POLICY_PACK = path.join(REPO, "dist/policy-pack");

/** One CrossGuard finding, wherever it comes from: rule id, level and the resource's URN. */
export interface PolicyFinding {
  readonly rule: string;
  readonly level: string;
  /** The URN without its stack segment (the plan's stack is `plan`, the engine's is not). */
  readonly resource: string;
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` without the stack, to compare across stacks. */
export const stacklessUrn = (urn: string) => urn.replace(/^urn:pulumi:[^:]+::/, "urn:pulumi:*::");

/** A finding as one comparable string. */
export const key = (f: PolicyFinding) => `${f.level} ${f.rule} ${f.resource}`;

/** `<type>::<name>` of a URN (the type after the parent chain), as the CLI prints a resource. */
export const typeAndName = (urn: string) => {
  const [, , types, name] = urn.split("::");
  return `${types.split("$").pop()}::${name}`;
};

// js-yaml is the parser the Pulumi SDK itself depends on (as lib/plan reads stack files).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require(
  require.resolve("js-yaml", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] }),
);

/**
 * The reference stack (the repository's own Pulumi.yaml, `main: stacks/reference/`) under the real
 * CLI: the engine suite's stack (its CLI, file backend, stand-in azure-native plugin, fake ARM),
 * run with `--cwd` on the repository and the `config:` of Pulumi.plan.yaml — what `npm run plan`
 * gives the program — in a config file outside the checkout, plus azure-native's provider config.
 */
export class ReferenceStack {
  readonly engine = new EngineStack();
  readonly dir = mkdtempSync(path.join(tmpdir(), "mlops-policy-"));
  readonly configFile = path.join(this.dir, "Pulumi.reference.yaml");

  private readonly bin = path.join(this.dir, "bin");

  constructor() {
    // The reference stack also uses @pulumi/random (backup account name suffixes): the stand-in
    // provider answers for it as well, as an ambient plugin like the harness's azure-native one.
    mkdirSync(this.bin);
    writeFileSync(
      path.join(this.bin, "pulumi-resource-random"),
      `#!/bin/sh\nMLOPS_STANDIN_PACKAGE=random exec node -r "${REPO}/node_modules/ts-node/register/transpile-only" "${REPO}/test/engine/provider/index.ts" "$@"\n`,
      { mode: 0o755 },
    );
  }

  /**
   * The harness's CLI run with `--cwd` on the repository. EngineStack.cli copies process.env when
   * it spawns (synchronously), so the extra plugin directory and variables are set around that call
   * only. PULUMI_ENABLE_STREAMING_JSON_PREVIEW: the buffered `--json` digest carries no policy
   * events; the streamed engine events do.
   */
  private run(args: string[]): Promise<CliRun> {
    const saved = { ...process.env };
    process.env.PATH = `${this.bin}${path.delimiter}${process.env.PATH}`;
    process.env.PULUMI_ENABLE_STREAMING_JSON_PREVIEW = "true";
    try {
      return this.engine.cli([...args, "--cwd", REPO]);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.PULUMI_ENABLE_STREAMING_JSON_PREVIEW === undefined)
        delete process.env.PULUMI_ENABLE_STREAMING_JSON_PREVIEW;
      else
        process.env.PULUMI_ENABLE_STREAMING_JSON_PREVIEW =
          saved.PULUMI_ENABLE_STREAMING_JSON_PREVIEW;
    }
  }

  async init(): Promise<this> {
    if (!existsSync(path.join(POLICY_PACK, "index.js")))
      throw new Error(`No pack in ${POLICY_PACK}: run npm run build (npm run test:engine does).`);
    const arm = this.engine.arm;
    await arm.start();
    arm.principals.push(DEPLOYER);
    const init = await this.run([
      "stack",
      "init",
      this.engine.name,
      "--secrets-provider",
      "passphrase",
    ]);
    if (init.code !== 0) throw new Error(`stack init failed:\n${init.output}`);
    // `stack init` writes the passphrase salt next to Pulumi.yaml; keep the checkout clean.
    renameSync(path.join(REPO, `Pulumi.${this.engine.name}.yaml`), this.configFile);
    const planConfig = yaml.load(readFileSync(path.join(REPO, "Pulumi.plan.yaml"), "utf8")).config;
    const plain: Record<string, string> = {
      ...planConfig,
      "azure-native:metadataHost": arm.endpoint,
      "azure-native:tenantId": DEPLOYER.tenantId,
      "azure-native:clientId": DEPLOYER.clientId,
      "azure-native:subscriptionId": SUBSCRIPTION,
      "azure-native:location": "westeurope",
    };
    writeFileSync(
      this.configFile,
      [
        readFileSync(this.configFile, "utf8").trimEnd(),
        "config:",
        ...Object.entries(plain).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
        "",
      ].join("\n"),
    );
    const secret = await this.run([
      "config",
      "set",
      "--secret",
      "azure-native:clientSecret",
      DEPLOYER.clientSecret,
      "--config-file",
      this.configFile,
    ]);
    if (secret.code !== 0) throw new Error(`config set failed:\n${secret.output}`);
    return this;
  }

  /** `pulumi preview --policy-pack dist/policy-pack [--policy-pack-config FILE] ...`. */
  preview(opts: { packConfig?: object; json?: boolean } = {}): Promise<CliRun> {
    const args = ["preview", "--config-file", this.configFile, "--policy-pack", POLICY_PACK];
    if (opts.packConfig) {
      const file = path.join(this.dir, `pack-config-${Date.now()}.json`);
      writeFileSync(file, JSON.stringify(opts.packConfig));
      args.push("--policy-pack-config", file);
    }
    if (opts.json) args.push("--json");
    return this.run(args);
  }

  async dispose(): Promise<void> {
    await this.run(["stack", "rm", "--yes", "--force"]);
    await this.engine.arm.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The engine events of a `--json` preview streamed with PULUMI_ENABLE_STREAMING_JSON_PREVIEW (the
 * buffered `--json` digest carries no policy events): each `policyEvent` is one finding, and the
 * policy summary events list every policy that ran.
 */
export function streamedPolicyResults(stdout: string): {
  findings: PolicyFinding[];
  ran: string[];
} {
  const events = stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));
  const findings = events
    .filter((e) => e.policyEvent)
    .map(({ policyEvent: p }) => ({
      rule: p.policyName,
      level: p.enforcementLevel,
      resource: stacklessUrn(p.resourceUrn),
    }));
  const ran = new Set<string>();
  for (const e of events) {
    const s = e.policyAnalyzeSummaryEvent ?? e.policyAnalyzeStackSummaryEvent;
    for (const name of [...(s?.passed ?? []), ...(s?.failed ?? [])]) ran.add(name);
  }
  return { findings, ran: [...ran].sort() };
}

/**
 * The violations in the text output's "Policies:" section, e.g.
 * `- [mandatory]  schedule-peak-hours  (azure-native:datafactory:Trigger: daily-trigger)`.
 */
export function printedViolations(
  output: string,
): { level: string; rule: string; resource: string }[] {
  const section = output.slice(output.indexOf("\nPolicies:"));
  return [...section.matchAll(/^\s+- \[(\w+)\]\s+(\S+)\s+\(([^:]+:[^:]+:[^:]+): ([^)]+)\)$/gm)].map(
    (m) => ({ level: m[1], rule: m[2], resource: `${m[3]}::${m[4]}` }),
  );
}

/** `npm run plan -- stacks/reference --format json [--policy FILE]`: exit code and findings. */
export function planFindings(
  policyFile?: object,
): Promise<{ code: number; findings: PolicyFinding[] }> {
  const args = [
    "-r",
    "ts-node/register/transpile-only",
    "bin/cli.ts",
    "plan",
    "stacks/reference",
    "--format",
    "json",
  ];
  let file: string | undefined;
  if (policyFile) {
    file = path.join(mkdtempSync(path.join(tmpdir(), "mlops-plan-policy-")), "policy.json");
    writeFileSync(file, JSON.stringify(policyFile));
    args.push("--policy", file);
  }
  return new Promise((resolve, reject) =>
    execFile("node", args, { cwd: REPO, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (file) rmSync(path.dirname(file), { recursive: true, force: true });
      const code = err ? Number((err as { code?: number }).code) : 0;
      if (code !== 0 && code !== 1) return reject(new Error(`plan failed (${code}):\n${stderr}`));
      const doc = JSON.parse(stdout);
      resolve({
        code,
        findings: doc.findings.map((f: { rule: string; severity: string; resource: string }) => ({
          rule: f.rule,
          level: f.severity,
          resource: stacklessUrn(f.resource),
        })),
      });
    }),
  );
}
