import type { Response } from 'express';
import type { WriteOutcome } from '../ledger/ledger-writer';

/** `201 {eventIds, position}`; a replayed Idempotency-Key says so in a header. */
export function writeResponse(res: Response, outcome: WriteOutcome): { eventIds: string[]; position: string } {
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return { eventIds: outcome.eventIds, position: outcome.position };
}
