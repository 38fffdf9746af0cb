import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export { canonicalJson };

/** Lowercase hex SHA-256 of the canonical JSON of an event payload. */
export function payloadSha256(data: unknown): string {
  return sha256Hex(canonicalJson(data));
}

/** Lowercase hex SHA-256 of a payload's canonical JSON text (its UTF-8 bytes). */
export function sha256Hex(canonicalText: string): string {
  return hash('sha256', canonicalText, 'hex');
}
