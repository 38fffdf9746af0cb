import { toRecordedEvents, type SqliteEventRow } from './sqlite-event-row';

const row = (position: bigint, streamId: string, data: string, hash: string): SqliteEventRow => [
  position,
  `event-${position}`,
  streamId,
  0n,
  'LotTransformed',
  data,
  '2026-01-01T00:00:00.000Z',
  'party-a',
  null,
  1n,
  hash,
  '2026-01-01T00:00:01.000Z',
];

describe('SQLite event rows as recorded events', () => {
  it('gives each copy of one payload its own envelope and the same data', () => {
    const payload = '{"transformationId":"t-1","inputs":[{"lotId":"a"}]}';
    const [first, second] = toRecordedEvents([row(1n, 'lot-a', payload, 'h1'), row(2n, 'lot-b', payload, 'h1')]);
    expect([first.position, first.streamId, second.position, second.streamId]).toEqual([1n, 'lot-a', 2n, 'lot-b']);
    expect(second.data).toEqual(first.data);
  });

  it('parses a payload again when its text differs, whatever its recorded hash says (an edited row)', () => {
    const [, edited] = toRecordedEvents([row(1n, 'lot-a', '{"grossMassG":1}', 'h1'), row(2n, 'lot-b', '{"grossMassG":2}', 'h1')]);
    expect(edited.data).toEqual({ grossMassG: 2 });
  });
});
