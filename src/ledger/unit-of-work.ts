import { Inject, Injectable } from '@nestjs/common';
import { sliceOf, type Actor, type LedgerCommand } from '../domain/commands';
import { DomainError } from '../domain/errors';
import { decideSlice, occurredAtOf, streamOf, streamReads, writesOf, type Read, type StreamRead } from '../domain/slice';
import { streamIdOf } from '../domain/stream-ref';
import { IdempotencyKeyReusedError, IdempotencyKeysStoredError, WrongExpectedRevisionError } from '../event-store/event-store.errors';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { CLOCK, type Clock } from './clock';
import { LedgerStateReader } from './ledger-state.reader';
import { OverlayReadSkew, StreamOverlay } from './stream-overlay';

/**
 * What a part of a unit of work may read while it works out its commands (an EPCIS event looks up
 * a GLN, or the lot's open shipment): the overlay's current state, earlier parts included.
 */
export interface PartView {
  /** The state (or history) a read names, as the unit of work sees it now. */
  read<T = unknown>(streamRead: Exclude<Read, undefined | { each: unknown }>): Promise<T>;
  /** The server's "now" (RFC 3339) the whole unit of work is decided at. */
  readonly now: string;
  /**
   * The ledger events stored under an idempotency key (by an earlier part of this unit, or
   * before), with the streams they are on; null when the key was never stored.
   */
  eventsOf(key: string): Promise<PlacedEvent[] | { eventIds: string[]; streamIds: string[] } | null>;
}

/** A ledger event decided by this unit of work, and its stream. */
export interface PlacedEvent {
  eventId: string;
  streamId: string;
}

/**
 * One part of a unit of work: what one idempotency key stands for (one EPCIS event). Its commands
 * are decided in order over the overlay; a part refused anywhere leaves nothing behind.
 */
export interface WorkPart {
  /** Scoped idempotency key: stored with the part's events, all keys of the append or none. */
  key: string;
  /** Digest of the part's content, kept with the key: a resend with another content is told apart. */
  requestHash: string;
  commands(view: PartView): Promise<readonly LedgerCommand[]> | readonly LedgerCommand[];
}

export type PartOutcome =
  | { status: 'stored'; eventIds: string[] }
  /** Its key was stored before (a resend): nothing new, and it counts as success. */
  | { status: 'already-stored'; eventIds: string[]; requestHash: string }
  /** `command` is the command whose decision refused it, when the refusal came from a rule. */
  | { status: 'refused'; error: unknown; command?: LedgerCommand };

export interface UnitOfWorkResult {
  outcomes: PartOutcome[];
  /** Global position of the append, null when nothing was stored. */
  position: string | null;
}

export type ErrorBehaviour = 'rollback' | 'proceed';

/** How many times a unit of work is decided again after losing a race on one of its streams or keys. */
const ATTEMPTS = 5;

/**
 * Runs many commands as one unit of work, with the same slices as `/v1` (`UseCaseRunner`): each
 * part's commands are decided in order over a `StreamOverlay` (so a later part builds on an earlier
 * one), then every stream written is appended once, atomically, at the revision first read, with
 * every part's idempotency key claimed in the same append. A lost race decides the whole unit
 * again, on fresh state; parts whose key the race stored count as already stored.
 *
 * `rollback`: one refused part refuses all; every refused part is reported, nothing is stored.
 * `proceed`: each part is its own unit, in order; the refused ones are reported.
 */
@Injectable()
export class LedgerUnitOfWork {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reader: LedgerStateReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(actor: Actor, parts: readonly WorkPart[], behaviour: ErrorBehaviour): Promise<UnitOfWorkResult> {
    if (behaviour === 'rollback') return this.runAtomically(actor, parts);
    const outcomes: PartOutcome[] = [];
    let position: string | null = null;
    for (const part of parts) {
      const one = await this.runAtomically(actor, [part]);
      outcomes.push(one.outcomes[0]);
      position = one.position ?? position;
    }
    return { outcomes, position };
  }

