import { Command } from '@nestjs/cqrs';
import type { LedgerCommand } from '../domain/commands';
import type { WriteMeta } from '../http/write-request.decorator';
import type { WriteOutcome } from '../ledger/ledger-writer';

/** A domain command on the CommandBus, with the request's idempotency facts. */
export abstract class WriteMessage<C extends LedgerCommand, R = WriteOutcome> extends Command<R> {
  constructor(
    readonly command: C,
    readonly meta: WriteMeta,
  ) {
    super();
  }
}
