import { InvalidTimestamp } from '../../domain/errors';
import { eventTimeOf, instantMicros } from './event-time';

describe('EPCIS event times', () => {
  it('keeps the poster’s time and offset, Z as +00:00', () => {
    expect(eventTimeOf('2024-03-01T08:30:00+09:00')).toEqual({ eventTime: '2024-03-01T08:30:00+09:00', eventTimeZoneOffset: '+09:00' });
    expect(eventTimeOf('2024-03-01T08:30:00.125Z')).toEqual({ eventTime: '2024-03-01T08:30:00.125Z', eventTimeZoneOffset: '+00:00' });
    expect(eventTimeOf('2024-03-01T08:30:00-14:00').eventTimeZoneOffset).toBe('-14:00');
  });

  it('writes the instant in UTC when its offset is beyond what EPCIS allows', () => {
    expect(eventTimeOf('2024-03-01T20:30:00+15:00')).toEqual({ eventTime: '2024-03-01T05:30:00.000Z', eventTimeZoneOffset: '+00:00' });
  });

  it('compares instants to the microsecond, whatever the offset', () => {
    expect(instantMicros('2024-03-01T08:30:00+09:00', 't')).toBe(instantMicros('2024-02-29T23:30:00Z', 't'));
    expect(instantMicros('1970-01-01T00:00:00.0000015Z', 't')).toBe(1);
    expect(instantMicros('1970-01-01T00:00:00.123456Z', 't') - instantMicros('1970-01-01T00:00:00.123455Z', 't')).toBe(1);
    expect(instantMicros('1969-12-31T23:59:59.9995Z', 't')).toBe(-500);
  });

  it('refuses what is not an RFC 3339 date-time', () => {
    expect(() => instantMicros('2024-02-30T00:00:00Z', 'GE_eventTime')).toThrow(InvalidTimestamp);
    expect(() => instantMicros('yesterday', 'GE_eventTime')).toThrow(InvalidTimestamp);
  });
});
