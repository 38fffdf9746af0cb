// Builds the explorer into dist/explorer/: one JavaScript bundle, one stylesheet and the page,
// each with a gzip copy, from explorer/src with esbuild (a dev dependency: only this build needs it).
// Skipped when the output is newer than every source, so `npm start` pays nothing when nothing changed.
// `node explorer/build.mjs [--force]`; prints the sizes it wrote.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(root, 'dist', 'explorer');
const stamp = join(out, '.built');
/** What the bundle is made of: the explorer, the graph labels it shares with the service, the lockfile. */
const sources = [here, join(root, 'src', 'provenance', 'graph-labels.ts'), join(root, 'src', 'provenance', 'provenance-graph.ts'), join(root, 'package-lock.json')];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function upToDate() {
  try {
    return statSync(stamp).mtimeMs >= Math.max(...sources.map(newest));
  } catch {
    return false;
  }
}

export async function buildExplorer({ force = false, quiet = false } = {}) {
  if (!force && upToDate()) return null;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'assets'), { recursive: true });
  await build({
    entryPoints: { app: join(here, 'src', 'main.tsx') },
    outdir: join(out, 'assets'),
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'linked',
    logLevel: quiet ? 'error' : 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
  const sizes = {};
  for (const name of ['assets/app.js', 'assets/app.css', 'index.html']) {
    const body = readFileSync(join(out, name));
    const gzipped = gzipSync(body, { level: 9 });
    writeFileSync(join(out, `${name}.gz`), gzipped);
    sizes[name] = { bytes: body.length, gzip: gzipped.length };
  }
  writeFileSync(stamp, JSON.stringify(sizes, null, 2));
  if (!quiet) {
    for (const [name, s] of Object.entries(sizes)) console.log(`explorer: ${name} ${(s.bytes / 1024).toFixed(1)} KiB (${(s.gzip / 1024).toFixed(1)} KiB gzip)`);
  }
  return sizes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildExplorer({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
