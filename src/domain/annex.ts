import { parseInstant } from './business-time';
import type { AnnexAmended } from './events';
import { eventOn, type StoredEventLike } from './stored-event';

/**
 * The Annex of critical minerals is data, amended by the Parties from a date (Art. 2, 12, 13):
 * which minerals count depends on the business time asked about.
 */
export interface AnnexAmendment {
  amendmentId: string;
  add: string[];
  remove: string[];
  effectiveFrom: string;
  reference: string;
}

export interface AnnexState {
  /** In the order recorded; amendments with the same effectiveFrom apply in this order. */
  amendments: AnnexAmendment[];
}

/** The Annex as signed: the ledger seeds the `annex` stream with this when it is empty. */
export const INITIAL_ANNEX_AMENDMENT: AnnexAmended = {
  type: 'AnnexAmended',
  data: {
    amendmentId: 'annex-2023-03-28',
    add: ['cobalt', 'graphite', 'lithium', 'manganese', 'nickel'],
    remove: [],
    effectiveFrom: '2023-03-28T00:00:00Z',
    reference: 'US–Japan Critical Minerals Agreement, Annex',
  },
};

export function initialAnnexState(): AnnexState {
  return { amendments: [] };
}

/** Handles every event type the registry writes on the Annex stream (a missing one does not compile). */
export function evolveAnnex(state: AnnexState, stored: StoredEventLike): AnnexState {
  const event = eventOn('annex', stored);
  if (!event) return state;
  switch (event.type) {
    case 'AnnexAmended': {
      const { amendmentId, add, remove, effectiveFrom, reference } = event.data;
      return { amendments: [...state.amendments, { amendmentId, add: [...add], remove: [...remove], effectiveFrom, reference }] };
    }
    default: {
      const unreachable: never = event.type;
      return unreachable;
    }
  }
}

export function foldAnnex(events: Iterable<StoredEventLike>): AnnexState {
  let state = initialAnnexState();
  for (const event of events) state = evolveAnnex(state, event);
  return state;
}

/** The minerals on the Annex at a business time: every amendment effective at or before it, in date order. */
export function mineralsInForceAt(annex: AnnexState, isoTime: string): Set<string> {
  const at = parseInstant(isoTime, 'occurredAt');
  const effective = annex.amendments
    .map((amendment, order) => ({ amendment, order, from: parseInstant(amendment.effectiveFrom, 'effectiveFrom') }))
    .filter((a) => a.from <= at)
    .sort((a, b) => a.from - b.from || a.order - b.order);
  const minerals = new Set<string>();
  for (const { amendment } of effective) {
    for (const mineral of amendment.add) minerals.add(mineral);
    for (const mineral of amendment.remove) minerals.delete(mineral);
  }
  return minerals;
}
