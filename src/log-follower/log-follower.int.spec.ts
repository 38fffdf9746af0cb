import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, Position, RecordedEvent } from '../event-store/event-store.port';
import { openSqliteEventStore, type SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { LogFollower, type LogConsumer, type LogFollowerOptions } from './log-follower';

/** A consumer that keeps what it was given in memory and can be told to fail its next commits. */
class RecordingConsumer implements LogConsumer {
  readonly positions: Position[] = [];
  failNext = 0;

  position(): Position | null {
    return this.positions.at(-1) ?? null;
  }

  commit(events: readonly RecordedEvent[]): number {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('commit failed');
    }
    const last = this.position();
    const fresh = events.filter((e) => last === null || e.position > last);
    this.positions.push(...fresh.map((e) => e.position));
    return fresh.length;
  }
}

describe('LogFollower over a real SQLite store', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  const followers: LogFollower[] = [];

  const follow = (consumer: LogConsumer, options: Partial<LogFollowerOptions> = {}, over: EventStore = store) => {
    const follower = new LogFollower(over, consumer, { batchSize: 3, retryMs: 20, ...options });
    followers.push(follower);
    return follower;
  };

  const append = async (count: number): Promise<Position> => {
    let position = 0n;
    for (let i = 0; i < count; i++) {
      ({ position } = await store.append([
        {
          streamId: `lot-${randomUUID()}`,
          expectedRevision: 'no-stream',
          events: [{ eventId: randomUUID(), type: 'FlagRaised', data: { n: i }, metadata: { occurredAt: '2026-01-01T00:00:00Z', actorPartyId: 'p', schemaVersion: 1 } }],
        },
      ]));
    }
    return position;
  };
  const allPositions = async () => (await store.readAll({ after: null, limit: 10_000 })).map((e) => e.position);

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'log-follower-'));
    store = openSqliteEventStore(dataDir, { pollIntervalMs: 50 });
  });

  afterEach(async () => {
    for (const follower of followers.splice(0)) await follower.stop();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('catches up in pages from the checkpoint, then commits live appends and answers waiters', async () => {
    await append(7);
    const consumer = new RecordingConsumer();
    const pages: number[] = [];
    const follower = follow(consumer);

    expect(await follower.catchUp((n) => pages.push(n))).toBe(7);
    expect(pages).toEqual([3, 6, 7]);
    expect(await follower.start()).toBe(true);
    expect(await follower.start()).toBe(false);
    const head = await append(5);

    expect(await follower.waitFor(head, 5000)).toBe(true);
    expect(consumer.positions).toEqual(await allPositions());
    expect(await follower.waitFor(head + 10n, 50)).toBe(false);
  });

  it('after a live commit fails, reports it and follows again from the checkpoint, committing each event once', async () => {
    const consumer = new RecordingConsumer();
    const errors: string[] = [];
    const committedLive: number[] = [];
    const follower = follow(consumer, { onError: (e) => errors.push(e.message), afterLiveCommit: () => committedLive.push(consumer.positions.length) });
    await follower.start();

    consumer.failNext = 2;
    const head = await append(4);

    expect(await follower.waitFor(head, 5000)).toBe(true);
    expect(errors).toEqual(['commit failed', 'commit failed']);
    expect(consumer.positions).toEqual(await allPositions());
    expect(committedLive.length).toBeGreaterThan(0);
  });

  it('when the store refuses to subscribe, retries on its timer instead of throwing from it', async () => {
    let refusals = 2;
    const refusing: EventStore = Object.assign(Object.create(store) as EventStore, {
      subscribeToAll: (options: Parameters<EventStore['subscribeToAll']>[0]) => {
        if (refusals-- > 0) throw new Error('not connected');
        return store.subscribeToAll(options);
      },
    });
    const consumer = new RecordingConsumer();
    const errors: string[] = [];
    const follower = follow(consumer, { onError: (e) => errors.push(e.message) }, refusing);

    await follower.start();
    const head = await append(2);

    expect(await follower.waitFor(head, 5000)).toBe(true);
    expect(errors).toEqual(['not connected', 'not connected']);
  });

  it('pauses live following while work runs, then catches up with what was appended meanwhile', async () => {
    const consumer = new RecordingConsumer();
    const follower = follow(consumer);
    await follower.start();

    const during = await follower.pauseWhile(async () => {
      const position = await append(4);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Nothing was committed while paused.
      expect(consumer.positions).toEqual([]);
      return position;
    });

    expect(consumer.positions).toEqual(await allPositions());
    expect(follower.following).toBe(true);
    expect(await follower.waitFor(await append(1), 5000)).toBe(true);
    expect(during).toBe(4n);
  });

  it('followed elsewhere: start does nothing, and a wait beyond the checkpoint is asked of the other follower', async () => {
    const head = await append(3);
    const asked: Position[] = [];
    const consumer = new RecordingConsumer();
    const follower = follow(consumer, { followedElsewhere: async (position) => (asked.push(position), true) });

    expect(await follower.start()).toBe(false);
    expect(follower.following).toBe(false);
    expect(await follower.waitFor(head, 1000)).toBe(true);
    expect(asked).toEqual([head]);
    await follower.catchUp();
    expect(await follower.waitFor(head, 1000)).toBe(true);
    expect(asked).toEqual([head]);
  });
});
