import type { EventStore, Position } from '../event-store/event-store.port';
import { LogFollower } from '../log-follower/log-follower';
import { rebuildInThread } from './rebuild-in-thread';
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
 * once whatever crashes when; on start the runner resumes after its checkpoint. Following the log
 * (catch-up, live batches, retries, waits) is the `LogFollower`'s; folding is the read model's.
 */
export class ProjectionRunner {
  private readonly follower: LogFollower;
  private readonly batchSize: number;
  private rebuilding: Promise<RebuildSummary> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly readModel: SqliteReadModel,
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.follower = new LogFollower(
      store,
      { position: () => readModel.lastPosition(), commit: (events) => readModel.applyBatch(events) },
      { batchSize: this.batchSize, retryMs: options.retryMs, onError: options.onError },
    );
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
    return this.follower.waitFor(position, timeoutMs);
  }

  /**
   * Catches up with the log (rebuilding first when the read-model file was written by other
   * projections), then follows it live. Resolves once caught up with the head seen at start.
   */
  async start(): Promise<void> {
    await this.follower.start(async () => {
      if (this.readModel.stale) await this.foldFromZero();
    });
  }

  /** Stops following the log; what was committed stays. */
  stop(): Promise<void> {
    return this.follower.stop();
  }

  /** Folds every event after the checkpoint, page by page; returns how many were applied. */
  catchUp(onPage?: (applied: number) => void): Promise<number> {
    return this.follower.catchUp(onPage);
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
    const applied = await this.follower.pauseWhile(() => this.foldFromZero(onProgress));
    return { applied, position: this.position(), durationMs: Date.now() - started };
  }

  /**
   * Empties the read models and folds the log up to its current head in the read model's rebuild
   * mode (no fsync, the file marked stale until the end): reading and committing on a rebuild
   * thread while this one folds (`rebuild-in-thread.ts`), or page by page for a file in memory
   * and for read models with search indexes (see `SqliteReadModel.foldsAside`).
   */
  private async foldFromZero(onProgress?: (progress: RebuildProgress) => void): Promise<number> {
    this.readModel.beginRebuild();
    const head = await this.store.headPosition();
    onProgress?.({ applied: 0, position: null, head });
    try {
      const applied =
        this.readModel.file === ':memory:' || !this.readModel.foldsAside
          ? await this.catchUp((n) => onProgress?.({ applied: n, position: this.position(), head }))
          : await rebuildInThread(this.readModel, this.store, {
              pageSize: this.batchSize,
              onCommitted: (n, position) => onProgress?.({ applied: n, position, head }),
            });
      this.readModel.endRebuild();
      return applied;
    } catch (error) {
      this.readModel.endRebuild(false);
      throw error;
    }
  }
}
