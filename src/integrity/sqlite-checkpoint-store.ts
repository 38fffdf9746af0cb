import type { Database, Statement } from 'better-sqlite3';
import type { Checkpoint } from './checkpoint';

export interface StoredCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  /** Signing time (RFC 3339) as written in the note. */
  time: string | null;
  /** The signed note, exactly as served and exported. */
  note: string;
}

interface CheckpointRow {
  tree_size: number;
  root_hash: Buffer;
  signed_at: string | null;
  note: string;
}

/**
 * Signed checkpoints kept in SQLite next to the Merkle log, one per tree size: the first one
 * signed for a size stays, so the note served for a size never changes once handed out.
 */
export class SqliteCheckpointStore {
  private readonly insert: Statement;
  private readonly selectLatest: Statement;
  private readonly selectAtSize: Statement;

  constructor(db: Database, options: { tablePrefix?: string } = {}) {
    const prefix = options.tablePrefix ?? 'integrity_';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) throw new TypeError(`invalid table prefix ${prefix}`);
    const table = `${prefix}checkpoint`;
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${table} (
        tree_size INTEGER PRIMARY KEY,
        root_hash BLOB NOT NULL,
        signed_at TEXT,
        note      TEXT NOT NULL
      );
    `);
    this.insert = db.prepare(
      `INSERT INTO ${table} (tree_size, root_hash, signed_at, note) VALUES (?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING`,
    );
    this.selectLatest = db.prepare(`SELECT * FROM ${table} ORDER BY tree_size DESC LIMIT 1`);
    this.selectAtSize = db.prepare(`SELECT * FROM ${table} WHERE tree_size = ?`);
  }

  /** Keep a signed checkpoint; returns the one stored for its size (an earlier one wins). */
  save(checkpoint: Checkpoint, note: string): StoredCheckpoint {
    this.insert.run(checkpoint.treeSize, checkpoint.rootHash, checkpoint.time, note);
    return this.atTreeSize(checkpoint.treeSize) as StoredCheckpoint;
  }

  /** The checkpoint with the largest tree size, or null before the first one. */
  latest(): StoredCheckpoint | null {
    const row = this.selectLatest.get() as CheckpointRow | undefined;
    return row === undefined ? null : toStored(row);
  }

  /** The checkpoint signed for exactly `treeSize`, or null when none was. */
  atTreeSize(treeSize: number): StoredCheckpoint | null {
    const row = this.selectAtSize.get(treeSize) as CheckpointRow | undefined;
    return row === undefined ? null : toStored(row);
  }
}

function toStored(row: CheckpointRow): StoredCheckpoint {
  return { treeSize: row.tree_size, rootHash: row.root_hash, time: row.signed_at, note: row.note };
}
