// stub: replaced by branch armrules
/**
 * The fake ARM's refusal rules (body validation against the `@azure/arm-*` SDK models and the
 * cross-resource rules). This stub refuses nothing; branch `armrules` provides the real module
 * with this interface, and the fake ARM calls it on every PUT and DELETE.
 */

/** One resource as the fake ARM stores it. */
export interface ArmResource {
  id: string;
  type: string;
  apiVersion: string;
  /** The body as ARM stores it (top-level fields + properties). */
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

export function checkPut(
  _store: ArmStore,
  _id: string,
  _type: string,
  _apiVersion: string,
  _body: any,
): ArmRefusal | undefined {
  return undefined;
}

export function checkDelete(_store: ArmStore, _id: string): ArmRefusal | undefined {
  return undefined;
}
