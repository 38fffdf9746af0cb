import type { Database, Statement } from 'better-sqlite3';
import type { Position, RecordedEvent } from '../event-store/event-store.port';
import { MerkleLogOrderError, TreeSizeOutOfRangeError } from './integrity.errors';
import { leafHashOfEvent } from './log-entry';
import {
  HASH_SIZE,
  consistencyProof,
  hashChildren,
  hashLeaf,
  inclusionProof,
  treeRoot,
  type NodeReader,
} from './merkle';

/** One leaf to append: the event it stands for, its global position, and its log entry bytes. */
export interface MerkleLeafInput {
  eventId: string;
  position: Position | string;
  /** The log entry (canonical envelope JSON bytes); hashed here as SHA-256(0x00 ‖ entry). */
  entry: Uint8Array;
}

export interface MerkleLeafRecord {
  leafIndex: number;
  eventId: string;
  position: Position;
  leafHash: Buffer;
}

export interface SqliteMerkleLogOptions {
  /** Prefix of the log's tables, so one database file can hold the log next to read models. */
  tablePrefix?: string;
}

interface LeafRow {
  leaf_index: number;
  event_id: string;
  position: string;
  hash: Buffer;
}

/**
 * The ledger's Merkle log persisted in SQLite, maintained as a projection of the global event order.
 *
 * It stores every leaf hash and every aligned perfect subtree hash (level ≥ 1), about 2n hashes in
 * all. Appending a leaf writes the leaf and the subtrees it completes (amortised two rows); any
 * historical tree head and any inclusion or consistency proof is O(log n) primary-key lookups; and
 * nothing is held in memory between calls, so a rolled-back enclosing transaction cannot leave a
 * stale cache behind.
 *
 * Every method is synchronous on the given better-sqlite3 handle, so a projection runner can call
 * `appendLeaves` inside its own transaction (it then runs as a savepoint of it).
 */
export class SqliteMerkleLog {
  private readonly leafTable: string;
  private readonly nodeTable: string;
  private readonly insertLeaf: Statement;
  private readonly insertNode: Statement;
  private readonly selectLeafHash: Statement;
  private readonly selectNodeHash: Statement;
  private readonly selectLeaf: Statement;
  private readonly selectLeafByEvent: Statement;
  private readonly selectLast: Statement;
  private readonly appendBatch: (leaves: readonly { eventId: string; position: string; hash: Buffer }[]) => number;

