import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Position, RecordedEvent } from '../event-store/event-store.port';
import type { DocumentReader, DocumentState, EventClock, IndexEntry, IndexQuery, Projection, Reached } from '../../projections/projection';
import { applyEvent } from '../../projections/provenance-projections';
import { AsOfReads } from './as-of-reads';
import { BatchedIndexes } from './batched-index-writes';
import { BatchedDocuments, BatchedLinks } from './batched-writes';
import { IndexReads } from './index-reads';
import {
  CLOCK_INSERT,
  createTables,
  documentInsert,
  dropTables,
  emptyTables,
  linkInsert,
  openReadModelDatabase,
  READ_CHECKPOINT,
  WRITE_CHECKPOINT,
  type ReadModelTables,
  type RowInsert,
} from './read-model-schema';
import { ReadModelVersion, readModelFingerprint } from './read-model-version';
import { SqliteEventClock } from './sqlite-event-clock';

/**
 * The provenance read models in their own SQLite file (tables: `read-model-schema.ts`). The
 * checkpoint lives in the same file and moves in the same transaction as the documents it
 * covers: after a crash, both or neither are there. Folds write through `BatchedDocuments` and
 * `BatchedLinks` (held to the end of a batch, cached between batches), queries read through
 * `AsOfReads`, and `ReadModelVersion` says whether the file was built by these projections.
 */
export class SqliteReadModel implements DocumentState, DocumentReader, EventClock {
  private readonly db: Database.Database;
  private readonly version: ReadModelVersion;
  private readonly documents: BatchedDocuments;
  private readonly links: BatchedLinks;
  private readonly indexes: BatchedIndexes;
  private readonly reads: AsOfReads;
  private readonly indexReads: IndexReads;
  private readonly clock: SqliteEventClock;
  private readonly tables: ReadModelTables;
  private inBatch = false;
  /** The checkpoint this instance last committed: the cache is only valid while it is still the file's. */
  private committed: Position | null | undefined = undefined;
  private rebuilding = false;
  private readonly statements: { readCheckpoint: Database.Statement; writeCheckpoint: Database.Statement };

  constructor(
    readonly file: string,
    private readonly projections: readonly Projection[],
    /**
     * Recorded beside the projections' fingerprints; none by default, since a change to a
     * projection's definition changes its fingerprint already. Tests use it to write a file of
     * "another version".
     */
    version?: number,
  ) {
    this.db = openReadModelDatabase(file);
    this.tables = {
      collections: projections.flatMap((p) => p.collections),
      relations: projections.flatMap((p) => p.relations),
      indexes: projections.flatMap((p) => p.indexes ?? []),
    };
    this.version = new ReadModelVersion(this.db, readModelFingerprint(projections, version));
    // Tables of an older layout go before anything is prepared against them (indexing them first
    // would cost a pass over a file about to be rebuilt anyway).
    if (!this.version.layoutIsCurrent) dropTables(this.db, this.tables);
    createTables(this.db, this.tables);
    this.documents = new BatchedDocuments(this.db, this.tables.collections);
    this.links = new BatchedLinks(this.db, this.tables.relations);
    this.indexes = new BatchedIndexes(this.db, this.tables.indexes);
    this.reads = new AsOfReads(this.db, this.tables);
    this.indexReads = new IndexReads(this.db, this.tables.indexes, () => this.lastPosition());
    this.clock = new SqliteEventClock(this.db);
    this.statements = {
      readCheckpoint: this.db.prepare(READ_CHECKPOINT).safeIntegers(true),
      writeCheckpoint: this.db.prepare(WRITE_CHECKPOINT),
    };
  }

  /** Opens (creating when missing) `<dataDir>/read-models.sqlite`. */
  static open(dataDir: string, projections: readonly Projection[], version?: number): SqliteReadModel {
    return new SqliteReadModel(join(dataDir, 'read-models.sqlite'), projections, version);
  }

