import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, RecordLotOrigin } from '../../domain/commands';
import { FEEDSTOCKS, LOT_FORMS } from '../../domain/events';
import { parseComposition, parseKg } from '../../domain/mass';
import { CompositionField, EnumField, IdField, MassKgField, NestedField, TimeField } from '../../http/fields/body-fields';
import { WriteRoute } from '../../http/openapi/routes';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

const ORIGIN_TYPES = ['extraction', 'recycling'] as const;

class OriginBody {
  @EnumField(ORIGIN_TYPES, 'OriginType', { description: 'extraction at a mine or concentrator (producer), or recovery at a recycler (recycler)', example: 'extraction' })
  type: (typeof ORIGIN_TYPES)[number];

  @IdField({ description: 'the mine (extraction) or recycler (recycling) facility, operated by the caller', example: 'au-greenbushes-mine' })
  facilityId: string;

  @EnumField(FEEDSTOCKS, 'Feedstock', { description: 'required for recycling, ignored for extraction', example: 'post-consumer', optional: true })
  feedstock?: (typeof FEEDSTOCKS)[number];
}

export class RecordLotOriginBody {
  @IdField({ description: 'lot id, unique in the ledger', example: 'AU-SPOD-1' })
  lotId: string;

  @EnumField(LOT_FORMS, 'LotForm', { description: 'physical form of the material', example: 'concentrate' })
  form: (typeof LOT_FORMS)[number];

  @MassKgField({ description: 'gross mass', example: '1000000' })
  grossMassKg: unknown;

  @CompositionField({ example: { lithium: '27900' } })
  composition: Record<string, unknown>;

  @TimeField({ description: 'when the lot was extracted or recovered', example: '2026-03-01T08:00:00Z' })
  occurredAt: string;

  @NestedField(() => OriginBody, { description: 'where the lot comes from' })
  origin: OriginBody;
}

export function toRecordLotOrigin(body: RecordLotOriginBody, actor: Actor): RecordLotOrigin {
  const { type, facilityId, feedstock } = body.origin;
  return {
    type: 'RecordLotOrigin',
    actor,
    lotId: body.lotId,
    form: body.form,
    grossMassG: parseKg(body.grossMassKg, 'grossMassKg'),
    composition: parseComposition(body.composition, 'composition'),
    occurredAt: body.occurredAt,
    // A recycling origin without a feedstock is the decider's to refuse, with its own problem.
    origin: type === 'extraction' ? { type, facilityId } : ({ type, facilityId, feedstock } as RecordLotOrigin['origin']),
  };
}

@ApiTags('lots')
@Controller('v1')
export class RecordLotOriginRoute extends CommandRoutes {
  @WriteRoute('RecordLotOrigin', { path: 'lots', summary: 'record the origin of a lot: extraction at a mine (producer) or recovery at a recycler (recycler)' })
  recordLotOrigin(@Body() body: RecordLotOriginBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toRecordLotOrigin(body, actor), write);
  }
}
