import { ValidationContext, ValidationError } from "./errors";

/** One Azure naming rule: length, pattern, and the rule in words for the error message. */
export interface NamingRule {
  /** Shortest name Azure accepts (characters). */
  readonly min: number;
  /** Longest name Azure accepts (characters). */
  readonly max: number;
  /** Characters and shape Azure accepts. */
  readonly pattern: RegExp;
  /** The rule in words, quoted in the error message. */
  readonly description: string;
}

/**
 * Azure's naming rules for the resources this library names
 * (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules,
 * learn.microsoft.com/azure/data-factory/naming-rules).
 */
export const NAMING_RULES = {
  /** Data factory: globally unique, 3-63, alphanumerics and single hyphens, alphanumeric at both ends. */
  factory: {
    min: 3,
    max: 63,
    pattern: /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/,
    description:
      "3-63 letters, digits and single hyphens, starting and ending with a letter or digit",
  },
  /** Factory child (pipeline, trigger, dataset): 1-260, no <>*#.%&:\+?/ or control characters. */
  factoryChild: {
    min: 1,
    max: 260,
    // eslint-disable-next-line no-control-regex
    pattern: /^[A-Za-z0-9_][^<>*#.%&:\\+?/\u0000-\u001f\u007f]*$/,
    description:
      "1-260 characters starting with a letter, digit or underscore, without < > * # . % & : \\ + ? / or control characters",
  },
  /** Storage account: globally unique, 3-24 lowercase letters and digits. */
  storageAccount: {
    min: 3,
    max: 24,
    pattern: /^[a-z0-9]+$/,
    description: "3-24 lowercase letters and digits",
  },
} as const satisfies Record<string, NamingRule>;

/** Throws INVALID_NAME unless `name` follows `rule`. */
export function checkName(
  ctx: ValidationContext,
  prop: string,
  name: string,
  rule: NamingRule,
): void {
  if (name.length < rule.min || name.length > rule.max || !rule.pattern.test(name)) {
    throw new ValidationError("INVALID_NAME", ctx, prop, name, `must be ${rule.description}`);
  }
}
