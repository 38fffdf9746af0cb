import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toEnvelopeJson } from '../../src/event-store/event-envelope';
import { verifyCheckpoint } from '../../src/integrity/checkpoint';
import { CheckpointIssuer, checkpointDue } from '../../src/integrity/checkpoint-issuer';
import { CheckpointConflictError } from '../../src/integrity/integrity.errors';
import { EMPTY_TREE_ROOT } from '../../src/integrity/merkle';
import {
  consistencyProofJson,
  inclusionProofJson,
  verifyCheckpointConsistency,
  verifyEventInclusion,
} from '../../src/integrity/proof-json';
import { publicKeyPem } from '../../src/integrity/signing-key';
import { SqliteCheckpointStore } from '../../src/integrity/sqlite-checkpoint-store';
import { SqliteMerkleLog } from '../../src/integrity/sqlite-merkle-log';
import { recordedEvents } from './recorded-events.fixture';

const ORIGIN = 'critical-minerals-ledger';
const at = (iso: string) => new Date(iso);

describe('checkpoint policy', () => {
  const policy = { everyEvents: 100, everySeconds: 60 };
  const last = { treeSize: 50, time: '2026-11-28T07:00:00.000Z' };

  it('is due for the first leaves of a new log', () => {
    expect(checkpointDue(1, null, at('2026-11-28T07:00:00Z'), policy)).toBe(true);
    expect(checkpointDue(0, null, at('2026-11-28T07:00:00Z'), policy)).toBe(false);
  });
  it('is not due while the tree has not grown, however long ago', () => {
    expect(checkpointDue(50, last, at('2026-11-29T07:00:00Z'), policy)).toBe(false);
  });
  it('is due after N new events', () => {
    expect(checkpointDue(149, last, at('2026-11-28T07:00:01Z'), policy)).toBe(false);
    expect(checkpointDue(150, last, at('2026-11-28T07:00:01Z'), policy)).toBe(true);
  });
  it('is due after T seconds once anything arrived', () => {
    expect(checkpointDue(51, last, at('2026-11-28T07:00:59.999Z'), policy)).toBe(false);
    expect(checkpointDue(51, last, at('2026-11-28T07:01:00Z'), policy)).toBe(true);
  });
});

describe('checkpoint issuer over the SQLite log', () => {
  const keys = generateKeyPairSync('ed25519');
  const publicKey = publicKeyPem(keys.publicKey);
  let dir: string;
  let db: Database.Database;
  let log: SqliteMerkleLog;
  let store: SqliteCheckpointStore;
  let issuer: CheckpointIssuer;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'checkpoint-issuer-'));
    db = new Database(join(dir, 'integrity.db'));
    log = new SqliteMerkleLog(db);
    store = new SqliteCheckpointStore(db);
    issuer = new CheckpointIssuer(log, store, { origin: ORIGIN, privateKey: keys.privateKey });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs an empty log on demand', () => {
    const issued = issuer.issue(at('2026-11-28T07:00:00Z'));
    expect(verifyCheckpoint(issued.note, publicKey)).toMatchObject({ treeSize: 0, rootHash: EMPTY_TREE_ROOT });
  });

  it('signs the current head, keeps one checkpoint per size, and answers by size', () => {
    const events = recordedEvents(30);
    log.appendEvents(events.slice(0, 10));
    const first = issuer.issue(at('2026-11-28T07:00:00Z'));
    expect(first.treeSize).toBe(10);
    expect(issuer.issue(at('2026-11-28T07:05:00Z'))).toEqual(first);
    log.appendEvents(events.slice(10));
    const second = issuer.issue(at('2026-11-28T07:10:00Z'));
    expect(verifyCheckpoint(second.note, publicKey)).toMatchObject({
      origin: ORIGIN,
      treeSize: 30,
      time: '2026-11-28T07:10:00.000Z',
    });
    expect(store.latest()).toEqual(second);
    expect(store.atTreeSize(10)).toEqual(first);
    expect(store.atTreeSize(20)).toBeNull();
  });

  it('issues only when due under the policy', () => {
    const policy = { everyEvents: 5, everySeconds: 3600 };
    const events = recordedEvents(12);
    log.appendEvents(events.slice(0, 5));
    expect(issuer.issueIfDue(at('2026-11-28T07:00:00Z'), policy)?.treeSize).toBe(5);
    log.appendEvents(events.slice(5, 9));
    expect(issuer.issueIfDue(at('2026-11-28T07:00:01Z'), policy)?.treeSize).toBe(5);
    log.appendEvents(events.slice(9));
    expect(issuer.issueIfDue(at('2026-11-28T07:00:02Z'), policy)?.treeSize).toBe(12);
  });

  it('refuses to sign once the log no longer reproduces a signed root', () => {
    log.appendEvents(recordedEvents(8));
    issuer.issue(at('2026-11-28T07:00:00Z'));
    // Rewrite history behind the log's back: a node the signed root depends on changes.
    db.prepare('UPDATE integrity_merkle_leaf SET hash = ? WHERE leaf_index = 3').run(Buffer.alloc(32, 7));
    db.prepare('UPDATE integrity_merkle_node SET hash = ? WHERE level = 3 AND idx = 0').run(Buffer.alloc(32, 9));
    log.appendEvents(recordedEvents(2, { firstPosition: 100n, seed: 'b' }));
    expect(() => issuer.issue(at('2026-11-28T07:01:00Z'))).toThrow(CheckpointConflictError);
  });

  it('serves proofs an outsider verifies with the public key, the checkpoint and the proof alone', () => {
    const events = recordedEvents(23);
    log.appendEvents(events.slice(0, 9));
    const older = issuer.issue(at('2026-11-28T07:00:00Z'));
    log.appendEvents(events.slice(9));
    const newer = issuer.issue(at('2026-11-28T07:01:00Z'));

    for (const [i, event] of events.entries()) {
      const proof = inclusionProofJson(i, newer.treeSize, log.inclusionProof(i, newer.treeSize));
      const served = JSON.parse(JSON.stringify(proof));
      expect(verifyEventInclusion(toEnvelopeJson(event), served, newer.note, publicKey)).toBe(true);
    }
    const stale = inclusionProofJson(2, 23, log.inclusionProof(2, 23));
    expect(verifyEventInclusion(toEnvelopeJson(events[3]), stale, newer.note, publicKey)).toBe(false);
    expect(verifyEventInclusion(toEnvelopeJson(events[2]), { ...stale, treeSize: 9 }, newer.note, publicKey)).toBe(false);
    const altered = { ...toEnvelopeJson(events[2]), data: { ...events[2].data, country: 'XX' } };
    expect(verifyEventInclusion(altered, stale, newer.note, publicKey)).toBe(false);

    const consistency = consistencyProofJson(9, 23, log.consistencyProof(9, 23));
    expect(verifyCheckpointConsistency(older.note, newer.note, consistency, publicKey)).toBe(true);
    expect(verifyCheckpointConsistency(older.note, newer.note, { ...consistency, hashes: consistency.hashes.slice(1) }, publicKey)).toBe(false);
  });
});
