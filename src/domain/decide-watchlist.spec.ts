import type { AmendWatchlist, CreateWatchlist, RaiseFlag, RaiseScreeningFlag, RegisterParty, ResolveScreeningFlag } from './commands';
import { isLei } from './entity-identifiers';
import { isGln } from './gs1-key';
import {
  FlagAlreadyExists,
  InvalidCommand,
  MissingRole,
  PartyNotFound,
  ScreeningOnly,
  FlagAlreadyResolved,
  UnknownWatchlistEntry,
  WatchlistAlreadyExists,
  WatchlistAmendmentAlreadyExists,
  WatchlistAmendmentBeforeList,
  WatchlistEntryAlreadyListed,
  WatchlistEntryUnidentifiable,
  WatchlistNotFound,
} from './errors';
import type { GivenEvent } from './testing/world';
import type { WatchlistAmended, WatchlistCreated } from './events';
import { SCREENING_ACTOR } from './screening-actor';
import { given } from './testing/decider-spec';
import { actors, facilities, parties } from './testing/fixtures';
import { partyOf, watchlistOf } from './testing/world';
import { entriesInForceAt, listingIntervals } from './watchlist';

const LEI = '529900T8BM49AURSDO55';

const listCreated: WatchlistCreated = {
  type: 'WatchlistCreated',
  data: { listId: 'uflpa', name: 'UFLPA Entity List', authority: 'DHS FLETF', category: 'forced-labor', effectiveFrom: '2022-06-21T00:00:00Z' },
};

const create = (overrides: Partial<CreateWatchlist> = {}): CreateWatchlist => ({
  type: 'CreateWatchlist',
  actor: actors.regulator,
  listId: 'uflpa',
  name: 'UFLPA Entity List',
  authority: 'DHS FLETF',
  category: 'forced-labor',
  effectiveFrom: '2022-06-21T00:00:00Z',
  ...overrides,
});

const amend = (overrides: Partial<AmendWatchlist> = {}): AmendWatchlist => ({
  type: 'AmendWatchlist',
  actor: actors.regulator,
  listId: 'uflpa',
  amendmentId: 'FR-2025-00123',
  effectiveFrom: '2025-01-15T00:00:00Z',
  reference: '90 FR 1234',
  add: [{ entryId: 'E-1', name: 'Xinjiang Nonferrous Metal Co., Ltd.', countries: ['CN'], identifiers: { lei: LEI } }],
  remove: [],
  ...overrides,
});

const amended = (amendmentId: string, effectiveFrom: string, add: WatchlistAmended['data']['add'], remove: string[] = []): WatchlistAmended => ({
  type: 'WatchlistAmended',
  data: { listId: 'uflpa', amendmentId, effectiveFrom, reference: `ref ${amendmentId}`, add, remove },
});

const e1 = amended('A-1', '2025-01-15T00:00:00Z', [{ entryId: 'E-1', name: 'Xinjiang Nonferrous Metal', identifiers: { lei: LEI } }]);

