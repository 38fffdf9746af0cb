import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { WriteMeta } from '../http/write-request.decorator';
import { CLOCK, type Clock } from '../ledger/clock';
import type { WriteOutcome } from '../ledger/ledger-writer';
import { LedgerCommandMessage, type RunnableCommand } from './ledger-command.handler';

/**
 * What every write route's controller holds: the command bus, one way to send a command on it,
 * and the clock that supplies a business time a body may leave out.
 */
@Injectable()
export abstract class CommandRoutes {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  protected run(command: RunnableCommand, meta: WriteMeta): Promise<WriteOutcome> {
    return this.commands.execute(new LedgerCommandMessage(command, meta));
  }

  /** A body's `occurredAt`, or now when it has none. */
  protected occurredAt(body: { occurredAt?: string }): string {
    return body.occurredAt ?? this.clock.now();
  }
}
