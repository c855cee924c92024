import * as pulumi from "@pulumi/pulumi";
import type { DataPlaneOptions, SearchObjectInputs, SearchObjectKind } from "./dataplane";
import { deleteObject, diffObject, getObject, objectId, putObject } from "./dataplane";

/** Pulumi type of each data-plane object (`pulumi-nodejs:dynamic/search:<Type>`). */
export const SEARCH_OBJECT_TYPES: Record<SearchObjectKind, string> = {
  index: "Index",
  dataSource: "DataSource",
  indexer: "Indexer",
  skillset: "Skillset",
};

/** The type tokens the dynamic resources register with (what the plan and rules look for). */
export const SEARCH_OBJECT_TOKENS: Record<SearchObjectKind, string> = {
  index: "pulumi-nodejs:dynamic/search:Index",
  dataSource: "pulumi-nodejs:dynamic/search:DataSource",
  indexer: "pulumi-nodejs:dynamic/search:Indexer",
  skillset: "pulumi-nodejs:dynamic/search:Skillset",
};

/**
 * The dynamic provider behind the Search data-plane objects: create and update are `PUT`s (an
 * update only when the stored ETag still matches), read reports drift or a deleted object,
 * delete treats 404 as done, and diff asks for delete-then-create where Azure cannot change an
 * object in place (the name stays the same, so the old one must go first).
 *
 * Pulumi serializes this object into the state; the Azure SDKs are required inside the calls.
 * `options` exist for tests; a program passes none and gets `DefaultAzureCredential`.
 */
export function searchObjectProvider(
  options: DataPlaneOptions = {},
): pulumi.dynamic.ResourceProvider {
  return {
    async create(inputs: SearchObjectInputs) {
      const outs = await putObject(inputs, options);
      return { id: objectId(inputs), outs };
    },
    async read(id: string, props: SearchObjectInputs) {
      const found = await getObject(props, options);
      // An empty id tells the engine the object is gone, so a refresh drops it from the state
      // (the dynamic provider host sends the id as a string: it must not be undefined).
      return found ? { id, props: found } : { id: "", props: {} };
    },
    async update(
      _id: string,
      olds: SearchObjectInputs & { etag?: string },
      news: SearchObjectInputs,
    ) {
      return { outs: await putObject(news, options, olds.etag) };
    },
    async delete(_id: string, props: SearchObjectInputs) {
      await deleteObject(props, options);
    },
    async diff(_id: string, olds: SearchObjectInputs, news: SearchObjectInputs) {
      const d = diffObject(olds, news);
      return {
        changes: d.changes,
        replaces: d.replaces,
        deleteBeforeReplace: d.replaces.length > 0,
      };
    },
  };
}

/** One Search data-plane object (index, data source or indexer) managed through the REST API. */
export class SearchObject extends pulumi.dynamic.Resource {
  /** `@odata.etag` after the last write or read. */
  public readonly etag!: pulumi.Output<string | undefined>;
  /** The REST definition Azure holds. */
  public readonly definition!: pulumi.Output<Record<string, any>>;

  constructor(
    name: string,
    args: {
      readonly endpoint: pulumi.Input<string>;
      readonly kind: SearchObjectKind;
      readonly definition: pulumi.Input<Record<string, any>>;
      /**
       * How often the indexed data is refreshed (ISO 8601), for the plan and the cadence rule;
       * never sent to Azure and never a reason to update.
       * @default - unknown
       */
      readonly dataRefresh?: string;
      /**
       * The service's tier (`SearchTier`) and partition count, for the plan and the tier rule;
       * never sent to Azure and never a reason to update.
       * @default - unknown (the rule looks for the service resource)
       */
      readonly service?: { readonly tier: string; readonly partitions: number };
    },
    opts?: pulumi.CustomResourceOptions,
    provider: pulumi.dynamic.ResourceProvider = DEFAULT_PROVIDER,
  ) {
    super(
      provider,
      name,
      { ...args, etag: undefined },
      opts,
      "search",
      SEARCH_OBJECT_TYPES[args.kind],
    );
  }
}

const DEFAULT_PROVIDER = searchObjectProvider();
