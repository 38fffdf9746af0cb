import type { IntegrityProjectorOptions } from '../integrity/integrity-projector';

/** What the follower thread is started with (plain data: it crosses a thread boundary). */
export interface FollowerThreadData {
  storeFile: string;
  dataDir: string;
  pollIntervalMs: number;
  /** One Int32 the main thread bumps on every commit: waking the thread costs no message. */
  commits: SharedArrayBuffer;
  integrity: Pick<IntegrityProjectorOptions, 'dataDir' | 'signingKeyFile' | 'origin' | 'policy'>;
}

export type Follower = 'provenance' | 'integrity' | 'epcis';

/** Main thread → follower thread. Positions travel as decimal strings (bigint is not cloned by every runtime we target). */
export type ToFollowerThread =
  | { kind: 'wait'; id: number; follower: Follower; position: string; timeoutMs: number }
  | { kind: 'stop' };

/** Follower thread → main thread. */
export type FromFollowerThread =
  | { kind: 'ready' }
  | { kind: 'start-failed'; message: string; stack?: string }
  | { kind: 'reached'; id: number; reached: boolean }
  | { kind: 'error'; context: string; message: string; stack?: string }
  | { kind: 'stopped' };
