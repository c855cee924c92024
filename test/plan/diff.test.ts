import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { diffPlans, isEmptyDiff, PlanDocument, renderDiffText, resourceKey } from "../../lib/plan";
import { schemaErrors } from "../support/schema";

const load = (v: string): PlanDocument =>
  JSON.parse(readFileSync(path.resolve(__dirname, `../fixtures/plans/${v}.json`), "utf8"));

describe("plan diff (fixture plans)", () => {
  const base = load("base");
  const head = load("head");

  it("fixtures follow the contract", () => {
    assert.deepEqual(schemaErrors("plan-v1", base), []);
    assert.deepEqual(schemaErrors("plan-v1", head), []);
  });

  it("finds the added, removed and moved triggers", () => {
    const d = diffPlans(base, head);
    assert.deepEqual(schemaErrors("plan-diff-v1", d), []);
    assert.deepEqual(
      d.schedules.added.map((s) => s.name),
      ["twice-daily-scoring-schedule"],
    );
    assert.deepEqual(
      d.schedules.removed.map((s) => s.name),
      ["weekly-report-schedule"],
    );
    assert.equal(d.schedules.changed.length, 1);
    const c = d.schedules.changed[0];
    assert.equal(c.name, "ingest-schedule");
    assert.equal(c.moved, "02:00 → 03:00 W. Europe Standard Time");
    assert.deepEqual(c.changes, [
      { field: "cadence", before: "daily at 02:00", after: "daily at 03:00" },
    ]);
  });

  it("a plan compared with itself has no changes", () => {
    const d = diffPlans(head, head);
    assert.ok(isEmptyDiff(d));
    assert.match(renderDiffText(d), /no schedule or finding changes/);
  });

  it("matches schedules across stacks and from-times, by time of day", () => {
    const other: PlanDocument = JSON.parse(
      JSON.stringify(base).replace(/urn:pulumi:plan::/g, "urn:pulumi:prod::"),
    );
    const earlier = { ...other, generatedFrom: "2026-11-26T00:00:00.000Z" };
    const d = diffPlans(earlier, head);
    assert.deepEqual(
      d.schedules.changed.map((s) => [s.name, s.moved]),
      [["ingest-schedule", "02:00 → 03:00 W. Europe Standard Time"]],
    );
    assert.equal(resourceKey(other.schedules[0].resource), resourceKey(base.schedules[0].resource));
  });

  it("reports a firing that moved to other days at the same time, when both plans start together", () => {
    const moved: PlanDocument = JSON.parse(JSON.stringify(head));
    const s = moved.schedules.find((x) => x.name === "ingest-schedule")!;
    s.firings.shift();
    s.localFirings.shift();
    const d = diffPlans(head, moved);
    assert.equal(
      d.schedules.changed[0].moved,
      "next runs moved: 2026-11-27 03:00 → 2026-11-28 03:00 W. Europe Standard Time",
    );
  });

  it("reports new and resolved findings by rule and resource", () => {
    const finding = {
      rule: "schedule-collision",
      severity: "advisory" as const,
      resource: head.schedules[0].resource,
      message: "Triggers collide",
    };
    const withFinding = { ...head, findings: [finding] };
    assert.deepEqual(diffPlans(head, withFinding).findings, { new: [finding], resolved: [] });
    assert.deepEqual(diffPlans(withFinding, head).findings, { new: [], resolved: [finding] });
    assert.match(
      renderDiffText(diffPlans(head, withFinding)),
      /new finding \(advisory\) \[schedule-collision\]/,
    );
  });
});
