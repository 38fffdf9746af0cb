import type { EventStore, Position, RecordedEvent } from '../event-store/event-store.port';
import { RebuildThreadHost } from './rebuild-thread-host';
import type { SqliteReadModel } from './sqlite-read-model';

/** Batches handed to the rebuild thread and not yet committed, at most. */
const BATCHES_IN_FLIGHT = 2;
/**
 * Page cache of the rebuild thread's read-model connection: its inserts land all over the
 * version indexes and edge tables, which outgrow SQLite's 2 MiB default within a few hundred
 * thousand events.
 */
const WRITER_CACHE_MIB = 32;

export interface RebuildInThreadOptions {
  /** Events per page read, folded and committed. */
  pageSize: number;
  /** After every committed batch: events committed so far and the checkpoint. */
  onCommitted?: (applied: number, position: Position) => void;
}

/**
 * Folds the whole log into read models emptied by `beginRebuild` on three stages that overlap:
 * a rebuild thread reads the log a few pages ahead (on the embedded store; other stores are read
 * a page ahead through the port), this thread folds page after page, and the rebuild thread
 * commits each folded batch with its checkpoint while the next folds. A batch's documents are
 * served from memory until the thread has committed them, so folds read exactly what a fold in
 * one transaction would. Returns how many events were applied; the caller ends the rebuild.
 */
export async function rebuildInThread(readModel: SqliteReadModel, store: EventStore, options: RebuildInThreadOptions): Promise<number> {
  const logFile = embeddedLogFile(store);
  const thread = new RebuildThreadHost({
    readModelFile: readModel.file,
    inserts: readModel.rowInserts(),
    cacheMiB: WRITER_CACHE_MIB,
    log: logFile === null ? null : { file: logFile, after: null, pageSize: options.pageSize },
  });
  const pages = logFile === null ? new PagesReadAhead(store, options.pageSize) : thread;
  const inFlight: Promise<void>[] = [];
  let folded: Position | null = null;
  let applied = 0;
  let batch = 0;
  try {
    for (;;) {
      const page = await pages.nextPage();
      if (page.length === 0) break;
      const { applied: count, last } = readModel.foldAside(page, folded);
      if (last === null || count === 0) continue;
      batch += 1;
      const handed = batch;
      const committed = thread.commit(handed, readModel.takeRows(handed), last, folded).then(() => {
        readModel.settle(handed, last);
        applied += count;
        options.onCommitted?.(applied, last);
      });
      // Awaited in turn below; a failure meanwhile must not count as unhandled.
      committed.catch(() => undefined);
      inFlight.push(committed);
      folded = last;
      if (inFlight.length >= BATCHES_IN_FLIGHT) await inFlight.shift();
    }
    for (const committed of inFlight.splice(0)) await committed;
    return applied;
  } finally {
    await thread.close();
  }
}

/** The embedded store's file, when another thread can read the log from it. */
function embeddedLogFile(store: EventStore): string | null {
  const file = (store as { file?: unknown }).file;
  return store.engine === 'sqlite' && typeof file === 'string' && file !== ':memory:' ? file : null;
}

/** Pages of the log through the store port, the next one asked for while this one folds. */
class PagesReadAhead {
  private next: Promise<RecordedEvent[]> | null = null;
  private after: Position | null = null;
  private ended = false;

  constructor(
    private readonly store: EventStore,
    private readonly pageSize: number,
  ) {}

  async nextPage(): Promise<RecordedEvent[]> {
    if (this.ended) return [];
    const page = await (this.next ?? this.read());
    this.next = null;
    if (page.length < this.pageSize) this.ended = true;
    if (page.length > 0) this.after = page[page.length - 1].position;
    if (!this.ended) {
      this.next = this.read();
      this.next.catch(() => undefined);
    }
    return page;
  }

  private read(): Promise<RecordedEvent[]> {
    return this.store.readAll({ after: this.after, limit: this.pageSize });
  }
}
