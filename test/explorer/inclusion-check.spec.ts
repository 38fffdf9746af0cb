import { generateKeyPairSync } from 'node:crypto';
import { toEnvelopeJson } from '../../src/event-store/event-envelope';
import { signCheckpoint } from '../../src/integrity/checkpoint';
import { leafHashOfEnvelope } from '../../src/integrity/log-entry';
import { inclusionProof, nodeReaderOfLeaves, treeRoot } from '../../src/integrity/merkle';
import { inclusionProofJson } from '../../src/integrity/proof-json';
import { publicKeyPem } from '../../src/integrity/signing-key';
import { workedExampleLog } from '../../projections/testing/worked-example';
import { checkInclusion, checkSignature, parseCheckpoint } from '../../explorer/src/verify/inclusion-check';

/**
 * The explorer's in-browser check, run on Node's WebCrypto (the same API the browser has) against
 * a log, proofs and a checkpoint made by the service's own integrity code.
 */
describe("the explorer's inclusion check agrees with the service's Merkle log", () => {
  const envelopes = workedExampleLog().events.map(toEnvelopeJson);
  const leaves = envelopes.map(leafHashOfEnvelope);
  const read = nodeReaderOfLeaves(leaves);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const treeSize = leaves.length;
  const note = signCheckpoint({ origin: 'test-ledger', treeSize, rootHash: treeRoot(read, treeSize), time: '2026-01-01T00:00:00Z' }, privateKey);
  const checkpoint = parseCheckpoint(note);
  const proofOf = (leafIndex: number) => inclusionProofJson(leafIndex, treeSize, inclusionProof(read, leafIndex, treeSize));

  it('finds every event of the log in the signed tree', async () => {
    for (let i = 0; i < treeSize; i++) {
      expect(await checkInclusion(envelopes[i], proofOf(i), checkpoint)).toMatchObject({ included: true });
    }
  });

  it('refuses an altered event, an event at another index, and a proof for another tree size', async () => {
    const altered = { ...envelopes[3], data: { ...envelopes[3].data, grossMassG: 1 } };
    expect((await checkInclusion(altered, proofOf(3), checkpoint)).included).toBe(false);
    expect((await checkInclusion(envelopes[3], proofOf(4), checkpoint)).included).toBe(false);
    expect((await checkInclusion(envelopes[3], { ...proofOf(3), treeSize: treeSize - 1 }, checkpoint)).included).toBe(false);
  });

  it("verifies the checkpoint's Ed25519 signature with the log's public key, and refuses another key or an altered note", async () => {
    expect(checkpoint).toMatchObject({ origin: 'test-ledger', treeSize, time: '2026-01-01T00:00:00Z' });
    expect(await checkSignature(checkpoint, publicKeyPem(publicKey))).toBe('valid');
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(await checkSignature(checkpoint, publicKeyPem(other))).toBe('no-signature-by-this-key');
    const altered = parseCheckpoint(note.replace(`\n${treeSize}\n`, `\n${treeSize + 1}\n`));
    expect(await checkSignature(altered, publicKeyPem(publicKey))).toBe('invalid');
  });
});
