import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { userFrame, ValidationError } from "../core/errors";
import { errorReport } from "./error-report";
import type { PolicyOptions } from "../policy/engine";
import { buildPlan, PlanDocument } from "./document";
import { readPriceFile } from "../cost/price-file";
import { installMocks, MockSession, withCheapStackTraces } from "./mocks";
import { assertSchema, readJsonOption } from "./schema";

/** Options for `runPlan`. */
export interface RunPlanOptions {
  /** Program directory or file. @default - `main:` of Pulumi.yaml, else the project directory */
  readonly program?: string;
  /** "Now" for firings and backfill. @default - the current time */
  readonly from?: Date;
  /** Days of firings. @default 7 */
  readonly days?: number;
  /**
   * Stack whose `Pulumi.<stack>.yaml` config is used.
   * @default - the only `Pulumi.<stack>.yaml` of the project, else `dev` (see `defaultStack`)
   */
  readonly stack?: string;
  /** Project directory holding Pulumi.yaml. @default process.cwd() */
  readonly cwd?: string;
  /** Peak hours, `8-18` or `8-18@W. Europe Standard Time`. @default - the policy file's, else none */
  readonly peakHours?: string;
  /**
   * Policy file (JSON: `severities`, `suppressions`, `peakHours`, `budgets`;
   * schema/policy-v1.schema.json).
   * @default - `mlops-policy.json` in the project directory, when present
   */
  readonly policyFile?: string;
  /**
   * Price table for the cost estimate (JSON, schema/prices-v1.schema.json), laid over the
   * built-in one. @default - the built-in table (`lib/cost/prices.ts`)
   */
  readonly pricesFile?: string;
  /** Type-check the project with its own `typescript` before running it. @default false */
  readonly typecheck?: boolean;
  /** Keep the Pulumi SDK's stack traces (slower; full stacks for errors). @default false */
  readonly debug?: boolean;
  /** Where one-line notes go (secret config values replaced). @default console.error */
  readonly warn?: (message: string) => void;
}

/** The policy file's content. */
export interface PolicyFile extends Pick<PolicyOptions, "severities" | "suppressions" | "budgets"> {
  /** Hours when runs should not start (`8-18@W. Europe Standard Time`). @default - none */
  readonly peakHours?: string;
}

/**
 * A problem with how the plan was asked for or how the program behaves under it (TypeScript
 * cannot be loaded, a stack file is missing, the program never settles). Its message is one line
 * meant for the user, never a stack trace.
 */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanError";
  }
}

/** The placeholder a `secure:` config value gets: it cannot be decrypted without the stack's key. */
export const SECRET_PLACEHOLDER = "[secret]";

/** YAML through the parser the Pulumi SDK itself depends on (no extra dependency). */
function parseYaml(file: string): any {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require(require.resolve("js-yaml", { paths: [pulumiDir, __dirname] }));
  try {
    return yaml.load(readFileSync(file, "utf8")) ?? {};
  } catch (e) {
    throw new PlanError(`${file}: not valid YAML (${(e as Error).message.split("\n")[0]})`);
  }
}

/** Replaces every `{ secure: ... }` inside a config value with the placeholder. */
function withoutCiphertext(value: any): { value: any; secret: boolean } {
  if (value && typeof value === "object") {
    if (!Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value)
      return { value: SECRET_PLACEHOLDER, secret: true };
    let secret = false;
    const out: any = Array.isArray(value) ? [] : {};
    for (const [k, v] of Object.entries(value)) {
      const inner = withoutCiphertext(v);
      out[k] = inner.value;
      secret ||= inner.secret;
    }
    return { value: out, secret };
  }
  return { value, secret: false };
}

/** What `Pulumi.yaml` and `Pulumi.<stack>.yaml` give the program. */
interface ProjectSettings {
  readonly project: string;
  readonly main?: string;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
}

/**
 * The Pulumi project the program belongs to, as `pulumi -C <dir>` would pick it: a program
 * directory with its own Pulumi.yaml (`stacks/platform`) is its own project, with its stack files
 * beside it; otherwise the project is the working directory.
 */
function projectDirOf(cwd: string, program: string | undefined): string {
  if (!program) return cwd;
  const dir = path.resolve(cwd, program);
  return existsSync(path.join(dir, "Pulumi.yaml")) ? dir : cwd;
}

/** The stacks of a project directory, from its `Pulumi.<stack>.yaml` files. */
function stackNames(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => !!s)
    .sort();
}

