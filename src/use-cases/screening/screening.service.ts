import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { CLOCK, type Clock } from '../../ledger/clock';
import { UseCaseRunner } from '../../ledger/use-case-runner';
import { ProvenanceService } from '../read-provenance/provenance-service';
import { ScreeningReactor } from '../../screening/screening-reactor';

/**
 * The screening reactor in the service (unless LEDGER_SCREENING=off): started once the read models
 * are open, it writes through the same use-case runner as HTTP commands; stopped before the store closes.
 */
@Injectable()
export class ScreeningService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private reactor: ScreeningReactor | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly runner: UseCaseRunner,
    private readonly provenance: ProvenanceService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.screening) return;
    await this.provenance.whenOpen();
    const provenance = this.provenance;
    this.reactor = new ScreeningReactor(this.store, {
      dataDir: this.config.dataDir,
      clock: this.clock,
      run: (command) => this.runner.run(command),
      readSide: {
        get reader() {
          return provenance.queries.reader;
        },
        waitFor: (position, timeoutMs) => provenance.waitFor(position, timeoutMs),
      },
      onError: (error) => Logger.error(`screening: ${error.message}`, error.stack, 'Screening'),
      onScreened: (summary) => Logger.log(summary, 'Screening'),
    });
    await this.reactor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.reactor?.stop();
    this.reactor = null;
  }

  /** Resolves once everything in the log so far has been screened; at once when screening is off. */
  settled(timeoutMs?: number): Promise<void> {
    return this.reactor ? this.reactor.settled(timeoutMs) : Promise.resolve();
  }
}
