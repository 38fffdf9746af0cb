import type { EventStore, Position, RecordedEvent, Subscription } from '../event-store/event-store.port';
import { LiveBatch } from '../event-store/live-batch';
import { PositionWaiters } from '../event-store/position-waiters';
import type { SqliteReadModel } from './sqlite-read-model';

export interface ProjectionRunnerOptions {
  /** Events read and folded per transaction while catching up. Default 500. */
  batchSize?: number;
  /** A live subscription failed; the runner resubscribes from its checkpoint after `retryMs`. */
  onError?: (error: Error) => void;
  /** Delay before resubscribing after an error. Default 1000 ms. */
  retryMs?: number;
}

export interface RebuildProgress {
  /** Events folded so far in this rebuild. */
  applied: number;
  /** Position reached, null before the first event. */
  position: Position | null;
  /** Head of the log when the rebuild started: the goal. */
  head: Position | null;
}

export interface RebuildSummary {
  applied: number;
  position: Position | null;
  durationMs: number;
}

/**
 * Feeds the provenance projections from the store's global log, in order. Every batch of events
 * and the checkpoint after it commit in one SQLite transaction, so an event is applied exactly
 * once whatever crashes when; on start the runner resumes after its checkpoint.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly retryMs: number;
  private subscription: Subscription | null = null;
  private running = false;
  private readonly live: LiveBatch;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly waiters = new PositionWaiters(() => this.position());
  private rebuilding: Promise<RebuildSummary> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly readModel: SqliteReadModel,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.live = new LiveBatch(this.batchSize, () => this.flush());
    this.retryMs = options.retryMs ?? 1000;
  }

  /** Position the read models have reached (the checkpoint), or null before the first event. */
  position(): Position | null {
    return this.readModel.lastPosition();
  }

  /**
   * Resolves true as soon as the read models have reached `position` (read-your-writes), or
   * false after `timeoutMs` without reaching it.
   */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    return this.waiters.waitFor(position, timeoutMs);
  }

  /**
   * Catches up with the log (rebuilding first when the read-model file was written by other
   * projections), then follows it live. Resolves once caught up with the head seen at start.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      if (this.readModel.stale) await this.foldFromZero();
      await this.catchUp();
    } catch (error) {
      this.running = false;
      throw error;
    }
    this.subscribe();
  }

  /** Stops following the log; what was committed stays. */
  async stop(): Promise<void> {
    this.running = false;
    await this.unsubscribe();
    this.waiters.releaseAll();
  }

  /** Folds every event after the checkpoint, page by page; returns how many were applied. */
  async catchUp(onPage?: (applied: number) => void): Promise<number> {
    let applied = 0;
    for (;;) {
      const page = await this.store.readAll({ after: this.position(), limit: this.batchSize });
      if (page.length === 0) return applied;
      applied += this.commit(page);
      onPage?.(applied);
      if (page.length < this.batchSize) return applied;
    }
  }

  /**
   * Empties the read models and folds the whole log again from position zero, reporting progress
   * after every committed page. Live following pauses meanwhile and resumes after.
   */
  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildSummary> {
    // Two rebuilds at once would fold the same events into one emptied file twice over.
    if (this.rebuilding) return Promise.reject(new Error('a rebuild is already running'));
    this.rebuilding = this.rebuildFromZero(onProgress).finally(() => (this.rebuilding = null));
    return this.rebuilding;
  }

  private async rebuildFromZero(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildSummary> {
    const started = Date.now();
    const wasRunning = this.running;
    this.running = false;
    await this.unsubscribe();
    const applied = await this.foldFromZero(onProgress);
    if (wasRunning) {
      this.running = true;
      await this.catchUp();
      this.subscribe();
    }
    return { applied, position: this.position(), durationMs: Date.now() - started };
  }

  /**
   * Empties the read models and folds the log up to its current head in the read model's rebuild
   * mode (no fsync, the file marked stale until the end).
   */
  private async foldFromZero(onProgress?: (progress: RebuildProgress) => void): Promise<number> {
    this.readModel.beginRebuild();
    const head = await this.store.headPosition();
    onProgress?.({ applied: 0, position: null, head });
    try {
      const applied = await this.catchUp((n) => onProgress?.({ applied: n, position: this.position(), head }));
      this.readModel.endRebuild();
      return applied;
    } catch (error) {
      this.readModel.endRebuild(false);
      throw error;
    }
  }

  private subscribe(): void {
    if (!this.running || this.subscription) return;
    this.subscription = this.store.subscribeToAll({
      after: this.position(),
      onMessage: (message) => {
        if (!this.running) return;
        if (message.kind === 'caught-up') {
          this.flush();
          return;
        }
        this.live.add(message.event);
      },
      onError: (error) => {
        this.subscription = null;
        this.dropBuffer();
        this.options.onError?.(error);
        if (this.running) this.retryTimer = setTimeout(() => ((this.retryTimer = null), this.subscribe()), this.retryMs);
      },
    });
  }

  private async unsubscribe(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const subscription = this.subscription;
    this.subscription = null;
    // Whatever is still buffered is read again from the checkpoint by the next subscription.
    this.dropBuffer();
    await subscription?.close();
  }

  private flush(): void {
    const batch = this.live.take();
    if (batch.length === 0) return;
    try {
      this.commit(batch);
    } catch (error) {
      // Nothing of the batch was committed; follow again from the checkpoint.
      const subscription = this.subscription;
      this.subscription = null;
      void subscription?.close();
      this.options.onError?.(error as Error);
      if (this.running) this.retryTimer = setTimeout(() => ((this.retryTimer = null), this.subscribe()), this.retryMs);
    }
  }

  private commit(events: readonly RecordedEvent[]): number {
    const applied = this.readModel.applyBatch(events);
    this.wake();
    return applied;
  }

  private dropBuffer(): void {
    this.live.drop();
  }

  private wake(): void {
    this.waiters.wake();
  }
}
