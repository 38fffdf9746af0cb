import { createHash } from 'node:crypto';
import type { Position } from '../../event-store/event-store.port';

/**
 * `nextPageToken`: where the next page starts, opaque to clients. A query pages through the index
 * as it stood when its first page was read (the snapshot): rows only ever arrive at higher
 * positions and never change, so "after the last position served, up to the snapshot" skips and
 * repeats nothing while the log grows. The token also carries a digest of the query it belongs
 * to, so it cannot be replayed with other filters.
 */
export interface PageCursor {
  /** Position of the last event served. */
  after: Position;
  /** The index's position when the first page was read. */
  snapshot: Position;
  /** `queryDigest` of the query the token belongs to. */
  query: string;
}

const VERSION = 'p1';

export function encodePageToken(cursor: PageCursor): string {
  return Buffer.from(`${VERSION}.${cursor.after}.${cursor.snapshot}.${cursor.query}`, 'utf8').toString('base64url');
}

/** The cursor of a token, or null when it is not one this ledger wrote. */
export function decodePageToken(token: string): PageCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) return null;
  const match = /^p1\.(\d{1,30})\.(\d{1,30})\.([0-9a-f]{16})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) return null;
  const after = BigInt(match[1]);
  const snapshot = BigInt(match[2]);
  return after <= snapshot ? { after, snapshot, query: match[3] } : null;
}

/** A short digest of a query's canonical form (its filter, as JSON). */
export function queryDigest(canonicalQuery: string): string {
  return createHash('sha256').update(canonicalQuery, 'utf8').digest('hex').slice(0, 16);
}
