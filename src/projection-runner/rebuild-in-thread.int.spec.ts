import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streams, type LedgerEvent } from '../domain/events';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { openSqliteEventStore, type SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import type { Projection } from '../../projections/projection';
import { projectInMemory, provenanceProjections } from '../../projections/provenance-projections';
import { LedgerLogBuilder } from '../../projections/testing/ledger-log-builder';
import { replayIntoStore } from '../../projections/testing/replay-into-store';
import { longSupplyChain } from '../../projections/testing/supply-chain.arbitrary';
import { ProjectionRunner } from './projection-runner';
import { rebuildInThread } from './rebuild-in-thread';
import { SqliteReadModel } from './sqlite-read-model';

/** The rebuild thread serves read models without search indexes (`SqliteReadModel.foldsAside`). */
const threaded = provenanceProjections.filter((p) => (p.indexes ?? []).length === 0);

describe('rebuild from zero on the rebuild thread', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let events: RecordedEvent[];
  const opened: SqliteReadModel[] = [];
  const open = (projections: readonly Projection[] = threaded) => {
    const readModel = SqliteReadModel.open(dataDir, projections);
    opened.push(readModel);
    return readModel;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rebuild-in-thread-'));
    store = openSqliteEventStore(dataDir, { synchronous: 'NORMAL' });
    // Long enough that the fold's document caches evict while earlier batches are still being committed.
    await replayIntoStore(longSupplyChain(400), store);
    events = await store.readAll({ limit: 1_000_000 });
  });

  afterEach(() => {
    for (const readModel of opened.splice(0)) readModel.close();
    rmSync(join(dataDir, 'read-models.sqlite'), { force: true });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads the embedded log ahead and commits in small batches to exactly the in-memory fold', async () => {
    const readModel = open();
    const committed: bigint[] = [];

    const summary = await new ProjectionRunner(store, readModel, { batchSize: 16 }).rebuild((p) => p.position !== null && committed.push(p.position));

    expect(summary.applied).toBe(events.length);
    expect(committed).toEqual([...committed].sort((a, b) => (a < b ? -1 : 1)));
    expect(committed.at(-1)).toBe(events.at(-1)!.position);
    expect(readModel.stale).toBe(false);
    expect(readModel.dump()).toEqual(projectInMemory(events, threaded).dump());
  });

  it('serves the documents of a batch from memory until the thread has committed them', async () => {
    // Each page writes more lots than the fold keeps cached between batches, and the next page
    // reads them all again, while the thread may still be committing the page before.
    const wide = new LedgerLogBuilder();
    const lotIds = Array.from({ length: 300 }, (_, i) => `WIDE-${i}`);
    const shipment = (lotId: string) => ({ lotId, shipmentId: `${lotId}-s`, receiverId: 'cn-refiner', facilityId: 'cn-plant', country: 'CN' });
    const pages: ((lotId: string) => LedgerEvent)[] = [
      (lotId) => ({
        type: 'LotExtracted',
        data: { lotId, form: 'concentrate', grossMassG: 1_000_000, composition: { lithium: 27_900 }, facilityId: 'au-mine', country: 'AU', custodianId: 'au-miner' },
      }),
      (lotId) => ({
        type: 'LotShipped',
        data: { lotId, shipmentId: `${lotId}-s`, fromPartyId: 'au-miner', toPartyId: 'cn-refiner', destinationCountry: 'CN', grossMassG: 1_000_000 },
      }),
      (lotId) => ({ type: 'LotReceived', data: { ...shipment(lotId), shippedMassG: 1_000_000, receivedMassG: 990_000, composition: { lithium: 27_621 } } }),
      (lotId) => ({ type: 'LotRetired', data: { lotId, reason: 'manufactured' } }),
    ];
    for (const event of pages) for (const lotId of lotIds) wide.record(streams.lot(lotId), event(lotId));
    const wideDir = mkdtempSync(join(tmpdir(), 'rebuild-in-thread-wide-'));
    const wideStore = openSqliteEventStore(wideDir, { synchronous: 'NORMAL' });
    const readModel = new SqliteReadModel(join(wideDir, 'read-models.sqlite'), threaded);
    try {
      await replayIntoStore(wide, wideStore);
      await new ProjectionRunner(wideStore, readModel, { batchSize: lotIds.length }).rebuild();
      expect(readModel.dump()).toEqual(projectInMemory(await wideStore.readAll({ limit: 10_000 }), threaded).dump());
    } finally {
      readModel.close();
      await wideStore.close();
      rmSync(wideDir, { recursive: true, force: true });
    }
  });

  it('reads the log of a store it cannot open through the store port, a page ahead', async () => {
    const readModel = open();
    const elsewhere: EventStore = Object.assign(Object.create(store) as EventStore, { engine: 'elsewhere' });

    await new ProjectionRunner(elsewhere, readModel, { batchSize: 33 }).rebuild();

    expect(readModel.dump()).toEqual(projectInMemory(events, threaded).dump());
  });

  it('fails when another writer moved the checkpoint under it, leaving the file to be rebuilt', async () => {
    const readModel = open();
    readModel.beginRebuild();
    readModel.applyBatch(events.slice(0, 3));

    await expect(rebuildInThread(readModel, store, { pageSize: 50 })).rejects.toThrow('another process is writing the file');
    readModel.endRebuild(false);

    expect(readModel.stale).toBe(true);
  });

  it('a fold that throws stops the rebuild; the next start rebuilds the file in full', async () => {
    const poisoned: Projection = {
      ...threaded[0],
      evolve: (state, event) => {
        if (event.position === events[events.length >> 1].position) throw new Error('crash while folding');
        return threaded[0].evolve(state, event);
      },
    };
    const failing = open([poisoned, ...threaded.slice(1)]);
    await expect(new ProjectionRunner(store, failing, { batchSize: 20 }).rebuild()).rejects.toThrow('crash while folding');
    failing.close();
    opened.splice(opened.indexOf(failing), 1);

    const reopened = open([poisoned, ...threaded.slice(1)]);
    expect(reopened.stale).toBe(true);
    reopened.close();
    opened.splice(opened.indexOf(reopened), 1);

    const readModel = open();
    const runner = new ProjectionRunner(store, readModel, { batchSize: 64 });
    await runner.start();
    await runner.stop();
    expect(readModel.dump()).toEqual(projectInMemory(events, threaded).dump());
  });

  it('rebuilds read models with search indexes page by page on this thread, to exactly the in-memory fold', async () => {
    const readModel = open(provenanceProjections);
    expect(readModel.foldsAside).toBe(false);

    await new ProjectionRunner(store, readModel, { batchSize: 16 }).rebuild();

    expect(readModel.stale).toBe(false);
    expect(readModel.dump()).toEqual(projectInMemory(events).dump());
  });
});
