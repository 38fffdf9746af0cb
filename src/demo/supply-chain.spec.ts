import type { CompositionKg, Kilograms } from './ledger-api-client';
import { supplyChain, type FacilitySpec, type ScenarioStep } from './supply-chain';

/**
 * The demo is only useful if the ledger accepts every write, so its data is played here through a
 * small independent model of the brief's rules (integer grams, bigint products, floor rounding).
 */

type Grams = bigint;
type Composition = Map<string, Grams>;

interface LotModel {
  custodian: string;
  /** The facility the lot sits at: a transformation may only consume lots at its own facility. */
  location: string | null;
  status: 'active' | 'in-transit' | 'consumed' | 'retired';
  gross: Grams;
  composition: Composition;
  shipment?: { shipmentId: string; toPartyId: string; toFacilityId?: string; gross: Grams };
}

const KG_PATTERN = /^(0|[1-9]\d*)(\.\d{1,3})?$/;

function grams(kg: Kilograms): Grams {
  if (!KG_PATTERN.test(kg)) throw new Error(`"${kg}" is not a decimal kilogram string with at most 3 decimals`);
  const [whole, fraction = ''] = kg.split('.');
  const value = BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, '0'));
  if (value <= 0n) throw new Error(`mass ${kg} must be positive`);
  return value;
}

function composition(kg: CompositionKg, gross: Grams, where: string): Composition {
  const result: Composition = new Map();
  for (const [mineral, mass] of Object.entries(kg)) {
    const contained = grams(mass);
    if (contained > gross) throw new Error(`${where}: ${mineral} ${mass} kg exceeds the gross mass`);
    result.set(mineral, contained);
  }
  return result;
}

