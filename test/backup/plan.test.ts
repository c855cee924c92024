// `npm run plan` on the backup example: the vault, its tiering in words, and the data backup's
// firings, in text, Markdown and JSON (the JSON carries the raw policy in `resources`).
import { strict as assert } from "assert";
import { cli } from "../support/cli";
import { schemaErrors } from "../support/schema";
import { lifecycleViews } from "../../lib/plan/lifecycle-view";
import { PlanDocument, renderMarkdown, renderText } from "../../lib/plan";

describe("plan of examples/model-backup", () => {
  const from = ["--from", "2026-11-27T00:00:00Z"];
  let text: string;
  let markdown: string;
  let json: PlanDocument;
  before(async function () {
    // One CLI run (a plan needs its own process); the CLI test proves that text and Markdown
    // are these renderers applied to the JSON.
    this.timeout(300_000);
    const r = await cli("plan", "examples/model-backup", ...from, "--format", "json");
    assert.equal(r.code, 0, r.err);
    json = JSON.parse(r.out);
    text = renderText(json);
    markdown = renderMarkdown(json);
  });

  it("shows the vault component and its tiering in words", () => {
    assert.match(text, /\[component\] mlops:backup:ModelBackupVault model-vault/);
    assert.match(
      text,
      /account modelvault[0-9a-f]{8} \(ModelBackupVault model-vault\):\n {4}forecasting \(forecasting\/\): current blobs → Cool after 1 d → deleted after 31 d\n {4}forecasting \(forecasting\/\): previous versions → Cool after 0 d → deleted after 30 d/,
    );
    assert.match(
      markdown,
      /- `landingnightly[0-9a-f]{8}` \(DataBackupSchedule landing-nightly\): backups \(data-backup\/\): current blobs → Cool after 0 d → Archive after 90 d → deleted after 730 d/,
    );
  });

  it("lists the data backup's firings in UTC and local time", () => {
    assert.match(text, /landing-nightly-schedule \[ScheduleTrigger\] started on deploy/);
    assert.match(text, /2026-11-27T00:30Z \| 2026-11-27 01:30/);
    const s = json.schedules.find((x) => x.name === "landing-nightly-schedule")!;
    assert.equal(s.firings[0], "2026-11-27T00:30:00.000Z");
    assert.equal(s.runs, 7);
  });

  it("keeps the JSON contract v1 and describes the same policies from it", () => {
    assert.deepEqual(schemaErrors("plan-v1", json), []);
    assert.deepEqual(
      lifecycleViews(json).map((l) => l.owner),
      ["DataBackupSchedule landing-nightly", "ModelBackupVault model-vault"],
    );
  });
});

describe("data flow of a backup pipeline", () => {
  it("shows ADF's typed expressions as the expression text", async () => {
    const { datasetFlow } = await import("../../lib/policy/resources");
    const flow = datasetFlow({
      urn: "urn:pulumi:s::p::azure-native:datafactory:Pipeline::p",
      type: "azure-native:datafactory:Pipeline",
      name: "p",
      props: {
        activities: [
          {
            name: "Copy",
            type: "Copy",
            inputs: [{ referenceName: "Src", parameters: { folder: "sales" } }],
            outputs: [
              {
                referenceName: "Dst",
                parameters: { folder: { value: "@pipeline().RunId", type: "Expression" } },
              },
            ],
          },
        ],
      },
    });
    assert.deepEqual(
      flow.writes.map((w) => w.key),
      ["Dst(folder=@pipeline().RunId)"],
    );
    assert.deepEqual(
      flow.reads.map((r) => r.key),
      ["Src(folder=sales)"],
    );
  });
});
