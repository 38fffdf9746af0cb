import { asLedgerEvent, KNOWN_TYPES } from '../src/domain/stored-event';
import { streams } from '../src/domain/events';
import type { RecordedEvent } from '../src/event-store/event-store.port';
import { isCanonicalTransformationCopy, ledgerEventOf } from './ledger-event';
import { MemoryDocuments } from './memory-documents';
import {
  attributedComposition,
  originAttribution,
  originAttributionFunctions,
  rescaleAttribution,
  transformedAttribution,
  type Attribution,
} from './origin-attribution';
import type { DocumentState, Projection } from './projection';

/** lot → its mass-balance attribution (per mineral, grams per origin lot). */
export const ATTRIBUTIONS = 'attributions';

/** (b) Origin composition by mass balance, kept per lot at every position it changed. */
export const originCompositionProjection: Projection = {
  name: 'origin-composition',
  collections: [ATTRIBUTIONS],
  relations: [],
  canHandle: ['LotExtracted', 'LotRecovered', 'LotReceived', 'LotTransformed'],
  dependsOn: { asLedgerEvent, KNOWN_TYPES, evolveOriginComposition, ledgerEventOf, isCanonicalTransformationCopy, streams, ...originAttributionFunctions },
  initialState: () => new MemoryDocuments(),
  evolve: (state, event) => {
    evolveOriginComposition(state, event);
    return state;
  },
};

function evolveOriginComposition(state: DocumentState, event: RecordedEvent): void {
  const e = ledgerEventOf(event);
  if (!e) return;
  const at = event.position;
  switch (e.type) {
    case 'LotExtracted':
    case 'LotRecovered': {
      const d = e.data;
      const origin = {
        originLotId: d.lotId,
        facilityId: d.facilityId,
        country: d.country,
        recycled: e.type === 'LotRecovered',
        feedstock: e.type === 'LotRecovered' ? e.data.feedstock : null,
        extractedAt: event.occurredAt,
      };
      state.put<Attribution>(ATTRIBUTIONS, d.lotId, originAttribution(origin, d.composition), at);
      return;
    }
    case 'LotReceived': {
      const current = state.get<Attribution>(ATTRIBUTIONS, e.data.lotId);
      if (!current) return;
      // A shortfall scales the contained minerals down; the origins keep their proportions.
      const scaled = rescaleAttribution(current, e.data.composition);
      if (scaled !== current) state.put(ATTRIBUTIONS, e.data.lotId, scaled, at);
      return;
    }
    case 'LotTransformed': {
      const d = e.data;
      if (!isCanonicalTransformationCopy(event, d)) return;
      const consumed = d.inputs.map((input) => ({
        input,
        attribution: state.get<Attribution>(ATTRIBUTIONS, input.lotId) ?? {},
      }));
      for (const output of d.outputs) {
        state.put<Attribution>(ATTRIBUTIONS, output.lotId, transformedAttribution(consumed, output.composition), at);
      }
      for (const { input, attribution } of consumed) {
        const held = attributedComposition(attribution);
        const remaining: Record<string, number> = {};
        for (const [mineral, grams] of Object.entries(held)) remaining[mineral] = Math.max(grams - (input.givenUp[mineral] ?? 0), 0);
        state.put<Attribution>(ATTRIBUTIONS, input.lotId, rescaleAttribution(attribution, remaining), at);
      }
      return;
    }
    default:
      return;
  }
}
