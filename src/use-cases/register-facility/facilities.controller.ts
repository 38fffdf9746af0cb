import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { RegisterFacilityBody } from '../../http/dto/bodies';
import { WriteMetaParam, type WriteMeta } from '../../http/write-request.decorator';
import { writeResponse } from '../write-response';
import { LedgerCommandMessage } from '../ledger-command.handler';

@ApiTags('facilities')
@ApiBearerAuth()
@Controller('v1/facilities')
export class FacilitiesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'register a facility the caller operates (operator)' })
  async register(
    @Body() body: RegisterFacilityBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ eventIds: string[]; position: string }> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'RegisterFacility',
          actor,
          facilityId: body.id,
          name: body.name,
          kind: body.kind,
          country: body.country,
          ...(body.location ? { location: { lat: body.location.lat, lon: body.location.lon } } : {}),
          ...(body.identifiers ? { identifiers: { ...body.identifiers } } : {}),
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }
}
