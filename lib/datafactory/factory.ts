import * as pulumi from "@pulumi/pulumi";
import * as datafactory from "@pulumi/azure-native/datafactory";
import { Check, isDeferred } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import { checkArgs, componentOptions, Opt } from "../core/options";

/** Length of the random suffix azure-native's auto-naming appends to a resource's logical name. */
const AUTONAME_SUFFIX = "0a1b2c3d";

/**
 * Every check on `DataFactory` args (for TypeScript and plain-JavaScript callers), before anything
 * registers. A factory name left to auto-naming is checked too: azure-native names the factory
 * `${name}-factory` plus eight random characters, and Azure's factory naming rules apply to that.
 */
export function validateDataFactoryArgs(name: string, args: DataFactoryArgs): void {
  const ctx = { component: "DataFactory", name };
  const check = new Check(ctx);
  checkArgs(check, args, ARGS_SHAPE);
  check.required("resourceGroupName", args.resourceGroupName);
  check.type("resourceGroupName", args.resourceGroupName, "string", { deferred: true });
  check.type("location", args.location, "string", { deferred: true });
  check.type("factoryName", args.factoryName, "string", { deferred: true });
  if (typeof args.factoryName === "string") {
    checkName(ctx, "factoryName", args.factoryName, NAMING_RULES.factory);
  } else if (args.factoryName === undefined) {
    const derived = `${name}-factory${AUTONAME_SUFFIX}`;
    const rule = NAMING_RULES.factory;
    if (derived.length > rule.max || !rule.pattern.test(derived)) {
      throw check.error(
        "INVALID_NAME",
        "name",
        name,
        `must give a valid factory name when 'factoryName' is not set: the factory is auto-named '${name}-factory' plus 8 random characters, which must be ${rule.description}`,
        "Pass factoryName, or use a Pulumi name of letters, digits and single hyphens.",
      );
    }
  }
  check.type("userAssignedIdentityIds", args.userAssignedIdentityIds, "array", { deferred: true });
  if (Array.isArray(args.userAssignedIdentityIds))
    args.userAssignedIdentityIds.forEach((id, i) =>
      check.type(`userAssignedIdentityIds[${i}]`, id, "string", { deferred: true }),
    );
  check.oneOf("publicNetworkAccess", args.publicNetworkAccess, ["Enabled", "Disabled"] as const);
  check.type("tags", args.tags, "object", { deferred: true });
}

/**
 * Checks a `factory` prop: a `DataFactory`, or `{ resourceGroupName, factoryName }` whose values
 * are strings or Pulumi outputs.
 */
export function checkFactoryInput(check: Check, prop: string, value: unknown): void {
  check.required(prop, value);
  if (value instanceof DataFactory || isDeferred(value)) return;
  check.type(prop, value, "object", {
    hint: "Pass a DataFactory or { resourceGroupName, factoryName }.",
  });
  const f = value as Partial<FactoryReference>;
  for (const key of ["resourceGroupName", "factoryName"] as const) {
    check.required(`${prop}.${key}`, f[key]);
    check.type(`${prop}.${key}`, f[key], "string", { deferred: true });
  }
}

/** Arguments for `DataFactory`. */
export interface DataFactoryArgs {
  /** Resource group to create the factory in. */
  readonly resourceGroupName: pulumi.Input<string>;
  /**
   * Azure region.
   * @default - the resource group's region
   */
  readonly location?: pulumi.Input<string>;
  /**
   * Globally unique factory name (3-63 letters, digits and single hyphens). Checked at
   * construction when given as a plain string.
   * @default - the Pulumi name with a random suffix (Pulumi auto-naming)
   */
  readonly factoryName?: pulumi.Input<string>;
  /**
   * User-assigned managed identities (ARM ids) to attach next to the system-assigned identity,
   * for example one shared with Azure ML or Search.
   * @default []
   */
  readonly userAssignedIdentityIds?: pulumi.Input<string>[];
  /**
   * Whether ADF Studio and self-hosted integration runtimes may reach the factory over the public
   * network. Pipelines run either way. `Disabled` needs private endpoints, which this library does
   * not create, so the default keeps the factory usable; set `Disabled` once you have them.
   * @default "Enabled"
   */
  readonly publicNetworkAccess?: "Enabled" | "Disabled";
  /**
   * Tags for the factory.
   * @default {}
   */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const ARGS_SHAPE = componentOptions<DataFactoryArgs>("DataFactory", {
  resourceGroupName: Opt.value,
  location: Opt.value,
  factoryName: Opt.value,
  userAssignedIdentityIds: Opt.value,
  publicNetworkAccess: Opt.value,
  tags: Opt.map(),
});

/**
 * An Azure Data Factory with a system-assigned managed identity, so that linked services use
 * RBAC instead of keys. Pipelines and triggers accept it as `factory`.
 *
 * @example
 * ```ts
 * import { DataFactory } from "pulumi-mlops-scheduling";
 *
 * // A factory with a system-assigned identity, in an existing resource group.
 * const adf = new DataFactory("mlops", { resourceGroupName: "rg-mlops" });
 *
 * export const factoryName = adf.factoryName;
 * export const principalId = adf.principalId; // grant it data roles with grantRole
 * ```
 */
export class DataFactory extends pulumi.ComponentResource {
  /** The Azure factory name. */
  public readonly factoryName: pulumi.Output<string>;
  /** The resource group name. */
  public readonly resourceGroupName: pulumi.Output<string>;
  /** The factory's ARM id. */
  public readonly factoryId: pulumi.Output<string>;
  /** Object id of the system-assigned identity: grant it roles on data it reads and writes. */
  public readonly principalId: pulumi.Output<string>;

  constructor(name: string, args: DataFactoryArgs, opts?: pulumi.ComponentResourceOptions) {
    validateDataFactoryArgs(name, args);
    super("mlops:datafactory:DataFactory", name, {}, opts);

    const userIds = args.userAssignedIdentityIds ?? [];
    const factory = new datafactory.Factory(
      `${name}-factory`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        factoryName: args.factoryName,
        identity: userIds.length
          ? {
              type: "SystemAssigned,UserAssigned",
              userAssignedIdentities: pulumi
                .all(userIds)
                .apply((ids) => Object.fromEntries(ids.map((id) => [id, {}]))),
            }
          : { type: "SystemAssigned" },
        publicNetworkAccess: args.publicNetworkAccess ?? "Enabled",
        tags: args.tags,
      },
      { parent: this },
    );

    this.factoryName = factory.name;
    this.resourceGroupName = pulumi.output(args.resourceGroupName);
    this.factoryId = factory.id;
    this.principalId = factory.identity.apply((i) => i?.principalId ?? "");
    this.registerOutputs({
      factoryName: this.factoryName,
      resourceGroupName: this.resourceGroupName,
      factoryId: this.factoryId,
      principalId: this.principalId,
    });
  }
}

/** A factory that exists already (or is managed elsewhere), by resource group and name. */
export interface FactoryReference {
  /** Resource group of the factory. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** The factory's name. */
  readonly factoryName: pulumi.Input<string>;
}

/** Where a pipeline or trigger lives: a `DataFactory` component or a reference to a factory. */
export type FactoryInput = DataFactory | FactoryReference;

/** The resource group and factory name of a `FactoryInput`. */
export function factoryCoordinates(f: FactoryInput): FactoryReference {
  return { resourceGroupName: f.resourceGroupName, factoryName: f.factoryName };
}
