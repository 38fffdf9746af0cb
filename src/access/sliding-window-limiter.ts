/** What the limiter answers for one request. */
export type LimitDecision =
  | { allowed: true; limit: number; remaining: number; resetSeconds: number }
  | { allowed: false; retryAfterSeconds: number };

/** One tracker's hits: their expiry times in arrival order, read from `head` on. */
interface Window {
  expiries: number[];
  head: number;
  /** The fixed window the X-RateLimit-Reset header counts down to, renewed when it passes. */
  resetsAt: number;
  /** Refused until then, once the limit was passed (0: not blocked). */
  blockedUntil: number;
}

/**
 * `limit` requests per `windowMs` for each tracker, counted over a sliding window: a request is
 * refused when the tracker already made `limit` in the last `windowMs`, and a tracker that passes
 * the limit is then refused for a whole window (the rules @nestjs/throttler applied with its
 * default block duration). Hits expire in the order they came, so forgetting them is a step of
 * an index, not a scan of every hit the window holds on every request.
 */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, Window>();
  private sweptAt = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  hit(tracker: string, now = Date.now()): LimitDecision {
    this.sweepIdle(now);
    let window = this.windows.get(tracker);
    if (!window) this.windows.set(tracker, (window = { expiries: [], head: 0, resetsAt: now + this.windowMs, blockedUntil: 0 }));
    if (window.blockedUntil > now) return { allowed: false, retryAfterSeconds: Math.ceil((window.blockedUntil - now) / 1000) };
    if (window.blockedUntil !== 0) {
      // The block is over: the tracker starts a clean window.
      window.blockedUntil = 0;
      window.expiries = [];
      window.head = 0;
    }
    forgetExpired(window, now);
    if (window.resetsAt <= now) window.resetsAt = now + this.windowMs;
    window.expiries.push(now + this.windowMs);
    const hits = window.expiries.length - window.head;
    if (hits > this.limit) {
      window.blockedUntil = now + this.windowMs;
      return { allowed: false, retryAfterSeconds: Math.ceil(this.windowMs / 1000) };
    }
    return { allowed: true, limit: this.limit, remaining: this.limit - hits, resetSeconds: Math.ceil((window.resetsAt - now) / 1000) };
  }

  /** Trackers seen once (a flood of made-up keys) are dropped a window after their last hit. */
  private sweepIdle(now: number): void {
    if (now - this.sweptAt < this.windowMs) return;
    this.sweptAt = now;
    for (const [tracker, window] of this.windows) {
      forgetExpired(window, now);
      if (window.blockedUntil <= now && window.head === window.expiries.length) this.windows.delete(tracker);
    }
  }
}

function forgetExpired(window: Window, now: number): void {
  const { expiries } = window;
  while (window.head < expiries.length && expiries[window.head] <= now) window.head++;
  // The array is cut once its expired front is as long as what is live, so it never grows past twice the limit.
  if (window.head > 1024 && window.head * 2 > expiries.length) {
    window.expiries = expiries.slice(window.head);
    window.head = 0;
  }
}
