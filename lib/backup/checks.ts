import * as pulumi from "@pulumi/pulumi";
import { Check } from "../core/errors";
import { DataFactory, FactoryInput } from "../datafactory/factory";
import { CONTAINER_NAME } from "./lifecycle";

/** Throws unless `value` is a blob container name. */
export function checkContainer(check: Check, prop: string, value: unknown): void {
  check.format(
    typeof value === "string" && CONTAINER_NAME.test(value),
    prop,
    value,
    "must be a container name: 3-63 lowercase letters, digits and single hyphens",
  );
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A principal id known now must be a GUID (grantRole checks it too, but only as it registers). */
export function checkPrincipalId(check: Check, prop: string, id: unknown): void {
  if (typeof id === "string")
    check.format(GUID.test(id), prop, id, "must be a GUID (an Entra object id)");
}

/**
 * The factory identity that receives data roles: given, or the `DataFactory` component's own.
 * Throws when neither is known.
 */
export function checkFactoryPrincipal(
  check: Check,
  prop: string,
  factory: FactoryInput,
  principalId: pulumi.Input<string> | undefined,
): void {
  check.conflict(
    principalId === undefined && !(factory instanceof DataFactory),
    prop,
    undefined,
    "is required when 'factory' is a reference (the identity needs data roles)",
  );
  checkPrincipalId(check, prop, principalId);
}

/** The principal id `checkFactoryPrincipal` accepted. */
export function factoryPrincipal(
  factory: FactoryInput,
  principalId: pulumi.Input<string> | undefined,
): pulumi.Input<string> {
  return principalId ?? (factory as DataFactory).principalId;
}
