import { Controller, Inject, Param } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { AccessStore } from '../../access/access-store';
import { CurrentActor } from '../../access/current-actor.decorator';
import { PartyDirectory } from '../../access/party-directory';
import type { Actor } from '../../domain/commands';
import { PartyNotFound } from '../../domain/errors';
import { CreateRoute, DeleteRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { CLOCK, type Clock } from '../../ledger/clock';
import { problem, ProblemError } from '../../problems';

/** `201 {keyId, apiKey}`: a new key for the party, shown only now. */
export class PartyKeyIssued {
  @ApiProperty({ description: 'the id of the new key: safe to log, and the name to revoke it by', example: 'key_Xb3kQ9mT2vLp7wRa' })
  keyId: string;

  @ApiProperty({ description: 'the new API key, shown only now; the keys issued before stay valid until revoked', example: 'cml_3q2xW0bKfS9nT1vHj7cYpLm4RzAe8uGd5oNiQk6sEw0' })
  apiKey: string;
}

const KEY_ID_PATTERN = /^key_[A-Za-z0-9_-]{1,32}$/;

/**
 * Key rotation: issue a second key, move the clients to it, revoke the first. A party manages its
 * own keys; the admin manages anyone's (a party that lost its only key asks the admin).
 */
@ApiTags('parties')
@Controller('v1')
export class PartyKeysRoute {
  constructor(
    @Inject(AccessStore) private readonly access: AccessStore,
    private readonly parties: PartyDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @CreateRoute({
    path: 'parties/:partyId/keys',
    summary: 'issue another API key for a party (the admin or the party itself); the answer holds it, shown once',
    answer: PartyKeyIssued,
    problems: [403],
  })
  async issuePartyKey(@PathId('partyId') partyId: string, @CurrentActor() actor: Actor): Promise<PartyKeyIssued> {
    await this.assertKeyHolder(partyId, actor);
    return this.access.issueApiKey(partyId, this.clock.now());
  }

  @DeleteRoute({
    path: 'parties/:partyId/keys/:keyId',
    summary: 'revoke an API key of a party (the admin or the party itself); the key answers 401 from now on',
    problems: [403],
    params: { keyId: { example: 'key_Xb3kQ9mT2vLp7wRa', schema: { type: 'string', pattern: KEY_ID_PATTERN.source }, description: 'the keyId its issue answered' } },
  })
  async revokePartyKey(@PathId('partyId') partyId: string, @Param('keyId') keyId: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.assertKeyHolder(partyId, actor);
    if (!KEY_ID_PATTERN.test(keyId) || !this.access.revokeApiKey(partyId, keyId, this.clock.now())) {
      throw new ProblemError(problem('api-key-not-found', `party ${partyId} has no live API key ${keyId.slice(0, 40)}`));
    }
  }

  private async assertKeyHolder(partyId: string, actor: Actor): Promise<void> {
    const isAdmin = actor.roles.includes('admin');
    if (!isAdmin && actor.partyId !== partyId) throw new ProblemError(problem('not-key-holder', `only ${partyId} or the admin manages the API keys of ${partyId}`));
    if (!(await this.parties.find(partyId))) throw new PartyNotFound(partyId);
  }
}
