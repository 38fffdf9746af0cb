import type { Actor } from './commands';
import { ScreeningOnly } from './errors';

/**
 * The ledger's own screening, as the actor of the flags it raises and resolves and of the runs it
 * records. No party can be it: its id is reserved at registration and it holds no role, so no API
 * key ever carries it.
 */
export const SCREENING_ACTOR: Actor = Object.freeze({ partyId: 'screening', roles: Object.freeze([]) as never[] });

/** Party ids the ledger itself acts as: `admin` (the admin token), `system` (the Annex seed), `screening`. */
export const RESERVED_PARTY_IDS: readonly string[] = ['admin', 'system', SCREENING_ACTOR.partyId];

export function assertScreeningActor(actor: Actor): void {
  if (actor.partyId !== SCREENING_ACTOR.partyId || actor.roles.length > 0) throw new ScreeningOnly();
}
