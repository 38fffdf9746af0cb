import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What `increment` answers (the throttler's record type, which its index does not export). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One tracker's window: when each counted hit expires (oldest first), from `head` on. */
interface HitWindow {
  expiries: number[];
  head: number;
  blockedUntil: number;
}

/** How often windows with no live hit and no block are dropped, so trackers seen once do not stay. */
const SWEEP_MS = 60_000;

/**
 * The rate limit's counts, with @nestjs/throttler's in-memory semantics (a sliding window of `ttl`
 * per key; past `limit` hits the key is blocked for `blockDuration`, then counts afresh) at a
 * constant cost per request. The throttler's own storage filters the key's whole list of hits on
 * every request: with the default 50,000 a minute, a busy key's request cost a scan of up to
 * 50,000 numbers (a fifth of the service's CPU in the soak). Hits expire in the order they were
 * made, so a moving head drops them; the array is compacted once the dropped part dominates.
 */
export class RateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, HitWindow>();
  private readonly sweep = setInterval(() => this.dropIdle(Date.now()), SWEEP_MS).unref();

  async increment(key: string, ttl: number, limit: number, blockDuration: number, _throttlerName: string): Promise<ThrottlerStorageRecord> {
    return this.hit(key, ttl, limit, blockDuration, Date.now());
  }

  /** `increment` at a given time (tests). */
  hit(key: string, ttl: number, limit: number, blockDuration: number, now: number): ThrottlerStorageRecord {
    let window = this.windows.get(key);
    if (window === undefined) {
      window = { expiries: [], head: 0, blockedUntil: 0 };
      this.windows.set(key, window);
    }
    expire(window, now);
    if (window.blockedUntil > now) {
      return { totalHits: live(window) + 1, timeToExpire: secondsUntil(window.expiries[window.head] ?? now + ttl, now), isBlocked: true, timeToBlockExpire: secondsUntil(window.blockedUntil, now) };
    }
    if (window.blockedUntil !== 0) {
      // A block that has run out starts the count afresh, as the throttler's own storage does.
      window.blockedUntil = 0;
      window.expiries = [];
      window.head = 0;
    }
    window.expiries.push(now + ttl);
    const totalHits = live(window);
    const timeToExpire = secondsUntil(window.expiries[window.head], now);
    if (totalHits > limit) {
      window.blockedUntil = now + (blockDuration > 0 ? blockDuration : ttl);
      return { totalHits, timeToExpire, isBlocked: true, timeToBlockExpire: secondsUntil(window.blockedUntil, now) };
    }
    return { totalHits, timeToExpire, isBlocked: false, timeToBlockExpire: 0 };
  }

  /** Keys with a window held (tests, and a bound on what the sweep must keep). */
  get trackedKeys(): number {
    return this.windows.size;
  }

  dropIdle(now: number): void {
    for (const [key, window] of this.windows) {
      expire(window, now);
      if (live(window) === 0 && window.blockedUntil <= now) this.windows.delete(key);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
    this.windows.clear();
  }
}

function expire(window: HitWindow, now: number): void {
  const { expiries } = window;
  while (window.head < expiries.length && expiries[window.head] <= now) window.head += 1;
  if (window.head > 1024 && window.head * 2 > expiries.length) {
    window.expiries = expiries.slice(window.head);
    window.head = 0;
  }
}

const live = (window: HitWindow) => window.expiries.length - window.head;
const secondsUntil = (at: number, now: number) => Math.max(0, Math.ceil((at - now) / 1000));
