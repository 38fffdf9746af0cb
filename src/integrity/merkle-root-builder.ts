import { EMPTY_TREE_ROOT, hashChildren } from './merkle';

interface Subtree {
  /** Number of leaves under this perfect subtree (a power of two). */
  width: number;
  hash: Buffer;
}

/**
 * Streaming RFC 9162 tree head over leaves appended in order. It keeps only the roots of the
 * perfect subtrees that tile the leaves so far (at most one per bit of the size), so memory stays
 * O(log n) however long the log is; used to verify an export offline.
 */
export class MerkleRootBuilder {
  private readonly stack: Subtree[] = [];
  private leaves = 0;

  /** Number of leaves appended so far. */
  get size(): number {
    return this.leaves;
  }

  /** Append the next leaf hash. */
  push(leafHash: Uint8Array): void {
    let node: Subtree = { width: 1, hash: Buffer.from(leafHash) };
    // Equal neighbours merge, like carrying in binary addition of the leaf count.
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].width === node.width) {
      const left = this.stack.pop() as Subtree;
      node = { width: left.width * 2, hash: hashChildren(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.leaves += 1;
  }

  /** Root of all leaves appended so far (RFC 9162 MTH). */
  root(): Buffer {
    if (this.stack.length === 0) return Buffer.from(EMPTY_TREE_ROOT);
    // The right edge folds right to left: MTH = H(P1, H(P2, … Pk)).
    let hash = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i -= 1) hash = hashChildren(this.stack[i].hash, hash);
    return Buffer.from(hash);
  }
}
