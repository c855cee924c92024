import { Duration } from "../core/duration";
import { Recurrence } from "../core/recurrence";
import { TimeZone } from "../core/timezone";
import { scheduleFirings } from "../schedule/firings";
import { tumblingWindows } from "../schedule/tumbling";
import { ACTIVATION_HOOK_NAMES } from "../datafactory/activation-hooks";
import type { RecordedResource } from "./mocks";

/** One firing in the plan. */
export interface PlannedFiring {
  /** UTC ISO time. */
  readonly utc: string;
  /** Wall-clock time in the trigger's zone (`2026-11-28 02:00`). */
  readonly local: string;
  /** `exact`, or `gap` / `ambiguous` when a DST change bent it. */
  readonly kind: string;
}

/** One trigger (or other schedule) in the plan. */
export interface PlannedSchedule {
  readonly resource: string;
  readonly name: string;
  readonly kind: string;
  readonly timeZone: string;
  readonly pipelines: string[];
  /** Cadence in words. */
  readonly cadence: string;
  /** "started on deploy" or "left stopped". */
  readonly activation: string;
  readonly firings: PlannedFiring[];
  /** Tumbling windows already due at `from` (queued by a deploy at that time). */
  readonly backfill?: number;
}

/** What `buildPlan` produces. */
export interface Plan {
  readonly generatedFrom: string;
  readonly resources: RecordedResource[];
  readonly schedules: PlannedSchedule[];
}

const TRIGGER = "azure-native:datafactory:Trigger";

function pipelineNames(props: any): string[] {
  const refs = props.pipeline ? [props.pipeline] : (props.pipelines ?? []);
  return refs.map((p: any) => String(p?.pipelineReference?.referenceName ?? "?"));
}

/** The schedules of a registered program, with their next `count` firings at or after `from`. */
export function buildPlan(resources: RecordedResource[], from: Date, count = 5): Plan {
  const schedules: PlannedSchedule[] = [];
  for (const r of resources.filter((x) => x.type === TRIGGER)) {
    const props = r.inputs.properties ?? {};
    const activation = r.hooks.afterCreate.includes(ACTIVATION_HOOK_NAMES.start)
      ? "started on deploy"
      : "left stopped";
    const base = {
      resource: r.urn,
      name: String(r.inputs.triggerName ?? r.name),
      kind: String(props.type),
      pipelines: pipelineNames(props),
      activation,
    };
    if (props.type === "ScheduleTrigger") {
      const rec = Recurrence.fromAdf(props.recurrence);
      const zone = rec.timeZone;
      schedules.push({
        ...base,
        timeZone: zone.windowsId,
        cadence: rec.describe(),
        firings: scheduleFirings(rec, { from, limit: count }).map((f) => ({
          utc: new Date(f.at).toISOString(),
          local: zone.formatLocal(f.at),
          kind: f.kind,
        })),
      });
    } else if (props.type === "TumblingWindowTrigger") {
      const spec = {
        frequency: props.frequency,
        interval: props.interval,
        startTime: Date.parse(props.startTime),
        endTime: props.endTime ? Date.parse(props.endTime) : undefined,
        delaySeconds: props.delay ? Duration.parse(props.delay).toSeconds() : 0,
      };
      const plan = tumblingWindows(spec, { from, limit: count });
      const unit =
        props.frequency === "Minute" ? "minute" : props.frequency === "Hour" ? "hour" : "month";
      schedules.push({
        ...base,
        timeZone: "UTC",
        cadence: `every ${props.interval === 1 ? unit : `${props.interval} ${unit}s`} (tumbling window, due at window end${props.delay ? ` + ${props.delay}` : ""}; max ${props.maxConcurrency} at once)`,
        firings: plan.windows.map((w) => ({
          utc: new Date(w.dueAt).toISOString(),
          local: TimeZone.UTC.formatLocal(w.dueAt),
          kind: "exact",
        })),
        backfill: plan.backfill,
      });
    } else if (props.type === "BlobEventsTrigger") {
      schedules.push({
        ...base,
        timeZone: "-",
        cadence: `on ${(props.events ?? []).map((e: string) => e.replace("Microsoft.Storage.", "")).join(" / ")} under ${props.blobPathBeginsWith ?? "/"}${props.blobPathEndsWith ? ` ending ${props.blobPathEndsWith}` : ""}`,
        firings: [],
      });
    } else if (props.type === "CustomEventsTrigger") {
      schedules.push({
        ...base,
        timeZone: "-",
        cadence: `on events ${(props.events ?? []).join(", ")} (subject ${props.subjectBeginsWith ?? ""}*${props.subjectEndsWith ?? ""})`,
        firings: [],
      });
    }
  }
  return { generatedFrom: from.toISOString(), resources, schedules };
}

/** The plan as terminal text: resource tree, then every schedule with its next firings. */
export function renderText(plan: Plan, program: string): string {
  const lines: string[] = [
    `Offline plan of ${program} (from ${plan.generatedFrom}, no cloud calls)`,
    "",
    "Resources:",
  ];
  const children = new Map<string | undefined, RecordedResource[]>();
  for (const r of plan.resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const known = new Set(plan.resources.map((r) => r.urn));
  const walk = (parent: string | undefined, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      lines.push(`${"  ".repeat(depth + 1)}${r.custom ? "" : "[component] "}${r.type} ${r.name}`);
      walk(r.urn, depth + 1);
    }
  };
  // Roots: no parent, or a parent outside the program (the stack).
  for (const [parent] of children) if (parent === undefined || !known.has(parent)) walk(parent, 0);
  lines.push("", `Schedules (${plan.schedules.length}):`);
  for (const s of plan.schedules) {
    lines.push("", `  ${s.name} [${s.kind}] ${s.activation}`);
    lines.push(`    runs: ${s.pipelines.join(", ")}`);
    lines.push(`    when: ${s.cadence}${s.timeZone !== "-" ? ` (${s.timeZone})` : ""}`);
    if (s.backfill !== undefined)
      lines.push(`    backfill at ${plan.generatedFrom}: ${s.backfill} window(s) already due`);
    if (s.firings.length) {
      lines.push("    next firings (UTC | local):");
      for (const f of s.firings) {
        lines.push(
          `      ${f.utc.replace(".000Z", "Z")} | ${f.local}${f.kind !== "exact" ? ` (${f.kind === "gap" ? "wall time skipped by DST" : "wall time repeated by DST, first taken"})` : ""}`,
        );
      }
    } else {
      lines.push("    next firings: event-driven (no clock)");
    }
  }
  return lines.join("\n") + "\n";
}
