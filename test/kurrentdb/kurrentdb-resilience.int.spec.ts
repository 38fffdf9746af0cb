import { randomUUID } from 'node:crypto';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../src/event-store/event-store.errors';
import type { NewEvent, RecordedEvent, Subscription, SubscriptionMessage } from '../../src/event-store/event-store.port';
import { KurrentDbStandIn } from '../kurrentdb-stand-in/kurrentdb-stand-in';

/** The Rust read path waits one discovery interval before its first connection; keep it short. */
const fast = (standIn: KurrentDbStandIn) => `${standIn.connectionString}&discoveryInterval=10`;

describe('KurrentDB store against the stand-in', () => {
  let standIn: KurrentDbStandIn;
  let store: KurrentDbEventStore;

  beforeEach(async () => {
    standIn = await KurrentDbStandIn.start();
    store = await KurrentDbEventStore.connect(fast(standIn));
  });

  afterEach(async () => {
    await store.close();
    await standIn.close();
  });

  it('leaves every stream of a transformation unchanged when its second input is stale', async () => {
    const [inputA, inputB, output] = [lot(), lot(), lot()];
    await store.append([{ streamId: inputA, expectedRevision: 'no-stream', events: [event('LotExtracted')] }]);
    await store.append([{ streamId: inputB, expectedRevision: 'no-stream', events: [event('LotExtracted')] }]);
    await store.append([{ streamId: inputB, expectedRevision: 0, events: [event('LotShipped')] }]);
    const head = await store.headPosition();
    const transformation = { transformationId: randomUUID() };
    const writes = [
      { streamId: inputA, expectedRevision: 0, events: [event('LotTransformed', transformation)] },
      { streamId: inputB, expectedRevision: 0, events: [event('LotTransformed', transformation)] },
      { streamId: output, expectedRevision: 'no-stream' as const, events: [event('LotTransformed', transformation)] },
    ];

    await expect(store.append(writes, { idempotencyKey: `p:${randomUUID()}`, requestHash: 'h' })).rejects.toMatchObject({
      constructor: WrongExpectedRevisionError,
      streamId: inputB,
      expected: 0,
      actual: 1,
    });

    expect((await store.readStream(inputA)).map((e) => e.type)).toEqual(['LotExtracted']);
    expect((await store.readStream(inputB)).map((e) => e.type)).toEqual(['LotExtracted', 'LotShipped']);
    expect(await store.streamRevision(output)).toBeNull();
    expect(await store.headPosition()).toBe(head);
    // Nothing of the failed attempt was kept either: the same events go through once corrected.
    const retried = await store.append([writes[0], { ...writes[1], expectedRevision: 1 }, writes[2]]);
    expect(retried.revisions).toEqual({ [inputA]: 1, [inputB]: 2, [output]: 0 });
  });

  it('keeps a subscription through a dropped connection and delivers every event exactly once', async () => {
    const streamId = lot();
    const before = await store.headPosition();
    const appended: string[] = [];
    const appendSome = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const next = event('LotShipped', { i: appended.length });
        await store.append([{ streamId, expectedRevision: appended.length === 0 ? 'no-stream' : appended.length - 1, events: [next] }]);
        appended.push(next.eventId);
      }
    };
    await appendSome(20);
    const delivered: RecordedEvent[] = [];
    const errors: Error[] = [];
    const subscription: Subscription = store.subscribeToAll({
      after: before,
      onMessage: async (message: SubscriptionMessage) => {
        if (message.kind !== 'event') return;
        delivered.push(message.event);
        // Slow enough that the drop lands mid-stream, with events still in flight.
        if (delivered.length % 5 === 0) await sleep(5);
      },
      onError: (error) => errors.push(error),
    });
    try {
      await waitFor(() => delivered.length >= 8);
      await standIn.dropAllConnections(200);
      await appendSome(10);
      // Once it is live again, cut it a second time without any downtime.
      await waitFor(() => delivered.filter((e) => e.streamId === streamId).length >= 25, 20_000);
      await standIn.dropAllConnections();
      await appendSome(10);
      await waitFor(() => delivered.filter((e) => e.streamId === streamId).length >= 40, 20_000);
      await sleep(300);
    } finally {
      await subscription.close();
    }

    const ours = delivered.filter((e) => e.streamId === streamId).map((e) => e.eventId);
    expect(ours).toEqual(appended);
    expect(new Set(delivered.map((e) => e.eventId)).size).toBe(delivered.length);
    for (let i = 1; i < delivered.length; i++) expect(delivered[i].position > delivered[i - 1].position).toBe(true);
    expect(errors).toEqual([]);
    expect(standIn.subscriptionsOpened).toBeGreaterThanOrEqual(3);
  });

  it('ends a subscription with onError once the server has stayed away longer than allowed', async () => {
    const impatient = await KurrentDbEventStore.connect(fast(standIn), { resubscribeGiveUpAfterMs: 300 });
    const errors: Error[] = [];
    const messages: SubscriptionMessage[] = [];
    const subscription = impatient.subscribeToAll({ after: null, onMessage: (m) => void messages.push(m), onError: (e) => errors.push(e) });
    try {
      await waitFor(() => messages.some((m) => m.kind === 'caught-up'));

      await standIn.close();
      await waitFor(() => errors.length > 0, 15_000);

      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      await subscription.close();
      await impatient.close();
    }
  });

  it('reads again through the native reader after every connection was dropped', async () => {
    const streamId = lot();
    await store.append([{ streamId, expectedRevision: 'no-stream', events: [event('LotExtracted')] }]);
    expect(await store.streamRevision(streamId)).toBe(0);

    await standIn.dropAllConnections(100);

    expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['LotExtracted']);
    expect(await store.headPosition()).not.toBeNull();
  });

  it('reads again at once when the server comes back after reads failed while it was away', async () => {
    // The native reader gives its connection up for good once discovery fails (issue 15): every
    // read kind must answer on its first call after the server is back, and writes go on too.
    const streamId = lot();
    await store.append([{ streamId, expectedRevision: 'no-stream', events: [event('LotExtracted')] }]);
    await standIn.close();
    await expect(store.readStream(streamId)).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);

    await standIn.dropAllConnections(0);

    expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['LotExtracted']);
    expect(await store.streamRevision(streamId)).toBe(0);
    const [stored] = await store.readAll();
    expect(stored).toMatchObject({ streamId, type: 'LotExtracted' });
    expect(await store.headPosition()).toBe(stored.position);
    await store.append([{ streamId, expectedRevision: 0, events: [event('LotShipped')] }]);
    expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['LotExtracted', 'LotShipped']);
  });

  it('reports the store unavailable, not a hang, when the server is gone for good', async () => {
    const streamId = lot();
    await store.append([{ streamId, expectedRevision: 'no-stream', events: [event('LotExtracted')] }]);
    await standIn.close();
    const started = Date.now();

    await expect(store.readStream(streamId)).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(
      store.append([{ streamId, expectedRevision: 0, events: [event('LotShipped')] }]),
    ).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('refuses to start on a server without multi-stream append (older than 25.1)', async () => {
    const older = await KurrentDbStandIn.start({ serverVersion: '24.10.4', multiStreamAppend: false });
    try {
      const error = await KurrentDbEventStore.connect(older.connectionString).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toMatch(/24\.10\.4.*25\.1 or newer/);
    } finally {
      await older.close();
    }
  });

  it('fails fast with a clear error when nothing answers at the URL', async () => {
    const gone = await KurrentDbStandIn.start();
    const url = gone.connectionString;
    await gone.close();
    const started = Date.now();

    const error = await KurrentDbEventStore.connect(url).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as Error).message).toContain(`no KurrentDB server answers at ${url}`);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('stores streams whose ids KurrentDB would refuse as names, and gives the ids back unchanged', async () => {
    const ids = [`lot-ACME:${randomUUID()}`, `lot-a_${randomUUID()}`, `lot-钴-${randomUUID()}`];
    const before = await store.headPosition();

    const result = await store.append(ids.map((streamId) => ({ streamId, expectedRevision: 'no-stream' as const, events: [event('LotExtracted')] })));

    expect(Object.keys(result.revisions).sort()).toEqual([...ids].sort());
    for (const streamId of ids) expect((await store.readStream(streamId)).map((e) => e.streamId)).toEqual([streamId]);
    expect((await store.readAll({ after: before })).map((e) => e.streamId)).toEqual(ids);
  });

  it('never lists system events or its own bookkeeping in the global log', async () => {
    await store.append([{ streamId: lot(), expectedRevision: 'no-stream', events: [event('LotExtracted')] }], {
      idempotencyKey: `p:${randomUUID()}`,
      requestHash: 'h',
    });

    const log = await store.readAll({ limit: 1000 });

    expect(standIn.log.size).toBeGreaterThan(log.length);
    expect(log.map((e) => e.type)).toEqual(['LotExtracted']);
  });
});

function lot(): string {
  return `lot-${randomUUID()}`;
}

function event(type: string, data: Record<string, unknown> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: { occurredAt: '2026-01-15T10:00:00.000Z', actorPartyId: 'party-1', idempotencyKey: null, schemaVersion: 1 },
  };
}

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
