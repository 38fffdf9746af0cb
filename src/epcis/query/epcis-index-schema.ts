import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The tables of the EPCIS event index (`<data dir>/epcis-index.sqlite`): one row per EPCIS event
 * (a custody event, or an error declaration of one), with a column per query parameter, the lots
 * each event names (for `MATCH_*` and the reader rule), who may read each lot, and the little
 * master data the rendering needs. Its own file: its own checkpoint and rebuild, and its writes
 * never wait on the provenance read models' lock.
 */

/**
 * The index's layout and rendering, as recorded in the file. Bump it whenever a table or the
 * EPCIS rendering changes: a file of another layout is emptied and built again from the log on
 * open. `epcis-rendering.golden.spec.ts` fails when the rendering changes and this does not.
 */
export const EPCIS_INDEX_LAYOUT = 1;

const TABLES = `
  CREATE TABLE IF NOT EXISTS epcis_index_meta (id INTEGER PRIMARY KEY CHECK (id = 1), layout INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);

  -- One EPCIS event per row, keyed by the log position of the ledger event it renders (the
  -- canonical copy of a transformation; the correction itself for an error declaration).
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    event_time INTEGER NOT NULL,         -- microseconds since the epoch
    record_time INTEGER NOT NULL,        -- microseconds since the epoch
    recorded_at TEXT NOT NULL,           -- recordTime as served
    biz_step TEXT,                       -- bizStepTerm
    biz_location TEXT,                   -- facility id
    read_point TEXT,                     -- facility id
    error_reason TEXT,                   -- errorReasonTerm, when declared with a standard reason
    declares INTEGER,                    -- for an error declaration: the position of the event it declares erroneous
    declaration_key TEXT,                -- one declaration per key, though recorded on several copies
    body TEXT NOT NULL,                  -- the event as served but for recordTime and errorDeclaration
    declaration TEXT                     -- errorDeclaration as served
  );
  -- No index on biz_step: a handful of values, each on a large share of the rows; a scan in
  -- position order (the order pages are served in) finds them as fast.
  CREATE INDEX IF NOT EXISTS events_by_event_id ON events (event_id);
  CREATE INDEX IF NOT EXISTS events_by_biz_location ON events (biz_location);
  CREATE INDEX IF NOT EXISTS events_by_read_point ON events (read_point);
  CREATE INDEX IF NOT EXISTS events_by_event_time ON events (event_time);
  CREATE INDEX IF NOT EXISTS events_by_record_time ON events (record_time);
  CREATE UNIQUE INDEX IF NOT EXISTS declarations ON events (declares, declaration_key) WHERE declares IS NOT NULL;

  CREATE TABLE IF NOT EXISTS event_lots (
    position INTEGER NOT NULL, lot_id TEXT NOT NULL, role TEXT NOT NULL,
    PRIMARY KEY (position, lot_id, role)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS event_lots_by_lot ON event_lots (lot_id, role, position);

  CREATE TABLE IF NOT EXISTS corrective_event_ids (
    corrective_event_id TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (corrective_event_id, position)
  ) WITHOUT ROWID;

  -- The reader rule: a party reads a lot from the position at which it first held it (or was
  -- shipped it) on, and then every event of that lot, earlier ones included.
  CREATE TABLE IF NOT EXISTS lot_readers (
    party_id TEXT NOT NULL, lot_id TEXT NOT NULL, since INTEGER NOT NULL,
    PRIMARY KEY (party_id, lot_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS lot_readers_by_lot ON lot_readers (lot_id);
  -- The same rule per event, so an operator's pages are read in position order from its own rows,
  -- however few of the log's events are its: since = when it could first read the event.
  CREATE TABLE IF NOT EXISTS event_readers (
    party_id TEXT NOT NULL, position INTEGER NOT NULL, since INTEGER NOT NULL,
    PRIMARY KEY (party_id, position)
  ) WITHOUT ROWID;

  -- Every rendered ledger event (each copy of a transformation too) → the row that renders it.
  CREATE TABLE IF NOT EXISTS ledger_events (ledger_event_id TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS transformation_copies (payload_sha256 TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;

  -- Master data the rendering needs.
  CREATE TABLE IF NOT EXISTS parties (party_id TEXT PRIMARY KEY, pgln TEXT) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS facilities (facility_id TEXT PRIMARY KEY, gln TEXT, gln13 TEXT) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS facilities_by_gln ON facilities (gln13);
  CREATE TABLE IF NOT EXISTS lots (lot_id TEXT PRIMARY KEY, epc_class TEXT, gross_g INTEGER NOT NULL, facility_id TEXT) WITHOUT ROWID;
`;

const DATA_TABLES = ['events', 'event_lots', 'corrective_event_ids', 'lot_readers', 'event_readers', 'ledger_events', 'transformation_copies', 'parties', 'facilities', 'lots', 'checkpoint'];

/**
 * Opens (creating when missing) an index file. A writer (`follows`) empties a file of another
 * layout, in one transaction with recording the new one, so the follower builds it again from
 * position zero; a reader only opens what the writer made.
 */
export function openEpcisIndexDatabase(file: string, follows: boolean): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // Rows and checkpoint commit together and the index can always be rebuilt: NORMAL is enough.
  db.pragma('synchronous = NORMAL');
  if (!follows) return db;
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS epcis_index_meta (id INTEGER PRIMARY KEY CHECK (id = 1), layout INTEGER NOT NULL)');
    const row = db.prepare('SELECT layout FROM epcis_index_meta WHERE id = 1').get() as { layout: number } | undefined;
    if (row?.layout !== EPCIS_INDEX_LAYOUT) {
      for (const table of DATA_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
      db.prepare('INSERT INTO epcis_index_meta (id, layout) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET layout = excluded.layout').run(EPCIS_INDEX_LAYOUT);
    }
    db.exec(TABLES);
  })();
  return db;
}
