import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { SigningKeyError } from './integrity.errors';

export interface SigningKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface LoadedSigningKey extends SigningKeyPair {
  /** True when the file did not exist and a new key was written. */
  created: boolean;
}

export interface LoadOrCreateOptions {
  /** Receives operator warnings (new key generated, loose file permissions). */
  onWarning?: (message: string) => void;
}

/** Load the Ed25519 checkpoint signing key (PKCS#8 PEM) from `path`. */
export function loadSigningKey(path: string, options: LoadOrCreateOptions = {}): SigningKeyPair {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (error) {
    throw new SigningKeyError(`cannot read signing key ${path}: ${(error as Error).message}`);
  }
  // Group or world access to the private key would let others sign checkpoints as this ledger.
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    options.onWarning?.(`signing key ${path} is readable by other users; restrict it with chmod 600`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new SigningKeyError(`signing key ${path} is not a PEM private key: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`signing key ${path} is ${privateKey.asymmetricKeyType}, expected ed25519`);
  }
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * Load the signing key, or on first start generate one, write it with mode 0600 and warn: a new key
 * means earlier checkpoints no longer verify with the served public key.
 */
export function loadOrCreateSigningKey(path: string, options: LoadOrCreateOptions = {}): LoadedSigningKey {
  mkdirSync(dirname(path), { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  let fd: number;
  try {
    // 'wx' fails when the file exists, so two starting processes never overwrite each other's key.
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { ...loadSigningKey(path, options), created: false };
    throw new SigningKeyError(`cannot create signing key ${path}: ${(error as Error).message}`);
  }
  try {
    writeSync(fd, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, 0o600);
  options.onWarning?.(
    `no checkpoint signing key at ${path}; generated a new Ed25519 key. Back it up and publish its public key.`,
  );
  return { privateKey, publicKey, created: true };
}

/** SPKI PEM of a public key (a private key yields its public half), as served to auditors. */
export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'pem', type: 'spki' }) as string;
}
