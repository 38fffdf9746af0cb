import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { payloadSha256 } from '../../src/event-store/payload-hash';
import { signCheckpoint } from '../../src/integrity/checkpoint';
import { writeExport } from '../../src/integrity/export-writer';
import { verifyExport, type ExportVerificationProgress } from '../../src/integrity/export-verifier';
import { leafHashOfEnvelope } from '../../src/integrity/log-entry';
import { SqliteMerkleLog } from '../../src/integrity/sqlite-merkle-log';
import { publicKeyPem } from '../../src/integrity/signing-key';
import { recordedEvents } from './recorded-events.fixture';

const ORIGIN = 'critical-minerals-ledger';
const TIME = '2026-11-28T07:00:00.000Z';

describe('offline verification of an export (real SQLite log, real files)', () => {
  const keys = generateKeyPairSync('ed25519');
  const publicKey = publicKeyPem(keys.publicKey);
  const events = recordedEvents(40);
  let dir: string;
  let db: Database.Database;
  let log: SqliteMerkleLog;

  const checkpointAt = (treeSize: number, merkleLog = log) =>
    signCheckpoint({ origin: ORIGIN, treeSize, rootHash: merkleLog.rootAt(treeSize), time: TIME }, keys.privateKey);

  async function* stream(list: RecordedEvent[]) {
    yield* list;
  }

  /** Export what a store holding `stored` would give, with the leaf hashes the log recorded. */
  async function exportFile(name: string, stored: RecordedEvent[] = events, treeSize = log.size()): Promise<string> {
    const path = join(dir, name);
    const out = createWriteStream(path);
    await writeExport(out, {
      checkpoint: checkpointAt(treeSize),
      events: stream(stored),
      leafHash: (i) => log.leaf(i)!.leafHash,
    });
    out.end();
    await finished(out);
    return path;
  }

  function editLines(path: string, edit: (lines: string[]) => string[]): string {
    const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1);
    const edited = `${path}.edited`;
    writeFileSync(edited, edit(lines).map((l) => `${l}\n`).join(''));
    return edited;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'export-verify-'));
    db = new Database(join(dir, 'integrity.db'));
    log = new SqliteMerkleLog(db);
    log.appendEvents(events);
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an untouched export verifies, every event is handed over, progress is reported', async () => {
    const path = await exportFile('history.ndjson');
    const seen: string[] = [];
    const progress: ExportVerificationProgress[] = [];
    const result = await verifyExport(path, {
      publicKey,
      onEvent: (event) => {
        seen.push(event.eventId);
      },
      onProgress: (p) => progress.push(p),
      progressEvery: 10,
    });
    expect(result.failure).toBeNull();
    expect(result.ok).toBe(true);
    expect(result.entriesVerified).toBe(40);
    expect(result.checkpoint).toMatchObject({ origin: ORIGIN, treeSize: 40, time: TIME });
    expect(result.rootHash!.equals(log.rootAt(40))).toBe(true);
    expect(seen).toEqual(events.map((e) => e.eventId));
    expect(progress.at(-1)).toMatchObject({ entriesVerified: 40, treeSize: 40 });
    expect(progress.at(-1)!.bytesRead).toBe(progress.at(-1)!.totalBytes);
    expect(progress.length).toBeGreaterThanOrEqual(5);
  });

  it('verified on a thread of its own, hands over exactly the entries before the first bad one, with the same result', async () => {
    const path = editLines(await exportFile('history.ndjson'), (lines) => {
      lines[12] = lines[12].replace('"grossMassG":1000077', '"grossMassG":1000078');
      return lines;
    });
    const seen: string[] = [];
    const threaded = await verifyExport(path, { publicKey, onEvent: (event) => void seen.push(event.eventId) });
    expect(threaded).toEqual(await verifyExport(path, { publicKey }));
    expect(threaded.failure).toMatchObject({ reason: 'payload-hash-mismatch', leafIndex: 11 });
    expect(seen).toEqual(events.slice(0, 11).map((e) => e.eventId));
    const whole = await verifyExport(await exportFile('whole.ndjson'), { publicKey, onEvent: () => undefined });
    expect(whole).toEqual(await verifyExport(join(dir, 'whole.ndjson'), { publicKey }));
  });

  it('an export cut at an earlier checkpoint verifies too, and so does an empty log', async () => {
    expect((await verifyExport(await exportFile('first-17.ndjson', events, 17), { publicKey })).ok).toBe(true);
    expect((await verifyExport(await exportFile('empty.ndjson', events, 0), { publicKey })).ok).toBe(true);
  });

  it('verifies from a stream as well as from a path', async () => {
    const path = await exportFile('history.ndjson');
    const result = await verifyExport(Readable.from([readFileSync(path)]), { publicKey });
    expect(result.ok).toBe(true);
  });

  it('fails with a key other than the log key', async () => {
    const path = await exportFile('history.ndjson');
    const other = publicKeyPem(generateKeyPairSync('ed25519').publicKey);
    const result = await verifyExport(path, { publicKey: other });
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({ reason: 'checkpoint-invalid', lineNumber: null });
  });

  describe('tampering with the file names the first bad entry', () => {
    it('one changed byte of a payload', async () => {
      const path = editLines(await exportFile('history.ndjson'), (lines) => {
        // Line 13 holds leaf 11; its gross mass 1000077 becomes 1000078.
        lines[12] = lines[12].replace('"grossMassG":1000077', '"grossMassG":1000078');
        return lines;
      });
      const result = await verifyExport(path, { publicKey });
      expect(result.ok).toBe(false);
      expect(result.failure).toMatchObject({
        reason: 'payload-hash-mismatch',
        lineNumber: 13,
        leafIndex: 11,
        eventId: events[11].eventId,
      });
      expect(result.entriesVerified).toBe(11);
    });

    it('a payload changed together with its payloadSha256', async () => {
      const path = editLines(await exportFile('history.ndjson'), (lines) => {
        const entry = JSON.parse(lines[8]);
        entry.event.data.country = 'RW';
        entry.event.payloadSha256 = payloadSha256(entry.event.data);
        lines[8] = JSON.stringify(entry);
        return lines;
      });
      const result = await verifyExport(path, { publicKey });
      expect(result.failure).toMatchObject({ reason: 'leaf-hash-mismatch', lineNumber: 9, eventId: events[7].eventId });
    });

    it('a deleted event', async () => {
      const path = editLines(await exportFile('history.ndjson'), (lines) => lines.filter((_, i) => i !== 21));
      const result = await verifyExport(path, { publicKey });
      expect(result.failure).toMatchObject({ reason: 'leaf-index-mismatch', lineNumber: 22, eventId: events[21].eventId });
    });

    it('two reordered events', async () => {
      const path = editLines(await exportFile('history.ndjson'), (lines) => {
        [lines[5], lines[6]] = [lines[6], lines[5]];
        return lines;
      });
      const result = await verifyExport(path, { publicKey });
      expect(result.failure).toMatchObject({ reason: 'leaf-index-mismatch', lineNumber: 6, eventId: events[5].eventId });
    });

    it('two reordered events with their leaf indexes renumbered', async () => {
      const path = editLines(await exportFile('history.ndjson'), (lines) => {
        const a = JSON.parse(lines[5]);
        const b = JSON.parse(lines[6]);
        [a.leafIndex, b.leafIndex] = [b.leafIndex, a.leafIndex];
        lines[5] = JSON.stringify(b);
        lines[6] = JSON.stringify(a);
        return lines;
      });
      const result = await verifyExport(path, { publicKey });
      expect(result.failure).toMatchObject({ reason: 'position-not-increasing', lineNumber: 7, eventId: events[4].eventId });
    });

    it('a truncated export', async () => {
      const path = editLines(await exportFile('history.ndjson'), (lines) => lines.slice(0, 31));
      const result = await verifyExport(path, { publicKey });
      expect(result.failure).toMatchObject({ reason: 'truncated', lineNumber: 32, leafIndex: 30 });
      expect(result.entriesVerified).toBe(30);
    });

    it('an export cut off in the middle of a line', async () => {
      const full = readFileSync(await exportFile('history.ndjson'), 'utf8');
      const cut = join(dir, 'cut.ndjson');
      const lastLineStart = full.lastIndexOf('\n', full.length - 2) + 1;
      writeFileSync(cut, full.slice(0, lastLineStart + 200));
      const result = await verifyExport(cut, { publicKey });
      expect(result.failure).toMatchObject({ reason: 'malformed-entry', lineNumber: 41, leafIndex: 39, eventId: events[39].eventId });
    });

    it('entries beyond the checkpoint', async () => {
      const path = editLines(await exportFile('first-20.ndjson', events, 20), (lines) => [...lines, lines[20]]);
      const result = await verifyExport(path, { publicKey });
      expect(result.failure).toMatchObject({ reason: 'extra-entries', lineNumber: 22, leafIndex: 20 });
    });

    it('a deletion disguised by renumbering still leaves fewer entries than the checkpoint covers', async () => {
      const path = editLines(await exportFile('history.ndjson'), (lines) =>
        lines
          .filter((_, i) => i !== 3)
          .map((line, i) => {
            if (i === 0) return line;
            const entry = JSON.parse(line);
            entry.leafIndex = i - 1;
            return JSON.stringify(entry);
          }),
      );
      const result = await verifyExport(path, { publicKey });
      expect(result.ok).toBe(false);
      expect(result.failure?.reason).toBe('truncated');
    });

    it('an edit disguised by rewriting payloadSha256 and leafHash fails on the signed root', async () => {
      const path = editLines(await exportFile('history.ndjson'), (lines) => {
        const entry = JSON.parse(lines[30]);
        entry.event.data.grossMassG = 1;
        entry.event.payloadSha256 = payloadSha256(entry.event.data);
        entry.leafHash = leafHashOfEnvelope(entry.event).toString('base64');
        lines[30] = JSON.stringify(entry);
        return lines;
      });
      const result = await verifyExport(path, { publicKey });
      expect(result.failure).toMatchObject({ reason: 'root-mismatch' });
      expect(result.entriesVerified).toBe(40);
    });
  });

  describe('tampering in the store shows in a fresh export', () => {
    it('a payload edited in the store (hash column untouched) names that event', async () => {
      const stored = events.map((e, i) => (i === 26 ? { ...e, data: { ...e.data, country: 'XX' } } : e));
      const result = await verifyExport(await exportFile('history.ndjson', stored), { publicKey });
      expect(result.failure).toMatchObject({ reason: 'payload-hash-mismatch', leafIndex: 26, eventId: events[26].eventId });
    });

    it('a payload and its hash edited in the store names that event', async () => {
      const stored = events.map((e, i) => {
        if (i !== 26) return e;
        const data = { ...e.data, country: 'XX' };
        return { ...e, data, payloadSha256: payloadSha256(data) };
      });
      const result = await verifyExport(await exportFile('history.ndjson', stored), { publicKey });
      expect(result.failure).toMatchObject({ reason: 'leaf-hash-mismatch', leafIndex: 26, eventId: events[26].eventId });
    });

    it('an event deleted from the store names the event that took its place', async () => {
      const stored = events.filter((_, i) => i !== 14);
      const result = await verifyExport(await exportFile('history.ndjson', stored), { publicKey });
      expect(result.failure).toMatchObject({ reason: 'leaf-hash-mismatch', leafIndex: 14, eventId: events[15].eventId });
    });
  });

  describe('checkpoints held from earlier', () => {
    it('one from an earlier, shorter log is consistent with the current export', async () => {
      const earlierDb = new Database(join(dir, 'earlier.db'));
      const earlierLog = new SqliteMerkleLog(earlierDb);
      earlierLog.appendEvents(events.slice(0, 13));
      const held = [checkpointAt(13, earlierLog), checkpointAt(0, earlierLog), checkpointAt(1, earlierLog)];
      earlierDb.close();
      const result = await verifyExport(await exportFile('history.ndjson'), { publicKey, heldCheckpoints: held });
      expect(result.ok).toBe(true);
      expect(result.held.map((h) => [h.treeSize, h.consistent])).toEqual([
        [0, true],
        [1, true],
        [13, true],
      ]);
    });

    it('one of the full current log is consistent', async () => {
      const result = await verifyExport(await exportFile('history.ndjson'), { publicKey, heldCheckpoints: [checkpointAt(40)] });
      expect(result.ok).toBe(true);
      expect(result.held[0].consistent).toBe(true);
    });

    it('one from a rewritten log is not', async () => {
      const rewrittenDb = new Database(join(dir, 'rewritten.db'));
      const rewrittenLog = new SqliteMerkleLog(rewrittenDb);
      // Same length and order, one event's payload different: the history the holder saw.
      const history = events.slice(0, 13).map((e, i) => {
        if (i !== 9) return e;
        const data = { ...e.data, grossMassG: 5 };
        return { ...e, data, payloadSha256: payloadSha256(data) };
      });
      rewrittenLog.appendEvents(history);
      const held = checkpointAt(13, rewrittenLog);
      rewrittenDb.close();
      const result = await verifyExport(await exportFile('history.ndjson'), { publicKey, heldCheckpoints: [held] });
      expect(result.ok).toBe(false);
      expect(result.failure).toMatchObject({ reason: 'held-checkpoint-inconsistent', leafIndex: 12, lineNumber: 14 });
      expect(result.held[0].consistent).toBe(false);
    });

    it('one larger than the export means the log lost entries', async () => {
      const result = await verifyExport(await exportFile('first-20.ndjson', events, 20), {
        publicKey,
        heldCheckpoints: [checkpointAt(30)],
      });
      expect(result.failure).toMatchObject({ reason: 'held-checkpoint-beyond-export' });
    });

    it('one not signed by the log key is rejected', async () => {
      const stranger = generateKeyPairSync('ed25519');
      const forged = signCheckpoint({ origin: ORIGIN, treeSize: 5, rootHash: log.rootAt(5), time: TIME }, stranger.privateKey);
      const result = await verifyExport(await exportFile('history.ndjson'), { publicKey, heldCheckpoints: [forged] });
      expect(result.failure).toMatchObject({ reason: 'held-checkpoint-invalid' });
    });
  });
});
