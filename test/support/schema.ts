/** Validation errors of a document against a shipped schema (empty when valid). */
export { schemaErrors } from "../../lib/plan/schema";
