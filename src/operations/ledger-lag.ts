import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type Position } from '../event-store/event-store.port';
import { IntegrityProjector } from '../integrity/integrity-projector';
import { ProvenanceService } from '../use-cases/read-provenance/provenance-service';

/** Events counted past a follower's position at most: beyond it the lag is "at least this". */
export const LAG_COUNT_CAP = 5_000;

export interface FollowerLag {
  /** Events of the log the follower has not folded yet (at most LAG_COUNT_CAP). */
  events: number;
  /** How long the oldest of them has waited, in seconds (0 when none). */
  seconds: number;
}

export interface LedgerLag {
  /** Position of the last stored event, null for an empty ledger. */
  head: Position | null;
  projections: FollowerLag;
  merkle: FollowerLag;
}

/**
 * How far the followers (the provenance projections and the Merkle log) are behind the log, counted
 * in events read after each one's position, so it means the same on either store (KurrentDB
 * positions do not count events).
 */
@Injectable()
export class LedgerLagProbe {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly provenance: ProvenanceService,
    @Inject(IntegrityProjector) private readonly integrity: IntegrityProjector,
  ) {}

  /** `countUpTo` bounds the events read per follower: 1 is enough for the age of the oldest (readiness). */
  async measure(countUpTo: number = LAG_COUNT_CAP, now: Date = new Date()): Promise<LedgerLag> {
    const [head, projections, merkle] = await Promise.all([
      this.store.headPosition(),
      this.lagAfter(this.provenance.position(), countUpTo, now),
      this.lagAfter(this.integrity.position(), countUpTo, now),
    ]);
    return { head, projections, merkle };
  }

  private async lagAfter(position: Position | null, countUpTo: number, now: Date): Promise<FollowerLag> {
    const behind = await this.store.readAll({ after: position, limit: countUpTo });
    if (behind.length === 0) return { events: 0, seconds: 0 };
    return { events: behind.length, seconds: Math.max(0, (now.getTime() - Date.parse(behind[0].recordedAt)) / 1000) };
  }
}
