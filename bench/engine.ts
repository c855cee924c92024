/**
 * Schedule engine vs croner: expand 30 days of firings for 1000 schedule triggers (daily, weekly
 * and hourly recurrences in several zones) with `scheduleFirings`, and the same schedules as cron
 * patterns with croner's `nextRuns`. Returns the timings; run by bench/run.ts.
 */
import { Cron } from "croner";
import { Recurrence, WEEK_DAYS } from "../lib/core/recurrence";
import { scheduleFirings } from "../lib/schedule/firings";

const ZONES = ["Etc/UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"];
const FROM = Date.parse("2027-03-01T00:00:00Z"); // spans the March DST changes in the north
const DAYS = 30;

interface Case {
  rec: Recurrence;
  cron: string;
  zone: string;
}

function cases(n: number): Case[] {
  return Array.from({ length: n }, (_, i) => {
    const zone = ZONES[i % ZONES.length];
    const h = (i * 5) % 24;
    const m = (i * 7) % 60;
    const hh = String(h).padStart(2, "0");
    const mm = String(m).padStart(2, "0");
    if (i % 3 === 0)
      return {
        rec: Recurrence.daily({ at: `${hh}:${mm}`, timeZone: zone }),
        cron: `${m} ${h} * * *`,
        zone,
      };
    if (i % 3 === 1) {
      const d = i % 7;
      return {
        rec: Recurrence.weekly({ on: [WEEK_DAYS[d]], at: `${hh}:${mm}`, timeZone: zone }),
        cron: `${m} ${h} * * ${d}`,
        zone,
      };
    }
    // Every day at four times: many firings per trigger.
    const hours = [h, (h + 6) % 24, (h + 12) % 24, (h + 18) % 24].sort((a, b) => a - b);
    return {
      rec: Recurrence.daily({
        at: hours.map((x) => `${String(x).padStart(2, "0")}:${mm}`),
        timeZone: zone,
      }),
      cron: `${m} ${hours.join(",")} * * *`,
      zone,
    };
  });
}

export function benchEngine(n = 1000): {
  n: number;
  firings: number;
  oursMs: number;
  cronerMs: number;
} {
  const all = cases(n);
  const until = FROM + DAYS * 86_400_000;
  let t = process.hrtime.bigint();
  const counts = all.map((c) => scheduleFirings(c.rec, { from: FROM, until }).length);
  const oursMs = Number(process.hrtime.bigint() - t) / 1e6;
  t = process.hrtime.bigint();
  all.forEach((c, i) =>
    new Cron(c.cron, { timezone: c.zone, paused: true }).nextRuns(counts[i], new Date(FROM - 1)),
  );
  const cronerMs = Number(process.hrtime.bigint() - t) / 1e6;
  return { n, firings: counts.reduce((a, b) => a + b, 0), oursMs, cronerMs };
}
