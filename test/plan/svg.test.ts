import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { XMLValidator } from "fast-xml-parser";
import { PlanDocument, renderSvg } from "../../lib/plan";

const head: PlanDocument = JSON.parse(
  readFileSync(path.resolve(__dirname, "../fixtures/plans/head.json"), "utf8"),
);
const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;
const CELL = /<rect x="[\d.]+" y="[\d.]+" width="42" height="46" rx="3"/g;

describe("SVG calendar", () => {
  it("draws a 7 × 24 grid in UTC with a tooltip per cell", () => {
    const svg = renderSvg(head);
    assert.equal(XMLValidator.validate(svg), true);
    assert.equal(count(svg, CELL), 7 * 24);
    // ingest at 03:00 W. Europe = 02:00 UTC; scoring at 06:00 and 18:00 W. Europe.
    assert.match(svg, /<title>Fri 27 Nov 02:00-02:59 UTC: ingest-schedule \(1 run\)<\/title>/);
    assert.match(
      svg,
      /<title>Fri 27 Nov 17:00-17:59 UTC: twice-daily-scoring-schedule \(1 run\)<\/title>/,
    );
    assert.match(svg, /<title>Fri 27 Nov 03:00-03:59 UTC: no runs<\/title>/);
    assert.equal(count(svg, /stroke="#cf222e"/g), 0, "no overlaps in this plan");
  });

  it("outlines the hours in which the schedule-collision rule flagged triggers, only those", () => {
    const clash: PlanDocument = JSON.parse(JSON.stringify(head));
    const ingest = clash.schedules.find((s) => s.name === "ingest-schedule")!;
    clash.schedules.push({ ...ingest, name: "ingest-twin", resource: `${ingest.resource}-twin` });
    assert.equal(count(renderSvg(clash), /stroke="#cf222e"/g), 0, "no finding, no outline");
    for (const s of [ingest, clash.schedules.at(-1)!])
      clash.findings.push({
        rule: "schedule-collision",
        severity: "advisory",
        resource: s.resource,
        message: "same minute",
      });
    const svg = renderSvg(clash);
    assert.equal(count(svg, /stroke="#cf222e"/g), 7, "02:00 UTC on each of the 7 days");
    assert.match(
      svg,
      /02:00-02:59 UTC: ingest-schedule \(1 run\), ingest-twin \(1 run\); schedule-collision: ingest-schedule, ingest-twin start in the same minute/,
    );
  });

  it("shades declared peak hours (in their zone) and greys hours before the plan starts", () => {
    const svg = renderSvg({ ...head, peakHours: "08:00-18:00 UTC" });
    assert.equal(count(svg, /fill="#fff1d6"/g), 7 * 10);
    const late = renderSvg({ ...head, generatedFrom: "2026-11-27T09:30:00.000Z" });
    assert.equal(count(late, CELL), 8 * 24, "a partial first day adds a row");
    assert.equal(count(late, /fill="#eaeef2"/g), 9, "00:00-08:59 on the first day");
  });

  it("lists every trigger in the legend, event triggers too, and escapes names", () => {
    const doc: PlanDocument = JSON.parse(JSON.stringify(head));
    doc.schedules.push({
      ...doc.schedules[0],
      name: "on-<landing>&files",
      kind: "BlobEventsTrigger",
      timeZone: "-",
      firings: [],
      localFirings: [],
      runs: 0,
      runsByHour: {},
      cadence: "on BlobCreated under /landing/",
    });
    const svg = renderSvg(doc);
    assert.equal(XMLValidator.validate(svg), true);
    for (const s of head.schedules) assert.ok(svg.includes(`>${s.name}</tspan>`), s.name);
    assert.match(
      svg,
      /on-&lt;landing&gt;&amp;files<\/tspan><\/text>\n.*event-driven, not on the clock/,
    );
  });
});