/** The stack Pulumi's own project template starts with (`pulumi new` proposes `dev`). */
export const CONVENTIONAL_STACK = "dev";

/**
 * The stack a plan uses without `--stack`, as a Pulumi project is usually laid out: the only
 * `Pulumi.<stack>.yaml` beside Pulumi.yaml, else `dev` (Pulumi's first stack by convention; with
 * no stack file, the plan runs without config). Several stack files and none of them `dev` is
 * ambiguous: the plan asks for `--stack` rather than guess.
 */
export function defaultStack(projectDir: string): string {
  const stacks = stackNames(projectDir);
  if (stacks.length === 1) return stacks[0];
  if (!stacks.length || stacks.includes(CONVENTIONAL_STACK)) return CONVENTIONAL_STACK;
  throw new PlanError(
    `several stacks and no default: pick one with --stack (stacks here: ${stacks.join(", ")})\nWithout --stack the plan uses the only Pulumi.<stack>.yaml, else Pulumi.dev.yaml.`,
  );
}

/**
 * Reads `name:` and `main:` from Pulumi.yaml and the `config:` of Pulumi.<stack>.yaml the way the
 * Pulumi CLI hands it to a program: keys namespaced by the project, structured values as JSON,
 * `secure:` values secret (here a placeholder, since they cannot be decrypted offline).
 */
function projectSettings(cwd: string, stack: string, explicitStack: boolean): ProjectSettings {
  const projectFile = path.join(cwd, "Pulumi.yaml");
  const projectDoc = existsSync(projectFile) ? parseYaml(projectFile) : {};
  const project = typeof projectDoc.name === "string" ? projectDoc.name : "mlops";
  const main = typeof projectDoc.main === "string" ? projectDoc.main : undefined;
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const stackFile = path.join(cwd, `Pulumi.${stack}.yaml`);
  if (!existsSync(stackFile) && explicitStack) {
    const stacks = stackNames(cwd);
    throw new PlanError(
      `unknown stack "${stack}": no Pulumi.${stack}.yaml in ${cwd} (stacks here: ${stacks.join(", ") || "none"})`,
    );
  }
  // Project-level defaults (`config: { key: { default: ... } }` in Pulumi.yaml), as the CLI applies them.
  for (const [key, decl] of Object.entries<any>(projectDoc.config ?? {})) {
    const value = decl && typeof decl === "object" ? (decl.value ?? decl.default) : decl;
    if (value !== undefined)
      config[key.includes(":") ? key : `${project}:${key}`] =
        typeof value === "string" ? value : JSON.stringify(value);
  }
  const stackDoc = existsSync(stackFile) ? parseYaml(stackFile) : {};
  for (const [rawKey, raw] of Object.entries<any>(stackDoc.config ?? {})) {
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    const { value, secret } = withoutCiphertext(raw);
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
    if (secret) secretKeys.push(key);
  }
  return { project, main, config, secretKeys };
}

function readPolicyFile(cwd: string, file: string | undefined): PolicyFile {
  const target = file ? path.resolve(cwd, file) : path.join(cwd, "mlops-policy.json");
  if (!existsSync(target)) {
    if (file)
      throw new ValidationError(
        "REQUIRED",
        { component: "plan" },
        "policyFile",
        file,
        "must be an existing JSON file",
      );
    return {};
  }
  const doc = readJsonOption(target, "policyFile", target, "JSON");
  assertSchema("policy-v1", doc, "policy");
  return doc as PolicyFile;
}

type TypeScriptApi = typeof import("typescript");

/** The project's own `typescript` (Pulumi's TypeScript template has it), else ours. */
function loadTypeScript(cwd: string): TypeScriptApi {
  let resolved: string;
  try {
    resolved = require.resolve("typescript", { paths: [cwd, __dirname] });
  } catch {
    throw new PlanError(
      "the program is TypeScript and the project has no `typescript` package: run `npm install --save-dev typescript`, or plan the compiled JavaScript",
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(resolved);
}

/** The project's tsconfig.json, when there is one. */
function projectConfig(ts: TypeScriptApi, cwd: string, program: string) {
  const file = ts.findConfigFile(
    existsSync(program) && statSync(program).isDirectory() ? program : path.dirname(program),
    ts.sys.fileExists,
  );
  const configFile =
    file && path.dirname(file).startsWith(cwd) ? file : ts.findConfigFile(cwd, ts.sys.fileExists);
  if (!configFile) return undefined;
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error)
    throw new PlanError(
      `${configFile}: ${ts.flattenDiagnosticMessageText(error.messageText, " ")}`,
    );
  return ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configFile));
}

