/**
 * Two stacks deployed at once by the Automation API in this one process (issue 18, case 4):
 * `LocalWorkspace` inline programs, each stack with its own azure-native principal and fake ARM.
 * Run by `field.engine.ts` as a child process (the hooks run here and call the fake ARM, so
 * this process needs the loopback certificate at start-up: NODE_EXTRA_CA_CERTS). Input: the JSON
 * in MLOPS_TWO_STACKS; output: one JSON line per phase on stdout.
 */
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";

interface StackInput {
  readonly name: string;
  readonly endpoint: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}
const execFileAsync = promisify(execFile);
const input = JSON.parse(process.env.MLOPS_TWO_STACKS!) as {
  readonly workDir: string;
  readonly subscriptionId: string;
  readonly stacks: StackInput[];
};

// The activation provider's module path is taken relative to the working directory, where the
// engine also runs the provider: the program's directory, as for a program run by the CLI.
process.chdir(input.workDir);
const dist = path.resolve(__dirname, "../../../dist/lib");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Recurrence } = require(`${dist}/core`);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const df = require(`${dist}/datafactory`);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const datafactory = require("@pulumi/azure-native/datafactory");

/** Two triggers, with a pause between them so that the two stacks' programs interleave. */
const program = (description: string) => async () => {
  const resourceGroupName = "rg-engine";
  const factory = new datafactory.Factory("adf", {
    resourceGroupName,
    factoryName: "adf-engine",
    location: "westeurope",
  });
  const ingest = new datafactory.Pipeline("ingest", {
    resourceGroupName,
    factoryName: factory.name,
    pipelineName: "ingest",
    activities: [{ name: "Wait", type: "Wait", waitTimeInSeconds: 1 }],
  });
  for (const name of ["a", "b"]) {
    new df.ScheduleTrigger(name, {
      factory: { resourceGroupName, factoryName: factory.name },
      recurrence: Recurrence.daily({ at: "02:00" }),
      pipelines: [{ pipeline: ingest.name }],
      description,
    });
    await new Promise((r) => setTimeout(r, 300));
  }
  return { stack: pulumi.getStack() };
};

async function stackFor(s: StackInput, description: string): Promise<Stack> {
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: s.name, projectName: "mlops-engine", program: program(description) },
    { workDir: input.workDir },
  );
  await stack.setAllConfig({
    "azure-native:metadataHost": { value: s.endpoint },
    "azure-native:tenantId": { value: s.tenantId },
    "azure-native:clientId": { value: s.clientId },
    "azure-native:clientSecret": { value: s.clientSecret, secret: true },
    "azure-native:subscriptionId": { value: input.subscriptionId },
    "azure-native:location": { value: "westeurope" },
  });
  return stack;
}

async function phase(name: string, run: (s: StackInput) => Promise<unknown>): Promise<void> {
  const results = await Promise.all(
    input.stacks.map(async (s) => {
      try {
        await run(s);
        return { stack: s.name, ok: true, error: "" };
      } catch (e) {
        return { stack: s.name, ok: false, error: String((e as Error).message ?? e).slice(-3000) };
      }
    }),
  );
  process.stdout.write(JSON.stringify({ phase: name, results }) + "\n");
}

(async () => {
  await phase("up", async (s) => (await stackFor(s, "v1")).up());
  await phase("update", async (s) => (await stackFor(s, "v2")).up());
  // Destroy needs no program. The CLI built from source reports no version, which the SDK's
  // destroy() insists on reading, so it is run directly.
  await phase("destroy", async (s) => {
    for (const args of [
      ["destroy", "--yes", "--skip-preview"],
      ["stack", "rm", "--yes"],
    ]) {
      await execFileAsync("pulumi", [...args, "--stack", s.name, "--non-interactive"], {
        cwd: input.workDir,
      });
    }
  });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
