import type { RecordedEvent } from '../src/event-store/event-store.port';
import { custodyGraphProjection } from './custody-graph.projection';
import { downstreamProjection } from './downstream.projection';
import { flagsAndCertificationsProjection } from './flags-and-certifications.projection';
import { MemoryDocuments } from './memory-documents';
import { originCompositionProjection } from './origin-composition.projection';
import { searchIndexProjection } from './search-index.projection';
import { screeningProjection } from './screening.projection';
import type { DocumentState, EventClock, Projection } from './projection';

/** Every projection the provenance answers are read from, in the order they are folded. */
export const provenanceProjections: readonly Projection[] = [
  custodyGraphProjection,
  originCompositionProjection,
  flagsAndCertificationsProjection,
  downstreamProjection,
  searchIndexProjection,
  screeningProjection,
];

/**
 * Fold one event into the projections that handle its type, and note its time for `asOf`
 * instants (for every event, so an instant maps to the same position whatever the projections).
 */
export function applyEvent(
  state: DocumentState & EventClock,
  event: RecordedEvent,
  projections: readonly Projection[] = provenanceProjections,
): void {
  state.recordEventTime(event.position, event.recordedAt);
  const handlers = handlersByType(projections).get(event.type);
  if (handlers) for (const projection of handlers) projection.evolve(state, event);
}

const routes = new WeakMap<readonly Projection[], ReadonlyMap<string, readonly Projection[]>>();

/** Event type → the projections that handle it, in fold order; worked out once per list. */
function handlersByType(projections: readonly Projection[]): ReadonlyMap<string, readonly Projection[]> {
  let byType = routes.get(projections);
  if (!byType) {
    const built = new Map<string, Projection[]>();
    for (const projection of projections) {
      for (const type of new Set(projection.canHandle)) built.set(type, [...(built.get(type) ?? []), projection]);
    }
    byType = built;
    routes.set(projections, byType);
  }
  return byType;
}

/** A fresh in-memory fold of a log (or a prefix of it). */
export function projectInMemory(events: Iterable<RecordedEvent>, projections: readonly Projection[] = provenanceProjections): MemoryDocuments {
  const state = new MemoryDocuments();
  for (const event of events) applyEvent(state, event, projections);
  return state;
}