/**
 * Lets `require` load TypeScript by transpiling each file with the project's own compiler (no
 * ts-node, which Pulumi's template does not include). Types are not checked here: `typecheck`.
 */
function enableTypeScript(cwd: string, program: string): void {
  if (require.extensions[".ts"]) return; // ts-node or another loader is already registered
  const ts = loadTypeScript(cwd);
  const compilerOptions = {
    ...(projectConfig(ts, cwd, program)?.options ?? {}),
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    noEmit: false,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: false,
  };
  require.extensions[".ts"] = (module, filename) => {
    const { outputText } = ts.transpileModule(readFileSync(filename, "utf8"), {
      fileName: filename,
      compilerOptions,
    });
    (module as unknown as { _compile(code: string, file: string): void })._compile(
      outputText,
      filename,
    );
  };
}

/** `tsc --noEmit` over the project (its tsconfig.json, else the program's files), as a PlanError. */
function typeCheck(cwd: string, program: string): void {
  const ts = loadTypeScript(cwd);
  const parsed = projectConfig(ts, cwd, program);
  const files = parsed?.fileNames.length
    ? parsed.fileNames
    : [statSync(program).isDirectory() ? path.join(program, "index.ts") : program];
  const checked = ts.createProgram(files, {
    ...(parsed?.options ?? { strict: true }),
    noEmit: true,
  });
  const errors = ts
    .getPreEmitDiagnostics(checked)
    .filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (!errors.length) return;
  const text = ts.formatDiagnostics(errors.slice(0, 20), {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => cwd,
    getNewLine: () => "\n",
  });
  throw new PlanError(
    `--typecheck: ${errors.length} type error(s)${errors.length > 20 ? " (first 20)" : ""}\n${text.trimEnd()}`,
  );
}

function isTypeScript(program: string): boolean {
  if (program.endsWith(".ts")) return true;
  return !existsSync(path.join(program, "index.js")) && existsSync(path.join(program, "index.ts"));
}

/** The Pulumi SDK's record of promises it created and that have not settled. */
function pendingPromises(): { _debugCtx?: string }[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const state = require("@pulumi/pulumi/runtime/state") as {
    getStore(): { leakCandidates: Set<{ _debugCtx?: string }> };
  };
  return [...state.getStore().leakCandidates];
}

let active: { session: MockSession } | undefined;

/**
 * Why the program being planned has not finished: the resources still waiting for their inputs.
 * For the CLI's guards (the event loop emptied, or the time limit passed).
 */
