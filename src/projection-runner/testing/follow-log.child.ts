/**
 * Child process for the crash test: folds the log of `<dataDir>` into its read models, slowed down
 * per page so the parent can SIGKILL it in the middle of the fold. Not part of the service.
 */
import { openSqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import type { EventStore } from '../../event-store/event-store.port';
import { provenanceProjections } from '../../../projections/provenance-projections';
import { ProjectionRunner } from '../projection-runner';
import { SqliteReadModel } from '../sqlite-read-model';

async function main(): Promise<void> {
  const [dataDir, pageDelayMs] = process.argv.slice(2);
  const store = openSqliteEventStore(dataDir);
  const slowStore: EventStore = Object.assign(Object.create(store) as EventStore, {
    readAll: async (options: Parameters<EventStore['readAll']>[0]) => {
      await new Promise((resolve) => setTimeout(resolve, Number(pageDelayMs)));
      return store.readAll(options);
    },
  });
  const runner = new ProjectionRunner(slowStore, SqliteReadModel.open(dataDir, provenanceProjections), { batchSize: 25 });
  process.stdout.write('started\n');
  await runner.start();
  process.stdout.write(`caught-up ${runner.position()}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
