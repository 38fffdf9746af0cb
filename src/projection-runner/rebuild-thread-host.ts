import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '../event-store/event-store.port';
import { decodeLogPage, type LogPage } from '../event-store/sqlite/log-pages';
import { startProjectWorker } from '../worker-threads/project-worker';
import type { FromRebuildThread, RebuildThreadData, ToRebuildThread } from './rebuild-messages';

/** How long a close waits for the thread to close its files before it is terminated. */
const CLOSE_GRACE_MS = 10_000;

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The fold's side of the rebuild thread (`rebuild-thread.ts`): hands batches of rows over to be
 * committed, and takes the pages of the log it reads ahead. Any failure of the thread fails
 * every commit and page still awaited, and every later one.
 */
export class RebuildThreadHost {
  private readonly worker: Worker;
  private failure: Error | null = null;
  private readonly commits = new Map<number, Waiter>();
  private readonly pages: LogPage[] = [];
  private logEnded = false;
  private pageWaiter: Waiter | null = null;
  private readonly exited: Promise<void>;
  private closing = false;

  constructor(
    data: RebuildThreadData,
    /** Pages of the log the thread reads ahead of the fold (when it reads the log at all). */
    private readonly pagesAhead = 2,
  ) {
    this.worker = startProjectWorker(join(__dirname, 'rebuild-thread'), data);
    this.worker.on('message', (message: FromRebuildThread) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        if (!this.closing) this.fail(new Error(`the rebuild thread exited (code ${code})`));
        resolve();
      });
    });
    if (data.log) this.post({ kind: 'read', pages: pagesAhead });
  }

  /** The next page of the log as the thread read it, [] once the log has ended. */
  async nextPage(): Promise<RecordedEvent[]> {
    if (this.pages.length === 0 && !this.logEnded) {
      await new Promise<void>((resolve, reject) => {
        if (this.failure) reject(this.failure);
        else this.pageWaiter = { resolve, reject };
      });
    }
    const page = this.pages.shift();
    if (page === undefined) return [];
    this.post({ kind: 'read', pages: 1 });
    return decodeLogPage(page);
  }

  /** Hands a batch over; resolves once it is committed with its checkpoint. */
  commit(batch: number, rows: unknown[][], checkpoint: bigint, expected: bigint | null): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const committed = new Promise<void>((resolve, reject) => this.commits.set(batch, { resolve, reject }));
    this.post({ kind: 'commit', batch, rows, checkpoint: checkpoint.toString(), expected: expected?.toString() ?? null });
    return committed;
  }

  /** Closes the thread's files and ends it (it is terminated if it does not answer in time). */
  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    this.post({ kind: 'close' });
    const grace = setTimeout(() => void this.worker.terminate(), CLOSE_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
  }

  private receive(message: FromRebuildThread): void {
    switch (message.kind) {
      case 'committed': {
        const waiter = this.commits.get(message.batch);
        this.commits.delete(message.batch);
        waiter?.resolve();
        return;
      }
      case 'page':
        this.pages.push(message.page);
        this.wakePageWaiter();
        return;
      case 'log-end':
        this.logEnded = true;
        this.wakePageWaiter();
        return;
      case 'failed': {
        const error = new Error(message.message);
        error.stack = message.stack ?? error.stack;
        this.fail(error);
        return;
      }
      case 'closed':
        return;
    }
  }

  private wakePageWaiter(): void {
    const waiter = this.pageWaiter;
    this.pageWaiter = null;
    waiter?.resolve();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.commits.values()) waiter.reject(this.failure);
    this.commits.clear();
    const pageWaiter = this.pageWaiter;
    this.pageWaiter = null;
    pageWaiter?.reject(this.failure);
  }

  private post(message: ToRebuildThread): void {
    this.worker.postMessage(message);
  }
}
