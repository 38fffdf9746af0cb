import { readFileSync } from 'node:fs';

/**
 * Where a CPU profile's time went (`bench/load-window-profile.ts` or `node --cpu-prof`), by who
 * owns the code: each npm package (by its folder under node_modules), the ledger's own source (by
 * folder under src/), Node's internals, garbage collection. Self time only, so the shares add up
 * to 100 %; native code (SQLite, hashing, socket writes) counts for the JavaScript that called it,
 * and the profiler's own stop is left out.
 *
 *   npx ts-node --transpile-only bench/cpu-profile-summary.ts CPU.*.cpuprofile [--top=25] [--functions]
 */
interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const OWN_NAMES = new Set(['(garbage collector)', '(idle)', '(program)', '(root)']);

function ownerOf(node: ProfileNode, parents: Map<number, ProfileNode>): string {
  const { url, functionName } = node.callFrame;
  if (!url) {
    const parent = parents.get(node.id);
    return OWN_NAMES.has(functionName) || !parent ? functionName : ownerOf(parent, parents);
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/(src|projections|bench)\/(.*)\/[^/]+$/.exec(url) ?? /\/(src|projections|bench)\/([^/]+)$/.exec(url);
  if (own) return `${own[1]}/${own[2].split('/')[0]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return url;
}

function main(): void {
  const args = process.argv.slice(2);
  const top = Number(/^--top=(\d+)$/.exec(args.find((a) => a.startsWith('--top=')) ?? '')?.[1] ?? 25);
  const byFunction = args.includes('--functions');
  const files = args.filter((a) => !a.startsWith('--'));
  const totals = new Map<string, number>();
  let all = 0;
  let idle = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map<number, ProfileNode>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node);
    profile.samples.forEach((id, index) => {
      const node = nodes.get(id)!;
      const frame = node.callFrame;
      const micros = profile.timeDeltas[index] ?? 0;
      const owner = ownerOf(node, parents);
      if (owner === 'node:inspector') return;
      all += micros;
      if (owner === '(idle)') {
        idle += micros;
        return;
      }
      const key = byFunction ? `${owner} ${frame.functionName || '(anonymous)'}:${frame.lineNumber + 1}` : owner;
      totals.set(key, (totals.get(key) ?? 0) + micros);
    });
  }
  const busy = all - idle;
  console.log(`${(all / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy; shares of busy time:`);
  for (const [key, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${key}`);
  }
}

main();
