import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { assertCanReadLot } from '../access/lot-read-access';
import { CurrentActor } from '../access/current-actor.decorator';
import type { Actor } from '../domain/commands';
import { LotNotFound } from '../domain/errors';
import { parseComposition, parseKg } from '../domain/mass';
import { toEnvelopeJson, type EventEnvelopeJson } from '../event-store/event-envelope';
import { ReceiveLotBody, RecordLotOriginBody, RetireLotBody, ShipLotBody, TransformLotsBody } from '../http/dto/bodies';
import { PathIdPipe } from '../http/path-id.pipe';
import { WriteMetaParam, type WriteMeta } from '../http/write-request.decorator';
import { LedgerStateReader } from '../ledger/ledger-state.reader';
import { lotView } from './read-lot/lot-view';
import { LedgerCommandMessage } from './ledger-command.handler';
import { writeResponse } from './write-response';

type WriteAnswer = { eventIds: string[]; position: string };

@ApiTags('lots')
@ApiBearerAuth()
@Controller('v1')
export class LotsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reader: LedgerStateReader,
  ) {}

  @Post('lots')
  @ApiOperation({ summary: 'record the origin of a lot: extraction at a mine (producer) or recovery at a recycler (recycler)' })
  async recordOrigin(
    @Body() body: RecordLotOriginBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const origin =
      body.origin.type === 'extraction'
        ? ({ type: 'extraction', facilityId: body.origin.facilityId } as const)
        : ({ type: 'recycling', facilityId: body.origin.facilityId, feedstock: body.origin.feedstock } as const);
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'RecordLotOrigin',
          actor,
          lotId: body.lotId,
          form: body.form,
          grossMassG: parseKg(body.grossMassKg, 'grossMassKg'),
          composition: parseComposition(body.composition, 'composition'),
          occurredAt: body.occurredAt,
          origin: origin as never,
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }

  @Post('lots/:lotId/shipments')
  @ApiOperation({ summary: 'ship the whole lot to another party (custodian)' })
  async ship(
    @Param('lotId', PathIdPipe) lotId: string,
    @Body() body: ShipLotBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
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
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }

  @Post('lots/:lotId/receipts')
  @ApiOperation({ summary: 'receive a shipped lot with its weighed mass (consignee); >0.5 % off raises a mass-discrepancy flag' })
  async receive(
    @Param('lotId', PathIdPipe) lotId: string,
    @Body() body: ReceiveLotBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'ReceiveLot',
          actor,
          lotId,
          shipmentId: body.shipmentId,
          facilityId: body.facilityId,
          receivedMassG: parseKg(body.receivedMassKg, 'receivedMassKg'),
          occurredAt: body.occurredAt,
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }

  @Post('lots/:lotId/retirements')
  @ApiOperation({ summary: 'retire a lot: manufactured into a product, disposed of, or lost (custodian)' })
  async retire(
    @Param('lotId', PathIdPipe) lotId: string,
    @Body() body: RetireLotBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'RetireLot',
          actor,
          lotId,
          reason: body.reason,
          occurredAt: body.occurredAt,
          ...(body.productRef ? { productRef: body.productRef } : {}),
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }

  @Post('transformations')
  @ApiOperation({ summary: 'consume input lots and create output lots at a facility, atomically (processor, recycler)' })
  async transform(
    @Body() body: TransformLotsBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'TransformLots',
          actor,
          transformationId: body.transformationId,
          facilityId: body.facilityId,
          process: body.process,
          occurredAt: body.occurredAt,
          inputs: body.inputs.map((input, i) => ({ lotId: input.lotId, massG: parseKg(input.massKg, `inputs.${i}.massKg`) })),
          outputs: body.outputs.map((output, i) => ({
            lotId: output.lotId,
            form: output.form,
            grossMassG: parseKg(output.grossMassKg, `outputs.${i}.grossMassKg`),
            composition: parseComposition(output.composition, `outputs.${i}.composition`),
          })),
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }

  @Get('lots/:lotId')
  @ApiOperation({ summary: 'current state of a lot: custodian, status, remaining mass and composition, open flags' })
  async lot(@Param('lotId', PathIdPipe) lotId: string, @CurrentActor() actor: Actor) {
    const { state, position } = await this.reader.lot(lotId);
    if (!state.exists) throw new LotNotFound(lotId);
    assertCanReadLot(actor, state);
    return lotView(state, position);
  }

  @Get('lots/:lotId/events')
  @ApiOperation({ summary: "the lot's own history, every event with its envelope" })
  async lotEvents(@Param('lotId', PathIdPipe) lotId: string, @CurrentActor() actor: Actor): Promise<{ lotId: string; events: EventEnvelopeJson[] }> {
    const { lot, events } = await this.reader.lotWithEvents(lotId);
    if (!lot.state.exists) throw new LotNotFound(lotId);
    assertCanReadLot(actor, lot.state);
    return { lotId, events: events.map(toEnvelopeJson) };
  }
}
