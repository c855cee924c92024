import { strict as assert } from "assert";
import { mocks } from "../support/mocks";
import { schemaErrors } from "../support/schema";
import { Duration } from "../../lib/core";
import { buildPlan, policyResources } from "../../lib/plan/document";
import { renderMarkdown } from "../../lib/plan/render-markdown";
import { renderText } from "../../lib/plan/render-text";
import { ruleContext, PolicyResource, Rule, RULES } from "../../lib/policy";
import {
  searchIndexerAlerting,
  searchIndexerCadence,
  searchLocalAuth,
  searchOneIndexerPerDataSource,
} from "../../lib/policy/rules";
import { indexerFirings, indexerTimeline } from "../../lib/schedule";
import {
  SearchIndexerSchedule,
  SearchIndexerScheduleArgs,
  SEARCH_OBJECT_TOKENS,
} from "../../lib/search";

const session = mocks();
const NOW = new Date("2026-11-28T00:00:00Z");
const ACCOUNT =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stplan";
const args: SearchIndexerScheduleArgs = {
  resourceGroupName: "rg-plan",
  storageAccountId: ACCOUNT,
  container: "curated",
  fields: [{ name: "id", type: "Edm.String", key: true }],
  interval: Duration.hours(6),
  startTime: "2026-01-01T01:15:00Z",
  // Indexer alerts notify someone (the monitoring rule `alert-receivers`).
  actionGroupIds: [
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ops",
  ],
};

function check(rule: Rule, resources: readonly PolicyResource[]) {
  return rule.check(ruleContext(resources, { now: NOW, horizonDays: 7 }));
}

/** The stack's resources as the rules see them, with one resource's props changed. */
function changed(
  stack: PolicyResource[],
  name: string,
  edit: (props: any) => void,
): PolicyResource[] {
  return stack.map((r) => {
    if (r.name !== name) return r;
    const props = structuredClone(r.props);
    edit(props);
    return { ...r, props };
  });
}

