import type { Actor } from './commands';
import { MissingRole } from './errors';
import type { PartyRole } from './events';

/** The actor's roles travel with the command (the HTTP layer resolved them from its API key). */
export function assertHasRole(actor: Actor, anyOf: readonly PartyRole[]): void {
  if (!actor.roles.some((role) => anyOf.includes(role))) throw new MissingRole(anyOf);
}
