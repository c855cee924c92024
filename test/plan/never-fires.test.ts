import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { mocks } from "../support/mocks";
import { schemaErrors } from "../support/schema";
import { Recurrence } from "../../lib/core";
import { ScheduleTrigger } from "../../lib/datafactory";
import { buildPlan, renderMarkdown, renderText } from "../../lib/plan";

/**
 * Issue 19, item 8: a schedule that can never fire is said, not shown as an empty list. The engine
 * already computes the reason (lib/schedule/firings.ts); the plan carries it in text, markdown and
 * JSON. Day 30 every 12 months from February never fires: February never has a 30th (the
 * calendar rule Data Factory follows: a month without the scheduled day is skipped).
 */

const session = mocks();
const FROM = new Date("2026-03-01T00:00:00Z");
const warnings: string[] = [];
const originalWarn = pulumi.log.warn;
(pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (m: string) => {
  warnings.push(m);
};

new ScheduleTrigger("never-yearly", {
  factory: { resourceGroupName: "rg-never", factoryName: "adf-never" },
  recurrence: Recurrence.fromAdf({
    frequency: "Month",
    interval: 12,
    startTime: "2026-02-01T00:00:00Z",
    schedule: { monthDays: [30] },
  }),
  pipelines: [{ pipeline: "yearly" }],
});
new ScheduleTrigger("never-ok", {
  factory: { resourceGroupName: "rg-never", factoryName: "adf-never" },
  recurrence: Recurrence.daily({ at: "02:00" }),
  pipelines: [{ pipeline: "daily" }],
});

(pulumi.log as { warn: typeof pulumi.log.warn }).warn = originalWarn;

async function plan() {
  await session.settle();
  return buildPlan(
    session.resources.filter((r) => r.name.startsWith("never-")),
    { from: FROM, days: 7, program: "test" },
  );
}

describe("plan: a schedule that never fires says why (issue 19, item 8)", () => {
  it("the component warns on `pulumi up` too (Azure accepts such a trigger)", () => {
    assert.deepEqual(
      warnings.filter((w) => w.includes("never")),
      [
        "ScheduleTrigger 'never-yearly' never fires: no month of its cycle (every 12 month(s) from 2026-02) has the scheduled day: it will never start its pipelines.",
      ],
    );
  });

  it("JSON: the schedule carries the engine's note, valid against the published schema", async () => {
    const p = await plan();
    const never = p.schedules.find((s) => s.name === "never-yearly")!;
    assert.deepEqual(never.firings, []);
    assert.match(never.note ?? "", /^never fires: no month of its cycle .* has the scheduled day$/);
    const ok = p.schedules.find((s) => s.name === "never-ok")!;
    assert.equal(ok.note, undefined);
    assert.ok(!("note" in ok), "a schedule that fires has no note field");
    const json = JSON.parse(JSON.stringify(p));
    assert.deepEqual(schemaErrors("plan-v1", json), []);
    assert.match(json.schedules.find((s: any) => s.name === "never-yearly").note, /^never fires/);
  });

  it("text: a 'note:' line under the schedule", async () => {
    const text = renderText(await plan());
    const block = text.slice(text.indexOf("never-yearly ["));
    assert.match(block, /^ {4}note: never fires: no month of its cycle/m);
    assert.ok(block.indexOf("note: never fires") < block.indexOf("next firings: none"));
  });

  it("markdown: a note under the schedule table", async () => {
    const md = renderMarkdown(await plan());
    assert.match(md, /^> \*\*Note:\*\* `never-yearly` never fires: no month of its cycle/m);
    assert.doesNotMatch(md, /`never-ok` never fires/);
  });
});
