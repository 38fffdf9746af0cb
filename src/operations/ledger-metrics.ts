import { Inject, Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventStore } from '../event-store/event-store.port';
import { IntegrityProjector } from '../integrity/integrity-projector';
import type { ProblemCode } from '../problems';
import { LAG_COUNT_CAP, LedgerLagProbe } from './ledger-lag';

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The ledger's metrics in Prometheus text format, on a registry of its own (one per app, so test
 * apps in one process do not share counters). Request, append and refusal counts are recorded as
 * they happen; lags and the checkpoint age are measured when scraped.
 */
@Injectable()
export class LedgerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status, and how long they took',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly appendSeconds = new Histogram({ name: 'ledger_append_duration_seconds', help: 'time to commit one append (group commit included)', buckets: SECONDS, registers: [this.registry] });
  private readonly appendEvents = new Histogram({ name: 'ledger_append_events', help: 'events per append', buckets: [1, 2, 5, 10, 50, 100, 1000, 10000], registers: [this.registry] });
  private readonly replays = new Counter({ name: 'ledger_idempotent_replays_total', help: 'writes answered from an earlier request with the same Idempotency-Key', registers: [this.registry] });
  private readonly problems = new Counter({ name: 'ledger_problems_total', help: 'requests refused or failed, by problem code', labelNames: ['code'] as const, registers: [this.registry] });

  constructor(
    lag: LedgerLagProbe,
    @Optional() @Inject(IntegrityProjector) integrity?: IntegrityProjector,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_' });
    const lagEvents = new Gauge({ name: 'ledger_follower_lag_events', help: `events of the log a follower has not folded yet (counted up to ${LAG_COUNT_CAP})`, labelNames: ['follower'] as const, registers: [this.registry] });
    const lagSeconds = new Gauge({ name: 'ledger_follower_lag_seconds', help: 'how long the oldest event a follower has not folded has waited', labelNames: ['follower'] as const, registers: [this.registry] });
    new Gauge({
      name: 'ledger_follower_lag_measure',
      help: 'set when the lags above were measured (1); 0 when the store could not be read',
      registers: [this.registry],
      async collect() {
        try {
          const measured = await lag.measure();
          for (const follower of ['projections', 'merkle'] as const) {
            lagEvents.set({ follower }, measured[follower].events);
            lagSeconds.set({ follower }, measured[follower].seconds);
          }
          this.set(1);
        } catch {
          this.set(0);
        }
      },
    });
    new Gauge({
      name: 'ledger_checkpoint_age_seconds',
      help: 'seconds since the latest signed checkpoint (absent before the first)',
      registers: [this.registry],
      collect() {
        const latest = integrity?.latestCheckpoint();
        if (latest?.time) this.set((Date.now() - Date.parse(latest.time)) / 1000);
      },
    });
  }

  /** One finished HTTP request. */
  request(method: string, route: string, status: number, seconds: number, replayed: boolean): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
    if (replayed) this.replays.inc();
  }

  problem(code: ProblemCode): void {
    this.problems.inc({ code });
  }

  /** Times every append of the store (its one write path), so commit latency and batch sizes are seen whoever appends. */
  meterAppends(store: EventStore): void {
    const append = store.append.bind(store);
    store.append = async (...args: Parameters<EventStore['append']>) => {
      const stop = this.appendSeconds.startTimer();
      try {
        return await append(...args);
      } finally {
        stop();
        this.appendEvents.observe(args[0].reduce((sum, write) => sum + write.events.length, 0));
      }
    };
  }
}
