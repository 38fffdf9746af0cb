import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { TransformLots } from '../../domain/commands';
import { decideTransformLots } from '../../domain/decide-transform-lots';
import { streams } from '../../domain/events';
import type { LotState } from '../../domain/lot';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';
import { expectedAt, LedgerWriter, type WriteOutcome } from '../../ledger/ledger-writer';
import { WriteMessage } from '../write-message';

export class TransformLotsMessage extends WriteMessage<TransformLots> {}

/**
 * One LotTransformed on every input and output stream, in one atomic multi-stream append: each
 * input at the revision it was read (rule 6), each output as a new stream.
 */
@CommandHandler(TransformLotsMessage)
export class TransformLotsHandler implements ICommandHandler<TransformLotsMessage, WriteOutcome> {
  constructor(
    private readonly reader: LedgerStateReader,
    private readonly writer: LedgerWriter,
  ) {}

  execute({ command, meta }: TransformLotsMessage): Promise<WriteOutcome> {
    return this.writer.write({ actor: command.actor, occurredAt: command.occurredAt, ...meta }, async () => {
      const lotIds = [...new Set([...command.inputs.map((i) => i.lotId), ...command.outputs.map((o) => o.lotId)])];
      const [facility, annex, ...lots] = await Promise.all([
        this.reader.facility(command.facilityId),
        this.reader.annex(),
        ...lotIds.map((lotId) => this.reader.lot(lotId)),
      ]);
      const states: Record<string, LotState> = {};
      const revisions = new Map<string, number | null>();
      lotIds.forEach((lotId, i) => {
        states[lotId] = lots[i].state;
        revisions.set(lotId, lots[i].revision);
      });
      const event = decideTransformLots(command, { facility: facility.state, lots: states, annex: annex.state, now: new Date().toISOString() });
      const touched = [...event.data.inputs.map((i) => i.lotId), ...event.data.outputs.map((o) => o.lotId)];
      return touched.map((lotId) => ({
        streamId: streams.lot(lotId),
        expectedRevision: expectedAt(revisions.get(lotId) ?? null),
        events: [event],
      }));
    });
  }
}
