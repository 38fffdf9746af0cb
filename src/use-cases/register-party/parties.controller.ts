import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, type AuthenticatedRequest } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { RegisterPartyBody } from '../../http/dto/bodies';
import { WriteMetaParam, type WriteMeta } from '../../http/write-request.decorator';
import { writeResponse } from '../write-response';
import { RegisterPartyMessage } from './register-party.handler';

@ApiTags('parties')
@ApiBearerAuth()
@Controller('v1/parties')
export class PartiesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'register a party (admin); the answer holds its API key, shown once' })
  @ApiCreatedResponse({ description: '{id, apiKey, eventIds, position}' })
  async register(
    @Body() body: RegisterPartyBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ id: string; apiKey: string | null; eventIds: string[]; position: string }> {
    const { outcome, apiKey } = await this.commands.execute(
      new RegisterPartyMessage(
        {
          type: 'RegisterParty',
          actor,
          partyId: body.id,
          name: body.name,
          country: body.country,
          roles: body.roles,
          ...(body.identifiers !== undefined ? { identifiers: { ...body.identifiers } } : {}),
        },
        meta,
        req.bearer ?? '',
      ),
    );
    return { id: body.id, apiKey, ...writeResponse(res, outcome) };
  }
}
