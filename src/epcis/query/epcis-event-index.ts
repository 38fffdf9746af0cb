import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { asLedgerEvent } from '../../domain/stored-event';
import type { LedgerEvent } from '../../domain/events';
import type { Position, RecordedEvent } from '../../event-store/event-store.port';
import type { LogConsumer } from '../../log-follower/log-follower';
import { isCanonicalTransformationCopy } from '../../../projections/ledger-event';
import { glnOf } from '../identifiers';
import type { EpcisEventFilter, EventReader } from './epcis-event-filter';
import { searchSql } from './epcis-event-search';
import { openEpcisIndexDatabase } from './epcis-index-schema';
import { errorDeclarationOf, renderCustodyEvent, type MasterDataDirectory, type RenderedEvent } from './epcis-rendering';
import { MasterDataCache, type CachedLot } from './master-data-cache';
import { instantMicros } from './event-time';
import { writeJson } from './exact-json-writing';

/** A page of events as served (JSON text each), and whether more match after it. */
export interface EventPage {
  events: string[];
  /** Log position of the last event of the page: where the next page starts. */
  last: Position | null;
  more: boolean;
}

interface Statements {
  readCheckpoint: Database.Statement;
  writeCheckpoint: Database.Statement;
  insertEvent: Database.Statement;
  insertEventLot: Database.Statement;
  copyEventLots: Database.Statement;
  insertCorrective: Database.Statement;
  insertReader: Database.Statement;
  readEarlierEvents: Database.Statement;
  readNewEvent: Database.Statement;
  insertLedgerEvent: Database.Statement;
  findLedgerEvent: Database.Statement;
  insertCopy: Database.Statement;
  findCopy: Database.Statement;
  findEvent: Database.Statement;
  putParty: Database.Statement;
  findParty: Database.Statement;
  putFacility: Database.Statement;
  findFacility: Database.Statement;
  putLot: Database.Statement;
  findLot: Database.Statement;
}

/**
 * The EPCIS event index: every custody event of the log rendered once as EPCIS 2.0, with a column
 * per query parameter, in its own SQLite file. It follows the log as a `LogConsumer`: each batch
 * of events and the checkpoint after it commit in one transaction, so an event is indexed exactly
 * once whatever crashes when. Rows never change once written (an error declaration is a row of
 * its own), which is what makes position-based paging stable.
 */
export class EpcisEventIndex implements LogConsumer {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly searches = new Map<string, Database.Statement>();
  private readonly directory: MasterDataDirectory;
  /** What the fold keeps reading back; dropped whenever a batch rolls back. */
  private readonly cache = new MasterDataCache();

