import { keyDigest } from './access-store';

// The scheme is case-insensitive (RFC 9110 §11.1); the token is not.
export const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]{16,512})$/i;

/** What the guards read of a request, and where the digest of its token is kept between them. */
export interface BearerRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The SHA-256 of the bearer token (undefined: not computed yet; null: no well-formed bearer token). */
  bearerDigest?: string | null;
}

/**
 * The digest of the request's bearer token, computed once for both guards (the rate limit counts
 * by it, authentication looks the key up by it); null when the Authorization header is not
 * `Bearer <token>`.
 */
export function bearerTokenDigest(request: BearerRequest): string | null {
  if (request.bearerDigest !== undefined) return request.bearerDigest;
  const header = request.headers['authorization'];
  const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
  return (request.bearerDigest = match ? keyDigest(match[1]) : null);
}

/**
 * Who a request counts as for the rate limit: its bearer token's digest, or the digest of any
 * other Authorization header it sent (so a malformed header is still counted by its value); null
 * without one.
 */
export function bearerDigestOf(request: BearerRequest): string | null {
  const token = bearerTokenDigest(request);
  if (token !== null) return token;
  const header = request.headers['authorization'];
  return typeof header === 'string' && header.length > 0 ? keyDigest(header.trim()) : null;
}