  private async runAtomically(actor: Actor, parts: readonly WorkPart[]): Promise<UnitOfWorkResult> {
    const known = new Map<string, PartOutcome>();
    for (let attempt = 1; ; attempt++) {
      await this.lookUpKeys(parts, known);
      const now = this.clock.now();
      const overlay = new StreamOverlay(this.reader);
      let outcomes: PartOutcome[];
      try {
        outcomes = await this.decide(actor, parts, known, overlay, now);
      } catch (error) {
        if (!(error instanceof OverlayReadSkew) || attempt >= ATTEMPTS) throw error;
        continue;
      }
      const writes = overlay.writes();
      if (outcomes.some((o) => o.status === 'refused') || writes.length === 0) return { outcomes, position: null };
      try {
        const result = await this.store.append(writes, {
          idempotencyClaims: parts.flatMap((part, i) => {
            const outcome = outcomes[i];
            return outcome.status === 'stored' && outcome.eventIds.length > 0
              ? [{ key: part.key, requestHash: part.requestHash, eventIds: outcome.eventIds }]
              : [];
          }),
        });
        return { outcomes, position: result.position.toString() };
      } catch (error) {
        // The keys a racer stored are looked up again on the next attempt; its streams are read afresh.
        const lostRace = error instanceof WrongExpectedRevisionError || error instanceof IdempotencyKeysStoredError;
        if (!lostRace || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /** Parts whose key is stored already (a resend, or a racer that won) are not decided again. */
  private async lookUpKeys(parts: readonly WorkPart[], known: Map<string, PartOutcome>): Promise<void> {
    const unknown = parts.filter((part) => !known.has(part.key));
    const found = await Promise.all(unknown.map((part) => this.store.findIdempotentResult(part.key)));
    unknown.forEach((part, i) => {
      const earlier = found[i];
      if (earlier) known.set(part.key, { status: 'already-stored', eventIds: earlier.result.eventIds, requestHash: earlier.requestHash });
    });
  }

  private async decide(
    actor: Actor,
    parts: readonly WorkPart[],
    known: ReadonlyMap<string, PartOutcome>,
    overlay: StreamOverlay,
    now: string,
  ): Promise<PartOutcome[]> {
    const placedByKey = new Map<string, PlacedEvent[]>();
    const view: PartView = {
      now,
      read: async <T>(streamRead: StreamRead) => {
        await overlay.resolve([streamRead]);
        return overlay.read(streamRead) as T;
      },
      eventsOf: async (key: string) => {
        const here = placedByKey.get(key);
        if (here) return here;
        const earlier = await this.store.findIdempotentResult(key);
        return earlier ? { eventIds: earlier.result.eventIds, streamIds: Object.keys(earlier.result.revisions) } : null;
      },
    };
    const outcomes: PartOutcome[] = [];
    const keysInThisUnit = new Set<string>();
    for (const part of parts) {
      const earlier = known.get(part.key);
      if (earlier) {
        // The same key with other content is not a resend: refused, as a reused Idempotency-Key is.
        const reused = earlier.status === 'already-stored' && earlier.requestHash !== part.requestHash;
        outcomes.push(reused ? { status: 'refused', error: new IdempotencyKeyReusedError(part.key) } : earlier);
        continue;
      }
      if (keysInThisUnit.has(part.key)) {
        // The same key twice in one unit: the second is a resend of the first.
        outcomes.push({ status: 'already-stored', eventIds: [], requestHash: part.requestHash });
        continue;
      }
      keysInThisUnit.add(part.key);
      const mark = overlay.mark();
      let deciding: LedgerCommand | undefined;
      try {
        const placed: PlacedEvent[] = [];
        for (const command of await part.commands(view)) {
          if (command.actor.partyId !== actor.partyId) throw new Error('a unit of work decides commands of its own actor only');
          deciding = command;
          placed.push(...(await decideInOverlay(command, overlay, now, part.key)));
        }
        placedByKey.set(part.key, placed);
        outcomes.push({ status: 'stored', eventIds: placed.map((event) => event.eventId) });
      } catch (error) {
        // A rule refused the part; anything else (the store failing) fails the whole unit.
        if (!(error instanceof DomainError)) throw error;
        overlay.restore(mark);
        outcomes.push({ status: 'refused', error, ...(deciding ? { command: deciding } : {}) });
      }
    }
    return outcomes;
  }
}

/** One command through its slice over the overlay: the reads it declares, the decision, its writes folded in. */
async function decideInOverlay(command: LedgerCommand, overlay: StreamOverlay, now: string, key: string): Promise<PlacedEvent[]> {
  const slice = sliceOf(command);
  const reads = streamReads(slice.reads(command));
  await overlay.resolve(reads);
  const events = decideSlice(slice, command, (streamRead) => overlay.read(streamRead), now);
  const writes = writesOf(slice, command, events, new Set(reads.map((streamRead) => streamIdOf(streamOf(streamRead)))));
  return overlay.record(writes, { occurredAt: occurredAtOf(command, now), actorPartyId: command.actor.partyId, idempotencyKey: key });
}
