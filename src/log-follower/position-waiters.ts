import type { Position } from '../event-store/event-store.port';

interface Waiter {
  target: Position;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

/**
 * Read-your-writes for a follower of the log: callers wait until the follower has reached a
 * position, or until a timeout. The follower calls `wake()` after every commit.
 */
export class PositionWaiters {
  private waiters: Waiter[] = [];

  constructor(private readonly position: () => Position | null) {}

  reached(target: Position): boolean {
    const at = this.position();
    return at !== null && at >= target;
  }

  /** True as soon as `target` is reached, false after `timeoutMs` without it. */
  waitFor(target: Position, timeoutMs: number): Promise<boolean> {
    if (this.reached(target)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        target,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(this.reached(target));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Answers every waiter whose position is now reached. */
  wake(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (this.reached(waiter.target)) {
        clearTimeout(waiter.timer);
        waiter.resolve(true);
      } else still.push(waiter);
    }
    this.waiters = still;
  }

  /** The follower stops: every waiter gets its answer now. */
  releaseAll(): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(this.reached(waiter.target));
    }
    this.waiters = [];
  }
}
