import { parseInstant } from '../../domain/business-time';

/**
 * EPCIS `eventTime` and `eventTimeZoneOffset` from the ledger's occurred-at, and instants as
 * integer microseconds so the index compares times exactly (RFC 3339 allows more digits than a
 * millisecond; the ledger's own clock writes milliseconds).
 */

/** What EPCIS allows as an offset: -14:00 to +14:00. */
const EPCIS_OFFSET = /^([+-])((0\d|1[0-3]):[0-5]\d|14:00)$/;

/** `eventTime` as the poster wrote it and its offset; UTC when the offset is one EPCIS cannot carry. */
export function eventTimeOf(occurredAt: string): { eventTime: string; eventTimeZoneOffset: string } {
  const zone = /([Zz]|[+-]\d{2}:\d{2})$/.exec(occurredAt)?.[1] ?? 'Z';
  const offset = zone === 'Z' || zone === 'z' ? '+00:00' : zone;
  if (EPCIS_OFFSET.test(offset)) return { eventTime: occurredAt, eventTimeZoneOffset: offset };
  return { eventTime: new Date(parseInstant(occurredAt, 'occurredAt')).toISOString(), eventTimeZoneOffset: '+00:00' };
}

/** Microseconds since the epoch of an RFC 3339 date-time (digits past the microsecond are dropped); throws InvalidTimestamp. */
export function instantMicros(value: string, field: string): number {
  const milliseconds = parseInstant(value, field);
  const fraction = /\.(\d+)/.exec(value)?.[1] ?? '';
  return milliseconds * 1000 + Number(fraction.slice(3, 6).padEnd(3, '0'));
}
