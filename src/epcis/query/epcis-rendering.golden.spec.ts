import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EpcisEventIndex } from './epcis-event-index';
import { EPCIS_INDEX_LAYOUT } from './epcis-index-schema';
import { custodyLogRecorded } from './testing/custody-log';

/**
 * Index files record the layout they were built with and are rebuilt when it differs, so a
 * change to the tables or to the rendering must come with a new `EPCIS_INDEX_LAYOUT`. This spec
 * holds the digest of both for each layout: changing either without a new layout fails here.
 * (A change to the fixture log alone changes the digest too; that one is recorded in place.)
 */
const DIGEST_OF_LAYOUT: Record<number, string> = {
  1: 'a35890250fa448d935be2a77d2a122c39eac7153f2b022ef41de25e1149ce389',
};

describe('the EPCIS rendering and index tables belong to their layout', () => {
  it(`are the ones recorded for layout ${EPCIS_INDEX_LAYOUT} (to change them, bump EPCIS_INDEX_LAYOUT and record the new digest under it)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'epcis-golden-'));
    try {
      const index = EpcisEventIndex.open(dir, true);
      index.commit(custodyLogRecorded());
      const dump = index.dump();
      index.close();
      const db = new Database(join(dir, 'epcis-index.sqlite'), { readonly: true });
      const tables = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name").all();
      db.close();
      const digest = createHash('sha256')
        .update(JSON.stringify({ tables, dump }, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)))
        .digest('hex');
      expect(digest).toBe(DIGEST_OF_LAYOUT[EPCIS_INDEX_LAYOUT]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
