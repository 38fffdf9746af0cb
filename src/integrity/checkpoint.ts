/**
 * Signed checkpoints in the c2sp.org/tlog-checkpoint format: a signed note whose text is
 *
 *   <origin>
 *   <tree size, decimal>
 *   <base64 RFC 9162 root hash>
 *   time <RFC 3339 UTC>
 *
 * The time is an extension line. The spec allows extension lines but does not recommend them
 * because log monitors cannot audit them; the issue requires the signed statement to bind the time,
 * so it is the one extension we write. Verifiers read it and keep any other extension lines opaque.
 * The log signs under its origin as key name, as the spec recommends.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { CheckpointFormatError, CheckpointSignatureError } from './integrity.errors';
import { HASH_SIZE } from './merkle';
import { isValidKeyName, signNote, verifyNote } from './signed-note';

export interface Checkpoint {
  /** Identity of the log (also its signing key name). */
  origin: string;
  treeSize: number;
  /** Root of the first `treeSize` leaves, 32 bytes. */
  rootHash: Buffer;
  /** When the log signed it (RFC 3339), from the `time` extension line; null when absent. */
  time: string | null;
  /** Any other extension lines, opaque. */
  extensions: string[];
}

export type CheckpointInput = Omit<Checkpoint, 'extensions'> & { extensions?: string[] };

const TIME_PREFIX = 'time ';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The note text of a checkpoint (what gets signed). */
export function checkpointText(checkpoint: CheckpointInput): string {
  if (checkpoint.origin.length === 0 || checkpoint.origin.includes('\n')) {
    throw new CheckpointFormatError('checkpoint origin must be one non-empty line');
  }
  if (!Number.isSafeInteger(checkpoint.treeSize) || checkpoint.treeSize < 0) {
    throw new CheckpointFormatError(`invalid tree size ${checkpoint.treeSize}`);
  }
  if (checkpoint.rootHash.length !== HASH_SIZE) throw new CheckpointFormatError('root hash must be 32 bytes');
  const lines = [checkpoint.origin, String(checkpoint.treeSize), Buffer.from(checkpoint.rootHash).toString('base64')];
  if (checkpoint.time !== null) {
    if (!RFC3339.test(checkpoint.time)) throw new CheckpointFormatError(`time ${checkpoint.time} is not RFC 3339`);
    lines.push(TIME_PREFIX + checkpoint.time);
  }
  for (const extension of checkpoint.extensions ?? []) {
    if (extension.length === 0 || extension.includes('\n')) {
      throw new CheckpointFormatError('extension lines must be single non-empty lines');
    }
    lines.push(extension);
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** Parse checkpoint note text (already verified, or for display). */
export function parseCheckpointText(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointFormatError('checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointFormatError('checkpoint text needs origin, tree size and root hash');
  if (lines.some((line) => line.length === 0)) throw new CheckpointFormatError('checkpoint text has an empty line');
  const [origin, sizeLine, rootLine, ...rest] = lines;
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine)) throw new CheckpointFormatError(`invalid tree size "${sizeLine}"`);
  const treeSize = Number(sizeLine);
  if (!Number.isSafeInteger(treeSize)) throw new CheckpointFormatError(`tree size ${sizeLine} is too large`);
  const rootHash = Buffer.from(rootLine, 'base64');
  if (rootHash.length !== HASH_SIZE || rootHash.toString('base64') !== rootLine) {
    throw new CheckpointFormatError(`invalid root hash "${rootLine}"`);
  }
  let time: string | null = null;
  const extensions: string[] = [];
  for (const line of rest) {
    if (time === null && line.startsWith(TIME_PREFIX)) {
      time = line.slice(TIME_PREFIX.length);
      if (!RFC3339.test(time)) throw new CheckpointFormatError(`checkpoint time "${time}" is not RFC 3339`);
    } else {
      extensions.push(line);
    }
  }
  return { origin, treeSize, rootHash, time, extensions };
}

/** Sign a checkpoint with the log's Ed25519 key under its origin; returns the signed note. */
export function signCheckpoint(checkpoint: CheckpointInput, privateKey: KeyObject): string {
  if (!isValidKeyName(checkpoint.origin)) {
    throw new CheckpointFormatError(`origin "${checkpoint.origin}" cannot be a key name (no spaces or '+')`);
  }
  return signNote(checkpointText(checkpoint), { keyName: checkpoint.origin, privateKey });
}

/** A public key from a KeyObject or PEM text. */
export function toPublicKey(key: KeyObject | string | Buffer): KeyObject {
  if (typeof key === 'string' || Buffer.isBuffer(key)) {
    try {
      return createPublicKey(key);
    } catch (error) {
      throw new CheckpointSignatureError(`not a usable public key: ${(error as Error).message}`);
    }
  }
  return key.type === 'private' ? createPublicKey(key) : key;
}

export interface VerifyCheckpointOptions {
  /** Expected origin; when given, a checkpoint from another log is rejected. */
  origin?: string;
}

/**
 * Verify a signed checkpoint with the log's public key (KeyObject or PEM) and return its contents.
 * The key name is the checkpoint's own origin, so the verifier needs nothing but the key.
 * Throws `CheckpointFormatError` or `CheckpointSignatureError`.
 */
export function verifyCheckpoint(
  note: string,
  publicKey: KeyObject | string | Buffer,
  options: VerifyCheckpointOptions = {},
): Checkpoint {
  const key = toPublicKey(publicKey);
  // The origin is read before verification only to pick the key name; nothing else is trusted yet.
  const origin = note.slice(0, note.indexOf('\n'));
  if (options.origin !== undefined && origin !== options.origin) {
    throw new CheckpointSignatureError(`checkpoint is from log "${origin}", expected "${options.origin}"`);
  }
  const text = verifyNote(note, { keyName: origin, publicKey: key });
  return parseCheckpointText(text);
}
