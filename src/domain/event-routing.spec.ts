import { routedStreams, type EventTypeOn } from './event-routing';
import { EVENT_ROUTES, LEDGER_EVENT_TYPES, type EventRoutes, type LedgerEvent } from './events';
import { asLedgerEvent, eventOn } from './stored-event';
import { streamRef } from './stream-ref';
import { actors, auSpodumene, kg } from './testing/fixtures';

const transformed: LedgerEvent = {
  type: 'LotTransformed',
  data: {
    transformationId: 'T-1',
    facilityId: 'jp-refinery',
    country: 'JP',
    process: 'refining',
    custodianId: actors.jpRefiner.partyId,
    inputs: [
      { lotId: 'IN-1', consumedMassG: kg(10), givenUp: { lithium: kg(1) } },
      { lotId: 'IN-2', consumedMassG: kg(10), givenUp: { lithium: kg(1) } },
    ],
    outputs: [{ lotId: 'OUT-1', form: 'hydroxide', grossMassG: kg(5), composition: { lithium: kg(2) } }],
  },
};

describe('the event registry: every event type once, with the streams it is written on', () => {
  it('lists each type of the LedgerEvent union once, and only those are read back as ledger events', () => {
    expect(new Set(LEDGER_EVENT_TYPES).size).toBe(LEDGER_EVENT_TYPES.length);
    expect(asLedgerEvent({ ...auSpodumene, occurredAt: '2026-01-01T00:00:00Z' })).toEqual(auSpodumene);
    expect(asLedgerEvent({ type: 'LotTeleported', data: {}, occurredAt: '2026-01-01T00:00:00Z' })).toBeNull();
  });

  it('routes a lot event to its lot, a transformation to every input and output, a flag to its subject', () => {
    expect(routedStreams(auSpodumene)).toEqual([streamRef.lot('AU-SPOD-1')]);
    expect(routedStreams(transformed)).toEqual([streamRef.lot('IN-1'), streamRef.lot('IN-2'), streamRef.lot('OUT-1')]);
    const flag: LedgerEvent = {
      type: 'FlagRaised',
      data: { flagId: 'F-1', subject: { kind: 'facility', facilityId: 'au-mine' }, category: 'other', severity: 'low', description: 'x', automatic: false },
    };
    expect(routedStreams(flag)).toEqual([streamRef.facility('au-mine')]);
    expect(routedStreams({ type: 'EventCorrected', data: { correctedEventId: 'e-1', reason: 'x' } })).toBeNull();
  });

  it('a fold sees only the types written on its kind of stream', () => {
    const stored = { ...auSpodumene, occurredAt: '2026-01-01T00:00:00Z' };
    expect(eventOn('lot', stored)).toEqual(auSpodumene);
    expect(eventOn('party', stored)).toBeNull();
    expect(eventOn('facility', { type: 'EventCorrected', data: {}, occurredAt: stored.occurredAt })).not.toBeNull();
  });

  // The lines below are checked by `tsc --noEmit` (run by `npm test`): jest does not type-check.
  it('a registry missing one event type does not compile', () => {
    const { LotRetired, ...withoutOne } = EVENT_ROUTES;
    // @ts-expect-error LotRetired has no route
    const incomplete: EventRoutes = withoutOne;
    expect(Object.keys(incomplete)).toHaveLength(LEDGER_EVENT_TYPES.length - 1);
    expect(LotRetired.on).toEqual(['lot']);
  });

  it('the types a fold must handle follow from the routes', () => {
    const onLots: EventTypeOn<'lot'>[] = ['LotShipped', 'FlagRaised', 'EventCorrected'];
    // @ts-expect-error a party registration is never written on a lot stream
    const notOnLots: EventTypeOn<'lot'> = 'PartyRegistered';
    // @ts-expect-error nor a shipment on a party stream
    const notOnParties: EventTypeOn<'party'> = 'LotShipped';
    expect([...onLots, notOnLots, notOnParties].every((type) => LEDGER_EVENT_TYPES.includes(type))).toBe(true);
  });
});
