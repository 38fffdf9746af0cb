import { Injectable } from '@nestjs/common';
import type { RaiseFlag, RecordCertification, ResolveFlag } from '../domain/commands';
import { streams, type LedgerEvent, type Subject } from '../domain/events';
import type { RiskSubjectContext } from '../domain/risk-subject';
import { LedgerStateReader } from '../ledger/ledger-state.reader';
import { expectedAt, LedgerWriter, type PlannedWrite, type WriteOutcome } from '../ledger/ledger-writer';
import type { WriteMessage } from './write-message';

/** Flags and certifications live on their subject's stream: a lot's or a facility's. */
@Injectable()
export class RiskSubjectLoader {
  constructor(private readonly reader: LedgerStateReader) {}

  async load(subject: Subject): Promise<{ context: RiskSubjectContext; write: (events: LedgerEvent[]) => PlannedWrite[] }> {
    const now = new Date().toISOString();
    if (subject.kind === 'lot') {
      const lot = await this.reader.lot(subject.lotId);
      return {
        context: { lot: lot.state, now },
        write: (events) => [{ streamId: streams.lot(subject.lotId), expectedRevision: expectedAt(lot.revision), events }],
      };
    }
    const facility = await this.reader.facility(subject.facilityId);
    return {
      context: { facility: facility.state, now },
      write: (events) => [{ streamId: streams.facility(subject.facilityId), expectedRevision: expectedAt(facility.revision), events }],
    };
  }
}

type RiskCommand = RaiseFlag | ResolveFlag | RecordCertification;

/** The three rule-8 commands differ only in their decider. */
@Injectable()
export abstract class RiskCommandHandler<C extends RiskCommand> {
  protected abstract decide(command: C, context: RiskSubjectContext): LedgerEvent[];

  constructor(
    private readonly subjects: RiskSubjectLoader,
    private readonly writer: LedgerWriter,
  ) {}

  execute({ command, meta }: WriteMessage<C>): Promise<WriteOutcome> {
    return this.writer.write({ actor: command.actor, occurredAt: command.occurredAt, ...meta }, async () => {
      const { context, write } = await this.subjects.load(command.subject);
      return write(this.decide(command, context));
    });
  }
}