describe('Art. 5.8: watch lists are dated data a regulator records', () => {
  it('a regulator creates a list, from a date in the past or now', () => {
    given().when(create()).then([listCreated]);
    given()
      .when(create({ effectiveFrom: undefined }))
      .thenEvents(([event]) => expect(event).toMatchObject({ type: 'WatchlistCreated', data: { effectiveFrom: '2026-06-01T12:00:00Z' } }));
  });

  it('only a regulator creates or amends a list; a list id is used once', () => {
    given().when(create({ actor: actors.auditor })).thenThrows(MissingRole);
    given(listCreated).when(amend({ actor: actors.auditor })).thenThrows(MissingRole);
    given(listCreated).when(create()).thenThrows(WatchlistAlreadyExists, (e) => expect(e.kind).toBe('conflict'));
  });

  it('an amendment adds entries from its date, citing where it was published', () => {
    const expected = amended('FR-2025-00123', '2025-01-15T00:00:00Z', [
      { entryId: 'E-1', name: 'Xinjiang Nonferrous Metal Co., Ltd.', countries: ['CN'], identifiers: { lei: LEI } },
    ]);
    const after = given(listCreated)
      .when(amend())
      .then([{ ...expected, data: { ...expected.data, reference: '90 FR 1234' } }]);
    const list = watchlistOf(after, 'uflpa');
    expect([...entriesInForceAt(list, '2025-01-14T23:59:59Z').keys()]).toEqual([]);
    expect([...entriesInForceAt(list, '2025-01-15T00:00:00Z').keys()]).toEqual(['E-1']);
  });

  it('bad input is refused with nothing decided: unknown list, before the list existed, an entry naming nothing, a remove of an unknown entry', () => {
    given().when(amend()).thenThrows(WatchlistNotFound, (e) => expect(e.kind).toBe('not-found'));
    given(listCreated)
      .when(amend({ effectiveFrom: '2021-01-01T00:00:00Z' }))
      .thenThrows(WatchlistAmendmentBeforeList, (e) => expect(e.field).toBe('effectiveFrom'));
    given(listCreated)
      .when(amend({ add: [{ entryId: 'E-9', countries: ['CN'] }] }))
      .thenThrows(WatchlistEntryUnidentifiable, (e) => expect(e.field).toBe('add.0'));
    given(listCreated)
      .when(amend({ add: [], remove: ['E-404'] }))
      .thenThrows(UnknownWatchlistEntry, (e) => expect(e.field).toBe('remove.0'));
    given(listCreated)
      .when(amend({ add: [{ entryId: 'E-2', name: 'X', identifiers: { lei: '529900T8BM49AURSDO56' } }] }))
      .thenThrows(InvalidCommand, (e) => expect(e.field).toBe('add.0.identifiers.lei'));
    given(listCreated).when(amend({ add: [], remove: [] })).thenThrows(InvalidCommand);
  });

  it('an amendment id is used once per list; an entry in force cannot be added again, nor one delisted removed again', () => {
    given(listCreated, e1).when(amend({ amendmentId: 'A-1' })).thenThrows(WatchlistAmendmentAlreadyExists);
    given(listCreated, e1).when(amend({ effectiveFrom: '2025-02-01T00:00:00Z', add: [{ entryId: 'E-1', name: 'again' }] })).thenThrows(WatchlistEntryAlreadyListed);
    const delisted = amended('A-2', '2025-06-01T00:00:00Z', [], ['E-1']);
    given(listCreated, e1, delisted).when(amend({ effectiveFrom: '2025-07-01T00:00:00Z', add: [], remove: ['E-1'] })).thenThrows(UnknownWatchlistEntry);
    // Before the delisting took effect it was still listed: a removal then is fine.
    given(listCreated, e1, delisted).when(amend({ effectiveFrom: '2025-03-01T00:00:00Z', add: [], remove: ['E-1'] })).thenEvents((events) => expect(events).toHaveLength(1));
  });

  it('amendments apply in the order of their dates, a backdated one among the others', () => {
    const later = amended('A-2', '2025-06-01T00:00:00Z', [], ['E-1']);
    const backdated = amended('A-3', '2024-01-01T00:00:00Z', [{ entryId: 'E-0', name: 'Early Entity' }]);
    const world = given(listCreated, e1, later).when(amend({ amendmentId: 'A-3', effectiveFrom: '2024-01-01T00:00:00Z', add: backdated.data.add, reference: 'ref A-3' })).then([backdated]);
    const list = watchlistOf(world, 'uflpa');
    expect([...entriesInForceAt(list, '2024-06-01T00:00:00Z').keys()]).toEqual(['E-0']);
    expect([...entriesInForceAt(list, '2025-02-01T00:00:00Z').keys()].sort()).toEqual(['E-0', 'E-1']);
    expect([...entriesInForceAt(list, '2025-06-01T00:00:00Z').keys()]).toEqual(['E-0']);
    expect(
      listingIntervals([
        { kind: 'add', amendmentId: 'A-1', effectiveFrom: '2025-01-15T00:00:00Z' },
        { kind: 'remove', amendmentId: 'A-2', effectiveFrom: '2025-06-01T00:00:00Z' },
        { kind: 'add', amendmentId: 'A-4', effectiveFrom: '2026-01-01T00:00:00Z' },
      ]),
    ).toEqual([
      { amendmentId: 'A-1', from: '2025-01-15T00:00:00Z', to: '2025-06-01T00:00:00Z', delistedBy: 'A-2' },
      { amendmentId: 'A-4', from: '2026-01-01T00:00:00Z', to: null, delistedBy: null },
    ]);
  });
});

