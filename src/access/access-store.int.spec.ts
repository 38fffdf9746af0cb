import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessStore, keyDigest } from './access-store';

describe('AccessStore key look-ups (kept in memory between credential writes)', () => {
  let dir: string;
  let access: AccessStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-access-'));
    access = new AccessStore(dir);
  });
  afterEach(() => {
    access.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a key looked up, then revoked, is seen revoked on the next look-up', () => {
    const issued = access.issueApiKey('party-a', '2026-12-02T00:00:00.000Z');
    expect(access.bearerLookup(keyDigest(issued.apiKey))).toMatchObject({ partyId: 'party-a', revokedAt: null });
    expect(access.revokeApiKey('party-a', issued.keyId, '2026-12-02T01:00:00.000Z')).toBe(true);
    expect(access.bearerLookup(keyDigest(issued.apiKey))).toMatchObject({ partyId: 'party-a', revokedAt: '2026-12-02T01:00:00.000Z' });
  });

  it('a discarded key and a replaced admin token are not answered from memory', () => {
    const issued = access.issueApiKey('party-a', '2026-12-02T00:00:00.000Z');
    access.setAdminTokenDigest(keyDigest('first-admin-token-0123456789'));
    expect(access.bearerLookup(keyDigest(issued.apiKey)).adminDigest).toBe(keyDigest('first-admin-token-0123456789'));
    access.discardApiKey(issued.keyId);
    expect(access.bearerLookup(keyDigest(issued.apiKey)).partyId).toBeNull();
    access.setAdminTokenDigest(keyDigest('second-admin-token-0123456789'));
    expect(access.bearerLookup(keyDigest(issued.apiKey)).adminDigest).toBe(keyDigest('second-admin-token-0123456789'));
  });
});
