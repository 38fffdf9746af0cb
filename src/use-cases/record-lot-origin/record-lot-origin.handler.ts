import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { RecordLotOrigin } from '../../domain/commands';
import { decideRecordLotOrigin } from '../../domain/decide-record-lot-origin';
import { streams } from '../../domain/events';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { expectedAt, LedgerWriter, type WriteOutcome } from '../../ledger/ledger-writer';
import { WriteMessage } from '../write-message';

export class RecordLotOriginMessage extends WriteMessage<RecordLotOrigin> {}

@CommandHandler(RecordLotOriginMessage)
export class RecordLotOriginHandler implements ICommandHandler<RecordLotOriginMessage, WriteOutcome> {
  constructor(
    private readonly reader: LedgerStateReader,
    private readonly writer: LedgerWriter,
  ) {}

  execute({ command, meta }: RecordLotOriginMessage): Promise<WriteOutcome> {
    return this.writer.write({ actor: command.actor, occurredAt: command.occurredAt, ...meta }, async () => {
      const [lot, facility, annex] = await Promise.all([
        this.reader.lot(command.lotId),
        this.reader.facility(command.origin.facilityId),
        this.reader.annex(),
      ]);
      const events = decideRecordLotOrigin(command, {
        lot: lot.state,
        facility: facility.state,
        annex: annex.state,
        now: new Date().toISOString(),
      });
      return [{ streamId: streams.lot(command.lotId), expectedRevision: expectedAt(lot.revision), events }];
    });
  }
}
