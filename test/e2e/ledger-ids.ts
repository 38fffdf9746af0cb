import { randomInt } from 'node:crypto';

/**
 * Ids unique to one test ledger. The e2e suite can run against one shared KurrentDB
 * (`LEDGER_E2E_STORE=kurrentdb KURRENTDB_URL=… npx jest test/e2e`), where every test ledger of
 * every test file, and of every earlier run, writes into the same log, and the store keeps a
 * party, facility, lot or idempotency key forever. So a test never writes a literal id: it writes
 * `ids('AU-SPOD-1')` (→ `AU-SPOD-1-kqzmfwte`), and asserts on the same expression. Make one set
 * per `describe`, hand it to `startTestLedger({ ids })`, or use `ledger.ids` once the ledger runs.
 * `ids.mineral('rare-earths')` does the same for a mineral name (letters and dashes only), for the
 * one list every ledger shares, the Annex. Every file under test/e2e does this; a ledger started
 * without `ids` writes its ids as given (`plainIds`).
 */
export interface LedgerIds {
  (base: string): string;
  mineral(base: string): string;
  /** The suffix itself: letters only, fit for ids, mineral names and the demo's run tag. */
  readonly tag: string;
}

/** Ids as written, for tests that never meet a shared log (the default of `startTestLedger`). */
export const plainIds: LedgerIds = Object.assign((base: string) => base, { mineral: (base: string) => base, tag: '' });

export function ledgerIds(): LedgerIds {
  const tag = Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('');
  const ids = ((base: string) => `${base}-${tag}`) as LedgerIds;
  ids.mineral = (base: string) => `${base}-${tag}`;
  Object.defineProperty(ids, 'tag', { value: tag });
  return ids;
}
