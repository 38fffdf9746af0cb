import fc from 'fast-check';
import { INITIAL_ANNEX_AMENDMENT } from '../src/domain/annex';
import { EVENT_ROUTES, LEDGER_EVENT_TYPES, streams, type EventRoute, type LedgerEvent, type LedgerEventType } from '../src/domain/events';
import type { RecordedEvent } from '../src/event-store/event-store.port';
import { MemoryDocuments } from './memory-documents';
import { projectInMemory, provenanceProjections } from './provenance-projections';
import { buildSupplyChain, supplyChainSteps } from './testing/supply-chain.arbitrary';
import { workedExampleLog } from './testing/worked-example';

/**
 * Logs that together hold every ledger event type, and a type no projection knows. A type the
 * worked example and the generated chains do not produce is taken from the event registry: its
 * route's `example`, recorded after the worked example on the streams the route names.
 */
function logsOfEveryType(): RecordedEvent[][] {
  const example = workedExampleLog();
  example.record(streams.annex, INITIAL_ANNEX_AMENDMENT);
  example.record(streams.annex, { type: 'SomethingNew', data: {} } as unknown as LedgerEvent);
  const chains = fc.sample(supplyChainSteps, { seed: 9, numRuns: 30 }).map((steps) => buildSupplyChain(steps).events);
  const produced = new Set([example.events, ...chains].flat().map((e) => e.type));
  for (const type of LEDGER_EVENT_TYPES.filter((t) => !produced.has(t))) {
    const route = EVENT_ROUTES[type] as EventRoute<LedgerEventType>;
    // Without an example (or with streams only its use case names) the type stays missing, and the first test names it.
    if (route.example === undefined || route.streams === 'by-use-case') continue;
    const event = { type, data: route.example } as LedgerEvent;
    example.append(route.streams(route.example).map((stream) => ({ streamId: stream.id, event })));
  }
  return [example.events, ...chains];
}

describe('projections declare the event types they handle', () => {
  const logs = logsOfEveryType();

  // A type missing here has no example in its EVENT_ROUTES entry (src/domain/events.ts): give it one.
  it('the logs of this test hold every event type of the ledger', () => {
    const seen = new Set(logs.flat().map((e) => e.type));
    expect(LEDGER_EVENT_TYPES.filter((type) => !seen.has(type))).toEqual([]);
  });

  it.each(provenanceProjections.map((p) => [p.name, p] as const))(
    '%s: its evolve fed every event writes exactly what it writes fed only the types it declares',
    (_name, projection) => {
      for (const events of logs) {
        const everything = new MemoryDocuments();
        for (const event of events) projection.evolve(everything, event);

        const declared = projectInMemory(events, [projection]);

        expect(declared.dump()).toEqual(everything.dump());
      }
    },
  );

  it('an event no projection handles reaches no evolve, yet its time is noted for asOf instants', () => {
    const example = workedExampleLog();
    const annex = example.record(streams.annex, INITIAL_ANNEX_AMENDMENT);
    const fed: string[] = [];
    const watching = provenanceProjections.map((p) => ({ ...p, evolve: (s: MemoryDocuments, e: RecordedEvent) => (fed.push(e.type), p.evolve(s, e)) }));

    const state = projectInMemory(example.events, watching);

    expect(fed).not.toContain('AnnexAmended');
    expect(state.positionAt(example.recordedAtOf(annex))).toBe(annex);
  });
});
