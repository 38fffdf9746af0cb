import type { EventStore } from '../event-store/event-store.port';
import { provenanceProjections } from '../../projections/provenance-projections';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../projection-runner/projection-runner';
import { SqliteReadModel } from '../projection-runner/sqlite-read-model';
import { ProvenanceQueries } from './provenance-queries';
import { SearchQueries } from './search-queries';

/** The provenance read side of one data directory: read models, the runner feeding them, queries. */
export interface ProvenanceReadSide {
  readModel: SqliteReadModel;
  runner: ProjectionRunner;
  queries: ProvenanceQueries;
  search: SearchQueries;
  /** Stops the runner and closes the read-model file (the store stays open: it is the caller's). */
  close(): Promise<void>;
}

/**
 * Opens `<dataDir>/read-models.sqlite` for the provenance projections over `store`. Call
 * `runner.start()` to catch up and follow the log.
 */
export function openProvenanceReadSide(store: EventStore, dataDir: string, options: ProjectionRunnerOptions = {}): ProvenanceReadSide {
  const readModel = SqliteReadModel.open(dataDir, provenanceProjections);
  const runner = new ProjectionRunner(store, readModel, options);
  const queries = new ProvenanceQueries(readModel);
  return {
    readModel,
    runner,
    queries,
    search: new SearchQueries(readModel, queries),
    close: async () => {
      await runner.stop();
      readModel.close();
    },
  };
}