  /**
   * Folds a page of the log into every projection and moves the checkpoint, in one transaction.
   * Events at or before the checkpoint were applied already and are skipped, so redelivery after
   * a restart never applies an event twice. Returns how many events were applied.
   */
  applyBatch(events: readonly RecordedEvent[]): number {
    // IMMEDIATE: the checkpoint read here cannot move under us before the commit.
    try {
      const applied = this.db.transaction(() => {
        let checkpoint = this.lastPosition();
        if (checkpoint !== this.committed) this.forgetCaches();
        let applied = 0;
        this.inBatch = true;
        for (const event of events) {
          if (checkpoint !== null && event.position <= checkpoint) continue;
          applyEvent(this, event, this.projections);
          checkpoint = event.position;
          applied++;
        }
        this.inBatch = false;
        this.writePending();
        if (applied > 0) this.statements.writeCheckpoint.run(checkpoint);
        this.committed = checkpoint;
        return applied;
      }).immediate();
      return applied;
    } catch (error) {
      // Rolled back: what the cache learnt from this batch never reached the file.
      this.inBatch = false;
      this.discardPending();
      this.forgetCaches();
      this.committed = undefined;
      throw error;
    }
  }

  /**
   * Whether a rebuild may fold aside and hand its rows to the rebuild thread. Not with search
   * indexes: ending a span moves a row the file holds (`BatchedIndexes.flush`), which is not a
   * row to insert; such read models are rebuilt page by page on this thread.
   */
  get foldsAside(): boolean {
    return this.tables.indexes.length === 0;
  }

  /**
   * During a rebuild (`rebuild-in-thread.ts`): folds the events after `after` without writing
   * anything; their rows wait for `takeRows`. Reads of documents not folded since come from the
   * file, whose commits the rebuild thread makes. Returns how many events were folded and the
   * position of the last.
   */
  foldAside(events: readonly RecordedEvent[], after: Position | null): { applied: number; last: Position | null } {
    if (!this.foldsAside) throw new Error('read models with search indexes cannot be folded aside');
    let last = after;
    let applied = 0;
    this.inBatch = true;
    try {
      for (const event of events) {
        if (last !== null && event.position <= last) continue;
        applyEvent(this, event, this.projections);
        last = event.position;
        applied++;
      }
    } catch (error) {
      this.discardPending();
      throw error;
    } finally {
      this.inBatch = false;
    }
    return { applied, last };
  }

  /**
   * The rows folded aside since the last call, one list per insert of `rowInserts()`, for the
   * rebuild thread to commit as `batch`; what they hold is served from memory until `settle(batch)`.
   */
  takeRows(batch: number): unknown[][] {
    return [...this.documents.take(batch), ...this.links.take(), this.clock.take()];
  }

  /** The rebuild thread committed `batch` with its checkpoint `position`. */
  settle(batch: number, position: Position): void {
    this.documents.settle(batch);
    this.committed = position;
  }

  /** The inserts of the lists `takeRows` gives, in that order. */
  rowInserts(): RowInsert[] {
    return [...this.tables.collections.map(documentInsert), ...this.tables.relations.map(linkInsert), CLOCK_INSERT];
  }

  /**
   * True when the file was built by another set of projections, or by a rebuild that never
   * finished: it must be rebuilt from zero.
   */
  get stale(): boolean {
    return this.version.stale;
  }

  /** Empties every read model and the checkpoint, in one transaction, for a rebuild from zero. */
  reset(): void {
    this.db.transaction(() => {
      emptyTables(this.db, this.tables);
      this.version.markCurrent();
    })();
    this.forgetCaches();
    this.committed = null;
  }

  /**
   * Empties the read models for a fold from zero that trades durability for speed: checkpoints
   * of the write-ahead log skip fsync. Until `endRebuild`, the file says it is being rebuilt, so a
   * crash (even one that loses unsynced pages) leaves a file that is rebuilt again on open, never
   * one that looks complete.
   */
  beginRebuild(): void {
    this.rebuilding = true;
    this.db.transaction(() => {
      emptyTables(this.db, this.tables);
      this.version.markRebuilding();
    })();
    this.forgetCaches();
    this.committed = null;
    // Durable before anything is written unsynced: the mark must outlive whatever follows it.
    this.db.pragma('wal_checkpoint(PASSIVE)');
    this.db.pragma('synchronous = OFF');
  }

