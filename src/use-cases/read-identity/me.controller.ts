import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';

/** Who a key speaks for: what a client (the explorer's sign-in) shows and adapts to. */
@ApiTags('parties')
@ApiBearerAuth()
@Controller('v1')
export class MeController {
  constructor(private readonly reader: LedgerStateReader) {}

  @Get('me')
  @ApiOperation({ summary: 'the party the presented key belongs to, with its roles (any key; the admin token answers as admin)' })
  @ApiOkResponse({ description: '{partyId, name, country, roles}' })
  async me(@CurrentActor() actor: Actor): Promise<{ partyId: string; name: string | null; country: string | null; roles: readonly string[] }> {
    if (actor.roles.includes('admin')) return { partyId: actor.partyId, name: null, country: null, roles: actor.roles };
    const { state } = await this.reader.party(actor.partyId);
    return { partyId: actor.partyId, name: state.name ?? null, country: state.country ?? null, roles: actor.roles };
  }
}
