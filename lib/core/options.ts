import { Check, isDeferred } from "./errors";

/**
 * Declarative option shapes: which keys an options object (a component's args, and every options
 * object nested in them) may have. One function, `checkOptions`, walks a value against its shape
 * and refuses the first unknown key with `NOT_ALLOWED`, naming the caller's prop path
 * (`deadlines[0].succeededBi`) and the nearest known key ("did you mean 'succeededBy'?").
 *
 * Shapes say which keys exist, and that an options object is an object; other types, ranges and
 * combinations are checked by each component. A Pulumi Output or a promise passes (its keys are
 * unknown until deployment). A field declared with `Opt.either` takes an options object or
 * something else (a component such as `ScheduledDataPipeline`, a `Duration`, a string, `false`):
 * only a plain object (an object literal, `JSON.parse` output) is checked against its shape.
 */
export type OptionField = ValueField | OptionShape | ListField | MapField | PassThroughField;

/** Any value: its keys, if it has any, are not options (a string, a number, a Duration...). */
export interface ValueField {
  /** Discriminant: a value checked by the component itself. */
  readonly kind: "value";
}

/**
 * An options object whose keys must be among `fields`. Any other value is INVALID_TYPE, unless
 * `either` is set: then the field also takes values that are not plain objects (a component, a
 * `Duration`, a string, `false`), which the component checks itself.
 */
export interface OptionShape {
  /** Discriminant: an options object with known keys. */
  readonly kind: "shape";
  /** The allowed keys, each with the shape of its value. */
  readonly fields: Readonly<Record<string, OptionField>>;
  /**
   * Also accept values that are not plain objects (a component, a `Duration`, a string, `false`).
   */
  readonly either?: boolean;
}

/** An array; each plain-object item is checked against `item`. */
export interface ListField {
  /** Discriminant: an array. */
  readonly kind: "list";
  /** The shape of each item (a function for a shape that contains itself). */
  readonly item: OptionField | (() => OptionField);
}

/** A record whose keys the caller names (tags, parameters); each value is checked against `value`. */
export interface MapField {
  /** Discriminant: a record with caller-chosen keys. */
  readonly kind: "map";
  /** The shape of each value. */
  readonly value: OptionField;
}

/**
 * A value passed to Azure as it is, where any key is legitimate: raw ARM JSON (a Data Factory
 * activity, an Azure ML job), an azure-native `Input` bag. Not checked here; `reason` says why and
 * where it is checked instead, for readers of the shape.
 */
export interface PassThroughField {
  /** Discriminant: passed to Azure unchecked. */
  readonly kind: "passThrough";
  /** Why the value is not checked here, and where it is checked instead. */
  readonly reason: string;
}

/** The fields of an options shape for `T`: every key of `T`, no other (checked by the compiler). */
export type ShapeFields<T> = { readonly [K in keyof Required<T>]-?: OptionField };

const VALUE: ValueField = { kind: "value" };

/** Builders for option shapes. */
export const Opt = {
  /** Any value; not an options object. */
  value: VALUE,
  /**
   * A plain options object with exactly the keys of `T` (the compiler refuses a missing or an
   * extra key, so the shape and the interface cannot drift apart).
   */
  shape<T>(fields: ShapeFields<T>): OptionShape {
    return { kind: "shape", fields: fields as Record<string, OptionField> };
  },
  /** A shape built from keys alone (each any value), for objects without an interface. */
  keys(...keys: readonly string[]): OptionShape {
    return { kind: "shape", fields: Object.fromEntries(keys.map((k) => [k, VALUE])) };
  },
  /**
   * `shape`, or a value that is not a plain object (`DataFactory | { resourceGroupName,
   * factoryName }`, `DiagnosticsOptions | false`): only a plain object is checked against it.
   */
  either(shape: OptionShape): OptionShape {
    return { ...shape, either: true };
  },
  /** An array of items of `item` (a function for a shape that contains itself). */
  list(item: OptionField | (() => OptionField)): ListField {
    return { kind: "list", item };
  },
  /** A record with caller-chosen keys whose values are `value`. @default - any values */
  map(value: OptionField = VALUE): MapField {
    return { kind: "map", value };
  },
  /** A value passed through to Azure, where unknown keys are legitimate; say why. */
  passThrough(reason: string): PassThroughField {
    return { kind: "passThrough", reason };
  },
};

