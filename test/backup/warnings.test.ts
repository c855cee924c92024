// Legal but likely-wrong backup settings reach `pulumi up` as warnings on the component.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { mocks } from "../support/mocks";
import { Duration } from "../../lib/core";
import { checkBackupAccount, DataBackupSchedule, ModelBackupVault } from "../../lib/backup";

const session = mocks();
const d = Duration.days;

describe("backup warnings", () => {
  let seen: string[];
  const original = pulumi.log.warn;
  beforeEach(() => {
    seen = [];
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (m: string) => {
      seen.push(m);
    };
  });
  afterEach(() => {
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = original;
  });

  it("a vault says how keepVersions became an age, once per family", async () => {
    new ModelBackupVault("warn-vault", {
      resourceGroupName: "rg-w",
      accountName: "warnvault01",
      families: ["forecasting"],
    });
    await session.settle();
    assert.deepEqual(seen, [
      "ModelBackupVault 'warn-vault': 'forecasting': keepVersions 30 every 1 day: current backups are deleted after 31 d (30 d raised so none leaves cool inside its 30-day early-deletion period); previous versions are deleted after 30 d. Azure retains by age only, so if backups stop, older ones still expire.",
    ]);
  });

  it("a data backup warns when it deletes archived backups inside Archive's 180 days", async () => {
    new DataBackupSchedule("warn-data", {
      factory: { resourceGroupName: "rg-w", factoryName: "adf-w" },
      factoryPrincipalId: "99999999-2222-3333-4444-555555555555",
      source: {
        accountId:
          "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-w/providers/Microsoft.Storage/storageAccounts/lake",
        container: "landing",
      },
      destination: { resourceGroupName: "rg-w", accountName: "warndata01" },
      window: { size: d(1), startTime: "2026-11-01T00:00:00Z" },
      tiering: { archiveAfter: d(90), deleteAfter: d(200) },
    });
    await session.settle();
    assert.deepEqual(seen, [
      "DataBackupSchedule 'warn-data': 'backups' current blobs are deleted 110 d after reaching archive, inside its 180-day early-deletion period: Azure charges the remaining days.",
    ]);
  });

  it("immutability longer than the retention makes the lifecycle's deletes fail", () => {
    const checked = checkBackupAccount(
      { component: "Test" },
      { resourceGroupName: "rg", immutability: { period: d(400) } },
      {
        containers: ["models"],
        tiering: [
          { name: "m", prefixes: ["models/"], current: { coolAfter: d(1), deleteAfter: d(365) } },
        ],
      },
    );
    assert.deepEqual(checked.warnings, [
      "the lifecycle deletes blobs after 365 d but immutability keeps them 400 d: deletes fail until the period ends.",
    ]);
  });
});
