import { rm, statfs, writeFile } from 'node:fs/promises';
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
 */
export async function diskState(dataDir: string, minFreeBytes: number): Promise<DiskState> {
  let freeBytes = 0;
  try {
    const stats = await statfs(dataDir);
    freeBytes = Number(stats.bavail) * Number(stats.bsize);
    const probe = join(dataDir, `.ready-probe-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    return { writable: false, freeBytes, problem: `cannot write ${dataDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  if (freeBytes < minFreeBytes) {
    return { writable: false, freeBytes, problem: `${dataDir} has ${freeBytes} bytes free, under LEDGER_MIN_FREE_BYTES (${minFreeBytes})` };
  }
  return { writable: true, freeBytes, problem: null };
}
