import { existsSync, renameSync, rmSync } from 'node:fs';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/projection-runner/projection-runner';
import { SqliteReadModel } from '../../src/projection-runner/sqlite-read-model';
import { provenanceProjections } from '../../projections/provenance-projections';
import { ledgerFixture, readModelFixture } from './fixture-files';
import { loadSyntheticLedger } from './load-synthetic-ledger';

/** Builds the ledger file when missing; written under a temporary name so a crash leaves none. */
export async function ensureLedgerFixture(fixturesDir: string, events: number): Promise<string> {
  const file = ledgerFixture(fixturesDir, events);
  if (existsSync(file)) return file;
  const building = `${file}.building`;
  rmSync(building, { force: true });
  const store = SqliteEventStore.open({ file: building });
  await loadSyntheticLedger(store, events);
  await store.close();
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  renameSync(building, file);
  return file;
}

/** Builds the provenance read models of a ledger fixture when missing (the runner's catch-up). */
export async function ensureReadModelFixture(fixturesDir: string, events: number): Promise<string> {
  const file = readModelFixture(fixturesDir, events);
  if (existsSync(file)) return file;
  const ledger = await ensureLedgerFixture(fixturesDir, events);
  const store = SqliteEventStore.open({ file: ledger });
  const building = `${file}.building`;
  rmSync(building, { force: true });
  const readModel = new SqliteReadModel(building, provenanceProjections);
  await new ProjectionRunner(store, readModel, { batchSize: 2000 }).catchUp();
  readModel.close();
  await store.close();
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  renameSync(building, file);
  return file;
}
