import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BenchJob } from '../bench-job';
import { HTTP_LOAD_GENERATOR } from '../bench-peers';
import type { BenchRow } from '../bench-row';
import { profileLoadWindow } from '../load-window-profile';
import { createLedgerApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/ledger-config';
import { LOAD_MARKER, type HttpLoadSpec } from './http-load-spec';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { FOLLOWER_THREAD } from '../../src/follower-thread/follower-thread.token';
import type { FollowerThreadHost } from '../../src/follower-thread/follower-thread-host';

const CONNECTIONS = 64;

/**
 * W4: the real service (NestJS app from the app factory, embedded SQLite store at
 * synchronous=FULL, projections following live, bearer auth, class-validator DTOs) in this
 * process, and autocannon in a second process. Peak RSS is the service's.
 */
export async function httpIngestion(job: BenchJob): Promise<BenchRow[]> {
  const adminToken = randomBytes(32).toString('base64url');
  // `W4 screening-off` runs the same load with the screening reactor off, for the comparison.
  const screening = job.workload.includes('screening-off') ? 'off' : 'on';
  const config = loadConfig({
    LEDGER_SCREENING: screening,
    LEDGER_DATA_DIR: join(job.dir, 'data'),
    LEDGER_ADMIN_TOKEN: adminToken,
    PORT: '0',
    HOST: '127.0.0.1',
    LEDGER_LOG_LEVEL: 'error',
  });
  const app = await createLedgerApp(config);
  await app.listen(0, '127.0.0.1');
  try {
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const spec = await registerParticipants(url, adminToken, job.maxSeconds);
    const load = await profileLoadWindow('W4', () => runLoadGenerator(spec));
    const events = load.ok;
    const rejected = load.non2xx + load.errors + load.timeouts;
    const followUp = await followersCatchUp(app.get<EventStore>(EVENT_STORE), app.get<FollowerThreadHost | null>(FOLLOWER_THREAD));
    return [
      {
        workload: job.workload,
        subject: 'ledger',
        eventsPerSec: Math.round(events / load.durationSeconds),
        p50Ms: load.p50Ms,
        p99Ms: load.p99Ms,
        peakRssMb: null,
        events,
        note:
          `${CONNECTIONS} connections, origin/shipment/receipt cycle, Idempotency-Key on every POST, screening ${screening}` +
          (rejected > 0 ? `; ${rejected} not accepted: ${JSON.stringify(load.statusCodes)}` : ''),
      },
      {
        workload: `${job.workload} integrity`,
        subject: 'ledger',
        // Events hashed into the Merkle log (and folded into the provenance read models) per second
        // of ingestion, counting the time they needed after the last acknowledged write.
        eventsPerSec: followUp ? Math.round(events / (load.durationSeconds + followUp.integrityMs / 1000)) : null,
        p50Ms: null,
        p99Ms: null,
        peakRssMb: null,
        events,
        note: followUp
          ? `Merkle log caught up ${followUp.integrityMs} ms and provenance projections ${followUp.provenanceMs} ms after the last acknowledged write; ` +
            'both follow in a worker thread, off the append path'
          : 'skipped: no follower thread on this store',
      },
    ];
  } finally {
    await app.close();
  }
}

async function registerParticipants(url: string, adminToken: string, durationSeconds: number): Promise<HttpLoadSpec> {
  const post = async (path: string, key: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`setup ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  const producer = await post('/v1/parties', adminToken, { id: 'bench-miner', name: 'Bench Miner', country: 'CD', roles: ['producer'] });
  const processor = await post('/v1/parties', adminToken, { id: 'bench-refiner', name: 'Bench Refiner', country: 'FI', roles: ['processor'] });
  await post('/v1/facilities', producer.apiKey as string, { id: 'bench-mine', name: 'Bench Mine', kind: 'mine', country: 'CD' });
  await post('/v1/facilities', processor.apiKey as string, { id: 'bench-refinery', name: 'Bench Refinery', kind: 'refinery', country: 'FI' });
  return {
    url,
    connections: CONNECTIONS,
    durationSeconds,
    producerKey: producer.apiKey as string,
    processorKey: processor.apiKey as string,
    producerFacilityId: 'bench-mine',
    processorId: 'bench-refiner',
    processorFacilityId: 'bench-refinery',
  };
}

interface LoadSummary {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
  p50Ms: number;
  p99Ms: number;
  statusCodes: Record<string, number>;
}

/** Must not block this process's event loop: the service under load lives here. */
function runLoadGenerator(spec: HttpLoadSpec): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', HTTP_LOAD_GENERATOR, JSON.stringify(spec)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(LOAD_MARKER));
      if (code === 0 && line) resolve(JSON.parse(line.slice(LOAD_MARKER.length)) as LoadSummary);
      else reject(new Error(`load generator failed (${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}

/** How long after the load the worker-thread followers need to reach the head of the log. */
async function followersCatchUp(
  store: EventStore,
  followers: FollowerThreadHost | null,
): Promise<{ integrityMs: number; provenanceMs: number } | null> {
  const head = await store.headPosition();
  if (!followers || head === null) return null;
  const started = Date.now();
  const reachedIntegrity = await followers.waitFor('integrity', head, 120_000);
  const integrityMs = Date.now() - started;
  const reachedProvenance = await followers.waitFor('provenance', head, 120_000);
  const provenanceMs = Date.now() - started;
  if (!reachedIntegrity || !reachedProvenance) throw new Error('the followers did not reach the head of the log within 120 s');
  return { integrityMs, provenanceMs };
}
