import { assertHasRole } from './authority';
import { assertCountry, assertDistinct, assertId, assertOneOf, assertText } from './command-fields';
import type { RegisterParty } from './commands';
import { checkedIdentifiers } from './entity-identifiers';
import { InvalidCommand, PartyAlreadyExists } from './errors';
import { registeredGln } from './gs1-key';
import { PARTY_ROLES, type PartyRegistered } from './events';
import type { PartyState } from './party';
import { RESERVED_PARTY_IDS } from './screening-actor';
import { defineSlice, read } from './slice';

/** The identifier kinds a party registers for screening, besides its PGLN (checked as GS1 keys are). */
const SCREENED_IDENTIFIER_KINDS = ['lei', 'registrationNumber'] as const;

export interface RegisterPartyContext {
  /** The state of `party-<command.partyId>`. */
  party: PartyState;
}

/** Only an admin registers parties; a party id is registered once, and none the ledger acts as itself. */
export function decideRegisterParty(command: RegisterParty, context: RegisterPartyContext): [PartyRegistered] {
  assertHasRole(command.actor, ['admin']);
  assertId(command.partyId, 'id');
  if (RESERVED_PARTY_IDS.includes(command.partyId)) throw new InvalidCommand([{ field: 'id', message: `${command.partyId} is the ledger's own; choose another id` }]);
  assertText(command.name, 'name');
  assertCountry(command.country, 'country');
  if (!Array.isArray(command.roles) || command.roles.length === 0) {
    throw new InvalidCommand([{ field: 'roles', message: 'must list at least one role' }]);
  }
  command.roles.forEach((role, i) => assertOneOf(role, PARTY_ROLES, `roles.${i}`));
  assertDistinct(command.roles, 'roles', 'role');
  const pgln = command.identifiers?.pgln;
  if (pgln !== undefined && (typeof pgln !== 'string' || registeredGln(pgln, 'party') === null)) {
    throw new InvalidCommand([
      { field: 'identifiers.pgln', message: 'a PGLN has 13 digits ending in a valid GS1 check digit, or is given as an urn:epc:id:pgln: URN' },
    ]);
  }
  const screened = checkedIdentifiers(command.identifiers, SCREENED_IDENTIFIER_KINDS, 'identifiers');
  const identifiers = pgln !== undefined || screened ? { ...(pgln !== undefined ? { pgln } : {}), ...screened } : null;
  if (context.party.exists) throw new PartyAlreadyExists(command.partyId);
  return [
    {
      type: 'PartyRegistered',
      data: {
        partyId: command.partyId,
        name: command.name,
        country: command.country,
        roles: [...command.roles],
        ...(identifiers ? { identifiers } : {}),
      },
    },
  ];
}

/** RegisterParty reads the party's stream and writes it, and the stream of its PGLN when it has one. */
export const registerPartySlice = defineSlice({
  reads: (command: RegisterParty) => {
    const gln = typeof command.identifiers?.pgln === 'string' ? registeredGln(command.identifiers.pgln, 'party') : null;
    return { party: read.party(command.partyId), glnIndex: gln === null ? undefined : read.gln(gln) };
  },
  decide: decideRegisterParty,
});
