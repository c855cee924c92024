import { strict as assert } from "assert";
import { Cron } from "croner";
import {
  buildPlan,
  diffPlans,
  renderDiffMarkdown,
  renderMarkdown,
  renderText,
} from "../../lib/plan";
import type { RecordedResource } from "../../lib/plan";
import { costPeriods, estimateCost, pipelineRunCount } from "../../lib/cost/usage";
import { DEFAULT_PRICES, mergePrices } from "../../lib/cost/prices";
import { schemaErrors } from "../support/schema";

const none: string[] = [];
const hooks = {
  beforeCreate: none,
  afterCreate: none,
  beforeUpdate: none,
  afterUpdate: none,
  beforeDelete: none,
  afterDelete: none,
  onError: none,
};
const STACK = "urn:pulumi:plan::p::";

function resource(type: string, name: string, inputs: any, parent?: string): RecordedResource {
  const urn = parent
    ? `${parent.replace(/::[^:]+$/, "")}$${type}::${name}`
    : `${STACK}${type}::${name}`;
  return { urn, type, name, custom: true, inputs, parent, secretPaths: [], hooks };
}

function pipeline(name: string, activities: any[]): RecordedResource {
  return resource("azure-native:datafactory:Pipeline", name, {
    factoryName: "adf",
    pipelineName: name,
    activities,
  });
}

/** A started schedule trigger (its TriggerActivation child says Started). */
function trigger(name: string, properties: any): RecordedResource[] {
  const t = resource("azure-native:datafactory:Trigger", name, {
    factoryName: "adf",
    triggerName: name,
    properties,
  });
  const activation = {
    ...resource("pulumi-nodejs:dynamic/mlops:TriggerActivation", `${name}-activation`, {
      desiredState: "Started",
    }),
    parent: t.urn,
  };
  return [t, activation];
}

const starts = (p: string) => [
  { pipelineReference: { referenceName: p, type: "PipelineReference" } },
];

const act = (name: string, extra: any = {}) => ({
  name,
  type: "Wait",
  waitTimeInSeconds: 1,
  ...extra,
});

