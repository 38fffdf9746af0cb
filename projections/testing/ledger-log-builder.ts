import { createHash } from 'node:crypto';
import { SCHEMA_VERSION, streams, type LedgerEvent, type LotTransformed } from '../../src/domain/events';
import type { RecordedEvent } from '../../src/event-store/event-store.port';

/**
 * Builds a global log the way the store would record it, for projection tests: positions 1, 2, 3…,
 * one second apart, and a transformation written once on every input and output stream.
 */
export class LedgerLogBuilder {
  readonly events: RecordedEvent[] = [];
  /** The same log as the atomic writes that made it, to replay into a real store. */
  readonly writes: { streamId: string; event: LedgerEvent; occurredAt: string; actorPartyId: string }[][] = [];
  private readonly revisions = new Map<string, number>();
  private clock: number;

  constructor(start = '2026-01-01T00:00:00.000Z') {
    this.clock = Date.parse(start);
  }

  /** Append one event to its stream; returns the position it got. Its business time defaults to the recording clock. */
  record(streamId: string, event: LedgerEvent, actorPartyId = 'system', occurredAt?: string): bigint {
    return this.append([{ streamId, event }], actorPartyId, occurredAt);
  }

  /** One atomic write of several events, as a multi-stream append. */
  append(writes: { streamId: string; event: LedgerEvent }[], actorPartyId = 'system', businessTime?: string): bigint {
    const occurredAt = businessTime ?? new Date(this.clock).toISOString();
    this.writes.push(writes.map((w) => ({ ...w, occurredAt, actorPartyId })));
    for (const { streamId, event } of writes) {
      const revision = (this.revisions.get(streamId) ?? -1) + 1;
      this.revisions.set(streamId, revision);
      const position = BigInt(this.events.length + 1);
      this.events.push({
        eventId: `evt-${position}`,
        type: event.type,
        streamId,
        streamRevision: revision,
        position,
        recordedAt: new Date(this.clock).toISOString(),
        occurredAt,
        actorPartyId,
        idempotencyKey: null,
        schemaVersion: SCHEMA_VERSION,
        data: event.data as unknown as Record<string, unknown>,
        payloadSha256: createHash('sha256').update(JSON.stringify(event.data)).digest('hex'),
      });
    }
    this.clock += 1000;
    return BigInt(this.events.length);
  }

  /** A transformation, on every input and output lot stream in one append. */
  transform(data: LotTransformed['data'], occurredAt?: string): bigint {
    const lotIds = [...new Set([...data.inputs.map((i) => i.lotId), ...data.outputs.map((o) => o.lotId)])];
    return this.append(lotIds.map((lotId) => ({ streamId: streams.lot(lotId), event: { type: 'LotTransformed', data } })), data.custodianId, occurredAt);
  }

  /** Moves business and record time on to an instant (a log spanning years, for per-year answers). */
  advanceTo(instant: string): void {
    this.clock = Math.max(this.clock, Date.parse(instant));
  }

  get head(): bigint {
    return BigInt(this.events.length);
  }

  /** The instant the event at a position was recorded. */
  recordedAtOf(position: bigint): string {
    return this.events[Number(position) - 1].recordedAt;
  }
}
