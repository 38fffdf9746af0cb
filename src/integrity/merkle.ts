/**
 * RFC 9162 (Certificate Transparency v2, same tree as RFC 6962) Merkle tree hashing and proofs.
 *
 * Proof generation is written against a `NodeReader`: a function returning the hash of an aligned
 * perfect subtree (level `l`, index `i` covers leaves [i·2^l, (i+1)·2^l)). The persistent log
 * stores exactly those nodes, so every tree head and proof is a handful of key lookups; tests and
 * small callers can use `nodeReaderOfLeaves` over an array instead.
 *
 * Tree sizes and indexes are JavaScript numbers (safe up to 2^53 leaves); the arithmetic below
 * avoids 32-bit bitwise operators for that reason.
 */
import { createHash, hash, timingSafeEqual } from 'node:crypto';
import { TreeSizeOutOfRangeError } from './integrity.errors';

export const HASH_SIZE = 32;

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT: Buffer = createHash('sha256').digest();

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** Leaf hash: SHA-256(0x00 ‖ entry). */
export function hashLeaf(entry: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(entry).digest();
}

/** Leaf hash of an entry given as text (its UTF-8 bytes), hashed in one call. */
export function hashLeafOfText(entry: string): Buffer {
  const bytes = Buffer.allocUnsafe(1 + Buffer.byteLength(entry, 'utf8'));
  bytes[0] = LEAF_PREFIX[0];
  bytes.write(entry, 1, 'utf8');
  return hash('sha256', bytes, 'buffer');
}

/** Interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** Hash of the aligned perfect subtree at `level` and `index` (level 0 = the leaf hashes). */
export type NodeReader = (level: number, index: number) => Buffer;

/** Largest power of two strictly smaller than n (n ≥ 2): the RFC's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

function log2Exact(p: number): number {
  let level = 0;
  while (p > 1) {
    p /= 2;
    level += 1;
  }
  return level;
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TreeSizeOutOfRangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
}

/** MTH(D[start:end]) read from stored perfect subtrees; aligned ranges cost one lookup per set bit. */
export function rangeHash(read: NodeReader, start: number, end: number): Buffer {
  const length = end - start;
  if (length <= 0) throw new TreeSizeOutOfRangeError(`empty range [${start}, ${end})`);
  if (isPowerOfTwo(length) && start % length === 0) return read(log2Exact(length), start / length);
  const k = splitPoint(length);
  return hashChildren(rangeHash(read, start, start + k), rangeHash(read, start + k, end));
}

/** Tree head: the root of the first `treeSize` leaves. */
export function treeRoot(read: NodeReader, treeSize: number): Buffer {
  assertSize('treeSize', treeSize);
  return treeSize === 0 ? Buffer.from(EMPTY_TREE_ROOT) : rangeHash(read, 0, treeSize);
}

/** Audit path PATH(m, D[n]) of RFC 9162 §2.1.3.1, leaf-side first. */
export function inclusionProof(read: NodeReader, leafIndex: number, treeSize: number): Buffer[] {
  assertSize('leafIndex', leafIndex);
  assertSize('treeSize', treeSize);
  if (leafIndex >= treeSize) {
    throw new TreeSizeOutOfRangeError(`leaf index ${leafIndex} is not in a tree of size ${treeSize}`);
  }
  // Walk from the root down, collecting siblings; the RFC lists them from the leaf up.
  const siblings: Buffer[] = [];
  let start = 0;
  let end = treeSize;
  let m = leafIndex;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      siblings.push(rangeHash(read, start + k, end));
      end = start + k;
    } else {
      siblings.push(rangeHash(read, start, start + k));
      start += k;
      m -= k;
    }
  }
  return siblings.reverse();
}

/** Consistency proof PROOF(m, D[n]) of RFC 9162 §2.1.4.1; empty when m is 0 or m = n. */
export function consistencyProof(read: NodeReader, fromSize: number, toSize: number): Buffer[] {
  assertSize('fromSize', fromSize);
  assertSize('toSize', toSize);
  if (fromSize > toSize) {
    throw new TreeSizeOutOfRangeError(`no consistency proof from size ${fromSize} to smaller size ${toSize}`);
  }
  if (fromSize === 0 || fromSize === toSize) return [];
  const nodes: Buffer[] = [];
  let start = 0;
  let end = toSize;
  let m = fromSize;
  // `whole` is the RFC's flag b: true while the old tree is still the left edge of the new one.
  let whole = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      nodes.push(rangeHash(read, start + k, end));
      end = start + k;
    } else {
      nodes.push(rangeHash(read, start, start + k));
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) nodes.push(rangeHash(read, start, end));
  return nodes.reverse();
}

function isHash(value: Uint8Array): boolean {
  return value.length === HASH_SIZE;
}

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return isHash(a) && isHash(b) && timingSafeEqual(a, b);
}

/**
 * The root an inclusion proof implies (RFC 9162 §2.1.3.2), or null when the proof is malformed for
 * the given index and size.
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  leafIndex: number,
  treeSize: number,
  proof: readonly Uint8Array[],
): Buffer | null {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize)) return null;
  if (leafIndex < 0 || leafIndex >= treeSize || !isHash(leafHash)) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0 || !isHash(p)) return null;
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      // Skip the levels where this node is a lone right edge with no sibling.
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

/** True when `proof` shows leaf `leafHash` at `leafIndex` in the tree of `treeSize` with `root`. */
export function verifyInclusion(
  leafHash: Uint8Array,
  leafIndex: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafHash, leafIndex, treeSize, proof);
  return computed !== null && sameHash(computed, root);
}

/**
 * True when `proof` shows the tree of `fromSize` with `fromRoot` is a prefix of the tree of
 * `toSize` with `toRoot` (RFC 9162 §2.1.4.2). Sizes 0 and equal sizes need an empty proof.
 */
export function verifyConsistency(
  fromSize: number,
  toSize: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(fromSize) || !Number.isSafeInteger(toSize)) return false;
  if (fromSize < 0 || fromSize > toSize) return false;
  if (fromSize === toSize) return proof.length === 0 && sameHash(fromRoot, toRoot);
  if (fromSize === 0) return proof.length === 0;
  if (proof.length === 0 || !proof.every(isHash)) return false;

  const path: Uint8Array[] = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof];
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameHash(fr, fromRoot) && sameHash(sr, toRoot);
}

/**
 * A NodeReader over leaf hashes held in memory. Each lookup recomputes its subtree, so it suits
 * tests and small trees; the persistent log stores the nodes instead.
 */
export function nodeReaderOfLeaves(leafHashes: readonly Uint8Array[]): NodeReader {
  const read: NodeReader = (level, index) => {
    const width = 2 ** level;
    const start = index * width;
    if (start + width > leafHashes.length) {
      throw new TreeSizeOutOfRangeError(`no complete subtree at level ${level}, index ${index}`);
    }
    if (level === 0) return Buffer.from(leafHashes[start]);
    return hashChildren(read(level - 1, index * 2), read(level - 1, index * 2 + 1));
  };
  return read;
}
