import type { DocumentReader } from '../../projections/projection';
import { parseInstant } from '../domain/business-time';
import type { LedgerCommand } from '../domain/commands';
import { FlagAlreadyExists, FlagAlreadyResolved, isDomainError, WatchlistAmendmentAlreadyScreened } from '../domain/errors';
import { asLedgerEvent } from '../domain/stored-event';
import { SCREENING_ACTOR } from '../domain/screening-actor';
import type { EventStore, Position, RecordedEvent } from '../event-store/event-store.port';
import type { Clock } from '../ledger/clock';
import { LogFollower } from '../log-follower/log-follower';
import { ScreeningPlanner, type ScreeningPlan } from './screening-plan';
import { ScreeningState } from './screening-state';

/** The read models screening plans from, and how to wait until they hold an event. */
export interface ScreeningReadSide {
  readonly reader: DocumentReader;
  waitFor(position: Position, timeoutMs: number): Promise<boolean>;
}

export interface ScreeningReactorOptions {
  dataDir: string;
  clock: Clock;
  /** Runs a command through the ledger's use-case runner (as HTTP commands run). */
  run: (command: LedgerCommand) => Promise<unknown>;
  readSide: ScreeningReadSide;
  onError?: (error: Error) => void;
  /** Told of each screening run that wrote something. */
  onScreened?: (summary: string) => void;
}

/** Something in the log that calls for screening; `position` null for a run due by the clock. */
type ScreeningWork =
  | { kind: 'amendment'; listId: string; amendmentId: string; position: Position | null }
  | { kind: 'subject'; subjectKey: string; position: Position };

const READ_SIDE_WAIT_MS = 30_000;
const RETRY_MS = [1000, 5000, 30_000];
/** Longest a timer is set for (setTimeout's limit is ~24.8 days); it is set again when it fires early. */
const LONGEST_TIMER_MS = 24 * 60 * 60 * 1000;
/** Items screened between two saves of the checkpoint while the queue is long. */
const SAVE_EVERY_ITEMS = 200;
/** Subjects written at once by one screening run. */
const WRITERS = 16;
/** How often the checkpoint is saved while the log brings nothing to screen. */
const CHECKPOINT_EVERY_MS = 10_000;

/**
 * Screening as a reactor on the log: it follows the global log (through a `LogFollower`) and, for
 * each watch-list amendment and each party or facility registered, plans the flags that calls for
 * from the read models and writes them through the use-case runner as the `screening` actor:
 * ordinary events, in the log, exported and verified like any other. An amendment not yet in force
 * is screened when its date comes (a timer, kept across restarts in `screening.sqlite`).
 *
 * Idempotent by construction: flags have ids that follow from what they say, and the domain
 * refuses a flag id raised before, a resolution made before and a screening recorded before. So a
 * crash anywhere, a restart from an old checkpoint or a second instance on the same log writes
 * nothing twice; the checkpoint only spares work.
 */
