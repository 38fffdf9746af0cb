import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provenanceProjections } from '../../projections/provenance-projections';
import { buildSupplyChain, supplyChainSteps } from '../../projections/testing/supply-chain.arbitrary';
import { replayIntoStore } from '../../projections/testing/replay-into-store';
import type { LedgerLogBuilder } from '../../projections/testing/ledger-log-builder';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';
import type { EventStore, Position } from '../../src/event-store/event-store.port';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/projection-runner/projection-runner';
import { SqliteReadModel } from '../../src/projection-runner/sqlite-read-model';
import { KurrentDbStandIn } from '../kurrentdb-stand-in/kurrentdb-stand-in';

/** Every event's position in the store, as its ordinal in the log: the one thing two stores share. */
async function ordinals(store: EventStore): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  let after: Position | null = null;
  for (;;) {
    const page = await store.readAll({ after, limit: 1000 });
    if (page.length === 0) return map;
    for (const event of page) map.set(event.position.toString(), map.size + 1);
    after = page[page.length - 1].position;
  }
}

/** The read models with every position replaced by its ordinal, so runs on two stores compare. */
function normalised(readModel: SqliteReadModel, order: Map<string, number>): { documents: string[]; links: string[] } {
  const swap = (text: string) =>
    text.replace(/@(\d+)/g, (_, p: string) => `@#${order.get(p) ?? `?${p}`}`).replace(/"(\w*[pP]osition)":"?(\d+)"?/g, (_, key: string, p: string) => `"${key}":#${order.get(p) ?? `?${p}`}`);
  const dump = readModel.dump();
  return { documents: dump.documents.map(swap).sort(), links: dump.links.map(swap).sort() };
}

async function waitUntil(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the projections');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the projection runner on KurrentDB: connection cut mid-subscription', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-kdb-projections-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends with read models identical to a SQLite run of the same log, nothing applied twice', async () => {
    const steps = fc.sample(supplyChainSteps, { numRuns: 4, seed: 4242 }).flat();
    const log: LedgerLogBuilder = buildSupplyChain(steps);

    // SQLite: the reference run.
    const sqlite = openSqliteEventStore(join(dir, 'sqlite'));
    await replayIntoStore(log, sqlite);
    const sqliteModel = new SqliteReadModel(join(dir, 'sqlite-read-models.sqlite'), provenanceProjections);
    const sqliteRunner = new ProjectionRunner(sqlite, sqliteModel);
    await sqliteRunner.start();
    await sqliteRunner.stop();

    // KurrentDB: the runner follows live while the connection is cut twice.
    const standIn = await KurrentDbStandIn.start();
    const kurrent = await KurrentDbEventStore.connect(`${standIn.connectionString}&discoveryInterval=10`);
    const kurrentModel = new SqliteReadModel(join(dir, 'kurrent-read-models.sqlite'), provenanceProjections);
    const kurrentRunner = new ProjectionRunner(kurrent, kurrentModel, { retryMs: 50 });
    const quarter = Math.ceil(log.writes.length / 4);
    const part = (i: number) => ({ writes: log.writes.slice(i * quarter, (i + 1) * quarter) }) as LedgerLogBuilder;
    const reachHead = async () => {
      const head = (await kurrent.headPosition()) as Position;
      await waitUntil(() => (kurrentRunner.position() ?? -1n) >= head);
    };
    try {
      await replayIntoStore(part(0), kurrent);
      await kurrentRunner.start();
      // Live: the next events arrive through the subscription, which is then cut twice.
      await replayIntoStore(part(1), kurrent);
      await reachHead();
      await standIn.dropAllConnections(300);
      await replayIntoStore(part(2), kurrent);
      await reachHead();
      await standIn.dropAllConnections();
      await replayIntoStore(part(3), kurrent);
      await reachHead();

      expect(normalised(kurrentModel, await ordinals(kurrent))).toEqual(normalised(sqliteModel, await ordinals(sqlite)));
      expect(standIn.subscriptionsOpened).toBeGreaterThanOrEqual(3);
    } finally {
      await kurrentRunner.stop();
      kurrentModel.close();
      sqliteModel.close();
      await kurrent.close();
      await standIn.close();
      await sqlite.close();
    }
  }, 120_000);
});
