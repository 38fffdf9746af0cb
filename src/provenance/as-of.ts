import type { Position } from '../event-store/event-store.port';
import type { DocumentReader } from '../../projections/projection';
import { InvalidAsOfError, PositionNotYetProjectedError } from './provenance.errors';

/** A global position, or an RFC 3339 instant (a string of digits is read as a position). */
export type AsOf = Position | string;

/** The instants `asOf` accepts (and `ledger replay --to`): RFC 3339, `T` or a space between date and time. */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The position an answer is computed at: the asked position, the last position recorded at or
 * before the asked instant, or where the read models are now. Null means "before the first event".
 */
export function resolveAsOf(reader: DocumentReader, asOf: AsOf | undefined): Position | null {
  const reached = reader.lastPosition();
  if (asOf === undefined) return reached;
  if (typeof asOf === 'bigint') return requireProjected(asOf, reached);
  if (/^\d+$/.test(asOf)) return requireProjected(BigInt(asOf), reached);
  if (!RFC3339.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new InvalidAsOfError(asOf);
  // recordedAt is stored as UTC with milliseconds; the same form compares correctly as text.
  return reader.positionAt(new Date(Date.parse(asOf)).toISOString());
}

function requireProjected(asked: Position, reached: Position | null): Position {
  if (reached === null || asked > reached) throw new PositionNotYetProjectedError(asked, reached);
  return asked;
}
