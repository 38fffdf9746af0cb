import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Position } from '../event-store/event-store.port';
import type { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { startProjectWorker } from '../worker-threads/project-worker';
import type { Follower, FollowerThreadData, FromFollowerThread, ToFollowerThread } from './follower-messages';

/** How long a stop waits for the thread to close its files before it is terminated. */
const STOP_GRACE_MS = 5000;
/** Delay before a thread that died is started again. */
const RESTART_MS = 1000;

interface PendingWait {
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

/**
 * Runs the log followers (provenance projections, Merkle log, EPCIS event index) of an embedded SQLite store in a
 * worker thread and speaks for them on the main thread: every commit of the main connection wakes
 * them at once, and `waitFor` (read-your-writes) resolves when the thread has reached a position.
 * Queries keep reading the read-model, integrity and EPCIS index files from the main thread.
 */
export class FollowerThreadHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker | null = null;
  private starting: Promise<void> | null = null;
  private stopping = false;
  private nextWaitId = 1;
  private readonly waits = new Map<number, PendingWait>();
  private stopForwarding: (() => void) | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly data: FollowerThreadData;
  private readonly commitCount: Int32Array;

  constructor(
    private readonly store: SqliteEventStore,
    options: Omit<FollowerThreadData, 'commits'>,
  ) {
    const commits = new SharedArrayBuffer(4);
    this.commitCount = new Int32Array(commits);
    this.data = { ...options, commits };
  }

  /** Starts the thread once; resolves when every follower has caught up with the log. */
  ready(): Promise<void> {
    this.starting ??= this.spawn();
    return this.starting;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ready();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Resolves true once `follower` has folded the event at `position`, false after `timeoutMs`. */
  waitFor(follower: Follower, position: Position, timeoutMs: number): Promise<boolean> {
    const worker = this.worker;
    if (!worker || this.stopping) return Promise.resolve(false);
    const id = this.nextWaitId++;
    return new Promise((resolve) => {
      // The thread answers at its own deadline; this one only covers a thread that died meanwhile.
      const timer = setTimeout(() => this.settle(id, false), timeoutMs + 1000);
      this.waits.set(id, { resolve, timer });
      this.post({ kind: 'wait', id, follower, position: position.toString(), timeoutMs });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.stopForwarding?.();
    this.stopForwarding = null;
    await this.starting?.catch(() => undefined);
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      const exited = new Promise<void>((done) => worker.once('exit', () => done()));
      worker.postMessage({ kind: 'stop' } satisfies ToFollowerThread);
      const grace = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
      await exited;
      clearTimeout(grace);
    }
    for (const id of [...this.waits.keys()]) this.settle(id, false);
  }

  private spawn(): Promise<void> {
    return new Promise<void>((resolveStart, rejectStart) => {
      const worker = startProjectWorker(join(__dirname, 'follower-thread'), this.data);
      let started = false;
      worker.on('message', (message: FromFollowerThread) => {
        switch (message.kind) {
          case 'ready':
            started = true;
            this.worker = worker;
            this.forwardCommits();
            resolveStart();
            break;
          case 'start-failed': {
            const error = new Error(`log followers could not start: ${message.message}`);
            error.stack = message.stack ?? error.stack;
            rejectStart(error);
            break;
          }
          case 'reached':
            this.settle(message.id, message.reached);
            break;
          case 'error':
            Logger.error(`${message.context}: ${message.message}`, message.stack, 'Followers');
            break;
          case 'stopped':
            break;
        }
      });
      worker.on('error', (error) => {
        if (!started) rejectStart(error);
        else Logger.error(`log follower thread failed: ${error.message}`, error.stack, 'Followers');
      });
      worker.on('exit', (code) => {
        if (!started) rejectStart(new Error(`log follower thread exited with code ${code} before it was ready`));
        if (this.worker !== worker || this.stopping) return;
        // Read models and Merkle log resume from their own checkpoints: starting again loses nothing.
        this.worker = null;
        this.stopForwarding?.();
        this.stopForwarding = null;
        for (const id of [...this.waits.keys()]) this.settle(id, false);
        Logger.error(`log follower thread exited (code ${code}); starting it again`, undefined, 'Followers');
        this.restartTimer = setTimeout(() => {
          this.restartTimer = null;
          this.starting = this.spawn();
          this.starting.catch((error: Error) => Logger.error(error.message, error.stack, 'Followers'));
        }, RESTART_MS);
      });
    });
  }

  /** Bumps the shared counter on every commit of this process; the thread's own poll catches other processes. */
  private forwardCommits(): void {
    let active = true;
    let cancel: () => void = () => undefined;
    this.stopForwarding = () => {
      active = false;
      cancel();
    };
    const loop = async (): Promise<void> => {
      let seen = this.store.commits.current;
      while (active) {
        const wait = this.store.commits.wait(seen, 60_000);
        cancel = wait.cancel;
        await wait.done;
        if (!active) return;
        if (this.store.commits.current !== seen) {
          seen = this.store.commits.current;
          Atomics.add(this.commitCount, 0, 1);
          Atomics.notify(this.commitCount, 0);
        }
      }
    };
    void loop();
  }

  private post(message: ToFollowerThread): void {
    this.worker?.postMessage(message);
  }

  private settle(id: number, reached: boolean): void {
    const wait = this.waits.get(id);
    if (!wait) return;
    this.waits.delete(id);
    clearTimeout(wait.timer);
    wait.resolve(reached);
  }
}
