import { Injectable } from '@nestjs/common';
import type { PartyState } from '../domain/party';
import { LedgerStateReader } from '../ledger/ledger-state.reader';

export interface KnownParty {
  partyId: string;
  roles: PartyState['roles'];
}

/**
 * Parties never change once registered, so the guard may keep them: one stream read per party per
 * process instead of one per request.
 */
@Injectable()
export class PartyDirectory {
  private readonly known = new Map<string, KnownParty>();

  constructor(private readonly reader: LedgerStateReader) {}

  async find(partyId: string): Promise<KnownParty | null> {
    const cached = this.known.get(partyId);
    if (cached) return cached;
    const { state } = await this.reader.party(partyId);
    if (!state.exists || !state.partyId) return null;
    const party = { partyId: state.partyId, roles: state.roles };
    this.known.set(partyId, party);
    return party;
  }
}
