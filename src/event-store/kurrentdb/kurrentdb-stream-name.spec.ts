import { fromKurrentStreamName, toKurrentStreamName } from './kurrentdb-stream-name';

describe('KurrentDB stream names', () => {
  it('keeps names KurrentDB accepts as they are', () => {
    expect(toKurrentStreamName('lot-AU-SPOD-1')).toBe('lot-AU-SPOD-1');
    expect(toKurrentStreamName('annex')).toBe('annex');
    expect(toKurrentStreamName('party-a.b')).toBe('party-a.b');
  });

  it('escapes every other character, the escape character included, into the allowed alphabet', () => {
    expect(toKurrentStreamName('lot-ACME:2026:7')).toBe('lot-ACME_3A2026_3A7');
    expect(toKurrentStreamName('lot-a_b')).toBe('lot-a_5Fb');
    expect(toKurrentStreamName('lot-钴 ü/🪨')).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it('maps back exactly, so no two stream ids share a KurrentDB stream', () => {
    const ids = ['lot-ACME:2026:7', 'lot-ACME_3A2026_3A7', 'lot-a_b', 'lot-a_5Fb', 'lot-钴 ü/🪨', '', '_', '__3A'];
    const names = ids.map(toKurrentStreamName);

    expect(names.map(fromKurrentStreamName)).toEqual(ids);
    expect(new Set(names).size).toBe(ids.length);
  });
});
