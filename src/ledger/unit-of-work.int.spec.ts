import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerCommand, RecordLotOrigin, ShipLot } from '../domain/commands';
import { LotAlreadyExists, LotNotFound } from '../domain/errors';
import { actors, kg } from '../domain/testing/fixtures';
import { openSqliteEventStore, type SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { AnnexSeed } from './annex-seed';
import { fixedClock } from './clock';
import { LedgerStateReader } from './ledger-state.reader';
import { LedgerWriter } from './ledger-writer';
import { LedgerUnitOfWork, type WorkPart } from './unit-of-work';
import { UseCaseRunner } from './use-case-runner';

const NOW = '2026-01-15T12:00:00.000Z';
const miner = actors.auMiner;

const origin = (lotId: string): RecordLotOrigin => ({
  type: 'RecordLotOrigin',
  actor: miner,
  lotId,
  form: 'ore',
  grossMassG: kg(1_000),
  composition: { lithium: kg(20) },
  occurredAt: '2026-01-10T00:00:00Z',
  origin: { type: 'extraction', facilityId: 'au-mine' },
});

const ship = (lotId: string): ShipLot => ({
  type: 'ShipLot',
  actor: miner,
  lotId,
  shipmentId: `SHP-${lotId}`,
  toPartyId: 'jp-refiner',
  destinationCountry: 'JP',
  occurredAt: '2026-01-11T00:00:00Z',
});

const part = (key: string, ...commands: LedgerCommand[]): WorkPart => ({ key: `au-miner:epcis:${key}`, requestHash: key, commands: () => commands });

describe('LedgerUnitOfWork: many commands, one atomic append, against a real SQLite store', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let unit: LedgerUnitOfWork;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-unit-'));
    store = openSqliteEventStore(dataDir);
    await new AnnexSeed(store).onApplicationBootstrap();
    const reader = new LedgerStateReader(store);
    const runner = new UseCaseRunner(reader, new LedgerWriter(store, reader), fixedClock(NOW));
    for (const command of [
      { type: 'RegisterParty', actor: actors.admin, partyId: 'au-miner', name: 'AU', country: 'AU', roles: ['producer'] },
      { type: 'RegisterParty', actor: actors.admin, partyId: 'jp-refiner', name: 'JP', country: 'JP', roles: ['processor'] },
      { type: 'RegisterFacility', actor: miner, facilityId: 'au-mine', name: 'Mine', kind: 'mine', country: 'AU' },
    ] as LedgerCommand[]) {
      await runner.run(command);
    }
    unit = new LedgerUnitOfWork(store, reader, fixedClock(NOW));
  });

  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('decides later parts over earlier ones and appends every stream once, atomically', async () => {
    const head = await store.headPosition();

    const result = await unit.run(miner, [part('o1', origin('L-1')), part('s1', ship('L-1')), part('o2', origin('L-2'))], 'rollback');

    expect(result.outcomes.map((o) => o.status)).toEqual(['stored', 'stored', 'stored']);
    const log = await store.readAll({ after: head });
    expect(log.map((e) => [e.streamId, e.type, e.idempotencyKey])).toEqual([
      ['lot-L-1', 'LotExtracted', 'au-miner:epcis:o1'],
      ['lot-L-1', 'LotShipped', 'au-miner:epcis:s1'],
      ['lot-L-2', 'LotExtracted', 'au-miner:epcis:o2'],
    ]);
    expect(result.position).toBe(log[2].position.toString());
    expect((await store.findIdempotentResult('au-miner:epcis:s1'))?.result.eventIds).toEqual([log[1].eventId]);
  });

  it('under rollback, stores nothing and reports every refused part', async () => {
    const head = await store.headPosition();

    const result = await unit.run(miner, [part('o1', origin('L-1')), part('s9', ship('NOPE')), part('o1b', origin('L-1'))], 'rollback');

    expect(result.outcomes[0].status).toBe('stored');
    expect(result.outcomes.map((o) => (o.status === 'refused' ? (o.error as Error).constructor : o.status))).toEqual([
      'stored',
      LotNotFound,
      LotAlreadyExists,
    ]);
    expect(result.position).toBeNull();
    expect(await store.headPosition()).toBe(head);
  });

  it('under proceed, stores each part alone and skips the refused ones', async () => {
    const result = await unit.run(miner, [part('o1', origin('L-1')), part('s9', ship('NOPE')), part('s1', ship('L-1'))], 'proceed');

    expect(result.outcomes.map((o) => o.status)).toEqual(['stored', 'refused', 'stored']);
    expect((await store.readStream('lot-L-1')).map((e) => e.type)).toEqual(['LotExtracted', 'LotShipped']);
  });

  it('a resent unit stores nothing more; a unit mixing stored and new parts stores only the new ones', async () => {
    await unit.run(miner, [part('o1', origin('L-1'))], 'rollback');
    const head = await store.headPosition();

    const resent = await unit.run(miner, [part('o1', origin('L-1'))], 'rollback');
    expect(resent.outcomes[0].status).toBe('already-stored');
    expect(await store.headPosition()).toBe(head);

    const mixed = await unit.run(miner, [part('o1', origin('L-1')), part('s1', ship('L-1'))], 'rollback');
    expect(mixed.outcomes.map((o) => o.status)).toEqual(['already-stored', 'stored']);
    expect((await store.readAll({ after: head })).map((e) => e.type)).toEqual(['LotShipped']);
  });

  it('two units racing on one lot: the loser decides again and gets the domain answer', async () => {
    await unit.run(miner, [part('o1', origin('L-1'))], 'rollback');

    const [a, b] = await Promise.all([
      unit.run(miner, [part('sa', ship('L-1'))], 'rollback'),
      unit.run(miner, [part('sb', { ...ship('L-1'), shipmentId: 'SHP-other' })], 'rollback'),
    ]);

    const statuses = [a.outcomes[0].status, b.outcomes[0].status].sort();
    expect(statuses).toEqual(['refused', 'stored']);
    expect((await store.readStream('lot-L-1')).map((e) => e.type)).toEqual(['LotExtracted', 'LotShipped']);
  });
});
