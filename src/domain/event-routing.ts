import { EVENT_ROUTES, type EventOfType, type LedgerEvent, type LedgerEventType } from './events';
import type { StreamKind, StreamRef } from './stream-ref';

/**
 * What follows from the registry of event types (`EVENT_ROUTES` in `events.ts`): which types
 * each kind of stream holds, so its fold must handle them, and where a decided event is written.
 */

type Routes = typeof EVENT_ROUTES;

/** The event types written on streams of kind K: what the fold of K must handle. */
export type EventTypeOn<K extends StreamKind> = {
  [T in LedgerEventType]: K extends Routes[T]['on'][number] ? T : never;
}[LedgerEventType];
export type EventOn<K extends StreamKind> = EventOfType<EventTypeOn<K>>;

/** A route names streams only of the kinds in its `on`: otherwise its type fails the constraint below. */
type RoutesBeyondTheirKinds = {
  [T in LedgerEventType]: Routes[T]['streams'] extends (data: never) => readonly StreamRef<infer K>[]
    ? [K] extends [Routes[T]['on'][number]]
      ? never
      : T
    : never;
}[LedgerEventType];
type NoneOf<T extends never> = T;
export type RoutesStayWithinTheirKinds = NoneOf<RoutesBeyondTheirKinds>;

/** The streams the registry routes an event to, or null when the use case names them. */
export function routedStreams(event: LedgerEvent): readonly StreamRef[] | null {
  const route = EVENT_ROUTES[event.type].streams;
  if (route === 'by-use-case') return null;
  return (route as (data: LedgerEvent['data']) => readonly StreamRef[])(event.data);
}
