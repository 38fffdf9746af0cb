/**
 * Known-answer vectors for RFC 6962 / RFC 9162 trees and proofs.
 *
 * Source: github.com/transparency-dev/merkle, file `proof/verify_test.go`
 * (commit 02194e9afb6c1d95b5381350007963aa70fff472): the 8 leaves, the roots of their first
 * 1…8 leaves, and the published inclusion and consistency proofs (their leaf numbers are 1-based);
 * and `rfc6962/rfc6962_test.go` (commit 78493b07ef9b552e3379abf9e23d4da26fbe797c) for the empty
 * root and the leaf/node hash vectors. Used as data only.
 */
import { createHash } from 'node:crypto';
import {
  EMPTY_TREE_ROOT,
  consistencyProof,
  hashChildren,
  hashLeaf,
  inclusionProof,
  nodeReaderOfLeaves,
  rootFromInclusionProof,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '../../src/integrity/merkle';
import { MerkleRootBuilder } from '../../src/integrity/merkle-root-builder';

const h = (hex: string) => Buffer.from(hex, 'hex');
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

const leafData = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(h);
const leafHashes = leafData.map(hashLeaf);

const roots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** Published inclusion proofs: `leaf` is 1-based, as in the source. */
const inclusionVectors: { leaf: number; size: number; proof: string[] }[] = [
  { leaf: 1, size: 1, proof: [] },
  {
    leaf: 1,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    leaf: 6,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { leaf: 3, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    leaf: 2,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const consistencyVectors: { from: number; to: number; proof: string[] }[] = [
  { from: 1, to: 1, proof: [] },
  {
    from: 1,
    to: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 6,
    to: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    from: 2,
    to: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    from: 6,
    to: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const read = nodeReaderOfLeaves(leafHashes);

describe('RFC 6962 hashing', () => {
  it('the empty tree root is SHA-256 of nothing', () => {
    expect(hexOf(EMPTY_TREE_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hexOf(treeRoot(read, 0))).toBe(hexOf(EMPTY_TREE_ROOT));
  });

  it('an empty leaf hashes differently from the empty tree', () => {
    expect(hexOf(hashLeaf(Buffer.alloc(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('a leaf is SHA-256(0x00 ‖ entry)', () => {
    expect(hexOf(hashLeaf(Buffer.from('L123456')))).toBe(
      '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56',
    );
  });

  it('a node is SHA-256(0x01 ‖ left ‖ right)', () => {
    expect(hexOf(hashChildren(Buffer.from('N123'), Buffer.from('N456')))).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });
});

describe('tree heads', () => {
  it.each(roots.map((root, i) => [i + 1, root] as const))('the root of the first %i leaves is the published one', (size, root) => {
    expect(hexOf(treeRoot(read, size))).toBe(root);
  });

  it('the streaming builder reaches every published root', () => {
    const builder = new MerkleRootBuilder();
    expect(hexOf(builder.root())).toBe(hexOf(EMPTY_TREE_ROOT));
    leafHashes.forEach((leaf, i) => {
      builder.push(leaf);
      expect(builder.size).toBe(i + 1);
      expect(hexOf(builder.root())).toBe(roots[i]);
    });
  });
});

describe('inclusion proofs', () => {
  it.each(inclusionVectors)('generates the published proof for leaf $leaf of $size', ({ leaf, size, proof }) => {
    expect(inclusionProof(read, leaf - 1, size).map(hexOf)).toEqual(proof);
  });

  it.each(inclusionVectors)('verifies the published proof for leaf $leaf of $size', ({ leaf, size, proof }) => {
    const p = proof.map(h);
    expect(verifyInclusion(leafHashes[leaf - 1], leaf - 1, size, p, h(roots[size - 1]))).toBe(true);
    expect(hexOf(rootFromInclusionProof(leafHashes[leaf - 1], leaf - 1, size, p) as Buffer)).toBe(roots[size - 1]);
  });

  it.each(inclusionVectors.filter((v) => v.proof.length > 0))(
    'rejects every corruption of the proof for leaf $leaf of $size',
    ({ leaf, size, proof }) => {
      const p = proof.map(h);
      const root = h(roots[size - 1]);
      const leafHash = leafHashes[leaf - 1];
      const m = leaf - 1;
      const flipped = p.map((_, i) => p.map((x, j) => (j === i ? Buffer.from([x[0] ^ 8, ...x.subarray(1)]) : x)));
      const probes: [number, number, Uint8Array, Uint8Array[], Uint8Array][] = [
        [m - 1, size, leafHash, p, root],
        [m + 1, size, leafHash, p, root],
        [m ^ 2, size, leafHash, p, root],
        [m, size * 2, leafHash, p, root],
        [m, Math.floor(size / 2), leafHash, p, root],
        [m, size, Buffer.from('WrongLeaf'), p, root],
        [m, size, leafHash, p, EMPTY_TREE_ROOT],
        [m, size, leafHash, [...p, Buffer.alloc(0)], root],
        [m, size, leafHash, [...p, root], root],
        [m, size, leafHash, [root, ...p], root],
        [m, size, leafHash, p.slice(0, -1), root],
        ...flipped.map((fp) => [m, size, leafHash, fp, root] as [number, number, Uint8Array, Uint8Array[], Uint8Array]),
      ];
      for (const [index, treeSize, lh, pr, r] of probes) {
        expect(verifyInclusion(lh, index, treeSize, pr, r)).toBe(false);
      }
    },
  );

  it('an index outside the tree has no proof', () => {
    expect(verifyInclusion(leafHashes[0], 0, 0, [], EMPTY_TREE_ROOT)).toBe(false);
    expect(verifyInclusion(leafHashes[0], 1, 1, [], leafHashes[0])).toBe(false);
    expect(() => inclusionProof(read, 8, 8)).toThrow();
  });

  it('every leaf of every size up to 8 proves against its root', () => {
    for (let size = 1; size <= 8; size += 1) {
      for (let m = 0; m < size; m += 1) {
        const proof = inclusionProof(read, m, size);
        expect(verifyInclusion(leafHashes[m], m, size, proof, h(roots[size - 1]))).toBe(true);
      }
    }
  });
});

describe('consistency proofs', () => {
  it.each(consistencyVectors)('generates the published proof from $from to $to', ({ from, to, proof }) => {
    expect(consistencyProof(read, from, to).map(hexOf)).toEqual(proof);
  });

  it.each(consistencyVectors)('verifies the published proof from $from to $to', ({ from, to, proof }) => {
    expect(verifyConsistency(from, to, h(roots[from - 1]), h(roots[to - 1]), proof.map(h))).toBe(true);
  });

  it.each(consistencyVectors.filter((v) => v.proof.length > 0))(
    'rejects every corruption of the proof from $from to $to',
    ({ from, to, proof }) => {
      const p = proof.map(h);
      const r1 = h(roots[from - 1]);
      const r2 = h(roots[to - 1]);
      const flipped = p.map((_, i) => p.map((x, j) => (j === i ? Buffer.from([x[0] ^ 16, ...x.subarray(1)]) : x)));
      const probes: [number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
        [from - 1, to, r1, r2, p],
        [from + 1, to, r1, r2, p],
        [from ^ 2, to, r1, r2, p],
        [from, to * 2, r1, r2, p],
        [from, Math.floor(to / 2), r1, r2, p],
        [from, to, Buffer.from('WrongRoot'), r2, p],
        [from, to, r1, Buffer.from('WrongRoot'), p],
        [from, to, r2, r1, p],
        [from, to, r1, r2, []],
        [from, to, r1, r2, [...p, Buffer.alloc(0)]],
        [from, to, r1, r2, [...p, r1]],
        [from, to, r1, r2, [...p, r2]],
        [from, to, r1, r2, [Buffer.alloc(0), ...p]],
        [from, to, r1, r2, [r1, ...p]],
        [from, to, r1, r2, [r2, ...p]],
        [from, to, r1, r2, [p[0], ...p]],
        [from, to, r1, r2, p.slice(0, -1)],
        ...flipped.map((fp) => [from, to, r1, r2, fp] as [number, number, Uint8Array, Uint8Array, Uint8Array[]]),
      ];
      for (const [s1, s2, a, b, pr] of probes) {
        expect(verifyConsistency(s1, s2, a, b, pr)).toBe(false);
      }
    },
  );

  it('trivial sizes need an empty proof and, for equal sizes, equal roots', () => {
    const some = createHash('sha256').update('x').digest();
    expect(verifyConsistency(0, 0, EMPTY_TREE_ROOT, EMPTY_TREE_ROOT, [])).toBe(true);
    expect(verifyConsistency(0, 1, EMPTY_TREE_ROOT, some, [])).toBe(true);
    expect(verifyConsistency(1, 1, some, some, [])).toBe(true);
    expect(verifyConsistency(1, 1, some, EMPTY_TREE_ROOT, [])).toBe(false);
    expect(verifyConsistency(1, 0, some, some, [])).toBe(false);
    expect(verifyConsistency(1, 2, some, some, [])).toBe(false);
    expect(verifyConsistency(1, 1, some, some, [EMPTY_TREE_ROOT])).toBe(false);
  });

  it('every pair of sizes up to 8 proves consistent', () => {
    for (let to = 1; to <= 8; to += 1) {
      for (let from = 1; from <= to; from += 1) {
        const proof = consistencyProof(read, from, to);
        expect(verifyConsistency(from, to, h(roots[from - 1]), h(roots[to - 1]), proof)).toBe(true);
      }
    }
  });
});
