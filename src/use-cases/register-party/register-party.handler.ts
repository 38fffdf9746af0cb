import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccessStore, newApiKey } from '../../access/access-store';
import type { RegisterParty } from '../../domain/commands';
import { decideRegisterParty } from '../../domain/decide-register-party';
import { streams } from '../../domain/events';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { expectedAt, LedgerWriter, type WriteOutcome } from '../../ledger/ledger-writer';
import type { WriteMeta } from '../../http/write-request.decorator';
import { WriteMessage } from '../write-message';

export interface PartyRegistration {
  outcome: WriteOutcome;
  /** Null only when a replay could not be opened (another admin token than the first request's). */
  apiKey: string | null;
}

export class RegisterPartyMessage extends WriteMessage<RegisterParty, PartyRegistration> {
  constructor(
    command: RegisterParty,
    meta: WriteMeta,
    /** The admin's token, to seal the new key for an idempotent replay. */
    readonly adminToken: string,
  ) {
    super(command, meta);
  }
}

@CommandHandler(RegisterPartyMessage)
export class RegisterPartyHandler implements ICommandHandler<RegisterPartyMessage, PartyRegistration> {
  constructor(
    private readonly reader: LedgerStateReader,
    private readonly writer: LedgerWriter,
    @Inject(AccessStore) private readonly access: AccessStore,
  ) {}

  async execute({ command, meta, adminToken }: RegisterPartyMessage): Promise<PartyRegistration> {
    const now = new Date().toISOString();
    const apiKey = newApiKey();
    // The key is stored first so that a party never exists without one; a rejected registration removes it.
    this.access.addApiKey(apiKey, command.partyId, now);
    let outcome: WriteOutcome;
    try {
      outcome = await this.writer.write({ actor: command.actor, occurredAt: now, ...meta }, async () => {
        const party = await this.reader.party(command.partyId);
        return [
          {
            streamId: streams.party(command.partyId),
            expectedRevision: expectedAt(party.revision),
            events: decideRegisterParty(command, { party: party.state }),
          },
        ];
      });
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
