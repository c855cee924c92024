import * as pulumi from "@pulumi/pulumi";
import * as datafactory from "@pulumi/azure-native/datafactory";
import type { Activity } from "../datafactory/activities";
import { factoryCoordinates, FactoryInput } from "../datafactory/factory";

/** Formats a backup copy reads. Delimited text and JSON are rewritten as Parquet. */
export const SOURCE_FORMATS = ["delimited", "json", "parquet", "binary"] as const;
/** How the source files are written. */
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** What the Copy activity reads and writes, decided from the source format. */
export interface CopyFormats {
  /** Dataset type of the source (`DelimitedText`, `Json`, `Parquet`, `Binary`). */
  readonly sourceDataset: string;
  /** Dataset type of the sink (`Parquet` or `Binary`). */
  readonly sinkDataset: "Parquet" | "Binary";
  /**
   * Copy activity source type (`DelimitedTextSource`, `JsonSource`, `ParquetSource`,
   * `BinarySource`).
   */
  readonly sourceType: string;
  /** Copy activity sink type. */
  readonly sinkType: "ParquetSink" | "BinarySink";
}

/**
 * Rows (delimited text, JSON) become Parquet with snappy compression, columnar and several times
 * smaller; Parquet stays Parquet; anything else (model weights, images) is copied byte for byte.
 */
export function copyFormats(format: SourceFormat): CopyFormats {
  switch (format) {
    case "delimited":
      return {
        sourceDataset: "DelimitedText",
        sinkDataset: "Parquet",
        sourceType: "DelimitedTextSource",
        sinkType: "ParquetSink",
      };
    case "json":
      return {
        sourceDataset: "Json",
        sinkDataset: "Parquet",
        sourceType: "JsonSource",
        sinkType: "ParquetSink",
      };
    case "parquet":
      return {
        sourceDataset: "Parquet",
        sinkDataset: "Parquet",
        sourceType: "ParquetSource",
        sinkType: "ParquetSink",
      };
    default:
      return {
        sourceDataset: "Binary",
        sinkDataset: "Binary",
        sourceType: "BinarySource",
        sinkType: "BinarySink",
      };
  }
}

/** The account name at the end of a storage account ARM id. */
export function accountNameOf(accountId: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(accountId).apply((id) => id.replace(/\/+$/, "").split("/").pop() ?? "");
}

/** A name valid for a factory child (linked service, dataset), from a Pulumi name. */
export function factoryObjectName(name: string, role: string): string {
  return `${name.replace(/[^A-Za-z0-9_-]/g, "_")}_${role}`.replace(/^[^A-Za-z0-9_]/, "_");
}

/**
 * A blob linked service that authenticates as the factory's managed identity (no key, no SAS),
 * and a dataset in it whose container and folder are parameters.
 */
export function blobEndpoint(
  parent: pulumi.Resource,
  name: string,
  factory: FactoryInput,
  role: "Source" | "Backup",
  accountName: pulumi.Input<string>,
  dataset: Record<string, any>,
  dependsOn: pulumi.Resource[] = [],
  connectVia?: { referenceName: string; type: "IntegrationRuntimeReference" },
): { linkedServiceName: string; datasetName: string; dataset: datafactory.Dataset } {
  const f = factoryCoordinates(factory);
  const linkedServiceName = factoryObjectName(name, `${role}Storage`);
  const datasetName = factoryObjectName(name, `${role}Files`);
  const ls = new datafactory.LinkedService(
    `${name}-${role.toLowerCase()}-ls`,
    {
      resourceGroupName: f.resourceGroupName,
      factoryName: f.factoryName,
      linkedServiceName,
      properties: {
        type: "AzureBlobStorage",
        serviceEndpoint: pulumi.interpolate`https://${accountName}.blob.core.windows.net/`,
        accountKind: "StorageV2",
        authenticationType: "Msi",
        ...(connectVia ? { connectVia } : {}),
      },
    },
    { parent, dependsOn: [...(factory instanceof pulumi.Resource ? [factory] : []), ...dependsOn] },
  );
  const ds = new datafactory.Dataset(
    `${name}-${role.toLowerCase()}-ds`,
    {
      resourceGroupName: f.resourceGroupName,
      factoryName: f.factoryName,
      datasetName,
      properties: {
        linkedServiceName: { referenceName: linkedServiceName, type: "LinkedServiceReference" },
        parameters: { container: { type: "String" }, folder: { type: "String" } },
        location: {
          type: "AzureBlobStorageLocation",
          container: { value: "@dataset().container", type: "Expression" },
          folderPath: { value: "@dataset().folder", type: "Expression" },
        },
        ...dataset,
      } as any,
    },
    { parent, dependsOn: [ls] },
  );
  return { linkedServiceName, datasetName, dataset: ds };
}

/** The dataset-specific properties of each format. */
export function datasetProperties(type: string): Record<string, any> {
  switch (type) {
    case "DelimitedText":
      return { type, columnDelimiter: ",", firstRowAsHeader: true, quoteChar: '"' };
    case "Json":
      return { type };
    case "Parquet":
      return { type, compressionCodec: "snappy" };
    default:
      return { type: "Binary" };
  }
}

/** Everything the Copy activity needs. */
export interface BackupCopySpec {
  /** Name of the Copy activity in the pipeline. */
  readonly activityName: string;
  /** Dataset, source and sink types for the source format. */
  readonly formats: CopyFormats;
  /** Reference name of the source dataset. */
  readonly sourceDataset: string;
  /** Reference name of the sink dataset. */
  readonly sinkDataset: string;
  /** Source container and folder (expressions allowed). */
  readonly source: { readonly container: any; readonly folder: any };
  /** Destination container and folder (expressions allowed). */
  readonly destination: { readonly container: any; readonly folder: any };
  /** Only files last modified in `[start, end)` (expressions). @default - every file */
  readonly modifiedBetween?: { readonly start: string; readonly end: string };
}

/** The Copy activity of a backup: recursive read, hierarchy kept, snappy Parquet for rows. */
export function backupCopyActivity(spec: BackupCopySpec): Activity {
  const expr = (v: any) =>
    typeof v === "string" && v.startsWith("@") ? { value: v, type: "Expression" } : v;
  return {
    name: spec.activityName,
    type: "Copy",
    inputs: [
      {
        referenceName: spec.sourceDataset,
        type: "DatasetReference",
        parameters: { container: expr(spec.source.container), folder: expr(spec.source.folder) },
      },
    ],
    outputs: [
      {
        referenceName: spec.sinkDataset,
        type: "DatasetReference",
        parameters: {
          container: expr(spec.destination.container),
          folder: expr(spec.destination.folder),
        },
      },
    ],
    source: {
      type: spec.formats.sourceType,
      storeSettings: {
        type: "AzureBlobStorageReadSettings",
        recursive: true,
        wildcardFileName: "*",
        ...(spec.modifiedBetween
          ? {
              modifiedDatetimeStart: expr(spec.modifiedBetween.start),
              modifiedDatetimeEnd: expr(spec.modifiedBetween.end),
            }
          : {}),
      },
    },
    sink: {
      type: spec.formats.sinkType,
      storeSettings: { type: "AzureBlobStorageWriteSettings", copyBehavior: "PreserveHierarchy" },
      ...(spec.formats.sinkType === "ParquetSink"
        ? { formatSettings: { type: "ParquetWriteSettings" } }
        : {}),
    },
  };
}
