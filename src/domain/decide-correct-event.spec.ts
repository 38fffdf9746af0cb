import type { Actor, CorrectEvent } from './commands';
import { decideCorrectEvent } from './decide-correct-event';
import { CorrectionOfCorrection, EventAlreadyCorrected, FacilityNotFound, LotNotFound, NotEventAuthor, UnknownEvent } from './errors';
import { streamRef, type StreamEntry } from './stream-ref';
import { given } from './testing/decider-spec';
import { actors, auSpodumene, facilities, parties } from './testing/fixtures';
import { entriesOf } from './testing/world';

const now = '2026-06-01T12:00:00Z';
const mine: Actor = { partyId: 'mine', roles: ['producer'] };
const stranger: Actor = { partyId: 'stranger', roles: ['trader'] };
const auditor: Actor = { partyId: 'auditor', roles: ['auditor'] };
const stream: StreamEntry[] = [
  { eventId: 'e-1', type: 'LotExtracted', actorPartyId: 'mine', data: { lotId: 'L-1' } },
  { eventId: 'e-2', type: 'LotShipped', actorPartyId: 'mine', data: { lotId: 'L-1' } },
];
const correct = (actor: Actor, correctedEventId: string) => ({
  type: 'CorrectEvent' as const,
  actor,
  subject: { kind: 'lot' as const, lotId: 'L-1' },
  correctedEventId,
  reason: 'wrong shipment document reference',
  occurredAt: '2026-05-01T00:00:00Z',
});

describe('corrections: an erroneous event is declared, never rewritten', () => {
  it('the party that recorded an event declares it erroneous', () => {
    expect(decideCorrectEvent(correct(mine, 'e-2'), { stream, now })).toEqual([
      { type: 'EventCorrected', data: { correctedEventId: 'e-2', reason: 'wrong shipment document reference' } },
    ]);
  });

  it('an auditor may declare any event erroneous', () => {
    expect(decideCorrectEvent(correct(auditor, 'e-1'), { stream, now })).toHaveLength(1);
  });

  it('another party may not', () => {
    expect(() => decideCorrectEvent(correct(stranger, 'e-1'), { stream, now })).toThrow(NotEventAuthor);
  });

  it('an event that is not on the subject stream is unknown', () => {
    expect(() => decideCorrectEvent(correct(mine, 'e-9'), { stream, now })).toThrow(UnknownEvent);
  });

  it('an event is declared erroneous once', () => {
    const corrected = [...stream, { eventId: 'e-3', type: 'EventCorrected', actorPartyId: 'mine', data: { correctedEventId: 'e-2', reason: 'x' } }];
    expect(() => decideCorrectEvent(correct(mine, 'e-2'), { stream: corrected, now })).toThrow(EventAlreadyCorrected);
    expect(() => decideCorrectEvent(correct(mine, 'e-3'), { stream: corrected, now })).toThrow(CorrectionOfCorrection);
  });
});

describe('corrections through their slice: the subject stream read whole, the correction written beside the event', () => {
  const extracted = { ...auSpodumene, actorPartyId: actors.auMiner.partyId };
  const correctExtraction = (actor: Actor, overrides: Partial<CorrectEvent> = {}): CorrectEvent => ({
    ...correct(actor, 'lot-AU-SPOD-1:0'),
    subject: { kind: 'lot', lotId: 'AU-SPOD-1' },
    ...overrides,
  });

  it('given a lot extracted by its miner, when the miner declares the extraction erroneous, then the declaration goes on the lot stream', () => {
    const after = given(...parties, ...facilities, extracted)
      .when(correctExtraction(actors.auMiner))
      .then([{ type: 'EventCorrected', data: { correctedEventId: 'lot-AU-SPOD-1:0', reason: 'wrong shipment document reference' } }]);
    expect(entriesOf(after, 'lot-AU-SPOD-1').map((entry) => [entry.type, entry.actorPartyId])).toEqual([
      ['LotExtracted', 'au-miner'],
      ['EventCorrected', 'au-miner'],
    ]);
  });

  it('a correction already on the stream is not made twice', () => {
    const declared = { type: 'EventCorrected' as const, data: { correctedEventId: 'lot-AU-SPOD-1:0', reason: 'x' }, stream: streamRef.lot('AU-SPOD-1') };
    given(...parties, ...facilities, extracted, declared).when(correctExtraction(actors.auditor)).thenThrows(EventAlreadyCorrected);
  });

  it('a lot or facility with no events has nothing to correct', () => {
    given(...parties).when(correctExtraction(actors.auditor)).thenThrows(LotNotFound);
    given(...parties).when(correctExtraction(actors.auditor, { subject: { kind: 'facility', facilityId: 'nowhere' } })).thenThrows(FacilityNotFound);
  });
});
