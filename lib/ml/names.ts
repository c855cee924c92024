import { trimSlashes } from "../core/storage-path";

/**
 * Tag that carries the reason a compute keeps nodes running (`minNodeCount > 0`). The
 * `compute-scale-to-zero` rule accepts a compute that has it, ours or raw. Pulumi-free, so the
 * policy pack can read it without loading azure-native.
 */
export const ALWAYS_ON_REASON_TAG = "mlops-always-on-reason";

/** Activity user property carrying a training run's model output URI (read by the plan). */
export const MODEL_OUTPUT_PROPERTY = "modelOutput";

/** `abfss://<container>@<account>.dfs.core.windows.net/<folder>/`. */
export function modelOutputUri(account: string, container: string, folderPath: string): string {
  const folder = trimSlashes(folderPath);
  return `abfss://${container}@${account}.dfs.core.windows.net/${folder ? `${folder}/` : ""}`;
}

/** Account, container and folder (no slashes around it) of an `abfss://` or `https://` URI. */
export function parseStorageUri(
  uri: string,
): { account: string; container: string; folder: string } | undefined {
  const m =
    /^abfss?:\/\/([^@/]+)@([^./]+)\.dfs\.core\.windows\.net\/?(.*)$/i.exec(uri) ??
    /^https:\/\/([^./]+)\.(?:blob|dfs)\.core\.windows\.net\/([^/]+)\/?(.*)$/i.exec(uri);
  if (!m) return undefined;
  const [account, container] = uri.startsWith("https:") ? [m[1], m[2]] : [m[2], m[1]];
  return {
    account: account.toLowerCase(),
    container,
    folder: trimSlashes(m[3]),
  };
}

/** Schedule tag holding `expectedDuration` (ISO 8601), which the plan's cost estimate reads. */
export const EXPECTED_DURATION_TAG = "mlops:expected-duration";
