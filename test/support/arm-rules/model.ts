import { createSerializer, Serializer } from "@azure/core-client";
import type { ArmRefusal } from "./index";
import { concreteMapper } from "./body";
import { byArmType, Mappers, mappersOf } from "./types";

type Json = any;

const serializers = new Map<string, Serializer>();

/**
 * A `@azure/core-client` serializer over a package's mappers that also enforces each mapper's
 * `constraints` (Pattern, MinLength/MaxLength, InclusiveMinimum/InclusiveMaximum, MinItems/
 * MaxItems, ...). core-client 1.10 no longer calls `validateConstraints` from `serialize`
 * ("Removing the constraints validation on client side"), so every nested `serialize` call is
 * routed through it first.
 */
function strictSerializer(pkg: string): Serializer {
  let s = serializers.get(pkg);
  if (s) return s;
  const created = createSerializer(mappersOf(pkg), false);
  const serialize = created.serialize.bind(created);
  created.serialize = (mapper, object, objectName, options) => {
    created.validateConstraints(mapper, object, objectName ?? mapper.serializedName ?? "body");
    return serialize(mapper, object, objectName, options);
  };
  serializers.set(pkg, created);
  s = created;
  return s;
}

/**
 * Required properties, walked over the client shape. `serialize` checks `required` only where it
 * writes: a flattened property (`properties.roleDefinitionId`) is skipped when no earlier property
 * created its `properties` container, so a role assignment without `roleDefinitionId` would pass.
 */
function requiredCheck(mappers: Mappers, mapper: Json, value: Json, path: string): void {
  if (value === undefined || value === null) return;
  const kind = mapper?.type?.name;
  if (kind === "Sequence" && Array.isArray(value)) {
    value.forEach((v, i) => requiredCheck(mappers, mapper.type.element, v, `${path}[${i}]`));
    return;
  }
  if (kind === "Dictionary" && typeof value === "object") {
    for (const [k, v] of Object.entries(value))
      requiredCheck(mappers, mapper.type.value, v, `${path}["${k}"]`);
    return;
  }
  if (kind !== "Composite" || typeof value !== "object") return;
  const m = concreteMapper(mappers, mapper, value, "clientName");
  const props = m.type.modelProperties ?? mappers[m.type.className]?.type?.modelProperties ?? {};
  for (const [k, pm] of Object.entries<Json>(props)) {
    const at = `${path}.${pm.serializedName ?? k}`;
    const v = value[k];
    if (pm.required && !pm.readOnly && !pm.isConstant && (v === undefined || v === null))
      throw new Error(`${at} cannot be null or undefined.`);
    requiredCheck(mappers, pm, v, at);
  }
}

/**
 * Checks an ARM PUT body (wire shape) against the REST model of its type, the mapper of the
 * official `@azure/arm-*` SDK package listed in `TYPES`: the body is read into the SDK's client
 * shape (`deserialize`, which also resolves polymorphic `type` / `odata.type` discriminators) and
 * written back (`serialize`), which refuses a missing required property (with `requiredCheck`, see there), a value of the wrong
 * type, a value outside a fixed enum (the spec's `modelAsString: false`; extensible enums are
 * plain strings to the SDK and to most resource providers), and a broken constraint.
 *
 * Unknown properties are dropped, not refused (a decision, not a citation): the resource
 * providers of these types read bodies with their api-version's model and ignore what it does
 * not know, which is also why a body written for a newer api-version than the SDK's (e.g. Azure
 * ML's `systemDatastoresAuthMode`, 2023+, against the 2022-10-01 model) must pass here.
 *
 * Returns undefined for a valid body and for a type without a model (`typesCovered()`).
 * Refusals are HTTP 400 `InvalidRequestContent` (the code ARM returns for a body its model cannot
 * read; resource providers word theirs differently, the engine suite matches on the status).
 */
export function checkBody(armType: string, body: Json): ArmRefusal | undefined {
  const info = byArmType(armType);
  if (!info?.sdk || !info.mapper) return undefined;
  const mappers = mappersOf(info.sdk);
  const mapper = mappers[info.mapper];
  const s = strictSerializer(info.sdk);
  try {
    const client = s.deserialize(mapper, body ?? {}, "body", {
      xml: {},
      ignoreUnknownProperties: true,
    });
    s.serialize(mapper, client, "body");
    requiredCheck(mappers, mapper, client, "body");
    return undefined;
  } catch (e) {
    return {
      status: 400,
      code: "InvalidRequestContent",
      message: `The request content was invalid and could not be deserialized (${info.sdk} ${info.mapper}, api-version ${info.sdkApi}): ${(e as Error).message}`,
    };
  }
}
