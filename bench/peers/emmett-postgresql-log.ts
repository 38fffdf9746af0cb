import { dumbo } from '@event-driven-io/dumbo';
import { defaultTag, getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { Client } from 'pg';
import type { BenchJob } from '../bench-job';
import { chunks, syntheticEvents } from '../ledger-fixture/synthetic-events';
import { LOAD_CHUNK, PAGE, type LogPages, toRecorded } from '../workloads/peer-log';

/**
 * Into Emmett's own tables with multi-row INSERTs from unnest, in transactions of 5,000 events,
 * the columns filled as its emt_append_to_stream fills them (transaction id, default partition).
 */
export async function loadEmmettPostgresqlLog(job: BenchJob): Promise<void> {
  const store = getPostgreSQLEventStore(job.postgresUrl!);
  await store.schema.migrate();
  await store.close();
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

/** W5's measured read: its `readMessagesBatch`, what its own consumers poll, a page at a time. */
export async function emmettPostgresqlLogPages(job: BenchJob): Promise<LogPages> {
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