  constructor(
    readonly file: string,
    /** True for the one connection that folds the log into the file; readers leave the file as they find it. */
    follows: boolean,
  ) {
    this.db = openEpcisIndexDatabase(file, follows);
    const db = this.db;
    this.statements = {
      readCheckpoint: db.prepare('SELECT position FROM checkpoint WHERE id = 1').safeIntegers(true),
      writeCheckpoint: db.prepare('INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position'),
      insertEvent: db.prepare(
        `INSERT OR IGNORE INTO events (position, event_id, event_type, event_time, record_time, recorded_at, biz_step, biz_location, read_point,
           error_reason, declares, declaration_key, body, declaration)
         VALUES (@position, @eventId, @eventType, @eventTime, @recordTime, @recordedAt, @bizStep, @bizLocation, @readPoint,
           @errorReason, @declares, @declarationKey, @body, @declaration)`,
      ),
      insertEventLot: db.prepare('INSERT OR IGNORE INTO event_lots (position, lot_id, role) VALUES (?, ?, ?)'),
      copyEventLots: db.prepare('INSERT OR IGNORE INTO event_lots (position, lot_id, role) SELECT ?, lot_id, role FROM event_lots WHERE position = ?'),
      insertCorrective: db.prepare('INSERT OR IGNORE INTO corrective_event_ids (corrective_event_id, position) VALUES (?, ?)'),
      insertReader: db.prepare('INSERT OR IGNORE INTO lot_readers (party_id, lot_id, since) VALUES (?, ?, ?)'),
      // A new reader of a lot reads every event of it so far; a new event is read by its lots' readers.
      readEarlierEvents: db.prepare(
        `INSERT INTO event_readers (party_id, position, since) SELECT ?, position, ? FROM event_lots WHERE lot_id = ?
         ON CONFLICT (party_id, position) DO NOTHING`,
      ),
      readNewEvent: db.prepare(
        `INSERT INTO event_readers (party_id, position, since)
         SELECT r.party_id, l.position, r.since FROM event_lots l JOIN lot_readers r ON r.lot_id = l.lot_id WHERE l.position = ?
         ON CONFLICT (party_id, position) DO UPDATE SET since = min(since, excluded.since)`,
      ),
      insertLedgerEvent: db.prepare('INSERT OR IGNORE INTO ledger_events (ledger_event_id, position) VALUES (?, ?)'),
      findLedgerEvent: db.prepare('SELECT position FROM ledger_events WHERE ledger_event_id = ?').safeIntegers(true),
      insertCopy: db.prepare('INSERT OR IGNORE INTO transformation_copies (payload_sha256, position) VALUES (?, ?)'),
      findCopy: db.prepare('SELECT position FROM transformation_copies WHERE payload_sha256 = ?').safeIntegers(true),
      findEvent: db.prepare('SELECT event_id, event_type, event_time, biz_step, biz_location, read_point, body FROM events WHERE position = ?'),
      putParty: db.prepare('INSERT OR REPLACE INTO parties (party_id, pgln) VALUES (?, ?)'),
      findParty: db.prepare('SELECT pgln FROM parties WHERE party_id = ?'),
      putFacility: db.prepare('INSERT OR REPLACE INTO facilities (facility_id, gln, gln13) VALUES (?, ?, ?)'),
      findFacility: db.prepare('SELECT gln FROM facilities WHERE facility_id = ?'),
      putLot: db.prepare('INSERT OR REPLACE INTO lots (lot_id, epc_class, gross_g, facility_id) VALUES (?, ?, ?, ?)'),
      findLot: db.prepare('SELECT epc_class, gross_g, facility_id FROM lots WHERE lot_id = ?'),
    };
    this.directory = {
      facilityGln: (facilityId) => this.cache.facilityGln(facilityId, () => (this.statements.findFacility.get(facilityId) as { gln: string | null } | undefined)?.gln ?? null) ?? undefined,
      partyPgln: (partyId) => this.cache.partyPgln(partyId, () => (this.statements.findParty.get(partyId) as { pgln: string | null } | undefined)?.pgln ?? null) ?? undefined,
      lotClass: (lotId) => this.lot(lotId)?.epcClass ?? undefined,
      lot: (lotId) => {
        const lot = this.lot(lotId);
        return lot ? { grossMassG: lot.grossMassG, facilityId: lot.facilityId } : undefined;
      },
    };
  }

  /** Opens `<dataDir>/epcis-index.sqlite`. */
  static open(dataDir: string, follows: boolean): EpcisEventIndex {
    return new EpcisEventIndex(join(dataDir, 'epcis-index.sqlite'), follows);
  }

  /** Position of the last event indexed (the checkpoint), or null before the first; read from the file. */
  position(): Position | null {
    const row = this.statements.readCheckpoint.get() as { position: bigint } | undefined;
    return row ? row.position : null;
  }

  /** Indexes the events after the checkpoint and moves it, in one transaction; returns how many were new. */
  commit(events: readonly RecordedEvent[]): number {
    try {
      return this.db.transaction(() => {
        let checkpoint = this.position();
        let applied = 0;
        for (const event of events) {
          if (checkpoint !== null && event.position <= checkpoint) continue;
          this.apply(event);
          checkpoint = event.position;
          applied++;
        }
        if (applied > 0) this.statements.writeCheckpoint.run(checkpoint);
        return applied;
      }).immediate();
    } catch (error) {
      // Rolled back: what the cache learnt from this batch never reached the file.
      this.cache.clear();
      throw error;
    }
  }

  /**
   * Events matching `filter` that `reader` may read, in log order, after `after` and up to
   * `upTo` (the snapshot a paging began at), at most `limit`.
   */
  search(filter: EpcisEventFilter, reader: EventReader, window: { after: Position | null; upTo: Position; limit: number }): EventPage {
    const { from, where, order, params } = searchSql(filter, reader, window);
    const sql = `SELECT e.position, e.body, e.recorded_at, e.declaration FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ?`;
    const rows = this.prepared(sql).all(...params, window.limit + 1) as { position: bigint; body: string; recorded_at: string; declaration: string | null }[];
    const page = rows.slice(0, window.limit);
    return { events: page.map(servedEvent), last: page.length > 0 ? page[page.length - 1].position : null, more: rows.length > window.limit };
  }

  /** True when some event, readable or not, has this EPCIS eventID (up to `upTo`). */
  hasEventId(eventId: string, upTo: Position): boolean {
    return this.prepared('SELECT 1 FROM events WHERE event_id = ? AND position <= ? LIMIT 1').get(eventId, upTo) !== undefined;
  }

