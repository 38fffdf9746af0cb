import fc from 'fast-check';
import { streams, type Composition, type FlagSubject, type Subject, type TransformationInput, type TransformationOutput } from '../../src/domain/events';
import { LedgerLogBuilder } from './ledger-log-builder';

const MINERALS = ['cobalt', 'graphite', 'lithium', 'manganese', 'nickel'];
const MINES = [
  { facilityId: 'mine-au', country: 'AU', party: 'miner-au' },
  { facilityId: 'mine-cl', country: 'CL', party: 'miner-cl' },
  { facilityId: 'mine-cd', country: 'CD', party: 'miner-cd' },
];
const RECYCLERS = [
  { facilityId: 'recycler-us', country: 'US', party: 'recycler-us' },
  { facilityId: 'recycler-jp', country: 'JP', party: 'recycler-jp' },
];
const PLANTS = [
  { facilityId: 'refinery-jp', country: 'JP', party: 'refiner-jp' },
  { facilityId: 'plant-us', country: 'US', party: 'maker-us' },
  { facilityId: 'smelter-fi', country: 'FI', party: 'smelter-fi' },
];
const ALL_FACILITIES = [...MINES, ...RECYCLERS, ...PLANTS];
const WATCHLIST = 'wl-generated';

function flagStream(subject: FlagSubject): string {
  return subject.kind === 'lot' ? streams.lot(subject.lotId) : subject.kind === 'facility' ? streams.facility(subject.facilityId) : streams.party(subject.partyId);
}

/** One step of a generated supply chain; numbers pick among what the state allows at that moment. */
export interface Step {
  op: number;
  a: number;
  b: number;
  c: number;
  d: number;
}

const step: fc.Arbitrary<Step> = fc.record({
  op: fc.nat(99),
  a: fc.nat(1_000_000),
  b: fc.nat(1_000_000),
  c: fc.nat(1_000_000),
  d: fc.nat(1_000_000),
});

/**
 * Random valid supply chains as steps: origins, hops (with shortfalls), splits, blends, flags and
 * certifications. Build the log with `buildSupplyChain(steps)` inside the property, so a failure
 * prints the short list of steps rather than the whole log.
 */
export const supplyChainSteps: fc.Arbitrary<Step[]> = fc.array(step, { minLength: 4, maxLength: 45 });

/** A long deterministic supply chain of `stepCount` steps (a small linear congruential generator picks them). */
export function longSupplyChain(stepCount: number): LedgerLogBuilder {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const steps: Step[] = Array.from({ length: stepCount }, () => ({ op: next() % 100, a: next(), b: next(), c: next(), d: next() }));
  return buildSupplyChain(steps);
}

interface SimLot {
  lotId: string;
  grossMassG: number;
  composition: Composition;
  status: 'active' | 'in-transit' | 'consumed';
  custodianId: string;
  shipment: { shipmentId: string; toPartyId: string; facilityId: string; country: string } | null;
}

