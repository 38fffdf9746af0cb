import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { CorrectEvent } from '../../domain/commands';
import { decideCorrectEvent } from '../../domain/decide-correct-event';
import { FacilityNotFound, LotNotFound } from '../../domain/errors';
import { streams } from '../../domain/events';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { expectedAt, LedgerWriter, type WriteOutcome } from '../../ledger/ledger-writer';
import { WriteMessage } from '../write-message';

export class CorrectEventMessage extends WriteMessage<CorrectEvent> {}

/** The correction goes on the stream of the event it corrects, next to it. */
@CommandHandler(CorrectEventMessage)
export class CorrectEventHandler implements ICommandHandler<CorrectEventMessage, WriteOutcome> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly writer: LedgerWriter,
  ) {}

  execute({ command, meta }: CorrectEventMessage): Promise<WriteOutcome> {
    const { subject } = command;
    const streamId = subject.kind === 'lot' ? streams.lot(subject.lotId) : streams.facility(subject.facilityId);
    return this.writer.write({ actor: command.actor, occurredAt: command.occurredAt, ...meta }, async () => {
      const stream = await this.store.readStream(streamId);
      if (stream.length === 0) throw subject.kind === 'lot' ? new LotNotFound(subject.lotId) : new FacilityNotFound(subject.facilityId);
      const events = decideCorrectEvent(command, { stream, now: new Date().toISOString() });
      return [{ streamId, expectedRevision: expectedAt(stream[stream.length - 1].streamRevision), events }];
    });
  }
}