  /**
   * Back to durable commits. When the fold `finished`, makes everything folded since
   * `beginRebuild` durable and then marks the file complete; otherwise it stays stale.
   */
  endRebuild(finished = true): void {
    if (!this.rebuilding) return;
    this.rebuilding = false;
    this.db.pragma('synchronous = NORMAL');
    if (!finished) {
      // Whatever a rebuild thread was still to commit is lost with it: nothing cached is sure.
      this.discardPending();
      this.documents.forgetCache();
      this.committed = undefined;
      return;
    }
    // The checkpoint fsyncs the log and then the database file, pages written unsynced included.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.version.markCurrent();
  }

  /**
   * Position of the last event folded in (the checkpoint), or null before the first. Read from the
   * file, so a process that only queries sees what another process's runner committed.
   */
  lastPosition(): Position | null {
    const row = this.statements.readCheckpoint.get() as { position: bigint } | undefined;
    return row ? row.position : null;
  }

  recordEventTime(position: Position, recordedAt: string): void {
    this.clock.record(position, recordedAt);
    if (!this.inBatch) this.writePending();
  }

  positionAt(instant: string): Position | null {
    return this.clock.positionAt(instant);
  }

  get<T>(collection: string, key: string): T | undefined {
    return this.documents.get<T>(collection, key, this.inBatch);
  }

  put<T>(collection: string, key: string, doc: T, at: Position): void {
    this.documents.put(collection, key, doc, at);
    if (!this.inBatch) this.writePending();
  }

  link(relation: string, source: string, target: string, at: Position): void {
    this.links.link(relation, source, target, at);
    if (!this.inBatch) this.writePending();
  }

  index(index: string, key: string, entry: IndexEntry, at: Position): void {
    this.indexes.index(index, key, entry, at);
    if (!this.inBatch) this.writePending();
  }

  indexed(index: string, key: string): IndexEntry | undefined {
    return this.indexes.indexed(index, key, this.inBatch);
  }

  getAt<T>(collection: string, key: string, asOf: Position): T | undefined {
    return this.reads.getAt<T>(collection, key, asOf);
  }

  getManyAt<T>(collection: string, keys: readonly string[], asOf: Position): Map<string, T> {
    return this.reads.getManyAt<T>(collection, keys, asOf);
  }

  /** The latest version of every document of a collection, streamed (in no particular order). */
  latest<T>(collection: string): IterableIterator<[key: string, doc: T]> {
    return this.reads.latest<T>(collection);
  }

  linkedAt(relation: string, source: string, asOf: Position): string[] {
    return this.reads.linkedAt(relation, source, asOf);
  }

  linkedManyAt(relation: string, sources: readonly string[], asOf: Position): Map<string, string[]> {
    return this.reads.linkedManyAt(relation, sources, asOf);
  }

  reachableAt(relation: string, sources: readonly string[], asOf: Position, maxDepth?: number): Reached[] {
    return this.reads.reachableAt(relation, sources, asOf, maxDepth);
  }

  findAt(index: string, query: IndexQuery, asOf: Position): string[] {
    return this.indexReads.findAt(index, query, asOf);
  }

  /** Every document version, link and index term in the same canonical form as `MemoryDocuments.dump()`. */
  dump(): { documents: string[]; links: string[] } {
    const { documents, links } = this.reads.dump();
    return { documents, links: [...links, ...this.indexReads.dump()].sort() };
  }

  /** False once closed. */
  get open(): boolean {
    return this.db.open;
  }

  close(): void {
    this.db.close();
  }

  private writePending(): void {
    this.documents.flush();
    this.links.flush();
    this.indexes.flush();
    this.clock.flush();
  }

  private discardPending(): void {
    this.documents.discard();
    this.links.discard();
    this.indexes.discard();
    this.clock.discard();
  }

  private forgetCaches(): void {
    this.documents.forgetCache();
    this.indexes.forgetCache();
  }
}
