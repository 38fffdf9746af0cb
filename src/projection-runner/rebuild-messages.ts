import type { LogPage } from '../event-store/sqlite/log-pages';
import type { RowInsert } from './read-model-schema';

/** What the rebuild thread is started with (plain data: it crosses a thread boundary). */
export interface RebuildThreadData {
  /** The read-model file the batches are committed to (its tables exist, marked as being rebuilt). */
  readModelFile: string;
  /** The insert of each list of rows of a batch, in order. */
  inserts: RowInsert[];
  /** Page cache of the thread's read-model connection, in MiB. */
  cacheMiB: number;
  /** The embedded store's file and where to start, when the thread reads the log ahead of the fold. */
  log: { file: string; after: string | null; pageSize: number } | null;
}

/** Fold → rebuild thread. Positions travel as decimal strings, as between the other threads. */
export type ToRebuildThread =
  /** Commit the rows of one batch and move the checkpoint from `expected` to `checkpoint`. */
  | { kind: 'commit'; batch: number; rows: unknown[][]; checkpoint: string; expected: string | null }
  /** The fold took pages: read that many more ahead. */
  | { kind: 'read'; pages: number }
  | { kind: 'close' };

/** Rebuild thread → fold. */
export type FromRebuildThread =
  | { kind: 'committed'; batch: number }
  | { kind: 'page'; page: LogPage }
  /** The last page was sent: the log ended there when it was read. */
  | { kind: 'log-end' }
  | { kind: 'failed'; message: string; stack?: string }
  | { kind: 'closed' };
