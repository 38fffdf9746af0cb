import type { Actor } from '../domain/commands';

/** The admin is not a party of the ledger: it registers parties, nothing else. */
export const ADMIN_ACTOR: Actor = Object.freeze({ partyId: 'admin', roles: Object.freeze(['admin'] as const) });

export function isAuditorOrRegulator(actor: Actor): boolean {
  return actor.roles.includes('auditor') || actor.roles.includes('regulator');
}
