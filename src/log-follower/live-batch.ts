import type { RecordedEvent } from '../event-store/event-store.port';

/**
 * Events a live subscription hands over one at a time, gathered for one transaction: the events of
 * one committed append arrive back to back and are applied together, yet no live event waits past
 * the current turn of the event loop. Followers of the log (projections, the Merkle log) share it.
 */
export class LiveBatch {
  private events: RecordedEvent[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly size: number,
    /** Called when the batch is full or the turn ends; it takes the events with `take()`. */
    private readonly flush: () => void,
  ) {}

  add(event: RecordedEvent): void {
    this.events.push(event);
    if (this.events.length >= this.size) this.flush();
    else this.scheduled ??= setImmediate(() => this.flush());
  }

  /** The gathered events, emptying the batch and cancelling its scheduled flush. */
  take(): RecordedEvent[] {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const events = this.events;
    this.events = [];
    return events;
  }

  /** Forgets what was gathered: the next subscription reads it again from the checkpoint. */
  drop(): void {
    this.take();
  }
}
