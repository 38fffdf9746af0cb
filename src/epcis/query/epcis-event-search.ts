import type { Position } from '../../event-store/event-store.port';
import { parseFacilityId, parseLotClass } from '../identifiers';
import type { EpcisEventFilter, EventReader } from './epcis-event-filter';

/**
 * The SQL of one query over the index's tables (`epcis-index-schema.ts`): the filter's
 * conditions, the reader rule, and the page window (after a position, up to the snapshot the
 * paging started at). Identifiers given as URIs are compared by what they name: a lot class by
 * its lot id, a location by its facility (a GLN may name several facilities).
 *
 * Pages are read in position order from the rows that may hold them: every event for auditors and
 * regulators, an operator's own `event_readers` rows otherwise (CROSS JOIN keeps SQLite from
 * scanning the whole log for an operator that reads a few of its events).
 */
export interface SearchSql {
  /** The FROM clause: `events e`, joined for an operator. */
  from: string;
  where: string;
  /** The column pages are ordered by: the driving table's position. */
  order: string;
  params: unknown[];
}

export function searchSql(filter: EpcisEventFilter, reader: EventReader, window: { after: Position | null; upTo: Position }): SearchSql {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, ...values: unknown[]) => {
    where.push(condition);
    params.push(...values);
  };
  const party = reader.kind === 'party';
  const position = party ? 'er.position' : 'e.position';
  if (party) {
    // Readers as of the snapshot: a lot received after the paging began does not change its pages.
    add('er.party_id = ?', reader.partyId);
    add('er.since <= ?', window.upTo);
  }
  if (window.after !== null) add(`${position} > ?`, window.after);
  add(`${position} <= ?`, window.upTo);

  if (filter.eventTypes) add(`e.event_type IN (${marks(filter.eventTypes)})`, ...filter.eventTypes);
  if (filter.eventTimeFrom !== undefined) add('e.event_time >= ?', filter.eventTimeFrom);
  if (filter.eventTimeBefore !== undefined) add('e.event_time < ?', filter.eventTimeBefore);
  if (filter.recordTimeFrom !== undefined) add('e.record_time >= ?', filter.recordTimeFrom);
  if (filter.recordTimeBefore !== undefined) add('e.record_time < ?', filter.recordTimeBefore);
  if (filter.bizSteps) add(`e.biz_step IN (${marks(filter.bizSteps)})`, ...filter.bizSteps);
  if (filter.bizLocations) facilityCondition('e.biz_location', filter.bizLocations, add);
  if (filter.readPoints) facilityCondition('e.read_point', filter.readPoints, add);
  for (const match of filter.epcClasses ?? []) {
    const lotIds = match.classes.map((epcClass) => parseLotClass(epcClass)?.lotId).filter((id): id is string => id !== undefined);
    if (lotIds.length === 0) add('0');
    else {
      add(
        `e.position IN (SELECT l.position FROM event_lots l WHERE l.lot_id IN (${marks(lotIds)}) AND l.role IN (${marks(match.roles)}))`,
        ...lotIds,
        ...match.roles,
      );
    }
  }
  if (filter.eventIds) add(`e.event_id IN (${marks(filter.eventIds)})`, ...filter.eventIds);
  if (filter.withErrorDeclaration) add('e.declaration IS NOT NULL');
  if (filter.errorReasons) add(`e.error_reason IN (${marks(filter.errorReasons)})`, ...filter.errorReasons);
  if (filter.correctiveEventIds) {
    add(`e.position IN (SELECT c.position FROM corrective_event_ids c WHERE c.corrective_event_id IN (${marks(filter.correctiveEventIds)}))`, ...filter.correctiveEventIds);
  }
  const narrowed = filter.narrowedTo ?? {};
  if (narrowed.eventType !== undefined) add('e.event_type = ?', narrowed.eventType);
  if (narrowed.bizStep !== undefined) add('e.biz_step = ?', narrowed.bizStep);
  if (narrowed.bizLocation !== undefined) facilityCondition('e.biz_location', [narrowed.bizLocation], add);
  return {
    from: party ? 'event_readers er CROSS JOIN events e ON e.position = er.position' : 'events e',
    where: where.join(' AND '),
    order: position,
    params,
  };
}

function facilityCondition(column: string, uris: readonly string[], add: (condition: string, ...values: unknown[]) => void): void {
  const refs = uris.map(parseFacilityId);
  const ids = refs.flatMap((ref) => (ref?.kind === 'ledger-id' ? [ref.id] : []));
  const glns = refs.flatMap((ref) => (ref?.kind === 'gln' ? [ref.gln] : []));
  const alternatives: string[] = [];
  const values: unknown[] = [];
  if (ids.length > 0) {
    alternatives.push(`${column} IN (${marks(ids)})`);
    values.push(...ids);
  }
  if (glns.length > 0) {
    alternatives.push(`${column} IN (SELECT f.facility_id FROM facilities f WHERE f.gln13 IN (${marks(glns)}))`);
    values.push(...glns);
  }
  // Nothing the ledger could have rendered: no event matches.
  add(alternatives.length > 0 ? `(${alternatives.join(' OR ')})` : '0', ...values);
}

function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
