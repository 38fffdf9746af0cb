import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { ReceiveLot } from '../../domain/commands';
import { decideReceiveLot } from '../../domain/decide-receive-lot';
import { streams } from '../../domain/events';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { expectedAt, LedgerWriter, type WriteOutcome } from '../../ledger/ledger-writer';
import { WriteMessage } from '../write-message';

export class ReceiveLotMessage extends WriteMessage<ReceiveLot> {}

@CommandHandler(ReceiveLotMessage)
export class ReceiveLotHandler implements ICommandHandler<ReceiveLotMessage, WriteOutcome> {
  constructor(
    private readonly reader: LedgerStateReader,
    private readonly writer: LedgerWriter,
  ) {}

  execute({ command, meta }: ReceiveLotMessage): Promise<WriteOutcome> {
    return this.writer.write({ actor: command.actor, occurredAt: command.occurredAt, ...meta }, async () => {
      const [lot, facility] = await Promise.all([this.reader.lot(command.lotId), this.reader.facility(command.facilityId)]);
      const events = decideReceiveLot(command, { lot: lot.state, facility: facility.state, now: new Date().toISOString() });
      return [{ streamId: streams.lot(command.lotId), expectedRevision: expectedAt(lot.revision), events }];
    });
  }
}
