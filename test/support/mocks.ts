import { installMocks, MockSession, RecordedResource } from "../../lib/plan/mocks";
import { ValidationCode, ValidationError } from "../../lib/core";
import { strict as assert } from "assert";

let session: MockSession | undefined;

/** One mock session for the whole test run (Pulumi's runtime state is process-wide). */
export function mocks(): MockSession {
  session ??= installMocks({ project: "mlops-test", stack: "test" });
  return session;
}

/** The single resource of `type` whose name starts with `prefix`. */
export function one(prefix: string, type: string): RecordedResource {
  const found = mocks()
    .named(prefix)
    .filter((r) => r.type === type);
  assert.equal(found.length, 1, `expected one ${type} named ${prefix}*, found ${found.length}`);
  return found[0];
}

/** Asserts that `make` throws a ValidationError with `code` about `prop`, and registers nothing. */
export async function rejects(
  make: () => unknown,
  code: ValidationCode,
  prop: RegExp,
  message?: RegExp,
): Promise<void> {
  const before = mocks().resources.length;
  assert.throws(make, (e: unknown) => {
    assert.ok(ValidationError.isValidationError(e), `not a ValidationError: ${e}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.prop, prop, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
  await mocks().settle();
  assert.equal(mocks().resources.length, before, "a rejected component registered resources");
}
