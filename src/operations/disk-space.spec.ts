import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskState } from './disk-space';

describe('the data directory disk check (readiness, /health)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-disk-'))));
  afterEach(() => {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says a writable directory with room is fit, and leaves no probe file behind', async () => {
    const state = await diskState(dir, 1);
    expect(state).toEqual({ writable: true, freeBytes: expect.any(Number), problem: null });
    expect(state.freeBytes).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the limit when free space is under it', async () => {
    const state = await diskState(dir, Number.MAX_SAFE_INTEGER);
    expect(state.writable).toBe(false);
    expect(state.problem).toContain('under LEDGER_MIN_FREE_BYTES');
  });

  it('names the directory when a file cannot be created there', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere: nothing to see
    chmodSync(dir, 0o500);
    expect((await diskState(dir, 1)).problem).toContain(`cannot write ${dir}`);
  });

  it('answers without waiting for a turn of the event loop, so a busy service still answers readiness at once', async () => {
    // Each asynchronous file call waits for the loop's next poll; on a loaded service that was six
    // waits behind every request in flight. A check of the next turn runs after an answer that needs one.
    const order: string[] = [];
    setImmediate(() => order.push('next turn'));
    await diskState(dir, 1);
    order.push('answered');
    expect(order).toEqual(['answered']);
  });
});
