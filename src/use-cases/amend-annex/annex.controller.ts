import { Body, Controller, Get, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { mineralsInForceAt } from '../../domain/annex';
import { AmendAnnexBody } from '../../http/dto/bodies';
import { WriteMetaParam, type WriteMeta } from '../../http/write-request.decorator';
import { CLOCK, type Clock } from '../../ledger/clock';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { LedgerCommandMessage } from '../ledger-command.handler';
import { writeResponse } from '../write-response';

@ApiTags('annex')
@ApiBearerAuth()
@Controller('v1/annex')
export class AnnexController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reader: LedgerStateReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'the critical minerals in force now, with every amendment (anyone with a key)' })
  async annex(): Promise<{ inForce: string[]; asOf: string; amendments: unknown[]; position: string | null }> {
    const { state, position } = await this.reader.annex();
    const now = this.clock.now();
    return {
      inForce: [...mineralsInForceAt(state, now)].sort(),
      asOf: now,
      amendments: state.amendments,
      position: position === null ? null : position.toString(),
    };
  }

  @Post('amendments')
  @ApiOperation({ summary: 'amend the Annex from a date (regulator)' })
  async amend(
    @Body() body: AmendAnnexBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ eventIds: string[]; position: string }> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'AmendAnnex',
          actor,
          amendmentId: `amendment-${randomUUID()}`,
          add: body.add,
          remove: body.remove,
          effectiveFrom: body.effectiveFrom,
          reference: body.reference,
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }
}
