import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/commands';
import { SCHEMA_VERSION, streams, type LedgerEvent } from '../domain/events';
import { IdempotencyKeyReusedError, WrongExpectedRevisionError } from '../event-store/event-store.errors';
import {
  EVENT_STORE,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type StreamWrite,
} from '../event-store/event-store.port';
import { LedgerStateReader } from './ledger-state.reader';

/** What a command asks to be written (planned by the use-case runner): decided events per stream, at the revision it read. */
export interface PlannedWrite {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: LedgerEvent[];
}

export interface WriteRequest {
  actor: Actor;
  /** Business time of the command (registration commands use the server clock). */
  occurredAt: string;
  /** The Idempotency-Key header, when the caller sent one. */
  idempotencyKey?: string;
  /** SHA-256 of the request (method, path, canonical body): a reused key must bring the same request. */
  requestHash?: string;
}

export interface WriteOutcome {
  eventIds: string[];
  position: string;
  replayed: boolean;
}

const LOT_STREAM_PREFIX = streams.lot('');

/** How many times a command is decided again after losing a race on one of its streams. */
const ATTEMPTS = 3;

/**
 * Runs the load → decide → append cycle of one command under optimistic concurrency: a lost race
 * decides again on fresh state (so the loser gets the domain's answer, e.g. "lot in transit"),
 * and an Idempotency-Key seen before answers with the first result and stores nothing.
 */
@Injectable()
export class LedgerWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reader: LedgerStateReader,
  ) {}

  async write(request: WriteRequest, plan: () => Promise<PlannedWrite[]>): Promise<WriteOutcome> {
    const scopedKey = request.idempotencyKey ? `${request.actor.partyId}:${request.idempotencyKey}` : undefined;
    // No look-up of the key up front: the store checks it first inside the append, and a retry
    // whose decision now fails (the first attempt changed the state) is answered below.
    for (let attempt = 1; ; attempt++) {
      let planned: PlannedWrite[];
      try {
        planned = await plan();
      } catch (error) {
        // A retry, or a twin request with the same key that won first: the stored result is the
        // answer, not the rule its effects now make us break.
        const earlier = scopedKey ? await this.replay(scopedKey, request.requestHash) : null;
        if (earlier) return earlier;
        throw error;
      }
      try {
        const result = await this.store.append(this.toStreamWrites(planned, request, scopedKey), {
          idempotencyKey: scopedKey,
          requestHash: request.requestHash,
        });
        if (!result.replayed) this.recordLotAppends(planned, request.occurredAt, result);
        return outcome(result);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (scopedKey) {
          const earlier = await this.replay(scopedKey, request.requestHash);
          if (earlier) return earlier;
        }
        if (attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /** Keeps the reader's lot states in step with what was just appended (see `recordLotAppend`). */
  private recordLotAppends(planned: PlannedWrite[], occurredAt: string, result: AppendResult): void {
    for (const write of planned) {
      if (!write.streamId.startsWith(LOT_STREAM_PREFIX)) continue;
      this.reader.recordLotAppend(write.streamId.slice(LOT_STREAM_PREFIX.length), {
        expectedRevision: write.expectedRevision,
        events: write.events,
        occurredAt,
        revision: result.revisions[write.streamId],
        // The append's position is its last event's: that of this stream only when it is the only one.
        position: planned.length === 1 ? result.position : null,
      });
    }
  }

  private async replay(scopedKey: string, requestHash: string | undefined): Promise<WriteOutcome | null> {
    const earlier = await this.store.findIdempotentResult(scopedKey);
    if (!earlier) return null;
    if (earlier.requestHash !== (requestHash ?? '')) throw new IdempotencyKeyReusedError(scopedKey);
    return { ...outcome(earlier.result), replayed: true };
  }

  private toStreamWrites(planned: PlannedWrite[], request: WriteRequest, scopedKey: string | undefined): StreamWrite[] {
    return planned.map((write) => ({
      streamId: write.streamId,
      expectedRevision: write.expectedRevision,
      events: write.events.map((event) => ({
        eventId: randomUUID(),
        type: event.type,
        data: event.data as unknown as Record<string, unknown>,
        metadata: {
          occurredAt: request.occurredAt,
          actorPartyId: request.actor.partyId,
          idempotencyKey: scopedKey ?? null,
          schemaVersion: SCHEMA_VERSION,
        },
      })),
    }));
  }
}

function outcome(result: AppendResult): WriteOutcome {
  return { eventIds: result.eventIds, position: result.position.toString(), replayed: result.replayed };
}

/** Expected revision for a stream read at `revision` (null: the stream did not exist). */
export function expectedAt(revision: number | null): ExpectedRevision {
  return revision === null ? 'no-stream' : revision;
}
