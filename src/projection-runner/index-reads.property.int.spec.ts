import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexQuery } from '../../projections/projection';
import { projectInMemory, provenanceProjections } from '../../projections/provenance-projections';
import { LOT_SEARCH } from '../../projections/search-index.projection';
import { buildSupplyChain, supplyChainSteps } from '../../projections/testing/supply-chain.arbitrary';
import { SqliteReadModel } from './sqlite-read-model';

/** The terms a dump shows for the lot index (`lot-search#<term>->…`). */
function termsIn(links: string[]): string[] {
  return [...new Set(links.filter((l) => l.startsWith(`${LOT_SEARCH}#`)).map((l) => l.slice(LOT_SEARCH.length + 1, l.indexOf('->'))))].sort();
}

describe('search index on SQLite', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'index-reads-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds what the in-memory fold finds, for any query as of any position, folded in batches of any size', () => {
    let run = 0;
    fc.assert(
      fc.property(supplyChainSteps, fc.integer({ min: 1, max: 7 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 8, maxLength: 8 }), (steps, batch, picks) => {
        const events = buildSupplyChain(steps).events;
        const memory = projectInMemory(events);
        const sqlite = new SqliteReadModel(join(dir, `read-models-${run++}.sqlite`), provenanceProjections);
        try {
          for (let i = 0; i < events.length; i += batch) sqlite.applyBatch(events.slice(i, i + batch));
          const terms = termsIn(memory.dump().links);
          const keys = memory.findAt(LOT_SEARCH, { terms: ['*'], limit: 1000 }, BigInt(events.length));
          for (const [a, b, c, d, e] of picks) {
            const asOf = BigInt(1 + (a % events.length));
            const query: IndexQuery = {
              terms: [terms[a % terms.length], ...(b % 3 === 0 ? [terms[b % terms.length]] : [])],
              ...(c % 4 === 0 ? { without: [terms[c % terms.length]] } : {}),
              ...(d % 3 === 0 && keys.length > 0 ? { after: keys[d % keys.length] } : {}),
              ...(d % 5 === 1 && keys.length > 0 ? { keyPrefix: keys[e % keys.length].slice(0, 4) } : {}),
              ...(e % 4 === 0 ? { from: '2026-01-01T00:00:10.000Z' } : {}),
              ...(e % 3 === 0 ? { to: '2026-01-01T00:00:20.000Z' } : {}),
              limit: 1 + (e % 6),
            };
            expect({ query, found: sqlite.findAt(LOT_SEARCH, query, asOf) }).toEqual({ query, found: memory.findAt(LOT_SEARCH, query, asOf) });
          }
          expect(sqlite.dump()).toEqual(memory.dump());
          // The counts the queries choose a term to walk by are the open spans' counts.
          const db = new Database(sqlite.file, { readonly: true });
          const open = db.prepare(`SELECT term, count(*) AS keys FROM open_terms_lot_search GROUP BY term ORDER BY term`).all();
          const counted = db.prepare(`SELECT term, keys FROM term_counts_lot_search WHERE keys <> 0 ORDER BY term`).all();
          db.close();
          expect(counted).toEqual(open);
        } finally {
          sqlite.close();
        }
      }),
      { numRuns: 25, seed: 13 },
    );
  });
});