/** Plays the scenario; throws at the first step the ledger would reject. Returns the final lots. */
function play(
  steps: ScenarioStep[],
  facilitySpecs: FacilitySpec[] = supplyChain.facilities,
): { lots: Map<string, LotModel>; shortReceipts: string[] } {
  const partyRoles = new Map(supplyChain.parties.map((party) => [party.id, party.roles as string[]]));
  const facilities = new Map(facilitySpecs.map((facility) => [facility.id, facility]));
  const lots = new Map<string, LotModel>();
  const flags = new Map<string, string>();
  const shortReceipts: string[] = [];
  let lastOccurredAt = Date.parse('2025-01-01T00:00:00Z');

  const hasRole = (party: string, ...roles: string[]) => roles.some((role) => partyRoles.get(party)?.includes(role));
  const operatedBy = (facilityId: string, party: string) => {
    const facility = facilities.get(facilityId);
    if (!facility) throw new Error(`unknown facility ${facilityId}`);
    if (facility.operator !== party) throw new Error(`${facilityId} is not operated by ${party}`);
    return facility;
  };
  const lotOf = (lotId: string) => {
    const lot = lots.get(lotId);
    if (!lot) throw new Error(`unknown lot ${lotId}`);
    return lot;
  };
  const at = (occurredAt: string, where: string) => {
    const time = Date.parse(occurredAt);
    if (Number.isNaN(time)) throw new Error(`${where}: occurredAt ${occurredAt} is not RFC 3339`);
    if (time <= lastOccurredAt) throw new Error(`${where}: occurredAt ${occurredAt} is not after the previous step`);
    if (time >= Date.parse('2027-01-01T00:00:00Z') || time >= Date.now()) throw new Error(`${where}: ${occurredAt} is not in 2025–2026 and past`);
    lastOccurredAt = time;
  };
  const subjectExists = (subject: { kind: 'lot'; lotId: string } | { kind: 'facility'; facilityId: string }) => {
    if (subject.kind === 'lot') lotOf(subject.lotId);
    else if (!facilities.has(subject.facilityId)) throw new Error(`unknown facility ${subject.facilityId}`);
  };

  for (const [index, step] of steps.entries()) {
    const where = `step ${index} (${step.kind})`;
    if (!partyRoles.has(step.actor)) throw new Error(`${where}: unknown actor ${step.actor}`);
    switch (step.kind) {
      case 'origin': {
        const { body } = step;
        at(body.occurredAt, where);
        if (lots.has(body.lotId)) throw new Error(`${where}: duplicate lot ${body.lotId}`);
        const facility = operatedBy(body.origin.facilityId, step.actor);
        if (body.origin.type === 'extraction' && !(facility.kind === 'mine' && hasRole(step.actor, 'producer'))) {
          throw new Error(`${where}: extraction needs a producer at a mine`);
        }
        if (body.origin.type === 'recycling' && !(facility.kind === 'recycler' && hasRole(step.actor, 'recycler'))) {
          throw new Error(`${where}: recycling needs a recycler at a recycler facility`);
        }
        const gross = grams(body.grossMassKg);
        lots.set(body.lotId, {
          custodian: step.actor,
          location: body.origin.facilityId,
          status: 'active',
          gross,
          composition: composition(body.composition, gross, where),
        });
        break;
      }
      case 'shipment': {
        const { body } = step;
        at(body.occurredAt, where);
        const lot = lotOf(step.lotId);
        if (lot.custodian !== step.actor) throw new Error(`${where}: ${step.actor} is not the custodian of ${step.lotId}`);
        if (lot.status !== 'active') throw new Error(`${where}: ${step.lotId} is ${lot.status}`);
        if (!partyRoles.has(body.toPartyId)) throw new Error(`${where}: unknown consignee ${body.toPartyId}`);
        if (body.toPartyId === step.actor) throw new Error(`${where}: a party cannot ship to itself`);
        if (!hasRole(body.toPartyId, 'producer', 'processor', 'recycler', 'trader', 'manufacturer')) {
          throw new Error(`${where}: consignee ${body.toPartyId} is not an operator`);
        }
        if (body.toFacilityId !== undefined) {
          const destination = operatedBy(body.toFacilityId, body.toPartyId);
          if (destination.country !== body.destinationCountry) throw new Error(`${where}: destination country mismatch`);
        }
        lot.status = 'in-transit';
        lot.location = null;
        lot.shipment = { shipmentId: body.shipmentId, toPartyId: body.toPartyId, toFacilityId: body.toFacilityId, gross: lot.gross };
        break;
      }
      case 'receipt': {
        const { body } = step;
        at(body.occurredAt, where);
        const lot = lotOf(step.lotId);
        if (lot.status !== 'in-transit' || !lot.shipment) throw new Error(`${where}: ${step.lotId} is not in transit`);
        if (lot.shipment.shipmentId !== body.shipmentId) throw new Error(`${where}: wrong shipment id`);
        if (lot.shipment.toPartyId !== step.actor) throw new Error(`${where}: ${step.actor} is not the consignee`);
        operatedBy(body.facilityId, step.actor);
        const received = grams(body.receivedMassKg);
        const shipped = lot.shipment.gross;
        // More than 0.5 % off: |received − shipped| × 1000 > shipped × 5.
        const difference = received > shipped ? received - shipped : shipped - received;
        if (difference * 1000n > shipped * 5n) shortReceipts.push(step.lotId);
        if (received < shipped) {
          for (const [mineral, contained] of lot.composition) lot.composition.set(mineral, (contained * received) / shipped);
        }
        lot.gross = received;
        lot.custodian = step.actor;
        lot.location = body.facilityId;
        lot.status = 'active';
        lot.shipment = undefined;
        break;
      }
      case 'transformation': {
        const { body } = step;
        at(body.occurredAt, where);
        if (!hasRole(step.actor, 'processor', 'recycler')) throw new Error(`${where}: ${step.actor} may not transform`);
        operatedBy(body.facilityId, step.actor);
        const givenUp: Composition = new Map();
        const seen = new Set<string>();
        for (const input of body.inputs) {
          if (seen.has(input.lotId)) throw new Error(`${where}: ${input.lotId} named twice`);
          seen.add(input.lotId);
          const lot = lotOf(input.lotId);
          if (lot.custodian !== step.actor || lot.status !== 'active') throw new Error(`${where}: ${input.lotId} not held active by ${step.actor}`);
          if (lot.location !== body.facilityId) throw new Error(`${where}: ${input.lotId} is not at ${body.facilityId}`);
          const consumed = grams(input.massKg);
          if (consumed > lot.gross) throw new Error(`${where}: consumes ${input.massKg} kg of ${input.lotId}, more than remains`);
          for (const [mineral, contained] of lot.composition) {
            const share = (contained * consumed) / lot.gross;
            givenUp.set(mineral, (givenUp.get(mineral) ?? 0n) + share);
            lot.composition.set(mineral, contained - share);
          }
          lot.gross -= consumed;
          if (lot.gross === 0n) lot.status = 'consumed';
        }
        const produced: Composition = new Map();
        for (const output of body.outputs) {
          if (lots.has(output.lotId)) throw new Error(`${where}: duplicate lot ${output.lotId}`);
          const gross = grams(output.grossMassKg);
          const contained = composition(output.composition, gross, `${where} ${output.lotId}`);
          for (const [mineral, mass] of contained) produced.set(mineral, (produced.get(mineral) ?? 0n) + mass);
          lots.set(output.lotId, { custodian: step.actor, location: body.facilityId, status: 'active', gross, composition: contained });
        }
        for (const [mineral, mass] of produced) {
          const available = givenUp.get(mineral) ?? 0n;
          if (mass > available) throw new Error(`${where}: outputs hold ${mass} g ${mineral}, inputs gave up ${available} g`);
        }
        break;
      }
      case 'retirement': {
        at(step.body.occurredAt, where);
        const lot = lotOf(step.lotId);
        if (lot.custodian !== step.actor || lot.status !== 'active') throw new Error(`${where}: ${step.actor} cannot retire ${step.lotId}`);
        lot.status = 'retired';
        break;
      }
      case 'certification':
      case 'flag': {
        if (!hasRole(step.actor, 'auditor', 'regulator')) throw new Error(`${where}: ${step.actor} is not an auditor or regulator`);
        if (step.body.occurredAt !== undefined) at(step.body.occurredAt, where);
        subjectExists(step.subject);
        if (step.kind === 'flag') {
          if (flags.has(step.body.flagId)) throw new Error(`${where}: duplicate flag ${step.body.flagId}`);
          flags.set(step.body.flagId, JSON.stringify(step.subject));
        }
        break;
      }
      case 'flag-resolution': {
        if (!hasRole(step.actor, 'auditor', 'regulator')) throw new Error(`${where}: ${step.actor} is not an auditor or regulator`);
        if (step.body.occurredAt !== undefined) at(step.body.occurredAt, where);
        if (flags.get(step.flagId) !== JSON.stringify(step.subject)) throw new Error(`${where}: no flag ${step.flagId} on that subject`);
        break;
      }
      case 'watchlist':
      case 'watchlist-amendment':
        if (!hasRole(step.actor, 'regulator')) throw new Error(`${where}: ${step.actor} is not a regulator`);
        break;
      default: {
        const never: never = step;
        throw new Error(`unhandled step ${JSON.stringify(never)}`);
      }
    }
  }
  return { lots, shortReceipts };
}

