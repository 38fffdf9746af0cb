import Database from 'better-sqlite3';
import { join } from 'node:path';
import { registerParty } from '../e2e/ledger-fixtures';
import { ADMIN_TOKEN, startTestLedger, type TestLedger } from '../e2e/ledger-test-app';
import { runLedgerCli } from './run-ledger-cli';

jest.setTimeout(60_000);

describe('a Merkle log that no longer reproduces a checkpoint it signed', () => {
  let ledger: TestLedger;

  afterAll(() => ledger.destroy());

  it('is never signed again: the API answers 500 checkpoint-conflict and the CLI refuses to export', async () => {
    ledger = await startTestLedger();
    const regulator = await registerParty(ledger, 'conflict-regulator', ['regulator']);
    const first = await ledger.http.get('/v1/ledger/checkpoint?minPosition=1').set('Authorization', `Bearer ${regulator}`);
    expect(first.status).toBe(200);
    await ledger.close();

    // Someone rewrote the signed root in the integrity file (or the leaves under it).
    const db = new Database(join(ledger.dataDir, 'integrity.sqlite'));
    db.prepare('UPDATE integrity_checkpoint SET root_hash = zeroblob(32) WHERE tree_size = (SELECT max(tree_size) FROM integrity_checkpoint)').run();
    db.close();

    ledger = await startTestLedger({ dataDir: ledger.dataDir });
    await ledger.http.post('/v1/parties').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ id: 'later', name: 'Later', country: 'US', roles: ['trader'] });
    const res = await ledger.http.get('/v1/ledger/checkpoint?minPosition=2').set('Authorization', `Bearer ${regulator}`);
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('checkpoint-conflict');
    expect(res.body.detail).toContain('refusing to sign');
    await ledger.close();

    const exported = await runLedgerCli(['export', '--out', join(ledger.dataDir, 'x.ndjson')], { LEDGER_DATA_DIR: ledger.dataDir });
    expect(exported.code).toBe(2);
    expect(exported.stderr).toContain('refusing to sign');
  });
});
