// Copy activity shapes follow @pulumi/azure-native 3.28 datafactory inputs (CopyActivityArgs,
// AzureBlobStorageReadSettingsArgs.modifiedDatetimeStart/End, ParquetSinkArgs,
// ParquetDatasetArgs.compressionCodec) and learn.microsoft.com/azure/data-factory/format-parquet
// ("snappy" is the default codec, written explicitly here).
import { strict as assert } from "assert";
import { mocks, one, rejects } from "../support/mocks";
import { Duration, Recurrence } from "../../lib/core";
import { DataFactory, GENERATED_ACTIVITY_NAMES } from "../../lib/datafactory";
import { DataBackupSchedule, partitionFolderExpression } from "../../lib/backup";

const session = mocks();
const rg = "rg-data";
const d = Duration.days;
const lakeId =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/mlopslake";
const reference = { resourceGroupName: rg, factoryName: "adf-data" };
const principal = "99999999-2222-3333-4444-555555555555";

async function inputs(prefix: string, type: string) {
  await session.settle();
  return one(prefix, type).inputs;
}

describe("DataBackupSchedule", () => {
  describe("daily incremental CSV backup on a tumbling window", () => {
    before(() => {
      const adf = new DataFactory("dbs-adf", { resourceGroupName: rg, factoryName: "adf-dbs" });
      new DataBackupSchedule("landing-backup", {
        factory: adf,
        source: { accountId: lakeId, container: "landing", prefix: "sales/", format: "delimited" },
        destination: { resourceGroupName: rg, accountName: "mlopsdatabackup01" },
        window: { size: d(1), startTime: "2026-11-01T00:00:00Z", delay: Duration.hours(1) },
        tiering: { archiveAfter: d(90), deleteAfter: d(730) },
        cleanup: [
          {
            name: "old-forecasts",
            prefixes: ["data-backup/landing/forecasts/"],
            deleteAfter: d(30),
          },
        ],
      });
    });

    it("copies only the files modified inside the window, as snappy Parquet, into yyyy/MM/dd", async () => {
      const p = await inputs("landing-backup-copy-pipeline", "azure-native:datafactory:Pipeline");
      assert.deepEqual(p.parameters, {
        windowStart: { type: "String" },
        windowEnd: { type: "String" },
      });
      assert.equal(p.concurrency, 1);
      // The default gate: the source folder must exist, or the run fails (and alerts).
      const [probe, gate] = p.activities;
      assert.deepEqual(probe, {
        name: "CheckInputDataExists",
        type: "GetMetadata",
        dataset: {
          referenceName: "landing-backup_SourceFiles",
          type: "DatasetReference",
          parameters: { container: "landing", folder: "sales" },
        },
        fieldList: ["exists"],
        dependsOn: [],
        policy: { retry: 3, retryIntervalInSeconds: 30 },
      });
      assert.equal(gate.type, "IfCondition");
      assert.equal(gate.ifFalseActivities[0].type, "Fail");
      assert.deepEqual(gate.ifTrueActivities, [
        {
          name: "BackupData",
          type: "Copy",
          inputs: [
            {
              referenceName: "landing-backup_SourceFiles",
              type: "DatasetReference",
              parameters: { container: "landing", folder: "sales" },
            },
          ],
          outputs: [
            {
              referenceName: "landing-backup_BackupFiles",
              type: "DatasetReference",
              parameters: {
                container: "data-backup",
                folder: {
                  value:
                    "@concat('landing/sales/', formatDateTime(pipeline().parameters.windowStart, 'yyyy/MM/dd'))",
                  type: "Expression",
                },
              },
            },
          ],
          source: {
            type: "DelimitedTextSource",
            storeSettings: {
              type: "AzureBlobStorageReadSettings",
              recursive: true,
              wildcardFileName: "*",
              modifiedDatetimeStart: {
                value: "@pipeline().parameters.windowStart",
                type: "Expression",
              },
              modifiedDatetimeEnd: {
                value: "@pipeline().parameters.windowEnd",
                type: "Expression",
              },
            },
          },
          sink: {
            type: "ParquetSink",
            storeSettings: {
              type: "AzureBlobStorageWriteSettings",
              copyBehavior: "PreserveHierarchy",
            },
            formatSettings: { type: "ParquetWriteSettings" },
          },
          policy: { retry: 3, retryIntervalInSeconds: 30 },
        },
      ]);
    });

    it("reads CSV with a header and writes Parquet datasets compressed with snappy", async () => {
      const src = await inputs("landing-backup-source-ds", "azure-native:datafactory:Dataset");
      assert.deepEqual(src.properties, {
        type: "DelimitedText",
        linkedServiceName: {
          referenceName: "landing-backup_SourceStorage",
          type: "LinkedServiceReference",
        },
        parameters: { container: { type: "String" }, folder: { type: "String" } },
        location: {
          type: "AzureBlobStorageLocation",
          container: { value: "@dataset().container", type: "Expression" },
          folderPath: { value: "@dataset().folder", type: "Expression" },
        },
        columnDelimiter: ",",
        firstRowAsHeader: true,
        quoteChar: '"',
      });
      const dst = await inputs("landing-backup-backup-ds", "azure-native:datafactory:Dataset");
      assert.equal(dst.properties.type, "Parquet");
      assert.equal(dst.properties.compressionCodec, "snappy");
      const ls = await inputs("landing-backup-backup-ls", "azure-native:datafactory:LinkedService");
      assert.deepEqual(ls.properties, {
        type: "AzureBlobStorage",
        serviceEndpoint: "https://mlopsdatabackup01.blob.core.windows.net/",
        accountKind: "StorageV2",
        authenticationType: "Msi",
      });
    });

    it("runs one window a day with the window bounds as parameters", async () => {
      const t = await inputs("landing-backup-window-trigger", "azure-native:datafactory:Trigger");
      assert.equal(t.properties.type, "TumblingWindowTrigger");
      assert.equal(t.properties.frequency, "Hour");
      assert.equal(t.properties.interval, 24);
      assert.equal(t.properties.startTime, "2026-11-01T00:00:00Z");
      assert.equal(t.properties.delay, "01:00:00");
      assert.deepEqual(t.properties.pipeline.parameters, {
        windowStart: "@trigger().outputs.windowStartTime",
        windowEnd: "@trigger().outputs.windowEndTime",
      });
    });

    it("tiers backups Cool at once, Archive after 90 d, deletes after 730 d, and cleans up old forecasts", async () => {
      const p = await inputs("landing-backup-lifecycle", "azure-native:storage:ManagementPolicy");
      assert.equal(p.managementPolicyName, "default");
      assert.deepEqual(p.policy.rules, [
        {
          name: "backups",
          enabled: true,
          type: "Lifecycle",
          definition: {
            filters: { blobTypes: ["blockBlob"], prefixMatch: ["data-backup/"] },
            actions: {
              baseBlob: {
                tierToCool: { daysAfterCreationGreaterThan: 0 },
                tierToArchive: { daysAfterCreationGreaterThan: 90 },
                delete: { daysAfterCreationGreaterThan: 730 },
              },
            },
          },
        },
        {
          name: "old-forecasts",
          enabled: true,
          type: "Lifecycle",
          definition: {
            filters: { blobTypes: ["blockBlob"], prefixMatch: ["data-backup/landing/forecasts/"] },
            actions: { baseBlob: { delete: { daysAfterCreationGreaterThan: 30 } } },
          },
        },
      ]);
    });

    it("gives the factory Reader on the source container and Contributor on the backup container", async () => {
      await session.settle();
      const backupId = one("landing-backup-account", "azure-native:storage:StorageAccount").id;
      const read = await inputs(
        "landing-backup-read-source",
        "azure-native:authorization:RoleAssignment",
      );
      assert.equal(read.scope, `${lakeId}/blobServices/default/containers/landing`);
      assert.match(read.roleDefinitionId, /2a2b9908-6ea1-4ae2-8e65-a410df84e7d1$/);
      const write = await inputs(
        "landing-backup-write-backup",
        "azure-native:authorization:RoleAssignment",
      );
      assert.equal(write.scope, `${backupId}/blobServices/default/containers/data-backup`);
      assert.match(write.roleDefinitionId, /ba92f5b4-2d11-453d-a403-e96b0029c9fe$/);
    });

    it("secures the backup account like a vault", async () => {
      const a = await inputs("landing-backup-account", "azure-native:storage:StorageAccount");
      assert.equal(a.sku.name, "Standard_RAGRS");
      assert.equal(a.allowSharedKeyAccess, false);
      assert.equal(a.minimumTlsVersion, "TLS1_2");
      assert.equal(a.tags["mlops:purpose"], "backup");
    });
  });

  it("makes full binary copies on a Recurrence, partitioned by trigger time, with the pipeline's gate and notifications", async () => {
    new DataBackupSchedule("outputs-backup", {
      factory: reference,
      factoryPrincipalId: principal,
      source: { accountId: lakeId, container: "outputs" },
      destination: {
        resourceGroupName: rg,
        accountName: "mlopsoutbackup01",
        container: "outputs-backup",
      },
      schedule: Recurrence.daily({ at: "03:00", timeZone: "W. Europe Standard Time" }),
      notifications: { url: "https://example.invalid/hook" },
      retry: { count: 5 },
    });
    const p = await inputs("outputs-backup-copy-pipeline", "azure-native:datafactory:Pipeline");
    assert.equal(p.parameters, undefined);
    const gate = p.activities.find((a: any) => a.type === "IfCondition");
    const copy = gate.ifTrueActivities.find((a: any) => a.name === "BackupData");
    assert.deepEqual(copy.outputs[0].parameters.folder, {
      value: "@concat('outputs/', formatDateTime(pipeline().TriggerTime, 'yyyy/MM/dd'))",
      type: "Expression",
    });
    assert.equal(copy.source.type, "BinarySource");
    assert.equal(copy.source.storeSettings.modifiedDatetimeStart, undefined);
    assert.equal(copy.sink.type, "BinarySink");
    assert.equal(copy.policy.retry, 5);
    assert.ok(p.activities.some((a: any) => a.name === GENERATED_ACTIVITY_NAMES.notifyFailed));
    const t = await inputs("outputs-backup-schedule-trigger", "azure-native:datafactory:Trigger");
    assert.equal(t.properties.type, "ScheduleTrigger");
    assert.deepEqual(t.properties.recurrence.schedule, { hours: [3], minutes: [0] });
    const read = await inputs(
      "outputs-backup-read-source",
      "azure-native:authorization:RoleAssignment",
    );
    assert.equal(read.principalId, principal);
  });

  it("partitions sub-daily windows by hour and minute", () =>
    assert.equal(
      partitionFolderExpression("it's", "pipeline().parameters.windowStart", true),
      "@concat('it''s/', formatDateTime(pipeline().parameters.windowStart, 'yyyy/MM/dd/HHmm'))",
    ));

  describe("rejects bad input before registering anything", () => {
    const base = {
      factory: reference,
      factoryPrincipalId: principal,
      source: { accountId: lakeId, container: "landing" },
      destination: { resourceGroupName: rg, accountName: "mlopsbad01" },
      window: { size: d(1), startTime: "2026-11-01T00:00:00Z" },
    };
    const cases: [string, () => unknown, any, RegExp][] = [
      [
        "both schedule and window",
        () =>
          new DataBackupSchedule("dbs-bad-1", {
            ...base,
            schedule: Recurrence.daily({ at: "01:00" }),
          }),
        "CONFLICT",
        /^schedule$/,
      ],
      [
        "neither schedule nor window",
        () => new DataBackupSchedule("dbs-bad-2", { ...base, window: undefined }),
        "CONFLICT",
        /^schedule$/,
      ],
      [
        "incremental on a Recurrence",
        () =>
          new DataBackupSchedule("dbs-bad-3", {
            ...base,
            window: undefined,
            schedule: Recurrence.daily({ at: "01:00" }),
            mode: "incremental",
          }),
        "CONFLICT",
        /^mode$/,
      ],
      [
        "a bad source container",
        () =>
          new DataBackupSchedule("dbs-bad-4", {
            ...base,
            source: { accountId: lakeId, container: "Landing" },
          }),
        "INVALID_FORMAT",
        /source\.container/,
      ],
      [
        "an unknown format",
        () =>
          new DataBackupSchedule("dbs-bad-5", {
            ...base,
            source: { ...base.source, format: "avro" as any },
          }),
        "NOT_ALLOWED",
        /source\.format/,
      ],
      [
        "a wildcard prefix",
        () =>
          new DataBackupSchedule("dbs-bad-6", {
            ...base,
            source: { ...base.source, prefix: "sales/*" },
          }),
        "CONFLICT",
        /source\.prefix/,
      ],
      [
        "a window under 15 minutes",
        () =>
          new DataBackupSchedule("dbs-bad-7", {
            ...base,
            window: { size: Duration.minutes(10), startTime: "2026-11-01T00:00:00Z" },
          }),
        "CONFLICT",
        /window\.size/,
      ],
      [
        "a local start time",
        () =>
          new DataBackupSchedule("dbs-bad-8", {
            ...base,
            window: { size: d(1), startTime: "2026-11-01T00:00:00" },
          }),
        "INVALID_FORMAT",
        /window\.startTime/,
      ],
      [
        "maxConcurrency 51",
        () =>
          new DataBackupSchedule("dbs-bad-9", {
            ...base,
            window: { ...base.window, maxConcurrency: 51 },
          }),
        "OUT_OF_RANGE",
        /window\.maxConcurrency/,
      ],
      [
        "archive on ZRS",
        () =>
          new DataBackupSchedule("dbs-bad-10", {
            ...base,
            destination: { ...base.destination, sku: "Standard_ZRS" },
            tiering: { archiveAfter: d(90) },
          }),
        "CONFLICT",
        /^tiering\.current\.archiveAfter$/,
      ],
      [
        "delete before archive",
        () =>
          new DataBackupSchedule("dbs-bad-11", {
            ...base,
            tiering: { archiveAfter: d(90), deleteAfter: d(60) },
          }),
        "CONFLICT",
        /^tiering\.current\.deleteAfter$/,
      ],
      [
        "a cleanup rule outside the backup container",
        () =>
          new DataBackupSchedule("dbs-bad-12", {
            ...base,
            cleanup: [{ name: "x", prefixes: ["landing/old"], deleteAfter: d(9) }],
          }),
        "CONFLICT",
        /^cleanup\[0\]\.prefixes\[0\]$/,
      ],
      [
        "a reference factory without principal",
        () => new DataBackupSchedule("dbs-bad-13", { ...base, factoryPrincipalId: undefined }),
        "CONFLICT",
        /factoryPrincipalId/,
      ],
      [
        "a weak retry count",
        () => new DataBackupSchedule("dbs-bad-14", { ...base, retry: { count: 101 } }),
        "OUT_OF_RANGE",
        /retry\.count/,
      ],
      [
        "a bad destination container",
        () =>
          new DataBackupSchedule("dbs-bad-15", {
            ...base,
            destination: { ...base.destination, container: "x" },
          }),
        "INVALID_FORMAT",
        /^destination\.container$/,
      ],
    ];
    for (const [what, make, code, prop] of cases)
      it(`throws on ${what}`, () => rejects(make, code, prop));
  });
});
