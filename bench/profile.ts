/**
 * Summarizes a profile written by `BENCH_CPU_PROFILE=<file> bench/worker.ts ...`:
 *
 *   ts-node --transpile-only bench/profile.ts <file>.cpuprofile [top]
 *   ts-node --transpile-only bench/profile.ts <file>.heapprofile [top]
 *
 * Prints the functions with the most self time (or bytes allocated) and the most inclusive time
 * (or bytes, counted once per call stack), with `node_modules/` shortened to `nm/`.
 */
import { readFileSync } from "fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

const [file, topText] = process.argv.slice(2);
const top = Number(topText ?? 30);
const label = (cf: CallFrame) =>
  `${cf.functionName || "(anonymous)"} ${cf.url.replace(/.*node_modules\//, "nm/").replace(/^file:\/\/.*?\/(lib|bench|test)\//, "$1/")}:${cf.lineNumber + 1}`;

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const add = <K>(m: Map<K, number>, k: K, v: number) => m.set(k, (m.get(k) ?? 0) + v);
let total = 0;
const heap = file.endsWith(".heapprofile");
const profile = JSON.parse(readFileSync(file, "utf8"));

if (heap) {
  const walk = (node: HeapNode, stack: Set<string>) => {
    const k = label(node.callFrame);
    const inner = new Set(stack).add(k);
    total += node.selfSize;
    add(self, k, node.selfSize);
    for (const s of inner) add(inclusive, s, node.selfSize);
    for (const c of node.children) walk(c, inner);
  };
  walk(profile.head, new Set());
} else {
  const nodes = new Map<number, CpuNode>(profile.nodes.map((n: CpuNode) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes.values()) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map<number, number>();
  profile.samples.forEach((id: number, i: number) => add(time, id, profile.timeDeltas[i] ?? 0));
  for (const [id, t] of time) {
    total += t;
    add(self, label(nodes.get(id)!.callFrame), t);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = label(nodes.get(at)!.callFrame);
      if (!seen.has(k)) add(inclusive, k, t);
      seen.add(k);
    }
  }
}

const unit = heap
  ? (v: number) => `${(v / 2 ** 20).toFixed(0)} MB`
  : (v: number) => `${(v / 1000).toFixed(0)} ms`;
const list = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${unit(v).padStart(9)} ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join("\n");
process.stdout.write(
  `${heap ? "allocated" : "sampled"}: ${unit(total)}\n\nself\n${list(self)}\n\ninclusive\n${list(inclusive)}\n`,
);
