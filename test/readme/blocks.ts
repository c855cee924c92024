import { readFileSync } from "fs";
import * as path from "path";
import { ROOT } from "../support/cli";

/** The fenced code blocks in one language of a Markdown file of the repository, in order. */
export function markdownBlocks(file: string, lang: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const blocks: string[] = [];
  // A fence may be indented (inside a list item): the block's lines lose that indentation.
  const fence = /^( *)(`{3,})(\w*)\n([\s\S]*?)^\1\2$/gm;
  for (let m = fence.exec(text); m; m = fence.exec(text))
    if (m[3] === lang) blocks.push(m[1] ? m[4].replace(new RegExp(`^${m[1]}`, "gm"), "") : m[4]);
  return blocks;
}

/** The README's fenced code blocks in one language, in order. */
export function readmeBlocks(lang: string): string[] {
  return markdownBlocks("README.md", lang);
}