describe('the demo supply chain', () => {
  const { steps } = supplyChain;
  const transformations = steps.flatMap((step) => (step.kind === 'transformation' ? [step.body] : []));

  it('breaks none of the ledger rules the model knows, step by step', () => {
    expect(() => play(steps)).not.toThrow();
  });

  it('would be caught by the model if an output claimed more mineral than its inputs gave up', () => {
    const greedy = steps.map((step) =>
      step.kind === 'transformation' && step.body.transformationId === 'TRF-JP-LIOH-1'
        ? { ...step, body: { ...step.body, outputs: [{ ...step.body.outputs[0], composition: { lithium: '28000' } }] } }
        : step,
    );
    expect(() => play(greedy)).toThrow(/lithium/);
  });

  it('would be caught by the model if a transformation consumed a lot held at another facility', () => {
    const annex: FacilitySpec = { id: 'id-hpal-annex', operator: 'id-hpal', name: 'second HPAL train', kind: 'refinery', country: 'ID' };
    const elsewhere = steps.map((step) =>
      step.kind === 'transformation' && step.body.transformationId === 'TRF-ID-HPAL-1'
        ? { ...step, body: { ...step.body, facilityId: annex.id } }
        : step,
    );
    expect(() => play(steps, [...supplyChain.facilities, annex])).not.toThrow();
    expect(() => play(elsewhere, [...supplyChain.facilities, annex])).toThrow(/ID-LAT-1 is not at id-hpal-annex/);
  });

  it('contains the brief’s worked example exactly', () => {
    const lots = new Map(steps.flatMap((step) => (step.kind === 'origin' ? [[step.body.lotId, step.body] as const] : [])));
    expect(lots.get('AU-SPOD-1')).toMatchObject({ grossMassKg: '1000000', composition: { lithium: '27900' }, origin: { type: 'extraction' } });
    expect(lots.get('CL-BRINE-7')).toMatchObject({ grossMassKg: '200000', composition: { lithium: '12000' } });
    expect(lots.get('US-BM-3')).toMatchObject({
      grossMassKg: '50000',
      composition: { lithium: '1500', nickel: '10000', cobalt: '3000', manganese: '3000' },
      origin: { type: 'recycling', feedstock: 'post-consumer' },
    });
    const refining = transformations.find((t) => t.outputs.some((output) => output.lotId === 'JP-LIOH-1'));
    expect(refining?.inputs).toEqual([
      { lotId: 'AU-SPOD-1', massKg: '500000' },
      { lotId: 'CL-BRINE-7', massKg: '200000' },
      { lotId: 'US-BM-3', massKg: '50000' },
    ]);
    expect(refining?.outputs).toEqual([{ lotId: 'JP-LIOH-1', form: 'hydroxide', grossMassKg: '150000', composition: { lithium: '26000' } }]);
    const facilityCountry = (id: string) => supplyChain.facilities.find((facility) => facility.id === id)?.country;
    expect(facilityCountry(refining!.facilityId)).toBe('JP');
    const { lots: final } = play(steps);
    expect(final.get('AU-SPOD-1')?.gross).toBe(500_000_000n);
    expect(final.get('AU-SPOD-1')?.composition.get('lithium')).toBe(13_950_000n);
  });

  it('touches all five minerals and ends in a cathode lot holding lithium, nickel, manganese and cobalt', () => {
    const minerals = new Set(
      steps.flatMap((step) => (step.kind === 'origin' ? Object.keys(step.body.composition) : [])),
    );
    expect([...minerals].sort()).toEqual(['cobalt', 'graphite', 'lithium', 'manganese', 'nickel']);
    const cathode = play(steps).lots.get(supplyChain.cathodeLotId);
    expect(cathode?.status).toBe('active');
    expect([...(cathode?.composition.keys() ?? [])].sort()).toEqual(['cobalt', 'lithium', 'manganese', 'nickel']);
  });

  it('includes a split, a blend, a short receipt, a mine certification, a high forced-labor flag and a retirement', () => {
    expect(transformations.some((t) => t.inputs.length === 1 && t.outputs.length > 1)).toBe(true);
    expect(transformations.some((t) => t.process === 'blend' && t.inputs.length > 1 && t.outputs.length === 1)).toBe(true);
    expect(play(steps).shortReceipts).toEqual([supplyChain.shortReceivedLotId]);
    const mines = new Set(supplyChain.facilities.filter((facility) => facility.kind === 'mine').map((facility) => facility.id));
    expect(steps.some((step) => step.kind === 'certification' && step.subject.kind === 'facility' && mines.has(step.subject.facilityId))).toBe(true);
    expect(steps.some((step) => step.kind === 'flag' && step.body.category === 'forced-labor' && step.body.severity === 'high')).toBe(true);
    expect(steps.filter((step) => step.kind === 'retirement')).toHaveLength(1);
  });

  it('sends at least five shipments across a border', () => {
    const countryOfParty = new Map(supplyChain.parties.map((party) => [party.id, party.country]));
    const crossBorder = steps.flatMap((step) =>
      step.kind === 'shipment' && countryOfParty.get(step.actor) !== step.body.destinationCountry ? [step] : [],
    );
    expect(crossBorder.length).toBeGreaterThanOrEqual(5);
  });
});
