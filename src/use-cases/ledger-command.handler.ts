import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { LedgerCommand, RegisterParty } from '../domain/commands';
import type { WriteMeta } from '../http/write-request.decorator';
import type { WriteOutcome } from '../ledger/ledger-writer';
import { UseCaseRunner } from '../ledger/use-case-runner';

/** Every command but RegisterParty, whose handler also issues the new party's API key. */
export type RunnableCommand = Exclude<LedgerCommand, RegisterParty>;

/** A domain command on the CommandBus, with the request's idempotency facts. */
export class LedgerCommandMessage extends Command<WriteOutcome> {
  constructor(
    readonly command: RunnableCommand,
    readonly meta: WriteMeta,
  ) {
    super();
  }
}

/** One handler for every command: its slice says what to read and where to write. */
@CommandHandler(LedgerCommandMessage)
export class LedgerCommandHandler implements ICommandHandler<LedgerCommandMessage, WriteOutcome> {
  constructor(private readonly runner: UseCaseRunner) {}

  execute({ command, meta }: LedgerCommandMessage): Promise<WriteOutcome> {
    return this.runner.run(command, meta);
  }
}
