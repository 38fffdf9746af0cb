import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provenanceProjections } from '../../projections/provenance-projections';
import type { LedgerCommand } from '../../src/domain/commands';
import { streams } from '../../src/domain/events';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import type { Clock } from '../../src/ledger/clock';
import { LedgerStateReader } from '../../src/ledger/ledger-state.reader';
import { LedgerWriter } from '../../src/ledger/ledger-writer';
import { UseCaseRunner } from '../../src/ledger/use-case-runner';
import { ProjectionRunner } from '../../src/projection-runner/projection-runner';
import { SqliteReadModel } from '../../src/projection-runner/sqlite-read-model';
import { ScreeningReactor } from '../../src/screening/screening-reactor';

const LEI = '529900T8BM49AURSDO55';
const regulator = { partyId: 'regulator', roles: ['regulator' as const] };
const admin = { partyId: 'ledger-admin', roles: ['admin' as const] };

/** The reactor over a real SQLite store and read models, with a clock the test moves. */
describe('the screening reactor screens amendments when their date comes, across restarts', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModel: SqliteReadModel;
  let projections: ProjectionRunner;
  let runner: UseCaseRunner;
  let now = '2026-01-01T00:00:00.000Z';
  const clock: Clock = { now: () => now };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'screening-reactor-'));
    store = openSqliteEventStore(dir);
    readModel = SqliteReadModel.open(dir, provenanceProjections);
    projections = new ProjectionRunner(store, readModel);
    await projections.start();
    const reader = new LedgerStateReader(store);
    runner = new UseCaseRunner(reader, new LedgerWriter(store, reader), clock);
  });
  afterAll(async () => {
    await projections.stop();
    readModel.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const reactor = () =>
    new ScreeningReactor(store, {
      dataDir: dir,
      clock,
      run: (command: LedgerCommand) => runner.run(command),
      readSide: { reader: readModel, waitFor: (position, timeoutMs) => projections.waitFor(position, timeoutMs) },
      onError: (error) => {
        throw error;
      },
    });
  const flagsOfParty = async () => (await store.readStream(streams.party('xj'))).filter((e) => e.type.startsWith('Flag'));

  it('an amendment effective later raises nothing now, and raises its flag once its date has come, after a restart', async () => {
    await runner.run({ type: 'RegisterParty', actor: admin, partyId: 'xj', name: 'Xinjiang Nonferrous', country: 'CN', roles: ['processor'], identifiers: { lei: LEI } });
    await runner.run({ type: 'CreateWatchlist', actor: regulator, listId: 'uflpa', name: 'UFLPA', authority: 'DHS', category: 'forced-labor', effectiveFrom: '2025-01-01T00:00:00Z' });
    await runner.run({
      type: 'AmendWatchlist',
      actor: regulator,
      listId: 'uflpa',
      amendmentId: 'A-LIST',
      effectiveFrom: '2026-03-01T00:00:00Z',
      reference: 'announced',
      add: [{ entryId: 'E-1', name: 'Xinjiang Nonferrous', identifiers: { lei: LEI } }],
      remove: [],
    });
    const first = reactor();
    await first.start();
    await first.settled();
    expect(await flagsOfParty()).toEqual([]);
    await first.stop();

    now = '2026-03-02T00:00:00.000Z';
    const second = reactor();
    await second.start();
    await waitFor(async () => (await flagsOfParty()).length === 1);
    await second.settled();
    const [raised] = await flagsOfParty();
    expect(raised).toMatchObject({ type: 'FlagRaised', actorPartyId: 'screening', occurredAt: '2026-03-01T00:00:00Z', data: { automatic: true, source: { amendmentId: 'A-LIST' } } });
    expect((await store.readStream(streams.watchlist('uflpa'))).filter((e) => e.type === 'WatchlistScreened')).toHaveLength(1);

    // A delisting announced for later resolves the flag on its date, as of that date.
    await runner.run({ type: 'AmendWatchlist', actor: regulator, listId: 'uflpa', amendmentId: 'A-DELIST', effectiveFrom: '2026-04-01T00:00:00Z', reference: 'announced', add: [], remove: ['E-1'] });
    await second.settled();
    expect(await flagsOfParty()).toHaveLength(1);
    await second.stop();
    now = '2026-04-01T00:00:01.000Z';
    const third = reactor();
    await third.start();
    await waitFor(async () => (await flagsOfParty()).length === 2);
    await third.settled();
    expect((await flagsOfParty())[1]).toMatchObject({ type: 'FlagResolved', occurredAt: '2026-04-01T00:00:00Z', data: { outcome: 'delisted' } });
    await third.stop();
  }, 60_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
