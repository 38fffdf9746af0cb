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
 * the rebuild thread reads the log a few pages ahead (on the embedded store; other stores are
 * read a page ahead through the port), this thread folds page after page, and the rebuild thread
 * commits each folded batch with its checkpoint while the next folds. Returns how many events
 * were applied; the caller ends the rebuild.
 */
export async function rebuildInThread(readModel: SqliteReadModel, store: EventStore, options: RebuildInThreadOptions): Promise<number> {
  const logFile = embeddedLogFile(store);
  const fold = new ThreadedFold(readModel, {
    onCommitted: options.onCommitted,
    log: logFile === null ? null : { file: logFile, after: null, pageSize: options.pageSize },
  });
  try {
    const pages = logFile === null ? new PagesReadAhead(store, options.pageSize) : fold;
    for (;;) {
      const page = await pages.nextPage();
      if (page.length === 0) break;
      await fold.apply(page);
    }
    return await fold.finish();
  } finally {
    await fold.close();
  }
}

export interface ThreadedFoldOptions {
  /** After every committed batch: events committed so far and the checkpoint. */
  onCommitted?: (applied: number, position: Position) => void;
  /** The embedded store's log for the thread to read ahead (`nextPage`), or null. */
  log?: { file: string; after: string | null; pageSize: number } | null;
}

/**
 * A fold from zero whose commits run on the rebuild thread: each batch given to `apply` is folded
 * here (its rows held aside, its documents served from memory) and committed there with its
 * checkpoint while the next batch folds, so folds read exactly what a fold in one transaction
 * would. The read models must be emptied by `beginRebuild` first; the caller ends the rebuild.
 */
export class ThreadedFold {
  private readonly thread: RebuildThreadHost;
  private readonly inFlight: Promise<void>[] = [];
  private folded: Position | null = null;
  private applied = 0;
  private batch = 0;

  constructor(
    private readonly readModel: SqliteReadModel,
    private readonly options: ThreadedFoldOptions = {},
  ) {
    this.thread = new RebuildThreadHost({
      readModelFile: readModel.file,
      inserts: readModel.rowInserts(),
      cacheMiB: WRITER_CACHE_MIB,
      log: options.log ?? null,
    });
  }

  /** The next page of the log the thread read ahead ([] at its end); only with `log`. */
  nextPage(): Promise<RecordedEvent[]> {
    return this.thread.nextPage();
  }

  /** Folds a batch and hands it over; resolves when there is room for the next one. */
  async apply(events: readonly RecordedEvent[]): Promise<void> {
    const { applied: count, last } = this.readModel.foldAside(events, this.folded);
    if (last === null || count === 0) return;
    const batch = ++this.batch;
    const committed = this.thread.commit(batch, this.readModel.takeRows(batch), last, this.folded).then(() => {
      this.readModel.settle(batch, last);
      this.applied += count;
      this.options.onCommitted?.(this.applied, last);
    });
    // Awaited in turn; a failure meanwhile must not count as unhandled.
    committed.catch(() => undefined);
    this.inFlight.push(committed);
    this.folded = last;
    if (this.inFlight.length >= BATCHES_IN_FLIGHT) await this.inFlight.shift();
  }

  /** Waits until every batch is committed; returns how many events were applied. */
  async finish(): Promise<number> {
    for (const committed of this.inFlight.splice(0)) await committed;
    return this.applied;
  }

  /** Ends the thread (after `finish`, or to give up). */
  close(): Promise<void> {
    return this.thread.close();
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
