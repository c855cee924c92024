import { readFileSync } from "fs";
import * as path from "path";
import { ROOT } from "../support/cli";

/** The README's fenced code blocks in one language, in order. */
export function readmeBlocks(lang: string): string[] {
  const text = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const blocks: string[] = [];
  const fence = /^(`{3,})(\w*)\n([\s\S]*?)^\1$/gm;
  for (let m = fence.exec(text); m; m = fence.exec(text)) if (m[2] === lang) blocks.push(m[3]);
  return blocks;
}
