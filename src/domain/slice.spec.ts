import { decideRetireLot } from './decide-retire-lot';
import { defineSlice, read, streamReads, writesOf } from './slice';
import { SLICES, type ReceiveLot, type RetireLot, type SliceRegistry } from './commands';
import { streamRef } from './stream-ref';
import { actors, kg } from './testing/fixtures';

const retire: RetireLot = { type: 'RetireLot', actor: actors.auMiner, lotId: 'L-1', reason: 'manufactured', occurredAt: '2026-01-01T00:00:00Z' };
const retired = { type: 'LotRetired' as const, data: { lotId: 'L-1', reason: 'manufactured' as const } };

describe('slices: what a command reads, and where what it decides is written', () => {
  it('reads every stream it names once, skipping the optional reads the command does not need', () => {
    const ship = SLICES.ShipLot.reads({
      type: 'ShipLot',
      actor: actors.auMiner,
      lotId: 'L-1',
      shipmentId: 'S-1',
      toPartyId: 'jp-refiner',
      destinationCountry: 'JP',
      occurredAt: '2026-01-01T00:00:00Z',
    });
    expect(streamReads(ship)).toEqual([read.lot('L-1'), read.party('jp-refiner')]);
    expect(streamReads({ a: read.lot('L-1'), b: read.each(['L-1', 'L-2'], read.lot) })).toEqual([read.lot('L-1'), read.lot('L-2')]);
  });

  it('groups the events decided for one stream into one write, in order', () => {
    const receive: ReceiveLot = { type: 'ReceiveLot', actor: actors.jpRefiner, lotId: 'L-1', shipmentId: 'S-1', facilityId: 'f', receivedMassG: kg(1), occurredAt: '2026-01-01T00:00:00Z' };
    const received = { type: 'LotReceived' as const, data: { lotId: 'L-1', shipmentId: 'S-1', receiverId: 'r', facilityId: 'f', country: 'JP', shippedMassG: 2, receivedMassG: 1, composition: {} } };
    const flagged = {
      type: 'FlagRaised' as const,
      data: { flagId: 'F', subject: { kind: 'lot' as const, lotId: 'L-1' }, category: 'mass-discrepancy' as const, severity: 'medium' as const, description: 'x', automatic: true },
    };
    expect(writesOf(SLICES.ReceiveLot, receive, [received, flagged], new Set(['lot-L-1', 'facility-f']))).toEqual([
      { stream: streamRef.lot('L-1'), streamId: 'lot-L-1', events: [received, flagged] },
    ]);
  });

  it('refuses to write a stream the command did not read: it has no revision to write it at', () => {
    const careless = defineSlice({ reads: () => ({}), decide: (command: RetireLot) => [{ ...retired, data: { ...retired.data, lotId: command.lotId } }] });
    expect(() => writesOf(careless, retire, [retired], new Set())).toThrow('RetireLot writes lot-L-1, which it did not read');
  });

  it('refuses an event whose stream neither the registry nor the slice names', () => {
    const corrected = { type: 'EventCorrected' as const, data: { correctedEventId: 'e-1', reason: 'x' } };
    const silent = defineSlice({ reads: (command: RetireLot) => ({ lot: read.lot(command.lotId) }), decide: () => [corrected] });
    expect(() => writesOf(silent, retire, [corrected], new Set(['lot-L-1']))).toThrow('names no stream');
  });

  // Checked by `tsc --noEmit` (run by `npm test`): jest does not type-check.
  it('a slice registry missing one command, or a decider given the wrong reads, does not compile', () => {
    const { RetireLot: retireLotSlice, ...withoutOne } = SLICES;
    // @ts-expect-error RetireLot has no slice
    const incomplete: SliceRegistry = withoutOne;
    // @ts-expect-error decideRetireLot needs the lot's state, not the party's
    const misread = defineSlice({ reads: (command: RetireLot) => ({ lot: read.party(command.actor.partyId) }), decide: decideRetireLot });
    expect(Object.keys(incomplete)).not.toContain('RetireLot');
    expect([retireLotSlice, misread].every((slice) => typeof slice.decide === 'function')).toBe(true);
  });
});