  /** Every row of every table, in a canonical order: what "the same index" means. */
  dump(): Record<string, unknown[]> {
    const tables: Record<string, string> = {
      events: 'SELECT * FROM events ORDER BY position',
      event_lots: 'SELECT * FROM event_lots ORDER BY position, lot_id, role',
      corrective_event_ids: 'SELECT * FROM corrective_event_ids ORDER BY corrective_event_id, position',
      lot_readers: 'SELECT * FROM lot_readers ORDER BY party_id, lot_id',
      event_readers: 'SELECT * FROM event_readers ORDER BY party_id, position',
      transformation_copies: 'SELECT * FROM transformation_copies ORDER BY payload_sha256',
      ledger_events: 'SELECT * FROM ledger_events ORDER BY ledger_event_id',
      parties: 'SELECT * FROM parties ORDER BY party_id',
      facilities: 'SELECT * FROM facilities ORDER BY facility_id',
      lots: 'SELECT * FROM lots ORDER BY lot_id',
    };
    return Object.fromEntries(Object.entries(tables).map(([name, sql]) => [name, this.db.prepare(sql).safeIntegers(true).all()]));
  }

  close(): void {
    this.db.close();
  }

  private lot(lotId: string): CachedLot | null {
    return this.cache.lot(lotId, () => {
      const row = this.statements.findLot.get(lotId) as { epc_class: string | null; gross_g: number; facility_id: string | null } | undefined;
      return row ? { epcClass: row.epc_class, grossMassG: row.gross_g, facilityId: row.facility_id } : null;
    });
  }

  /** `partyId` reads `lotId` from `position` on: every event of the lot so far, and those to come. */
  private addReader(partyId: string, lotId: string, position: Position): void {
    if (this.statements.insertReader.run(partyId, lotId, position).changes === 0) return;
    this.statements.readEarlierEvents.run(partyId, position, lotId);
  }

  /** Writes a lot's state to the file and the cache. */
  private putLot(lotId: string, lot: CachedLot): void {
    this.statements.putLot.run(lotId, lot.epcClass, lot.grossMassG, lot.facilityId);
    this.cache.setLot(lotId, lot);
  }

  private prepared(sql: string): Database.Statement {
    let statement = this.searches.get(sql);
    if (!statement) {
      // Queries differ only by how many values a parameter lists: a few hundred shapes at most.
      if (this.searches.size >= 500) this.searches.clear();
      statement = this.db.prepare(sql).safeIntegers(true);
      this.searches.set(sql, statement);
    }
    return statement;
  }

  private apply(event: RecordedEvent): void {
    const ledgerEvent = asLedgerEvent(event);
    if (!ledgerEvent) return;
    const s = this.statements;
    switch (ledgerEvent.type) {
      case 'PartyRegistered': {
        const identifiers = (ledgerEvent.data as { identifiers?: { pgln?: unknown } }).identifiers;
        const pgln = typeof identifiers?.pgln === 'string' ? identifiers.pgln : null;
        s.putParty.run(ledgerEvent.data.partyId, pgln);
        this.cache.setPartyPgln(ledgerEvent.data.partyId, pgln);
        return;
      }
      case 'FacilityRegistered': {
        const gln = ledgerEvent.data.identifiers?.gln ?? null;
        s.putFacility.run(ledgerEvent.data.facilityId, gln, gln === null ? null : glnOf(gln));
        this.cache.setFacilityGln(ledgerEvent.data.facilityId, gln);
        return;
      }
      case 'EventCorrected':
        this.declare(event, ledgerEvent.data.correctedEventId);
        return;
      case 'LotTransformed':
        if (!isCanonicalTransformationCopy(event, ledgerEvent.data)) {
          // Another copy of one transformation: a correction may name it, so it leads to the canonical row.
          // The canonical copy (first input's stream) is written first, and the store keeps the order of an append.
          const canonical = s.findCopy.get(event.payloadSha256) as { position: bigint } | undefined;
          if (canonical) s.insertLedgerEvent.run(event.eventId, canonical.position);
          return;
        }
        s.insertCopy.run(event.payloadSha256, event.position);
        break;
      default:
        break;
    }
    const rendered = renderCustodyEvent(event, this.directory);
    if (!rendered) return;
    this.insertRendered(event, rendered);
    this.follow(event.position, ledgerEvent);
  }

