import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..');

/** Workloads that measure the service's own code run it compiled, as users do (`run-bench` builds dist/ first). */
export const COMPILED_WORKLOADS = ['W5', 'W7'];

/**
 * A module of the service from dist/, as `npm start` and the `ledger` binary run it: its worker
 * threads then start from compiled JavaScript too, not through the bench's TypeScript loader.
 * Typed by its source: `compiled<typeof import('../src/x')>('src/x')`.
 */
export function compiled<T>(sourcePath: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(REPO_ROOT, 'dist', `${sourcePath}.js`)) as T;
}
