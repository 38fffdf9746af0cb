/**
 * Offline verification of a ledger export (format: export-format.ts) with nothing but the file,
 * the log's public key and any checkpoints the verifier held earlier. It streams the file line by
 * line and keeps only a compact Merkle range, so memory stays constant however long the log is.
 *
 * Checks, in file order, stopping at the first failure and naming it:
 *  - the header's checkpoint verifies with the public key, and every held checkpoint does too;
 *  - each entry is well-formed and carries the next leaf index;
 *  - positions strictly increase;
 *  - each payloadSha256 matches the RFC 8785 hash of the payload;
 *  - each recomputed leaf equals the leaf hash the log recorded for it;
 *  - after each held checkpoint's size, the recomputed root equals its root (the earlier log is a
 *    prefix of this one: computing the old root from the leaves is the strongest consistency check);
 *  - the file holds exactly the checkpoint's tree size of entries, and their root is its root.
 */
import { createReadStream, statSync, type ReadStream } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { canonicalJson, sameJsonValue } from '../event-store/canonical-json';
import type { EventEnvelopeJson } from '../event-store/event-envelope';
import { sha256Hex } from '../event-store/payload-hash';
import { toPublicKey, verifyCheckpoint, type Checkpoint } from './checkpoint';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export-format';
import { IntegrityError } from './integrity.errors';
import { leafHashOfEnvelopeWithPayload } from './log-entry';
import { EMPTY_TREE_ROOT, HASH_SIZE } from './merkle';
import { MerkleRootBuilder } from './merkle-root-builder';
import { verifyExportInThread } from './verify-export-in-thread';

export type ExportFailureReason =
  | 'malformed-header'
  | 'checkpoint-invalid'
  | 'held-checkpoint-invalid'
  | 'held-checkpoint-beyond-export'
  | 'malformed-entry'
  | 'leaf-index-mismatch'
  | 'position-not-increasing'
  | 'payload-hash-mismatch'
  | 'leaf-hash-mismatch'
  | 'held-checkpoint-inconsistent'
  | 'truncated'
  | 'extra-entries'
  | 'root-mismatch';

export interface ExportVerificationFailure {
  reason: ExportFailureReason;
  message: string;
  /** 1-based line of the file where the failure shows, when it is tied to one. */
  lineNumber: number | null;
  leafIndex: number | null;
  eventId: string | null;
}

export interface HeldCheckpointResult {
  treeSize: number;
  rootHash: Buffer;
  time: string | null;
  consistent: boolean | null;
}

export interface ExportVerificationResult {
  ok: boolean;
  /** The export's own checkpoint, once its signature verified. */
  checkpoint: Checkpoint | null;
  /** Entries that passed every per-entry check. */
  entriesVerified: number;
  /** Root recomputed from all entries, when the whole file was read. */
  rootHash: Buffer | null;
  /** Held checkpoints in size order; `consistent` is null when verification stopped before reaching one. */
  held: HeldCheckpointResult[];
  failure: ExportVerificationFailure | null;
}

export interface ExportVerificationProgress {
  entriesVerified: number;
  /** Entries the checkpoint covers (0 until the header is read). */
  treeSize: number;
  bytesRead: number;
  /** File size when verifying a path, else null. */
  totalBytes: number | null;
}

export interface VerifyExportOptions {
  /** The log's Ed25519 public key (KeyObject or PEM). */
  publicKey: KeyObject | string | Buffer;
  /** Signed checkpoint notes the verifier held from earlier. */
  heldCheckpoints?: string[];
  /** Expected log origin; default: whatever the export's checkpoint says. */
  origin?: string;
  onProgress?: (progress: ExportVerificationProgress) => void;
  /** Progress is reported every this many entries, and once at the end. */
  progressEvery?: number;
  /**
   * Receives every entry that passed its per-entry checks, in order, e.g. to run the projections in
   * the same pass. The whole-log checks come only at the end, so results count once `ok` is true.
   */
  onEvent?: (event: EventEnvelopeJson, leafIndex: number) => void | Promise<void>;
}

class Failure extends Error {
  constructor(readonly detail: ExportVerificationFailure) {
    super(detail.message);
  }
}

