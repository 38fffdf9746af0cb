import { eventStoreContract, type EventStoreFactory } from '../event-store/event-store.contract';
import { idempotencyClaimsContract } from '../event-store/idempotency-claims.contract';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';
import { KurrentDbStandIn } from '../kurrentdb-stand-in/kurrentdb-stand-in';

let standIn: KurrentDbStandIn;

beforeAll(async () => {
  standIn = await KurrentDbStandIn.start();
});

afterAll(async () => {
  await standIn.close();
});

const standInFactory: EventStoreFactory = async () => {
  // The Rust read path waits one discovery interval before its first connection; keep it short.
  const store = await KurrentDbEventStore.connect(`${standIn.connectionString}&discoveryInterval=10`);
  return { store, cleanup: () => store.close() };
};

eventStoreContract('KurrentDB (wire-level stand-in)', standInFactory);
idempotencyClaimsContract('KurrentDB (wire-level stand-in)', standInFactory);
