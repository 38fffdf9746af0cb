import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BenchJob } from '../bench-job';
import type { BenchRow } from '../bench-row';
import { LatencyRecorder } from '../latency-recorder';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { SqliteReadModel } from '../../src/projection-runner/sqlite-read-model';
import { provenanceProjections } from '../../projections/provenance-projections';
import { chunks, syntheticEvents } from '../ledger-fixture/synthetic-events';
import { BENCH_OCCURRED_AT } from '../ledger-fixture/load-synthetic-ledger';

const PAGE = 500;
const LOAD_CHUNK = 5000;

/** A peer's global log, read page by page in order through the peer's own read path. */
interface LogPages {
  next(): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/**
 * W5 for the raw limit and the Emmett stores: the same synthetic ledger is bulk-loaded into each
 * store's own schema in the prepare phase (not measured), then the measured rebuild reads the
 * whole log in order through that store's read path and folds it into the very same provenance
 * read models the ledger's runner writes. The fold is identical, so the difference between rows
 * is the cost of reading each store's log (and, for the ledger, its runner).
 */
export async function peerRebuild(job: BenchJob): Promise<BenchRow[]> {
  if (job.phase === 'prepare') {
    await load(job);
    return [];
  }
  const pages = await openPages(job);
  const file = join(job.dir, 'read-models.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const readModel = new SqliteReadModel(file, provenanceProjections);
  const latency = new LatencyRecorder();
  const deadline = performance.now() + job.maxSeconds * 1000;
  let applied = 0;
  const started = performance.now();
  try {
    for (;;) {
      const begun = performance.now();
      const page = await pages.next();
      if (page.length === 0) break;
      applied += readModel.applyBatch(page);
      latency.record(performance.now() - begun);
      if (performance.now() > deadline) break;
    }
  } finally {
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
        `${readPathOf(job.subject)}, same 4 projections into SQLite; latency = one page of ${PAGE}` +
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

function toRecorded(
  eventId: string,
  type: string,
  streamId: string,
  streamRevision: number,
  position: bigint,
  data: Record<string, unknown>,
  actorPartyId: string,
): RecordedEvent {
  return {
    eventId,
    type,
    streamId,
    streamRevision,
    position,
    recordedAt: BENCH_OCCURRED_AT,
    occurredAt: BENCH_OCCURRED_AT,
    actorPartyId,
    idempotencyKey: null,
    schemaVersion: 1,
    data,
    payloadSha256: '',
  };
}

async function load(job: BenchJob): Promise<void> {
  switch (job.subject) {
    case 'raw-sqlite-100':
      return loadRaw(job);
    case 'emmett-sqlite':
      return loadEmmettSqlite(job);
    case 'emmett-postgresql':
      return loadEmmettPostgresql(job);
    default:
      throw new Error(`no W5 loader for ${job.subject}`);
  }
}

async function openPages(job: BenchJob): Promise<LogPages> {
  switch (job.subject) {
    case 'raw-sqlite-100':
      return rawPages(job);
    case 'emmett-sqlite':
      return emmettSqlitePages(job);
    case 'emmett-postgresql':
      return emmettPostgresqlPages(job);
    default:
      throw new Error(`no W5 reader for ${job.subject}`);
  }
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

// --- Emmett SQLite --------------------------------------------------------------------------------

function emmettSqliteFile(job: BenchJob): string {
  return join(job.dir, 'emmett.sqlite');
}

/**
 * Straight into Emmett's own tables with better-sqlite3: its append path takes about 3 ms an
 * append here (W1), far too slow to write a million events before the run ends. Rows are
 * written as its appendToStream writes them (positions 1-based, default partition, metadata).
 */
async function loadEmmettSqlite(job: BenchJob): Promise<void> {
  const { getSQLiteEventStore, defaultTag } = await import('@event-driven-io/emmett-sqlite');
  const store = getSQLiteEventStore({ fileName: emmettSqliteFile(job) });
  await store.schema.migrate();
  const db = new Database(emmettSqliteFile(job));
  db.pragma('synchronous = FULL');
  const message = db.prepare(
    `INSERT INTO emt_messages (stream_id, stream_position, partition, message_kind, message_data, message_metadata,
       message_schema_version, message_type, message_id, is_archived) VALUES (?, ?, ?, 'E', ?, ?, '0', ?, ?, FALSE)`,
  );
  const stream = db.prepare(
    `INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata, is_archived)
       VALUES (?, ?, ?, 'lot', '[]', FALSE)
       ON CONFLICT (stream_id, partition, is_archived) DO UPDATE SET stream_position = excluded.stream_position`,
  );
  const write = db.transaction((events: ReturnType<typeof syntheticEvents> extends Generator<infer E> ? E[] : never) => {
    for (const e of events) {
      const position = e.streamRevision + 1;
      const metadata = { streamName: e.streamId, messageId: e.eventId, streamPosition: position, actorPartyId: e.actorPartyId };
      message.run(e.streamId, position, defaultTag, JSON.stringify(e.data), JSON.stringify(metadata), e.type, e.eventId);
      stream.run(e.streamId, position, defaultTag);
    }
  });
  for (const chunk of chunks(syntheticEvents(job.size), LOAD_CHUNK)) write(chunk);
  db.close();
}

async function emmettSqlitePages(job: BenchJob): Promise<LogPages> {
  const { readMessagesBatch, sqliteConnection } = await import('@event-driven-io/emmett-sqlite');
  const connection = sqliteConnection({ fileName: emmettSqliteFile(job) });
  let after: bigint | null = null;
  return {
    next: async () => {
      const batch = await readMessagesBatch(connection, after === null ? { from: 0n, batchSize: PAGE } : { after, batchSize: PAGE });
      if (batch.messages.length > 0) after = batch.currentGlobalPosition;
      return batch.messages.map((m) => {
        const meta = m.metadata as unknown as { messageId: string; streamName: string; streamPosition: bigint; globalPosition: bigint; actorPartyId: string };
        return toRecorded(meta.messageId, m.type, meta.streamName, Number(meta.streamPosition) - 1, meta.globalPosition, m.data as Record<string, unknown>, meta.actorPartyId);
      });
    },
    close: async () => {
      connection.close();
    },
  };
}

// --- Emmett PostgreSQL ----------------------------------------------------------------------------

/**
 * Into Emmett's own tables with multi-row INSERTs from unnest, in transactions of 5,000 events,
 * the columns filled as its emt_append_to_stream fills them (transaction id, default partition).
 */
async function loadEmmettPostgresql(job: BenchJob): Promise<void> {
  const { getPostgreSQLEventStore, defaultTag } = await import('@event-driven-io/emmett-postgresql');
  const store = getPostgreSQLEventStore(job.postgresUrl!);
  await store.schema.migrate();
  await store.close();
  const { Client } = await import('pg');
  const client = new Client({ connectionString: job.postgresUrl });
  await client.connect();
  try {
    for (const chunk of chunks(syntheticEvents(job.size), LOAD_CHUNK)) {
      const last = new Map<string, number>();
      for (const e of chunk) last.set(e.streamId, e.streamRevision + 1);
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO emt_messages (stream_id, stream_position, partition, message_kind, message_data, message_metadata,
           message_schema_version, message_type, message_id, is_archived, transaction_id)
         SELECT s, p, $1, 'E', d, m, '0', t, i, FALSE, pg_current_xact_id()
         FROM unnest($2::text[], $3::bigint[], $4::jsonb[], $5::jsonb[], $6::text[], $7::text[]) WITH ORDINALITY AS x(s, p, d, m, t, i, n)
         ORDER BY n`,
        [
          defaultTag,
          chunk.map((e) => e.streamId),
          chunk.map((e) => e.streamRevision + 1),
          chunk.map((e) => JSON.stringify(e.data)),
          chunk.map((e) => JSON.stringify({ streamName: e.streamId, messageId: e.eventId, streamPosition: e.streamRevision + 1, actorPartyId: e.actorPartyId })),
          chunk.map((e) => e.type),
          chunk.map((e) => e.eventId),
        ],
      );
      await client.query(
        `INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata, is_archived)
         SELECT s, p, $1, 'lot', '{}', FALSE FROM unnest($2::text[], $3::bigint[]) AS x(s, p)
         ON CONFLICT (stream_id, partition, is_archived) DO UPDATE SET stream_position = excluded.stream_position`,
        [defaultTag, [...last.keys()], [...last.values()]],
      );
      await client.query('COMMIT');
    }
  } finally {
    await client.end();
  }
}

async function emmettPostgresqlPages(job: BenchJob): Promise<LogPages> {
  const { readMessagesBatch } = await import('@event-driven-io/emmett-postgresql');
  const { dumbo } = await import('@event-driven-io/dumbo');
  const pool = dumbo({ connectionString: job.postgresUrl! });
  let after: bigint | null = null;
  return {
    next: async () => {
      const batch = await readMessagesBatch(pool.execute, after === null ? { from: 0n, batchSize: PAGE } : { after, batchSize: PAGE });
      if (batch.messages.length > 0) after = batch.currentGlobalPosition;
      return batch.messages.map((m) => {
        const meta = m.metadata as unknown as { messageId: string; streamName: string; streamPosition: bigint; globalPosition: bigint; actorPartyId: string };
        return toRecorded(meta.messageId, m.type, meta.streamName, Number(meta.streamPosition) - 1, meta.globalPosition, m.data as Record<string, unknown>, meta.actorPartyId);
      });
    },
    close: async () => pool.close(),
  };
}
