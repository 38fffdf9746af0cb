import { randomUUID } from 'node:crypto';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';
import { EventStoreUnavailableError } from '../../src/event-store/event-store.errors';
import type { StoreLogger } from '../../src/event-store/kurrentdb/kurrentdb-connection-watch';
import { KurrentDbStandIn } from '../kurrentdb-stand-in/kurrentdb-stand-in';

/* Issue 15: "KurrentDB going away and coming back is logged": one line each way, not one per retry. */

describe('KurrentDB going away and coming back, as the operator reads it', () => {
  it('logs one warning when the server stops answering and one line when it answers again', async () => {
    const standIn = await KurrentDbStandIn.start();
    const lines: { level: 'log' | 'warn'; message: string }[] = [];
    const logger: StoreLogger = {
      log: (message) => lines.push({ level: 'log', message }),
      warn: (message) => lines.push({ level: 'warn', message }),
    };
    const store = await KurrentDbEventStore.connect(`${standIn.connectionString}&discoveryInterval=10`, { logger });
    try {
      const streamId = `lot-${randomUUID()}`;
      await store.append([{ streamId, expectedRevision: 'no-stream', events: [{ eventId: randomUUID(), type: 'LotExtracted', data: { lotId: streamId }, metadata: { occurredAt: '2026-01-15T10:00:00.000Z', actorPartyId: 'party-1', idempotencyKey: null, schemaVersion: 1 } }] }]);
      expect(lines).toEqual([]);

      // Several calls fail while it is away (each retried for a few seconds): still one warning.
      await standIn.close();
      await expect(store.readStream(streamId)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect(lines).toEqual([{ level: 'warn', message: expect.stringMatching(/^KurrentDB at kurrentdb:\/\/127\.0\.0\.1:\d+\?tls=false.* stopped answering \(.+\); retrying$/) }]);

      // Served again on the same port (a restarted node): the first read succeeds and says so, once.
      await standIn.dropAllConnections(0);
      await store.readStream(streamId);
      await store.readStream(streamId);
      expect(lines).toEqual([lines[0], { level: 'log', message: expect.stringMatching(/^KurrentDB at .+ answers again, after \d+\.\d s$/) }]);
    } finally {
      await store.close();
      await standIn.close();
    }
  }, 30_000);
});
