import { SlidingWindowLimiter } from './sliding-window-limiter';

describe('SlidingWindowLimiter', () => {
  const t0 = 1_000_000;

  it('allows `limit` requests a window, refuses the next and blocks the tracker for a whole window', () => {
    const limiter = new SlidingWindowLimiter(3, 60_000);
    expect([1, 2, 3].map((i) => limiter.hit('a', t0 + i))).toEqual([
      { allowed: true, limit: 3, remaining: 2, resetSeconds: 60 },
      { allowed: true, limit: 3, remaining: 1, resetSeconds: 60 },
      { allowed: true, limit: 3, remaining: 0, resetSeconds: 60 },
    ]);
    expect(limiter.hit('a', t0 + 10)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    // Blocked (refusals not counted) even once the first hits have left the window, until the block ends.
    expect(limiter.hit('a', t0 + 60_005)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.hit('a', t0 + 60_010)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('counts each tracker on its own', () => {
    const limiter = new SlidingWindowLimiter(1, 1_000);
    expect(limiter.hit('a', t0).allowed).toBe(true);
    expect(limiter.hit('b', t0).allowed).toBe(true);
    expect(limiter.hit('a', t0 + 1).allowed).toBe(false);
  });

  it('forgets hits as they leave the sliding window', () => {
    const limiter = new SlidingWindowLimiter(2, 1_000);
    expect(limiter.hit('a', t0).allowed).toBe(true);
    expect(limiter.hit('a', t0 + 600).allowed).toBe(true);
    // The first hit expired at t0 + 1000: one hit left in the window, room for one more.
    expect(limiter.hit('a', t0 + 1_000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit('a', t0 + 1_100).allowed).toBe(false);
  });

  it('keeps counting exactly over many windows of heavy use', () => {
    const limiter = new SlidingWindowLimiter(5_000, 1_000);
    for (let ms = 0; ms < 10_000; ms++) expect(limiter.hit('bulk', t0 + ms)).toMatchObject({ allowed: true, remaining: 5_000 - Math.min(ms + 1, 1_000) });
  });
});
