import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { RATE_LIMIT, RateLimitGuard, rateLimitOf } from './access/rate-limit.guard';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoInstance } from 'pino';
import { ledgerLogger, nestLoggerParams } from './operations/request-log';
import { AccessStore } from './access/access-store';
import { setUpAdminToken } from './access/admin-token';
import { AuthGuard } from './access/auth.guard';
import { PartyDirectory } from './access/party-directory';
import { LEDGER_CONFIG, type LedgerConfig } from './config/ledger-config';
import { EpcisQueryService } from './epcis/http/epcis-query.service';
import { createEventStore } from './event-store/event-store.factory';
import { EVENT_STORE, type EventStore } from './event-store/event-store.port';
import { SqliteEventStore } from './event-store/sqlite/sqlite-event-store';
import { PROBLEM_ANSWERED, ProblemFilter } from './http/problem.filter';
import { LedgerLagProbe } from './operations/ledger-lag';
import { LedgerMetrics } from './operations/ledger-metrics';
import type { ProblemCode } from './problems';
import { requestValidationPipe } from './http/request-validation';
import { IntegrityProjector, integrityOptionsOf } from './integrity/integrity-projector';
import { AnnexSeed } from './ledger/annex-seed';
import { CLOCK, systemClock } from './ledger/clock';
import { LedgerStateReader } from './ledger/ledger-state.reader';
import { LedgerWriter } from './ledger/ledger-writer';
import { UseCaseRunner } from './ledger/use-case-runner';
import { USE_CASE_CONTROLLERS, USE_CASE_HANDLERS } from './use-cases';
import { FollowerThreadHost } from './follower-thread/follower-thread-host';
import { FOLLOWER_THREAD } from './follower-thread/follower-thread.token';
import { ScreeningService } from './use-cases/screening/screening.service';
import { CAPTURE_JOB_STORE } from './epcis/capture/capture-jobs';
import type { CaptureJobStore } from './epcis/capture/capture-job-store';
import { EPCIS_CONTROLLERS, epcisProviders } from './epcis/http/epcis-providers';

/** Closes what the module opened, in reverse order, when the app shuts down. */
@Injectable()
class Resources implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AccessStore) private readonly access: AccessStore,
    @Inject(CAPTURE_JOB_STORE) private readonly captureJobs: CaptureJobStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.access.close();
    this.captureJobs.close();
  }
}

@Module({})
export class AppModule {
  /** `store`, when given, is the event store already opened (see `createLedgerApp`). */
  static forConfig(config: LedgerConfig, store?: EventStore, logger: PinoInstance = ledgerLogger(config)): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), LoggerModule.forRoot(nestLoggerParams(logger))],
      controllers: [...USE_CASE_CONTROLLERS, ...EPCIS_CONTROLLERS],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        store ? { provide: EVENT_STORE, useValue: store } : { provide: EVENT_STORE, useFactory: () => createEventStore(config) },
        {
          provide: AccessStore,
          useFactory: () => {
            const access = new AccessStore(config.dataDir);
            const { generated } = setUpAdminToken(access, config.adminToken);
            if (generated) {
              // Shown once: only its digest is kept.
              process.stdout.write(
                `\nNo LEDGER_ADMIN_TOKEN was set, so an admin token was generated for this data directory.\n` +
                  `It is shown only now; keep it safe:\n\n  ${generated}\n\n`,
              );
              Logger.warn('generated an admin token (printed above, once)', 'Access');
            }
            return access;
          },
        },
        Resources,
        {
          // On the embedded store the projections, the Merkle log and the EPCIS event index fold in a worker thread with
          // their own connections, so hashing and folding never stall the HTTP event loop.
          provide: FOLLOWER_THREAD,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) =>
            store instanceof SqliteEventStore
              ? new FollowerThreadHost(store, {
                  storeFile: store.file,
                  dataDir: config.dataDir,
                  pollIntervalMs: store.pollIntervalMs,
                  integrity: integrityOptionsOf(config),
                })
              : null,
        },
        {
          // The Merkle log follows the store from its own file; it starts on bootstrap and stops before the store closes.
          // Opened here first (signing key, file) even when the follower thread does the following.
          provide: IntegrityProjector,
          inject: [EVENT_STORE, FOLLOWER_THREAD],
          useFactory: (store: EventStore, followers: FollowerThreadHost | null) =>
            IntegrityProjector.open(store, {
              ...integrityOptionsOf(config),
              onWarning: (message) => Logger.warn(message, 'Integrity'),
              onError: (error) => Logger.error(`integrity projection: ${error.message}`, 'Integrity'),
              ...(followers ? { followedElsewhere: (position, timeoutMs) => followers.waitFor('integrity', position, timeoutMs) } : {}),
            }),
        },
        PartyDirectory,
        LedgerStateReader,
        LedgerWriter,
        { provide: CLOCK, useValue: systemClock },
        UseCaseRunner,
        AnnexSeed,
        ...USE_CASE_HANDLERS,
        ScreeningService,
        EpcisQueryService,
        ...epcisProviders(config),
        LedgerLagProbe,
        {
          provide: LedgerMetrics,
          inject: [LedgerLagProbe, IntegrityProjector, EVENT_STORE],
          useFactory: (lag: LedgerLagProbe, integrity: IntegrityProjector, eventStore: EventStore) => {
            const metrics = new LedgerMetrics(lag, integrity);
            metrics.meterAppends(eventStore);
            return metrics;
          },
        },
        { provide: PROBLEM_ANSWERED, inject: [LedgerMetrics], useFactory: (metrics: LedgerMetrics) => (code: ProblemCode) => metrics.problem(code) },
        // Guards run in this order: the rate limit first, so a flood is refused before any key lookup.
        { provide: RATE_LIMIT, useValue: rateLimitOf(config) },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: requestValidationPipe },
      ],
    };
  }
}
