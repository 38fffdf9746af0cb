import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccessStore, newApiKey } from '../../access/access-store';
import type { RegisterParty } from '../../domain/commands';
import type { WriteMeta } from '../../http/write-request.decorator';
import { CLOCK, type Clock } from '../../ledger/clock';
import type { WriteOutcome } from '../../ledger/ledger-writer';
import { UseCaseRunner } from '../../ledger/use-case-runner';

export interface PartyRegistration {
  outcome: WriteOutcome;
  /** Null only when a replay could not be opened (another admin token than the first request's). */
  apiKey: string | null;
}

export class RegisterPartyMessage extends Command<PartyRegistration> {
  constructor(
    readonly command: RegisterParty,
    readonly meta: WriteMeta,
    /** The admin's token, to seal the new key for an idempotent replay. */
    readonly adminToken: string,
  ) {
    super();
  }
}

/** RegisterParty runs as every command does, with the new party's API key issued around it. */
@CommandHandler(RegisterPartyMessage)
export class RegisterPartyHandler implements ICommandHandler<RegisterPartyMessage, PartyRegistration> {
  constructor(
    private readonly runner: UseCaseRunner,
    @Inject(AccessStore) private readonly access: AccessStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ command, meta, adminToken }: RegisterPartyMessage): Promise<PartyRegistration> {
    const now = this.clock.now();
    const apiKey = newApiKey();
    // The key is stored first so that a party never exists without one; a rejected registration removes it.
    this.access.addApiKey(apiKey, command.partyId, now);
    let outcome: WriteOutcome;
    try {
      outcome = await this.runner.run(command, meta, now);
    } catch (error) {
      this.access.removeApiKey(apiKey);
      throw error;
    }
    if (outcome.replayed) {
      this.access.removeApiKey(apiKey);
      const first = meta.idempotencyKey ? this.access.openPartyKey(`${command.actor.partyId}:${meta.idempotencyKey}`, adminToken) : null;
      return { outcome, apiKey: first };
    }
    if (meta.idempotencyKey) this.access.sealPartyKey(`${command.actor.partyId}:${meta.idempotencyKey}`, adminToken, apiKey);
    return { outcome, apiKey };
  }
}
