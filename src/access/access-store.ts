import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** SHA-256 is the right lookup for keys with 256 bits of entropy: a slow KDF would add nothing. */
export function keyDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new API key: 32 random bytes, prefixed so leaked keys are easy to recognise in scanners. */
export function newApiKey(prefix = 'cml'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * Credentials live beside the event log, never in it: the log is exported to regulators and a
 * credential has no business in a public history. Keys are stored only as digests.
 */
export class AccessStore {
  private readonly db: Database.Database;
  private readonly insertKey: Database.Statement;
  private readonly findKey: Database.Statement;
  private readonly deleteKey: Database.Statement;
  private readonly insertReplay: Database.Statement;
  private readonly findReplay: Database.Statement;
  private readonly findAdminDigest: Database.Statement;
  private readonly putAdminDigest: Database.Statement;
  private readonly findBearer: Database.Statement;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'access.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS api_keys (
        key_sha256 TEXT PRIMARY KEY,
        party_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS api_keys_party ON api_keys(party_id);
      CREATE TABLE IF NOT EXISTS admin_token (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        token_sha256 TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS party_key_replays (
        idempotency_key TEXT PRIMARY KEY,
        sealed TEXT NOT NULL
      );
    `);
    this.insertKey = this.db.prepare('INSERT INTO api_keys (key_sha256, party_id, created_at) VALUES (?, ?, ?)');
    this.findKey = this.db.prepare('SELECT party_id FROM api_keys WHERE key_sha256 = ?');
    this.deleteKey = this.db.prepare('DELETE FROM api_keys WHERE key_sha256 = ?');
    this.insertReplay = this.db.prepare('INSERT OR REPLACE INTO party_key_replays (idempotency_key, sealed) VALUES (?, ?)');
    this.findReplay = this.db.prepare('SELECT sealed FROM party_key_replays WHERE idempotency_key = ?');
    // Read on every authenticated request: prepared once, not per call.
    this.findAdminDigest = this.db.prepare('SELECT token_sha256 FROM admin_token WHERE id = 1');
    this.putAdminDigest = this.db.prepare('INSERT OR REPLACE INTO admin_token (id, token_sha256) VALUES (1, ?)');
    this.findBearer = this.db.prepare(
      'SELECT (SELECT token_sha256 FROM admin_token WHERE id = 1) AS admin_digest, (SELECT party_id FROM api_keys WHERE key_sha256 = ?) AS party_id',
    );
  }

  addApiKey(apiKey: string, partyId: string, now: string): void {
    this.insertKey.run(keyDigest(apiKey), partyId, now);
  }

  removeApiKey(apiKey: string): void {
    this.deleteKey.run(keyDigest(apiKey));
  }

  partyForApiKey(apiKey: string): string | null {
    const row = this.findKey.get(keyDigest(apiKey)) as { party_id: string } | undefined;
    return row?.party_id ?? null;
  }

  /** Both questions the guard asks of a presented token, in one read: the admin digest on file and the key's party. */
  bearerLookup(digest: string): { adminDigest: string | null; partyId: string | null } {
    const row = this.findBearer.get(digest) as { admin_digest: string | null; party_id: string | null };
    return { adminDigest: row.admin_digest, partyId: row.party_id };
  }

  adminTokenDigest(): string | null {
    const row = this.findAdminDigest.get() as { token_sha256: string } | undefined;
    return row?.token_sha256 ?? null;
  }

  setAdminTokenDigest(digest: string): void {
    this.putAdminDigest.run(digest);
  }

  /**
   * A replayed party registration must answer with the key it answered first, yet the key is not
   * kept in the clear: it is sealed with a key derived from the admin's own token, so only a
   * caller presenting that token again can open it.
   */
  sealPartyKey(idempotencyKey: string, adminToken: string, apiKey: string): void {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', sealingKey(adminToken), iv);
    const body = Buffer.concat([cipher.update(apiKey, 'utf8'), cipher.final()]);
    const sealed = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64')).join('.');
    this.insertReplay.run(idempotencyKey, sealed);
  }

  openPartyKey(idempotencyKey: string, adminToken: string): string | null {
    const row = this.findReplay.get(idempotencyKey) as { sealed: string } | undefined;
    if (!row) return null;
    const [iv, tag, body] = row.sealed.split('.').map((part) => Buffer.from(part, 'base64'));
    try {
      const decipher = createDecipheriv('aes-256-gcm', sealingKey(adminToken), iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  close(): void {
    this.db.close();
  }
}

function sealingKey(adminToken: string): Buffer {
  return createHash('sha256').update('party-key-replay\n').update(adminToken, 'utf8').digest();
}
