import type { LedgerEvent } from '../../src/domain/events';
import { streams } from '../../src/domain/events';

/** One atomic write of the synthetic ledger: one event on each of its streams. */
export interface SyntheticAppend {
  writes: { streamId: string; event: LedgerEvent }[];
  actorPartyId: string;
}

export const FAN_IN = 20;
export const DEPTH = 8;
const MINES = 40;
const REFINERIES = 8;
const COUNTRIES = ['CD', 'ZM', 'AU', 'ID', 'PH', 'CL', 'AR', 'CN'];
export const PRODUCER = 'kcc-mining';
const PROCESSOR = 'kokkola-refining';

/** The watch list of the W6 exposure row: it listed mine 3 for a while (its flag since resolved, so `flaggedShare` stays 0). */
export const BENCH_WATCHLIST = 'bench-list';
const LISTED_MINE = 3;

/** The lot W6 asks about: the output of the first chain's last transformation. */
export const TARGET_LOT = lotOfChain(0, DEPTH);

function lotOfChain(chain: number, level: number): string {
  return `c${chain}-out${level}`;
}

/**
 * A deterministic custody ledger of any size: a header of parties and facilities, then chains.
 * A chain is DEPTH transformations, each with FAN_IN input lots: the previous level's output
 * plus freshly extracted lots that were each shipped to the refinery and received there. So
 * chain 0's last output is a lot 8 transformations deep with fan-in 20, and every other chain is
 * a subgraph of the same shape that the queries about chain 0 must not pay for.
 * About 627 events a chain; the mix is extraction, shipment, receipt and transformation copies.
 */
export function* syntheticLedger(): Generator<SyntheticAppend> {
  for (const [partyId, role] of [[PRODUCER, 'producer'], [PROCESSOR, 'processor']] as const) {
    yield one(streams.party(partyId), 'admin', {
      type: 'PartyRegistered',
      data: { partyId, name: partyId, country: 'CD', roles: [role] },
    });
  }
  for (let m = 0; m < MINES; m++) {
    yield one(streams.facility(mineId(m)), 'admin', {
      type: 'FacilityRegistered',
      data: { facilityId: mineId(m), operatorId: PRODUCER, name: `Mine ${m}`, kind: 'mine', country: COUNTRIES[m % COUNTRIES.length] },
    });
  }
  for (let r = 0; r < REFINERIES; r++) {
    yield one(streams.facility(refineryId(r)), 'admin', {
      type: 'FacilityRegistered',
      data: { facilityId: refineryId(r), operatorId: PROCESSOR, name: `Refinery ${r}`, kind: 'refinery', country: 'FI' },
    });
  }
  yield* watchlistAppends();
  for (let chain = 0; ; chain++) yield* chainAppends(chain);
}

/** A list that named one mine from before the ledger's business time to after it: exposure counts it at event time. */
function* watchlistAppends(): Generator<SyntheticAppend> {
  const listId = BENCH_WATCHLIST;
  const entryId = `E-mine-${LISTED_MINE}`;
  const flagId = `scr-bench-mine-${LISTED_MINE}`;
  const subject = { kind: 'facility' as const, facilityId: mineId(LISTED_MINE) };
  yield one(streams.watchlist(listId), 'regulator', {
    type: 'WatchlistCreated',
    data: { listId, name: 'Bench list', authority: 'bench', category: 'forced-labor', effectiveFrom: '2026-01-01T00:00:00Z' },
  });
  yield one(streams.watchlist(listId), 'regulator', {
    type: 'WatchlistAmended',
    data: { listId, amendmentId: 'A-1', effectiveFrom: '2026-01-01T00:00:00Z', reference: 'bench', add: [{ entryId, name: `Mine ${LISTED_MINE}` }], remove: [] },
  });
  yield one(streams.facility(mineId(LISTED_MINE)), 'screening', {
    type: 'FlagRaised',
    data: {
      flagId,
      subject,
      category: 'review',
      severity: 'medium',
      description: 'bench',
      automatic: false,
      source: { listId, entryId, amendmentId: 'A-1' },
      match: { by: 'name', name: `Mine ${LISTED_MINE}`, listedName: `Mine ${LISTED_MINE}`, similarity: 1 },
    },
  });
  yield one(streams.facility(mineId(LISTED_MINE)), 'auditor', { type: 'FlagResolved', data: { flagId, subject, outcome: 'confirmed', note: 'bench' } });
  yield one(streams.watchlist(listId), 'regulator', {
    type: 'WatchlistAmended',
    data: { listId, amendmentId: 'A-2', effectiveFrom: '2026-09-01T00:00:00Z', reference: 'bench', add: [], remove: [entryId] },
  });
}

