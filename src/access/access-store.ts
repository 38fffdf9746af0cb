import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

/** SHA-256 is the right lookup for keys with 256 bits of entropy: a slow KDF would add nothing. */
export function keyDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new API key: 32 random bytes, prefixed so leaked keys are easy to recognise in scanners. */
export function newApiKey(prefix = 'cml'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** A key's public name: safe to show, log and send in a path; it opens nothing. */
export function newKeyId(): string {
  return `key_${randomBytes(9).toString('base64url')}`;
}

/** How many presented keys' lookups are kept in memory at most. */
const LOOKUPS_KEPT = 10_000;

/** What the guard learns of a presented token in one read. */
export interface BearerLookup {
  adminDigest: string | null;
  partyId: string | null;
  /** When the key was revoked (ISO time); null while it is live or when the token is no key. */
  revokedAt: string | null;
}

export interface IssuedKey {
  keyId: string;
  apiKey: string;
}

/**
 * Credentials live beside the event log, never in it: the log is exported to regulators and a
 * credential has no business in a public history. Keys are stored only as digests, so a key is
 * shown once, when issued, and never again: a lost key is replaced, not recovered.
 */
export class AccessStore {
  private readonly db: Database.Database;
  private readonly insertKey: Database.Statement;
  private readonly deleteKey: Database.Statement;
  private readonly revokeKey: Database.Statement;
  private readonly insertIssued: Database.Statement;
  private readonly findIssued: Database.Statement;
  private readonly findAdminDigest: Database.Statement;
  private readonly putAdminDigest: Database.Statement;
  private readonly findBearer: Database.Statement;
  /**
   * The answers of `bearerLookup` by digest, kept until this store next writes a credential: only
   * the service writes this file, through this object, so a revoked or new key is seen on the very
   * next request.
   */
  private readonly lookups = new Map<string, BearerLookup>();

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'access.sqlite');
    // Digests of credentials: readable by the service's user only (SQLite gives its -wal and -shm files the same mode).
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
    this.db = new Database(file);
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
      -- Earlier versions kept each registration's key sealed here for replays; a replay now names the key, never shows it.
      DROP TABLE IF EXISTS party_key_replays;
      CREATE TABLE IF NOT EXISTS registration_keys (
        idempotency_key TEXT PRIMARY KEY,
        key_id TEXT NOT NULL
      );
    `);
    const columns = (this.db.pragma('table_info(api_keys)') as { name: string }[]).map((column) => column.name);
    if (!columns.includes('key_id')) {
      this.db.exec(`
        ALTER TABLE api_keys ADD COLUMN key_id TEXT;
        ALTER TABLE api_keys ADD COLUMN revoked_at TEXT;
        UPDATE api_keys SET key_id = 'key_' || substr(key_sha256, 1, 12) WHERE key_id IS NULL;
      `);
    }
    this.db.exec('CREATE UNIQUE INDEX IF NOT EXISTS api_keys_key_id ON api_keys(key_id)');
    this.insertKey = this.db.prepare('INSERT INTO api_keys (key_sha256, party_id, created_at, key_id) VALUES (?, ?, ?, ?)');
    this.deleteKey = this.db.prepare('DELETE FROM api_keys WHERE key_id = ?');
    this.revokeKey = this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND party_id = ? AND revoked_at IS NULL');
    this.insertIssued = this.db.prepare('INSERT OR REPLACE INTO registration_keys (idempotency_key, key_id) VALUES (?, ?)');
    this.findIssued = this.db.prepare('SELECT key_id FROM registration_keys WHERE idempotency_key = ?');
    // Read on every authenticated request: prepared once, not per call.
    this.findAdminDigest = this.db.prepare('SELECT token_sha256 FROM admin_token WHERE id = 1');
    this.putAdminDigest = this.db.prepare('INSERT OR REPLACE INTO admin_token (id, token_sha256) VALUES (1, ?)');
    this.findBearer = this.db.prepare(
      'SELECT (SELECT token_sha256 FROM admin_token WHERE id = 1) AS admin_digest, k.party_id, k.revoked_at FROM (SELECT 1) LEFT JOIN api_keys k ON k.key_sha256 = ?',
    );
  }

  /** Issues a new key for a party; the key itself is in the answer only. */
  issueApiKey(partyId: string, now: string): IssuedKey {
    const issued = { keyId: newKeyId(), apiKey: newApiKey() };
    this.lookups.clear();
    this.insertKey.run(keyDigest(issued.apiKey), partyId, now, issued.keyId);
    return issued;
  }

  /** Forgets a key that was never handed out (its registration was refused or replayed). */
  discardApiKey(keyId: string): void {
    this.lookups.clear();
    this.deleteKey.run(keyId);
  }

  /** Revokes a live key of the party; false when the party has no such live key. */
  revokeApiKey(partyId: string, keyId: string, now: string): boolean {
    this.lookups.clear();
    return this.revokeKey.run(now, keyId, partyId).changes === 1;
  }

  /** Both questions the guard asks of a presented token, in one read: the admin digest on file and the key's party. */
  bearerLookup(digest: string): BearerLookup {
    const known = this.lookups.get(digest);
    if (known) return known;
    const row = this.findBearer.get(digest) as { admin_digest: string | null; party_id: string | null; revoked_at: string | null };
    const lookup = { adminDigest: row.admin_digest, partyId: row.party_id, revokedAt: row.revoked_at };
    // A flood of made-up keys must not grow the cache without end: it starts over instead.
    if (this.lookups.size >= LOOKUPS_KEPT) this.lookups.clear();
    this.lookups.set(digest, lookup);
    return lookup;
  }

  adminTokenDigest(): string | null {
    const row = this.findAdminDigest.get() as { token_sha256: string } | undefined;
    return row?.token_sha256 ?? null;
  }

  setAdminTokenDigest(digest: string): void {
    this.lookups.clear();
    this.putAdminDigest.run(digest);
  }

  /** Remembers which key a registration issued, so that its replay can name it (never show it). */
  recordRegistrationKey(idempotencyKey: string, keyId: string): void {
    this.insertIssued.run(idempotencyKey, keyId);
  }

  registrationKey(idempotencyKey: string): string | null {
    const row = this.findIssued.get(idempotencyKey) as { key_id: string } | undefined;
    return row?.key_id ?? null;
  }

  close(): void {
    this.db.close();
  }
}
