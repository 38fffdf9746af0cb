import { rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DiskState {
  writable: boolean;
  freeBytes: number;
  /** Why the data directory is not fit to write, when it is not. */
  problem: string | null;
}

/**
 * Whether the data directory can take writes: enough free space for the next commits, and a file
 * can be created there. A full disk answers writes with 503 (the store's refusal); readiness says
 * so before they are tried.
 *
 * Synchronous on purpose: the three calls take tens of microseconds, where their asynchronous
 * forms (statfs, open, write, close, unlink on libuv's pool) each waited for a turn of a busy event
 * loop, so a readiness probe under load took six loop turns instead of one (its p99 in the soak
 * was hundreds of milliseconds).
 */
export async function diskState(dataDir: string, minFreeBytes: number): Promise<DiskState> {
  let freeBytes = 0;
  try {
    const stats = statfsSync(dataDir);
    freeBytes = Number(stats.bavail) * Number(stats.bsize);
    const probe = join(dataDir, `.ready-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    return { writable: false, freeBytes, problem: `cannot write ${dataDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  if (freeBytes < minFreeBytes) {
    return { writable: false, freeBytes, problem: `${dataDir} has ${freeBytes} bytes free, under LEDGER_MIN_FREE_BYTES (${minFreeBytes})` };
  }
  return { writable: true, freeBytes, problem: null };
}
