import type { EventStore, Position, RecordedEvent, Subscription } from '../event-store/event-store.port';
import { LiveBatch } from './live-batch';
import { PositionWaiters } from './position-waiters';

/**
 * What a follower feeds: a projection of the log with its own checkpoint (the provenance read
 * models, the Merkle log).
 */
export interface LogConsumer {
  /** Position of the last event committed (the checkpoint), or null before the first. */
  position(): Position | null;
  /**
   * Commits events and the checkpoint after them in one transaction, skipping those at or before
   * the checkpoint (they were committed already); returns how many were new. A throw commits nothing.
   */
  commit(events: readonly RecordedEvent[]): number;
}

export interface LogFollowerOptions {
  /** Events read per page while catching up, and the most gathered into one live commit. */
  batchSize: number;
  /** Delay before following again after an error. Default 1000 ms. */
  retryMs?: number;
  /** Told of every error met while following live; the follower retries on its own. */
  onError?: (error: Error) => void;
  /** Called after every live batch is committed (the Merkle log signs when a checkpoint is due). */
  afterLiveCommit?: () => void;
  /**
   * Set when another thread follows the log into the same checkpoint (the service's follower
   * thread): `start` then does nothing, and `waitFor` asks that thread once the file is behind.
   */
  followedElsewhere?: (position: Position, timeoutMs: number) => Promise<boolean>;
}

/**
 * Follows the store's global log into one consumer: catches up page by page from the consumer's
 * checkpoint, then subscribes and commits live events in batches. After any error (the
 * subscription failed, the store refused to subscribe, a commit threw) it drops what it had
 * gathered and subscribes again from the checkpoint after `retryMs`, so nothing is skipped or
 * applied twice and no error escapes from a timer. Callers can wait until it reaches a position.
 */
export class LogFollower {
  private readonly retryMs: number;
  private readonly live: LiveBatch;
  private readonly waiters: PositionWaiters;
  private running = false;
  private subscription: Subscription | null = null;
  /** Bumped whenever a subscription is given up: messages of an older one are ignored. */
  private generation = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly consumer: LogConsumer,
    private readonly options: LogFollowerOptions,
  ) {
    this.retryMs = options.retryMs ?? 1000;
    this.live = new LiveBatch(options.batchSize, () => this.flush());
    this.waiters = new PositionWaiters(() => consumer.position());
  }

  /** The consumer's checkpoint. */
  position(): Position | null {
    return this.consumer.position();
  }

  /** True between a `start` that began following and the next `stop`. */
  get following(): boolean {
    return this.running;
  }

  /** Resolves true as soon as the consumer has reached `position`, or false after `timeoutMs`. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    const elsewhere = this.options.followedElsewhere;
    if (elsewhere && !this.waiters.reached(position)) return elsewhere(position, timeoutMs);
    return this.waiters.waitFor(position, timeoutMs);
  }

  /** Commits every event after the checkpoint, page by page; returns how many were new. */
  async catchUp(onPage?: (committed: number) => void): Promise<number> {
    const { batchSize } = this.options;
    let committed = 0;
    for (;;) {
      const page = await this.store.readAll({ after: this.position(), limit: batchSize });
      if (page.length === 0) return committed;
      committed += this.commit(page);
      onPage?.(committed);
      if (page.length < batchSize) return committed;
    }
  }

  /**
   * Runs `prepare` (a rebuild of a stale file, say), catches up with the log and follows it live.
   * Resolves true once caught up with the head seen at start and following; false, doing nothing,
   * when already following or followed elsewhere (or stopped meanwhile). A failure before following leaves it stopped and is thrown.
   */
  async start(prepare?: () => Promise<unknown>): Promise<boolean> {
    if (this.running || this.options.followedElsewhere) return false;
    this.running = true;
    try {
      await prepare?.();
      await this.catchUp();
    } catch (error) {
      this.running = false;
      throw error;
    }
    this.subscribe();
    // False when stopped meanwhile.
    return this.running;
  }

  /**
   * Stops following live while `work` runs (a rebuild from zero), then catches up and follows
   * again if it was following. When `work` fails it stays stopped: the consumer's file is not one
   * to fold live events into.
   */
  async pauseWhile<T>(work: () => Promise<T>): Promise<T> {
    const wasRunning = this.running;
    this.running = false;
    await this.unsubscribe();
    const result = await work();
    if (wasRunning) {
      this.running = true;
      await this.catchUp();
      this.subscribe();
    }
    return result;
  }

  /** Stops following; what was committed stays, and every waiter gets its answer now. */
  async stop(): Promise<void> {
    this.running = false;
    await this.unsubscribe();
    this.waiters.releaseAll();
  }

  private subscribe(): void {
    if (!this.running || this.subscription) return;
    const generation = this.generation;
    const current = () => generation === this.generation && this.running;
    let subscription: Subscription;
    try {
      subscription = this.store.subscribeToAll({
        after: this.position(),
        onMessage: (message) => {
          if (!current()) return;
          if (message.kind === 'caught-up') this.flush();
          else this.live.add(message.event);
        },
        onError: (error) => {
          if (generation === this.generation) this.recover(error);
        },
      });
    } catch (error) {
      // e.g. the store refused while reconnecting: try again later rather than throw from a timer.
      this.recover(error as Error);
      return;
    }
    // Given up already (it failed before returning): the retry is scheduled, this one is closed.
    if (generation === this.generation) this.subscription = subscription;
    else void subscription.close().catch(() => undefined);
  }

  private flush(): void {
    const batch = this.live.take();
    if (batch.length === 0 || !this.running) return;
    try {
      this.commit(batch);
    } catch (error) {
      // Nothing of the batch was committed; follow again from the checkpoint.
      this.recover(error as Error);
      return;
    }
    this.options.afterLiveCommit?.();
  }

  /** Gives up the current subscription and what it gathered, and subscribes again after `retryMs`. */
  private recover(error: Error): void {
    this.abandonSubscription();
    this.options.onError?.(error);
    if (this.running && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.subscribe();
      }, this.retryMs);
    }
  }

  private async unsubscribe(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.abandonSubscription();
  }

  /** Whatever was gathered is read again from the checkpoint by the next subscription. */
  private abandonSubscription(): Promise<void> {
    this.generation++;
    const subscription = this.subscription;
    this.subscription = null;
    this.live.drop();
    return subscription ? subscription.close().catch((error: Error) => this.options.onError?.(error)) : Promise.resolve();
  }

  private commit(events: readonly RecordedEvent[]): number {
    const committed = this.consumer.commit(events);
    this.waiters.wake();
    return committed;
  }
}
