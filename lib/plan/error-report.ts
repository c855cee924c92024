/** Longest first line of an error: one sentence that fits a terminal. */
export const MAX_HEADLINE = 200;

/**
 * An error as the CLI prints it: a first line `label: sentence.` of at most MAX_HEADLINE
 * characters, then the details, each on its own line, indented. A sentence too long for the first
 * line is cut at its last clause (`; `, `: `, ` (`) that fits, the rest following on the next line;
 * the first line always ends with a full stop (or `?`, `!`).
 */
export function errorReport(
  label: string,
  message: string,
  details: readonly string[] = [],
): string {
  const [first, ...more] = message.trim().split("\n");
  let head = first.trim();
  const rest: string[] = [];
  const budget = MAX_HEADLINE - label.length - 3;
  if (head.length > budget) {
    const cuts = ["; ", ": ", " ("].map((sep) => head.lastIndexOf(sep, budget - 1));
    const cut = Math.max(...cuts.filter((i) => i >= 20), -1);
    const at = cut > 0 ? cut : head.lastIndexOf(" ", budget - 20);
    rest.push(head.slice(at).replace(/^[;:]?\s*/, ""));
    head = `${head.slice(0, at)}${cut > 0 ? "" : " (continued below)"}`;
  }
  if (!/[.?!]$/.test(head)) head += ".";
  const lines = [...rest, ...more, ...details].map((l) => l.trim()).filter(Boolean);
  return [`${label}: ${head}`, ...lines.map((l) => `  ${l}`)].join("\n");
}
