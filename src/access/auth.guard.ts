import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { problem, ProblemError } from '../problems';
import { AccessStore, keyDigest } from './access-store';
import { ADMIN_ACTOR } from './actor';
import { adminDigestMatches } from './admin-token';
import type { AuthenticatedRequest } from './current-actor.decorator';
import { PartyDirectory } from './party-directory';
import { IS_PUBLIC } from './public.decorator';

// The scheme is case-insensitive (RFC 9110 §11.1); the token is not.
export const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]{16,512})$/i;

/** Every route but the public ones needs a bearer token: the admin's, or a party's API key. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AccessStore) private readonly access: AccessStore,
    private readonly parties: PartyDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const header = request.headers['authorization'];
    if (!header) throw unauthenticated('send Authorization: Bearer <api key>');
    const match = BEARER.exec(header.trim());
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <api key>"');
    const token = match[1];
    const digest = keyDigest(token);
    const { adminDigest, partyId, revokedAt } = this.access.bearerLookup(digest);
    if (adminDigestMatches(adminDigest, digest)) {
      request.actor = ADMIN_ACTOR;
      return true;
    }
    if (revokedAt) throw unauthenticated(`this API key was revoked at ${revokedAt}; ask for a new one`);
    const party = partyId ? await this.parties.find(partyId) : null;
    if (!party) throw unauthenticated('this API key is not known to the ledger');
    request.actor = { partyId: party.partyId, roles: party.roles };
    return true;
  }
}

function unauthenticated(detail: string): ProblemError {
  return new ProblemError(problem('unauthenticated', detail), { 'WWW-Authenticate': 'Bearer realm="ledger"' });
}
