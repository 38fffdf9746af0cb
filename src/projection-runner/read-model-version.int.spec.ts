import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { LOTS, type LotDoc } from '../../projections/custody-graph.projection';
import type { Projection } from '../../projections/projection';
import { projectInMemory, provenanceProjections } from '../../projections/provenance-projections';
import { replayIntoStore } from '../../projections/testing/replay-into-store';
import { workedExampleLog } from '../../projections/testing/worked-example';
import { ProjectionRunner } from './projection-runner';
import { SqliteReadModel } from './sqlite-read-model';

describe('a read-model file records the definitions of the projections that built it', () => {
  let dataDir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'read-model-version-'));
    store = openSqliteEventStore(dataDir);
    await replayIntoStore(workedExampleLog(), store);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const build = async (projections: readonly Projection[]) => {
    const readModel = SqliteReadModel.open(dataDir, projections);
    const runner = new ProjectionRunner(store, readModel);
    const stale = readModel.stale;
    await runner.start();
    await runner.stop();
    const dump = readModel.dump();
    readModel.close();
    return { stale, dump };
  };

  it('is current for the same projections, and stale, so rebuilt on start, once an evolve changed', async () => {
    const [custody, ...others] = provenanceProjections;
    // The same projection, except that a lot's custodian is now written in capitals.
    const changed: Projection = {
      ...custody,
      evolve: (state, event) => {
        custody.evolve(state, event);
        const lotId = event.data.lotId;
        const lot = typeof lotId === 'string' ? state.get<LotDoc>(LOTS, lotId) : undefined;
        if (lot && lot.custodianId !== lot.custodianId.toUpperCase()) state.put(LOTS, lotId as string, { ...lot, custodianId: lot.custodianId.toUpperCase() }, event.position);
        return state;
      },
    };
    const events = await store.readAll({ after: null, limit: 1000 });

    await build(provenanceProjections);
    const again = await build(provenanceProjections);
    const afterChange = await build([changed, ...others]);

    expect(again.stale).toBe(false);
    expect(afterChange.stale).toBe(true);
    expect(afterChange.dump).toEqual(projectInMemory(events, [changed, ...others]).dump());
    expect(afterChange.dump).not.toEqual(again.dump);
  });
});
