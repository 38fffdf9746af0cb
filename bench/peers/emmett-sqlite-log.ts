import { join } from 'node:path';
import Database from 'better-sqlite3';
import { defaultTag, getSQLiteEventStore, readMessagesBatch, sqliteConnection } from '@event-driven-io/emmett-sqlite';
import type { BenchJob } from '../bench-job';
import { chunks, syntheticEvents } from '../ledger-fixture/synthetic-events';
import { LOAD_CHUNK, PAGE, type LogPages, toRecorded } from '../workloads/peer-log';

function emmettSqliteFile(job: BenchJob): string {
  return join(job.dir, 'emmett.sqlite');
}

/**
 * Straight into Emmett's own tables with better-sqlite3: its append path takes about 3 ms an
 * append here (W1), far too slow to write a million events before the run ends. Rows are
 * written as its appendToStream writes them (positions 1-based, default partition, metadata).
 */
export async function loadEmmettSqliteLog(job: BenchJob): Promise<void> {
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

/** W5's measured read: its `readMessagesBatch`, what its own consumers poll, a page at a time. */
export async function emmettSqliteLogPages(job: BenchJob): Promise<LogPages> {
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
