import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export { canonicalJson };

/** Lowercase hex SHA-256 of the canonical JSON of an event payload. */
export function payloadSha256(data: unknown): string {
  return sha256Hex(canonicalJson(data));
}

/** Lowercase hex SHA-256 of a payload's canonical JSON text. */
export function sha256Hex(canonicalText: string): string {
  return createHash('sha256').update(canonicalText, 'utf8').digest('hex');
}