/** Interprets steps against a simulated ledger so every event obeys the brief's rules. */
export function buildSupplyChain(steps: readonly Step[]): LedgerLogBuilder {
  const log = new LedgerLogBuilder();
  for (const f of ALL_FACILITIES) {
    log.record(streams.facility(f.facilityId), {
      type: 'FacilityRegistered',
      data: {
        facilityId: f.facilityId,
        operatorId: f.party,
        name: f.facilityId,
        kind: MINES.includes(f) ? 'mine' : RECYCLERS.includes(f) ? 'recycler' : 'refinery',
        country: f.country,
      },
    });
  }
  // A forced-labour list whose entries name the parties that operate facilities: screening flags them.
  log.record(streams.watchlist(WATCHLIST), {
    type: 'WatchlistCreated',
    data: { listId: WATCHLIST, name: 'Generated list', authority: 'generator', category: 'forced-labor', effectiveFrom: '2025-01-01T00:00:00Z' },
  });
  const listed: { entryId: string; partyId: string; amendmentId: string }[] = [];
  const lots: SimLot[] = [];
  const openFlags: { flagId: string; subject: FlagSubject }[] = [];
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}-${++counter}`;
  const active = () => lots.filter((l) => l.status === 'active');
  const pick = <T>(items: readonly T[], n: number): T => items[n % items.length];

  const originate = (s: Step, recycled: boolean) => {
    const site = recycled ? pick(RECYCLERS, s.a) : pick(MINES, s.a);
    const grossMassG = 1_000 + (s.b % 5_000_000);
    const composition: Composition = {};
    const count = 1 + (s.c % 3);
    for (let i = 0; i < count; i++) {
      const mineral = pick(MINERALS, s.d + i * 7);
      composition[mineral] = 1 + ((s.c * (i + 3) + s.d) % Math.max(1, Math.floor(grossMassG / (count + 1))));
    }
    const lotId = nextId(recycled ? 'REC' : 'EXT');
    const base = { lotId, form: recycled ? ('black-mass' as const) : ('ore' as const), grossMassG, composition, facilityId: site.facilityId, country: site.country, custodianId: site.party };
    if (recycled) log.record(streams.lot(lotId), { type: 'LotRecovered', data: { ...base, feedstock: 'post-consumer' } });
    else log.record(streams.lot(lotId), { type: 'LotExtracted', data: base });
    lots.push({ lotId, grossMassG, composition: { ...composition }, status: 'active', custodianId: site.party, shipment: null });
  };

  const transform = (s: Step, inputLots: SimLot[], outputCount: number) => {
    const site = pick(PLANTS, s.a);
    const inputs: TransformationInput[] = inputLots.map((lot, i) => {
      // Sometimes everything, otherwise a part: partial consumption keeps the rest in the lot.
      const whole = (s.b + i) % 3 === 0;
      const consumedMassG = whole ? lot.grossMassG : 1 + ((s.c + i * 13) % lot.grossMassG);
      const givenUp: Composition = {};
      for (const [mineral, grams] of Object.entries(lot.composition)) {
        const gave = Number((BigInt(grams) * BigInt(consumedMassG)) / BigInt(lot.grossMassG));
        if (gave > 0) givenUp[mineral] = gave;
      }
      return { lotId: lot.lotId, consumedMassG, givenUp };
    });
    const pool: Composition = {};
    for (const input of inputs) for (const [m, g] of Object.entries(input.givenUp)) pool[m] = (pool[m] ?? 0) + g;
    const outputs: TransformationOutput[] = [];
    const left = { ...pool };
    for (let o = 0; o < outputCount; o++) {
      const composition: Composition = {};
      for (const [mineral, grams] of Object.entries(left)) {
        // A yield between 0 and 100 %, split over the outputs.
        const take = o === outputCount - 1 ? Math.floor((grams * ((s.d + o) % 101)) / 100) : Math.floor(grams / (outputCount - o + ((s.d >> 3) % 2)));
        if (take > 0) {
          composition[mineral] = take;
          left[mineral] = grams - take;
        }
      }
      const contained = Object.values(composition).reduce((a, b) => a + b, 0);
      outputs.push({ lotId: nextId('OUT'), form: 'sulfate', grossMassG: contained + 1 + (s.b % 100_000), composition });
    }
    log.transform({ transformationId: nextId('T'), facilityId: site.facilityId, country: site.country, process: outputCount > 1 ? 'split' : 'refining', custodianId: site.party, inputs, outputs });
    inputs.forEach((input, i) => {
      const lot = inputLots[i];
      lot.grossMassG -= input.consumedMassG;
      for (const [m, g] of Object.entries(input.givenUp)) {
        lot.composition[m] -= g;
        if (lot.composition[m] === 0) delete lot.composition[m];
      }
      if (lot.grossMassG === 0) lot.status = 'consumed';
    });
    for (const output of outputs) lots.push({ lotId: output.lotId, grossMassG: output.grossMassG, composition: { ...output.composition }, status: 'active', custodianId: site.party, shipment: null });
  };

  /** An amendment listing the party of a facility from a date around the log's, its screening flag and run. */
  const listEntity = (s: Step) => {
    const partyId = pick(ALL_FACILITIES, s.b).party;
    const entryId = nextId('E');
    const amendmentId = nextId('A');
    const effectiveFrom = new Date(Date.parse('2025-12-31T23:00:00Z') + (s.d % 7200) * 1000).toISOString();
    log.record(streams.watchlist(WATCHLIST), {
      type: 'WatchlistAmended',
      data: { listId: WATCHLIST, amendmentId, effectiveFrom, reference: 'generated', add: [{ entryId, name: partyId }], remove: [] },
    });
    const flagId = nextId('SF');
    const subject: FlagSubject = { kind: 'party', partyId };
    log.record(streams.party(partyId), {
      type: 'FlagRaised',
      data: {
        flagId,
        subject,
        category: 'forced-labor',
        severity: 'high',
        description: 'generated screening',
        automatic: true,
        source: { listId: WATCHLIST, entryId, amendmentId },
        match: { by: 'identifier', identifier: 'lei', value: 'generated' },
      },
    });
    log.record(streams.watchlist(WATCHLIST), {
      type: 'WatchlistScreened',
      data: { listId: WATCHLIST, amendmentId, subjectsScreened: 1, flagsRaised: 1, flagsResolved: 0 },
    });
    listed.push({ entryId, partyId, amendmentId });
    openFlags.push({ flagId, subject });
  };
  const delistEntity = (s: Step) => {
    const [entry] = listed.splice(s.a % listed.length, 1);
    log.record(streams.watchlist(WATCHLIST), {
      type: 'WatchlistAmended',
      data: { listId: WATCHLIST, amendmentId: nextId('A'), effectiveFrom: new Date(Date.parse('2026-01-01T00:00:00Z') + (s.d % 7200) * 1000).toISOString(), reference: 'generated', add: [], remove: [entry.entryId] },
    });
  };

  for (const s of steps) {
    const choice = s.op;
    const candidates = active();
    if (choice < 20 || lots.length === 0) originate(s, choice % 4 === 0);
    else if (choice < 32 && candidates.length > 0) {
      const lot = pick(candidates, s.a);
      const to = pick(ALL_FACILITIES, s.b);
      const shipmentId = nextId('S');
      log.record(streams.lot(lot.lotId), {
        type: 'LotShipped',
        data: { lotId: lot.lotId, shipmentId, fromPartyId: lot.custodianId, toPartyId: to.party, toFacilityId: to.facilityId, destinationCountry: to.country, grossMassG: lot.grossMassG },
      });
      lot.status = 'in-transit';
      lot.shipment = { shipmentId, toPartyId: to.party, facilityId: to.facilityId, country: to.country };
    } else if (choice < 44 && lots.some((l) => l.status === 'in-transit')) {
      const lot = pick(lots.filter((l) => l.status === 'in-transit'), s.a);
      const shipment = lot.shipment!;
      const shipped = lot.grossMassG;
      // A shortfall of up to ~10 % (raising no flag here: that is the write side's job), or a surplus.
      const received = s.b % 4 === 0 ? shipped + (s.c % 1000) : Math.max(1, shipped - (s.c % Math.max(1, Math.floor(shipped / 10))));
      const composition: Composition = {};
      for (const [m, g] of Object.entries(lot.composition)) {
        const scaled = received < shipped ? Number((BigInt(g) * BigInt(received)) / BigInt(shipped)) : g;
        if (scaled > 0) composition[m] = scaled;
      }
      log.record(streams.lot(lot.lotId), {
        type: 'LotReceived',
        data: { lotId: lot.lotId, shipmentId: shipment.shipmentId, receiverId: shipment.toPartyId, facilityId: shipment.facilityId, country: shipment.country, shippedMassG: shipped, receivedMassG: received, composition },
      });
      Object.assign(lot, { grossMassG: received, composition: { ...composition }, status: 'active', custodianId: shipment.toPartyId, shipment: null });
    } else if (choice < 56 && candidates.length > 0) {
      transform(s, [pick(candidates, s.a)], 2);
    } else if (choice < 72 && candidates.length > 0) {
      const chosen = [...new Set([pick(candidates, s.a), pick(candidates, s.b), pick(candidates, s.c)])].slice(0, 1 + (s.d % 3));
      transform(s, chosen, 1 + (s.a % 2));
    } else if (choice < 80 && s.c % 3 === 0) {
      listEntity(s);
    } else if (choice < 80 && s.c % 3 === 1 && listed.length > 0) {
      delistEntity(s);
    } else if (choice < 80) {
      const subject: Subject = s.a % 2 === 0 || lots.length === 0 ? { kind: 'facility', facilityId: pick(ALL_FACILITIES, s.b).facilityId } : { kind: 'lot', lotId: pick(lots, s.b).lotId };
      const flagId = nextId('F');
      log.record(subject.kind === 'lot' ? streams.lot(subject.lotId) : streams.facility(subject.facilityId), {
        type: 'FlagRaised',
        data: { flagId, subject, category: 'forced-labor', severity: 'high', description: 'generated', automatic: false },
      });
      openFlags.push({ flagId, subject });
    } else if (choice < 88 && openFlags.length > 0) {
      const [flag] = openFlags.splice(s.a % openFlags.length, 1);
      log.record(flagStream(flag.subject), {
        type: 'FlagResolved',
        data: { flagId: flag.flagId, subject: flag.subject, outcome: 'cleared', note: 'generated' },
      });
    } else if (choice < 95) {
      const site = pick([...MINES, ...RECYCLERS], s.a);
      log.record(streams.facility(site.facilityId), {
        type: 'CertificationRecorded',
        data: {
          certificationId: nextId('C'),
          subject: { kind: 'facility', facilityId: site.facilityId },
          scheme: 'IRMA',
          issuer: 'auditor',
          validFrom: new Date(Date.parse('2025-12-31T23:59:00Z') + (s.b % 120) * 1000).toISOString(),
          validTo: new Date(Date.parse('2026-01-01T00:00:00Z') + (s.c % 300) * 1000).toISOString(),
        },
      });
    } else if (choice < 97 && lots.length > 0) {
      const lot = pick(lots, s.a);
      const own = log.events.filter((e) => e.streamId === streams.lot(lot.lotId) && e.type !== 'EventCorrected');
      log.record(streams.lot(lot.lotId), { type: 'EventCorrected', data: { correctedEventId: pick(own, s.b).eventId, reason: 'generated' } });
    } else if (candidates.length > 0) {
      const lot = pick(candidates, s.a);
      log.record(streams.lot(lot.lotId), { type: 'LotRetired', data: { lotId: lot.lotId, reason: 'manufactured' } });
      lot.status = 'consumed';
    }
  }
  return log;
}
