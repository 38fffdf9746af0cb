import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { writeAnswer } from '../http/answers';
import type { WriteRequest } from '../http/write-request.decorator';
import { CLOCK, type Clock } from '../ledger/clock';
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

  /** Runs the command; answers `{eventIds, position}`, with `Idempotent-Replayed: true` for a replay. */
  protected async run(command: RunnableCommand, write: WriteRequest): Promise<{ eventIds: string[]; position: string }> {
    return writeAnswer(await this.commands.execute(new LedgerCommandMessage(command, write.meta)), write.headers);
  }

  /** A body's `occurredAt`, or now when it has none. */
  protected occurredAt(body: { occurredAt?: string }): string {
    return body.occurredAt ?? this.clock.now();
  }
}
