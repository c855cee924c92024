import { ACTIVATION_ANNOTATIONS } from "../../datafactory/activation-names";
import { ofType, triggerName, TYPES } from "../resources";
import type { PolicyResource, Rule } from "../types";

/** Started on deploy: its activation resource says so (when known), else the library's annotation. */
export function startedOnDeploy(r: PolicyResource): boolean {
  if (r.activation) return r.activation === "Started";
  const annotations: unknown[] = r.props.properties?.annotations ?? [];
  return annotations.includes(ACTIVATION_ANNOTATIONS.started);
}

/** Held stopped on purpose, with a reason (`hold`): its activation or the library's annotation. */
export function heldStopped(r: PolicyResource): boolean {
  if (r.hold !== undefined) return true;
  const annotations: unknown[] = r.props.properties?.annotations ?? [];
  return annotations.includes(ACTIVATION_ANNOTATIONS.held);
}

/**
 * Rule `adf-trigger-activated`: Data Factory triggers are started on deploy. Its severity, scope
 * and the practice it follows are listed in RULES.md.
 */
export const triggerActivated: Rule = {
  id: "adf-trigger-activated",
  title: "Data Factory triggers are started on deploy",
  why: "Azure creates every trigger Stopped and azure-native cannot start one: a deployed but stopped trigger never runs its pipelines, and nothing reports it.",
  practice: "Data pipelines: triggers actually started on deploy",
  severity: "mandatory",
  scope: "resource",
  appliesTo: [TYPES.trigger],
  check(ctx) {
    return (
      ofType(ctx.resources, TYPES.trigger)
        // A held trigger carries its reason in the code (like a suppression); the plan shows it.
        .filter((r) => !startedOnDeploy(r) && !heldStopped(r))
        .map((r) => ({
          resource: r.urn,
          message: `Trigger ${triggerName(r)} stays Stopped after deploy, so its pipelines never run. Build it with the library's trigger components (activated: true), or suppress this finding with the reason it is left stopped.`,
        }))
    );
  },
};
