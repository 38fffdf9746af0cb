import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';
import { SqliteMerkleLog } from './sqlite-merkle-log';

/** File name of the integrity projection inside a data directory. */
export const INTEGRITY_DATABASE_FILE = 'integrity.sqlite';

/** `<dataDir>/integrity.sqlite`: the Merkle log and its signed checkpoints, one file apart from the store. */
export interface IntegrityDatabase {
  readonly file: string;
  readonly db: Database.Database;
  readonly log: SqliteMerkleLog;
  readonly checkpoints: SqliteCheckpointStore;
  close(): void;
}

/**
 * Opens (creating when missing) the integrity file of a data directory. The service and the
 * `ledger` CLI may open it at once: WAL lets readers proceed and the busy timeout serialises writers.
 */
export function openIntegrityDatabase(dataDir: string, options: { busyTimeoutMs?: number } = {}): IntegrityDatabase {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, INTEGRITY_DATABASE_FILE);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // Signed checkpoints are handed out and must never be signed differently after a crash.
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    const log = new SqliteMerkleLog(db);
    const checkpoints = new SqliteCheckpointStore(db);
    let closed = false;
    return {
      file,
      db,
      log,
      checkpoints,
      close: () => {
        if (closed) return;
        closed = true;
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