describe("cost: Data Factory usage", () => {
  const nested = pipeline("train", [
    act("a", { policy: { retry: 2 } }),
    {
      name: "each",
      type: "ForEach",
      items: { value: "@x", type: "Expression" },
      activities: [act("b"), act("c", { policy: { retry: 1 } })],
    },
    {
      name: "call",
      type: "ExecutePipeline",
      pipeline: { referenceName: "child", type: "PipelineReference" },
    },
  ]);
  const child = pipeline("child", [act("d")]);
  const byName = new Map([
    ["train", nested.inputs.activities],
    ["child", child.inputs.activities],
  ]);

  it("counts every activity of a run, nested ones and called pipelines included", () => {
    // Hand count: a, each, b, c, call (5 in train) + d (1 in child) = 6 activity runs;
    // retries 2 + 1 = 3; pipeline runs: train and child = 2.
    const c = pipelineRunCount("train", byName);
    assert.deepEqual(
      { activities: c.activities, retries: c.retries, pipelines: c.pipelines },
      { activities: 6, retries: 3, pipelines: 2 },
    );
  });

  it("names a called pipeline the program does not declare instead of guessing", () => {
    const c = pipelineRunCount("train", new Map([["train", nested.inputs.activities]]));
    assert.deepEqual(c.missing, ["child"]);
    assert.equal(c.activities, 5);
  });

  it("counts trigger and activity runs per month as croner counts the firings", () => {
    const from = new Date("2026-11-20T00:00:00Z");
    const zone = "W. Europe Standard Time";
    const plan = buildPlan(
      [
        nested,
        child,
        ...trigger("twice-daily", {
          type: "ScheduleTrigger",
          recurrence: {
            frequency: "Day",
            interval: 1,
            startTime: "2026-01-01T00:00:00",
            timeZone: zone,
            schedule: { hours: [2, 14], minutes: [30] },
          },
          pipelines: starts("train"),
        }),
      ],
      { from, days: 1 },
    );
    // The oracle: the same schedule as cron in the IANA zone, counted by croner.
    const fires = (a: string, b: string) => {
      const cron = new Cron("30 2,14 * * *", { timezone: "Europe/Berlin", paused: true });
      let n = 0;
      for (
        let t = cron.nextRun(new Date(Date.parse(a) - 1));
        t && +t < Date.parse(b);
        t = cron.nextRun(t)
      )
        n++;
      return n;
    };
    const p = costPeriods(from);
    const f30 = fires(p.days30.from, p.days30.until);
    const fMonth = fires(p.month.from, p.month.until);
    assert.equal(f30, 60);
    const s = plan.cost!.components[0].schedules[0];
    assert.equal(s.firings30, f30);
    assert.equal(s.firingsMonth, fMonth);
    const [triggers, activities, pipelines, retries] = s.lines;
    assert.equal(triggers.days30, f30);
    assert.equal(activities.days30, f30 * 6);
    assert.equal(activities.month, fMonth * 6);
    assert.equal(pipelines.days30, f30 * 2);
    assert.equal(retries.basis, "worst-case");
    assert.equal(retries.days30, f30 * 3);
    // Money: (trigger runs + activity runs) / 1000 × $1.00; retries are not in the total.
    assert.equal(plan.cost!.total30, (f30 * 7 * 1.0) / 1000);
    assert.equal(plan.cost!.orchestrationRuns30, f30 * 7);
    assert.deepEqual(schemaErrors("plan-v1", plan), []);
  });

  it("matches Microsoft's worked example: 3 runs × 8 hours × 30 days = 720 runs, $0.72", () => {
    // pricing-examples-copy-transform-dynamic-parameters.md: hourly for 8 hours a day over 30
    // days, "3 Activity runs per execution (1 for trigger run, 2 for activity runs)".
    const plan = buildPlan(
      [
        pipeline("copy-transform", [act("copy"), act("transform")]),
        ...trigger("office-hours", {
          type: "ScheduleTrigger",
          recurrence: {
            frequency: "Day",
            interval: 1,
            startTime: "2026-01-01T00:00:00Z",
            schedule: { hours: [8, 9, 10, 11, 12, 13, 14, 15], minutes: [0] },
          },
          pipelines: starts("copy-transform"),
        }),
      ],
      { from: new Date("2026-12-01T00:00:00Z"), days: 1 },
    );
    assert.equal(plan.cost!.orchestrationRuns30, 720);
    assert.equal(plan.cost!.total30, 0.72);
  });

  it("shows tumbling backfill apart, as a one-time figure outside the total", () => {
    const plan = buildPlan(
      [
        pipeline("hourly", [act("x")]),
        ...trigger("window", {
          type: "TumblingWindowTrigger",
          frequency: "Hour",
          interval: 24,
          startTime: "2026-11-01T00:00:00Z",
          maxConcurrency: 1,
          pipeline: { pipelineReference: { referenceName: "hourly", type: "PipelineReference" } },
        }),
      ],
      { from: new Date("2026-11-11T00:00:00Z"), days: 1 },
    );
    const lines = plan.cost!.components[0].schedules[0].lines;
    const backfill = lines.find((l) => l.basis === "one-time")!;
    // Daily windows ending before `from`: Nov 1-2 … Nov 9-10, 9 of them (the one ending at `from`
    // is its first firing), each 1 trigger run + 1 activity run.
    assert.equal(plan.schedules[0].backfill, 9);
    assert.equal(backfill.days30, 9 * 2);
    assert.equal(plan.cost!.orchestrationRuns30, 30 * 2);
  });

  it("counts no runs for a trigger left stopped", () => {
    const [t] = trigger("stopped", {
      type: "ScheduleTrigger",
      recurrence: { frequency: "Hour", interval: 1, startTime: "2026-01-01T00:00:00Z" },
      pipelines: starts("p"),
    });
    const plan = buildPlan([pipeline("p", [act("x")]), t], {
      from: new Date("2026-12-01T00:00:00Z"),
    });
    assert.equal(plan.cost!.orchestrationRuns30, 0);
  });
});

