import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MerkleLogOrderError, TreeSizeOutOfRangeError } from '../../src/integrity/integrity.errors';
import { leafHashOfEvent } from '../../src/integrity/log-entry';
import { EMPTY_TREE_ROOT, hashLeaf, verifyConsistency, verifyInclusion } from '../../src/integrity/merkle';
import { MerkleRootBuilder } from '../../src/integrity/merkle-root-builder';
import { SqliteMerkleLog } from '../../src/integrity/sqlite-merkle-log';
import { recordedEvents } from './recorded-events.fixture';

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('SqliteMerkleLog (real SQLite file)', () => {
  let dir: string;
  let file: string;
  let db: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'merkle-log-'));
    file = join(dir, 'ledger.db');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an empty log has size 0 and the empty root', () => {
    const log = new SqliteMerkleLog(db);
    expect(log.size()).toBe(0);
    expect(log.lastPosition()).toBeNull();
    expect(hexOf(log.rootAt(0))).toBe(hexOf(EMPTY_TREE_ROOT));
  });

  it('reproduces the published RFC 6962 roots of the transparency-dev/merkle 8-leaf tree', () => {
    // Leaves and roots from github.com/transparency-dev/merkle proof/verify_test.go (see merkle.spec.ts).
    const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const log = new SqliteMerkleLog(db);
    log.appendLeaves(data.map((hex, i) => ({ eventId: `e${i}`, position: BigInt(i + 1), entry: Buffer.from(hex, 'hex') })));
    expect(hexOf(log.rootAt(8))).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
    expect(hexOf(log.rootAt(5))).toBe('4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4');
    expect(log.consistencyProof(6, 8).map(hexOf)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  it('every historical root, inclusion proof and consistency proof agrees with a streaming rebuild', () => {
    const events = recordedEvents(77);
    const log = new SqliteMerkleLog(db);
    // Uneven batches exercise carries across batch boundaries.
    let offset = 0;
    for (const batch of [1, 2, 5, 13, 1, 30, 25]) {
      log.appendEvents(events.slice(offset, offset + batch));
      offset += batch;
    }
    expect(log.size()).toBe(77);
    expect(log.lastPosition()).toBe(77n);

    const builder = new MerkleRootBuilder();
    const roots: Buffer[] = [EMPTY_TREE_ROOT];
    for (const event of events) {
      builder.push(leafHashOfEvent(event));
      roots.push(builder.root());
    }
    for (let size = 0; size <= 77; size += 1) expect(hexOf(log.rootAt(size))).toBe(hexOf(roots[size]));

    for (const size of [1, 2, 3, 8, 31, 32, 33, 64, 77]) {
      for (let m = 0; m < size; m += 1) {
        const proof = log.inclusionProof(m, size);
        expect(verifyInclusion(leafHashOfEvent(events[m]), m, size, proof, roots[size])).toBe(true);
      }
      for (let from = 0; from <= size; from += 1) {
        const proof = log.consistencyProof(from, size);
        expect(verifyConsistency(from, size, roots[from], roots[size], proof)).toBe(true);
      }
    }
  });

  it('finds the leaf of an event id and the position of a leaf', () => {
    const events = recordedEvents(5, { firstPosition: 100n });
    const log = new SqliteMerkleLog(db);
    log.appendEvents(events);
    const leaf = log.leafOfEvent(events[3].eventId);
    expect(leaf).toMatchObject({ leafIndex: 3, eventId: events[3].eventId, position: 103n });
    expect(hexOf(leaf!.leafHash)).toBe(hexOf(leafHashOfEvent(events[3])));
    expect(log.leaf(4)?.eventId).toBe(events[4].eventId);
    expect(log.leaf(5)).toBeNull();
    expect(log.leafOfEvent('unknown')).toBeNull();
  });

  it('persists across reopening the database file', () => {
    const events = recordedEvents(20);
    new SqliteMerkleLog(db).appendEvents(events.slice(0, 11));
    const rootAt11 = new SqliteMerkleLog(db).rootAt(11);
    db.close();
    db = new Database(file);
    const reopened = new SqliteMerkleLog(db);
    expect(reopened.size()).toBe(11);
    expect(hexOf(reopened.rootAt(11))).toBe(hexOf(rootAt11));
    reopened.appendEvents(events.slice(11));
    const builder = new MerkleRootBuilder();
    events.forEach((e) => builder.push(leafHashOfEvent(e)));
    expect(hexOf(reopened.rootAt())).toBe(hexOf(builder.root()));
  });

  it('joins the caller transaction: a rolled-back read-model update rolls the leaves back too', () => {
    const events = recordedEvents(6);
    const log = new SqliteMerkleLog(db);
    log.appendEvents(events.slice(0, 3));
    db.exec('CREATE TABLE read_model (n INTEGER)');
    const project = db.transaction((batch: typeof events) => {
      log.appendEvents(batch);
      db.prepare('INSERT INTO read_model (n) VALUES (?)').run(batch.length);
      throw new Error('projection failed');
    });
    expect(() => project(events.slice(3))).toThrow('projection failed');
    expect(log.size()).toBe(3);
    log.appendEvents(events.slice(3));
    expect(log.size()).toBe(6);
  });

  it('refuses leaves whose positions do not move forward, atomically', () => {
    const events = recordedEvents(4);
    const log = new SqliteMerkleLog(db);
    log.appendEvents(events.slice(0, 2));
    expect(() => log.appendEvents([events[2], events[1]])).toThrow(MerkleLogOrderError);
    expect(log.size()).toBe(2);
    expect(() => log.appendEvents([events[2], events[2]])).toThrow(MerkleLogOrderError);
    expect(log.size()).toBe(2);
  });

  it('answers nothing beyond the current tree size', () => {
    const log = new SqliteMerkleLog(db);
    log.appendLeaves([{ eventId: 'e0', position: '1', entry: Buffer.from('x') }]);
    expect(hexOf(log.rootAt(1))).toBe(hexOf(hashLeaf(Buffer.from('x'))));
    expect(() => log.rootAt(2)).toThrow(TreeSizeOutOfRangeError);
    expect(() => log.inclusionProof(0, 2)).toThrow(TreeSizeOutOfRangeError);
    expect(() => log.inclusionProof(1, 1)).toThrow(TreeSizeOutOfRangeError);
    expect(() => log.consistencyProof(1, 2)).toThrow(TreeSizeOutOfRangeError);
  });

  it('keeps separate logs apart by table prefix in one file', () => {
    const a = new SqliteMerkleLog(db, { tablePrefix: 'a_' });
    const b = new SqliteMerkleLog(db, { tablePrefix: 'b_' });
    a.appendEvents(recordedEvents(3));
    expect(a.size()).toBe(3);
    expect(b.size()).toBe(0);
  });
});