function* chainAppends(chain: number): Generator<SyntheticAppend> {
  const refinery = refineryId(chain % REFINERIES);
  let previous: { lotId: string; grossMassG: number; composition: Record<string, number> } | null = null;
  for (let level = 1; level <= DEPTH; level++) {
    const inputs: { lotId: string; grossMassG: number; composition: Record<string, number> }[] = previous ? [previous] : [];
    for (let i = inputs.length; i < FAN_IN; i++) {
      const lotId = `c${chain}-l${level}-m${i}`;
      const mine = (chain * 7 + level * 3 + i) % MINES;
      const grossMassG = 10_000_000 + ((chain * 131 + i * 17) % 1000) * 1000;
      const composition = { cobalt: Math.floor(grossMassG / 25), nickel: Math.floor(grossMassG / 100) };
      const country = COUNTRIES[mine % COUNTRIES.length];
      yield one(streams.lot(lotId), PRODUCER, {
        type: 'LotExtracted',
        data: { lotId, form: 'concentrate', grossMassG, composition, facilityId: mineId(mine), country, custodianId: PRODUCER },
      });
      const shipmentId = `${lotId}-s1`;
      yield one(streams.lot(lotId), PRODUCER, {
        type: 'LotShipped',
        data: {
          lotId,
          shipmentId,
          fromPartyId: PRODUCER,
          toPartyId: PROCESSOR,
          toFacilityId: refinery,
          destinationCountry: 'FI',
          grossMassG,
          transportMode: 'sea',
          documents: [{ type: 'bill-of-lading', reference: `BL-${lotId}` }],
        },
      });
      yield one(streams.lot(lotId), PROCESSOR, {
        type: 'LotReceived',
        data: {
          lotId,
          shipmentId,
          receiverId: PROCESSOR,
          facilityId: refinery,
          country: 'FI',
          shippedMassG: grossMassG,
          receivedMassG: grossMassG,
          composition,
        },
      });
      inputs.push({ lotId, grossMassG, composition });
    }
    const output = lotOfChain(chain, level);
    const total = sumCompositions(inputs.map((i) => i.composition));
    const outputComposition = Object.fromEntries(Object.entries(total).map(([mineral, grams]) => [mineral, Math.floor(grams * 0.9)]));
    const outputMass = Math.floor(inputs.reduce((sum, i) => sum + i.grossMassG, 0) / 2);
    const data = {
      transformationId: `c${chain}-t${level}`,
      facilityId: refinery,
      country: 'FI',
      process: level === DEPTH ? 'crystallisation' : 'leaching',
      custodianId: PROCESSOR,
      inputs: inputs.map((i) => ({ lotId: i.lotId, consumedMassG: i.grossMassG, givenUp: i.composition })),
      outputs: [{ lotId: output, form: level === DEPTH ? 'sulfate' : 'hydroxide', grossMassG: outputMass, composition: outputComposition }],
    } as const;
    yield {
      actorPartyId: PROCESSOR,
      writes: [...inputs.map((i) => i.lotId), output].map((lotId) => ({
        streamId: streams.lot(lotId),
        event: { type: 'LotTransformed', data } as unknown as LedgerEvent,
      })),
    };
    previous = { lotId: output, grossMassG: outputMass, composition: outputComposition };
  }
}

function one(streamId: string, actorPartyId: string, event: LedgerEvent): SyntheticAppend {
  return { writes: [{ streamId, event }], actorPartyId };
}

function sumCompositions(compositions: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const composition of compositions) {
    for (const [mineral, grams] of Object.entries(composition)) total[mineral] = (total[mineral] ?? 0) + grams;
  }
  return total;
}

function mineId(m: number): string {
  return `mine-${m}`;
}

function refineryId(r: number): string {
  return `refinery-${r}`;
}
