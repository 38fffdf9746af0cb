import type {
  Position,
  ReadAllOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionMessage,
} from '../event-store.port';
import type { CommitSignal } from './commit-signal';

export interface LogSubscriptionSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  readonly commits: CommitSignal;
  readonly pollIntervalMs: number;
  readonly pageSize: number;
}

/**
 * Follows the global log by paging through `readAll`: history from `after`, one caught-up marker,
 * then whatever later commits add. Every message is awaited before the next is read, so a slow
 * consumer holds back reading instead of piling events up in memory.
 */
export class LogSubscription implements Subscription {
  private closed = false;
  private delivering = false;
  private cancelWait: (() => void) | null = null;
  /** Settles when the delivery loop has stopped for good. */
  readonly finished: Promise<void>;

  constructor(
    private readonly source: LogSubscriptionSource,
    private readonly options: SubscribeOptions,
  ) {
    this.finished = this.run();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Stops delivery. When called while a message is being handled (typically from inside
   * `onMessage`) it resolves at once: that handler is the last one to run, and awaiting the loop
   * from inside it would wait on itself.
   */
  close(): Promise<void> {
    this.closed = true;
    this.cancelWait?.();
    return this.delivering ? Promise.resolve() : this.finished;
  }

  private async run(): Promise<void> {
    // Let the constructor return before the first read, so `close()` can be wired up first.
    await Promise.resolve();
    let cursor: Position | null = this.options.after;
    let caughtUp = false;
    try {
      while (!this.closed) {
        const seen = this.source.commits.current;
        const page = await this.source.readAll({ after: cursor, limit: this.source.pageSize });
        for (const event of page) {
          if (this.closed) return;
          await this.deliver({ kind: 'event', event });
          cursor = event.position;
        }
        if (page.length === this.source.pageSize) continue;
        if (!caughtUp) {
          caughtUp = true;
          if (this.closed) return;
          await this.deliver({ kind: 'caught-up', position: cursor });
        }
        if (this.closed) return;
        const wait = this.source.commits.wait(seen, this.source.pollIntervalMs);
        this.cancelWait = wait.cancel;
        await wait.done;
        this.cancelWait = null;
      }
    } catch (error) {
      if (this.closed) return;
      this.closed = true;
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private async deliver(message: SubscriptionMessage): Promise<void> {
    this.delivering = true;
    try {
      await this.options.onMessage(message);
    } finally {
      this.delivering = false;
    }
  }
}
