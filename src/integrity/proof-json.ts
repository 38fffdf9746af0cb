/**
 * The JSON shapes of proofs served by `GET /v1/ledger/proofs/inclusion` and
 * `GET /v1/ledger/proofs/consistency`, and their verification from the outside: with only the
 * log's public key, a signed checkpoint and the proof, as an auditor would.
 */
import type { KeyObject } from 'node:crypto';
import type { EventEnvelopeJson } from '../event-store/event-envelope';
import { verifyCheckpoint } from './checkpoint';
import { leafHashOfEnvelope } from './log-entry';
import { HASH_SIZE, verifyConsistency, verifyInclusion } from './merkle';

export interface InclusionProofJson {
  leafIndex: number;
  treeSize: number;
  /** Audit path, leaf side first, standard base64. */
  hashes: string[];
}

export interface ConsistencyProofJson {
  from: number;
  to: number;
  hashes: string[];
}

export function inclusionProofJson(leafIndex: number, treeSize: number, hashes: readonly Uint8Array[]): InclusionProofJson {
  return { leafIndex, treeSize, hashes: hashes.map((h) => Buffer.from(h).toString('base64')) };
}

export function consistencyProofJson(from: number, to: number, hashes: readonly Uint8Array[]): ConsistencyProofJson {
  return { from, to, hashes: hashes.map((h) => Buffer.from(h).toString('base64')) };
}

/** Decoded proof hashes, or null when any is not a canonical base64 SHA-256. */
function decodeHashes(hashes: unknown): Buffer[] | null {
  if (!Array.isArray(hashes)) return null;
  const decoded: Buffer[] = [];
  for (const text of hashes) {
    if (typeof text !== 'string') return null;
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length !== HASH_SIZE || bytes.toString('base64') !== text) return null;
    decoded.push(bytes);
  }
  return decoded;
}

/**
 * True when `event` (as served by the API or exported) is leaf `proof.leafIndex` of the log whose
 * signed `checkpoint` verifies with `publicKey`, and the proof is for that checkpoint's tree size.
 * Throws only for a checkpoint that is malformed or not signed by the key.
 */
export function verifyEventInclusion(
  event: EventEnvelopeJson,
  proof: InclusionProofJson,
  checkpoint: string,
  publicKey: KeyObject | string | Buffer,
): boolean {
  const head = verifyCheckpoint(checkpoint, publicKey);
  const hashes = decodeHashes(proof.hashes);
  if (hashes === null || proof.treeSize !== head.treeSize) return false;
  return verifyInclusion(leafHashOfEnvelope(event), proof.leafIndex, proof.treeSize, hashes, head.rootHash);
}

/**
 * True when the log of signed checkpoint `older` is a prefix of the log of signed checkpoint `newer`
 * (both verified with `publicKey`), as `proof` shows.
 */
export function verifyCheckpointConsistency(
  older: string,
  newer: string,
  proof: ConsistencyProofJson,
  publicKey: KeyObject | string | Buffer,
): boolean {
  const first = verifyCheckpoint(older, publicKey);
  const second = verifyCheckpoint(newer, publicKey, { origin: first.origin });
  const hashes = decodeHashes(proof.hashes);
  if (hashes === null || proof.from !== first.treeSize || proof.to !== second.treeSize) return false;
  return verifyConsistency(first.treeSize, second.treeSize, first.rootHash, second.rootHash, hashes);
}
