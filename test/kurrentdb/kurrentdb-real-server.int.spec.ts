import { eventStoreContract } from '../event-store/event-store.contract';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';

/**
 * The contract against a real KurrentDB (25.1+), run by `npm run test:kurrentdb` with
 * KURRENTDB_URL set. Without it (as in `npm test`) it is skipped: the stand-in suite covers CI.
 * The server is shared and keeps its data, which the contract allows for: it only looks at
 * fresh streams and at the log after positions it observed.
 */
const url = process.env.KURRENTDB_URL;

(url ? describe : describe.skip)('real KurrentDB server at KURRENTDB_URL', () => {
  eventStoreContract(`KurrentDB (${url})`, async () => {
    const store = await KurrentDbEventStore.connect(url!);
    return { store, cleanup: () => store.close() };
  });
});
