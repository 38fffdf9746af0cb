import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { IntegrityProjector, type IntegrityProjectorOptions } from '../../src/integrity/integrity-projector';
import { IntegrityFileDamagedError, MerkleLogDisagreesError } from '../../src/integrity/integrity.errors';

/*
 * The Merkle log checked against the event log (issue 15): a corrupted subtree, a corrupted leaf, an
 * edited event store and a truncated integrity.sqlite are each found and named; nothing is signed
 * or proved while they disagree; a rebuild from the event log restores them.
 */
describe('the Merkle log audited against the event log', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  const projectors: IntegrityProjector[] = [];
  const errors: Error[] = [];
  const integrityFile = () => join(dataDir, 'integrity.sqlite');

  const open = (overrides: Partial<IntegrityProjectorOptions> = {}) => {
    const projector = IntegrityProjector.open(store, {
      dataDir,
      signingKeyFile: join(dataDir, 'signing.pem'),
      origin: 'test.example/ledger',
      policy: { everyEvents: 1000, everySeconds: 3600 },
      onError: (error) => errors.push(error),
      ...overrides,
    });
    projectors.push(projector);
    return projector;
  };

  /** 60 events, logged and signed, then the projector closed so its files can be edited. */
  const loggedLedger = async () => {
    for (let i = 0; i < 60; i++) {
      await store.append([
        {
          streamId: `lot-${randomUUID()}`,
          expectedRevision: 'no-stream',
          events: [{ eventId: randomUUID(), type: 'FlagRaised', data: { n: i }, metadata: { occurredAt: '2026-01-01T00:00:00Z', actorPartyId: 'p', schemaVersion: 1 } }],
        },
      ]);
    }
    const first = open();
    await first.catchUp();
    const signed = first.checkpoint();
    await first.close();
    return signed;
  };

  const edit = (file: string, sql: string) => {
    const db = new Database(file);
    db.exec(sql);
    db.close();
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'merkle-audit-'));
    store = openSqliteEventStore(dataDir);
    errors.length = 0;
  });
  afterEach(async () => {
    for (const projector of projectors.splice(0)) await projector.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a corrupted subtree is found at start: no checkpoint is signed, no proof served, until a rebuild', async () => {
    const signed = await loggedLedger();
    edit(integrityFile(), 'UPDATE integrity_merkle_node SET hash = zeroblob(32) WHERE level = 2 AND idx = 3');
    const projector = open();
    await projector.start();
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/leaves 12-15 \(level 2\).*integrity\.sqlite.*ledger integrity rebuild/)]);
    expect(() => projector.checkpoint()).toThrow(MerkleLogDisagreesError);
    expect(() => projector.assertAgrees()).toThrow(MerkleLogDisagreesError);
    await projector.stop();
    await projector.rebuild();
    expect(projector.checkpoint().rootHash.equals(signed.rootHash)).toBe(true);
  });

  it('a corrupted leaf is named by its index, beside the event it should hash', async () => {
    await loggedLedger();
    edit(integrityFile(), 'UPDATE integrity_merkle_leaf SET hash = zeroblob(32) WHERE leaf_index = 7');
    await open().start();
    expect(errors[0].message).toMatch(/leaf 7 \(event [0-9a-f-]+ at position 8\) does not hash/);
  });

  it('an edited event store is found at start, and a rebuild then refuses to sign over the signed history', async () => {
    await loggedLedger();
    await store.close();
    edit(join(dataDir, 'ledger.sqlite'), `UPDATE events SET data = '{"n":999}' WHERE position = 30`);
    store = openSqliteEventStore(dataDir);
    const projector = open();
    await projector.start();
    expect(errors[0]).toBeInstanceOf(MerkleLogDisagreesError);
    expect(errors[0].message).toMatch(/leaf 29 .* position 30/);
    await projector.stop();
    await projector.rebuild();
    expect(() => projector.checkpoint()).toThrow(/no longer reproduces the checkpoint/);
  });

  it('the background audit finds a corruption beyond the tail checked at start', async () => {
    await loggedLedger();
    edit(integrityFile(), 'UPDATE integrity_merkle_node SET hash = zeroblob(32) WHERE level = 1 AND idx = 2');
    const projector = open({ audit: { tailLeaves: 10, chunkLeaves: 16, chunkPauseMs: 1 } });
    await projector.start();
    for (let i = 0; i < 100 && errors.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(errors[0].message).toMatch(/leaves 4-5 \(level 1\)/);
    expect(() => projector.checkpoint()).toThrow(MerkleLogDisagreesError);
  });

  it('a truncated integrity.sqlite stops start-up naming the file and the way out', async () => {
    await loggedLedger();
    const bytes = readFileSync(integrityFile());
    writeFileSync(integrityFile(), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(() => open()).toThrow(IntegrityFileDamagedError);
    expect(() => open()).toThrow(`${integrityFile()} is damaged`);
  });
});
