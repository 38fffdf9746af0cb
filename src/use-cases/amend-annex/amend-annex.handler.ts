import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { AmendAnnex } from '../../domain/commands';
import { decideAmendAnnex } from '../../domain/decide-amend-annex';
import { streams } from '../../domain/events';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { expectedAt, LedgerWriter, type WriteOutcome } from '../../ledger/ledger-writer';
import { WriteMessage } from '../write-message';

export class AmendAnnexMessage extends WriteMessage<AmendAnnex> {}

@CommandHandler(AmendAnnexMessage)
export class AmendAnnexHandler implements ICommandHandler<AmendAnnexMessage, WriteOutcome> {
  constructor(
    private readonly reader: LedgerStateReader,
    private readonly writer: LedgerWriter,
  ) {}

  execute({ command, meta }: AmendAnnexMessage): Promise<WriteOutcome> {
    const now = new Date().toISOString();
    return this.writer.write({ actor: command.actor, occurredAt: now, ...meta }, async () => {
      const annex = await this.reader.annex();
      return [
        {
          streamId: streams.annex,
          expectedRevision: expectedAt(annex.revision),
          events: decideAmendAnnex(command, { annex: annex.state, now }),
        },
      ];
    });
  }
}

export function newAmendmentId(): string {
  return `amendment-${randomUUID()}`;
}
