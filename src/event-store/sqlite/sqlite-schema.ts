import type Database from 'better-sqlite3';
import { EventStoreUnavailableError } from '../event-store.errors';

/** Kept in `PRAGMA user_version`; bump it together with a migration step below. */
export const SQLITE_SCHEMA_VERSION = 1;

/*
 * `position` is the rowid. Without AUTOINCREMENT SQLite hands out max(rowid) + 1; events are never
 * deleted, so committed positions only grow, and a rolled-back savepoint's rowids are simply reused
 * by the next append before anyone could have seen them.
 * The UNIQUE (stream_id, stream_revision) index doubles as the stream index: the current revision
 * of a stream is one descent of it, so no separate streams table has to be kept in step.
 */
const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS events (
  position        INTEGER PRIMARY KEY,
  event_id        TEXT    NOT NULL UNIQUE,
  stream_id       TEXT    NOT NULL,
  stream_revision INTEGER NOT NULL,
  type            TEXT    NOT NULL,
  data            TEXT    NOT NULL,
  occurred_at     TEXT    NOT NULL,
  actor_party_id  TEXT    NOT NULL,
  idempotency_key TEXT,
  schema_version  INTEGER NOT NULL,
  payload_sha256  TEXT    NOT NULL,
  recorded_at     TEXT    NOT NULL,
  UNIQUE (stream_id, stream_revision)
) STRICT;

CREATE TABLE IF NOT EXISTS idempotency (
  idempotency_key TEXT PRIMARY KEY,
  request_hash    TEXT NOT NULL,
  result          TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

/** Creates or upgrades the schema; safe to run on every open. */
export function ensureSqliteSchema(db: Database.Database): void {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > SQLITE_SCHEMA_VERSION) {
    throw new EventStoreUnavailableError(
      `ledger file has schema version ${found}, newer than this build understands (${SQLITE_SCHEMA_VERSION})`,
    );
  }
  db.transaction(() => {
    db.exec(SCHEMA_V1);
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  }).immediate();
}
