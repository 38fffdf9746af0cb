import { INITIAL_ANNEX_AMENDMENT, type AnnexState } from '../annex';
import { sliceOf, type LedgerCommand } from '../commands';
import { routedStreams } from '../event-routing';
import { streams, type LedgerEvent } from '../events';
import type { FacilityState } from '../facility';
import type { LotState } from '../lot';
import type { PartyState } from '../party';
import type { WatchlistState } from '../watchlist';
import { decideSlice, occurredAtOf, streamOf, streamReads, writesOf, type StreamRead } from '../slice';
import { STREAM_FOLDS } from '../stream-states';
import { streamIdOf, type StreamEntry, type StreamRef } from '../stream-ref';

/**
 * An in-memory ledger for tests: every stream's stored entries (ids, authors, business time),
 * folded on demand with the real folds. Commands run through their slices, as the runner runs
 * them against the store: same reads, same decision, same routing of what is written.
 */
export interface WorldEntry extends StreamEntry {
  occurredAt: string;
}

export interface World {
  streams: ReadonlyMap<string, readonly WorldEntry[]>;
  now: string;
}

/**
 * A given event; its business time defaults to well before the tests' "now". Its id defaults to
 * `<streamId>:<revision>`, its author to `given`. An event whose data names no stream
 * (EventCorrected) says where it goes with `stream`.
 */
export type GivenEvent = LedgerEvent & { occurredAt?: string; eventId?: string; actorPartyId?: string; stream?: StreamRef };

export const DEFAULT_NOW = '2026-06-01T12:00:00Z';
export const DEFAULT_OCCURRED_AT = '2026-01-01T00:00:00Z';

/** The ledger as the runner's seed leaves it: the Annex as signed, nothing else. */
export function emptyWorld(now = DEFAULT_NOW): World {
  return append(
    { streams: new Map(), now },
    streams.annex,
    [INITIAL_ANNEX_AMENDMENT],
    { occurredAt: INITIAL_ANNEX_AMENDMENT.data.effectiveFrom, actorPartyId: 'system' },
  );
}

export function worldOf(events: GivenEvent[], now = DEFAULT_NOW): World {
  let world = emptyWorld(now);
  for (const { occurredAt, eventId, actorPartyId, stream, ...event } of events) {
    const targets = routedStreams(event as LedgerEvent) ?? (stream ? [stream] : null);
    if (!targets) throw new Error(`a given ${event.type} names no stream: give it one with \`stream\``);
    for (const target of targets) {
      world = append(world, streamIdOf(target), [event as LedgerEvent], {
        occurredAt: occurredAt ?? DEFAULT_OCCURRED_AT,
        actorPartyId: actorPartyId ?? 'given',
        ...(eventId !== undefined ? { eventId } : {}),
      });
    }
  }
  return world;
}

/**
 * Runs the command's slice: its reads resolved from this world's streams, decided at the world's
 * "now"; a decision the runner would refuse to write (a stream it did not read) throws here too.
 */
export function decideInWorld(command: LedgerCommand, world: World): LedgerEvent[] {
  const slice = sliceOf(command);
  const events = decideSlice(slice, command, (streamRead) => readInWorld(world, streamRead), world.now);
  writesOf(slice, command, events, streamsRead(command));
  return [...events];
}

/** The world with a decision of the command written where its slice writes it, by the command's actor. */
export function recordDecision(world: World, command: LedgerCommand, events: readonly LedgerEvent[]): World {
  let next = world;
  for (const write of writesOf(sliceOf(command), command, events, streamsRead(command))) {
    next = append(next, write.streamId, write.events, { occurredAt: occurredAtOf(command, world.now), actorPartyId: command.actor.partyId });
  }
  return next;
}

export function entriesOf(world: World, streamId: string): readonly WorldEntry[] {
  return world.streams.get(streamId) ?? [];
}

export function lotOf(world: World, lotId: string): LotState {
  return STREAM_FOLDS.lot(lotId, entriesOf(world, streams.lot(lotId)));
}

export function facilityOf(world: World, facilityId: string): FacilityState {
  return STREAM_FOLDS.facility(facilityId, entriesOf(world, streams.facility(facilityId)));
}

export function partyOf(world: World, partyId: string): PartyState {
  return STREAM_FOLDS.party(partyId, entriesOf(world, streams.party(partyId)));
}

export function watchlistOf(world: World, listId: string): WatchlistState {
  return STREAM_FOLDS.watchlist(listId, entriesOf(world, streams.watchlist(listId)));
}

export function annexOf(world: World): AnnexState {
  return STREAM_FOLDS.annex('', entriesOf(world, streams.annex));
}

function streamsRead(command: LedgerCommand): ReadonlySet<string> {
  return new Set(streamReads(sliceOf(command).reads(command)).map((streamRead) => streamIdOf(streamOf(streamRead))));
}

function readInWorld(world: World, streamRead: StreamRead): unknown {
  const stream = streamOf(streamRead);
  const entries = entriesOf(world, streamIdOf(stream));
  if ('history' in streamRead) return entries;
  const fold = STREAM_FOLDS[stream.kind] as (id: string, events: readonly WorldEntry[]) => unknown;
  return fold(stream.id, entries);
}

function append(
  world: World,
  streamId: string,
  events: readonly LedgerEvent[],
  as: { occurredAt: string; actorPartyId: string; eventId?: string },
): World {
  const entries = [...entriesOf(world, streamId)];
  for (const event of events) {
    entries.push({
      eventId: as.eventId ?? `${streamId}:${entries.length}`,
      type: event.type,
      data: event.data,
      actorPartyId: as.actorPartyId,
      occurredAt: as.occurredAt,
    });
  }
  return { ...world, streams: new Map(world.streams).set(streamId, entries) };
}