  private insertRendered(event: RecordedEvent, rendered: RenderedEvent): void {
    const s = this.statements;
    s.insertEvent.run({
      position: event.position,
      eventId: rendered.eventId,
      eventType: rendered.eventType,
      eventTime: instantMicros(rendered.occurredAt, 'occurredAt'),
      recordTime: instantMicros(event.recordedAt, 'recordedAt'),
      recordedAt: event.recordedAt,
      bizStep: rendered.bizStep,
      bizLocation: rendered.bizLocation,
      readPoint: rendered.readPoint,
      errorReason: null,
      declares: null,
      declarationKey: null,
      body: writeJson(rendered.body),
      declaration: null,
    });
    for (const lot of rendered.lots) s.insertEventLot.run(event.position, lot.lotId, lot.role);
    s.readNewEvent.run(event.position);
    s.insertLedgerEvent.run(event.eventId, event.position);
  }

  /** Who may read which lot from now on, and where each lot is: what later renderings need. */
  private follow(position: Position, event: LedgerEvent): void {
    const s = this.statements;
    switch (event.type) {
      case 'LotExtracted':
      case 'LotRecovered': {
        const d = event.data;
        this.addReader(d.custodianId, d.lotId, position);
        this.putLot(d.lotId, { epcClass: epcClassOf(d), grossMassG: d.grossMassG, facilityId: d.facilityId });
        return;
      }
      case 'LotShipped': {
        // The consignee reads the lot from the shipment on: it must be able to receive it.
        this.addReader(event.data.toPartyId, event.data.lotId, position);
        const lot = this.lot(event.data.lotId);
        if (lot) this.putLot(event.data.lotId, { ...lot, facilityId: null });
        return;
      }
      case 'LotReceived': {
        this.addReader(event.data.receiverId, event.data.lotId, position);
        const lot = this.lot(event.data.lotId);
        if (lot) this.putLot(event.data.lotId, { ...lot, grossMassG: event.data.receivedMassG, facilityId: event.data.facilityId });
        return;
      }
      case 'LotTransformed': {
        const d = event.data;
        for (const input of d.inputs) {
          const lot = this.lot(input.lotId);
          if (lot) this.putLot(input.lotId, { ...lot, grossMassG: lot.grossMassG - input.consumedMassG });
        }
        for (const output of d.outputs) {
          this.addReader(d.custodianId, output.lotId, position);
          this.putLot(output.lotId, { epcClass: epcClassOf(output), grossMassG: output.grossMassG, facilityId: d.facilityId });
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * An `EventCorrected` of a rendered event is that event again, recorded at the correction, with
   * its `errorDeclaration`: one row per declaration, though EPCIS capture records it on every copy
   * of a transformation (those share the correction's idempotency key).
   */
  private declare(correction: RecordedEvent, correctedEventId: string): void {
    const s = this.statements;
    const target = s.findLedgerEvent.get(correctedEventId) as { position: bigint } | undefined;
    if (!target) return;
    const original = s.findEvent.get(target.position) as
      | { event_id: string; event_type: string; event_time: number; biz_step: string | null; biz_location: string | null; read_point: string | null; body: string }
      | undefined;
    if (!original) return;
    const { declaration, reasonTerm, correctiveEventIds } = errorDeclarationOf(correction);
    const inserted = s.insertEvent.run({
      position: correction.position,
      eventId: original.event_id,
      eventType: original.event_type,
      eventTime: original.event_time,
      recordTime: instantMicros(correction.recordedAt, 'recordedAt'),
      recordedAt: correction.recordedAt,
      bizStep: original.biz_step,
      bizLocation: original.biz_location,
      readPoint: original.read_point,
      errorReason: reasonTerm,
      declares: target.position,
      declarationKey: correction.idempotencyKey ?? correction.eventId,
      body: original.body,
      declaration: writeJson(declaration),
    });
    if (inserted.changes === 0) return;
    s.copyEventLots.run(correction.position, target.position);
    s.readNewEvent.run(correction.position);
    for (const id of correctiveEventIds) s.insertCorrective.run(id, correction.position);
  }
}

/** An event as served: its body with `recordTime` and, for a declaration, `errorDeclaration`. */
function servedEvent(row: { body: string; recorded_at: string; declaration: string | null }): string {
  const declaration = row.declaration === null ? '' : `,"errorDeclaration":${row.declaration}`;
  return `${row.body.slice(0, -1)},"recordTime":${JSON.stringify(row.recorded_at)}${declaration}}`;
}

function epcClassOf(data: object): string | null {
  const value = (data as { epcClass?: unknown }).epcClass;
  return typeof value === 'string' ? value : null;
}
