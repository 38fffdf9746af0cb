import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../domain/commands';
import { fixedClock } from '../../ledger/clock';
import type { CaptureDocument } from './capture-document';
import { CaptureJobStore } from './capture-job-store';
import { CaptureJobs } from './capture-jobs';
import type { CaptureResult, EpcisCapture } from './epcis-capture';

/**
 * The job's life around the capture, on a real job store: the capture itself (rules, store) is
 * the e2e suites'; here it is held open so the order of recording, answering and finishing shows.
 */
describe('capture jobs: recorded durably, answered, then captured', () => {
  const miner: Actor = { partyId: 'au-miner', roles: ['producer'] };
  const document: CaptureDocument = { events: [{ type: 'ObjectEvent' }], exactEvents: undefined };
  const captured: CaptureResult = { success: true, errors: [], counts: { stored: 1, alreadyCaptured: 0, refused: 0 }, position: '1', eventIDs: ['urn:uuid:1'] };
  let dataDir: string;
  let store: CaptureJobStore;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'capture-jobs-'));
    store = new CaptureJobStore(dataDir);
  });
  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A capture that finishes (or fails) only when the test says so. */
  function heldCapture() {
    let finish: (outcome: CaptureResult | Error) => void = () => undefined;
    let started = false;
    const capture = {
      capture: () => {
        started = true;
        return new Promise<CaptureResult>((resolve, reject) => (finish = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome))));
      },
    } as unknown as EpcisCapture;
    return { capture, finish: (outcome: CaptureResult | Error) => finish(outcome), started: () => started };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('answers with the running job before the capture starts, the job already durable; the capture then finishes it, stamped by the clock', async () => {
    const held = heldCapture();
    const jobs = new CaptureJobs(store, held.capture, fixedClock('2026-03-01T10:00:00.000Z'));

    const answer = await jobs.submit(miner, '{"the":"document"}', document, 'rollback', 0);

    expect(answer).toMatchObject({ running: true, success: false, createdAt: '2026-03-01T10:00:00.000Z', errors: [] });
    expect(held.started()).toBe(false);
    const elsewhere = new CaptureJobStore(dataDir);
    expect(elsewhere.unfinished()).toEqual([expect.objectContaining({ captureID: answer.captureID, ownerId: 'au-miner', document: '{"the":"document"}' })]);
    elsewhere.close();

    await settle();
    expect(held.started()).toBe(true);
    held.finish(captured);
    await jobs.beforeApplicationShutdown();
    expect(jobs.find('au-miner', answer.captureID)).toEqual({ ...answer, running: false, success: true, finishedAt: '2026-03-01T10:00:00.000Z' });
    expect(store.unfinished()).toEqual([]);
  });

  it('waits for the capture up to the bound, then answers with the job still running; it finishes without the caller', async () => {
    const held = heldCapture();
    const jobs = new CaptureJobs(store, held.capture, fixedClock('2026-03-01T10:00:00.000Z'));

    const answer = await jobs.submit(miner, '{}', document, 'proceed', 30);

    expect(held.started()).toBe(true);
    expect(answer).toMatchObject({ running: true, captureErrorBehaviour: 'proceed' });
    held.finish(captured);
    await jobs.beforeApplicationShutdown();
    expect(jobs.find('au-miner', answer.captureID)).toMatchObject({ running: false, success: true });
  });

  it('answers with the finished job when the capture ends within the bound', async () => {
    const held = heldCapture();
    const jobs = new CaptureJobs(store, held.capture, fixedClock('2026-03-01T10:00:00.000Z'));

    const answering = jobs.submit(miner, '{}', document, 'rollback', 60_000);
    await settle();
    held.finish(captured);

    expect(await answering).toMatchObject({ running: false, success: true, finishedAt: '2026-03-01T10:00:00.000Z' });
  });

  it('a capture that breaks leaves the job failed with a 500 problem, never running', async () => {
    const held = heldCapture();
    const jobs = new CaptureJobs(store, held.capture, fixedClock('2026-03-01T10:00:00.000Z'));
    const answer = await jobs.submit(miner, '{}', document, 'rollback', 0);

    await settle();
    held.finish(new Error('the store went away'));
    await jobs.beforeApplicationShutdown();

    expect(jobs.find('au-miner', answer.captureID)).toMatchObject({ running: false, success: false, errors: [expect.objectContaining({ status: 500, code: 'internal-error' })] });
    expect(store.unfinished()).toEqual([]);
  });
});
