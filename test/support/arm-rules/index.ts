/**
 * What Azure refuses, for the fake ARM (`test/engine`): it calls `checkPut` on every PUT and
 * `checkDelete` on every DELETE, before it stores or removes anything, and answers the refusal
 * (`{ error: { code, message } }` with `status`) when one is returned. Each rule cites its
 * source; `test/support/arm-rules.test.ts` shows each one enforced and what Azure accepts passing.
 *
 * Store contract: `body` is the resource as ARM stores it (top-level `location`, `tags`, `sku`,
 * `kind`, `identity`, ... and `properties`), with the state the fake maintains itself where a
 * rule reads it: a Data Factory trigger's `properties.runtimeState` ("Started" after a start).
 */
import { checkBody } from "./model";
import {
  deploymentDeleteRule,
  endpointTrafficRule,
  managementPolicyRule,
  parentRule,
  roleAssignmentRule,
  triggerRule,
} from "./rules";
import {
  SEARCH_INDEX_TYPE,
  SEARCH_INDEXER_TYPE,
  checkSearchIndex,
  checkSearchIndexer,
} from "./search";

export interface ArmResource {
  id: string;
  type: string;
  apiVersion: string;
  body: any;
}
export interface ArmStore {
  get(id: string): ArmResource | undefined;
  all(): ArmResource[];
}
export interface ArmRefusal {
  status: number;
  code: string;
  message: string;
}

export { armBody, armId, typeHasLocation } from "./body";
export { checkBody } from "./model";
export { options } from "./rules";
export {
  SEARCH_INDEX_TYPE,
  SEARCH_INDEXER_TYPE,
  checkSearchIndex,
  checkSearchIndexer,
} from "./search";
export { TYPES, typesCovered } from "./types";

/**
 * A PUT of `body` (ARM wire shape) to `id` with ARM type `type`. Order: the search data-plane
 * pseudo types (ids `<search service id>/indexes/<name>`) need their service, then their own rules; otherwise the resource's parent / resource group / scope, then
 * the body against its REST model, then the cross-resource rules of its type.
 */
export function checkPut(
  store: ArmStore,
  id: string,
  type: string,
  apiVersion: string,

  body: any,
): ArmRefusal | undefined {
  void apiVersion; // the SDK models are one api-version per type (see TYPES)
  const t = type.toLowerCase();
  if (t === SEARCH_INDEX_TYPE.toLowerCase())
    return parentRule(store, id) ?? checkSearchIndex(body, id.split("/").pop());
  if (t === SEARCH_INDEXER_TYPE.toLowerCase())
    return parentRule(store, id) ?? checkSearchIndexer(body);
  return (
    parentRule(store, id) ??
    checkBody(type, body) ??
    triggerRule(store, id) ??
    endpointTrafficRule(store, id, body) ??
    roleAssignmentRule(store, id, body) ??
    managementPolicyRule(store, id, body)
  );
}

/** A DELETE of `id`. A missing resource is not refused here (the fake answers 404 or 204). */
export function checkDelete(store: ArmStore, id: string): ArmRefusal | undefined {
  return triggerRule(store, id) ?? deploymentDeleteRule(store, id);
}
