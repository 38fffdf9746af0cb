import { InvalidTimestamp, OccurredBeforeLotHistory, OccurredInFuture } from './errors';

/**
 * Business time (`occurredAt`) comes from the poster; the domain never reads a clock, so "now" is
 * handed in by the caller. Times are compared as instants, never as strings, because posters use
 * different offsets.
 */

/** Posters' clocks drift; a few minutes ahead of ours is tolerated, more is a wrong date. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** Instants parsed lately: a bulk capture checks the same few timestamps thousands of times. */
const PARSED = new Map<string, number>();
const PARSED_KEPT = 1024;

/** Milliseconds since the epoch of an RFC 3339 date-time; rejects impossible dates that Date.parse would roll over. */
export function parseInstant(value: unknown, field: string): number {
  if (typeof value !== 'string') throw new InvalidTimestamp(value, field);
  const known = PARSED.get(value);
  if (known !== undefined) return known;
  const ms = parseValidInstant(value, field);
  if (PARSED.size >= PARSED_KEPT) PARSED.clear();
  PARSED.set(value, ms);
  return ms;
}

function parseValidInstant(value: string, field: string): number {
  const m = RFC3339.exec(value);
  if (!m) throw new InvalidTimestamp(value, field);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || !offsetOk) {
    throw new InvalidTimestamp(value, field);
  }
  const ms = Date.parse(value.toUpperCase());
  if (Number.isNaN(ms)) throw new InvalidTimestamp(value, field);
  return ms;
}

export function isInstant(value: unknown): value is string {
  try {
    parseInstant(value, 'value');
    return true;
  } catch {
    return false;
  }
}

/** occurredAt must not be more than MAX_CLOCK_SKEW_MS after `now`. Returns occurredAt as an instant. */
export function assertNotInFuture(occurredAt: string, now: string): number {
  const at = parseInstant(occurredAt, 'occurredAt');
  if (at - parseInstant(now, 'now') > MAX_CLOCK_SKEW_MS) throw new OccurredInFuture(occurredAt, now);
  return at;
}

/** A lot's history is in business-time order: nothing new may predate its last event. */
export function assertNotBeforeLotHistory(lotId: string, occurredAt: string, lastOccurredAt: string | null): void {
  if (lastOccurredAt === null) return;
  if (parseInstant(occurredAt, 'occurredAt') < parseInstant(lastOccurredAt, 'lastOccurredAt')) {
    throw new OccurredBeforeLotHistory(lotId, occurredAt, lastOccurredAt);
  }
}
