import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { RetireLot } from '../../domain/commands';
import { decideRetireLot } from '../../domain/decide-retire-lot';
import { streams } from '../../domain/events';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { expectedAt, LedgerWriter, type WriteOutcome } from '../../ledger/ledger-writer';
import { WriteMessage } from '../write-message';

export class RetireLotMessage extends WriteMessage<RetireLot> {}

@CommandHandler(RetireLotMessage)
export class RetireLotHandler implements ICommandHandler<RetireLotMessage, WriteOutcome> {
  constructor(
    private readonly reader: LedgerStateReader,
    private readonly writer: LedgerWriter,
  ) {}

  execute({ command, meta }: RetireLotMessage): Promise<WriteOutcome> {
    return this.writer.write({ actor: command.actor, occurredAt: command.occurredAt, ...meta }, async () => {
      const lot = await this.reader.lot(command.lotId);
      const events = decideRetireLot(command, { lot: lot.state, now: new Date().toISOString() });
      return [{ streamId: streams.lot(command.lotId), expectedRevision: expectedAt(lot.revision), events }];
    });
  }
}
