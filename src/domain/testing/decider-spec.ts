import type { LedgerCommand } from '../commands';
import { DomainError } from '../errors';
import type { LedgerEvent } from '../events';
import { decideInWorld, DEFAULT_NOW, recordDecision, worldOf, type GivenEvent, type World } from './world';

/**
 * Given / when / then for the deciders, after Emmett's DeciderSpecification: the given events are
 * folded into an in-memory ledger with the real folds, the command is decided by its slice against
 * the streams it declares it reads, and the outcome is either the expected events or a typed error.
 *
 *   given(partyRegistered, facilityRegistered).when(recordOrigin).then([lotExtracted])
 *   given(...).when(shipByStranger).thenThrows(NotCustodian)
 */
export function given(...events: GivenEvent[]): Given {
  return new Given(events, DEFAULT_NOW);
}

class Given {
  constructor(
    private readonly events: GivenEvent[],
    private readonly now: string,
  ) {}

  /** The server's "now" for the decision (default 2026-06-01T12:00:00Z). */
  at(now: string): Given {
    return new Given(this.events, now);
  }

  when(command: LedgerCommand): When {
    return new When(worldOf(this.events, this.now), command);
  }
}

type ErrorClass<E extends DomainError> = abstract new (...args: never[]) => E;

class When {
  constructor(
    private readonly world: World,
    private readonly command: LedgerCommand,
  ) {}

  private run(): { events: LedgerEvent[] } | { error: unknown } {
    try {
      return { events: decideInWorld(this.command, this.world) };
    } catch (error) {
      return { error };
    }
  }

  /** The exact events decided, in order. Returns the ledger with them applied, for follow-up checks. */
  then(expected: LedgerEvent[]): World {
    const outcome = this.run();
    if ('error' in outcome) throw new Error(`expected events, but the decider threw: ${describe(outcome.error)}`);
    expect(outcome.events).toEqual(expected);
    return recordDecision(this.world, this.command, outcome.events);
  }

  /** Checks the decided events with a function (for long payloads); returns the ledger with them applied. */
  thenEvents(check: (events: LedgerEvent[]) => void): World {
    const outcome = this.run();
    if ('error' in outcome) throw new Error(`expected events, but the decider threw: ${describe(outcome.error)}`);
    check(outcome.events);
    return recordDecision(this.world, this.command, outcome.events);
  }

  /** The decider refused with this typed error (and, optionally, it passes `check`). */
  thenThrows<E extends DomainError>(errorClass: ErrorClass<E>, check?: (error: E) => void): E {
    const outcome = this.run();
    if (!('error' in outcome)) {
      throw new Error(`expected ${errorClass.name}, but the decider returned ${JSON.stringify(outcome.events)}`);
    }
    if (!(outcome.error instanceof errorClass)) {
      throw new Error(`expected ${errorClass.name}, but the decider threw ${describe(outcome.error)}`);
    }
    check?.(outcome.error);
    return outcome.error;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