describe('identifiers: checked where they enter the ledger', () => {
  it('LEIs carry ISO 7064 check digits, GLNs a GS1 check digit', () => {
    expect(isLei(LEI)).toBe(true);
    expect(isLei('5493001KJTIIGC8Y1R12')).toBe(true);
    expect(isLei('5493001KJTIIGC8Y1R13')).toBe(false);
    expect(isLei('5493001kjtiigc8y1r12')).toBe(false);
    expect(isGln('9506000000015')).toBe(true);
    expect(isGln('9506000000016')).toBe(false);
  });

  const register = (overrides: Partial<RegisterParty> = {}): RegisterParty => ({
    type: 'RegisterParty',
    actor: actors.admin,
    partyId: 'xj-nonferrous',
    name: 'Xinjiang Nonferrous Metal Co., Ltd.',
    country: 'CN',
    roles: ['processor'],
    ...overrides,
  });

  it('a party registers an LEI and a registration number; a bad one is refused naming the field', () => {
    const after = given()
      .when(register({ identifiers: { lei: LEI, registrationNumber: '91650000228601173X' } }))
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { identifiers: { lei: LEI, registrationNumber: '91650000228601173X' } } }));
    expect(partyOf(after, 'xj-nonferrous').identifiers).toEqual({ lei: LEI, registrationNumber: '91650000228601173X' });
    given().when(register({ identifiers: { lei: 'not-an-lei' } })).thenThrows(InvalidCommand, (e) => expect(e.field).toBe('identifiers.lei'));
    given().when(register({ identifiers: {} })).thenEvents(([event]) => expect(event.data).not.toHaveProperty('identifiers'));
  });

  it("no party may register as the ledger's own screening", () => {
    given().when(register({ partyId: 'screening' })).thenThrows(InvalidCommand, (e) => expect(e.field).toBe('id'));
  });
});

