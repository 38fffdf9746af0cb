import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { RaiseFlagBody, ResolveFlagBody } from '../../http/dto/bodies';
import { PathIdPipe } from '../../http/path-id.pipe';
import { WriteMetaParam, type WriteMeta } from '../../http/write-request.decorator';
import { CLOCK, type Clock } from '../../ledger/clock';
import { LedgerCommandMessage } from '../ledger-command.handler';
import { writeResponse } from '../write-response';

type WriteAnswer = { eventIds: string[]; position: string };

/**
 * Flags on a party (rule 8, widened by Art. 5.8: an entity list names companies): a flag on a party
 * counts for every facility it operates and every lot it held. Screening raises them too; a person
 * confirms or clears a screening `review` flag here.
 */
@ApiTags('certifications and flags')
@ApiBearerAuth()
@Controller('v1/parties/:partyId/flags')
export class PartyFlagsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'raise a risk flag on a party (auditor, regulator)' })
  async raise(
    @Param('partyId', PathIdPipe) partyId: string,
    @Body() body: RaiseFlagBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'RaiseFlag',
          actor,
          subject: { kind: 'party', partyId },
          flagId: body.flagId,
          category: body.category,
          severity: body.severity,
          description: body.description,
          occurredAt: body.occurredAt ?? this.clock.now(),
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }

  @Post(':flagId/resolution')
  @ApiOperation({ summary: "resolve an open flag on a party: cleared or confirmed (auditor, regulator); confirming a screening review flag makes the party the listed entity" })
  async resolve(
    @Param('partyId', PathIdPipe) partyId: string,
    @Param('flagId', PathIdPipe) flagId: string,
    @Body() body: ResolveFlagBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'ResolveFlag',
          actor,
          subject: { kind: 'party', partyId },
          flagId,
          outcome: body.outcome,
          note: body.note,
          occurredAt: body.occurredAt ?? this.clock.now(),
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }
}
