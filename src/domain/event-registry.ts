import type { LedgerEvent, LedgerEventType } from './events';
import { streamRef, subjectStream, type StreamKind, type StreamRef } from './stream-ref';

/**
 * Every event type once, with where it is written. Everything that must know all event types
 * derives from here: the list of known types (`LEDGER_EVENT_TYPES`, `asLedgerEvent`), the routing
 * of decided events to streams (the use-case runner and the test world), and which folds must
 * handle which types (`EventOn`). A type of `LedgerEvent` missing here is a compile error.
 */
export type EventOfType<T extends LedgerEventType> = Extract<LedgerEvent, { type: T }>;

export interface EventRoute<T extends LedgerEventType> {
  /** The kinds of stream the event is written on: the fold of each must handle it. */
  readonly on: readonly StreamKind[];
  /**
   * The streams it is written on, from its data, in write order; `by-use-case` when its data
   * does not say (the slice that decides it names the stream: `Slice.writesTo`).
   */
  readonly streams: ((data: EventOfType<T>['data']) => readonly StreamRef[]) | 'by-use-case';
}

export type EventRoutes = { readonly [T in LedgerEventType]: EventRoute<T> };

export const EVENT_ROUTES = {
  PartyRegistered: { on: ['party'], streams: (d) => [streamRef.party(d.partyId)] },
  FacilityRegistered: { on: ['facility'], streams: (d) => [streamRef.facility(d.facilityId)] },
  AnnexAmended: { on: ['annex'], streams: () => [streamRef.annex()] },
  LotExtracted: { on: ['lot'], streams: (d) => [streamRef.lot(d.lotId)] },
  LotRecovered: { on: ['lot'], streams: (d) => [streamRef.lot(d.lotId)] },
  LotShipped: { on: ['lot'], streams: (d) => [streamRef.lot(d.lotId)] },
  LotReceived: { on: ['lot'], streams: (d) => [streamRef.lot(d.lotId)] },
  // One payload on every input and output lot, in one atomic append (inputs first).
  LotTransformed: { on: ['lot'], streams: (d) => [...d.inputs, ...d.outputs].map((lot) => streamRef.lot(lot.lotId)) },
  LotRetired: { on: ['lot'], streams: (d) => [streamRef.lot(d.lotId)] },
  CertificationRecorded: { on: ['lot', 'facility'], streams: (d) => [subjectStream(d.subject)] },
  FlagRaised: { on: ['lot', 'facility'], streams: (d) => [subjectStream(d.subject)] },
  FlagResolved: { on: ['lot', 'facility'], streams: (d) => [subjectStream(d.subject)] },
  // Names only the corrected event's id: it goes on that event's stream, which CorrectEvent names.
  EventCorrected: { on: ['lot', 'facility'], streams: 'by-use-case' },
} as const satisfies EventRoutes;

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

export const LEDGER_EVENT_TYPES = Object.keys(EVENT_ROUTES) as readonly LedgerEventType[];

/** The streams the registry routes an event to, or null when the use case names them. */
export function routedStreams(event: LedgerEvent): readonly StreamRef[] | null {
  const route = EVENT_ROUTES[event.type].streams;
  if (route === 'by-use-case') return null;
  return (route as (data: LedgerEvent['data']) => readonly StreamRef[])(event.data);
}
