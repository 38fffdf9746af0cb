import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signCheckpoint, verifyCheckpoint } from '../../src/integrity/checkpoint';
import { SigningKeyError } from '../../src/integrity/integrity.errors';
import { loadOrCreateSigningKey, loadSigningKey, publicKeyPem } from '../../src/integrity/signing-key';

describe('the signing key file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signing-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated on first start with a warning and mode 0600, then loaded unchanged', () => {
    const path = join(dir, 'keys', 'checkpoint.pem');
    const warnings: string[] = [];
    const first = loadOrCreateSigningKey(path, { onWarning: (m) => warnings.push(m) });
    expect(first.created).toBe(true);
    expect(warnings).toHaveLength(1);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toContain('BEGIN PRIVATE KEY');

    const second = loadOrCreateSigningKey(path, { onWarning: (m) => warnings.push(m) });
    expect(second.created).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(publicKeyPem(second.publicKey)).toBe(publicKeyPem(first.publicKey));
    expect(publicKeyPem(second.privateKey)).toBe(publicKeyPem(first.publicKey));
  });

  it('a key loaded from its file signs checkpoints that verify with its exported public PEM', () => {
    const path = join(dir, 'checkpoint.pem');
    loadOrCreateSigningKey(path);
    const { privateKey, publicKey } = loadSigningKey(path);
    const pem = publicKeyPem(publicKey);
    expect(pem).toContain('BEGIN PUBLIC KEY');
    const note = signCheckpoint({ origin: 'critical-minerals-ledger', treeSize: 0, rootHash: Buffer.alloc(32), time: null }, privateKey);
    expect(verifyCheckpoint(note, pem).treeSize).toBe(0);
  });

  it('warns about a key file others can read', () => {
    const path = join(dir, 'loose.pem');
    writeFileSync(path, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
    chmodSync(path, 0o644);
    const warnings: string[] = [];
    loadSigningKey(path, { onWarning: (m) => warnings.push(m) });
    if (process.platform !== 'win32') expect(warnings.join()).toContain('chmod 600');
  });

  it('refuses a key that is not Ed25519', () => {
    const path = join(dir, 'p256.pem');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(path, ec.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    expect(() => loadSigningKey(path)).toThrow(SigningKeyError);
  });
});
