import { Mappers, mappersOf, TYPES } from "./types";

/**
 * ARM's top-level fields of a tracked or proxy resource; everything else of a resource's body
 * sits under `properties`. Used only for types without an SDK model (see `armBody`).
 */
export const TOP_LEVEL = [
  "location",
  "tags",
  "sku",
  "kind",
  "identity",
  "zones",
  "etag",
  "extendedLocation",
  "plan",
  "managedBy",
];

type Json = any;

/**
 * Splits a mapper's `serializedName` into its wire path: `properties.recurrence` is nested, a
 * dot escaped as `odata\\.type` is not (as `@azure/core-client`'s serializer splits it).
 */
export function wirePath(serializedName: string): string[] {
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < serializedName.length; i++) {
    const c = serializedName[i];
    if (c === "\\" && serializedName[i + 1] === ".") {
      cur += ".";
      i++;
    } else if (c === ".") {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts.filter((p) => p !== "");
}

/** The polymorphic discriminator of a composite mapper, looking through its `uberParent`. */
function discriminatorOf(mappers: Mappers, mapper: Json): Json | undefined {
  if (mapper.type.polymorphicDiscriminator) return mapper.type.polymorphicDiscriminator;
  const parent = mapper.type.uberParent ?? mapper.type.className;
  return mappers[parent]?.type?.polymorphicDiscriminator;
}

/**
 * The concrete mapper of a polymorphic value: `discriminators["<uberParent>.<value>"]`, read by
 * the client name (`key: "clientName"`) or by the wire name (`"serializedName"`), as
 * `@azure/core-client` does.
 */
export function concreteMapper(
  mappers: Mappers,
  mapper: Json,
  value: Json,
  key: "clientName" | "serializedName",
): Json {
  if (mapper.type.name !== "Composite" || value === null || typeof value !== "object")
    return mapper;
  const m = mapper.type.modelProperties ? mapper : (mappers[mapper.type.className] ?? mapper);
  const d = discriminatorOf(mappers, m);
  if (!d) return m;
  const tag = value[String(d[key]).replace(/\\/g, "")];
  if (typeof tag !== "string") return m;
  // breadth-first through sub-hierarchies (Trigger → MultiplePipelineTrigger → ScheduleTrigger),
  // as core-client's getIndexDiscriminator does
  const discriminators: Record<string, Json> = mappers.discriminators ?? {};
  const queue = [m.type.uberParent ?? m.type.className];
  while (queue.length) {
    const name = queue.shift();
    const found = discriminators[tag === name ? tag : `${name}.${tag}`];
    if (found) return found;
    for (const [k, sub] of Object.entries(discriminators))
      if (k.startsWith(`${name}.`) && sub.type.uberParent === name && sub.type.className)
        queue.push(sub.type.className);
  }
  return m;
}

function setPath(target: Json, wire: string[], value: Json): void {
  let o = target;
  for (const p of wire.slice(0, -1)) {
    if (o[p] === undefined || o[p] === null || typeof o[p] !== "object") o[p] = {};
    o = o[p];
  }
  o[wire[wire.length - 1]] = value;
}

/**
 * Client shape (the SDK's and azure-native's property names, with `x-ms-client-flatten`ed
 * properties such as a trigger's `recurrence` or an account's `minimumTlsVersion`) to ARM's wire
 * shape (`properties.typeProperties.recurrence`, `properties.minimumTlsVersion`), following the
 * SDK mapper's `serializedName`s. Lenient: no value is checked or converted, and a key the mapper
 * does not know is kept where it is (at the root: under `properties` when the model flattens
 * `properties`, unless it is an ARM top-level field), so the fake ARM's model check sees it.
 */
export function toWire(mappers: Mappers, mapper: Json, value: Json, root = false): Json {
  if (value === null || value === undefined || typeof value !== "object") return value;
  const kind = mapper?.type?.name;
  if (kind === "Sequence" && Array.isArray(value))
    return value.map((v) => toWire(mappers, mapper.type.element, v));
  if (kind === "Dictionary" && !Array.isArray(value))
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, toWire(mappers, mapper.type.value, v)]),
    );
  if (kind !== "Composite" || Array.isArray(value)) return value;
  const m = concreteMapper(mappers, mapper, value, "clientName");
  const props: Json = m.type.modelProperties ?? mappers[m.type.className]?.type?.modelProperties;
  if (!props) return value;
  const flattensProperties = Object.values(props).some((p: Json) =>
    String(p.serializedName ?? "").startsWith("properties."),
  );
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    const pm = props[k];
    if (pm && pm.serializedName) {
      setPath(out, wirePath(pm.serializedName), toWire(mappers, pm, v));
    } else if (root && flattensProperties && !TOP_LEVEL.includes(k) && k !== "properties") {
      setPath(out, ["properties", k], v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

/**
 * The ARM request body azure-native sends for a resource of `azureNativeType` with these
 * `inputs` (as Pulumi records them: the plan JSON's `resources[].inputs`):
 * - path parameters (`resourceGroupName`, `factoryName`, `scope`, ...; `TYPES[t].pathParams`)
 *   are taken out: they are in the id, not the body;
 * - with an SDK model (`TYPES[t].mapper`), every input goes where the model's
 *   `serializedName` puts it: `location`/`tags`/`sku`/`kind`/`identity` stay top level,
 *   flattened properties go under `properties` (and a Data Factory activity's, dataset's,
 *   linked service's or trigger's flattened `typeProperties` under `typeProperties`), renamed
 *   ones get their wire name (`enableHttpsTrafficOnly` → `properties.supportsHttpsTrafficOnly`,
 *   `odataType` → `odata.type`). azure-native does the same from its own metadata
 *   (pulumi-azure-native `provider/pkg/convert`, `SdkShapeConverter.SdkInputsToRequestBody`);
 * - `defaults.location` fills a missing `location` of a type that has one, as azure-native's
 *   Check does from the resource group (pulumi-azure-native `provider/pkg/provider/provider.go`,
 *   `getDefaultLocation`: old inputs, then the provider's `location` config, then the resource
 *   group's location). Pass the resource group's location;
 * - without a model: `location`, `tags`, `sku`, `kind`, `identity`, `zones` (`TOP_LEVEL`) top
 *   level, everything else under `properties`, unless the inputs already have `properties`.
 */
export function armBody(
  azureNativeType: string,
  inputs: Record<string, unknown>,
  defaults: { location?: string } = {},
): Json {
  const info = TYPES[azureNativeType];
  const pathParams = new Set(info?.pathParams ?? ["resourceGroupName"]);
  const rest = Object.fromEntries(Object.entries(inputs).filter(([k]) => !pathParams.has(k)));
  if (defaults.location !== undefined && rest.location === undefined && hasLocation(info))
    rest.location = defaults.location;
  if (info?.sdk && info.mapper) {
    const mappers = mappersOf(info.sdk);
    return toWire(mappers, mappers[info.mapper], rest, true);
  }
  const out: Json = {};
  const properties: Json = {};
  for (const [k, v] of Object.entries(rest)) {
    if (TOP_LEVEL.includes(k) || k === "properties") out[k] = v;
    else properties[k] = v;
  }
  if (Object.keys(properties).length) out.properties = { ...(out.properties ?? {}), ...properties };
  return out;
}

/** True when the azure-native type's SDK model has a top-level `location` (a tracked resource). */
export function typeHasLocation(azureNativeType: string): boolean {
  return hasLocation(TYPES[azureNativeType]);
}

function hasLocation(info: (typeof TYPES)[string] | undefined): boolean {
  if (!info?.sdk || !info.mapper) return false;
  const m = mappersOf(info.sdk)[info.mapper];
  return Boolean(m?.type?.modelProperties?.location);
}

/**
 * The ARM id azure-native builds for a resource of `azureNativeType` from its path parameters
 * (`resourceGroupName` and the type's name parameters; extension resources prefix their
 * `scope` / `resourceUri`). Returns undefined when a path parameter is missing (azure-native
 * autonames the last one; pass it in `inputs`).
 */
export function armId(
  azureNativeType: string,
  inputs: Record<string, unknown>,
  subscriptionId = "00000000-0000-0000-0000-000000000000",
): string | undefined {
  const info = TYPES[azureNativeType];
  if (!info) return undefined;
  const values = info.pathParams.map((p) => inputs[p]);
  if (values.some((v) => typeof v !== "string" || v === "")) return undefined;
  const [provider, ...types] = info.armType.split("/");
  if (info.armType === "Microsoft.Resources/resourceGroups")
    return `/subscriptions/${subscriptionId}/resourceGroups/${values[0]}`;
  let prefix: string;
  let names: unknown[];
  if (info.pathParams[0] === "scope" || info.pathParams[0] === "resourceUri") {
    prefix = String(values[0]).replace(/\/$/, "");
    names = values.slice(1);
  } else {
    prefix = `/subscriptions/${subscriptionId}/resourceGroups/${values[0]}`;
    names = values.slice(1);
  }
  // blob containers live under the account's only blob service, `default`
  if (info.armType === "Microsoft.Storage/storageAccounts/blobServices/containers")
    names = [names[0], "default", names[1]];
  const segments = types.flatMap((t, i) => [t, String(names[i])]);
  return `${prefix}/providers/${provider}/${segments.join("/")}`;
}
