import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AccessStore, keyDigest } from './access-store';

export interface AdminTokenSetup {
  /** Set only when a token was generated on this start: the one time it is shown. */
  generated: string | null;
}

/**
 * LEDGER_ADMIN_TOKEN wins when set (its digest replaces any stored one). When unset on a fresh
 * data directory, a token is generated and only its digest kept.
 */
export function setUpAdminToken(access: AccessStore, configured: string | null): AdminTokenSetup {
  if (configured) {
    access.setAdminTokenDigest(keyDigest(configured));
    return { generated: null };
  }
  if (access.adminTokenDigest()) return { generated: null };
  const token = `cml_admin_${randomBytes(32).toString('base64url')}`;
  access.setAdminTokenDigest(keyDigest(token));
  return { generated: token };
}

export function isAdminToken(access: AccessStore, presented: string): boolean {
  return adminDigestMatches(access.adminTokenDigest(), keyDigest(presented));
}

/** Constant-time comparison of the admin digest on file (null: none) with a presented token's digest. */
export function adminDigestMatches(stored: string | null, presentedDigest: string): boolean {
  if (!stored) return false;
  return timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(presentedDigest, 'hex'));
}
