import type { RecordedEvent } from '../src/event-store/event-store.port';
import { custodyGraphProjection } from './custody-graph.projection';
import { downstreamProjection } from './downstream.projection';
import { flagsAndCertificationsProjection } from './flags-and-certifications.projection';
import { MemoryDocuments } from './memory-documents';
import { originCompositionProjection } from './origin-composition.projection';
import type { DocumentState, EventClock, Projection } from './projection';

/** Bump when an evolve changes what it writes: read-model files of another version are rebuilt. */
export const PROVENANCE_PROJECTIONS_VERSION = 2;

/** Every projection the provenance answers are read from, in the order they are folded. */
export const provenanceProjections: readonly Projection[] = [
  custodyGraphProjection,
  originCompositionProjection,
  flagsAndCertificationsProjection,
  downstreamProjection,
];

/** Fold one event into every projection and note its time for `asOf` instants. */
export function applyEvent(
  state: DocumentState & EventClock,
  event: RecordedEvent,
  projections: readonly Projection[] = provenanceProjections,
): void {
  state.recordEventTime(event.position, event.recordedAt);
  for (const projection of projections) projection.evolve(state, event);
}

/** A fresh in-memory fold of a log (or a prefix of it). */
export function projectInMemory(events: Iterable<RecordedEvent>, projections: readonly Projection[] = provenanceProjections): MemoryDocuments {
  const state = new MemoryDocuments();
  for (const event of events) applyEvent(state, event, projections);
  return state;
}
