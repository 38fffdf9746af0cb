import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { INITIAL_ANNEX_AMENDMENT } from '../domain/annex';
import { SCHEMA_VERSION, streams } from '../domain/events';
import { WrongExpectedRevisionError } from '../event-store/event-store.errors';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';

/**
 * The Annex is data in the log, so a new ledger starts by recording the Annex as signed.
 * Two instances starting at once race on 'no-stream' and exactly one records it.
 */
@Injectable()
export class AnnexSeed implements OnApplicationBootstrap {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.store.streamRevision(streams.annex)) !== null) return;
    try {
      await this.store.append([
        {
          streamId: streams.annex,
          expectedRevision: 'no-stream',
          events: [
            {
              eventId: randomUUID(),
              type: INITIAL_ANNEX_AMENDMENT.type,
              data: { ...INITIAL_ANNEX_AMENDMENT.data },
              metadata: {
                occurredAt: INITIAL_ANNEX_AMENDMENT.data.effectiveFrom,
                actorPartyId: 'system',
                idempotencyKey: null,
                schemaVersion: SCHEMA_VERSION,
              },
            },
          ],
        },
      ]);
      Logger.log('recorded the Annex as signed on 2023-03-28', 'Annex');
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}
