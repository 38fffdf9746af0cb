import type { RetireLot } from './commands';
import { InvalidCommand, LotNotAvailable, NotCustodian } from './errors';
import { given } from './testing/decider-spec';
import { actors, auSpodumene, facilities, parties } from './testing/fixtures';
import { lotOf } from './testing/world';

const retire = (overrides: Partial<RetireLot> = {}): RetireLot => ({
  type: 'RetireLot',
  actor: actors.auMiner,
  lotId: 'AU-SPOD-1',
  reason: 'manufactured',
  productRef: 'cell-batch-42',
  occurredAt: '2026-02-01T00:00:00Z',
  ...overrides,
});

const extracted = [...parties, ...facilities, auSpodumene];

describe('rule 4: retirement', () => {
  it('the custodian retires an active lot', () => {
    const after = given(...extracted)
      .when(retire())
      .then([{ type: 'LotRetired', data: { lotId: 'AU-SPOD-1', reason: 'manufactured', productRef: 'cell-batch-42' } }]);
    expect(lotOf(after, 'AU-SPOD-1').status).toBe('retired');
  });

  it('only the custodian may retire a lot', () => {
    given(...extracted).when(retire({ actor: actors.jpRefiner })).thenThrows(NotCustodian);
  });

  it('a retired lot cannot be retired again', () => {
    given(...extracted, { type: 'LotRetired', data: { lotId: 'AU-SPOD-1', reason: 'lost' } })
      .when(retire())
      .thenThrows(LotNotAvailable);
  });

  it('the reason is manufactured, disposed or lost', () => {
    given(...extracted)
      .when(retire({ reason: 'sold' as never }))
      .thenThrows(InvalidCommand, (e) => expect(e.field).toBe('reason'));
  });
});
