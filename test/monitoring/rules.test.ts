import { strict as assert } from "assert";
import { ruleContext } from "../../lib/policy/engine";
import { adfRunLogs, alertReceivers, deadlineAlert } from "../../lib/policy/rules";
import type { PolicyResource, Rule } from "../../lib/policy";
import { broken, find, NOW, T, world } from "../policy/world";

function check(rule: Rule, resources: PolicyResource[]) {
  return rule.check(ruleContext(resources, { now: NOW, horizonDays: 7 }));
}

const factory: PolicyResource = {
  urn: "urn:pulumi:test::p::azure-native:datafactory:Factory::pol-factory",
  type: "azure-native:datafactory:Factory",
  name: "pol-factory",
  props: { factoryName: "adf-pol", resourceGroupName: "rg-pol" },
};

describe("monitoring rules", () => {
  let stack: PolicyResource[];
  before(async () => {
    stack = await world();
  });

  describe(deadlineAlert.id, () => {
    it("accepts scheduled pipelines that PipelineAlerts gives a deadline", () => {
      assert.deepEqual(check(deadlineAlert, stack), []);
    });
    it("flags a scheduled pipeline once its deadline rule is gone", () => {
      const rule = find(stack, "pol-alerts-deadline-1", T.queryRule);
      const v = check(
        deadlineAlert,
        stack.filter((r) => r !== rule),
      );
      assert.equal(v.length, 1);
      assert.match(v[0].message, /Pipeline pol-train runs on a schedule but no deadline alert/);
    });
    it("does not ask a tumbling-window pipeline for a deadline (it has no wall-clock schedule)", () => {
      const v = check(
        deadlineAlert,
        stack.filter((r) => r.type !== T.queryRule),
      );
      assert.deepEqual(v.map((x) => x.resource.split("::").pop()).sort(), [
        "pol-ingest-pipeline",
        "pol-train-pipeline",
      ]);
    });
  });

  describe(alertReceivers.id, () => {
    it("accepts the alerts PipelineAlerts creates", () => {
      assert.deepEqual(check(alertReceivers, stack), []);
    });
    it("flags an action group without receivers", () => {
      const g = find(stack, "pol-alerts-actions", T.actionGroup);
      const v = check(
        alertReceivers,
        broken(stack, g, (p) => (p.emailReceivers = [])),
      );
      assert.equal(v.length, 1);
      assert.match(v[0].message, /has no receivers/);
    });
    it("flags a disabled action group and an alert without actions", () => {
      const g = find(stack, "pol-alerts-actions", T.actionGroup);
      const a = find(stack, "pol-alerts-pipeline-failed", T.metricAlert);
      const s1 = broken(stack, g, (p) => (p.enabled = false));
      const v = check(
        alertReceivers,
        broken(s1, a, (p) => (p.actions = [])),
      );
      assert.deepEqual(
        v.map((x) => x.message.replace(/ [^ ]+ (is|has)/, " X $1")).sort(),
        [
          "Action group X is disabled: its alerts notify nobody.",
          "Alert rule X has no action group: it fires without notifying anyone.",
        ].sort(),
      );
    });
  });

  describe(adfRunLogs.id, () => {
    it("accepts a factory whose run logs PipelineAlerts sends to Log Analytics", () => {
      assert.deepEqual(check(adfRunLogs, [...stack, factory]), []);
    });
    it("flags a factory without the setting, or with a category missing", () => {
      const ds = find(stack, "pol-alerts-diagnostics", T.diagnosticSetting);
      const none = check(adfRunLogs, [...stack.filter((r) => r !== ds), factory]);
      assert.equal(none.length, 1);
      assert.match(
        none[0].message,
        /Factory adf-pol has no diagnostic setting sending PipelineRuns, ActivityRuns, TriggerRuns/,
      );
      const partial = broken(
        stack,
        ds,
        (p) => (p.logs = p.logs.filter((l: any) => l.category !== "TriggerRuns")),
      );
      assert.equal(check(adfRunLogs, [...partial, factory]).length, 1);
    });
    it("accepts the allLogs category group", () => {
      const ds = find(stack, "pol-alerts-diagnostics", T.diagnosticSetting);
      const grouped = broken(
        stack,
        ds,
        (p) => (p.logs = [{ categoryGroup: "allLogs", enabled: true }]),
      );
      assert.deepEqual(check(adfRunLogs, [...grouped, factory]), []);
    });
  });
});
