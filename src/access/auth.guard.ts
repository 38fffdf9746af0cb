import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { problem, ProblemError } from '../problems';
import { AccessStore } from './access-store';
import { ADMIN_ACTOR } from './actor';
import { adminDigestMatches } from './admin-token';
import type { AuthenticatedRequest } from './current-actor.decorator';
import { PartyDirectory } from './party-directory';
import { bearerTokenDigest, type BearerRequest } from './bearer-digest';
import { isPublicRoute } from './public.decorator';

/** Every route but the public ones needs a bearer token: the admin's, or a party's API key. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AccessStore) private readonly access: AccessStore,
    private readonly parties: PartyDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isPublicRoute(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & BearerRequest>();
    if (!request.headers['authorization']) throw unauthenticated('send Authorization: Bearer <api key>');
    const digest = bearerTokenDigest(request);
    if (digest === null) throw unauthenticated('the Authorization header must be "Bearer <api key>"');
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
