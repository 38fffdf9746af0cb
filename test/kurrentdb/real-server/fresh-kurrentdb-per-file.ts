/**
 * Jest setup (`--setupFilesAfterEnv`) of `npm run test:kurrentdb` when it starts its own servers:
 * every test file gets a fresh KurrentDB container, with projections running as the module starts
 * them by default, and finds it in KURRENTDB_URL. Nothing here runs in `npm test`.
 */
import { KurrentDbContainer, type StartedKurrentDbContainer } from '@testcontainers/kurrentdb';
import { KURRENTDB_IMAGE } from './kurrentdb-image';

let container: StartedKurrentDbContainer | undefined;

beforeAll(async () => {
  container = await new KurrentDbContainer(KURRENTDB_IMAGE).start();
  process.env.KURRENTDB_URL = container.getConnectionString();
}, 180_000);

afterAll(async () => {
  await container?.stop();
}, 60_000);
