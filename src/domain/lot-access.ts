import type { Actor } from './commands';
import type { LotState } from './lot';

/**
 * Transparency flows downstream with the material: auditors and regulators read every lot; an
 * operator reads a lot it holds or held, or one shipped to it and not yet received.
 */
export function mayReadLot(lot: LotState, actor: Actor): boolean {
  if (actor.roles.includes('auditor') || actor.roles.includes('regulator')) return true;
  return lot.holders.includes(actor.partyId) || lot.pendingShipment?.toPartyId === actor.partyId;
}
