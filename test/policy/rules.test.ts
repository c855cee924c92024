import { strict as assert } from "assert";
import { ruleContext, RULES, Rule, PolicyResource } from "../../lib/policy";
import {
  activityRetry,
  backupLifecycle,
  consumerCadence,
  dataAvailabilityGate,
  failureAlerting,
  managedIdentityAccess,
  scheduleCollision,
  schedulePeakHours,
  scheduleTimeZone,
  storageSecureTransport,
  triggerActivated,
  tumblingBackfillConcurrency,
} from "../../lib/policy/rules";
import { ScheduledDataPipeline } from "../../lib/datafactory";
import { Recurrence } from "../../lib/core";
import { mocks } from "../support/mocks";
import { policyResources } from "../../lib/plan/document";
import { broken, cloned, find, NOW, T, world } from "./world";

function check(rule: Rule, resources: PolicyResource[], peakHours?: string) {
  return rule.check(ruleContext(resources, { now: NOW, horizonDays: 7, peakHours }));
}

describe("policy rules", () => {
  let stack: PolicyResource[];
  before(async () => {
    stack = await world();
  });

  it("has at least 10 rules with unique kebab-case ids and full documentation", () => {
    assert.ok(RULES.length >= 10);
    assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
    for (const r of RULES) {
      assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(r.title && r.why && r.practice && r.appliesTo.length, r.id);
    }
  });

  it("accepts the stack built with the library's defaults (every rule, peak hours declared)", () => {
    for (const rule of RULES)
      assert.deepEqual(check(rule, stack, "8-18@W. Europe Standard Time"), [], rule.id);
  });

  describe(activityRetry.id, () => {
    it("flags a retryable activity below 3 retries, also inside a ForEach", () => {
      const p = find(stack, "pol-ingest", T.pipeline);
      const bad = broken(stack, p, (props) => {
        props.activities.find((a: any) => a.name === "CopyRaw").policy.retry = 1;
        props.activities.push({
          name: "PerFile",
          type: "ForEach",
          items: { value: "@pipeline().parameters.files", type: "Expression" },
          activities: [{ name: "Inner", type: "Lookup", source: {}, dataset: {} }],
        });
      });
      const v = check(activityRetry, bad);
      assert.equal(v.length, 1);
      assert.equal(v[0].resource, p.urn);
      assert.match(v[0].message, /CopyRaw \(Copy, retry 1\), Inner \(Lookup, retry 0\)/);
    });
    it('reads a numeric string retry ("2") as the number, as Data Factory does (issue 19, item 9)', () => {
      const p = find(stack, "pol-ingest", T.pipeline);
      const bad = broken(stack, p, (props) => {
        props.activities.find((a: any) => a.name === "CopyRaw").policy.retry = "2";
      });
      assert.match(check(activityRetry, bad)[0]?.message ?? "", /CopyRaw \(Copy, retry 2\)/);
      const ok = broken(stack, p, (props) => {
        props.activities.find((a: any) => a.name === "CopyRaw").policy.retry = " 3 ";
      });
      assert.deepEqual(check(activityRetry, ok), []);
    });
    it("leaves control activities (SetVariable, Wait) and run-time expressions alone", () => {
      const p = find(stack, "pol-ingest", T.pipeline);
      const ok = broken(stack, p, (props) => {
        props.activities.push({ name: "Pause", type: "Wait", waitTimeInSeconds: 1 });
        props.activities.find((a: any) => a.name === "CopyRaw").policy.retry =
          "@pipeline().parameters.retries";
      });
      assert.deepEqual(check(activityRetry, ok), []);
    });
  });

  describe(failureAlerting.id, () => {
    // The world's PipelineAlerts watch every pipeline: take its metric alerts away too.
    const quiet = (s: PolicyResource[]) =>
      broken(s, find(s, "pol-train", T.pipeline), (props) => {
        props.activities = props.activities.filter(
          (a: any) => a.type !== "WebActivity" && a.type !== "Fail" && a.type !== "SetVariable",
        );
      }).filter((r) => r.type !== T.metricAlert);
    it("flags a scheduled pipeline with no failure notification and no alert", () => {
      const v = check(failureAlerting, quiet(stack));
      assert.equal(v.length, 1);
      assert.match(
        v[0].message,
        /Pipeline pol-train runs on a schedule but nothing reports a failed run/,
      );
    });
    it("accepts a PipelineFailedRuns metric alert on the factory instead", () => {
      const alert: PolicyResource = {
        urn: "urn:pulumi:test::p::azure-native:monitor:MetricAlert::failed-runs",
        type: "azure-native:monitor:MetricAlert",
        name: "failed-runs",
        props: {
          scopes: [
            "/subscriptions/0/resourceGroups/rg-pol/providers/Microsoft.DataFactory/factories/adf-pol",
          ],
          criteria: {
            odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
            allOf: [{ metricName: "PipelineFailedRuns", operator: "GreaterThan", threshold: 0 }],
          },
        },
      };
      assert.deepEqual(check(failureAlerting, [...quiet(stack), alert]), []);
    });
  });

  describe(triggerActivated.id, () => {
    it("flags a trigger the library leaves stopped (activated: false)", async () => {
      new ScheduledDataPipeline("polx-stopped", {
        factory: { resourceGroupName: "rg-pol", factoryName: "adf-pol" },
        activities: [{ name: "A", type: "Copy", source: {}, sink: {}, inputs: [], outputs: [] }],
        schedule: Recurrence.daily({ at: "05:00", timeZone: "UTC" }),
        scheduleActivated: false,
      });
      await mocks().settle();
      const rs = policyResources(
        mocks().resources.filter((r) => r.name.startsWith("polx-stopped")),
      );
      const v = check(triggerActivated, rs);
      assert.equal(v.length, 1);
      assert.match(v[0].message, /Trigger polx-stopped-schedule stays Stopped after deploy/);
    });
    it("without the activation resource (CrossGuard) trusts the library's annotation only", () => {
      const t = find(stack, "pol-ingest", T.trigger);
      const noHooks = { ...t, activation: undefined };
      assert.deepEqual(check(triggerActivated, [noHooks]), []);
      const raw = cloned(noHooks, "raw-trigger", (p) => delete p.properties.annotations);
      assert.equal(check(triggerActivated, [raw]).length, 1);
    });
  });

  describe(scheduleTimeZone.id, () => {
    it("flags a daily schedule without a time zone, not an hourly one", () => {
      const t = find(stack, "pol-ingest", T.trigger);
      const v = check(
        scheduleTimeZone,
        // Terraform azurerm's shape when time_zone is unset: an empty zone and a UTC start.
        broken(stack, t, (p) => {
          p.properties.recurrence.timeZone = "";
          p.properties.recurrence.startTime = "2025-01-01T00:00:00Z";
        }),
      );
      assert.equal(v.length, 1);
      assert.match(v[0].message, /\(Day\) has no timeZone/);
      const hourly = broken(stack, t, (p) => {
        delete p.properties.recurrence.timeZone;
        p.properties.recurrence = {
          frequency: "Hour",
          interval: 1,
          startTime: "2026-01-01T00:00:00Z",
        };
      });
      assert.deepEqual(check(scheduleTimeZone, hourly), []);
    });
  });

  describe(schedulePeakHours.id, () => {
    it("flags triggers starting runs inside the peak hours, counting them", () => {
      const v = check(schedulePeakHours, stack, "0-6");
      const byName = Object.fromEntries(v.map((x) => [x.resource.split("::").pop(), x.message]));
      // 02:00 W. Europe = 01:00 UTC every day; the 24 h window is due at 04:00 UTC.
      assert.match(
        byName["pol-ingest-schedule-trigger"],
        /starts 7 of 7 runs .* peak hours 00:00-06:00 UTC/,
      );
      assert.match(byName["pol-window-trigger"], /starts 7 of 7 runs/);
      // Sunday 29 Nov 03:00 W. Europe = 02:00 UTC.
      assert.match(
        byName["pol-train-schedule-trigger"],
        /starts 1 of 1 runs .*first 2026-11-29 02:00/,
      );
    });
    it("applies only when peak hours are declared", () => {
      assert.deepEqual(check(schedulePeakHours, stack), []);
    });
  });

  describe(scheduleCollision.id, () => {
    it("flags schedule triggers of one factory starting in the same minute", () => {
      const t = find(stack, "pol-ingest", T.trigger);
      const twin = cloned(t, "twin-trigger", (p) => (p.triggerName = "twin"));
      const v = check(scheduleCollision, [...stack, twin]);
      assert.equal(v.length, 2);
      assert.match(
        v[0].message,
        /Triggers pol-ingest-schedule, twin start runs in the same minute \(first 2026-11-27 01:00 UTC\)/,
      );
    });
    it("does not compare triggers of different factories", () => {
      const t = find(stack, "pol-ingest", T.trigger);
      const other = cloned(t, "other-trigger", (p) => {
        p.triggerName = "other";
        p.factoryName = "adf-other";
      });
      assert.deepEqual(check(scheduleCollision, [...stack, other]), []);
    });
  });

  describe(dataAvailabilityGate.id, () => {
    it("flags a clock-driven pipeline without a Validation or GetMetadata exists check", () => {
      const p = find(stack, "pol-daily-window", T.pipeline);
      const v = check(
        dataAvailabilityGate,
        broken(stack, p, (props) => {
          props.activities = props.activities.filter((a: any) => a.type !== "Validation");
        }),
      );
      assert.equal(v.length, 1);
      assert.match(
        v[0].message,
        /pol-daily-window is started by TumblingWindowTrigger but never checks its input exists/,
      );
    });
    it("does not require it of pipelines no clock starts", () => {
      const p = find(stack, "pol-daily-window", T.pipeline);
      const unscheduled = cloned(p, "loose", (props) => {
        props.pipelineName = "loose";
        props.activities = [];
      });
      assert.deepEqual(check(dataAvailabilityGate, [...stack, unscheduled]), []);
    });
  });

  describe(consumerCadence.id, () => {
    it("flags a consumer that runs more often than its input is refreshed", () => {
      const t = find(stack, "pol-train", T.trigger);
      const v = check(
        consumerCadence,
        broken(stack, t, (p) => {
          p.properties.recurrence = {
            frequency: "Hour",
            interval: 1,
            startTime: "2026-01-01T00:00:00Z",
            timeZone: "UTC",
          };
        }),
      );
      assert.equal(v.length, 1);
      assert.match(
        v[0].message,
        /pol-train runs 672 times in 28 days but reads CuratedSales, which pol-ingest refreshes only 28 times/,
      );
    });
  });

  describe(tumblingBackfillConcurrency.id, () => {
    it("flags a backfilling window with a high maxConcurrency, not a future one", () => {
      const t = find(stack, "pol-window", T.trigger);
      const wide = broken(stack, t, (p) => (p.properties.maxConcurrency = 50));
      const v = check(tumblingBackfillConcurrency, wide);
      assert.equal(v.length, 1);
      assert.match(v[0].message, /queues 6 past windows on deploy with maxConcurrency 50/);
      const future = broken(
        wide,
        find(wide, "pol-window", T.trigger),
        (p) => (p.properties.startTime = "2027-01-01T00:00:00Z"),
      );
      assert.deepEqual(check(tumblingBackfillConcurrency, future), []);
    });
  });

  describe(storageSecureTransport.id, () => {
    it("flags HTTP, old TLS and public blob access", () => {
      const a = find(stack, "pol-lake", T.account);
      const v = check(
        storageSecureTransport,
        broken(stack, a, (p) => {
          p.enableHttpsTrafficOnly = false;
          p.minimumTlsVersion = "TLS1_0";
          delete p.allowBlobPublicAccess;
        }),
      );
      assert.equal(v.length, 1);
      assert.equal(
        v[0].message,
        'Storage account pollake: enableHttpsTrafficOnly is false; minimumTlsVersion is TLS1_0 (set "TLS1_2" explicitly); allowBlobPublicAccess is not set (set false explicitly).',
      );
    });
  });

  describe(managedIdentityAccess.id, () => {
    it("flags keys, SAS and key-bearing connection strings, not a ResourceId connection", () => {
      const ls = find(stack, "pol-ls", T.linkedService);
      const withKey = cloned(
        ls,
        "ls-key",
        (p) =>
          (p.properties = {
            type: "AzureBlobStorage",
            connectionString: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc==",
          }),
      );
      const withSas = cloned(
        ls,
        "ls-sas",
        (p) =>
          (p.properties = {
            type: "AzureBlobStorage",
            sasUri: "https://a.blob.core.windows.net/?sv=1",
          }),
      );
      const identity = cloned(
        ls,
        "ls-mi",
        (p) =>
          (p.properties = {
            type: "AzureBlobStorage",
            connectionString:
              "ResourceId=/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a/;",
          }),
      );
      const v = check(managedIdentityAccess, [...stack, withKey, withSas, identity]);
      assert.deepEqual(
        v.map((x) => x.resource.split("::").pop()),
        ["ls-key", "ls-sas"],
      );
      assert.match(
        v[0].message,
        /authenticates with connectionString with a key or password; use the factory's managed identity/,
      );
    });
  });

  describe(backupLifecycle.id, () => {
    it("flags backup storage without a lifecycle policy, or without retention", () => {
      const withoutPolicy = stack.filter((r) => r.type !== T.policy);
      const v = check(backupLifecycle, withoutPolicy);
      assert.equal(v.length, 1);
      assert.match(
        v[0].message,
        /Backup storage account polbackup: no lifecycle management policy/,
      );
      const mp = find(stack, "pol-backup-lifecycle", T.policy);
      const noDelete = broken(
        stack,
        mp,
        (p) => delete p.policy.rules[0].definition.actions.baseBlob.delete,
      );
      assert.match(
        check(backupLifecycle, noDelete)[0].message,
        /polbackup: no delete action \(retention\)/,
      );
    });
    it("recognises backup storage by a *backup* container too; other accounts need no policy", () => {
      const lake = find(stack, "pol-lake", T.account);
      const container: PolicyResource = {
        urn: "urn:pulumi:test::p::azure-native:storage:BlobContainer::model-backups",
        type: "azure-native:storage:BlobContainer",
        name: "model-backups",
        props: { accountName: "pollake", containerName: "model-backups" },
      };
      assert.deepEqual(check(backupLifecycle, [lake]), []);
      assert.equal(check(backupLifecycle, [lake, container]).length, 1);
    });
  });
});
