import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provenanceProjections } from '../../projections/provenance-projections';
import { INITIAL_ANNEX_AMENDMENT } from '../domain/annex';
import { SCHEMA_VERSION, streams } from '../domain/events';
import { openSqliteEventStore, type SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { IntegrityProjector } from '../integrity/integrity-projector';
import { EpcisEventIndex } from '../epcis/query/epcis-event-index';
import { SqliteReadModel } from '../projection-runner/sqlite-read-model';
import { FollowerThreadHost } from './follower-thread-host';

describe('FollowerThreadHost: the log followers in a worker thread', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let host: FollowerThreadHost;
  let integrity: IntegrityProjector;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'follower-thread-'));
    store = openSqliteEventStore(dataDir);
    const integrityOptions = {
      dataDir,
      signingKeyFile: join(dataDir, 'checkpoint-signing-key.pem'),
      origin: 'ledger.test/follower-thread',
      policy: { everyEvents: 1, everySeconds: 3600 },
    };
    // As in the service: the main thread opens the key and the file first.
    integrity = IntegrityProjector.open(store, {
      ...integrityOptions,
      onWarning: () => undefined,
      followedElsewhere: (position, timeoutMs) => host.waitFor('integrity', position, timeoutMs),
    });
    // A poll far beyond every wait below: only the wake-up on commit can make the followers read.
    host = new FollowerThreadHost(store, { storeFile: store.file, dataDir, pollIntervalMs: 600_000, integrity: integrityOptions });
    await host.ready();
  });

  afterEach(async () => {
    await host.stop();
    await integrity.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const appendAnnex = () =>
    store.append([
      {
        streamId: streams.annex,
        expectedRevision: 'any',
        events: [
          {
            eventId: randomUUID(),
            type: INITIAL_ANNEX_AMENDMENT.type,
            data: { ...INITIAL_ANNEX_AMENDMENT.data, amendmentId: randomUUID() },
            metadata: { occurredAt: '2023-03-28T00:00:00Z', actorPartyId: 'system', idempotencyKey: null, schemaVersion: SCHEMA_VERSION },
          },
        ],
      },
    ]);

  it('given a commit on the main connection, when the main thread waits for its position, then every follower reaches it, woken by the commit rather than their poll', async () => {
    const { position } = await appendAnnex();

    const [provenance, merkle, epcis] = await Promise.all([
      host.waitFor('provenance', position, 5000),
      integrity.waitFor(position, 5000),
      host.waitFor('epcis', position, 5000),
    ]);

    expect(provenance).toBe(true);
    expect(merkle).toBe(true);
    expect(epcis).toBe(true);
    const index = EpcisEventIndex.open(dataDir, false);
    try {
      expect(index.position()).toBe(position);
    } finally {
      index.close();
    }
    const readModel = SqliteReadModel.open(dataDir, provenanceProjections);
    try {
      expect(readModel.lastPosition()).toBe(position);
    } finally {
      readModel.close();
    }
    expect(integrity.position()).toBe(position);
    expect(integrity.size()).toBe(1);
  });

  it('when the main thread waits for a position nobody wrote, then the answer is false after the timeout', async () => {
    const { position } = await appendAnnex();

    expect(await host.waitFor('provenance', position + 10n, 200)).toBe(false);
    expect(await integrity.waitFor(position + 10n, 200)).toBe(false);
  });

  it('when the host stops, then the thread has closed its files and a wait answers false at once', async () => {
    await host.stop();

    expect(await host.waitFor('provenance', 1n, 5000)).toBe(false);
  });
});