describe("Search indexer schedules in the plan and the rules", () => {
  let stack: PolicyResource[];
  before(async () => {
    new SearchIndexerSchedule("plan-sales", args);
    await session.settle();
    stack = policyResources(session.named("plan-sales"));
  });

  it("indexer firings are startTime + k * interval in UTC, from the first at or after now", () => {
    const start = Date.parse("2026-01-01T01:15:00Z");
    const f = indexerFirings(
      { intervalMs: 6 * 3_600_000, startMs: start },
      { from: NOW, until: NOW.getTime() + 86_400_000 },
    );
    assert.deepEqual(
      f.map((x) => new Date(x.at).toISOString()),
      [
        "2026-11-28T01:15:00.000Z",
        "2026-11-28T07:15:00.000Z",
        "2026-11-28T13:15:00.000Z",
        "2026-11-28T19:15:00.000Z",
      ],
    );
    // A start in the future: nothing before it.
    const later = indexerTimeline(
      { interval: "PT24H", startTime: "2026-12-01T00:00:00Z" },
      { indexer: "x" },
    );
    assert.equal(
      new Date(later.firings(NOW, NOW.getTime() + 7 * 86_400_000)[0].at).toISOString(),
      "2026-12-01T00:00:00.000Z",
    );
  });

  it("lists the indexer as a SearchIndexer schedule, valid against the v1 schema, in UTC and local time", () => {
    const plan = buildPlan(session.named("plan-sales"), { from: NOW, days: 2, program: "test" });
    const s = plan.schedules.find((x) => x.kind === "SearchIndexer")!;
    assert.ok(s, "no SearchIndexer schedule");
    assert.equal(s.name, "plan-sales-indexer");
    assert.equal(s.timeZone, "UTC");
    assert.equal(s.factory, null);
    assert.deepEqual(s.pipelines, []);
    assert.equal(s.activation, "started on deploy");
    assert.equal(s.runs, 8);
    assert.equal(s.firings[0], "2026-11-28T01:15:00.000Z");
    assert.equal(s.localFirings[0], "2026-11-28 01:15");
    assert.match(s.cadence, /^every 6 hours at :15 from 01:15 \(also runs once when created\)$/);
    assert.deepEqual(schemaErrors("plan-v1", plan), []);
    // The dynamic resources appear by type and name, without the serialized provider code.
    const indexer = plan.resources.find((r) => r.type === SEARCH_OBJECT_TOKENS.indexer)!;
    assert.equal(indexer.name, "plan-sales-indexer");
    assert.equal("__provider" in indexer.inputs, false);
    const text = renderText(plan);
    const md = renderMarkdown(plan);
    for (const out of [text, md, JSON.stringify(plan)]) {
      assert.doesNotMatch(out, /__provider|exports\.handler|require\(/);
      assert.match(out, /plan-sales-indexer/);
    }
    assert.match(
      text,
      /plan-sales-indexer \[SearchIndexer\] started on deploy\n {4}runs: data source plan-sales-blobs → index plan-sales\n {4}when: every 6 hours at :15 from 01:15/,
    );
    assert.match(md, /SearchIndexer/);
  });

  it("shows a disabled indexer as left stopped", () => {
    const off = changed(stack, "plan-sales-indexer", (p) => (p.definition.disabled = true));
    const recorded = session
      .named("plan-sales")
      .map((r) =>
        r.name === "plan-sales-indexer"
          ? { ...r, inputs: off.find((x) => x.name === r.name)!.props }
          : r,
      );
    const plan = buildPlan(recorded, { from: NOW, days: 1 });
    assert.equal(
      plan.schedules.find((x) => x.kind === "SearchIndexer")!.activation,
      "left stopped",
    );
  });

  it("the component's own stack passes every rule", () => {
    for (const rule of RULES) assert.deepEqual(check(rule, stack), [], rule.id);
  });

  describe(searchIndexerCadence.id, () => {
    it("passes an indexer as slow as its data, and one without a known refresh", () => {
      assert.deepEqual(
        check(
          searchIndexerCadence,
          changed(stack, "plan-sales-indexer", (p) => (p.dataRefresh = "PT6H")),
        ),
        [],
      );
      assert.deepEqual(check(searchIndexerCadence, stack), []);
      // Weekly data: daily is the least Azure allows, so daily passes.
      const weekly = changed(stack, "plan-sales-indexer", (p) => {
        p.dataRefresh = "P7D";
        p.definition.schedule.interval = "PT24H";
      });
      assert.deepEqual(check(searchIndexerCadence, weekly), []);
    });
    it("flags an indexer that runs more often than its data is refreshed", () => {
      const v = check(
        searchIndexerCadence,
        changed(stack, "plan-sales-indexer", (p) => (p.dataRefresh = "P1D")),
      );
      assert.equal(v.length, 1);
      assert.match(
        v[0].message,
        /runs every PT6H but its data is refreshed every P1D: 4 runs per refresh/,
      );
    });
  });

  describe(searchOneIndexerPerDataSource.id, () => {
    it("passes one indexer per data source, and the same name on another service", () => {
      const other = stack
        .filter((r) => r.name === "plan-sales-indexer")
        .map((r) => ({
          ...r,
          urn: `${r.urn}-2`,
          name: "second",
          props: { ...r.props, endpoint: "https://other.search.windows.net" },
        }));
      assert.deepEqual(check(searchOneIndexerPerDataSource, [...stack, ...other]), []);
    });
    it("flags a second indexer over the same data source", () => {
      const twin = stack
        .filter((r) => r.name === "plan-sales-indexer")
        .map((r) => ({
          ...r,
          urn: `${r.urn}-twin`,
          name: "twin",
          props: { ...r.props, definition: { ...r.props.definition, name: "twin-indexer" } },
        }));
      const v = check(searchOneIndexerPerDataSource, [...stack, ...twin]);
      assert.equal(v.length, 1);
      assert.match(
        v[0].message,
        /plan-sales-blobs is read by 2 indexers \(plan-sales-indexer, twin-indexer\)/,
      );
    });
  });

  describe(searchIndexerAlerting.id, () => {
    it("passes when an alert watches the indexer's documents", () => {
      assert.deepEqual(check(searchIndexerAlerting, stack), []);
    });
    it("flags a scheduled indexer without an alert", () => {
      const v = check(
        searchIndexerAlerting,
        stack.filter((r) => r.type !== "azure-native:monitor:MetricAlert"),
      );
      assert.equal(v.length, 1);
      assert.match(
        v[0].message,
        /Indexer plan-sales-indexer runs on a schedule but no metric alert/,
      );
    });
    it("does not count an alert that cannot fire on failures (fewer-than, or Failed = False)", () => {
      // Static metric alerts evaluate only existing series; DocumentsProcessedCount exists only when
      // documents are processed, so "< 1" never fires (issue 19, item 2).
      for (const edit of [
        (c: any) => {
          c.operator = "LessThan";
          c.threshold = 1;
        },
        (c: any) => (c.dimensions = [{ name: "Failed", operator: "Include", values: ["False"] }]),
        (c: any) => (c.dimensions = [{ name: "Failed", operator: "Exclude", values: ["True"] }]),
      ]) {
        const v = check(
          searchIndexerAlerting,
          changed(stack, "plan-sales-failed-documents", (p) => edit(p.criteria.allOf[0])),
        );
        assert.equal(v.length, 1, JSON.stringify(v));
      }
    });
  });

  describe(searchLocalAuth.id, () => {
    it("passes a service with local auth off", () => {
      assert.deepEqual(check(searchLocalAuth, stack), []);
    });
    it("flags a service with API keys on, or not set (Azure's default is on)", () => {
      for (const value of [false, undefined]) {
        const v = check(
          searchLocalAuth,
          changed(stack, "plan-sales-service", (p) => (p.disableLocalAuth = value)),
        );
        assert.equal(v.length, 1);
        assert.equal(searchLocalAuth.severity, "mandatory");
        assert.match(v[0].message, /admin keys work/);
      }
    });
  });
});
