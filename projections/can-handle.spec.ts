import fc from 'fast-check';
import { INITIAL_ANNEX_AMENDMENT } from '../src/domain/annex';
import { LEDGER_EVENT_TYPES, streams, type LedgerEvent } from '../src/domain/events';
import type { RecordedEvent } from '../src/event-store/event-store.port';
import { MemoryDocuments } from './memory-documents';
import { projectInMemory, provenanceProjections } from './provenance-projections';
import { buildSupplyChain, supplyChainSteps } from './testing/supply-chain.arbitrary';
import { workedExampleLog } from './testing/worked-example';

/** Logs that together hold every ledger event type, and a type no projection knows. */
function logsOfEveryType(): RecordedEvent[][] {
  const example = workedExampleLog();
  example.record(streams.annex, INITIAL_ANNEX_AMENDMENT);
  example.record(streams.annex, { type: 'SomethingNew', data: {} } as unknown as LedgerEvent);
  const chains = fc.sample(supplyChainSteps, { seed: 9, numRuns: 30 }).map((steps) => buildSupplyChain(steps).events);
  return [example.events, ...chains];
}

describe('projections declare the event types they handle', () => {
  const logs = logsOfEveryType();

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
