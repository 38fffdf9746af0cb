/**
 * First step of `npm run test:kurrentdb`: make sure a KurrentDB 25.1+ answers at KURRENTDB_URL
 * before jest starts, so a missing server is one clear line instead of a screen of timeouts.
 */
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';

const HOW_TO =
  'Start one with `docker compose up -d kurrentdb` and run\n' +
  '  KURRENTDB_URL="kurrentdb://localhost:2113?tls=false" npm run test:kurrentdb\n' +
  '(`npm test` covers KurrentDB without a server, through the in-memory stand-in.)';

async function main(): Promise<number> {
  const url = process.env.KURRENTDB_URL;
  if (!url) {
    process.stderr.write(`test:kurrentdb needs a real KurrentDB server, and KURRENTDB_URL is not set.\n${HOW_TO}\n`);
    return 1;
  }
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('no answer within 15 s')), 15_000).unref(),
  );
  try {
    const store = await Promise.race([KurrentDbEventStore.connect(url), timeout]);
    await store.close();
  } catch (error) {
    process.stderr.write(`test:kurrentdb: no usable KurrentDB at ${url}: ${(error as Error).message}\n${HOW_TO}\n`);
    return 1;
  }
  process.stderr.write(`test:kurrentdb: KurrentDB answers at ${url}\n`);
  return 0;
}

main().then((code) => process.exit(code));
