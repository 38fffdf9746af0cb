import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, AmendAnnex } from '../../domain/commands';
import { LONG_TEXT_MAX, MineralListField, TextField, TimeField } from '../../http/fields/body-fields';
import { WriteRoute } from '../../http/openapi/routes';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

export class AmendAnnexBody {
  @MineralListField({ description: 'minerals added to the Annex', example: ['rare-earths'] })
  add: string[];

  @MineralListField({ description: 'minerals removed from the Annex', example: [] })
  remove: string[];

  @TimeField({ description: 'RFC 3339 time from which the amendment is in force', example: '2027-01-01T00:00:00Z' })
  effectiveFrom: string;

  @TextField({ description: 'the written agreement of the Parties (Art. 13)', example: 'Exchange of notes, 2026-11-01', max: LONG_TEXT_MAX })
  reference: string;
}

/** Amendments get their id here: the contract's body has none. */
export function toAmendAnnex(body: AmendAnnexBody, actor: Actor): AmendAnnex {
  const { add, remove, effectiveFrom, reference } = body;
  return { type: 'AmendAnnex', actor, amendmentId: `amendment-${randomUUID()}`, add, remove, effectiveFrom, reference };
}

@ApiTags('annex')
@Controller('v1')
export class AmendAnnexRoute extends CommandRoutes {
  @WriteRoute('AmendAnnex', { path: 'annex/amendments', summary: 'amend the Annex from a date (regulator)' })
  amendAnnex(@Body() body: AmendAnnexBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toAmendAnnex(body, actor), write);
  }
}
