import { ValidationCode } from "../../lib/core";
import { mocks, rejects } from "./mocks";

/** One rejected input: what the caller wrote, how to build it, the code and the caller's prop path. */
export type Row = [what: string, make: () => unknown, code: ValidationCode, prop: RegExp];

/**
 * A table of rejected inputs for one component: each row must throw a ValidationError with its
 * code at its prop path, and register nothing.
 */
export function rejectedTable(component: string, rows: Row[]): void {
  mocks();
  describe(`${component}: rejected inputs`, () => {
    for (const [what, make, code, prop] of rows) {
      it(`${what} -> ${code} at ${prop.source}`, () => rejects(make, code, prop));
    }
  });
}

/** Inputs only plain-JavaScript callers can write (the types forbid them). */
export const js = <T>(v: unknown): T => v as T;
