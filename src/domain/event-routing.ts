import { EVENT_ROUTES, type EventOfType, type LedgerEvent } from './events';
import type { StreamKind, StreamRef } from './stream-ref';

/**
 * What follows from the registry of event types (`EVENT_ROUTES` in `events.ts`): which types
 * each kind of stream holds, so its fold must handle them, and where a decided event is written.
 */

// Over the registry's own keys, so a type missing from it fails there only, not in every fold.
type Routes = typeof EVENT_ROUTES;
type Routed = keyof Routes;

/** The event types written on streams of kind K: what the fold of K must handle. */
export type EventTypeOn<K extends StreamKind> = {
  [T in Routed]: K extends Routes[T]['on'][number] ? T : never;
}[Routed];
export type EventOn<K extends StreamKind> = EventOfType<EventTypeOn<K>>;

/** A route names streams only of the kinds in its `on`: otherwise its type fails the constraint below. */
type RoutesBeyondTheirKinds = {
  [T in Routed]: Routes[T]['streams'] extends (data: never) => readonly StreamRef<infer K>[]
    ? [K] extends [Routes[T]['on'][number]]
      ? never
      : T
    : never;
}[Routed];
type NoneOf<T extends never> = T;
export type RoutesStayWithinTheirKinds = NoneOf<RoutesBeyondTheirKinds>;

/** A route with its event's type erased, for look-ups by a type known only at run time. */
interface AnyRoute {
  readonly on: readonly StreamKind[];
  readonly streams: ((data: never) => readonly StreamRef[]) | 'by-use-case';
}

const ROUTES: Readonly<Record<string, AnyRoute>> = EVENT_ROUTES;

/** The kinds of stream an event type is written on (none for a type the registry does not know). */
export function kindsOf(type: string): readonly StreamKind[] {
  return ROUTES[type]?.on ?? [];
}

/** The streams the registry routes an event to, or null when the use case names them. */
export function routedStreams(event: LedgerEvent): readonly StreamRef[] | null {
  const route = ROUTES[event.type].streams;
  if (route === 'by-use-case') return null;
  return (route as (data: LedgerEvent['data']) => readonly StreamRef[])(event.data);
}
