import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { ShipLot } from '../../domain/commands';
import { decideShipLot } from '../../domain/decide-ship-lot';
import { streams } from '../../domain/events';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { expectedAt, LedgerWriter, type WriteOutcome } from '../../ledger/ledger-writer';
import { WriteMessage } from '../write-message';

export class ShipLotMessage extends WriteMessage<ShipLot> {}

@CommandHandler(ShipLotMessage)
export class ShipLotHandler implements ICommandHandler<ShipLotMessage, WriteOutcome> {
  constructor(
    private readonly reader: LedgerStateReader,
    private readonly writer: LedgerWriter,
  ) {}

  execute({ command, meta }: ShipLotMessage): Promise<WriteOutcome> {
    return this.writer.write({ actor: command.actor, occurredAt: command.occurredAt, ...meta }, async () => {
      const [lot, toParty, toFacility] = await Promise.all([
        this.reader.lot(command.lotId),
        this.reader.party(command.toPartyId),
        command.toFacilityId ? this.reader.facility(command.toFacilityId) : Promise.resolve(undefined),
      ]);
      const events = decideShipLot(command, {
        lot: lot.state,
        toParty: toParty.state,
        ...(toFacility ? { toFacility: toFacility.state } : {}),
        now: new Date().toISOString(),
      });
      return [{ streamId: streams.lot(command.lotId), expectedRevision: expectedAt(lot.revision), events }];
    });
  }
}