/**
 * True for an object literal (prototype `Object.prototype` or `null`): the only values a shape
 * applies to.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  if (isDeferred(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Throws NOT_ALLOWED (in `check`'s context, at `prop` under its prefix) for the first key of
 * `value`, at any depth, that its shape does not list. `prop` is `""` for a component's args.
 * Values that are not plain objects pass (see `OptionField`); so does `undefined`.
 */
export function checkOptions(check: Check, prop: string, value: unknown, field: OptionField): void {
  switch (field.kind) {
    case "value":
    case "passThrough":
      return;
    case "list": {
      if (!Array.isArray(value)) return;
      const item = typeof field.item === "function" ? field.item() : field.item;
      value.forEach((v, i) => checkOptions(check, `${prop}[${i}]`, v, item));
      return;
    }
    case "map":
      if (!isPlainObject(value)) return;
      for (const [k, v] of Object.entries(value))
        checkOptions(check, join(prop, k), v, field.value);
      return;
    case "shape": {
      if (value === undefined || isDeferred(value)) return;
      if (field.either && !isPlainObject(value)) return;
      check.type(prop || "args", value, "object", {
        hint: `Pass an object with ${Object.keys(field.fields)
          .map((k) => `'${k}'`)
          .join(", ")}.`,
      });
      const allowed = Object.keys(field.fields);
      for (const [k, v] of Object.entries(value as object)) {
        const sub = Object.prototype.hasOwnProperty.call(field.fields, k)
          ? field.fields[k]
          : undefined;
        if (!sub) throw unknownOption(check, join(prop, k), v, k, allowed);
        checkOptions(check, join(prop, k), v, sub);
      }
    }
  }
}

/** The NOT_ALLOWED error for an unknown key, with the choices and a near miss when there is one. */
export function unknownOption(
  check: Check,
  path: string,
  value: unknown,
  key: string,
  allowed: readonly string[],
) {
  const near = nearest(key, allowed);
  return check.error(
    "NOT_ALLOWED",
    path,
    value,
    `is not an option; allowed: ${allowed.map((k) => `'${k}'`).join(", ")}`,
    near ? `Did you mean '${near}'?` : undefined,
  );
}

function join(prop: string, key: string): string {
  return prop ? `${prop}.${key}` : key;
}

/**
 * The known key closest to `key`: same letters in another case, or at most 1 edit for keys up to
 * 4 letters, 2 for longer ones (Damerau-Levenshtein, optimal string alignment). Ties go to the
 * first listed.
 */
export function nearest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same) return same;
  const budget = key.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

const COMPONENT_SHAPES = new Map<string, OptionShape>();

/**
 * Declares the options shape of a component's args `T` (every key of `T`, checked by the compiler)
 * and registers it under the component's type name, so tests and docs can list every component's
 * options. Returns the shape for `checkArgs`.
 */
export function componentOptions<T>(component: string, fields: ShapeFields<T>): OptionShape {
  const shape = Opt.shape<T>(fields);
  COMPONENT_SHAPES.set(component, shape);
  return shape;
}

/** The registered options shape of a component (`"PipelineAlerts"`), if any. */
export function componentOptionShape(component: string): OptionShape | undefined {
  return COMPONENT_SHAPES.get(component);
}

/**
 * The first check of every component constructor: `args` is an options object, and it and every
 * options object nested in it have only known keys (`checkOptions`). Runs before any child
 * registers, so a typo deploys nothing.
 */
export function checkArgs(check: Check, args: unknown, shape: OptionShape): void {
  check.required("args", args, "must be an options object");
  check.type("args", args, "object");
  checkOptions(check, "", args, shape);
}

/**
 * The paths of every options object inside `shape` as a caller writes them, with `[0]` for a list
 * item and `.<key>` for a record value (`deadlines[0]`, `deadlines[0].pipeline`,
 * `familyTiering.<key>`). A shape that contains itself is listed once.
 */
export function optionObjectPaths(shape: OptionShape): string[] {
  const out: string[] = [];
  const walk = (field: OptionField, path: string, ancestors: readonly OptionShape[]): void => {
    if (field.kind === "shape") {
      if (ancestors.includes(field)) return;
      if (path) out.push(path);
      for (const [k, f] of Object.entries(field.fields))
        walk(f, path ? `${path}.${k}` : k, [...ancestors, field]);
    } else if (field.kind === "list") {
      walk(typeof field.item === "function" ? field.item() : field.item, `${path}[0]`, ancestors);
    } else if (field.kind === "map") {
      walk(field.value, `${path}.<key>`, ancestors);
    }
  };
  walk(shape, "", []);
  return out;
}
