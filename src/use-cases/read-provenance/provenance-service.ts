import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import { EVENT_STORE, type EventStore, type Position } from '../../event-store/event-store.port';
import { problem, ProblemError } from '../../http/problem';
import { openProvenanceReadSide, type ProvenanceReadSide } from '../../provenance/provenance-read-side';
import type { ProvenanceQueries } from '../../provenance/provenance-queries';

/**
 * The provenance read side in the service: projections follow the global log in the background
 * (the write path never waits for them), and reads that name `minPosition` wait, bounded, until
 * the projections have reached it.
 */
@Injectable()
export class ProvenanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly readSide: ProvenanceReadSide;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    this.readSide = openProvenanceReadSide(store, config.dataDir);
  }

  get queries(): ProvenanceQueries {
    return this.readSide.queries;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.readSide.runner.start();
    Logger.log(`provenance projections at position ${this.readSide.runner.position() ?? 'none'}`, 'Projections');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readSide.close();
  }

  position(): Position | null {
    return this.readSide.runner.position();
  }

  /** Read-your-writes: 503 with Retry-After when the projections do not reach `minPosition` in time. */
  async reach(minPosition: Position | null): Promise<void> {
    if (minPosition === null) return;
    if (await this.readSide.runner.waitFor(minPosition, this.config.readWaitMs)) return;
    const reached = this.position();
    throw new ProblemError(
      problem(503, 'projections-behind', `the provenance read models are at position ${reached ?? 'none'}, not yet at ${minPosition}; retry shortly`),
      { 'Retry-After': '1' },
    );
  }
}
