/**
 * Signed notes as specified by c2sp.org/signed-note, with Ed25519 signatures (type 0x01):
 *
 *   <text, ending in a newline>
 *   <blank line>
 *   — <key name> <base64(4-byte key ID ‖ 64-byte Ed25519 signature over the text)>
 *
 * key ID = SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4].
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { CheckpointFormatError, CheckpointSignatureError } from './integrity.errors';

const EM_DASH = '\u2014';
const ED25519_TYPE = 0x01;
const ED25519_SIGNATURE_SIZE = 64;
const KEY_ID_SIZE = 4;
/** The spec asks verifiers to accept at least 16 signatures and to bound them. */
const MAX_SIGNATURES = 100;

export interface NoteSignature {
  keyName: string;
  /** 4-byte key ID, big-endian as on the wire. */
  keyId: Buffer;
  signature: Buffer;
}

export interface ParsedNote {
  /** The signed text, including its final newline. */
  text: string;
  signatures: NoteSignature[];
}

export interface NoteSigner {
  keyName: string;
  privateKey: KeyObject;
}

export interface NoteVerifier {
  keyName: string;
  publicKey: KeyObject;
}

/** Key names must be non-empty and hold neither Unicode spaces nor '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** The 32-byte RFC 8032 encoding of an Ed25519 public (or private, via its public half) key. */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new CheckpointSignatureError(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`);
  }
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new CheckpointSignatureError('Ed25519 key has no public part');
  return Buffer.from(jwk.x, 'base64url');
}

/** Ed25519 key ID of c2sp.org/signed-note: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]. */
export function ed25519KeyId(keyName: string, publicKey: KeyObject): Buffer {
  return createHash('sha256')
    .update(keyName, 'utf8')
    .update(Buffer.from([0x0a, ED25519_TYPE]))
    .update(rawEd25519PublicKey(publicKey))
    .digest()
    .subarray(0, KEY_ID_SIZE);
}

function assertNoteCharacters(value: string, what: string): void {
  // Only newline is allowed below U+0020.
  if (/[\u0000-\u0009\u000b-\u001f]/.test(value)) {
    throw new CheckpointFormatError(`${what} contains a control character other than newline`);
  }
}

function strictBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** Sign `text` (which must end in a newline) and return the whole note. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n')) throw new CheckpointFormatError('note text must end with a newline');
  assertNoteCharacters(text, 'note text');
  if (!isValidKeyName(signer.keyName)) throw new CheckpointFormatError(`invalid key name "${signer.keyName}"`);
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  const keyId = ed25519KeyId(signer.keyName, signer.privateKey);
  const blob = Buffer.concat([keyId, signature]).toString('base64');
  return `${text}\n${EM_DASH} ${signer.keyName} ${blob}\n`;
}

/** Split a note into its text and signature lines, checking the format only (no signature is verified). */
export function parseNote(note: string): ParsedNote {
  assertNoteCharacters(note, 'note');
  if (!note.endsWith('\n')) throw new CheckpointFormatError('note must end with a newline');
  // The text is separated from the signatures by the last blank line.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new CheckpointFormatError('note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length === 0 || (lines.length === 1 && lines[0] === '')) {
    throw new CheckpointFormatError('note has no signature lines');
  }
  if (lines.length > MAX_SIGNATURES) throw new CheckpointFormatError(`note has more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (match === null) throw new CheckpointFormatError(`malformed signature line "${line}"`);
    const [, keyName, blob] = match;
    if (!isValidKeyName(keyName)) throw new CheckpointFormatError(`invalid key name "${keyName}"`);
    const bytes = strictBase64(blob);
    if (bytes === null || bytes.length <= KEY_ID_SIZE) {
      throw new CheckpointFormatError(`malformed signature for key "${keyName}"`);
    }
    return { keyName, keyId: bytes.subarray(0, KEY_ID_SIZE), signature: bytes.subarray(KEY_ID_SIZE) };
  });
  return { text, signatures };
}

/**
 * Verify a note with one trusted key and return its text. Signatures from other keys are ignored;
 * the note is rejected when no signature from the key is present or when one of them fails.
 */
export function verifyNote(note: string, verifier: NoteVerifier): string {
  const parsed = parseNote(note);
  const keyId = ed25519KeyId(verifier.keyName, verifier.publicKey);
  const ours = parsed.signatures.filter((s) => s.keyName === verifier.keyName && s.keyId.equals(keyId));
  if (ours.length === 0) {
    throw new CheckpointSignatureError(`note carries no signature from key "${verifier.keyName}" (${keyId.toString('hex')})`);
  }
  const message = Buffer.from(parsed.text, 'utf8');
  for (const s of ours) {
    const valid = s.signature.length === ED25519_SIGNATURE_SIZE && verify(null, message, verifier.publicKey, s.signature);
    if (!valid) throw new CheckpointSignatureError(`signature from key "${verifier.keyName}" does not verify`);
  }
  return parsed.text;
}
