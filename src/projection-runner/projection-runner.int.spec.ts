import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streams } from '../domain/events';
import type { Position, RecordedEvent } from '../event-store/event-store.port';
import { openSqliteEventStore, type SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import type { Projection } from '../../projections/projection';
import { projectInMemory, provenanceProjections } from '../../projections/provenance-projections';
import { replayIntoStore } from '../../projections/testing/replay-into-store';
import { workedExampleLog } from '../../projections/testing/worked-example';
import { ProvenanceQueries } from '../provenance/provenance-queries';
import { openProvenanceReadSide } from '../provenance/provenance-read-side';
import { ProjectionRunner } from './projection-runner';
import { SqliteReadModel } from './sqlite-read-model';

describe('projection runner over the SQLite event store', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  const opened: { runner?: ProjectionRunner; readModel?: SqliteReadModel }[] = [];

  const openRunner = (projections: readonly Projection[] = provenanceProjections, batchSize = 4) => {
    const readModel = SqliteReadModel.open(dataDir, projections);
    const runner = new ProjectionRunner(store, readModel, { batchSize });
    opened.push({ runner, readModel });
    return { readModel, runner, queries: new ProvenanceQueries(readModel) };
  };
  const closeAll = async () => {
    for (const { runner, readModel } of opened.splice(0)) {
      await runner?.stop();
      readModel?.close();
    }
  };
  const wholeLog = async (): Promise<RecordedEvent[]> => store.readAll({ after: null, limit: 100_000 });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'projection-runner-'));
    store = openSqliteEventStore(dataDir, { pollIntervalMs: 50 });
  });

  afterEach(async () => {
    await closeAll();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('catches up with the log and answers the worked example from SQLite', async () => {
    const head = await replayIntoStore(workedExampleLog(), store);
    const readSide = openProvenanceReadSide(store, dataDir, { batchSize: 4 });

    try {
      await readSide.runner.start();

      expect(readSide.runner.position()).toBe(head);
      const lithium = readSide.queries.origins('JP-LIOH-1').minerals.lithium;
      expect(lithium.origins.map((o) => o.massKg)).toEqual(['13213.115', '11366.120', '1420.765']);
    } finally {
      await readSide.close();
    }
  });

  it('follows live appends and lets a reader wait for its own write', async () => {
    const log = workedExampleLog();
    const { runner, queries } = openRunner();
    await runner.start();

    const position = (await replayIntoStore(log, store))!;

    await expect(runner.waitFor(position, 5000)).resolves.toBe(true);
    expect(queries.lotState('JP-LIOH-1').position).toBe(position.toString());
    await expect(runner.waitFor(position + 100n, 100)).resolves.toBe(false);
  });

  it('resumes after a restart from its checkpoint, applying nothing twice', async () => {
    const log = workedExampleLog();
    await replayIntoStore(log, store);
    const first = openRunner();
    await first.runner.start();
    await closeAll();
    const from = log.writes.length;
    log.record(streams.lot('JP-LIOH-1'), { type: 'LotRetired', data: { lotId: 'JP-LIOH-1', reason: 'manufactured' } });
    await replayIntoStore(log, store, from);

    const second = openRunner();
    await second.runner.start();

    expect(second.queries.lotState('JP-LIOH-1').status).toBe('retired');
    expect(second.readModel.dump()).toEqual(projectInMemory(await wholeLog()).dump());
  });

  it('rebuilds from zero to exactly the incremental read models, reporting progress', async () => {
    await replayIntoStore(workedExampleLog(), store);
    const { runner, readModel } = openRunner();
    await runner.start();
    const incremental = readModel.dump();
    const progress: (Position | null)[] = [];

    const summary = await runner.rebuild((p) => progress.push(p.position));

    expect(summary.applied).toBe((await wholeLog()).length);
    expect(summary.position).toBe(await store.headPosition());
    expect(progress[0]).toBeNull();
    expect(progress.length).toBeGreaterThan(2);
    expect(readModel.dump()).toEqual(incremental);
  });

  it('rebuilds while following the live log without losing what is appended meanwhile', async () => {
    const log = workedExampleLog();
    await replayIntoStore(log, store);
    const { runner, readModel } = openRunner();
    await runner.start();
    const from = log.writes.length;
    log.record(streams.lot('JP-LIOH-1'), { type: 'LotRetired', data: { lotId: 'JP-LIOH-1', reason: 'manufactured' } });
    log.record(streams.facility('au-mine'), {
      type: 'FlagRaised',
      data: { flagId: 'F1', subject: { kind: 'facility', facilityId: 'au-mine' }, category: 'other', severity: 'low', description: 'x', automatic: false },
    });

    const [, head] = await Promise.all([runner.rebuild(), replayIntoStore(log, store, from)]);
    await expect(runner.rebuild()).resolves.toBeDefined();
    const second = runner.rebuild();
    await expect(runner.rebuild()).rejects.toThrow('already running');
    await second;

    await expect(runner.waitFor(head!, 5000)).resolves.toBe(true);
    expect(readModel.dump()).toEqual(projectInMemory(await wholeLog()).dump());
  });

  it('rebuilds a read-model file written by another version of the projections', async () => {
    await replayIntoStore(workedExampleLog(), store);
    const file = join(dataDir, 'read-models.sqlite');
    const old = new SqliteReadModel(file, provenanceProjections.slice(0, 1), 1);
    old.applyBatch(await wholeLog());
    old.close();

    const readModel = new SqliteReadModel(file, provenanceProjections);
    const runner = new ProjectionRunner(store, readModel);
    opened.push({ runner, readModel });
    expect(readModel.stale).toBe(true);
    await runner.start();

    expect(readModel.dump()).toEqual(projectInMemory(await wholeLog()).dump());
  });

  it('rebuilds a read-model file of an older table layout', async () => {
    await replayIntoStore(workedExampleLog(), store);
    const file = join(dataDir, 'read-models.sqlite');
    const old = new Database(file);
    old.exec(`
      CREATE TABLE read_model_meta (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL);
      INSERT INTO read_model_meta VALUES (1, '{"version":2,"projections":[]}');
      CREATE TABLE doc_lots (key TEXT NOT NULL, valid_from INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (key, valid_from)) WITHOUT ROWID;
      INSERT INTO doc_lots VALUES ('AU-SPOD-1', 1, '{}');
      CREATE TABLE event_times (position INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL);
    `);
    old.close();

    const { runner, readModel } = openRunner();
    expect(readModel.stale).toBe(true);
    await runner.start();

    expect(readModel.dump()).toEqual(projectInMemory(await wholeLog()).dump());
  });

  it('rebuilds again on open a file whose rebuild never finished', async () => {
    await replayIntoStore(workedExampleLog(), store);
    const events = await wholeLog();
    const interrupted = SqliteReadModel.open(dataDir, provenanceProjections);
    interrupted.beginRebuild();
    interrupted.applyBatch(events.slice(0, 5));
    // The process dies here: no endRebuild.
    interrupted.close();

    const { runner, readModel } = openRunner();
    expect(readModel.stale).toBe(true);
    await runner.start();

    expect(readModel.stale).toBe(false);
    expect(readModel.dump()).toEqual(projectInMemory(events).dump());
  });

  it('folds correctly when another writer moved the same file between two batches', async () => {
    const log = workedExampleLog();
    log.record(streams.lot('AU-SPOD-1'), { type: 'LotRetired', data: { lotId: 'AU-SPOD-1', reason: 'manufactured' } });
    await replayIntoStore(log, store);
    const events = await wholeLog();
    // The other writer folds the transformation that consumes a lot the first one extracted (and
    // so holds in memory); the first one then folds that lot's retirement.
    const transformed = events.findIndex((e) => e.type === 'LotTransformed');
    const one = SqliteReadModel.open(dataDir, provenanceProjections);
    const other = SqliteReadModel.open(dataDir, provenanceProjections);
    opened.push({ readModel: one }, { readModel: other });

    one.applyBatch(events.slice(0, transformed));
    other.applyBatch(events.slice(transformed, -1));
    one.applyBatch(events.slice(-1));

    expect(one.dump()).toEqual(projectInMemory(events).dump());
  });

  it('commits a batch and its checkpoint together: a failing fold leaves neither', async () => {
    await replayIntoStore(workedExampleLog(), store);
    const poisoned: Projection = {
      ...provenanceProjections[0],
      evolve: (state, event) => {
        if (event.type === 'LotTransformed') throw new Error('crash while folding');
        return provenanceProjections[0].evolve(state, event);
      },
    };
    const { runner, readModel } = openRunner([poisoned, ...provenanceProjections.slice(1)], 1000);

    await expect(runner.start()).rejects.toThrow('crash while folding');

    expect(runner.position()).toBeNull();
    expect(readModel.dump()).toEqual({ documents: [], links: [] });
  });
});
