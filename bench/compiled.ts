import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import type { BenchJob } from './bench-job';
import buildCompiledLedger from '../test/compiled-ledger';

const REPO_ROOT = join(__dirname, '..');

/**
 * The bench files the compiled measurements need, transpiled one by one next to the service in
 * dist/: each may import only the service's modules, node's and the files of this list.
 */
const COMPILED_BENCH_FILES = [
  'bench/bench-job.ts',
  'bench/latency-recorder.ts',
  'bench/ledger-fixture/fixture-files.ts',
  'bench/workloads/compiled-workloads.ts',
  'bench/compiled-process.ts',
];

/** The child a measured phase of the ledger's W5, W5 read-only and W7 runs in. */
export const COMPILED_PROCESS = join(REPO_ROOT, 'dist/bench/compiled-process.js');

/**
 * True for the measured phases that run the service's code compiled, in plain Node.js: those whose
 * targets include a peak RSS, which the bench's TypeScript loader (about 100 MB) would otherwise
 * count, and whose worker threads would each start one more.
 */
export function runsCompiled(job: Pick<BenchJob, 'workload' | 'subject' | 'phase'>): boolean {
  return job.subject === 'ledger' && job.phase === 'measure' && ['W5', 'W5 read-only', 'W7'].includes(job.workload);
}

/**
 * Builds dist/ as `npm run build` does (nothing when no source changed) and transpiles the bench
 * files of the compiled measurements next to it, with the project's compiler options.
 */
export function buildCompiledBench(): void {
  buildCompiledLedger();
  const config = ts.getParsedCommandLineOfConfigFile(join(REPO_ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const compilerOptions = config?.options ?? {};
  for (const file of COMPILED_BENCH_FILES) {
    const source = join(REPO_ROOT, file);
    const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), { compilerOptions, fileName: source });
    const target = join(REPO_ROOT, 'dist', file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
}

/**
 * A module of the service from dist/, as `npm start` and the `ledger` binary run it, for a
 * workload that runs under the bench's loader but folds with the service's compiled code (the
 * peers' W5 rows). Typed by its source: `compiled<typeof import('../src/x')>('src/x')`.
 */
export function compiled<T>(sourcePath: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(REPO_ROOT, 'dist', `${sourcePath}.js`)) as T;
}
