import { strict as assert } from "assert";
import { RULES } from "../../lib/policy";
import { cleanUpShared, explain } from "./harness";
import {
  key,
  planFindings,
  printedViolations,
  ReferenceStack,
  streamedPolicyResults,
  typeAndName,
} from "./policy-harness";

/**
 * The CrossGuard pack (dist/policy-pack) under the real Pulumi CLI v3.248.0 and its policy analyzer
 * (`@pulumi/policy` run by the Node.js SDK's cmd/run-policy-pack through the language host's
 * RunPlugin), on the reference stack (stacks/reference, the config of Pulumi.plan.yaml) previewed
 * with the stand-in azure-native plugin: the findings equal those of the offline plan
 * (`npm run plan -- stacks/reference --format json`, run here), a mandatory finding fails the
 * preview, and a preview calls nothing in Azure. Issue 7, item 4.
 */

/** Peak hours the reference stack's 02:00 ingest, hourly window and daily backup all start in. */
const NIGHT = "0-6@W. Europe Standard Time";

describe("CrossGuard pack under the real Pulumi CLI (reference stack)", function () {
  this.timeout(900_000);
  let stack: ReferenceStack;
  before(async () => {
    stack = await new ReferenceStack().init();
  });
  after(async () => {
    await stack?.dispose();
    cleanUpShared();
  });

  it("`pulumi preview --policy-pack` runs every policy and reports what `npm run plan` reports", async () => {
    const [run, plan] = await Promise.all([stack.preview({ json: true }), planFindings()]);
    assert.equal(run.code, 0, explain(run));
    const { findings, ran } = streamedPolicyResults(run.stdout);
    assert.deepEqual(
      ran,
      RULES.map((r) => r.id).sort(),
      "the analyzer ran each of the pack's policies",
    );
    assert.equal(plan.code, 0, "no mandatory finding in the plan");
    assert.deepEqual(findings.map(key).sort(), plan.findings.map(key).sort());
    assert.deepEqual(stack.engine.arm.log, [], "the preview called nothing in Azure");
  });

  it("a finding raised to mandatory (--policy-pack-config) fails the preview and names rule and resource, as the plan does", async () => {
    const [run, plan] = await Promise.all([
      stack.preview({
        packConfig: { "schedule-peak-hours": { enforcementLevel: "mandatory", peakHours: NIGHT } },
      }),
      planFindings({ peakHours: NIGHT, severities: { "schedule-peak-hours": "mandatory" } }),
    ]);
    assert.equal(run.timedOut, false, explain(run));
    assert.notEqual(run.code, 0, explain(run));
    assert.equal(plan.code, 1, "the plan fails on the same mandatory findings");
    assert.ok(plan.findings.length > 0, "the night-time triggers start in peak hours");
    assert.deepEqual(
      printedViolations(run.output)
        .map((v) => `${v.level} ${v.rule} ${v.resource}`)
        .sort(),
      plan.findings.map((f) => `${f.level} ${f.rule} ${typeAndName(f.resource)}`).sort(),
      explain(run),
    );
    assert.deepEqual(stack.engine.arm.log, [], "the preview called nothing in Azure");
  });
});
