import type { Actor } from '../../domain/commands';
import type { EventReader } from '../query/epcis-event-filter';
import { problem, ProblemError } from '../../problems';
import { isAuditorOrRegulator } from '../../access/actor';

/**
 * The brief's "Readers" for the EPCIS event query: auditors and regulators read every custody
 * event; an operator those of the lots it holds or held (or was shipped), as `GET
 * /v1/lots/{id}/events` allows. The admin registers parties and reads no events.
 */
export function eventReaderOf(actor: Actor): EventReader {
  if (isAuditorOrRegulator(actor)) return { kind: 'everything' };
  if (actor.roles.includes('admin')) {
    throw new ProblemError(problem('not-a-reader', 'the admin registers parties and reads no custody events: use the key of a party'));
  }
  return { kind: 'party', partyId: actor.partyId };
}
