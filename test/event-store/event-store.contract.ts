import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store.errors';
import type {
  EventStore,
  NewEvent,
  Position,
  RecordedEvent,
  Subscription,
  SubscriptionMessage,
} from '../../src/event-store/event-store.port';
import { payloadSha256 } from '../../src/event-store/payload-hash';

export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

/**
 * The executable specification of the `EventStore` port. Every store runs it with its own factory.
 * A factory may hand back a store whose log already holds events (a shared server), so tests use
 * fresh stream ids and look at the log only after a position they observed themselves. For the
 * same reason they never write a ledger event type (`LotShipped` …) with a payload that is not
 * one: a ledger's projections share that log and would try to read it.
 */
export function eventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`${name} event store contract`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });

    afterEach(async () => {
      await cleanup();
    });

    describe('append and expected revisions', () => {
      it('appends to a new stream expecting no-stream, revisions from 0', async () => {
        const streamId = newStreamId();
        const events = [newEvent('Registered', { n: 1 }), newEvent('Shipped', { n: 2 })];

        const result = await store.append([{ streamId, expectedRevision: 'no-stream', events }]);

        expect(result.replayed).toBe(false);
        expect(result.eventIds).toEqual(events.map((e) => e.eventId));
        expect(result.revisions).toEqual({ [streamId]: 1 });
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => [e.eventId, e.streamRevision, e.type])).toEqual([
          [events[0].eventId, 0, 'Registered'],
          [events[1].eventId, 1, 'Shipped'],
        ]);
        expect(stored[1].position).toBe(result.position);
        expect(await store.streamRevision(streamId)).toBe(1);
      });

      it('appends when the exact revision matches', async () => {
        const streamId = newStreamId();
        await store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('A')] }]);

        const result = await store.append([{ streamId, expectedRevision: 0, events: [newEvent('B')] }]);

        expect(result.revisions).toEqual({ [streamId]: 1 });
        expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it("appends with 'any' to a new stream and to an existing one", async () => {
        const streamId = newStreamId();

        const first = await store.append([{ streamId, expectedRevision: 'any', events: [newEvent('A')] }]);
        const second = await store.append([{ streamId, expectedRevision: 'any', events: [newEvent('B')] }]);

        expect(first.revisions[streamId]).toBe(0);
        expect(second.revisions[streamId]).toBe(1);
        expect(second.position > first.position).toBe(true);
      });

      it("rejects 'no-stream' on an existing stream and stores nothing", async () => {
        const streamId = newStreamId();
        await store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('A')] }]);
        const head = await store.headPosition();

        const error = await rejectionOf(
          store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('B')] }]),
        );

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).streamId).toBe(streamId);
        expect((error as WrongExpectedRevisionError).actual).toBe(0);
        expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['A']);
        expect(await store.headPosition()).toBe(head);
      });

      it('rejects a stale exact revision and stores nothing', async () => {
        const streamId = newStreamId();
        await store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('A'), newEvent('B')] }]);
        const head = await store.headPosition();

        const error = await rejectionOf(store.append([{ streamId, expectedRevision: 0, events: [newEvent('C')] }]));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).expected).toBe(0);
        expect((error as WrongExpectedRevisionError).actual).toBe(1);
        expect(await store.streamRevision(streamId)).toBe(1);
        expect(await store.headPosition()).toBe(head);
      });

      it('rejects an exact revision on a stream that does not exist', async () => {
        const streamId = newStreamId();

        const error = await rejectionOf(store.append([{ streamId, expectedRevision: 0, events: [newEvent('A')] }]));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBeNull();
        expect(await store.streamRevision(streamId)).toBeNull();
      });
    });

    describe('multi-stream atomic append', () => {
      it('writes every stream in one append, in the given order', async () => {
        const input = newStreamId('lot');
        const output = newStreamId('lot');
        await store.append([{ streamId: input, expectedRevision: 'no-stream', events: [newEvent('Registered')] }]);
        const shared = { transformationId: randomUUID() };
        const onInput = newEvent('Transformed', shared);
        const onOutput = newEvent('Transformed', shared);

        const result = await store.append([
          { streamId: input, expectedRevision: 0, events: [onInput] },
          { streamId: output, expectedRevision: 'no-stream', events: [onOutput] },
        ]);

        expect(result.eventIds).toEqual([onInput.eventId, onOutput.eventId]);
        expect(result.revisions).toEqual({ [input]: 1, [output]: 0 });
        const [inputEvent] = await store.readStream(input, { fromRevision: 1 });
        const [outputEvent] = await store.readStream(output);
        expect(inputEvent.eventId).toBe(onInput.eventId);
        expect(outputEvent.eventId).toBe(onOutput.eventId);
        expect(inputEvent.position < outputEvent.position).toBe(true);
        expect(outputEvent.position).toBe(result.position);
      });

      it('stores nothing on any stream when the second write has a stale revision', async () => {
        const first = newStreamId();
        const second = newStreamId();
        await store.append([{ streamId: first, expectedRevision: 'no-stream', events: [newEvent('A')] }]);
        await store.append([{ streamId: second, expectedRevision: 'no-stream', events: [newEvent('A'), newEvent('B')] }]);
        const head = await store.headPosition();

        const error = await rejectionOf(
          store.append([
            { streamId: first, expectedRevision: 0, events: [newEvent('C'), newEvent('D')] },
            { streamId: second, expectedRevision: 0, events: [newEvent('C')] },
          ]),
        );

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).streamId).toBe(second);
        expect((await store.readStream(first)).map((e) => e.type)).toEqual(['A']);
        expect((await store.readStream(second)).map((e) => e.type)).toEqual(['A', 'B']);
        expect(await store.streamRevision(first)).toBe(0);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readAll({ after: head })).toEqual([]);
      });
    });

    describe('global log', () => {
      it('orders events of different streams by strictly increasing position', async () => {
        const before = await store.headPosition();
        const a = newStreamId();
        const b = newStreamId();
        const appended: string[] = [];
        for (const streamId of [a, b, a, b, a]) {
          const event = newEvent('Step');
          appended.push(event.eventId);
          await store.append([{ streamId, expectedRevision: 'any', events: [event] }]);
        }

        const log = (await store.readAll({ after: before })).filter((e) => e.streamId === a || e.streamId === b);

        expect(log.map((e) => e.eventId)).toEqual(appended);
        expectStrictlyIncreasing(log.map((e) => e.position));
        expect(log.map((e) => e.streamRevision)).toEqual([0, 0, 1, 1, 2]);
      });

      it('pages with after and limit without gaps or repeats', async () => {
        const before = await store.headPosition();
        const streamId = newStreamId();
        const events = Array.from({ length: 7 }, (_, i) => newEvent('Step', { i }));
        for (const event of events) await store.append([{ streamId, expectedRevision: 'any', events: [event] }]);
        const head = await store.headPosition();

        const paged: RecordedEvent[] = [];
        let after = before;
        for (;;) {
          const page = await store.readAll({ after, limit: 3 });
          expect(page.length).toBeLessThanOrEqual(3);
          if (page.length === 0) break;
          paged.push(...page);
          after = page[page.length - 1].position;
          if (after === head) break;
        }
        const whole = await store.readAll({ after: before, limit: 1000 });

        expect(paged.map((e) => e.eventId)).toEqual(whole.map((e) => e.eventId));
        expectStrictlyIncreasing(paged.map((e) => e.position));
        expect(paged.filter((e) => e.streamId === streamId).map((e) => e.eventId)).toEqual(
          events.map((e) => e.eventId),
        );
        expect(paged.every((e) => before === null || e.position > before)).toBe(true);
      });

      it('returns only events strictly after the given position', async () => {
        const streamId = newStreamId();
        const result = await store.append([
          { streamId, expectedRevision: 'no-stream', events: [newEvent('A'), newEvent('B'), newEvent('C')] },
        ]);
        const [first] = await store.readStream(streamId);

        const after = await store.readAll({ after: first.position, limit: 2 });

        expect(after.map((e) => e.type)).toEqual(['B', 'C']);
        expect(after[1].position).toBe(result.position);
        expect(await store.readAll({ after: result.position, limit: 1 })).toEqual([]);
      });

      it('reports the head position as the position of the last event appended', async () => {
        const streamId = newStreamId();
        await store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('A')] }]);
        const result = await store.append([{ streamId, expectedRevision: 0, events: [newEvent('B'), newEvent('C')] }]);

        expect(await store.headPosition()).toBe(result.position);
      });
    });

    describe('reading streams', () => {
      it('reads from a revision with a limit', async () => {
        const streamId = newStreamId();
        await store.append([
          {
            streamId,
            expectedRevision: 'no-stream',
            events: ['A', 'B', 'C', 'D', 'E'].map((type) => newEvent(type)),
          },
        ]);

        expect((await store.readStream(streamId, { fromRevision: 2 })).map((e) => e.type)).toEqual(['C', 'D', 'E']);
        expect((await store.readStream(streamId, { limit: 2 })).map((e) => e.type)).toEqual(['A', 'B']);
        expect((await store.readStream(streamId, { fromRevision: 1, limit: 3 })).map((e) => e.streamRevision)).toEqual(
          [1, 2, 3],
        );
        expect(await store.readStream(streamId, { fromRevision: 5 })).toEqual([]);
      });

      it('reads an unknown stream as empty with no revision', async () => {
        const streamId = newStreamId();

        expect(await store.readStream(streamId)).toEqual([]);
        expect(await store.streamRevision(streamId)).toBeNull();
      });

      it('keeps streams apart', async () => {
        const a = newStreamId();
        const b = newStreamId();
        await store.append([{ streamId: a, expectedRevision: 'no-stream', events: [newEvent('A')] }]);
        await store.append([{ streamId: b, expectedRevision: 'no-stream', events: [newEvent('B1'), newEvent('B2')] }]);

        expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A']);
        expect(await store.streamRevision(b)).toBe(1);
      });
    });

    describe('envelope', () => {
      it('records every envelope field, the payload and its hash', async () => {
        const streamId = newStreamId();
        const data = {
          lotId: 'LOT-ü-钴-🪨',
          massGrams: 9_007_199_254_740_991,
          composition: { cobalt: 12_000, nickel: 0 },
          nested: { list: [1, 'two', { three: [true, null] }], empty: {}, quote: 'a "b" \\ c\n' },
        };
        const event: NewEvent = {
          eventId: randomUUID(),
          type: 'Registered',
          data,
          metadata: {
            occurredAt: '2026-03-01T08:30:00.000+02:00',
            actorPartyId: 'party-7',
            idempotencyKey: 'key-42',
            schemaVersion: 3,
          },
        };
        const earliest = Date.now();
        const before = await store.headPosition();

        const result = await store.append([{ streamId, expectedRevision: 'no-stream', events: [event] }]);
        const [recorded] = await store.readStream(streamId);
        const [fromLog] = (await store.readAll({ after: before })).filter(
          (e) => e.eventId === event.eventId,
        );

        expect(recorded).toEqual({
          eventId: event.eventId,
          type: 'Registered',
          streamId,
          streamRevision: 0,
          position: result.position,
          recordedAt: expect.any(String),
          occurredAt: '2026-03-01T08:30:00.000+02:00',
          actorPartyId: 'party-7',
          idempotencyKey: 'key-42',
          schemaVersion: 3,
          data,
          payloadSha256: payloadSha256(data),
        });
        expect(typeof recorded.position).toBe('bigint');
        expect(recorded.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        const recordedAt = Date.parse(recorded.recordedAt);
        expect(Math.abs(recordedAt - earliest)).toBeLessThan(60_000);
        expect(fromLog).toEqual(recorded);
      });

      it('records a missing idempotency key in the metadata as null', async () => {
        const streamId = newStreamId();
        const event = newEvent('A');
        delete event.metadata.idempotencyKey;

        await store.append([{ streamId, expectedRevision: 'no-stream', events: [event] }]);

        expect((await store.readStream(streamId))[0].idempotencyKey).toBeNull();
      });
    });

    describe('idempotency', () => {
      it('replays a write with the same key and request hash without storing anything', async () => {
        const streamId = newStreamId();
        const key = `party-1:${randomUUID()}`;
        const original = await store.append(
          [{ streamId, expectedRevision: 'no-stream', events: [newEvent('A'), newEvent('B')] }],
          { idempotencyKey: key, requestHash: 'hash-1' },
        );
        const head = await store.headPosition();

        // A retry decides again, so it carries fresh event ids and a now-stale expectation.
        const replay = await store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('A')] }], {
          idempotencyKey: key,
          requestHash: 'hash-1',
        });

        expect(original.replayed).toBe(false);
        expect(replay).toEqual({ ...original, replayed: true });
        expect(await store.headPosition()).toBe(head);
        expect(await store.streamRevision(streamId)).toBe(1);
      });

      it('rejects a key reused with another request hash and stores nothing', async () => {
        const streamId = newStreamId();
        const key = `party-1:${randomUUID()}`;
        await store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('A')] }], {
          idempotencyKey: key,
          requestHash: 'hash-1',
        });
        const head = await store.headPosition();

        const error = await rejectionOf(
          store.append([{ streamId: newStreamId(), expectedRevision: 'no-stream', events: [newEvent('B')] }], {
            idempotencyKey: key,
            requestHash: 'hash-2',
          }),
        );

        expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
        expect((error as IdempotencyKeyReusedError).idempotencyKey).toBe(key);
        expect(await store.headPosition()).toBe(head);
      });

      it('finds the stored result of a key, and null for an unknown key', async () => {
        const streamId = newStreamId();
        const key = `party-1:${randomUUID()}`;
        const original = await store.append(
          [{ streamId, expectedRevision: 'no-stream', events: [newEvent('A')] }],
          { idempotencyKey: key, requestHash: 'hash-1' },
        );

        const found = await store.findIdempotentResult(key);

        expect(found?.requestHash).toBe('hash-1');
        expect(found?.result.eventIds).toEqual(original.eventIds);
        expect(found?.result.position).toBe(original.position);
        expect(found?.result.revisions).toEqual(original.revisions);
        expect(await store.findIdempotentResult(`party-1:${randomUUID()}`)).toBeNull();
      });

      it('does not keep the key of a rejected write', async () => {
        const streamId = newStreamId();
        const key = `party-1:${randomUUID()}`;
        await store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('A')] }]);

        await expect(
          store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('B')] }], {
            idempotencyKey: key,
            requestHash: 'hash-1',
          }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);

        expect(await store.findIdempotentResult(key)).toBeNull();
      });

      it('answers an append whose event ids are all stored as a replay and stores nothing', async () => {
        const a = newStreamId();
        const b = newStreamId();
        const onA = [newEvent('A1'), newEvent('A2')];
        const onB = [newEvent('B1')];
        const writes = [
          { streamId: a, expectedRevision: 'no-stream' as const, events: onA },
          { streamId: b, expectedRevision: 'no-stream' as const, events: onB },
        ];
        const original = await store.append(writes);
        const head = await store.headPosition();

        const replay = await store.append(writes);

        expect(replay.replayed).toBe(true);
        expect(replay.eventIds).toEqual(original.eventIds);
        expect(replay.position).toBe(original.position);
        expect(replay.revisions).toEqual(original.revisions);
        expect(await store.headPosition()).toBe(head);
        expect((await store.readStream(a)).length).toBe(2);
      });

      it('rejects an append where some but not all event ids are stored, storing nothing', async () => {
        const streamId = newStreamId();
        const stored = newEvent('A');
        await store.append([{ streamId, expectedRevision: 'no-stream', events: [stored] }]);
        const head = await store.headPosition();
        const fresh = newEvent('B');

        const error = await rejectionOf(
          store.append([{ streamId, expectedRevision: 'any', events: [stored, fresh] }]),
        );

        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect((error as DuplicateEventIdError).eventId).toBe(stored.eventId);
        expect(await store.headPosition()).toBe(head);
        expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual([stored.eventId]);
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of 50 concurrent appends expecting the same revision win', async () => {
        const streamId = newStreamId();
        await store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('Created')] }]);

        const settled = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) =>
            store.append([{ streamId, expectedRevision: 0, events: [newEvent('Racer', { i })] }]),
          ),
        );

        const won = settled.filter((s) => s.status === 'fulfilled');
        const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(49);
        expect(lost.every((s) => s.reason instanceof WrongExpectedRevisionError)).toBe(true);
        expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['Created', 'Racer']);
      });

      it('commits concurrent appends to different streams at distinct positions', async () => {
        const streams = Array.from({ length: 30 }, () => newStreamId());

        const results = await Promise.all(
          streams.map((streamId) => store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('A')] }])),
        );

        const positions = results.map((r) => r.position);
        expect(new Set(positions.map(String)).size).toBe(30);
        for (const [i, streamId] of streams.entries()) {
          const [event] = await store.readStream(streamId);
          expect(event.position).toBe(results[i].position);
        }
      });
    });

    describe('subscribeToAll', () => {
      let subscription: Subscription | undefined;

      afterEach(async () => {
        await subscription?.close();
        subscription = undefined;
      });

      it('delivers history after the position in order, then caught-up, then live events', async () => {
        const streamId = newStreamId();
        const history = [newEvent('H1'), newEvent('H2'), newEvent('H3')];
        await store.append([{ streamId, expectedRevision: 'no-stream', events: history }]);
        const [h1] = await store.readStream(streamId);
        const messages: SubscriptionMessage[] = [];

        subscription = store.subscribeToAll({ after: h1.position, onMessage: (m) => void messages.push(m) });
        await waitFor(() => messages.some((m) => m.kind === 'caught-up'));
        const live = newEvent('Live');
        await store.append([{ streamId, expectedRevision: 2, events: [live] }]);
        await waitFor(() => eventsOf(messages).some((e) => e.eventId === live.eventId));

        const caughtUpAt = messages.findIndex((m) => m.kind === 'caught-up');
        const delivered = eventsOf(messages);
        expectStrictlyIncreasing(delivered.map((e) => e.position));
        expect(delivered.every((e) => e.position > h1.position)).toBe(true);
        const ours = messages.flatMap((m, index) =>
          m.kind === 'event' && m.event.streamId === streamId ? [{ index, type: m.event.type }] : [],
        );
        expect(ours.map((o) => o.type)).toEqual(['H2', 'H3', 'Live']);
        expect(ours[1].index).toBeLessThan(caughtUpAt);
        expect(ours[2].index).toBeGreaterThan(caughtUpAt);
        const caughtUp = messages[caughtUpAt] as Extract<SubscriptionMessage, { kind: 'caught-up' }>;
        expect(caughtUp.position).not.toBeNull();
        expect((caughtUp.position as Position) >= (await store.readStream(streamId))[2].position).toBe(true);
        expect(messages.filter((m) => m.kind === 'caught-up')).toHaveLength(1);
      });

      it('awaits each message before delivering the next', async () => {
        const streamId = newStreamId();
        const before = await store.headPosition();
        await store.append([
          { streamId, expectedRevision: 'no-stream', events: Array.from({ length: 5 }, () => newEvent('Slow')) },
        ]);
        let inFlight = 0;
        let mostInFlight = 0;
        const handled: string[] = [];

        subscription = store.subscribeToAll({
          after: before,
          onMessage: async (m) => {
            inFlight++;
            mostInFlight = Math.max(mostInFlight, inFlight);
            await sleep(10);
            if (m.kind === 'event' && m.event.streamId === streamId) handled.push(m.event.eventId);
            inFlight--;
          },
        });
        await store.append([{ streamId, expectedRevision: 4, events: [newEvent('Slow')] }]);
        await waitFor(() => handled.length === 6);

        expect(mostInFlight).toBe(1);
        expect(handled).toEqual((await store.readStream(streamId)).map((e) => e.eventId));
      });

      it('stops delivering once closed', async () => {
        const streamId = newStreamId();
        const before = await store.headPosition();
        const messages: SubscriptionMessage[] = [];
        subscription = store.subscribeToAll({ after: before, onMessage: (m) => void messages.push(m) });
        await store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('Seen')] }]);
        await waitFor(() => eventsOf(messages).some((e) => e.streamId === streamId));

        await subscription.close();
        await store.append([{ streamId, expectedRevision: 0, events: [newEvent('Unseen')] }]);
        await sleep(300);

        expect(eventsOf(messages).filter((e) => e.streamId === streamId).map((e) => e.type)).toEqual(['Seen']);
      });

      it('ends the subscription and reports the error when the handler throws', async () => {
        const streamId = newStreamId();
        const before = await store.headPosition();
        await store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('A'), newEvent('B')] }]);
        const failure = new Error('projection broke');
        const errors: Error[] = [];
        let calls = 0;

        subscription = store.subscribeToAll({
          after: before,
          onMessage: () => {
            calls++;
            throw failure;
          },
          onError: (error) => errors.push(error),
        });
        await waitFor(() => errors.length > 0);
        await sleep(100);

        expect(errors).toEqual([failure]);
        expect(calls).toBe(1);
      });
    });
  });
}

function newStreamId(kind = 'test'): string {
  return `${kind}-${randomUUID()}`;
}

function newEvent(type: string, data: Record<string, unknown> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      occurredAt: '2026-01-15T10:00:00.000Z',
      actorPartyId: 'party-1',
      idempotencyKey: null,
      schemaVersion: 1,
    },
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

function expectStrictlyIncreasing(positions: Position[]): void {
  for (let i = 1; i < positions.length; i++) {
    if (!(positions[i] > positions[i - 1])) {
      throw new Error(`positions not strictly increasing at ${i}: ${positions.join(', ')}`);
    }
  }
}

function eventsOf(messages: SubscriptionMessage[]): RecordedEvent[] {
  return messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
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
