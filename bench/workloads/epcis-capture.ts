import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BenchJob } from '../bench-job';
import type { BenchRow } from '../bench-row';
import { profileLoadWindow } from '../load-window-profile';
import { createLedgerApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/ledger-config';
import { EPCIS_LOAD_MARKER, type EpcisLoadSpec, type EpcisLoadSummary } from './epcis-load-spec';

/** Documents in flight: enough to keep the one service thread busy while another document waits for its fsync. */
const CLIENTS = 4;

/**
 * W8: bulk EPCIS capture through the real service (the app factory, bearer auth, the EPCIS 2.0
 * JSON Schema, the ledger's rules, one durable append per document at synchronous=FULL,
 * projections and the Merkle log following live), documents of `job.size` custody events under
 * rollback from a load generator in a second process. Memory is measured after the throughput run,
 * with one document at a time: the service's resident set above what it held idle, sampled every 10 ms.
 */
export async function epcisCapture(job: BenchJob): Promise<BenchRow[]> {
  const adminToken = randomBytes(32).toString('base64url');
  const config = loadConfig({
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
    const spec: EpcisLoadSpec = { url, documentSize: job.size, clients: CLIENTS, durationSeconds: job.maxSeconds, pairs: await registerPairs(url, adminToken, CLIENTS) };
    // A short warm-up run compiles the hot paths, so the idle figure is the service's steady state.
    await runLoadGenerator({ ...spec, documentSize: Math.min(job.size, 100), clients: 1, durationSeconds: 1 });
    const load = await profileLoadWindow(`W8-${job.size}`, () => runLoadGenerator(spec));
    // Memory apart from throughput: one document at a time, so the figure is one document's.
    const oneAtATime = await aboveIdle(() => runLoadGenerator({ ...spec, clients: 1, durationSeconds: Math.min(job.maxSeconds, 5) }));
    const aboveIdleMb = Math.round(oneAtATime.bytes / 2 ** 20);
    return [
      {
        workload: `W8 ${job.size}`,
        subject: 'ledger',
        eventsPerSec: Math.round(load.events / load.durationSeconds),
        p50Ms: load.p50Ms,
        p99Ms: load.p99Ms,
        peakRssMb: null,
        events: load.events,
        note:
          `${load.documents} documents of ${job.size} custody events, ${CLIENTS} in flight, rollback; ` +
          `peak RSS ${aboveIdleMb} MB above the idle service with one document at a time (${oneAtATime.result.documents} documents)` +
          (load.failed > 0 ? `; ${load.failed} not accepted, first: ${load.firstFailure}` : ''),
      },
    ];
  } finally {
    await app.close();
  }
}

/** The service's peak resident memory above its idle level (sampled every 10 ms) while `work` runs. */
async function aboveIdle<T>(work: () => Promise<T>): Promise<{ bytes: number; result: T }> {
  // Let the followers finish folding what came before, so idle is idle.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleRss = process.memoryUsage().rss;
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  try {
    const result = await work();
    return { bytes: peakRss - idleRss, result };
  } finally {
    clearInterval(sampler);
  }
}

async function registerPairs(url: string, adminToken: string, count: number): Promise<EpcisLoadSpec['pairs']> {
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
  const pairs: EpcisLoadSpec['pairs'] = [];
  for (let i = 0; i < count; i++) {
    const producer = await post('/v1/parties', adminToken, { id: `w8-miner-${i}`, name: 'W8 Miner', country: 'CD', roles: ['producer'] });
    const processor = await post('/v1/parties', adminToken, { id: `w8-refiner-${i}`, name: 'W8 Refiner', country: 'FI', roles: ['processor'] });
    await post('/v1/facilities', producer.apiKey as string, { id: `w8-mine-${i}`, name: 'W8 Mine', kind: 'mine', country: 'CD' });
    await post('/v1/facilities', processor.apiKey as string, { id: `w8-refinery-${i}`, name: 'W8 Refinery', kind: 'refinery', country: 'FI' });
    pairs.push({
      producerKey: producer.apiKey as string,
      producerFacilityId: `w8-mine-${i}`,
      processorId: `w8-refiner-${i}`,
      processorKey: processor.apiKey as string,
      processorFacilityId: `w8-refinery-${i}`,
    });
  }
  return pairs;
}

/** Must not block this process's event loop: the service under load lives here. */
function runLoadGenerator(spec: EpcisLoadSpec): Promise<EpcisLoadSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'epcis-load-generator.ts'), JSON.stringify(spec)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(EPCIS_LOAD_MARKER));
      if (code === 0 && line) resolve(JSON.parse(line.slice(EPCIS_LOAD_MARKER.length)) as EpcisLoadSummary);
      else reject(new Error(`EPCIS load generator failed (${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}
