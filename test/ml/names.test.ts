import { strict as assert } from "assert";
import { mocks, rejects } from "../support/mocks";
import {
  COMPUTE_NAME,
  ONLINE_ENDPOINT_NAME,
  ShadowDeployment,
  TrainingCluster,
} from "../../lib/ml";

mocks();
const workspace = { resourceGroupName: "rg-ml", workspaceName: "mlw-test" };
const x = (n: number) => "a".repeat(n);

/**
 * Compute names: Terraform azurerm `internal/services/machinelearning/validate/compute_cluster_name.go`
 * `^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$` ("If you provide invalid name, the rest api will return
 * an error with the following regex"): 3-32 characters, letter first, letter or digit last.
 */
const computeNames: [string, boolean][] = [
  ["gpu", true],
  ["a1-", false], // ends with a hyphen
  ["ab", false], // 2 characters: below the API's minimum
  ["train-gpu-nc6s-v3", true], // 17 characters: refused by the old 2-16 rule, accepted by Azure
  [x(32), true],
  [x(33), false],
  ["1gpu", false], // starts with a digit
  ["GPU-Cluster-01", true],
  ["gpu_cluster", false], // underscore
  ["gpu--a", true], // the API's regex allows consecutive hyphens
];

/**
 * Endpoint and deployment names: Microsoft Learn, "Manage and increase quotas and limits for
 * resources with Azure Machine Learning", online endpoints: "begin with a letter, be 3-32
 * characters in length, only consist of letters and numbers", and "single dashes like
 * `my-endpoint-name` are accepted in endpoint and deployment names".
 */
const endpointNames: [string, boolean][] = [
  ["blue", true],
  ["my-endpoint-name", true],
  ["ab", false],
  [x(32), true],
  [x(33), false],
  ["9lives", false],
  ["my--endpoint", false], // a double dash is not a single dash
  ["endpoint-", false],
  ["my_endpoint", false],
  ["Blue2", true],
];

describe("Azure ML name limits (table-driven against the cited sources)", () => {
  for (const [name, ok] of computeNames) {
    it(`compute name "${name}" is ${ok ? "accepted" : "refused"}`, async () => {
      assert.equal(COMPUTE_NAME.test(name), ok);
      const make = () =>
        new TrainingCluster(`names-c-${computeNames.findIndex(([n]) => n === name)}`, {
          workspace,
          computeName: name,
        });
      if (ok) assert.doesNotThrow(make);
      else await rejects(make, "INVALID_FORMAT", /^computeName$/);
    });
  }
  endpointNames.forEach(([name, ok], i) => {
    it(`endpoint and deployment name "${name}" is ${ok ? "accepted" : "refused"}`, async () => {
      assert.equal(ONLINE_ENDPOINT_NAME.test(name), ok);
      const args = (endpointName: string, candidate: string) => ({
        workspace,
        endpointName,
        live: { name: "live0", model: "azureml:m:1" },
        candidate: { name: candidate, model: "azureml:m:2" },
        stage: "shadow 20%",
      });
      const asEndpoint = () => new ShadowDeployment(`names-e-${i}`, args(name, "cand0"));
      const asDeployment = () =>
        new ShadowDeployment(`names-d-${i}`, args(`ep-names-d-${i}`, name));
      if (ok) {
        assert.doesNotThrow(asEndpoint);
        assert.doesNotThrow(asDeployment);
      } else {
        await rejects(asEndpoint, "INVALID_FORMAT", /^endpointName$/);
        await rejects(asDeployment, "INVALID_FORMAT", /^candidate\.name$/);
      }
    });
  });
});
