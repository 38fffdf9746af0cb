import { extname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this project, named by its path without extension: the
 * compiled `.js` when this code runs compiled (the service, the CLI), the `.ts` source through
 * ts-node (transpile only) when it runs from sources (jest, the bench).
 */
export function startProjectWorker(module: string, workerData: unknown): Worker {
  const extension = extname(__filename);
  const entry = `${module}${extension}`;
  if (extension === '.js') return new Worker(entry, { workerData });
  const projectDir = resolve(__dirname, '..', '..');
  const source =
    `require('ts-node').register({ transpileOnly: true, projectSearchDir: ${JSON.stringify(projectDir)} });\n` +
    `require(${JSON.stringify(entry)});`;
  return new Worker(source, { eval: true, workerData });
}