  constructor(
    private readonly db: Database,
    options: SqliteMerkleLogOptions = {},
  ) {
    const prefix = options.tablePrefix ?? 'integrity_';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) throw new TypeError(`invalid table prefix ${prefix}`);
    this.leafTable = `${prefix}merkle_leaf`;
    this.nodeTable = `${prefix}merkle_node`;
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${this.leafTable} (
        leaf_index INTEGER PRIMARY KEY,
        event_id   TEXT NOT NULL UNIQUE,
        position   TEXT NOT NULL,
        hash       BLOB NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${this.nodeTable} (
        level INTEGER NOT NULL,
        idx   INTEGER NOT NULL,
        hash  BLOB NOT NULL,
        PRIMARY KEY (level, idx)
      ) WITHOUT ROWID;
    `);
    this.insertLeaf = db.prepare(
      `INSERT INTO ${this.leafTable} (leaf_index, event_id, position, hash) VALUES (?, ?, ?, ?)`,
    );
    this.insertNode = db.prepare(`INSERT INTO ${this.nodeTable} (level, idx, hash) VALUES (?, ?, ?)`);
    this.selectLeafHash = db.prepare(`SELECT hash FROM ${this.leafTable} WHERE leaf_index = ?`).pluck();
    this.selectNodeHash = db.prepare(`SELECT hash FROM ${this.nodeTable} WHERE level = ? AND idx = ?`).pluck();
    this.selectLeaf = db.prepare(`SELECT leaf_index, event_id, position, hash FROM ${this.leafTable} WHERE leaf_index = ?`);
    this.selectLeafByEvent = db.prepare(
      `SELECT leaf_index, event_id, position, hash FROM ${this.leafTable} WHERE event_id = ?`,
    );
    this.selectLast = db.prepare(
      `SELECT leaf_index, event_id, position, hash FROM ${this.leafTable} ORDER BY leaf_index DESC LIMIT 1`,
    );
    this.appendBatch = db.transaction((leaves) => this.appendInTransaction(leaves));
  }

  /** Number of leaves in the log (the current tree size). */
  size(): number {
    const last = this.selectLast.get() as LeafRow | undefined;
    return last === undefined ? 0 : last.leaf_index + 1;
  }

  /** Global position of the last leaf, or null while the log is empty. */
  lastPosition(): Position | null {
    const last = this.selectLast.get() as LeafRow | undefined;
    return last === undefined ? null : BigInt(last.position);
  }

  /**
   * Append leaves in global order; returns the new tree size. Positions must strictly increase past
   * the last stored one (`MerkleLogOrderError` otherwise). Atomic: all leaves or none.
   */
  appendLeaves(leaves: readonly MerkleLeafInput[]): number {
    return this.appendBatch(
      leaves.map((leaf) => ({ eventId: leaf.eventId, position: leaf.position.toString(), hash: hashLeaf(leaf.entry) })),
    );
  }

  /** Append recorded events, computing each entry from its envelope; returns the new tree size. */
  appendEvents(events: readonly RecordedEvent[]): number {
    return this.appendBatch(
      events.map((event) => ({ eventId: event.eventId, position: event.position.toString(), hash: leafHashOfEvent(event) })),
    );
  }

  /** Root hash of the first `treeSize` leaves (default: the whole log). */
  rootAt(treeSize: number = this.size()): Buffer {
    this.assertWithinLog(treeSize);
    return treeRoot(this.reader, treeSize);
  }

  /** Audit path for leaf `leafIndex` in the tree of `treeSize` leaves, leaf side first. */
  inclusionProof(leafIndex: number, treeSize: number = this.size()): Buffer[] {
    this.assertWithinLog(treeSize);
    return inclusionProof(this.reader, leafIndex, treeSize);
  }

  /** Proof that the tree of `fromSize` leaves is a prefix of the tree of `toSize` leaves. */
  consistencyProof(fromSize: number, toSize: number = this.size()): Buffer[] {
    this.assertWithinLog(toSize);
    return consistencyProof(this.reader, fromSize, toSize);
  }

  /** The leaf at `leafIndex`, or null beyond the log. */
  leaf(leafIndex: number): MerkleLeafRecord | null {
    const row = this.selectLeaf.get(leafIndex) as LeafRow | undefined;
    return row === undefined ? null : toRecord(row);
  }

  /** The leaf recorded for an event id, or null when the event is not (yet) in the log. */
  leafOfEvent(eventId: string): MerkleLeafRecord | null {
    const row = this.selectLeafByEvent.get(eventId) as LeafRow | undefined;
    return row === undefined ? null : toRecord(row);
  }

  /** The stored hash of a leaf (level 0) or of an aligned perfect subtree (level ≥ 1). */
  nodeHash(level: number, index: number): Buffer {
    return this.reader(level, index);
  }

  /** Forgets every leaf and subtree, to append them again from the event log (a rebuild). */
  clear(): void {
    this.db.exec(`DELETE FROM ${this.leafTable}; DELETE FROM ${this.nodeTable};`);
  }

  private readonly reader: NodeReader = (level, index) => {
    const hash = (
      level === 0 ? this.selectLeafHash.get(index) : this.selectNodeHash.get(level, index)
    ) as Buffer | undefined;
    if (hash === undefined || hash.length !== HASH_SIZE) {
      throw new TreeSizeOutOfRangeError(`merkle log has no node at level ${level}, index ${index}`);
    }
    return hash;
  };

  private assertWithinLog(treeSize: number): void {
    const size = this.size();
    if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > size) {
      throw new TreeSizeOutOfRangeError(`tree size ${treeSize} is beyond the log's ${size} leaves`);
    }
  }

  private appendInTransaction(leaves: readonly { eventId: string; position: string; hash: Buffer }[]): number {
    const last = this.selectLast.get() as LeafRow | undefined;
    let size = last === undefined ? 0 : last.leaf_index + 1;
    let lastPosition = last === undefined ? null : BigInt(last.position);
    for (const leaf of leaves) {
      const position = BigInt(leaf.position);
      if (lastPosition !== null && position <= lastPosition) {
        throw new MerkleLogOrderError(
          `event ${leaf.eventId} at position ${position} is not after position ${lastPosition}, the log's last leaf`,
        );
      }
      this.insertLeaf.run(size, leaf.eventId, leaf.position, leaf.hash);
      // A leaf at an odd index completes the subtree it shares with its left neighbour; carry upwards
      // while the completed subtree is itself a right child.
      let level = 0;
      let index = size;
      let hash = leaf.hash;
      while (index % 2 === 1) {
        hash = hashChildren(this.reader(level, index - 1), hash);
        level += 1;
        index = (index - 1) / 2;
        this.insertNode.run(level, index, hash);
      }
      size += 1;
      lastPosition = position;
    }
    return size;
  }
}

function toRecord(row: LeafRow): MerkleLeafRecord {
  return { leafIndex: row.leaf_index, eventId: row.event_id, position: BigInt(row.position), leafHash: row.hash };
}
