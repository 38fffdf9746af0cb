import { foldLot } from './lot';
import { mayReadLot } from './lot-access';
import { actors, auSpodumene, hop, kg } from './testing/fixtures';

const at = (occurredAt: string) => <T extends object>(event: T) => ({ ...event, occurredAt });

describe('the lot fold', () => {
  it('follows the lot from its origin through a hop, remembering every holder', () => {
    const lot = foldLot('AU-SPOD-1', [
      at('2026-01-01T00:00:00Z')(auSpodumene),
      ...hop('AU-SPOD-1', kg(1_000_000), { lithium: kg(27_900) }, actors.auMiner, actors.trader, 'sg-port', 'SG').map(
        at('2026-02-01T00:00:00Z'),
      ),
    ]);
    expect(lot).toMatchObject({
      exists: true,
      status: 'active',
      custodianId: 'sg-trader',
      locationFacilityId: 'sg-port',
      holders: ['au-miner', 'sg-trader'],
      origin: { type: 'extraction', facilityId: 'au-mine', country: 'AU', recycled: false },
      receivedShipmentIds: ['AU-SPOD-1-to-sg-trader'],
      lastOccurredAt: '2026-02-01T00:00:00Z',
    });
  });

  it('ignores event types it does not know, so newer streams still fold', () => {
    const lot = foldLot('AU-SPOD-1', [at('2026-01-01T00:00:00Z')(auSpodumene), { type: 'LotRelabelled', data: {}, occurredAt: '2026-02-01T00:00:00Z' }]);
    expect(lot.lastOccurredAt).toBe('2026-01-01T00:00:00Z');
  });
});

describe('who may read a lot: transparency flows downstream with the material', () => {
  const [shipped] = hop('AU-SPOD-1', kg(1_000_000), { lithium: kg(27_900) }, actors.auMiner, actors.jpRefiner, 'jp-refinery', 'JP');
  const lot = foldLot('AU-SPOD-1', [at('2026-01-01T00:00:00Z')(auSpodumene), at('2026-02-01T00:00:00Z')(shipped)]);

  it('holders, the pending consignee, auditors and regulators read it; other operators do not', () => {
    expect(mayReadLot(lot, actors.auMiner)).toBe(true);
    expect(mayReadLot(lot, actors.jpRefiner)).toBe(true);
    expect(mayReadLot(lot, actors.auditor)).toBe(true);
    expect(mayReadLot(lot, actors.regulator)).toBe(true);
    expect(mayReadLot(lot, actors.trader)).toBe(false);
  });
});
