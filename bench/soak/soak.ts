import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * `npm run bench -- --soak [--soak-minutes=N] [--soak-rate=R]`: the compiled service as a process of
 * its own for N minutes (default 10) at R writes per second (default half of W4's rate in
 * bench/results/latest.json), with abusive clients beside it (idle connections, bodies promised and
 * never sent, 60,000-key and deeply nested bodies). It passes when /health/ready answers under
 * 100 ms at p99, memory stays flat (the last minute's RSS within 10 % of the second minute's) and
 * every acknowledged write is in the log.
 */

const ROOT = join(__dirname, '..', '..');

/** The Node flags `npm start` and the image run the service with (package.json `start`). */
const SERVICE_NODE_FLAGS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));
const RESULTS = join(__dirname, '..', 'results');

interface SoakOptions {
  minutes: number;
  rate: number;
}

export function soakOptions(argv: string[]): SoakOptions {
  const value = (flag: string) => argv.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
  const minutes = Number(value('--soak-minutes') ?? 10);
  const rate = Number(value('--soak-rate') ?? halfOfW4());
  if (!(minutes > 0) || !(rate > 0)) throw new Error('--soak-minutes and --soak-rate must be positive numbers');
  return { minutes, rate };
}

/** Half the W4 rate last measured on this machine (bench/results/latest.json), 50 writes/s without one. */
function halfOfW4(): number {
  try {
    const rows = JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8')) as { workload: string; subject: string; eventsPerSec: number | null }[];
    const w4 = rows.find((row) => row.workload === 'W4' && row.subject === 'ledger')?.eventsPerSec;
    return w4 ? Math.max(1, Math.round(w4 / 2)) : 50;
  } catch {
    return 50;
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runSoak(options: SoakOptions): Promise<boolean> {
  process.stdout.write(`soak: building the service, then ${options.minutes} min at ${options.rate} writes/s with abusive clients beside it\n`);
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'ledger-soak-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const admin = randomBytes(32).toString('base64url');
  // BENCH_CPU_PROFILE=<folder>: the service's main thread profiled for the whole soak (see the preload).
  const profile = process.env.BENCH_CPU_PROFILE ? ['-r', join(__dirname, 'soak-profile-preload.js')] : [];
  const service: ChildProcess = spawn(process.execPath, [...profile, ...SERVICE_NODE_FLAGS, join(ROOT, 'dist', 'src', 'main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LEDGER_DATA_DIR: join(dir, 'data'), LEDGER_ADMIN_TOKEN: admin, LEDGER_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitUntilUp(url);
    return await soakAgainst(url, admin, options);
  } finally {
    service.kill('SIGTERM');
    await new Promise((resolve) => service.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitUntilUp(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error('the service did not start within 120 s');
}

async function soakAgainst(url: string, admin: string, options: SoakOptions): Promise<boolean> {
  const post = async (path: string, key: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'idempotency-key': randomUUID() }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const producer = (await post('/v1/parties', admin, { id: 'soak-miner', name: 'Soak Miner', country: 'CD', roles: ['producer'] })).body.apiKey as string;
  const regulator = (await post('/v1/parties', admin, { id: 'soak-regulator', name: 'Soak Regulator', country: 'US', roles: ['regulator'] })).body.apiKey as string;
  await post('/v1/facilities', producer, { id: 'soak-mine', name: 'Soak Mine', kind: 'mine', country: 'CD' });

  const endAt = Date.now() + options.minutes * 60_000;
  const acknowledged: string[] = [];
  const writeStatuses: Record<string, number> = {};
  const ready: number[] = [];
  /** When each probe was sent, in ms from the start: where the slowest ones fall. */
  const readyAt: number[] = [];
  const readyFailures: Record<string, number> = {};
  const rss: { at: number; bytes: number }[] = [];
  // The main thread's V8 heap beside the RSS, so a growth can be told apart from SQLite's page caches.
  const heap: { at: number; bytes: number }[] = [];
  const abuse: Record<string, Record<string, number>> = {};
  const count = (what: string, status: string) => {
    abuse[what] ??= {};
    abuse[what][status] = (abuse[what][status] ?? 0) + 1;
  };
  const started = Date.now();

  // The writes: origins of new lots at the set rate, at most 64 in flight.
  let sequence = 0;
  let inFlight = 0;
  const writes = (async () => {
    const interval = 1000 / options.rate;
    let next = Date.now();
    while (Date.now() < endAt) {
      next += interval;
      if (inFlight < 64) {
        inFlight += 1;
        const lotId = `SOAK-${sequence++}`;
        post('/v1/lots', producer, { lotId, form: 'ore', grossMassKg: '1000', composition: { lithium: '20' }, occurredAt: '2026-01-01T00:00:00Z', origin: { type: 'extraction', facilityId: 'soak-mine' } })
          .then(({ status, body }) => {
            writeStatuses[status] = (writeStatuses[status] ?? 0) + 1;
            if (status === 201) acknowledged.push(...(body.eventIds as string[]));
          })
          .catch(() => (writeStatuses.error = (writeStatuses.error ?? 0) + 1))
          .finally(() => (inFlight -= 1));
      }
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
    }
  })();

  // Readiness every 250 ms, and memory (the service's own metric) every 5 s.
  const probes = (async () => {
    let tick = 0;
    let reported = started;
    let reportedProbes = 0;
    while (Date.now() < endAt) {
      const t0 = performance.now();
      try {
        const response = await fetch(`${url}/health/ready`);
        await response.arrayBuffer();
        ready.push(performance.now() - t0);
        readyAt.push(Date.now() - started);
        if (!response.ok) readyFailures[response.status] = (readyFailures[response.status] ?? 0) + 1;
      } catch {
        readyFailures.error = (readyFailures.error ?? 0) + 1;
      }
      if (tick++ % 20 === 0) {
        try {
          const text = await (await fetch(`${url}/metrics`)).text();
          const match = /^ledger_process_resident_memory_bytes (\d+)/m.exec(text);
          if (match) rss.push({ at: Date.now() - started, bytes: Number(match[1]) });
          const used = /^ledger_nodejs_heap_size_used_bytes (\d+)/m.exec(text);
          if (used) heap.push({ at: Date.now() - started, bytes: Number(used[1]) });
        } catch {
          readyFailures['metrics unanswered'] = (readyFailures['metrics unanswered'] ?? 0) + 1;
        }
      }
      if (Date.now() - reported >= 60_000) {
        reported = Date.now();
        const minute = ready.slice(reportedProbes);
        reportedProbes = ready.length;
        process.stdout.write(
          `soak: ${Math.round((reported - started) / 60_000)} min, ${acknowledged.length} writes acknowledged, ready p99 this minute ${round(percentile(minute, 99))} ms, RSS ${mb(rss[rss.length - 1]?.bytes ?? 0)} MB\n`,
        );
      }
      await sleep(250);
    }
  })();

  // The abusive clients of issue 15, items 1-3.
  const port = Number(new URL(url).port);
  const rawSend = (text: string, what: string) =>
    new Promise<void>((resolve) => {
      const socket: Socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        count(what, /^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 'closed');
        resolve();
      });
      socket.setTimeout(120_000, () => socket.destroy());
      if (text) socket.write(text);
    });
  const hostile = (async () => {
    const sixtyThousandKeys = `{${Array.from({ length: 60_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    const deep = `{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const idle: Promise<void>[] = [];
    while (Date.now() < endAt) {
      for (let i = 0; i < 20; i++) idle.push(rawSend('', 'idle connection'));
      void rawSend('POST /v1/lots HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":', 'body promised, no key');
      void rawSend(`POST /v1/lots HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${producer}\r\nContent-Length: 1000\r\n\r\n{"a":`, 'body promised, never sent');
      for (const [what, body] of [['60,000 keys', sixtyThousandKeys], ['deep nesting', deep]] as const) {
        fetch(`${url}/v1/lots`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${producer}` }, body })
          .then((response) => count(what, String(response.status)))
          .catch(() => count(what, 'error'));
      }
      await sleep(1000);
    }
    await Promise.all(idle);
  })();

  await Promise.all([writes, probes]);
  while (inFlight > 0) await sleep(50);
  await hostile;

  // Every acknowledged write must be in the log.
  const logged = new Set<string>();
  let after = '';
  for (;;) {
    const text = await (await fetch(`${url}/v1/ledger/events?limit=10000${after}`, { headers: { authorization: `Bearer ${regulator}` } })).text();
    const lines = text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as { eventId: string; position: string });
    if (lines.length === 0) break;
    for (const line of lines) logged.add(line.eventId);
    after = `&after=${lines[lines.length - 1].position}`;
  }
  const lost = acknowledged.filter((eventId) => !logged.has(eventId)).length;

  const minutes = options.minutes;
  const windowMs = minutes >= 3 ? 60_000 : (minutes * 60_000) / 5;
  const mean = (from: number, to: number, samples = rss) => {
    const inside = samples.filter((sample) => sample.at >= from && sample.at < to).map((sample) => sample.bytes);
    return inside.length === 0 ? 0 : inside.reduce((a, b) => a + b, 0) / inside.length;
  };
  const second = mean(windowMs, 2 * windowMs);
  const last = mean(minutes * 60_000 - windowMs, minutes * 60_000 + 1);
  const growth = second > 0 ? (last - second) / second : 0;
  const readyP99 = percentile(ready, 99);
  const verdict = { readyP99Under100ms: readyP99 < 100, memoryFlat: Math.abs(growth) <= 0.1, noLostWrites: lost === 0 };
  const result = {
    minutes,
    rate: options.rate,
    loadAvg1m: Math.round(loadavg()[0] * 10) / 10,
    writes: { acknowledged: acknowledged.length, statuses: writeStatuses, lost },
    ready: {
      probes: ready.length,
      p50Ms: round(percentile(ready, 50)),
      p99Ms: round(readyP99),
      maxMs: round(Math.max(0, ...ready)),
      notReady: readyFailures,
      over100msBySecondOfRun: ready.map((ms, i) => [Math.round(readyAt[i] / 1000), round(ms)]).filter(([, ms]) => ms >= 100),
    },
    memory: {
      secondWindowMb: mb(second),
      lastWindowMb: mb(last),
      growthPercent: round(growth * 100),
      windowSeconds: windowMs / 1000,
      mainHeapSecondWindowMb: mb(mean(windowMs, 2 * windowMs, heap)),
      mainHeapLastWindowMb: mb(mean(minutes * 60_000 - windowMs, minutes * 60_000 + 1, heap)),
    },
    abusiveClients: abuse,
    verdict,
    passed: Object.values(verdict).every(Boolean),
  };
  writeFileSync(join(RESULTS, 'soak-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\nsoak ${result.passed ? 'passed' : 'FAILED'}; written to bench/results/soak-latest.json\n`);
  return result.passed;
}

const round = (value: number) => Math.round(value * 10) / 10;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

