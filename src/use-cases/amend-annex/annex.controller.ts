import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { mineralsInForceAt } from '../../domain/annex';
import { AmendAnnexBody } from '../../http/dto/bodies';
import { WriteMetaParam, type WriteMeta } from '../../http/write-request.decorator';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { writeResponse } from '../write-response';
import { AmendAnnexMessage, newAmendmentId } from './amend-annex.handler';

@ApiTags('annex')
@ApiBearerAuth()
@Controller('v1/annex')
export class AnnexController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reader: LedgerStateReader,
  ) {}

  @Get()
  @ApiOperation({ summary: 'the critical minerals in force now, with every amendment (anyone with a key)' })
  async annex(): Promise<{ inForce: string[]; asOf: string; amendments: unknown[]; position: string | null }> {
    const { state, position } = await this.reader.annex();
    const now = new Date().toISOString();
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
      new AmendAnnexMessage(
        {
          type: 'AmendAnnex',
          actor,
          amendmentId: newAmendmentId(),
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
