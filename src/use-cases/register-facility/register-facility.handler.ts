import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { RegisterFacility } from '../../domain/commands';
import { decideRegisterFacility } from '../../domain/decide-register-facility';
import { streams } from '../../domain/events';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { expectedAt, LedgerWriter, type WriteOutcome } from '../../ledger/ledger-writer';
import { WriteMessage } from '../write-message';

export class RegisterFacilityMessage extends WriteMessage<RegisterFacility> {}

@CommandHandler(RegisterFacilityMessage)
export class RegisterFacilityHandler implements ICommandHandler<RegisterFacilityMessage, WriteOutcome> {
  constructor(
    private readonly reader: LedgerStateReader,
    private readonly writer: LedgerWriter,
  ) {}

  execute({ command, meta }: RegisterFacilityMessage): Promise<WriteOutcome> {
    return this.writer.write({ actor: command.actor, occurredAt: new Date().toISOString(), ...meta }, async () => {
      const facility = await this.reader.facility(command.facilityId);
      return [
        {
          streamId: streams.facility(command.facilityId),
          expectedRevision: expectedAt(facility.revision),
          events: decideRegisterFacility(command, { facility: facility.state }),
        },
      ];
    });
  }
}
