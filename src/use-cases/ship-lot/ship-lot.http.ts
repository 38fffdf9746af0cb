import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, ShipLot } from '../../domain/commands';
import { CountryField, IdField, NestedListField, Sha256Field, TextField, TimeField } from '../../http/fields/body-fields';
import { field } from '../../http/fields/field';
import { isString, maxLength } from '../../http/fields/rules';
import { WriteRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

class ShipmentDocumentBody {
  @TextField({ description: 'document type', example: 'bill-of-lading' })
  type: string;

  @TextField({ description: 'document reference', example: 'MAEU-123456789' })
  reference: string;

  @Sha256Field({ description: 'SHA-256 of the document, lowercase hex', example: '9f2c6a0e4b1d8f3a7c5e2b9d0a4f6c8e1b3d5f7a9c0e2b4d6f8a1c3e5b7d9f0a', optional: true })
  sha256?: string;
}

export class ShipLotBody {
  @IdField({ description: 'shipment id, new for this lot', example: 'SHP-2026-0001' })
  shipmentId: string;

  @IdField({ description: 'the receiving party (an operator)', example: 'jp-lithium-refining' })
  toPartyId: string;

  @IdField({ description: 'the receiving facility, when known (operated by the receiving party)', example: 'jp-kashima-refinery', optional: true })
  toFacilityId?: string;

  @CountryField({ description: "destination country; the receiving facility's when it is named", example: 'JP' })
  destinationCountry: string;

  @TimeField({ description: 'when the lot left', example: '2026-03-05T10:00:00Z' })
  occurredAt: string;

  @field({ description: 'sea, air, road, rail …', example: 'sea', optional: true }, isString(), maxLength(50))
  transportMode?: string;

  @NestedListField(() => ShipmentDocumentBody, { description: 'shipping documents', max: 50, optional: true })
  documents?: ShipmentDocumentBody[];
}

export function toShipLot(lotId: string, body: ShipLotBody, actor: Actor): ShipLot {
  return {
    type: 'ShipLot',
    actor,
    lotId,
    shipmentId: body.shipmentId,
    toPartyId: body.toPartyId,
    ...(body.toFacilityId ? { toFacilityId: body.toFacilityId } : {}),
    destinationCountry: body.destinationCountry,
    occurredAt: body.occurredAt,
    ...(body.transportMode ? { transportMode: body.transportMode } : {}),
    ...(body.documents ? { documents: body.documents.map((d) => ({ ...d })) } : {}),
  };
}

@ApiTags('lots')
@Controller('v1')
export class ShipLotRoute extends CommandRoutes {
  @WriteRoute('ShipLot', { path: 'lots/:lotId/shipments', summary: 'ship the whole lot to another party (custodian)', problems: [404] })
  shipLot(@PathId('lotId') lotId: string, @Body() body: ShipLotBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toShipLot(lotId, body, actor), write);
  }
}
