/**
 * Blob folder paths in the forms Azure takes them: folders without slashes around them, and the
 * `blobPathBeginsWith` of a storage event trigger (`/<container>/blobs/<folder>/`). Pulumi-free, so
 * the plan and the policy pack read what the components write with the same code.
 */

/** A folder path without leading or trailing slashes (`""` is the container root). */
export function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, "");
}

/** `blobPathBeginsWith` for a container and a folder in it: `/landing/blobs/sales/`. */
export function blobEventPath(container: string, folderPath = ""): string {
  const folder = trimSlashes(folderPath);
  return `/${container}/blobs/${folder ? `${folder}/` : ""}`;
}

/** Container and folder (no slashes around it) of a `blobPathBeginsWith`; undefined if not one. */
export function parseBlobEventPath(
  path: string,
): { container: string; folder: string } | undefined {
  const m = /^\/([^/]+)\/blobs(?:\/(.*))?$/.exec(path);
  return m ? { container: m[1], folder: trimSlashes(m[2] ?? "") } : undefined;
}
