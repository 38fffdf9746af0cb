import type { ExportVerificationProgress, ExportVerificationResult } from './export-verifier';

/** What the verifier thread is started with (plain data: it crosses a thread boundary). */
export interface ExportVerifierThreadData {
  file: string;
  /** The log's public key, PEM. */
  publicKey: string;
  heldCheckpoints: string[];
  origin?: string;
  progressEvery?: number;
}

/** Entries sent per message, and messages sent ahead of what the other thread has taken. */
export const ENTRIES_PER_MESSAGE = 500;
export const MESSAGES_AHEAD = 4;

/** Verifier thread → the thread that takes the entries. */
export type FromExportVerifierThread =
  /**
   * Entries that passed their checks, leaf `first` onwards: each its export line, or, where its
   * payload is the previous entry's (`samePayload`), only its event without the payload, which
   * the taker shares from the entry before (the copies of one transformation).
   */
  | { kind: 'entries'; first: number; lines: string[]; samePayload: boolean[] }
  | { kind: 'progress'; progress: ExportVerificationProgress }
  /** The result; its hashes arrive as Uint8Array. */
  | { kind: 'done'; result: ExportVerificationResult }
  | { kind: 'error'; message: string; stack?: string };

/** The taking thread → verifier thread: one message of entries was taken. */
export type ToExportVerifierThread = { kind: 'taken' };
