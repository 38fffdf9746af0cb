import { Controller, Inject } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { ReadRoute } from '../../http/openapi/routes';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';

export class IdentityAnswer {
  @ApiProperty({ description: 'the party the key belongs to (`admin` for the admin token)', example: 'au-pilbara-lithium' })
  partyId: string;

  @ApiProperty({ type: String, nullable: true, description: 'null for the admin', example: 'Pilbara Lithium Pty Ltd' })
  name: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'null for the admin', example: 'AU' })
  country: string | null;

  @ApiProperty({ type: [String], description: 'the roles the key acts with', example: ['producer'] })
  roles: string[];
}

/** Who a key speaks for: what a client (the explorer's sign-in) shows and adapts to. */
@ApiTags('parties')
@Controller('v1')
export class ReadIdentityRoute {
  constructor(@Inject(LedgerStateReader) private readonly reader: LedgerStateReader) {}

  @ReadRoute({ path: 'me', summary: 'the party the presented key belongs to, with its roles (any key; the admin token answers as admin)', answer: { type: IdentityAnswer } })
  async readIdentity(@CurrentActor() actor: Actor): Promise<IdentityAnswer> {
    if (actor.roles.includes('admin')) return { partyId: actor.partyId, name: null, country: null, roles: [...actor.roles] };
    const { state } = await this.reader.party(actor.partyId);
    return { partyId: actor.partyId, name: state.name ?? null, country: state.country ?? null, roles: [...actor.roles] };
  }
}
