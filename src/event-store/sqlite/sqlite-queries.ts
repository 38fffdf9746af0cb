import { EVENT_COLUMNS } from './sqlite-event-row';

/**
 * Every statement the store runs, in one place so a test can hold each read to an index search
 * (EXPLAIN QUERY PLAN) rather than a table scan.
 */
export const SQLITE_QUERIES = {
  streamRevision: 'SELECT MAX(stream_revision) FROM events WHERE stream_id = ?',
  insertEvent:
    'INSERT INTO events (event_id, stream_id, stream_revision, type, data, occurred_at, actor_party_id, ' +
    'idempotency_key, schema_version, payload_sha256, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  storedEvent: 'SELECT position, stream_id, stream_revision FROM events WHERE event_id = ?',
  idempotencyGet: 'SELECT request_hash, result FROM idempotency WHERE idempotency_key = ?',
  idempotencyPut: 'INSERT INTO idempotency (idempotency_key, request_hash, result) VALUES (?, ?, ?)',
  readStream:
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_revision >= ? ` +
    'ORDER BY stream_revision LIMIT ?',
  readAll: `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
  head: 'SELECT MAX(position) FROM events',
} as const;

/** The reads, with sample parameters, whose plans must not scan. */
export const SQLITE_INDEXED_READS: ReadonlyArray<{ name: keyof typeof SQLITE_QUERIES; params: unknown[] }> = [
  { name: 'streamRevision', params: ['lot-a'] },
  { name: 'storedEvent', params: ['id'] },
  { name: 'idempotencyGet', params: ['key'] },
  { name: 'readStream', params: ['lot-a', 0, 10] },
  { name: 'readAll', params: [0n, 10] },
  { name: 'head', params: [] },
];
