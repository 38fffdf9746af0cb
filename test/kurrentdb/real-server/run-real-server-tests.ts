/**
 * `npm run test:kurrentdb`: the store contract and the whole e2e suite against a real KurrentDB.
 * - KURRENTDB_URL set: against that server (one node or a cluster), shared by every test file;
 *   it must answer first.
 * - KURRENTDB_URL unset and a Docker engine answers: a fresh KurrentDB container
 *   (`kurrentdb-image.ts`) per test file, through @testcontainers/kurrentdb.
 * - Neither: one line saying so, and exit 1 at once (`npm test` covers KurrentDB through the
 *   in-memory stand-in instead).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { KURRENTDB_IMAGE } from './kurrentdb-image';

const root = join(__dirname, '..', '..', '..');
const TESTS = ['test/kurrentdb/kurrentdb-real-server.int.spec.ts', 'test/e2e'];

async function serverAnswers(url: string): Promise<string | null> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 15 s')), 15_000).unref());
  try {
    const { KurrentDbEventStore } = await import('../../../src/event-store/kurrentdb/kurrentdb-event-store');
    const store = await Promise.race([KurrentDbEventStore.connect(url, { logger: { log: () => undefined, warn: () => undefined } }), timeout]);
    await store.close();
    return null;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

async function dockerAnswers(): Promise<string | null> {
  try {
    // Loaded only here: testcontainers probes the usual sockets and DOCKER_HOST, and fails fast without one.
    const { getContainerRuntimeClient } = await import('testcontainers');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Docker did not answer within 15 s')), 15_000).unref());
    await Promise.race([getContainerRuntimeClient(), timeout]);
    return null;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

async function main(): Promise<number> {
  const url = process.env.KURRENTDB_URL;
  const jestArgs = ['--runInBand', ...TESTS];
  if (url) {
    const problem = await serverAnswers(url);
    if (problem) {
      process.stderr.write(`test:kurrentdb: no usable KurrentDB at KURRENTDB_URL (${problem}); start one (docker compose up -d kurrentdb) or unset KURRENTDB_URL to let Docker start one per test file\n`);
      return 1;
    }
    process.stderr.write(`test:kurrentdb: against the KurrentDB at KURRENTDB_URL, shared by every test file\n`);
  } else {
    const problem = await dockerAnswers();
    if (problem) {
      process.stderr.write(`test:kurrentdb: cannot run here: KURRENTDB_URL is not set and no Docker engine answers (${problem}); set KURRENTDB_URL to a KurrentDB 25.1+ or run where Docker is available (npm test covers KurrentDB through the stand-in)\n`);
      return 1;
    }
    process.stderr.write(`test:kurrentdb: a fresh ${KURRENTDB_IMAGE} per test file, started with Docker\n`);
    jestArgs.unshift('--setupFilesAfterEnv', join(__dirname, 'fresh-kurrentdb-per-file.ts'));
  }
  const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...jestArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, LEDGER_E2E_STORE: 'kurrentdb', LEDGER_REAL_KURRENTDB: '1' },
  });
  return run.status ?? 1;
}

main().then((code) => process.exit(code));
