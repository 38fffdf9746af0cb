import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/commands';
import type { PartyRole } from '../../domain/events';
import { CLOCK, type Clock } from '../../ledger/clock';
import type { ErrorBehaviour } from '../../ledger/unit-of-work';
import { PROBLEMS, problemType } from '../../problems';
import type { CaptureDocument } from './capture-document';
import { readCaptureDocument } from './capture-document';
import { CaptureJobStore, type CaptureJob } from './capture-job-store';
import { EpcisCapture, type EventProblem } from './epcis-capture';

export const CAPTURE_JOB_STORE = Symbol('CAPTURE_JOB_STORE');

/**
 * Capture jobs: a validated document is recorded as a job (with its text) before anything is
 * decided, then captured apart from the request that brought it; the job records the outcome. On
 * start-up every job left running by a stopped process is captured again: per-event idempotency
 * makes that safe (events it had stored count as already captured), so an accepted job always
 * finishes, or says it failed.
 */
@Injectable()
export class CaptureJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CaptureJobs');
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    @Inject(CAPTURE_JOB_STORE) private readonly jobs: CaptureJobStore,
    private readonly capture: EpcisCapture,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Records the job (durable when this starts capturing), starts capturing the document, and
   * resolves with the job as it stands after at most `waitMs`: finished when the capture took less,
   * else still running (it goes on without the caller, and a restart finishes it). `waitMs` 0
   * answers as soon as the job is recorded.
   */
  async submit(actor: Actor, text: string, document: CaptureDocument, behaviour: ErrorBehaviour, waitMs: number): Promise<CaptureJob> {
    const job: CaptureJob = { captureID: randomUUID(), createdAt: this.clock.now(), running: true, success: false, captureErrorBehaviour: behaviour, errors: [] };
    this.jobs.create(job, actor, text);
    // Started on the next turn of the event loop, so deciding a large document never delays the answer.
    const capturing = this.track(new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(job.captureID, actor, document, behaviour)));
    if (waitMs > 0) await finishedWithin(capturing, waitMs);
    return this.jobs.find(actor.partyId, job.captureID) as CaptureJob;
  }

  find(ownerId: string, captureID: string): CaptureJob | null {
    return this.jobs.find(ownerId, captureID);
  }

  list(ownerId: string, limit: number, before?: string): { jobs: CaptureJob[]; more: boolean } | null {
    return this.jobs.list(ownerId, limit, before);
  }

  onApplicationBootstrap(): void {
    for (const job of this.jobs.unfinished()) {
      const actor: Actor = { partyId: job.ownerId, roles: job.ownerRoles as PartyRole[] };
      // The text was valid when accepted, so any limit lets it through again.
      const read = readCaptureDocument(job.document, Number.MAX_SAFE_INTEGER);
      this.logger.log(`capturing again job ${job.captureID}, left running by a stopped process`);
      if ('refusal' in read) this.fail(job.captureID, `the stored document could not be read again: ${read.refusal.detail}`);
      else void this.track(this.run(job.captureID, actor, read.document, job.behaviour));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Jobs finish before the store closes; one cut short by a crash is captured again on the next start.
    await Promise.allSettled([...this.running]);
  }

  private async run(captureID: string, actor: Actor, document: CaptureDocument, behaviour: ErrorBehaviour): Promise<void> {
    try {
      const result = await this.capture.capture(actor, document.events, document.exactEvents, behaviour);
      this.jobs.finish(captureID, { success: result.success, errors: result.errors, finishedAt: this.clock.now() });
    } catch (error) {
      this.logger.error(`capture job ${captureID} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.fail(captureID, 'the ledger could not finish this capture; nothing of it was stored if it ran under rollback. Send the document again: captured events are recognised by their eventID.');
    }
  }

  private fail(captureID: string, detail: string): void {
    const problem: EventProblem = {
      type: problemType('internal-error'),
      title: PROBLEMS['internal-error'].title,
      status: 500,
      detail,
      code: 'internal-error',
      help: PROBLEMS['internal-error'].help,
      eventIndex: -1,
      eventID: '',
      errors: [],
    };
    this.jobs.finish(captureID, { success: false, errors: [problem], finishedAt: this.clock.now() });
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return work;
  }
}

/** Resolves when the work settles or after `ms`, whichever comes first (the work is not stopped). */
async function finishedWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([work.then(() => undefined, () => undefined), elapsed]);
  clearTimeout(timer);
}
