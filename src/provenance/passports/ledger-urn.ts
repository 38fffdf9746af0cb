/**
 * The ledger's own identifiers as URNs, for the passport fields whose models ask for a URI (UNTP
 * ids, links): `urn:critical-minerals-ledger:<kind>:<id>`. Ids are the ledger's id pattern, so they
 * need no escaping beyond what encodeURIComponent does for safety.
 */
export function ledgerUrn(kind: 'lot' | 'party' | 'facility' | 'certification' | 'dossier' | 'passport', id: string): string {
  return `urn:critical-minerals-ledger:${kind}:${encodeURIComponent(id)}`;
}
