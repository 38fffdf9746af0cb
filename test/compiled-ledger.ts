import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** What `npm start` runs. */
export const COMPILED_SERVICE = join(ROOT, 'dist/src/main.js');
/** What the `ledger` bin and `npm run ledger` run. */
export const COMPILED_CLI = join(ROOT, 'dist/src/cli/main.js');

/**
 * Jest's global setup: tests that run the service or the `ledger` binary as a separate process run
 * the compiled JavaScript a user runs, so dist/ is built once before any test file, the way
 * `npm run build` does it: `tsc -b` and the explorer's bundle, each nothing when no source changed since the last build.
 */
export default function buildCompiledLedger(): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  // The explorer the service serves at /explorer (the browser tests open it), built the same way: only when stale.
  execFileSync(process.execPath, [join(ROOT, 'explorer', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}
