import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { openEpcisIndexFollower, type EpcisIndexFollower } from '../epcis/query/epcis-index-follower';
import { IntegrityProjector } from '../integrity/integrity-projector';
import { openProvenanceReadSide } from '../provenance/provenance-read-side';
import type { FollowerThreadData, FromFollowerThread, ToFollowerThread } from './follower-messages';

/**
 * The follower thread: the provenance projections, the Merkle log and the EPCIS event index follow the store here, on
 * their own SQLite connections (the WAL file is shared), so folding, hashing and their commits
 * never hold up the event loop that serves HTTP. The main thread tells it when it committed.
 */
const FOLLOWER_NICENESS = 10;

/** The followers' page cache on the event log, in MiB. */
const FOLLOWER_STORE_CACHE_MIB = 8;

async function run(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('the follower thread must run as a worker thread');
  const data = workerData as FollowerThreadData;
  // Linux keeps nice values per thread: the followers yield the CPU to the thread serving HTTP
  // instead of preempting it on every commit; they catch up in its idle moments.
  try {
    setPriority(FOLLOWER_NICENESS);
  } catch {
    // Not permitted here (some containers): the followers then run at the service's priority.
  }
  const send = (message: FromFollowerThread): void => port.postMessage(message);
  const report = (context: string) => (error: Error) => send({ kind: 'error', context, message: error.message, stack: error.stack });

  let store: SqliteEventStore | null = null;
  let integrity: IntegrityProjector | null = null;
  let provenance: ReturnType<typeof openProvenanceReadSide> | null = null;
  let epcis: EpcisIndexFollower | null = null;
  const stop = async (): Promise<void> => {
    following = false;
    await integrity?.close();
    await provenance?.close();
    await epcis?.close();
    await store?.close();
  };

  let following = true;
  const commitCount = new Int32Array(data.commits);
  const wakeOnCommits = async (): Promise<void> => {
    let seen = Atomics.load(commitCount, 0);
    while (following) {
      // Bounded, so a stop is noticed even when nothing commits.
      const waited = waitAsync(commitCount, 0, seen, 1000);
      if (waited.async) await waited.value;
      const now = Atomics.load(commitCount, 0);
      if (now !== seen) {
        seen = now;
        store?.commits.notify();
      }
    }
  };

  port.on('message', (message: ToFollowerThread) => {
    if (message.kind === 'wait') {
      const follower = message.follower === 'provenance' ? provenance?.runner : message.follower === 'epcis' ? epcis?.follower : integrity;
      const reached = follower ? follower.waitFor(BigInt(message.position), message.timeoutMs) : Promise.resolve(false);
      void reached.then((ok) => send({ kind: 'reached', id: message.id, reached: ok }));
    } else if (message.kind === 'stop') {
      void stop().finally(() => {
        send({ kind: 'stopped' });
        port.close();
      });
    }
  });

  try {
    // The followers read the log's tail once, in order, right after it was written (still in the
    // OS's page cache): a small page cache of their own does as well, and keeps the service's
    // memory flat as the log grows (64 MiB here filled over minutes of writes, then stayed).
    store = SqliteEventStore.open({ file: data.storeFile, pollIntervalMs: data.pollIntervalMs, cacheMiB: FOLLOWER_STORE_CACHE_MIB });
    // The main thread opened the signing key and the file first and warned about them already.
    integrity = IntegrityProjector.open(store, { ...data.integrity, onError: report('integrity projection') });
    provenance = openProvenanceReadSide(store, data.dataDir, { onError: report('provenance projections stopped on an event and will retry') });
    await integrity.start();
    await provenance.runner.start();
    epcis = openEpcisIndexFollower(store, data.dataDir, { onError: report('EPCIS event index stopped on an event and will retry') });
    await epcis.follower.start();
  } catch (error) {
    await stop().catch(() => undefined);
    const failure = error as Error;
    send({ kind: 'start-failed', message: failure.message, stack: failure.stack });
    port.close();
    return;
  }
  void wakeOnCommits();
  send({ kind: 'ready' });
}

/** `Atomics.waitAsync` (V8, Node ≥ 16) is missing from the TypeScript lib this project targets. */
function waitAsync(
  array: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
): { async: false; value: string } | { async: true; value: Promise<string> } {
  return (Atomics as unknown as { waitAsync: typeof waitAsync }).waitAsync(array, index, value, timeoutMs);
}

void run();
