import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchJob } from './bench-job';
import type { PlannedJob } from './bench-plan';
import type { SubjectName } from './bench-row';
import type { WriteSubject } from './subjects/write-subject';
import type { LogPages } from './workloads/peer-log';

/**
 * The benchmark's peers (the Emmett stores, their sqlite3 and pg drivers, autocannon) are a
 * package of their own in bench/peers/, installed on the first `npm run bench`, so the service's
 * `npm ci` compiles no native module that only the benchmark uses. The code that imports a peer
 * lives in bench/peers/ as well, where Node finds bench/peers/node_modules; the rest of bench/
 * reaches it only through this file, by path, and so type-checks without the peers installed.
 */
export const PEERS_DIR = join(__dirname, 'peers');

/** W4's load generator (autocannon), run as a process of its own beside the service. */
export const HTTP_LOAD_GENERATOR = join(PEERS_DIR, 'http-load-generator.ts');

/** What bench/peers/peer-stores.ts provides for each Emmett store. */
export interface PeerStore {
  /** W1–W3: appends through the store's own API. */
  openWriteSubject(job: BenchJob): Promise<WriteSubject>;
  /** W5 prepare: the synthetic ledger, bulk-loaded into the store's own tables. */
  loadLog(job: BenchJob): Promise<void>;
  /** W5 measure: the store's log, page by page through its own read path. */
  openLogPages(job: BenchJob): Promise<LogPages>;
}

export type PeerStoreName = 'emmett-sqlite' | 'emmett-postgresql';

function isPeerStore(subject: SubjectName): subject is PeerStoreName {
  return subject === 'emmett-sqlite' || subject === 'emmett-postgresql';
}

export function peerStore(subject: SubjectName): PeerStore {
  if (!isPeerStore(subject)) throw new Error(`${subject} is not a peer store`);
  // By path and with require, so tsc does not follow it into the peers.
  const { peerStores } = require(join(PEERS_DIR, 'peer-stores')) as { peerStores: Record<PeerStoreName, PeerStore> };
  return peerStores[subject];
}

/** An Emmett subject or W4's load generator: a run without either does not need the peers. */
export function needsPeers(jobs: PlannedJob[]): boolean {
  return jobs.some((job) => !job.skip && (isPeerStore(job.subject) || job.workload.split(' ')[0] === 'W4'));
}

const LOCKFILE = join(PEERS_DIR, 'package-lock.json');
/** Written after a successful install: the SHA-256 of the lockfile it installed. */
const INSTALLED_FROM = join(PEERS_DIR, 'node_modules', '.installed-from-lockfile');

/**
 * `npm ci --prefix bench/peers` unless bench/peers/node_modules already holds an install of the
 * current lockfile. Nothing is asked; npm's output shows the progress. sqlite3 has no prebuilt
 * binary to fetch here, so it compiles from source: `JOBS=max` lets node-gyp compile its C++ files
 * side by side once SQLite itself is built.
 */
export function ensurePeersInstalled(): void {
  const lockfile = createHash('sha256').update(readFileSync(LOCKFILE)).digest('hex');
  if (existsSync(INSTALLED_FROM) && readFileSync(INSTALLED_FROM, 'utf8') === lockfile) return;
  process.stdout.write(
    "Installing the benchmark's peers into bench/peers/node_modules (first run only: sqlite3 compiles from source, a few minutes)\n",
  );
  const started = Date.now();
  const result = spawnSync('npm', ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, JOBS: 'max' },
  });
  if (result.status !== 0) {
    throw new Error(`installing the peers failed (npm ci --prefix bench/peers: ${result.error?.message ?? `exit ${result.status}`})`);
  }
  writeFileSync(INSTALLED_FROM, lockfile);
  process.stdout.write(`Peers installed in ${Math.round((Date.now() - started) / 1000)} s\n\n`);
}
