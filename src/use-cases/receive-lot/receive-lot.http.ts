import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, ReceiveLot } from '../../domain/commands';
import { parseKg } from '../../domain/mass';
import { IdField, MassKgField, TimeField } from '../../http/fields/body-fields';
import { WriteRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

export class ReceiveLotBody {
  @IdField({ description: 'the shipment being received', example: 'SHP-2026-0001' })
  shipmentId: string;

  @IdField({ description: 'the receiving facility, operated by the caller', example: 'jp-kashima-refinery' })
  facilityId: string;

  @MassKgField({ description: 'mass weighed on receipt', example: '999500' })
  receivedMassKg: unknown;

  @TimeField({ description: 'when the lot arrived', example: '2026-03-20T06:00:00Z' })
  occurredAt: string;
}

export function toReceiveLot(lotId: string, body: ReceiveLotBody, actor: Actor): ReceiveLot {
  const { shipmentId, facilityId, occurredAt } = body;
  return { type: 'ReceiveLot', actor, lotId, shipmentId, facilityId, receivedMassG: parseKg(body.receivedMassKg, 'receivedMassKg'), occurredAt };
}

@ApiTags('lots')
@Controller('v1')
export class ReceiveLotRoute extends CommandRoutes {
  @WriteRoute('ReceiveLot', {
    path: 'lots/:lotId/receipts',
    summary: 'receive a shipped lot with its weighed mass (consignee); more than 0.5 % off raises a mass-discrepancy flag',
    problems: [404],
  })
  receiveLot(@PathId('lotId') lotId: string, @Body() body: ReceiveLotBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toReceiveLot(lotId, body, actor), write);
  }
}
