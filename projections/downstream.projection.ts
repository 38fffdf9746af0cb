import { asLedgerEvent, KNOWN_TYPES } from '../src/domain/stored-event';
import { streams } from '../src/domain/events';
import type { RecordedEvent } from '../src/event-store/event-store.port';
import { isCanonicalTransformationCopy, ledgerEventOf } from './ledger-event';
import { MemoryDocuments } from './memory-documents';
import type { DocumentState, Projection } from './projection';

/** input lot → output lot: the downstream direction of the graph. */
export const CHILDREN = 'children';
/** facility → every lot that originated, was produced or was received there. */
export const FACILITY_LOTS = 'facility-lots';
/** party → every lot it held (origin, receipt, transformation output). */
export const PARTY_LOTS = 'party-lots';

/** (d) Forward edges: what was derived from a lot, and which lots passed through a facility or party. */
export const downstreamProjection: Projection = {
  name: 'downstream',
  collections: [],
  relations: [CHILDREN, FACILITY_LOTS, PARTY_LOTS],
  canHandle: ['LotExtracted', 'LotRecovered', 'LotReceived', 'LotTransformed'],
  dependsOn: { asLedgerEvent, KNOWN_TYPES, evolveDownstream, ledgerEventOf, isCanonicalTransformationCopy, streams },
  initialState: () => new MemoryDocuments(),
  evolve: (state, event) => {
    evolveDownstream(state, event);
    return state;
  },
};

function evolveDownstream(state: DocumentState, event: RecordedEvent): void {
  const e = ledgerEventOf(event);
  if (!e) return;
  const at = event.position;
  switch (e.type) {
    case 'LotExtracted':
    case 'LotRecovered':
      state.link(FACILITY_LOTS, e.data.facilityId, e.data.lotId, at);
      state.link(PARTY_LOTS, e.data.custodianId, e.data.lotId, at);
      return;
    case 'LotReceived':
      state.link(FACILITY_LOTS, e.data.facilityId, e.data.lotId, at);
      state.link(PARTY_LOTS, e.data.receiverId, e.data.lotId, at);
      return;
    case 'LotTransformed': {
      const d = e.data;
      if (!isCanonicalTransformationCopy(event, d)) return;
      for (const output of d.outputs) {
        state.link(FACILITY_LOTS, d.facilityId, output.lotId, at);
        state.link(PARTY_LOTS, d.custodianId, output.lotId, at);
        for (const input of d.inputs) state.link(CHILDREN, input.lotId, output.lotId, at);
      }
      return;
    }
    default:
      return;
  }
}
