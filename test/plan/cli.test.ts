import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "../..");
function plan(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin"), "--transpile-only", "bin/cli.ts", "plan", ...args],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, PULUMI_CONFIG: "" },
    },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("plan CLI (end to end, under mocks)", function () {
  this.timeout(120_000);
  const FROM = "2026-11-27T00:00:00Z";

  it("plans the reference stack: every trigger, its activation and next firings", () => {
    const r = plan("--from", FROM);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Schedules \(3\):/);
    assert.match(r.out, /forecasting-ingest-schedule \[ScheduleTrigger\] started on deploy/);
    assert.match(
      r.out,
      /2026-11-27T01:00:00Z \| 2026-11-27 02:00/,
      "02:00 W. Europe is 01:00 UTC in winter",
    );
    assert.match(r.out, /hourly-features-window \[TumblingWindowTrigger\] started on deploy/);
    assert.match(r.out, /backfill at 2026-11-27T00:00:00.000Z: 47 window\(s\) already due/);
    assert.match(
      r.out,
      /landing-parquet \[BlobEventsTrigger\][\s\S]*under \/landing\/blobs\/incoming\/ ending \.parquet/,
    );
    assert.doesNotMatch(r.out, /sig=PLACEHOLDER/, "secrets never reach the output");
  });

  it("plans the example, across the March DST change in New York", () => {
    const r = plan("examples/daily-ingest", "--from", "2027-03-12T00:00:00Z", "--count", "3");
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /every Monday, Tuesday, Wednesday, Thursday, Friday at 06:30 \(Eastern Standard Time\)/,
    );
    // Friday 12 March is EST (UTC-5), Monday 15 March is EDT (UTC-4).
    assert.match(
      r.out,
      /2027-03-12T11:30:00Z \| 2027-03-12 06:30\n\s+2027-03-15T10:30:00Z \| 2027-03-15 06:30/,
    );
  });

  it("is reproducible for the same --from", () => {
    assert.equal(plan("--from", FROM).out, plan("--from", FROM).out);
  });

  it("reports bad input as one line and exits 2", () => {
    const r = plan("test/fixtures/invalid-program", "--from", FROM);
    assert.equal(r.code, 2);
    assert.equal(
      r.err.trim(),
      "Invalid input: TumblingWindowTrigger 'hourly': 'maxConcurrency' must be an integer between 1 and 50, got 80. [OUT_OF_RANGE]",
    );
  });

  it("rejects an unknown option with usage and exit 2", () => {
    const r = plan("--colour");
    assert.equal(r.code, 2);
    assert.match(r.err, /usage:/);
  });
});
