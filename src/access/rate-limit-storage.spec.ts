import { RateLimitStorage } from './rate-limit-storage';

/* The rate limit's counts: a sliding window per key, a block past the limit, constant work per hit. */

describe('the rate limit storage', () => {
  const storage = new RateLimitStorage();
  afterAll(() => storage.onApplicationShutdown());
  const T0 = 1_000_000;

  it('given 3 hits a second allowed, when a 4th comes within the second, then it is blocked until the block runs out', () => {
    for (let i = 0; i < 3; i++) expect(storage.hit('a', 1_000, 3, 1_000, T0 + i).isBlocked).toBe(false);
    const fourth = storage.hit('a', 1_000, 3, 1_000, T0 + 10);
    expect(fourth).toEqual({ totalHits: 4, timeToExpire: 1, isBlocked: true, timeToBlockExpire: 1 });
    expect(storage.hit('a', 1_000, 3, 1_000, T0 + 500).isBlocked).toBe(true);
    // The block over, the count starts afresh.
    expect(storage.hit('a', 1_000, 3, 1_000, T0 + 1_011)).toEqual({ totalHits: 1, timeToExpire: 1, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('slides: hits older than the window no longer count, and each key has its own window', () => {
    storage.hit('b', 1_000, 2, 1_000, T0);
    storage.hit('b', 1_000, 2, 1_000, T0 + 600);
    expect(storage.hit('c', 1_000, 2, 1_000, T0 + 700).totalHits).toBe(1);
    const third = storage.hit('b', 1_000, 2, 1_000, T0 + 1_001);
    expect(third).toMatchObject({ totalHits: 2, isBlocked: false });
  });

  it('holds a busy key to the limit across many windows, and forgets idle keys', () => {
    let blocked = 0;
    for (let i = 0; i < 200_000; i++) if (storage.hit('busy', 1_000, 50_000, 1_000, T0 + i / 10).isBlocked) blocked++;
    // 10 hits per ms: 10,000 a second, all within the 50,000 the window allows.
    expect(blocked).toBe(0);
    expect(storage.hit('busy', 1_000, 50_000, 1_000, T0 + 20_000).totalHits).toBeLessThanOrEqual(10_001);
    storage.dropIdle(T0 + 60_000);
    expect(storage.trackedKeys).toBe(0);
  });
});
