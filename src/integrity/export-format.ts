/**
 * The ledger export file (`ledger export`), version 1: NDJSON, UTF-8, one JSON object per line,
 * each line ending in "\n".
 *
 * Line 1, the header:
 *   {"format":"critical-minerals-ledger-export","version":1,"treeSize":N,"checkpoint":"<signed note>"}
 *   `checkpoint` is the ledger's signed checkpoint (c2sp.org/tlog-checkpoint text, see
 *   checkpoint.ts) for exactly the N events that follow; `treeSize` repeats its size so a reader
 *   can size a progress bar before verifying anything.
 *
 * Lines 2 … N+1, one per event of the global log in order, leaf index i on line i+2:
 *   {"leafIndex":i,"leafHash":"<base64 SHA-256>","event":<envelope>}
 *   `event` is the event exactly as `GET /v1/ledger/events` presents it (EventEnvelopeJson). Its
 *   Merkle leaf is SHA-256(0x00 ‖ RFC 8785 canonical JSON of `event`). `leafHash` is the leaf hash
 *   the ledger's Merkle log recorded when the event was first logged, not one recomputed at export
 *   time: the verifier recomputes the leaf from `event` and compares, which lets it name the exact
 *   entry whose content changed after it was logged. The leaf hashes are not trusted on their own;
 *   only the recomputed root checked against the signed checkpoint is.
 *
 * Nothing follows line N+1. A reader needs only the file, the log's public key and, optionally,
 * checkpoints it held earlier.
 */
import type { EventEnvelopeJson } from '../event-store/event-envelope';

export const EXPORT_FORMAT = 'critical-minerals-ledger-export';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  treeSize: number;
  /** The signed checkpoint note covering exactly the exported entries. */
  checkpoint: string;
}

export interface ExportEntry {
  leafIndex: number;
  /** Base64 of the leaf hash recorded by the Merkle log. */
  leafHash: string;
  event: EventEnvelopeJson;
}

/** The header line, with its trailing newline. */
export function exportHeaderLine(treeSize: number, checkpoint: string): string {
  const header: ExportHeader = { format: EXPORT_FORMAT, version: EXPORT_VERSION, treeSize, checkpoint };
  return `${JSON.stringify(header)}\n`;
}

/** One entry line, with its trailing newline. */
export function exportEntryLine(leafIndex: number, leafHash: Uint8Array, event: EventEnvelopeJson): string {
  const entry: ExportEntry = { leafIndex, leafHash: Buffer.from(leafHash).toString('base64'), event };
  return `${JSON.stringify(entry)}\n`;
}
