/**
 * Wakes live subscriptions when this process commits. A counter rather than a plain event, so a
 * commit that lands between a subscriber's last read and its wait is never missed.
 */
export class CommitSignal {
  private commits = 0;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.commits;
  }

  notify(): void {
    this.commits++;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /**
   * Resolves once a commit after `seen` has happened, after `timeoutMs` (the poll that catches
   * other processes writing the same file), or when `cancel` is called.
   */
  wait(seen: number, timeoutMs: number): { done: Promise<void>; cancel: () => void } {
    if (this.commits !== seen) return { done: Promise.resolve(), cancel: () => undefined };
    let wake!: () => void;
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(() => finish(), timeoutMs);
      timer.unref();
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(finish);
        resolve();
      };
      wake = finish;
      this.waiters.add(finish);
    });
    return { done, cancel: wake };
  }
}
