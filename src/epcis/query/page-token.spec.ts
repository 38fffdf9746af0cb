import { decodePageToken, encodePageToken, queryDigest } from './page-token';

describe('nextPageToken', () => {
  const cursor = { after: 41n, snapshot: 9_007_199_254_740_993n, query: queryDigest('{"bizSteps":["shipping"]}') };

  it('round-trips a cursor, positions beyond 2^53 included', () => {
    const token = encodePageToken(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token)).toEqual(cursor);
  });

  it('refuses what this ledger did not write: garbage, another version, a cursor past its snapshot', () => {
    const of = (text: string) => Buffer.from(text).toString('base64url');
    expect(decodePageToken('not a token!')).toBeNull();
    expect(decodePageToken(of('p2.1.2.0123456789abcdef'))).toBeNull();
    expect(decodePageToken(of('p1.3.2.0123456789abcdef'))).toBeNull();
    expect(decodePageToken(of('p1.1.2.xyz'))).toBeNull();
    expect(decodePageToken('')).toBeNull();
  });

  it('digests different queries differently', () => {
    expect(queryDigest('{}')).not.toBe(queryDigest('{"eventTypes":["ObjectEvent"]}'));
    expect(queryDigest('{}')).toHaveLength(16);
  });
});
