import { eventStoreContract, type EventStoreFactory } from '../event-store/event-store.contract';
import { idempotencyClaimsContract } from '../event-store/idempotency-claims.contract';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';

/**
 * The contract against a real KurrentDB (25.1+), run by `npm run test:kurrentdb`
 * (`real-server/run-real-server-tests.ts`), which sets LEDGER_REAL_KURRENTDB and finds the server:
 * the one at KURRENTDB_URL, or a fresh container for this file. In `npm test` it is skipped: the
 * stand-in suite covers CI. A shared server keeps its data, which the contract allows for: it
 * only looks at fresh streams and at the log after positions it observed.
 */
(process.env.LEDGER_REAL_KURRENTDB === '1' ? describe : describe.skip)('real KurrentDB server', () => {
  const realServer: EventStoreFactory = async () => {
    // Read when each test starts: a per-file container sets it in a beforeAll.
    const store = await KurrentDbEventStore.connect(process.env.KURRENTDB_URL as string);
    return { store, cleanup: () => store.close() };
  };
  eventStoreContract('KurrentDB (real server)', realServer);
  idempotencyClaimsContract('KurrentDB (real server)', realServer);
});
