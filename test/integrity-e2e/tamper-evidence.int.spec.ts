/**
 * Acceptance of the verifiable log, end to end through the real service, the real SQLite files and
 * the real `ledger` binary in a child process: exports verify, and any edit, deletion, reordering or
 * truncation of the history is caught and named; held checkpoints prove (in)consistency.
 */
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo, type DemoResult } from '../../src/demo/run-demo';
import { verifyCheckpoint } from '../../src/integrity/checkpoint';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from '../e2e/ledger-test-app';
import { runLedgerCli } from './run-ledger-cli';

jest.setTimeout(180_000);

describe('tamper evidence: ledger export and ledger verify over the demo ledger', () => {
  let ledger: TestLedger;
  let demo: DemoResult;
  let work: string;
  let heldEarlier: string;
  let servedOrigins: { status: number; body: Record<string, unknown> };
  let publicKeyFile: string;
  let exportFile: string;
  const env = () => ({ LEDGER_DATA_DIR: ledger.dataDir, LEDGER_ADMIN_TOKEN: '' });
  const file = (name: string) => join(work, name);
  const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((line) => line.length > 0);
  const eventIdOfLine = (line: string) => (JSON.parse(line) as { event: { eventId: string } }).event.eventId;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
    ledger = await startTestLedger();
    if (process.env.LEDGER_E2E_STORE === 'kurrentdb') throw new Error('this test edits the SQLite file; run it on the default store');
    demo = await runDemo({ url: await ledger.app.getUrl(), adminToken: ADMIN_TOKEN, tag: 'TAMPER', log: () => {} });
    const regulator = (path: string) => ledger.http.get(path).set('Authorization', `Bearer ${demo.regulatorKey}`);
    heldEarlier = (await regulator(`/v1/ledger/checkpoint?minPosition=${demo.position}`)).text;
    writeFileSync(file('held-earlier.txt'), heldEarlier);
    // The log grows after the regulator took its checkpoint.
    const more = await ledger.http
      .post('/v1/parties')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ id: 'late-trader', name: 'Late Trader Pte', country: 'SG', roles: ['trader'] });
    expect(more.status).toBe(201);
    const origins = await ledger.http
      .get(`/v1/lots/${demo.cathodeLotId}/origins?minPosition=${more.body.position ?? demo.position}`)
      .set('Authorization', `Bearer ${demo.auditorKey}`);
    servedOrigins = { status: origins.status, body: origins.body };
    await ledger.close();

    const key = await runLedgerCli(['public-key'], env());
    expect(key.code).toBe(0);
    publicKeyFile = file('key.pem');
    writeFileSync(publicKeyFile, key.stdout);
    exportFile = file('history.ndjson');
    const exported = await runLedgerCli(['export', '--out', exportFile], env());
    expect(exported.stderr).toContain('exported');
    expect(exported.code).toBe(0);
  });
  afterAll(async () => {
    await ledger.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  const verify = (path: string, ...extra: string[]) => runLedgerCli(['verify', path, '--public-key', publicKeyFile, ...extra]);

  it('an untouched export verifies, with the earlier checkpoint consistent, and prints the summary', async () => {
    const run = await verify(exportFile, '--held', file('held-earlier.txt'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const treeSize = lines(exportFile).length - 1;
    expect(run.stdout).toContain(`OK: ${treeSize} event(s)`);
    expect(run.stdout).toContain(`held checkpoint of size ${verifyCheckpoint(heldEarlier, readFileSync(publicKeyFile)).treeSize}`);
    expect(run.stdout).toMatch(/parties\s+\d+/);
    expect(run.stdout).toMatch(/lots\s+\d+/);
    expect(run.stdout).toContain('nickel');
    expect(run.stdout).toMatch(/open flags\s+\d+/);
  });

  it('prints the same per-mineral totals and origin answers for the demo cathode lot as the running service', async () => {
    expect(servedOrigins.status).toBe(200);
    const run = await verify(exportFile, '--lot', demo.cathodeLotId, '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.summary.parties.total).toBe(demo.counts.parties + 1);
    const offline = result.lots[demo.cathodeLotId];
    expect(Object.keys(offline.minerals).length).toBeGreaterThan(0);
    // The service answered before the late party was registered into the log, so compare all but the position.
    expect({ ...offline, position: undefined }).toEqual({ ...servedOrigins.body, position: undefined });
    const text = await verify(exportFile, '--lot', demo.cathodeLotId);
    for (const [mineral, answer] of Object.entries(offline.minerals as Record<string, { massKg: string }>)) {
      expect(text.stdout).toContain(`${mineral} ${answer.massKg} kg`);
    }
  });

  describe('a damaged export fails and names the first bad entry', () => {
    it('deleting an event', async () => {
      const all = lines(exportFile);
      const damaged = file('deleted.ndjson');
      writeFileSync(damaged, [...all.slice(0, 10), ...all.slice(11)].map((l) => `${l}\n`).join(''));
      const run = await verify(damaged);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('verification FAILED');
      // The entry that now stands where the deleted one was is named.
      expect(run.stderr).toContain(eventIdOfLine(all[11]));
      expect(run.stderr).toContain('line 11');
    });

    it('reordering two events', async () => {
      const all = lines(exportFile);
      const damaged = file('reordered.ndjson');
      [all[20], all[21]] = [all[21], all[20]];
      writeFileSync(damaged, all.map((l) => `${l}\n`).join(''));
      const run = await verify(damaged);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(eventIdOfLine(all[20]));
      expect(run.stderr).toContain('line 21');
    });

    it('truncating the export, at a line end or in the middle of a line', async () => {
      const text = readFileSync(exportFile, 'utf8');
      const all = lines(exportFile);
      writeFileSync(file('short.ndjson'), all.slice(0, -3).map((l) => `${l}\n`).join(''));
      const short = await verify(file('short.ndjson'));
      expect(short.code).toBe(1);
      expect(short.stderr).toContain('(truncated)');
      writeFileSync(file('cut.ndjson'), text.slice(0, Math.floor(text.length / 2)));
      const cut = await verify(file('cut.ndjson'));
      expect(cut.code).toBe(1);
      expect(cut.stderr).toContain('verification FAILED');
    });

    it('an empty or foreign file', async () => {
      writeFileSync(file('empty.ndjson'), '');
      expect((await verify(file('empty.ndjson'))).code).toBe(1);
      expect((await verify(file('no-such-file.ndjson'))).code).toBe(2);
    });
  });

  it('a checkpoint held from a rewritten log does not verify as consistent', async () => {
    // Another history signed with the same key: what a ledger that rewrote its past would hand out.
    const rewritten = await startTestLedger({ env: { LEDGER_SIGNING_KEY_FILE: join(ledger.dataDir, 'checkpoint-signing-key.pem') } });
    try {
      const regulator = await rewritten.http
        .post('/v1/parties')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .send({ id: 'TAMPER-regulator', name: 'A different regulator', country: 'US', roles: ['regulator'] });
      expect(regulator.status).toBe(201);
      const note = await rewritten.http.get('/v1/ledger/checkpoint?minPosition=1').set('Authorization', `Bearer ${regulator.body.apiKey}`);
      expect(verifyCheckpoint(note.text, readFileSync(publicKeyFile)).treeSize).toBeGreaterThan(0);
      writeFileSync(file('held-rewritten.txt'), note.text);
    } finally {
      await rewritten.destroy();
    }
    const run = await verify(exportFile, '--held', file('held-earlier.txt'), '--held', file('held-rewritten.txt'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('held-checkpoint-inconsistent');
  });

  it('a checkpoint signed by another key is refused', async () => {
    const other = await startTestLedger();
    try {
      const regulator = await other.http
        .post('/v1/parties')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .send({ id: 'other-regulator', name: 'Other', country: 'US', roles: ['regulator'] });
      const note = await other.http.get('/v1/ledger/checkpoint?minPosition=1').set('Authorization', `Bearer ${regulator.body.apiKey}`);
      writeFileSync(file('held-foreign.txt'), note.text);
    } finally {
      await other.destroy();
    }
    const run = await verify(exportFile, '--held', file('held-foreign.txt'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('held-checkpoint-invalid');
  });

  describe('tampering with the store itself', () => {
    let copy: string;
    beforeEach(() => {
      copy = mkdtempSync(join(work, 'data-'));
      cpSync(ledger.dataDir, copy, { recursive: true });
    });

    it('one byte changed in one stored payload makes a fresh export refuse to sign, naming that event', async () => {
      const db = new Database(join(copy, 'ledger.sqlite'));
      const victim = db.prepare("SELECT position, event_id, data FROM events WHERE type = 'LotExtracted' ORDER BY position LIMIT 1").get() as {
        position: number;
        event_id: string;
        data: string;
      };
      // One digit of the payload, e.g. a mass, changed to another digit: still valid JSON, still the same length.
      const at = victim.data.search(/[1-8]/);
      const edited = victim.data.slice(0, at) + String(Number(victim.data[at]) + 1) + victim.data.slice(at + 1);
      expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(victim.data));
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(edited, victim.position);
      db.close();

      // The export checks the Merkle log against the store first, and refuses to sign over the edit, naming the event.
      const out = join(copy, 'fresh.ndjson');
      const run = await runLedgerCli(['export', '--out', out], { LEDGER_DATA_DIR: copy });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`event ${victim.event_id}`);
    });

    it('an event deleted from the store makes a fresh export refuse to sign, naming the leaf', async () => {
      const db = new Database(join(copy, 'ledger.sqlite'));
      const [, second] = db.prepare('SELECT position, event_id FROM events ORDER BY position LIMIT 30').all() as { position: number; event_id: string }[];
      db.prepare('DELETE FROM events WHERE position = ?').run(second.position);
      db.close();
      const out = join(copy, 'fresh.ndjson');
      const run = await runLedgerCli(['export', '--out', out], { LEDGER_DATA_DIR: copy });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('leaf 1');
    });

    it('an untouched copy exports and verifies again, consistent with the checkpoint held earlier', async () => {
      const out = join(copy, 'fresh.ndjson');
      expect((await runLedgerCli(['export', '--out', out], { LEDGER_DATA_DIR: copy })).code).toBe(0);
      const run = await verify(out, '--held', file('held-earlier.txt'), '--save-checkpoint', join(copy, 'now.txt'));
      expect(run.code).toBe(0);
      expect(readFileSync(join(copy, 'now.txt'), 'utf8')).toBe(JSON.parse(lines(out)[0]).checkpoint);
    });
  });
});
