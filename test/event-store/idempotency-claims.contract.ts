import { randomUUID } from 'node:crypto';
import { IdempotencyKeysStoredError, WrongExpectedRevisionError } from '../../src/event-store/event-store.errors';
import type { EventStore, NewEvent } from '../../src/event-store/event-store.port';
import type { EventStoreFactory } from './event-store.contract';

/**
 * The port's idempotency claims (`AppendOptions.idempotencyClaims`): several keys stored with one
 * append, each for part of its events, all or none. Every store that serves EPCIS capture runs it
 * beside `eventStoreContract`.
 */
export function idempotencyClaimsContract(name: string, factory: EventStoreFactory): void {
  describe(`${name} idempotency claims`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });

    afterEach(async () => {
      await cleanup();
    });

    it('stores every claimed key with the events, each with the result of its own events', async () => {
      const a = newStreamId();
      const b = newStreamId();
      const onA = [newEvent('A1'), newEvent('A2')];
      const onB = [newEvent('B1')];
      const [first, second] = [`p:${randomUUID()}`, `p:${randomUUID()}`];

      const result = await store.append(
        [
          { streamId: a, expectedRevision: 'no-stream', events: onA },
          { streamId: b, expectedRevision: 'no-stream', events: onB },
        ],
        {
          idempotencyClaims: [
            { key: first, requestHash: 'h1', eventIds: [onA[0].eventId] },
            { key: second, requestHash: 'h2', eventIds: [onA[1].eventId, onB[0].eventId] },
          ],
        },
      );

      const [storedA1, storedA2] = await store.readStream(a);
      const [storedB1] = await store.readStream(b);
      expect(result.replayed).toBe(false);
      const one = await store.findIdempotentResult(first);
      expect(one?.requestHash).toBe('h1');
      expect(one?.result).toMatchObject({ eventIds: [onA[0].eventId], position: storedA1.position, revisions: { [a]: 0 } });
      const two = await store.findIdempotentResult(second);
      expect(two?.requestHash).toBe('h2');
      expect(two?.result).toMatchObject({
        eventIds: [onA[1].eventId, onB[0].eventId],
        position: storedB1.position,
        revisions: { [a]: 1, [b]: 0 },
      });
      expect(storedA2.eventId).toBe(onA[1].eventId);
    });

    it('stores nothing and names every key already stored when some claimed keys are taken', async () => {
      const taken = [`p:${randomUUID()}`, `p:${randomUUID()}`];
      const fresh = `p:${randomUUID()}`;
      const earlier = [newEvent('E1'), newEvent('E2')];
      await store.append([{ streamId: newStreamId(), expectedRevision: 'no-stream', events: earlier }], {
        idempotencyClaims: taken.map((key, i) => ({ key, requestHash: 'h', eventIds: [earlier[i].eventId] })),
      });
      const head = await store.headPosition();
      const streamId = newStreamId();
      const events = [newEvent('N1'), newEvent('N2'), newEvent('N3')];

      const error = await rejectionOf(
        store.append([{ streamId, expectedRevision: 'no-stream', events }], {
          idempotencyClaims: [
            { key: taken[0], requestHash: 'h', eventIds: [events[0].eventId] },
            { key: fresh, requestHash: 'h', eventIds: [events[1].eventId] },
            { key: taken[1], requestHash: 'h', eventIds: [events[2].eventId] },
          ],
        }),
      );

      expect(error).toBeInstanceOf(IdempotencyKeysStoredError);
      expect([...(error as IdempotencyKeysStoredError).idempotencyKeys].sort()).toEqual([...taken].sort());
      expect(await store.headPosition()).toBe(head);
      expect(await store.readStream(streamId)).toEqual([]);
      expect(await store.findIdempotentResult(fresh)).toBeNull();
    });

    it('keeps no claimed key of an append refused for a stale revision', async () => {
      const streamId = newStreamId();
      await store.append([{ streamId, expectedRevision: 'no-stream', events: [newEvent('A')] }]);
      const key = `p:${randomUUID()}`;
      const event = newEvent('B');

      const error = await rejectionOf(
        store.append([{ streamId, expectedRevision: 'no-stream', events: [event] }], {
          idempotencyClaims: [{ key, requestHash: 'h', eventIds: [event.eventId] }],
        }),
      );

      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.findIdempotentResult(key)).toBeNull();
    });

    it('lets exactly one of two concurrent appends claiming the same key store its events', async () => {
      const key = `p:${randomUUID()}`;
      const streams = [newStreamId(), newStreamId()];
      const racers = streams.map((streamId) => {
        const event = newEvent('Racer');
        return store.append([{ streamId, expectedRevision: 'no-stream', events: [event] }], {
          idempotencyClaims: [{ key, requestHash: 'h', eventIds: [event.eventId] }],
        });
      });

      const settled = await Promise.allSettled(racers);

      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      const lost = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(IdempotencyKeysStoredError);
      const stored = await Promise.all(streams.map((streamId) => store.readStream(streamId)));
      expect(stored.flat()).toHaveLength(1);
    });

    it('refuses a claim of an event the append does not hold', async () => {
      const event = newEvent('A');
      await expect(
        store.append([{ streamId: newStreamId(), expectedRevision: 'no-stream', events: [event] }], {
          idempotencyClaims: [{ key: `p:${randomUUID()}`, requestHash: 'h', eventIds: [randomUUID()] }],
        }),
      ).rejects.toThrow(TypeError);
    });
  });
}

function newStreamId(): string {
  return `claims-${randomUUID()}`;
}

function newEvent(type: string): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data: {},
    metadata: { occurredAt: '2026-01-15T10:00:00.000Z', actorPartyId: 'party-1', idempotencyKey: null, schemaVersion: 1 },
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
