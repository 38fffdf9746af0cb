import { foldAnnex, INITIAL_ANNEX_AMENDMENT, mineralsInForceAt } from './annex';
import type { AmendAnnex } from './commands';
import {
  AnnexAmendmentAlreadyExists,
  AnnexAmendmentWithoutEffect,
  AnnexRemovalBackdated,
  InvalidCommand,
  InvalidMineralName,
  InvalidTimestamp,
  MissingRole,
} from './errors';
import type { AnnexAmended } from './events';
import { given } from './testing/decider-spec';
import { actors } from './testing/fixtures';

const at = (occurredAt: string) => ({ ...INITIAL_ANNEX_AMENDMENT, occurredAt });
const amended = (amendmentId: string, add: string[], remove: string[], effectiveFrom: string): AnnexAmended => ({
  type: 'AnnexAmended',
  data: { amendmentId, add, remove, effectiveFrom, reference: 'test' },
});

const amend = (overrides: Partial<AmendAnnex> = {}): AmendAnnex => ({
  type: 'AmendAnnex',
  actor: actors.regulator,
  amendmentId: 'A-2026-1',
  add: ['copper'],
  remove: [],
  effectiveFrom: '2026-07-01T00:00:00Z',
  reference: 'Joint Committee decision 2026/1',
  ...overrides,
});

describe('the Annex is data with effective dates', () => {
  it('starts with the five minerals of the Agreement from 28 March 2023', () => {
    const annex = foldAnnex([at('2023-03-28T00:00:00Z')]);
    expect(mineralsInForceAt(annex, '2023-03-27T23:59:59Z')).toEqual(new Set());
    expect(mineralsInForceAt(annex, '2023-03-28T00:00:00Z')).toEqual(
      new Set(['cobalt', 'graphite', 'lithium', 'manganese', 'nickel']),
    );
  });

  it('applies amendments in effective-date order, whatever order they were recorded in', () => {
    const annex = foldAnnex([
      at('2023-03-28T00:00:00Z'),
      { ...amended('b', [], ['copper'], '2027-01-01T00:00:00Z'), occurredAt: '2026-01-01T00:00:00Z' },
      { ...amended('a', ['copper'], [], '2026-01-01T00:00:00Z'), occurredAt: '2026-01-02T00:00:00Z' },
    ]);
    expect(mineralsInForceAt(annex, '2025-12-31T23:59:59Z').has('copper')).toBe(false);
    expect(mineralsInForceAt(annex, '2026-06-01T00:00:00+09:00').has('copper')).toBe(true);
    expect(mineralsInForceAt(annex, '2027-01-01T00:00:00Z').has('copper')).toBe(false);
  });
});

describe('amending the Annex', () => {
  it('a regulator adds a mineral from a date', () => {
    given()
      .when(amend())
      .then([
        {
          type: 'AnnexAmended',
          data: {
            amendmentId: 'A-2026-1',
            add: ['copper'],
            remove: [],
            effectiveFrom: '2026-07-01T00:00:00Z',
            reference: 'Joint Committee decision 2026/1',
          },
        },
      ]);
  });

  it('only a regulator amends the Annex', () => {
    given().when(amend({ actor: actors.auditor })).thenThrows(MissingRole);
    given().when(amend({ actor: actors.admin })).thenThrows(MissingRole);
  });

  it('a removal cannot reach into the past (it would void recorded events); an addition can', () => {
    given().at('2026-06-01T12:00:00Z').when(amend({ add: [], remove: ['graphite'], effectiveFrom: '2026-06-01T11:00:00Z' })).thenThrows(AnnexRemovalBackdated);
    given().at('2026-06-01T12:00:00Z').when(amend({ effectiveFrom: '2024-01-01T00:00:00Z' })).thenEvents(([e]) => expect(e.type).toBe('AnnexAmended'));
  });

  it('an amendment changes something: no adding a listed mineral, no removing an unlisted one', () => {
    given().when(amend({ add: ['lithium'] })).thenThrows(AnnexAmendmentWithoutEffect, (e) => expect(e.field).toBe('add.0'));
    given().when(amend({ add: [], remove: ['copper'] })).thenThrows(AnnexAmendmentWithoutEffect);
    given().when(amend({ add: [], remove: [] })).thenThrows(InvalidCommand);
    given().when(amend({ add: ['copper'], remove: ['copper'] })).thenThrows(InvalidCommand);
  });

  it('amendment ids are unique; names and dates are well formed', () => {
    given(amended('A-2026-1', ['tin'], [], '2026-01-01T00:00:00Z')).when(amend()).thenThrows(AnnexAmendmentAlreadyExists);
    given().when(amend({ add: ['Copper'] })).thenThrows(InvalidMineralName);
    given().when(amend({ effectiveFrom: '2026-02-30T00:00:00Z' })).thenThrows(InvalidTimestamp);
  });
});