export class ScreeningReactor {
  private readonly follower: LogFollower;
  private readonly state: ScreeningState;
  private readonly planner: ScreeningPlanner;
  private readonly queue: ScreeningWork[] = [];
  private seen: Position | null;
  private saved: Position | null;
  private draining: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private checkpointTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private sinceSaved = 0;
  /** Ends a retry's wait at once when the reactor stops. */
  private wakeRetry: (() => void) | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly options: ScreeningReactorOptions,
  ) {
    this.state = new ScreeningState(options.dataDir);
    this.planner = new ScreeningPlanner(options.readSide.reader);
    this.seen = this.state.checkpoint();
    this.saved = this.seen;
    this.follower = new LogFollower(store, { position: () => this.seen, commit: (events) => this.take(events) }, { batchSize: 500, onError: options.onError });
  }

  /** Catches up with the log (queueing what calls for screening), follows it live, and sets the timers of amendments due later. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.follower.start();
    this.armTimer();
    this.checkpointTimer = setInterval(() => this.saveWhenIdle(), CHECKPOINT_EVERY_MS);
    this.checkpointTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeRetry?.();
    if (this.timer) clearTimeout(this.timer);
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    await this.follower.stop();
    // A run waiting on the read models gives up with them; this only bounds how long stopping waits for it.
    await Promise.race([this.draining?.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    this.saveWhenIdle();
    this.state.close();
  }

  /** Resolves once everything in the log up to its head now has been screened (tests, benchmarks). */
  async settled(timeoutMs = 60_000): Promise<void> {
    const head = await this.store.headPosition();
    const deadline = Date.now() + timeoutMs;
    while ((head !== null && (this.seen === null || this.seen < head)) || this.queue.length > 0 || this.draining) {
      if (Date.now() > deadline) throw new Error('screening did not settle in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The follower's commit: note what calls for screening, in log order; nothing here waits. */
  private take(events: readonly RecordedEvent[]): number {
    let taken = 0;
    for (const event of events) {
      if (this.seen !== null && event.position <= this.seen) continue;
      this.seen = event.position;
      taken++;
      const work = workOf(event);
      if (work) this.queue.push(work);
    }
    if (this.queue.length > 0) this.draining ??= this.drain().finally(() => (this.draining = null));
    return taken;
  }

  private async drain(): Promise<void> {
    let attempt = 0;
    while (this.queue.length > 0 && !this.stopped) {
      const work = this.queue[0];
      try {
        await this.screen(work);
        attempt = 0;
      } catch (error) {
        if (this.stopped) return;
        this.options.onError?.(error as Error);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
          this.wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeRetry = null;
        continue;
      }
      this.queue.shift();
      // Saved when the queue empties, and every so often while it is long (a first start over a big log).
      if (work.position !== null && (this.queue.length === 0 || ++this.sinceSaved >= SAVE_EVERY_ITEMS)) {
        this.save(this.queue.length === 0 ? this.seen : work.position);
        this.sinceSaved = 0;
      }
    }
  }

  private async screen(work: ScreeningWork): Promise<void> {
    const at = await this.readModelsAt(work.position);
    const now = this.options.clock.now();
    if (work.kind === 'subject') {
      await this.write(this.planner.subject(work.subjectKey, at, now));
      return;
    }
    const screening = this.planner.amendment(work.listId, work.amendmentId, at, now);
    switch (screening.kind) {
      case 'unknown':
        return;
      case 'screened':
        this.state.done(work.listId, work.amendmentId);
        return;
      case 'due':
        this.state.scheduleAt({ listId: work.listId, amendmentId: work.amendmentId, dueAt: screening.dueAt });
        this.armTimer();
        return;
      case 'plan': {
        await this.write(screening);
        await this.run({
          type: 'RecordWatchlistScreening',
          actor: SCREENING_ACTOR,
          listId: work.listId,
          amendmentId: work.amendmentId,
          subjectsScreened: screening.subjectsScreened,
          flagsRaised: screening.raise.length,
          flagsResolved: screening.resolve.length,
        });
        this.state.done(work.listId, work.amendmentId);
        this.options.onScreened?.(
          `screened amendment ${work.amendmentId} of ${work.listId}: ${screening.subjectsScreened} candidate(s), ${screening.raise.length} flag(s) raised, ${screening.resolve.length} resolved`,
        );
        return;
      }
    }
  }

  /** The position to plan at: the read models' own, once they hold the event that called for screening. */
  private async readModelsAt(position: Position | null): Promise<Position> {
    if (position !== null && !(await this.options.readSide.waitFor(position, READ_SIDE_WAIT_MS))) {
      throw new Error(`screening waits for the read models to reach position ${position}`);
    }
    const at = this.options.readSide.reader.lastPosition();
    if (at === null) throw new Error('the read models hold nothing yet');
    return at;
  }

  /**
   * The plan's commands, those of one subject one after the other (they write the same stream),
   * several subjects at a time: their appends share group commits instead of waiting for one
   * fsync each.
   */
  private async write(plan: ScreeningPlan): Promise<void> {
    const bySubject = new Map<string, LedgerCommand[]>();
    for (const command of [...plan.raise, ...plan.resolve]) {
      const key = JSON.stringify(command.subject);
      bySubject.set(key, [...(bySubject.get(key) ?? []), command]);
    }
    const queues = [...bySubject.values()];
    const worker = async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) for (const command of queue) await this.run(command);
    };
    await Promise.all(Array.from({ length: Math.min(WRITERS, queues.length) }, worker));
  }

  /** Runs one command; one that was already done is refused by the domain, which is the point. */
  private async run(command: LedgerCommand): Promise<void> {
    try {
      await this.options.run(command);
    } catch (error) {
      if (error instanceof FlagAlreadyExists || error instanceof FlagAlreadyResolved || error instanceof WatchlistAmendmentAlreadyScreened) return;
      // Any other refusal is about this one command (a subject gone, say): report it, go on with the rest.
      if (isDomainError(error)) {
        this.options.onError?.(new Error(`screening could not write ${command.type}: ${error.message}`));
        return;
      }
      throw error;
    }
  }

  /** One timer, for the earliest amendment due; when it fires, every amendment due by then is screened. */
  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    const [next] = this.state.scheduled();
    if (!next) return;
    const wait = Math.max(0, Math.min(parseInstant(next.dueAt, 'dueAt') - parseInstant(this.options.clock.now(), 'now'), LONGEST_TIMER_MS));
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = parseInstant(this.options.clock.now(), 'now');
      for (const due of this.state.scheduled()) {
        if (parseInstant(due.dueAt, 'dueAt') <= now) this.queue.push({ kind: 'amendment', listId: due.listId, amendmentId: due.amendmentId, position: null });
      }
      if (this.queue.length > 0) this.draining ??= this.drain().finally(() => (this.draining = null));
      this.armTimer();
    }, wait);
    this.timer.unref();
  }

  private saveWhenIdle(): void {
    if (this.queue.length === 0 && !this.draining) this.save(this.seen);
  }

  private save(position: Position | null): void {
    if (position === null || position === this.saved) return;
    this.state.saveCheckpoint(position);
    this.saved = position;
  }
}

/** What an event of the log calls for: an amendment screens its list, a registration its subject. */
function workOf(event: RecordedEvent): ScreeningWork | null {
  const typed = asLedgerEvent(event);
  switch (typed?.type) {
    case 'WatchlistAmended':
      return { kind: 'amendment', listId: typed.data.listId, amendmentId: typed.data.amendmentId, position: event.position };
    case 'PartyRegistered':
      return { kind: 'subject', subjectKey: `party:${typed.data.partyId}`, position: event.position };
    case 'FacilityRegistered':
      return { kind: 'subject', subjectKey: `facility:${typed.data.facilityId}`, position: event.position };
    default:
      return null;
  }
}