describe("cost: unknown is never 0", () => {
  const plan = buildPlan(
    [
      pipeline("p", [act("x")]),
      ...trigger("on-blob", {
        type: "BlobEventsTrigger",
        events: ["Microsoft.Storage.BlobCreated"],
        blobPathBeginsWith: "/landing/blobs/",
        scope:
          "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
        pipelines: starts("p"),
      }),
    ],
    { from: new Date("2026-12-01T00:00:00Z") },
  );

  it("says an event trigger's runs are not known and prices nothing", () => {
    const c = plan.cost!.components[0];
    assert.equal(c.priced, 0);
    assert.ok(c.unknown > 0);
    assert.ok(c.schedules[0].lines.every((l) => l.days30 === null && l.cost30 === null));
    const text = renderText(plan);
    assert.match(text, /not known \(\d figure\(s\) with an unknown price or quantity\)/);
    assert.doesNotMatch(text.slice(text.indexOf("Cost per month")), /\$0\.00/);
  });

  it("turns every built-in price unknown in another currency unless the override gives it", () => {
    const eur = mergePrices(DEFAULT_PRICES, {
      version: 1,
      region: "westeurope",
      currency: "EUR",
      asOf: "2026-12-01",
      prices: {},
    });
    assert.equal(eur.prices["adf.orchestration"]!.amount, null);
    const cost = estimateCost(
      buildPlan(
        [
          pipeline("p", [act("x")]),
          ...trigger("hourly", {
            type: "ScheduleTrigger",
            recurrence: { frequency: "Hour", interval: 1, startTime: "2026-01-01T00:00:00Z" },
            pipelines: starts("p"),
          }),
        ],
        { from: new Date("2026-12-01T00:00:00Z") },
      ),
      eur,
    );
    assert.equal(cost.priced, 0);
    assert.equal(cost.components[0].schedules[0].lines[0].cost30, null);
  });
});

describe("cost: a one-line schedule change in the Markdown diff", () => {
  const plan = (hours: number[]) =>
    buildPlan(
      [
        pipeline("ingest", [act("copy"), act("validate"), act("publish")]),
        ...trigger("ingest-schedule", {
          type: "ScheduleTrigger",
          recurrence: {
            frequency: "Day",
            interval: 1,
            startTime: "2026-01-01T00:00:00Z",
            schedule: { hours, minutes: [0] },
          },
          pipelines: starts("ingest"),
        }),
      ],
      { from: new Date("2026-12-01T00:00:00Z"), days: 2 },
    );

  it("says the monthly delta in the comment's first lines", () => {
    // Once a day → six times a day: 5 more firings × 30 days × (1 + 3) runs = 600 runs = $0.60.
    const d = diffPlans(plan([2]), plan([2, 6, 10, 14, 18, 22]));
    assert.deepEqual(schemaErrors("plan-diff-v1", d), []);
    const md = renderDiffMarkdown(d).split("\n");
    assert.equal(
      md[2],
      "**Cost:** this change adds 600 orchestration runs (trigger and activity runs) and ≈ $0.60 / month (30 days).",
    );
  });

  it("shows the cost table per component with each figure as runs × unit price", () => {
    const md = renderMarkdown(plan([2]));
    assert.match(
      md,
      /\| activity runs \(3 per firing\) \| 90 × \$1\.00 \/ 1,000 runs = \$0\.09 \|/,
    );
    assert.match(md, /\*\*Total: \$0\.12 \/ 30 days, \$0\.12 \/ 2026-12/);
  });
});
