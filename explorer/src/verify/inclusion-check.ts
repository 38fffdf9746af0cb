import canonicalize from 'canonicalize';

/**
 * The regulator's check, done where the regulator is: an event's Merkle leaf recomputed from its
 * envelope (RFC 8785 canonical JSON, RFC 9162 leaf hash), the audit path walked up to a root, the
 * root compared with a checkpoint whose Ed25519 signature (c2sp.org/signed-note) is verified
 * against the log's public key. Everything through WebCrypto; nothing here trusts the server's word.
 */

/** Bytes over an ordinary ArrayBuffer: what WebCrypto takes. */
type Bytes = Uint8Array<ArrayBuffer>;
/** WebCrypto as the browser (and Node, where the tests run this file) has it. */
type Subtle = typeof globalThis.crypto.subtle;

export interface ParsedCheckpoint {
  /** The signed text (up to and with its last newline, before the blank line). */
  text: string;
  origin: string;
  treeSize: number;
  rootHash: Bytes;
  time: string | null;
  signatures: { keyName: string; keyId: Bytes; signature: Bytes }[];
}

export type SignatureCheck = 'valid' | 'invalid' | 'no-signature-by-this-key' | 'unsupported';

export interface InclusionCheck {
  leafHash: string;
  computedRoot: string | null;
  checkpointRoot: string;
  included: boolean;
}

const encoder = new TextEncoder();

export function base64ToBytes(text: string): Bytes {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function bytesToBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

export function bytesToHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A checkpoint note: origin, tree size, base64 root, optional `time` line; signatures after the blank line. */
export function parseCheckpoint(note: string): ParsedCheckpoint {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('not a signed note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const [origin, size, root, ...rest] = text.slice(0, -1).split('\n');
  if (!/^(0|[1-9]\d*)$/.test(size ?? '')) throw new Error(`not a checkpoint: tree size "${size}"`);
  const rootHash = base64ToBytes(root ?? '');
  if (rootHash.length !== 32) throw new Error('not a checkpoint: the root hash is not 32 bytes');
  const time = rest.find((line) => line.startsWith('time '))?.slice(5) ?? null;
  const signatures = note
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => {
      const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
      if (!match) throw new Error(`malformed signature line "${line}"`);
      const blob = base64ToBytes(match[2]);
      return { keyName: match[1], keyId: blob.slice(0, 4), signature: blob.slice(4) };
    });
  return { text, origin, treeSize: Number(size), rootHash, time, signatures };
}

/** The raw 32-byte key inside an Ed25519 SubjectPublicKeyInfo PEM (its last 32 bytes). */
export function rawEd25519Key(pem: string): Bytes {
  const der = base64ToBytes(pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, ''));
  if (der.length !== 44) throw new Error('not an Ed25519 public key');
  return der.slice(12);
}

/**
 * Verifies the checkpoint's signature by the log's key: its key ID must be
 * SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], its signature Ed25519 over the note text.
 * 'unsupported' when this browser's WebCrypto has no Ed25519.
 */
export async function checkSignature(checkpoint: ParsedCheckpoint, publicKeyPem: string, subtle: Subtle = crypto.subtle): Promise<SignatureCheck> {
  const raw = rawEd25519Key(publicKeyPem);
  const mine = [];
  for (const s of checkpoint.signatures) {
    const id = new Uint8Array(await subtle.digest('SHA-256', concat(encoder.encode(s.keyName), new Uint8Array([0x0a, 0x01]), raw))).slice(0, 4);
    if (s.keyName === checkpoint.origin && equal(id, s.keyId)) mine.push(s);
  }
  if (mine.length === 0) return 'no-signature-by-this-key';
  let key: Awaited<ReturnType<Subtle['importKey']>>;
  try {
    key = await subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return 'unsupported';
  }
  for (const s of mine) {
    if (s.signature.length !== 64 || !(await subtle.verify({ name: 'Ed25519' }, key, s.signature, encoder.encode(checkpoint.text)))) return 'invalid';
  }
  return 'valid';
}

/** RFC 9162 leaf hash of an event: SHA-256(0x00 ‖ UTF-8 of its envelope's RFC 8785 canonical JSON). */
export async function leafHashOf(envelope: object, subtle: Subtle = crypto.subtle): Promise<Bytes> {
  const entry = encoder.encode(canonicalize(envelope) ?? '');
  return new Uint8Array(await subtle.digest('SHA-256', concat(new Uint8Array([0x00]), entry)));
}

/** The root an audit path implies (RFC 9162 §2.1.3.2), or null when the path does not fit the index and size. */
export async function rootFromInclusionProof(
  leafHash: Bytes,
  leafIndex: number,
  treeSize: number,
  proof: Bytes[],
  subtle: Subtle = crypto.subtle,
): Promise<Bytes | null> {
  if (leafIndex < 0 || leafIndex >= treeSize) return null;
  const node = async (left: Bytes, right: Bytes) => new Uint8Array(await subtle.digest('SHA-256', concat(new Uint8Array([0x01]), left, right)));
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0 || p.length !== 32) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await node(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await node(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** Whether the envelope is the leaf the proof places in the checkpoint's tree. */
export async function checkInclusion(
  envelope: object,
  proof: { leafIndex: number; treeSize: number; hashes: string[] },
  checkpoint: ParsedCheckpoint,
  subtle: Subtle = crypto.subtle,
): Promise<InclusionCheck> {
  const leaf = await leafHashOf(envelope, subtle);
  const computed =
    proof.treeSize === checkpoint.treeSize ? await rootFromInclusionProof(leaf, proof.leafIndex, proof.treeSize, proof.hashes.map(base64ToBytes), subtle) : null;
  return {
    leafHash: bytesToHex(leaf),
    computedRoot: computed && bytesToHex(computed),
    checkpointRoot: bytesToHex(checkpoint.rootHash),
    included: computed !== null && equal(computed, checkpoint.rootHash),
  };
}

function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
