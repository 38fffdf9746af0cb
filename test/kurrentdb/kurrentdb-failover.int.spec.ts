import { randomUUID } from 'node:crypto';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';
import type { NewEvent, RecordedEvent } from '../../src/event-store/event-store.port';
import { KurrentDbStandInCluster } from '../kurrentdb-stand-in/kurrentdb-stand-in-cluster';

/**
 * A three-node cluster whose leader moves twice while 64 writers append. Each move happens the
 * way a failing leader goes: it commits a few appends and loses their answers, then another node
 * leads, and the old one answers the appends still coming to it with NotLeader. The moves are
 * triggered by counts, never by time, so the test does the same on an idle or a loaded machine.
 */
const WRITERS = 64;
const APPENDS_PER_WRITER = 6;
const LOST_PER_MOVE = 4;

describe('KurrentDB store on a three-node cluster whose leader moves', () => {
  it('keeps every acknowledged write exactly once while the leader moves twice under 64 writers', async () => {
    const cluster = await KurrentDbStandInCluster.start(3);
    const silent = { log: () => undefined, warn: () => undefined };
    const store = await KurrentDbEventStore.connect(`${cluster.connectionString}&discoveryInterval=10`, { logger: silent });
    const acknowledged = new Map<string, string[]>();
    const failures: unknown[] = [];
    let acks = 0;
    let moves = 0;
    // A move starts once a third, and again once two thirds, of the appends are acknowledged.
    const maybeMove = () => {
      const total = WRITERS * APPENDS_PER_WRITER;
      if ((moves === 0 && acks >= total / 3) || (moves === 1 && acks >= (2 * total) / 3)) {
        const next = (moves + 1) % 3;
        moves++;
        cluster.leader.loseAnswersOfNextAppends(LOST_PER_MOVE, () => cluster.moveLeader(next));
      }
    };
    const writer = async (streamId: string) => {
      const ids: string[] = [];
      acknowledged.set(streamId, ids);
      for (let i = 0; i < APPENDS_PER_WRITER; i++) {
        // Every other append writes two events: both must come through, or neither.
        const events = i % 2 === 0 ? [event(i)] : [event(i), event(i)];
        try {
          await store.append([{ streamId, expectedRevision: ids.length === 0 ? 'no-stream' : ids.length - 1, events }]);
        } catch (error) {
          failures.push(error);
          return;
        }
        ids.push(...events.map((e) => e.eventId));
        acks++;
        maybeMove();
      }
    };
    try {
      await Promise.all(Array.from({ length: WRITERS }, () => writer(`lot-${randomUUID()}`)));

      expect(failures).toEqual([]);
      expect(cluster.lostAnswers).toBe(2 * LOST_PER_MOVE);
      expect(cluster.notLeaderAnswers).toBeGreaterThan(0);
      expect(cluster.nodes.indexOf(cluster.leader)).toBe(2);
      for (const [streamId, ids] of acknowledged) {
        expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual(ids);
      }
      const log = await readWholeLog(store);
      const everyAcknowledged = [...acknowledged.values()].flat();
      const seen = new Map<string, number>();
      for (const recorded of log) seen.set(recorded.eventId, (seen.get(recorded.eventId) ?? 0) + 1);
      expect(everyAcknowledged.filter((id) => seen.get(id) !== 1)).toEqual([]);
      expect(log).toHaveLength(everyAcknowledged.length);
    } finally {
      await store.close();
      await cluster.close();
    }
  }, 120_000);
});

function event(i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'LotShipped',
    data: { i },
    metadata: { occurredAt: '2026-01-15T10:00:00.000Z', actorPartyId: 'party-1', idempotencyKey: null, schemaVersion: 1 },
  };
}

async function readWholeLog(store: KurrentDbEventStore): Promise<RecordedEvent[]> {
  const log: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: log.length === 0 ? null : log[log.length - 1].position, limit: 500 });
    if (page.length === 0) return log;
    log.push(...page);
  }
}
