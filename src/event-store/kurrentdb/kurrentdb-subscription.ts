import type { Filter, KurrentDBClient, ResolvedEvent } from '@kurrent/kurrentdb-client';
import { START } from '@kurrent/kurrentdb-client';
import { EventStoreUnavailableError } from '../event-store.errors';
import type { Position, RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';
import type { ConnectionWatch } from './kurrentdb-connection-watch';

type ClientSubscription = ReturnType<KurrentDBClient['subscribeToAll']>;
/** A caught-up marker carries the server's position; what it reports is settled on delivery. */
type Queued = { kind: 'event'; event: RecordedEvent } | { kind: 'caught-up'; serverPosition: Position | null };

export interface KurrentDbSubscriptionOptions extends SubscribeOptions {
  filter: () => Filter;
  /** Whether a delivered event belongs to the log (the server filter is by stream name only). */
  isLogEvent: (resolved: ResolvedEvent) => boolean;
  toRecordedEvent: (resolved: ResolvedEvent) => RecordedEvent;
  /** Told when the subscription loses the server and when it hears from it again. */
  watch: ConnectionWatch;
  /** Stop resubscribing (and report) once the server has been unreachable this long. */
  giveUpAfterMs: number;
  onClosed: () => void;
}

const HIGH_WATER = 1000;
const LOW_WATER = 100;
const MAX_BACKOFF_MS = 2000;

/**
 * Follows `$all` through the client's catch-up subscription and hands messages to one consumer,
 * one at a time. A broken connection is not the consumer's problem: the subscription starts again
 * after the last event it delivered, so nothing is skipped, and events at or before that position
 * are dropped, so nothing is delivered twice. Only a throwing handler, or a server gone for longer
 * than `giveUpAfterMs`, ends it with `onError`.
 */
export class KurrentDbSubscription implements Subscription {
  private current: ClientSubscription | null = null;
  private readonly queue: Queued[] = [];
  private lastDelivered: Position | null;
  private caughtUpSent = false;
  private ended = false;
  private pumping = false;
  private brokenSince: number | null = null;
  private retry: NodeJS.Timeout | null = null;
  private attempt = 0;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentDbSubscriptionOptions,
  ) {
    this.lastDelivered = options.after;
    this.open();
  }

  async close(): Promise<void> {
    await this.end();
  }

  private open(): void {
    if (this.ended) return;
    const from = this.lastDelivered;
    const subscription = this.client.subscribeToAll({
      fromPosition: from === null ? START : { commit: from, prepare: from },
      filter: this.options.filter(),
    });
    this.current = subscription;
    // Events still buffered inside the client's stream when it reports caught-up were sent
    // before it; the marker must wait until they are through.
    let beforeCaughtUp = -1;
    let caughtUpAt: Position | null = null;
    subscription.on('data', (resolved: ResolvedEvent) => {
      if (subscription !== this.current) return;
      this.heard();
      if (this.options.isLogEvent(resolved)) this.enqueue({ kind: 'event', event: this.options.toRecordedEvent(resolved) });
      if (beforeCaughtUp > 0 && --beforeCaughtUp === 0) this.enqueueCaughtUp(caughtUpAt);
    });
    subscription.on('caughtUp', (info: { position?: { commit: bigint } }) => {
      if (subscription !== this.current) return;
      this.heard();
      caughtUpAt = info.position?.commit ?? null;
      beforeCaughtUp = subscription.readableLength;
      if (beforeCaughtUp === 0) this.enqueueCaughtUp(caughtUpAt);
    });
    subscription.on('error', (error: Error) => this.broken(subscription, error));
    subscription.on('end', () => this.broken(subscription, new Error('the server ended the subscription')));
  }

  private heard(): void {
    this.brokenSince = null;
    this.attempt = 0;
    this.options.watch.up();
  }

  private enqueue(message: Queued): void {
    this.queue.push(message);
    if (this.queue.length >= HIGH_WATER) this.current?.pause();
    void this.pump();
  }

  private enqueueCaughtUp(serverPosition: Position | null): void {
    if (this.caughtUpSent) return;
    this.caughtUpSent = true;
    this.enqueue({ kind: 'caught-up', serverPosition });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    let release!: () => void;
    this.idle = new Promise((resolve) => (release = resolve));
    try {
      while (!this.ended && this.queue.length > 0) {
        const message = this.queue.shift()!;
        if (this.queue.length <= LOW_WATER) this.current?.resume();
        if (message.kind === 'event') {
          if (this.lastDelivered !== null && message.event.position <= this.lastDelivered) continue;
          await this.options.onMessage(message);
          this.lastDelivered = message.event.position;
        } else {
          const server = message.serverPosition;
          const position: Position | null =
            server !== null && (this.lastDelivered === null || server > this.lastDelivered) ? server : this.lastDelivered;
          await this.options.onMessage({ kind: 'caught-up', position });
        }
      }
    } catch (error) {
      await this.end(error as Error);
    } finally {
      this.pumping = false;
      release();
    }
  }

  private broken(subscription: ClientSubscription, error: Error): void {
    if (this.ended || subscription !== this.current) return;
    this.current = null;
    subscription.removeAllListeners('data');
    void subscription.unsubscribe().catch(() => undefined);
    const now = Date.now();
    this.brokenSince ??= now;
    this.options.watch.down(error);
    if (now - this.brokenSince > this.options.giveUpAfterMs) {
      void this.end(new EventStoreUnavailableError(`subscription to KurrentDB lost: ${error.message}`, error));
      return;
    }
    const delay = Math.min(MAX_BACKOFF_MS, 50 * 2 ** this.attempt++);
    // Resubscribe only once the consumer has taken what was already queued: the new subscription
    // starts after the last delivered event, and the rest of the queue would arrive again.
    this.retry = setTimeout(async () => {
      this.retry = null;
      await this.idle;
      this.queue.length = 0;
      this.open();
    }, delay);
  }

  private async end(error?: Error): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.retry) clearTimeout(this.retry);
    const subscription = this.current;
    this.current = null;
    this.queue.length = 0;
    if (subscription) {
      subscription.removeAllListeners('data');
      subscription.on('error', () => undefined);
      await subscription.unsubscribe().catch(() => undefined);
    }
    this.options.onClosed();
    if (error) this.options.onError?.(error);
  }
}