export function describeUnsettled(): string {
  const registered = new Set(active?.session.resources.map((r) => r.name) ?? []);
  const waiting = new Set<string>();
  for (const p of pendingPromises()) {
    const name = /resource:([^[]+)\[/.exec(p._debugCtx ?? "")?.[1];
    if (name && !registered.has(name)) waiting.add(name);
  }
  const names = [...waiting];
  return names.length
    ? `${names.length} resource(s) never registered because an input never resolved: ${names.slice(0, 10).join(", ")}${names.length > 10 ? ", …" : ""} (an Output or promise that never settles, or a cyclic dependency between these resources)`
    : `${pendingPromises().length} Pulumi promise(s) never settled`;
}
/**
 * Runs a Pulumi program under mocks (no cloud, no credentials) and returns its plan. Throws the
 * program's own error (a ValidationError for bad component input), also one raised asynchronously.
 * Pulumi's runtime state is process-wide: plan one program per process.
 */
export async function runPlan(opts: RunPlanOptions = {}): Promise<PlanDocument> {
  const cwd = opts.cwd ?? process.cwd();
  const projectDir = projectDirOf(cwd, opts.program);
  const stack = opts.stack ?? defaultStack(projectDir);
  const { project, main, config, secretKeys } = projectSettings(projectDir, stack, !!opts.stack);
  const policy = readPolicyFile(cwd, opts.policyFile);
  const from = opts.from ?? new Date();
  const days = opts.days ?? 7;
  const peakHours = opts.peakHours ?? policy.peakHours;
  const prices = opts.pricesFile ? readPriceFile(opts.pricesFile, cwd) : undefined;
  // Check every option before the program registers anything.
  buildPlan([], {
    from,
    days,
    peakHours,
    severities: policy.severities,
    suppressions: policy.suppressions,
    budgets: policy.budgets,
  });
  const programArg = opts.program ?? main ?? ".";
  const program = path.resolve(cwd, programArg);
  if (!existsSync(program) && !existsSync(`${program}.ts`) && !existsSync(`${program}.js`))
    throw new ValidationError(
      "REQUIRED",
      { component: "plan" },
      "program",
      programArg,
      "must be a program directory or file",
    );
  if (isTypeScript(program)) {
    if (opts.typecheck) typeCheck(cwd, program);
    enableTypeScript(cwd, program);
  }
  // Stack traces at the program's own lines: the transpiled TypeScript carries an inline source
  // map (this loader's, ts-node's, the test cache's), which Node applies only when asked.
  process.setSourceMapsEnabled(true);
  if (secretKeys.length)
    (opts.warn ?? console.error)(
      `plan: ${secretKeys.join(", ")} in Pulumi.${stack}.yaml ${secretKeys.length === 1 ? "is a secret" : "are secrets"} that cannot be decrypted offline; the program gets the placeholder "${SECRET_PLACEHOLDER}"`,
    );
  const session = installMocks({ project, stack, config, secretKeys });
  active = { session };
  // A program can also fail asynchronously (a throwing `apply`, a rejected input): Pulumi then
  // rejects a promise nobody awaits. Collect those and report the first as the program's error.
  const failures: unknown[] = [];
  const onRejection = (e: unknown) => failures.push(e);
  process.on("unhandledRejection", onRejection);
  try {
    await withCheapStackTraces(
      async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(program);
        await session.settle();
      },
      { debug: opts.debug },
    );
  } finally {
    process.off("unhandledRejection", onRejection);
  }
  if (failures.length) throw failures[0];
  // `pulumi up` fails a program that leaves Pulumi promises unsettled; so does the plan.
  const leaked = pendingPromises();
  if (leaked.length)
    throw new PlanError(
      `the program leaked ${leaked.length} Pulumi promise(s) that never settled (${[...new Set(leaked.map((p) => p._debugCtx))].slice(0, 3).join("; ")}); Pulumi fails such a deployment. Await every Output or promise you create`,
    );
  return buildPlan(session.resources, {
    program: path.relative(cwd, program) || ".",
    stack,
    from,
    days,
    peakHours,
    severities: policy.severities,
    suppressions: policy.suppressions,
    budgets: policy.budgets,
    prices,
  });
}

/** A file path as the user reads it: relative to the working directory when inside it. */
function shownPath(location: string, cwd: string): string {
  const rel = path.relative(cwd, location);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : location;
}

/**
 * Turns an error from a program into the message a user should see (see `errorReport`): for bad
 * input, the refused value and, on the next line, where the program built it (`at index.ts:12:5`,
 * the TypeScript line) and the error code; for a plan problem or missing config, the sentence; for
 * anything else, the message and where it was thrown (the full stack with `debug`).
 */
export function describeProgramError(
  e: unknown,
  opts: { debug?: boolean; cwd?: string } = {},
): string {
  const cwd = opts.cwd ?? process.cwd();
  if (ValidationError.isValidationError(e)) {
    const hint = e.hint ? e.message.slice(0, -(e.hint.length + 1)) : e.message;
    const where = e.location;
    return errorReport("Invalid input", hint, [
      ...(where ? [`at ${shownPath(where, cwd)}`] : []),
      ...(e.hint ? [e.hint] : []),
      `[${e.code}]`,
    ]);
  }
  if (e instanceof PlanError) return errorReport("plan", e.message);
  if (!(e instanceof Error)) return errorReport("Program error", String(e));
  if (opts.debug)
    return errorReport("Program error", e.message, (e.stack ?? "").split("\n").slice(1));
  const missing = /^Missing required configuration variable '([^']+)'/.exec(e.message);
  if (missing)
    return errorReport("Program error", `missing required configuration variable '${missing[1]}'`, [
      "The plan reads Pulumi.<stack>.yaml (--stack; default: the only stack file, else dev); set it there.",
    ]);
  const where = userFrame(e.stack ?? "");
  const name = e.name === "Error" ? "Error" : e.name;
  return errorReport(`${name}`, e.message, [
    ...(where ? [`at ${shownPath(where, cwd)}`] : []),
    "(run with --debug for the full stack)",
  ]);
}