describe('screening flags: raised and resolved by the ledger\'s own screening only', () => {
  const world: GivenEvent[] = [...parties, ...facilities];
  const raise = (overrides: Partial<RaiseScreeningFlag> = {}): RaiseScreeningFlag => ({
    type: 'RaiseScreeningFlag',
    actor: SCREENING_ACTOR,
    subject: { kind: 'party', partyId: actors.jpRefiner.partyId },
    flagId: 'scr-1',
    category: 'forced-labor',
    severity: 'high',
    description: 'listed',
    source: { listId: 'uflpa', entryId: 'E-1', amendmentId: 'A-1' },
    match: { by: 'identifier', identifier: 'lei', value: LEI },
    occurredAt: '2026-01-01T00:00:00Z',
    ...overrides,
  });

  it('an identifier match raises an automatic flag of the list category on the party, naming the source', () => {
    const after = given(...world)
      .when(raise())
      .thenEvents(([event]) =>
        expect(event).toEqual({
          type: 'FlagRaised',
          data: {
            flagId: 'scr-1',
            subject: { kind: 'party', partyId: 'jp-refiner' },
            category: 'forced-labor',
            severity: 'high',
            description: 'listed',
            automatic: true,
            source: { listId: 'uflpa', entryId: 'E-1', amendmentId: 'A-1' },
            match: { by: 'identifier', identifier: 'lei', value: LEI },
          },
        }),
      );
    expect(partyOf(after, 'jp-refiner').openFlags).toEqual([{ flagId: 'scr-1', category: 'forced-labor', severity: 'high', automatic: true }]);
  });

  it('a name-only match raises a review flag, never an automatic one', () => {
    const byName = { by: 'name' as const, name: 'jp refiner', listedName: 'JP Refiner', similarity: 0.97 };
    given(...world)
      .when(raise({ match: byName, category: 'review' }))
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { category: 'review', automatic: false } }));
    given(...world).when(raise({ match: byName })).thenThrows(InvalidCommand, (e) => expect(e.field).toBe('category'));
  });

  const flagRaised: GivenEvent = {
    type: 'FlagRaised',
    data: {
      flagId: 'scr-1',
      subject: { kind: 'party', partyId: 'jp-refiner' },
      category: 'forced-labor',
      severity: 'high',
      description: 'listed',
      automatic: true,
      source: { listId: 'uflpa', entryId: 'E-1', amendmentId: 'A-1' },
      match: { by: 'identifier', identifier: 'lei', value: LEI },
    },
  };
  const resolve = (overrides: Partial<ResolveScreeningFlag> = {}): ResolveScreeningFlag => ({
    type: 'ResolveScreeningFlag',
    actor: SCREENING_ACTOR,
    subject: { kind: 'party', partyId: 'jp-refiner' },
    flagId: 'scr-1',
    note: 'delisted by A-2',
    occurredAt: '2026-02-01T00:00:00Z',
    ...overrides,
  });

  it('nobody but screening raises or resolves screening flags; a flag id raised once is not raised again', () => {
    given(...world).when(raise({ actor: actors.regulator })).thenThrows(ScreeningOnly, (e) => expect(e.kind).toBe('forbidden'));
    given(...world, flagRaised).when(resolve({ actor: actors.auditor })).thenThrows(ScreeningOnly);
    given(...world, flagRaised).when(raise()).thenThrows(FlagAlreadyExists);
  });

  it('a delisting resolves an open screening flag as delisted, once', () => {
    const after = given(...world, flagRaised)
      .when(resolve())
      .then([{ type: 'FlagResolved', data: { flagId: 'scr-1', subject: { kind: 'party', partyId: 'jp-refiner' }, outcome: 'delisted', note: 'delisted by A-2' } }]);
    expect(partyOf(after, 'jp-refiner').openFlags).toEqual([]);
    given(...world, flagRaised, { type: 'FlagResolved', data: { flagId: 'scr-1', subject: { kind: 'party', partyId: 'jp-refiner' }, outcome: 'delisted', note: '' } })
      .when(resolve())
      .thenThrows(FlagAlreadyResolved);
  });
});

describe('party flags by hand', () => {
  const raiseOnParty = (overrides: Partial<RaiseFlag> = {}): RaiseFlag => ({
    type: 'RaiseFlag',
    actor: actors.auditor,
    subject: { kind: 'party', partyId: actors.jpRefiner.partyId },
    flagId: 'F-P-1',
    category: 'sanctions',
    severity: 'high',
    description: 'Named in a sanctions notice',
    occurredAt: '2026-04-01T00:00:00Z',
    ...overrides,
  });

  it('an auditor flags a party; a review flag and a delisted outcome are screening\'s own', () => {
    const after = given(...parties).when(raiseOnParty()).thenEvents(([event]) => expect(event).toMatchObject({ data: { subject: { kind: 'party' }, automatic: false } }));
    expect(partyOf(after, 'jp-refiner').openFlags).toHaveLength(1);
    given(...parties).when(raiseOnParty({ category: 'review' })).thenThrows(InvalidCommand, (e) => expect(e.field).toBe('category'));
    given(...parties).when(raiseOnParty({ subject: { kind: 'party', partyId: 'nobody' } })).thenThrows(PartyNotFound);
  });
});
