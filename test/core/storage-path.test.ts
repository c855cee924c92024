import { strict as assert } from "assert";
import { blobEventPath, parseBlobEventPath, trimSlashes } from "../../lib/core";

describe("storage paths", () => {
  it("trims slashes around a folder, keeping the ones inside", () => {
    assert.equal(trimSlashes("//runs/forecasting/"), "runs/forecasting");
    assert.equal(trimSlashes("/"), "");
  });

  // Learn, "Create a trigger that runs a pipeline in response to a storage event":
  // blobPathBeginsWith is /<container>/blobs/<folder>/ (a container alone: /<container>/blobs/).
  it("builds blobPathBeginsWith and reads it back", () => {
    assert.equal(blobEventPath("landing", "/sales/daily/"), "/landing/blobs/sales/daily/");
    assert.equal(blobEventPath("landing"), "/landing/blobs/");
    assert.deepEqual(parseBlobEventPath("/landing/blobs/sales/daily/"), {
      container: "landing",
      folder: "sales/daily",
    });
    assert.deepEqual(parseBlobEventPath("/landing/blobs/"), { container: "landing", folder: "" });
    assert.equal(parseBlobEventPath("landing/sales"), undefined);
  });
});

describe("storage paths: edges pinned by mutation testing", () => {
  it("trims any number of slashes at both ends only", () => {
    assert.equal(trimSlashes("a//b"), "a//b");
    assert.equal(trimSlashes("///a/b///"), "a/b");
    assert.equal(trimSlashes("a/"), "a");
    assert.equal(trimSlashes(""), "");
  });
  it("reads a container without a trailing slash and refuses what is not blobPathBeginsWith", () => {
    assert.deepEqual(parseBlobEventPath("/landing/blobs"), { container: "landing", folder: "" });
    assert.deepEqual(parseBlobEventPath("/landing/blobs//sales//"), {
      container: "landing",
      folder: "sales",
    });
    for (const path of [
      "/landing/blobsales/",
      "//blobs/sales/",
      "x/landing/blobs/",
      "/a/b/blobs/",
    ]) {
      assert.equal(parseBlobEventPath(path), undefined, path);
    }
    assert.equal(blobEventPath("landing", "/"), "/landing/blobs/");
  });
});
