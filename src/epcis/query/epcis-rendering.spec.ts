import type { RecordedEvent } from '../../event-store/event-store.port';
import { epcisEventIdOf, errorDeclarationOf } from './epcis-rendering';

describe('EPCIS eventIDs and error declarations of ledger events', () => {
  const event = (idempotencyKey: string | null) => ({ eventId: '6f1c0d4e-8d2a-4a43-9d52-1c1e8d6b6a10', actorPartyId: 'jp-refiner', idempotencyKey });

  it('gives back the eventID the poster captured, a CBV 2.0 event hash included', () => {
    const hash = 'ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0';
    expect(epcisEventIdOf(event(`jp-refiner:epcis:${hash}`))).toBe(hash);
    expect(epcisEventIdOf(event('jp-refiner:epcis:urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8'))).toBe('urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8');
  });

  it('falls back to urn:uuid:<ledger event id> for /v1 writes, another party’s key, or a key that is no URI', () => {
    const own = 'urn:uuid:6f1c0d4e-8d2a-4a43-9d52-1c1e8d6b6a10';
    expect(epcisEventIdOf(event(null))).toBe(own);
    expect(epcisEventIdOf(event('jp-refiner:9b2e7c1a-0000-4000-8000-000000000001'))).toBe(own);
    expect(epcisEventIdOf(event('au-miner:epcis:urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8'))).toBe(own);
    expect(epcisEventIdOf(event('jp-refiner:epcis:not a uri'))).toBe(own);
  });

  const correction = (data: Record<string, unknown>): RecordedEvent => ({
    eventId: 'c0',
    type: 'EventCorrected',
    streamId: 'lot-A',
    streamRevision: 3,
    position: 9n,
    recordedAt: '2024-03-20T00:00:01.000Z',
    occurredAt: '2024-03-19T10:00:00+01:00',
    actorPartyId: 'jp-refiner',
    idempotencyKey: null,
    schemaVersion: 1,
    data: { correctedEventId: 'e1', ...data },
    payloadSha256: '0',
  });

  it('keeps a standard reason as given and compares it as its CBV term', () => {
    const { declaration, reasonTerm, correctiveEventIds } = errorDeclarationOf(
      correction({ reason: 'https://ref.gs1.org/cbv/ER-did_not_occur', declarationTime: '2024-03-18T00:00:00Z', correctiveEventIds: ['urn:uuid:1'] }),
    );
    expect(declaration).toEqual({ declarationTime: '2024-03-18T00:00:00Z', reason: 'https://ref.gs1.org/cbv/ER-did_not_occur', correctiveEventIDs: ['urn:uuid:1'], 'cml:reason': undefined });
    expect(reasonTerm).toBe('did_not_occur');
    expect(correctiveEventIds).toEqual(['urn:uuid:1']);
  });

  it('serves a /v1 sentence as cml:reason, declared at the correction’s business time', () => {
    const { declaration, reasonTerm } = errorDeclarationOf(correction({ reason: 'weighed on the wrong scale' }));
    expect(declaration).toEqual({ declarationTime: '2024-03-19T10:00:00+01:00', reason: undefined, correctiveEventIDs: undefined, 'cml:reason': 'weighed on the wrong scale' });
    expect(reasonTerm).toBeNull();
  });
});
