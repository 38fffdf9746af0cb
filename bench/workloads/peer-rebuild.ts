import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BenchJob } from '../bench-job';
import { peerStore } from '../bench-peers';
import type { BenchRow } from '../bench-row';
import { LatencyRecorder } from '../latency-recorder';
import { compiled } from '../compiled';
import { chunks, syntheticEvents } from '../ledger-fixture/synthetic-events';
import { LOAD_CHUNK, PAGE, type LogPages, toRecorded } from './peer-log';

/**
 * W5 for the raw limit and the Emmett stores: the same synthetic ledger is bulk-loaded into each
 * store's own schema in the prepare phase (not measured), then the measured rebuild reads the
 * whole log in order through that store's read path and folds it into the very same provenance
 * read models the ledger's runner writes, through the same compiled fold whose commits run on the
 * rebuild thread (`ThreadedFold`). The fold is identical, so the difference between rows is the
 * cost of reading each store's log (the ledger's is read ahead on the rebuild thread).
 */
export async function peerRebuild(job: BenchJob): Promise<BenchRow[]> {
  if (job.phase === 'prepare') {
    await load(job);
    return [];
  }
  const pages = await openPages(job);
  const file = join(job.dir, 'read-models.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const service = {
    ...compiled<typeof import('../../src/projection-runner/sqlite-read-model')>('src/projection-runner/sqlite-read-model'),
    ...compiled<typeof import('../../src/projection-runner/rebuild-in-thread')>('src/projection-runner/rebuild-in-thread'),
    ...compiled<typeof import('../../projections/provenance-projections')>('projections/provenance-projections'),
  };
  const readModel = new service.SqliteReadModel(file, service.provenanceProjections);
  readModel.beginRebuild();
  const fold = new service.ThreadedFold(readModel);
  const latency = new LatencyRecorder();
  const deadline = performance.now() + job.maxSeconds * 1000;
  let applied = 0;
  const started = performance.now();
  try {
    for (;;) {
      const begun = performance.now();
      const page = await pages.next();
      if (page.length === 0) break;
      await fold.apply(page);
      latency.record(performance.now() - begun);
      if (performance.now() > deadline) break;
    }
    applied = await fold.finish();
    readModel.endRebuild();
  } finally {
    await fold.close();
    readModel.close();
    await pages.close();
  }
  const elapsed = performance.now() - started;
  return [
    {
      workload: 'W5',
      subject: job.subject,
      eventsPerSec: Math.round(applied / (elapsed / 1000)),
      p50Ms: latency.percentile(50),
      p99Ms: latency.percentile(99),
      peakRssMb: null,
      events: applied,
      note:
        `${readPathOf(job.subject)}, same ${service.provenanceProjections.length} projections into SQLite, committed on the rebuild thread; latency = one page of ${PAGE} read and folded` +
        (applied < job.size ? `; stopped at the ${job.maxSeconds} s cap` : ''),
    },
  ];
}

function readPathOf(subject: string): string {
  switch (subject) {
    case 'emmett-sqlite':
      return 'its readMessagesBatch (what its consumers poll)';
    case 'emmett-postgresql':
      return 'its readMessagesBatch (what its consumers poll)';
    default:
      return 'SELECT … WHERE position > ? ORDER BY position LIMIT 500';
  }
}

/** The raw table is ours; the Emmett stores load and read their logs in bench/peers/. */
async function load(job: BenchJob): Promise<void> {
  return job.subject === 'raw-sqlite-100' ? loadRaw(job) : peerStore(job.subject).loadLog(job);
}

async function openPages(job: BenchJob): Promise<LogPages> {
  return job.subject === 'raw-sqlite-100' ? rawPages(job) : peerStore(job.subject).openLogPages(job);
}

// --- raw better-sqlite3 -------------------------------------------------------------------------

const RAW_SCHEMA = `CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
  stream_revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, actor_party_id TEXT NOT NULL,
  UNIQUE (stream_id, stream_revision))`;

function loadRaw(job: BenchJob): void {
  const db = new Database(join(job.dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_SCHEMA);
  const insert = db.prepare('INSERT INTO events (event_id, stream_id, stream_revision, type, data, actor_party_id) VALUES (?, ?, ?, ?, ?, ?)');
  const write = db.transaction((events: ReturnType<typeof syntheticEvents> extends Generator<infer E> ? E[] : never) => {
    for (const e of events) insert.run(e.eventId, e.streamId, e.streamRevision, e.type, JSON.stringify(e.data), e.actorPartyId);
  });
  for (const chunk of chunks(syntheticEvents(job.size), LOAD_CHUNK)) write(chunk);
  db.close();
}

function rawPages(job: BenchJob): LogPages {
  const db = new Database(join(job.dir, 'raw.sqlite'), { readonly: true });
  const page = db.prepare(
    'SELECT position, event_id, stream_id, stream_revision, type, data, actor_party_id FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  let after = 0;
  return {
    next: async () => {
      const rows = page.all(after, PAGE) as {
        position: number;
        event_id: string;
        stream_id: string;
        stream_revision: number;
        type: string;
        data: string;
        actor_party_id: string;
      }[];
      if (rows.length > 0) after = rows[rows.length - 1].position;
      return rows.map((r) =>
        toRecorded(r.event_id, r.type, r.stream_id, r.stream_revision, BigInt(r.position), JSON.parse(r.data), r.actor_party_id),
      );
    },
    close: async () => {
      db.close();
    },
  };
}
