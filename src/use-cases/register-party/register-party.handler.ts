import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccessStore } from '../../access/access-store';
import type { RegisterParty } from '../../domain/commands';
import type { WriteMeta } from '../../http/write-request.decorator';
import { CLOCK, type Clock } from '../../ledger/clock';
import type { WriteOutcome } from '../../ledger/ledger-writer';
import { UseCaseRunner } from '../../ledger/use-case-runner';

export interface PartyRegistration {
  outcome: WriteOutcome;
  /** The key the registration issued; on a replay, the key the first request issued. */
  keyId: string | null;
  /** Shown once: null on a replay, which names the key but never discloses it again. */
  apiKey: string | null;
}

export class RegisterPartyMessage extends Command<PartyRegistration> {
  constructor(
    readonly command: RegisterParty,
    readonly meta: WriteMeta,
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

  async execute({ command, meta }: RegisterPartyMessage): Promise<PartyRegistration> {
    const now = this.clock.now();
    // The key is stored first so that a party never exists without one; a rejected registration removes it.
    const issued = this.access.issueApiKey(command.partyId, now);
    let outcome: WriteOutcome;
    try {
      outcome = await this.runner.run(command, meta, now);
    } catch (error) {
      this.access.discardApiKey(issued.keyId);
      throw error;
    }
    const replayKey = meta.idempotencyKey ? `${command.actor.partyId}:${meta.idempotencyKey}` : null;
    if (outcome.replayed) {
      this.access.discardApiKey(issued.keyId);
      return { outcome, keyId: replayKey ? this.access.registrationKey(replayKey) : null, apiKey: null };
    }
    if (replayKey) this.access.recordRegistrationKey(replayKey, issued.keyId);
    return { outcome, ...issued };
  }
}
