import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventStoreContract, type EventStoreFactory } from '../../../test/event-store/event-store.contract';
import { idempotencyClaimsContract } from '../../../test/event-store/idempotency-claims.contract';
import { DuplicateEventIdError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import type { NewEvent, SubscriptionMessage } from '../event-store.port';
import { SqliteEventStore, openSqliteEventStore } from './sqlite-event-store';
import { SQLITE_INDEXED_READS, SQLITE_QUERIES } from './sqlite-queries';
import { SQLITE_SCHEMA_VERSION } from './sqlite-schema';

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const sqliteFactory: EventStoreFactory = async () => {
  const dir = tempDir();
  const store = new SqliteEventStore({ file: join(dir, 'ledger.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

eventStoreContract('sqlite', sqliteFactory);
idempotencyClaimsContract('sqlite', sqliteFactory);

function newEvent(type: string, data: Record<string, unknown> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: { occurredAt: '2026-01-15T10:00:00.000Z', actorPartyId: 'party-1', schemaVersion: 1 },
  };
}

describe('SqliteEventStore', () => {
  let dir: string;
  let file: string;
  const open: SqliteEventStore[] = [];

  function openStore(options: Partial<ConstructorParameters<typeof SqliteEventStore>[0]> = {}): SqliteEventStore {
    const store = new SqliteEventStore({ file, ...options });
    open.push(store);
    return store;
  }

  beforeEach(() => {
    dir = tempDir();
    file = join(dir, 'ledger.sqlite');
  });

  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });

  it('starts empty: no head, no events, caught up at null', async () => {
    const store = openStore();
    const messages: SubscriptionMessage[] = [];

    const subscription = store.subscribeToAll({ after: null, onMessage: (m) => void messages.push(m) });
    await waitFor(() => messages.length > 0);
    await subscription.close();

    expect(await store.headPosition()).toBeNull();
    expect(await store.readAll()).toEqual([]);
    expect(messages).toEqual([{ kind: 'caught-up', position: null }]);
  });

  it('numbers the global log 1, 2, 3 …', async () => {
    const store = openStore();
    await store.append([{ streamId: 'lot-a', expectedRevision: 'no-stream', events: [newEvent('A'), newEvent('B')] }]);
    await store.append([{ streamId: 'lot-b', expectedRevision: 'no-stream', events: [newEvent('C')] }]);

    expect((await store.readAll()).map((e) => e.position)).toEqual([1n, 2n, 3n]);
  });

  it('opens the file in WAL mode with synchronous=FULL by default, NORMAL on request', async () => {
    const full = openStore();
    const normal = openStore({ synchronous: 'NORMAL' });

    expect(full.connectionSettings()).toEqual({ journalMode: 'wal', synchronous: 'FULL' });
    expect(normal.connectionSettings()).toEqual({ journalMode: 'wal', synchronous: 'NORMAL' });
    const inspect = new Database(file, { readonly: true });
    try {
      expect(inspect.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    } finally {
      inspect.close();
    }
  });

  it('keeps every acknowledged event across close and reopen', async () => {
    const first = openStore();
    const streams = Array.from({ length: 20 }, () => `lot-${randomUUID()}`);
    const results = await Promise.all(
      streams.map((streamId, i) =>
        first.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('LotRegistered', { i })] }], {
          idempotencyKey: `party-1:${i}`,
          requestHash: `hash-${i}`,
        }),
      ),
    );
    const before = await first.readAll();
    await first.close();

    const reopened = openStore();

    expect(await reopened.readAll()).toEqual(before);
    expect(before).toHaveLength(20);
    for (const [i, streamId] of streams.entries()) {
      expect(await reopened.streamRevision(streamId)).toBe(0);
      expect((await reopened.findIdempotentResult(`party-1:${i}`))?.result.position).toBe(results[i].position);
    }
    const next = await reopened.append([{ streamId: streams[0], expectedRevision: 0, events: [newEvent('LotShipped')] }]);
    expect(next.position).toBe(21n);
  });

  it('refuses a file written by a newer schema', async () => {
    const raw = new Database(file);
    raw.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    raw.close();

    expect(() => new SqliteEventStore({ file })).toThrow(EventStoreUnavailableError);
  });

  it('group-commits 200 concurrent appends, rejecting only the conflicting one', async () => {
    const store = openStore();
    const taken = `lot-${randomUUID()}`;
    await store.append([{ streamId: taken, expectedRevision: 'no-stream', events: [newEvent('LotRegistered')] }]);
    const head = await store.headPosition();
    const transactionsBefore = store.stats().transactionsCommitted;
    const streams = Array.from({ length: 200 }, () => `lot-${randomUUID()}`);
    streams[117] = taken;

    const settled = await Promise.allSettled(
      streams.map((streamId) =>
        store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('LotRegistered')] }]),
      ),
    );

    const rejected = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ i, reason: s.reason }] : []));
    expect(rejected.map((r) => r.i)).toEqual([117]);
    expect(rejected[0].reason).toBeInstanceOf(WrongExpectedRevisionError);
    const stored = await store.readAll({ after: head });
    expect(stored).toHaveLength(199);
    expect(new Set(stored.map((e) => e.streamId))).toEqual(new Set(streams.filter((s) => s !== taken)));
    expect(await store.streamRevision(taken)).toBe(0);
    const transactions = store.stats().transactionsCommitted - transactionsBefore;
    expect(transactions).toBeGreaterThanOrEqual(1);
    expect(transactions).toBeLessThanOrEqual(2);
    expect(store.stats().largestBatch).toBeGreaterThanOrEqual(100);
  });

  it('rolls back only the appends of a batch that fail midway, whatever their shape', async () => {
    const store = openStore();
    const stored = newEvent('Stored');
    await store.append([{ streamId: 'lot-stored', expectedRevision: 'no-stream', events: [stored] }]);
    const transactionsBefore = store.stats().transactionsCommitted;

    const [before, singleDuplicate, multiDuplicate, multiStale, after] = await Promise.allSettled([
      store.append([{ streamId: 'lot-1', expectedRevision: 'no-stream', events: [newEvent('A')] }]),
      // fails on the event-id index, not on its revision
      store.append([{ streamId: 'lot-2', expectedRevision: 'any', events: [stored] }]),
      // its first event is inserted before the second one hits the index
      store.append([{ streamId: 'lot-3', expectedRevision: 'no-stream', events: [newEvent('B'), stored] }]),
      // its first write is inserted before the second write's revision check fails
      store.append([
        { streamId: 'lot-4', expectedRevision: 'no-stream', events: [newEvent('C')] },
        { streamId: 'lot-stored', expectedRevision: 'no-stream', events: [newEvent('D')] },
      ]),
      store.append([{ streamId: 'lot-5', expectedRevision: 'no-stream', events: [newEvent('E')] }]),
    ]);

    expect(store.stats().transactionsCommitted - transactionsBefore).toBe(1);
    expect(before.status).toBe('fulfilled');
    expect(after.status).toBe('fulfilled');
    expect(singleDuplicate).toMatchObject({ status: 'rejected', reason: expect.any(DuplicateEventIdError) });
    expect(multiDuplicate).toMatchObject({ status: 'rejected', reason: expect.any(DuplicateEventIdError) });
    expect(multiStale).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
    expect((await store.readAll()).map((e) => [e.position, e.streamId, e.type])).toEqual([
      [1n, 'lot-stored', 'Stored'],
      [2n, 'lot-1', 'A'],
      [3n, 'lot-5', 'E'],
    ]);
  });

  it('replays the second of two identical idempotent appends in the same batch', async () => {
    const store = openStore();
    const streamId = `lot-${randomUUID()}`;
    const request = () =>
      store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('LotRegistered')] }], {
        idempotencyKey: 'party-1:k',
        requestHash: 'h',
      });

    const [first, second] = await Promise.all([request(), request()]);

    expect(first.replayed).toBe(false);
    expect(second).toEqual({ ...first, replayed: true });
    expect(store.stats().transactionsCommitted).toBe(1);
    expect(await store.readAll()).toHaveLength(1);
  });

  it('commits appends queued before close', async () => {
    const store = openStore();
    const pending = store.append([{ streamId: 'lot-x', expectedRevision: 'no-stream', events: [newEvent('A')] }]);

    await store.close();

    await expect(pending).resolves.toMatchObject({ position: 1n });
    const reopened = openStore();
    expect(await reopened.streamRevision('lot-x')).toBe(0);
    await expect(store.append([{ streamId: 'lot-y', expectedRevision: 'any', events: [newEvent('B')] }])).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });

  it('wakes a live subscription for commits made through another connection to the file', async () => {
    const reader = openStore({ pollIntervalMs: 50 });
    const writer = openStore();
    const messages: SubscriptionMessage[] = [];
    const subscription = reader.subscribeToAll({ after: null, onMessage: (m) => void messages.push(m) });
    await waitFor(() => messages.some((m) => m.kind === 'caught-up'));

    await writer.append([{ streamId: 'lot-elsewhere', expectedRevision: 'no-stream', events: [newEvent('A')] }]);
    await waitFor(() => messages.some((m) => m.kind === 'event'));
    await subscription.close();

    expect(messages.map((m) => (m.kind === 'event' ? m.event.streamId : m.kind))).toEqual(['caught-up', 'lot-elsewhere']);
  });

  it('wakes a live subscription at once on a commit in this process, without waiting for the poll', async () => {
    const store = openStore({ pollIntervalMs: 60_000 });
    const messages: SubscriptionMessage[] = [];
    const subscription = store.subscribeToAll({ after: null, onMessage: (m) => void messages.push(m) });
    await waitFor(() => messages.some((m) => m.kind === 'caught-up'));

    await store.append([{ streamId: 'lot-here', expectedRevision: 'no-stream', events: [newEvent('A')] }]);
    await waitFor(() => messages.some((m) => m.kind === 'event'), 2000);
    await subscription.close();

    expect(messages).toHaveLength(2);
  });

  it('settles no append before its transaction is committed and visible to another connection', async () => {
    const store = openStore();
    const observer = new Database(file, { readonly: true });
    const isCommitted = observer.prepare('SELECT COUNT(*) FROM events WHERE event_id = ?').pluck();
    try {
      const seenCommitted = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const event = newEvent('A', { i });
          return store
            .append([{ streamId: `lot-${i}`, expectedRevision: 'no-stream', events: [event] }])
            .then(() => isCommitted.get(event.eventId) === 1);
        }),
      );

      expect(seenCommitted.every(Boolean)).toBe(true);
    } finally {
      observer.close();
    }
  });

  it('pages a subscription through a history longer than one page', async () => {
    const store = openStore();
    const streamId = `lot-${randomUUID()}`;
    await store.append([
      { streamId, expectedRevision: 'no-stream', events: Array.from({ length: 1234 }, (_, i) => newEvent('E', { i })) },
    ]);
    const positions: bigint[] = [];
    let caughtUpAfter = -1;

    const subscription = store.subscribeToAll({
      after: 10n,
      onMessage: (m) => {
        if (m.kind === 'event') positions.push(m.event.position);
        else caughtUpAfter = positions.length;
      },
    });
    await waitFor(() => caughtUpAfter >= 0);
    await subscription.close();

    expect(positions).toEqual(Array.from({ length: 1224 }, (_, i) => BigInt(i + 11)));
    expect(caughtUpAfter).toBe(1224);
  });

  it('answers every read through an index, never a table scan', async () => {
    openStore();
    const inspect = new Database(file, { readonly: true });
    try {
      for (const { name, params } of SQLITE_INDEXED_READS) {
        const plan = inspect
          .prepare(`EXPLAIN QUERY PLAN ${SQLITE_QUERIES[name]}`)
          .all(...params)
          .map((row) => (row as { detail: string }).detail);
        expect({ name, scans: plan.filter((detail) => /^SCAN /.test(detail)) }).toEqual({ name, scans: [] });
        expect({ name, plan }).toEqual({ name, plan: [expect.stringMatching(/^SEARCH /)] });
      }
    } finally {
      inspect.close();
    }
  });

  it('opens <dataDir>/ledger.sqlite, creating the directory', async () => {
    const dataDir = join(dir, 'nested', 'data');

    const store = openSqliteEventStore(dataDir);
    open.push(store);
    await store.append([{ streamId: 'lot-a', expectedRevision: 'no-stream', events: [newEvent('A')] }]);

    expect(existsSync(join(dataDir, 'ledger.sqlite'))).toBe(true);
    expect(store.file).toBe(join(dataDir, 'ledger.sqlite'));
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
