import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, RetireLot } from '../../domain/commands';
import { RETIREMENT_REASONS } from '../../domain/events';
import { EnumField, SHORT_TEXT_MAX, TimeField } from '../../http/fields/body-fields';
import { field } from '../../http/fields/field';
import { isString, maxLength } from '../../http/fields/rules';
import { WriteRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

export class RetireLotBody {
  @EnumField(RETIREMENT_REASONS, 'RetirementReason', { description: 'manufactured into a product, disposed of, or lost', example: 'manufactured' })
  reason: (typeof RETIREMENT_REASONS)[number];

  @TimeField({ description: 'when the lot left the ledger', example: '2026-06-01T00:00:00Z' })
  occurredAt: string;

  @field({ description: 'the product it went into', example: 'battery-pack-serial-XYZ', optional: true }, isString(), maxLength(SHORT_TEXT_MAX))
  productRef?: string;
}

export function toRetireLot(lotId: string, body: RetireLotBody, actor: Actor): RetireLot {
  const { reason, occurredAt, productRef } = body;
  return { type: 'RetireLot', actor, lotId, reason, occurredAt, ...(productRef ? { productRef } : {}) };
}

@ApiTags('lots')
@Controller('v1')
export class RetireLotRoute extends CommandRoutes {
  @WriteRoute('RetireLot', {
    path: 'lots/:lotId/retirements',
    summary: 'retire a lot: manufactured into a product, disposed of, or lost (custodian)',
    problems: [404],
    params: { lotId: { example: 'JP-LIOH-1' } },
  })
  retireLot(@PathId('lotId') lotId: string, @Body() body: RetireLotBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toRetireLot(lotId, body, actor), write);
  }
}