function fail(
  reason: ExportFailureReason,
  message: string,
  at: { lineNumber?: number | null; leafIndex?: number | null; eventId?: string | null } = {},
): never {
  throw new Failure({
    reason,
    message,
    lineNumber: at.lineNumber ?? null,
    leafIndex: at.leafIndex ?? null,
    eventId: at.eventId ?? null,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ENVELOPE_FIELDS: [keyof EventEnvelopeJson, (v: unknown) => boolean][] = [
  ['eventId', (v) => typeof v === 'string' && v.length > 0],
  ['type', (v) => typeof v === 'string' && v.length > 0],
  ['streamId', (v) => typeof v === 'string' && v.length > 0],
  ['streamRevision', (v) => Number.isSafeInteger(v) && (v as number) >= 0],
  ['position', (v) => typeof v === 'string' && /^(0|[1-9][0-9]*)$/.test(v)],
  ['recordedAt', (v) => typeof v === 'string'],
  ['occurredAt', (v) => typeof v === 'string'],
  ['actorPartyId', (v) => typeof v === 'string'],
  ['idempotencyKey', (v) => v === null || typeof v === 'string'],
  ['schemaVersion', (v) => Number.isSafeInteger(v)],
  ['payloadSha256', (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)],
  ['data', isObject],
];

/** A payload with its canonical JSON and that text's hash. */
interface CanonicalPayload {
  data: unknown;
  text: string;
  sha256: string;
}

function canonicalPayload(data: unknown): CanonicalPayload {
  const text = canonicalJson(data);
  return { data, text, sha256: sha256Hex(text) };
}

/** Best effort to name an entry whose line could not be parsed (e.g. cut off mid-line). */
function eventIdIn(line: string): string | null {
  return /"eventId"\s*:\s*"([^"\\]+)"/.exec(line)?.[1] ?? null;
}

function decodeHash(text: unknown): Buffer | null {
  if (typeof text !== 'string') return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === HASH_SIZE && bytes.toString('base64') === text ? bytes : null;
}

function openCheckpoint(
  note: string,
  publicKey: KeyObject,
  origin: string | undefined,
  reason: ExportFailureReason,
  what: string,
): Checkpoint {
  try {
    return verifyCheckpoint(note, publicKey, { origin });
  } catch (error) {
    if (error instanceof IntegrityError) fail(reason, `${what} does not verify: ${error.message}`);
    throw error;
  }
}

/**
 * Verify an export file (path) or stream; never throws for a bad export, only for I/O errors.
 * A file whose entries are also handed to `onEvent` is read, parsed and hashed on a thread of its
 * own (`export-verifier-thread.ts`) while this thread takes the entries it verified, in order.
 */
export async function verifyExport(
  source: string | Readable,
  options: VerifyExportOptions,
): Promise<ExportVerificationResult> {
  if (typeof source === 'string' && options.onEvent) return verifyExportInThread(source, options);
  const onEvent = options.onEvent;
  return verifyEntries(source, options, onEvent ? (_line, event, leafIndex) => onEvent(event, leafIndex) : undefined);
}

/**
 * The checks themselves, on this thread; `onEntry` receives every entry that passed its own
 * checks, as its line and its parsed event.
 */
export async function verifyEntries(
  source: string | Readable,
  options: Omit<VerifyExportOptions, 'onEvent'>,
  onEntry?: (line: string, event: EventEnvelopeJson, leafIndex: number, samePayloadAsPrevious: boolean) => void | Promise<void>,
): Promise<ExportVerificationResult> {
  const publicKey = toPublicKey(options.publicKey);
  const progressEvery = options.progressEvery ?? 1000;
  const input: Readable = typeof source === 'string' ? createReadStream(source) : source;
  const totalBytes = typeof source === 'string' ? statSync(source).size : null;
  const bytesRead = () => (input as ReadStream).bytesRead ?? 0;

  const result: ExportVerificationResult = {
    ok: false,
    checkpoint: null,
    entriesVerified: 0,
    rootHash: null,
    held: [],
    failure: null,
  };
  let treeSize = 0;
  const report = () =>
    options.onProgress?.({ entriesVerified: result.entriesVerified, treeSize, bytesRead: bytesRead(), totalBytes });

  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    const builder = new MerkleRootBuilder();
    let lineNumber = 0;
    let nextHeld = 0;
    let previousPosition: bigint | null = null;
    let previousPayload: CanonicalPayload | null = null;
    let checkpoint: Checkpoint | null = null;

    const checkHeldAt = (size: number, at: { lineNumber: number | null; leafIndex: number | null; eventId: string | null }) => {
      while (nextHeld < result.held.length && result.held[nextHeld].treeSize === size) {
        const held = result.held[nextHeld];
        const root = size === 0 ? EMPTY_TREE_ROOT : builder.root();
        held.consistent = root.equals(held.rootHash);
        if (!held.consistent) {
          fail(
            'held-checkpoint-inconsistent',
            `the first ${size} entries do not reproduce the held checkpoint of size ${size}` +
              `${held.time ? ` (signed ${held.time})` : ''}: an entry at or before leaf ${size - 1} was altered, ` +
              'removed, inserted or reordered since that checkpoint was signed',
            at,
          );
        }
        nextHeld += 1;
      }
    };

    for await (const line of lines) {
      lineNumber += 1;
      if (lineNumber === 1) {
        let header: unknown;
        try {
          header = JSON.parse(line);
        } catch {
          fail('malformed-header', 'line 1 is not a JSON export header', { lineNumber });
        }
        if (!isObject(header) || header.format !== EXPORT_FORMAT || header.version !== EXPORT_VERSION) {
          fail('malformed-header', `line 1 is not a ${EXPORT_FORMAT} version ${EXPORT_VERSION} header`, { lineNumber });
        }
        if (typeof header.checkpoint !== 'string') fail('malformed-header', 'header has no checkpoint', { lineNumber });
        checkpoint = openCheckpoint(header.checkpoint, publicKey, options.origin, 'checkpoint-invalid', "the export's checkpoint");
        if (header.treeSize !== checkpoint.treeSize) {
          fail('malformed-header', `header says ${String(header.treeSize)} entries, its checkpoint ${checkpoint.treeSize}`, {
            lineNumber,
          });
        }
        result.checkpoint = checkpoint;
        treeSize = checkpoint.treeSize;
        const origin = checkpoint.origin;
        result.held = (options.heldCheckpoints ?? [])
          .map((note, i) => openCheckpoint(note, publicKey, origin, 'held-checkpoint-invalid', `held checkpoint #${i + 1}`))
          .map((c) => ({ treeSize: c.treeSize, rootHash: c.rootHash, time: c.time, consistent: null as boolean | null }))
          .sort((a, b) => a.treeSize - b.treeSize);
        const ahead = result.held.find((h) => h.treeSize > treeSize);
        if (ahead !== undefined) {
          fail(
            'held-checkpoint-beyond-export',
            `a held checkpoint covers ${ahead.treeSize} entries but the export's checkpoint only ${treeSize}: ` +
              'the log has lost entries since',
          );
        }
        checkHeldAt(0, { lineNumber: null, leafIndex: null, eventId: null });
        report();
        continue;
      }

      const leafIndex = lineNumber - 2;
      const named = { lineNumber, leafIndex, eventId: eventIdIn(line) };
      if (leafIndex >= treeSize) {
        fail('extra-entries', `line ${lineNumber} is beyond the ${treeSize} entries the checkpoint covers`, named);
      }
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        fail('malformed-entry', `line ${lineNumber} is not valid JSON (cut off or edited)`, named);
      }
      if (!isObject(entry) || !isObject(entry.event)) {
        fail('malformed-entry', `line ${lineNumber} is not an export entry`, named);
      }
      const event = entry.event as unknown as EventEnvelopeJson;
      for (const [field, valid] of ENVELOPE_FIELDS) {
        if (!valid(event[field])) fail('malformed-entry', `line ${lineNumber}: event field "${field}" is missing or invalid`, named);
      }
      const at = { lineNumber, leafIndex, eventId: event.eventId };
      if (entry.leafIndex !== leafIndex) {
        fail(
          'leaf-index-mismatch',
          `line ${lineNumber} (event ${event.eventId}) carries leaf index ${String(entry.leafIndex)} where ${leafIndex} ` +
            'belongs: an entry was removed, inserted or moved',
          at,
        );
      }
      const recordedLeaf = decodeHash(entry.leafHash);
      if (recordedLeaf === null) fail('malformed-entry', `line ${lineNumber}: leafHash is not a base64 SHA-256`, at);
      const position = BigInt(event.position);
      if (previousPosition !== null && position <= previousPosition) {
        fail(
          'position-not-increasing',
          `event ${event.eventId} at position ${position} does not come after position ${previousPosition}: entries were reordered or duplicated`,
          at,
        );
      }
      // The copies of one transformation are neighbours with the same payload: canonicalised once.
      const samePayload = previousPayload !== null && sameJsonValue(event.data, previousPayload.data);
      const payload: CanonicalPayload = samePayload && previousPayload !== null ? previousPayload : canonicalPayload(event.data);
      if (payload.sha256 !== event.payloadSha256) {
        fail('payload-hash-mismatch', `event ${event.eventId}: its payload does not match its payloadSha256 (the payload was altered)`, at);
      }
      previousPayload = payload;
      const leaf = leafHashOfEnvelopeWithPayload(event, payload.text);
      if (!leaf.equals(recordedLeaf)) {
        fail(
          'leaf-hash-mismatch',
          `event ${event.eventId} differs from the leaf the Merkle log recorded at index ${leafIndex}: ` +
            'it was altered after it was logged, or an event before it was removed or inserted',
          at,
        );
      }
      builder.push(leaf);
      previousPosition = position;
      result.entriesVerified += 1;
      checkHeldAt(builder.size, at);
      if (onEntry) {
        const pending = onEntry(line, event, leafIndex, samePayload);
        if (pending) await pending;
      }
      if (result.entriesVerified % progressEvery === 0) report();
    }

    if (lineNumber === 0) fail('malformed-header', 'the export is empty');
    if (builder.size < treeSize) {
      fail(
        'truncated',
        `the export ends after ${builder.size} of the ${treeSize} entries its checkpoint covers: ` +
          `the entries from leaf ${builder.size} on are missing`,
        { lineNumber: lineNumber + 1, leafIndex: builder.size },
      );
    }
    result.rootHash = builder.root();
    if (checkpoint !== null && !result.rootHash.equals(checkpoint.rootHash)) {
      fail(
        'root-mismatch',
        `the ${treeSize} entries do not hash to the checkpoint's root: the recorded leaf hashes were rewritten ` +
          'along with the entries, or entries were removed and renumbered',
      );
    }
    result.ok = true;
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    result.failure = error.detail;
  } finally {
    lines.close();
    input.destroy();
  }
  report();
  return result;
}
