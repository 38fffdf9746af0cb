import { assertNotBeforeLotHistory, assertNotInFuture, parseInstant } from './business-time';
import { InvalidTimestamp, OccurredBeforeLotHistory, OccurredInFuture } from './errors';

describe('business time', () => {
  it('accepts RFC 3339 date-times with a zone and compares them as instants', () => {
    expect(parseInstant('2026-01-01T09:00:00+09:00', 'at')).toBe(parseInstant('2026-01-01T00:00:00Z', 'at'));
    expect(parseInstant('2024-02-29T23:59:59.123456Z', 'at')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 123));
  });

  it.each(['2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:00:00', '2026-01-01', 'yesterday', 20260101])(
    'rejects %j',
    (value) => {
      expect(() => parseInstant(value, 'occurredAt')).toThrow(InvalidTimestamp);
    },
  );

  it('occurred-at is at most five minutes after the server clock', () => {
    expect(() => assertNotInFuture('2026-01-01T00:05:00Z', '2026-01-01T00:00:00Z')).not.toThrow();
    expect(() => assertNotInFuture('2026-01-01T00:05:01Z', '2026-01-01T00:00:00Z')).toThrow(OccurredInFuture);
  });

  it("nothing on a lot predates its last event, whatever the offsets", () => {
    expect(() => assertNotBeforeLotHistory('L', '2026-01-01T08:59:59+09:00', '2026-01-01T00:00:00Z')).toThrow(OccurredBeforeLotHistory);
    expect(() => assertNotBeforeLotHistory('L', '2026-01-01T09:00:00+09:00', '2026-01-01T00:00:00Z')).not.toThrow();
    expect(() => assertNotBeforeLotHistory('L', '2020-01-01T00:00:00Z', null)).not.toThrow();
  });
});
