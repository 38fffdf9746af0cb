import type { Actor } from './commands';
import { decideCorrectEvent } from './decide-correct-event';
import { CorrectionOfCorrection, EventAlreadyCorrected, NotEventAuthor, UnknownEvent } from './errors';
import type { StreamEntry } from './stream-ref';

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
