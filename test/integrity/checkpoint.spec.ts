import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  checkpointText,
  parseCheckpointText,
  signCheckpoint,
  verifyCheckpoint,
} from '../../src/integrity/checkpoint';
import { CheckpointFormatError, CheckpointSignatureError } from '../../src/integrity/integrity.errors';
import { ed25519KeyId, parseNote, signNote, verifyNote } from '../../src/integrity/signed-note';
import { publicKeyPem } from '../../src/integrity/signing-key';

/**
 * Known answer for the signed-note wire format: the example key, text and note from the package
 * documentation of golang.org/x/mod/sumdb/note (github.com/golang/mod, sumdb/note/note.go,
 * commit a410e2daa716f879ede62862a0351cad3606d11b), the reference implementation of
 * c2sp.org/signed-note. Ed25519 is deterministic, so the same key and text must give the same note.
 * Used as data only.
 */
const GO_SIGNER_KEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE =
  GO_TEXT + '\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

// Go encodes keys as 0x01 (Ed25519) ‖ 32 bytes; wrap the raw bytes in PKCS#8 / SPKI DER for node:crypto.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
// The key material is whatever follows the name and hash fields; it may itself contain '+'.
const goRaw = (key: string, fields: number) => Buffer.from(key.split('+').slice(fields).join('+'), 'base64').subarray(1);
const goPrivateKey = createPrivateKey({
  key: Buffer.concat([PKCS8_ED25519_PREFIX, goRaw(GO_SIGNER_KEY, 4)]),
  format: 'der',
  type: 'pkcs8',
});
const goPublicKey = createPublicKey({
  key: Buffer.concat([SPKI_ED25519_PREFIX, goRaw(GO_VERIFIER_KEY, 2)]),
  format: 'der',
  type: 'spki',
});

describe('signed notes (c2sp.org/signed-note)', () => {
  it('derive the reference key ID c74f20a3', () => {
    expect(ed25519KeyId('PeterNeumann', goPublicKey).toString('hex')).toBe('c74f20a3');
    expect(ed25519KeyId('PeterNeumann', goPrivateKey).toString('hex')).toBe('c74f20a3');
  });

  it('sign the reference text into the reference note byte for byte', () => {
    expect(signNote(GO_TEXT, { keyName: 'PeterNeumann', privateKey: goPrivateKey })).toBe(GO_NOTE);
  });

  it('verify the reference note with the reference public key', () => {
    expect(verifyNote(GO_NOTE, { keyName: 'PeterNeumann', publicKey: goPublicKey })).toBe(GO_TEXT);
  });

  it('ignore signatures from unknown keys but reject a note with none from the trusted key', () => {
    const other = generateKeyPairSync('ed25519');
    const cosigned = GO_NOTE + signNote(GO_TEXT, { keyName: 'witness.example/w1', privateKey: other.privateKey }).slice(GO_TEXT.length + 1);
    expect(parseNote(cosigned).signatures).toHaveLength(2);
    expect(verifyNote(cosigned, { keyName: 'PeterNeumann', publicKey: goPublicKey })).toBe(GO_TEXT);
    expect(() => verifyNote(GO_NOTE, { keyName: 'PeterNeumann', publicKey: other.publicKey })).toThrow(CheckpointSignatureError);
  });

  it('reject a note whose text was changed after signing', () => {
    const altered = GO_NOTE.replace('cryptography', 'cryptographY');
    expect(() => verifyNote(altered, { keyName: 'PeterNeumann', publicKey: goPublicKey })).toThrow(CheckpointSignatureError);
  });

  it('reject malformed notes', () => {
    expect(() => parseNote(GO_TEXT)).toThrow(CheckpointFormatError);
    expect(() => parseNote(GO_NOTE.slice(0, -1))).toThrow(CheckpointFormatError);
    expect(() => parseNote(GO_NOTE.replace('\u2014', '-'))).toThrow(CheckpointFormatError);
    expect(() => parseNote(GO_NOTE.replace('problem,', 'problem,\t'))).toThrow(CheckpointFormatError);
    expect(() => signNote('no newline', { keyName: 'k', privateKey: goPrivateKey })).toThrow(CheckpointFormatError);
    expect(() => signNote('x\n', { keyName: 'bad name', privateKey: goPrivateKey })).toThrow(CheckpointFormatError);
  });
});

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  const keys = generateKeyPairSync('ed25519');
  const rootHash = Buffer.from('0a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728ff', 'hex');
  const checkpoint = { origin: 'ledger.example/critical-minerals', treeSize: 20852163, rootHash, time: '2026-11-28T06:30:00.000Z' };

  it('write origin, size, base64 root and the time extension line', () => {
    expect(checkpointText(checkpoint)).toBe(
      `ledger.example/critical-minerals\n20852163\n${rootHash.toString('base64')}\ntime 2026-11-28T06:30:00.000Z\n`,
    );
  });

  it('round-trip through sign and verify with the PEM public key', () => {
    const note = signCheckpoint(checkpoint, keys.privateKey);
    expect(note.split('\n')[5]).toMatch(/^\u2014 ledger\.example\/critical-minerals [A-Za-z0-9+/]+=*$/);
    const opened = verifyCheckpoint(note, publicKeyPem(keys.publicKey));
    expect(opened).toEqual({ ...checkpoint, extensions: [] });
    expect(verifyCheckpoint(note, keys.publicKey, { origin: checkpoint.origin }).treeSize).toBe(20852163);
  });

  it('fail to verify with another key', () => {
    const note = signCheckpoint(checkpoint, keys.privateKey);
    const wrong = generateKeyPairSync('ed25519');
    expect(() => verifyCheckpoint(note, publicKeyPem(wrong.publicKey))).toThrow(CheckpointSignatureError);
  });

  it('fail when the tree size or root was edited', () => {
    const note = signCheckpoint(checkpoint, keys.privateKey);
    expect(() => verifyCheckpoint(note.replace('20852163', '20852162'), keys.publicKey)).toThrow(CheckpointSignatureError);
    const otherRoot = Buffer.from(rootHash);
    otherRoot[0] ^= 1;
    const swapped = note.replace(rootHash.toString('base64'), otherRoot.toString('base64'));
    expect(() => verifyCheckpoint(swapped, keys.publicKey)).toThrow(CheckpointSignatureError);
  });

  it('fail for a checkpoint of another log', () => {
    const note = signCheckpoint(checkpoint, keys.privateKey);
    expect(() => verifyCheckpoint(note, keys.publicKey, { origin: 'other.example/log' })).toThrow(CheckpointSignatureError);
  });

  it('parse the tlog-checkpoint example body, keep unknown extensions, reject malformed ones', () => {
    const example = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    expect(parseCheckpointText(example)).toMatchObject({ origin: 'example.com/behind-the-sofa', treeSize: 20852163, time: null, extensions: [] });
    expect(parseCheckpointText(example + 'vendor ext\n').extensions).toEqual(['vendor ext']);
    expect(() => parseCheckpointText(example.replace('20852163', '020852163'))).toThrow(CheckpointFormatError);
    expect(() => parseCheckpointText(example.replace('=\n', '\n'))).toThrow(CheckpointFormatError);
    expect(() => parseCheckpointText('example\n1\n')).toThrow(CheckpointFormatError);
    expect(() => parseCheckpointText(example + '\n')).toThrow(CheckpointFormatError);
    expect(() => parseCheckpointText(example + 'time yesterday\n')).toThrow(CheckpointFormatError);
  });
});
