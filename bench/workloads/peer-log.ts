import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { BENCH_OCCURRED_AT } from '../ledger-fixture/load-synthetic-ledger';

/** Events a W5 page holds: the ledger's runner reads its log 500 at a time too. */
export const PAGE = 500;
/** Events a bulk load writes per transaction in the prepare phase (not measured). */
export const LOAD_CHUNK = 5000;

/** A peer's global log, read page by page in order through the peer's own read path. */
export interface LogPages {
  next(): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/** The envelope the provenance projections fold, from what a peer's log row holds. */
export function toRecorded(
  eventId: string,
  type: string,
  streamId: string,
  streamRevision: number,
  position: bigint,
  data: Record<string, unknown>,
  actorPartyId: string,
): RecordedEvent {
  return {
    eventId,
    type,
    streamId,
    streamRevision,
    position,
    recordedAt: BENCH_OCCURRED_AT,
    occurredAt: BENCH_OCCURRED_AT,
    actorPartyId,
    idempotencyKey: null,
    schemaVersion: 1,
    data,
    payloadSha256: '',
  };
}
