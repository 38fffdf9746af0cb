import { randomUUID } from 'node:crypto';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';
import { AppendRefusedError, EventStoreUnavailableError } from '../../src/event-store/event-store.errors';
import type { NewEvent, SubscriptionMessage } from '../../src/event-store/event-store.port';
import { KurrentDbStandIn, type KurrentDbStandInOptions } from '../kurrentdb-stand-in/kurrentdb-stand-in';

/**
 * The KurrentDB 25.1 behaviours the store has to live with, one by one, on the stand-in that
 * models them (see its header for the server file each follows).
 */
const fast = (standIn: KurrentDbStandIn) => `${standIn.connectionString}&discoveryInterval=10`;

describe('KurrentDB store and the server behaviours it relies on', () => {
  let standIn: KurrentDbStandIn;
  let store: KurrentDbEventStore;
  let lines: Array<{ level: 'log' | 'warn'; message: string }>;

  const start = async (options: KurrentDbStandInOptions = {}) => {
    standIn = await KurrentDbStandIn.start(options);
    lines = [];
    store = await KurrentDbEventStore.connect(fast(standIn), {
      logger: { log: (message) => lines.push({ level: 'log', message }), warn: (message) => lines.push({ level: 'warn', message }) },
    });
  };

  afterEach(async () => {
    await store.close();
    await standIn.close();
  });

  it('sends an append again when its answer was lost, and reports it written once, not replayed', async () => {
    await start();
    const streamId = lot();
    const events = [event('LotExtracted'), event('LotShipped')];
    standIn.loseAnswersOfNextAppends(1);

    const result = await store.append([{ streamId, expectedRevision: 'no-stream', events }]);

    expect(standIn.lostAnswers).toBe(1);
    expect(result).toMatchObject({ replayed: false, eventIds: events.map((e) => e.eventId), revisions: { [streamId]: 1 } });
    expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('refuses, before sending anything, an append to two streams whose names differ only in case', async () => {
    await start();
    const id = randomUUID();
    const head = await store.headPosition();

    const error = await store
      .append([
        { streamId: `lot-abc-${id}`, expectedRevision: 'no-stream', events: [event('LotTransformed')] },
        { streamId: `lot-ABC-${id}`, expectedRevision: 'no-stream', events: [event('LotTransformed')] },
      ])
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppendRefusedError);
    expect(error).toMatchObject({ reason: 'streams-differ-only-in-case' });
    expect((error as Error).message).toContain(`lot-ABC-${id}`);
    expect(await store.headPosition()).toBe(head);
    // Each alone is a stream of its own.
    await store.append([{ streamId: `lot-abc-${id}`, expectedRevision: 'no-stream', events: [event('LotExtracted')] }]);
    await store.append([{ streamId: `lot-ABC-${id}`, expectedRevision: 'no-stream', events: [event('LotExtracted')] }]);
    expect(await store.streamRevision(`lot-ABC-${id}`)).toBe(0);
  });

  it('stores event ids as lower-case GUIDs and refuses an id that is not a UUID, storing nothing', async () => {
    await start();
    const streamId = lot();
    const upper = { ...event('LotExtracted'), eventId: randomUUID().toUpperCase() };
    const head = await store.headPosition();

    const refused = await store
      .append([{ streamId, expectedRevision: 'no-stream', events: [{ ...event('LotExtracted'), eventId: 'not-a-uuid' }] }])
      .catch((e: unknown) => e);
    const result = await store.append([{ streamId, expectedRevision: 'no-stream', events: [upper] }]);

    expect(refused).toBeInstanceOf(TypeError);
    expect(result.eventIds).toEqual([upper.eventId.toLowerCase()]);
    expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual([upper.eventId.toLowerCase()]);
    expect((await store.readAll({ after: head })).map((e) => e.eventId)).toEqual([upper.eventId.toLowerCase()]);
    // The same id in another case is the same event: a replay.
    expect(await store.append([{ streamId, expectedRevision: 'no-stream', events: [upper] }])).toMatchObject({ replayed: true });
  });

  it('never shows events of system streams, whatever their type (a projection result), in the log', async () => {
    await start({ projectionResults: true });
    expect(standIn.log.stream('$projections-stand-in-result')).toHaveLength(1);
    const streamId = lot();
    await store.append([{ streamId, expectedRevision: 'no-stream', events: [event('LotExtracted')] }], { idempotencyKey: `p:${randomUUID()}`, requestHash: 'h' });
    const messages: SubscriptionMessage[] = [];
    const subscription = store.subscribeToAll({ after: null, onMessage: (m) => void messages.push(m) });
    try {
      await waitFor(() => messages.some((m) => m.kind === 'caught-up'));

      expect((await store.readAll()).map((e) => e.streamId)).toEqual([streamId]);
      expect(messages.flatMap((m) => (m.kind === 'event' ? [m.event.streamId] : []))).toEqual([streamId]);
      expect(await store.headPosition()).toBe((await store.readStream(streamId))[0].position);
    } finally {
      await subscription.close();
    }
  });

  it("maps the server's size limits to AppendRefusedError, storing nothing", async () => {
    await start({ maxAppendSize: 4000, maxRecordSize: 3000 });
    const streamId = lot();
    const padded = (bytes: number) => event('LotExtracted', { pad: 'x'.repeat(bytes) });

    const oneTooBig = await store.append([{ streamId, expectedRevision: 'no-stream', events: [padded(3500)] }]).catch((e: unknown) => e);
    const allTooBig = await store
      .append([{ streamId, expectedRevision: 'no-stream', events: [padded(1500), padded(1500), padded(1500)] }])
      .catch((e: unknown) => e);

    expect(oneTooBig).toBeInstanceOf(AppendRefusedError);
    expect(allTooBig).toBeInstanceOf(AppendRefusedError);
    expect(allTooBig).toMatchObject({ reason: 'too-large', message: expect.stringContaining('4000 bytes') });
    expect(await store.streamRevision(streamId)).toBeNull();
  });

  it('logs one line when the server goes away and one when it answers again', async () => {
    await start();
    const streamId = lot();
    await store.append([{ streamId, expectedRevision: 'no-stream', events: [event('LotExtracted')] }]);

    const outage = standIn.dropAllConnections(300);
    await store.append([{ streamId, expectedRevision: 0, events: [event('LotShipped')] }]);
    await outage;
    await store.append([{ streamId, expectedRevision: 1, events: [event('LotReceived')] }]);

    expect(lines.map((line) => line.level)).toEqual(['warn', 'log']);
    expect(lines[0].message).toMatch(/^KurrentDB at kurrentdb:\/\/127\.0\.0\.1:\d+\?tls=false&discoveryInterval=10 stopped answering \(.+\); retrying$/);
    expect(lines[1].message).toMatch(/answers again, after \d+\.\d s$/);
  });
});

describe('KurrentDB store at start-up', () => {
  it('waits for a server that comes up while it retries, logging each wait', async () => {
    const probe = await KurrentDbStandIn.start();
    const port = probe.port;
    await probe.close();
    const warnings: string[] = [];
    let late: KurrentDbStandIn | undefined;
    const coming = new Promise<void>((resolve) =>
      setTimeout(async () => {
        late = await KurrentDbStandIn.start({ port });
        resolve();
      }, 400),
    );
    try {
      const store = await KurrentDbEventStore.connect(`kurrentdb://127.0.0.1:${port}?tls=false`, {
        connectAttempts: 8,
        connectRetryDelayMs: 100,
        logger: { log: () => undefined, warn: (message) => warnings.push(message) },
      });
      await store.close();

      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings[0]).toMatch(/^KurrentDB at kurrentdb:\/\/127\.0\.0\.1:\d+\?tls=false does not answer \(attempt 1 of 8: .+\); trying again in 0\.1 s$/);
    } finally {
      await coming;
      await late?.close();
    }
  });

  it('gives up after the attempts it was given, with one clear error', async () => {
    const gone = await KurrentDbStandIn.start();
    const url = `kurrentdb://admin:changeit@127.0.0.1:${gone.port}?tls=false`;
    await gone.close();

    const error = await KurrentDbEventStore.connect(url, {
      connectAttempts: 3,
      connectRetryDelayMs: 50,
      logger: { log: () => undefined, warn: () => undefined },
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as Error).message).toMatch(/^no KurrentDB server answers at kurrentdb:\/\/127\.0\.0\.1:\d+\?tls=false after 3 attempts: /);
    expect((error as Error).message).not.toContain('changeit');
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

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
