import { Controller, Query } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { assertCanReadLot } from '../../access/lot-read-access';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { LotNotFound } from '../../domain/errors';
import { toEnvelopeJson, type EventEnvelopeJson } from '../../event-store/event-envelope';
import { PositionQuery } from '../../http/fields/query-fields';
import { ReadRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { EventEnvelopeAnswer } from '../read-ledger/event-envelope.answer';
import { lotView, LotStateAnswer } from './lot-state.answer';

/** Lot reads fold the lot's own stream, so they are always current: `minPosition` never waits here. */
export class LotReadQuery {
  @PositionQuery('accepted as on every read; a lot read is always current, so it never waits')
  minPosition?: bigint;
}

export class LotEventsAnswer {
  @ApiProperty({ example: 'AU-SPOD-1' })
  lotId: string;

  @ApiProperty({ description: "the lot's events in stream order", type: [EventEnvelopeAnswer] })
  events: EventEnvelopeJson[];
}

/** The brief's readers: auditors and regulators, and parties that hold or held the lot. */
@ApiTags('lots')
@Controller('v1')
export class ReadLotRoute {
  constructor(private readonly reader: LedgerStateReader) {}

  @ReadRoute({ path: 'lots/:lotId', problems: [403], summary: 'current state of a lot: custodian, status, remaining mass and composition, open flags', answer: { type: LotStateAnswer } })
  async readLot(@PathId('lotId') lotId: string, @CurrentActor() actor: Actor, @Query() _query: LotReadQuery): Promise<LotStateAnswer> {
    const { state, position } = await this.reader.lot(lotId);
    if (!state.exists) throw new LotNotFound(lotId);
    assertCanReadLot(actor, state);
    return lotView(state, position);
  }

  @ReadRoute({ path: 'lots/:lotId/events', problems: [403], summary: "the lot's own history, every event with its envelope", answer: { type: LotEventsAnswer } })
  async readLotEvents(@PathId('lotId') lotId: string, @CurrentActor() actor: Actor, @Query() _query: LotReadQuery): Promise<LotEventsAnswer> {
    const { lot, events } = await this.reader.lotWithEvents(lotId);
    if (!lot.state.exists) throw new LotNotFound(lotId);
    assertCanReadLot(actor, lot.state);
    return { lotId, events: events.map(toEnvelopeJson) };
  }
}
