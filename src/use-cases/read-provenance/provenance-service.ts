import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { provenanceProjections } from '../../../projections/provenance-projections';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import { EVENT_STORE, type EventStore, type Position } from '../../event-store/event-store.port';
import { isAuditorOrRegulator } from '../../access/actor';
import type { Actor } from '../../domain/commands';
import { problem, ProblemError } from '../../problems';
import { SqliteReadModel } from '../../projection-runner/sqlite-read-model';
import { openProvenanceReadSide, type ProvenanceReadSide } from '../../provenance/provenance-read-side';
import { ExposureQueries } from '../../provenance/exposure-queries';
import { ProvenanceQueries } from '../../provenance/provenance-queries';
import { SearchQueries } from '../../provenance/search-queries';
import { FOLLOWER_THREAD } from '../../follower-thread/follower-thread.token';
import type { FollowerThreadHost } from '../../follower-thread/follower-thread-host';

/** Where the projections run: in this event loop, or in the follower thread (embedded store). */
type ReadSide =
  | { kind: 'in-process'; side: ProvenanceReadSide }
  | { kind: 'follower-thread'; readModel: SqliteReadModel; queries: ProvenanceQueries; search: SearchQueries };

/**
 * The provenance read side in the service: projections follow the global log in the background
 * (the write path never waits for them), and reads that name `minPosition` wait, bounded, until
 * the projections have reached it. On the embedded store the projections fold in the follower
 * thread and this side only reads their file.
 */
@Injectable()
export class ProvenanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readSide: ReadSide | null = null;
  private exposureQueries: { of: ProvenanceQueries; queries: ExposureQueries } | null = null;
  private readonly openSignal = deferred();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(FOLLOWER_THREAD) private readonly followers: FollowerThreadHost | null,
  ) {
    if (!followers) {
      this.readSide = {
        kind: 'in-process',
        side: openProvenanceReadSide(store, config.dataDir, {
          // The runner retries a failing fold on its own; the operator should still hear about it.
          onError: (error: Error) => Logger.error(`provenance projections stopped on an event and will retry: ${error.message}`, error.stack, 'Projections'),
        }),
      };
    }
  }

  get queries(): ProvenanceQueries {
    const side = this.opened();
    return side.kind === 'in-process' ? side.side.queries : side.queries;
  }

  /** Lots, parties and facilities found through the search indexes. */
  get search(): SearchQueries {
    const side = this.opened();
    return side.kind === 'in-process' ? side.side.search : side.search;
  }

  /** Exposure to watch lists, over the same read models. */
  get exposure(): ExposureQueries {
    const queries = this.queries;
    if (this.exposureQueries?.of !== queries) this.exposureQueries = { of: queries, queries: new ExposureQueries(queries.reader, queries) };
    return this.exposureQueries.queries;
  }

  /** Resolves once the read models are open (after bootstrap): what the screening reactor waits for. */
  whenOpen(): Promise<void> {
    return this.openSignal.promise;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.followers) {
      // Opened only once the thread has started: its runner decides whether the file is rebuilt.
      await this.followers.ready();
      const readModel = SqliteReadModel.open(this.config.dataDir, provenanceProjections);
      const queries = new ProvenanceQueries(readModel);
      this.readSide = { kind: 'follower-thread', readModel, queries, search: new SearchQueries(readModel, queries) };
    } else {
      await this.opened('in-process').side.runner.start();
    }
    Logger.log(`provenance projections at position ${this.position() ?? 'none'}`, 'Projections');
    this.openSignal.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    const side = this.readSide;
    this.readSide = null;
    if (side?.kind === 'in-process') await side.side.close();
    else side?.readModel.close();
  }

  /**
   * The documents a lot hands on (passport, dossier) go to auditors and regulators, and to the
   * operators that hold or held that very lot: waits for `minPosition`, then checks the reader.
   */
  async assertMayTakeLotDocuments(actor: Actor, lotId: string, query: { minPosition?: Position; asOf?: string }, what: string): Promise<void> {
    await this.reach(query.minPosition ?? null);
    if (isAuditorOrRegulator(actor)) return;
    if (!this.queries.partyHeld(actor.partyId, lotId, query.asOf !== undefined ? { asOf: query.asOf } : {})) {
      throw new ProblemError(problem('not-a-reader', `only auditors, regulators and parties that hold or held lot ${lotId} may take its ${what}`));
    }
  }

  position(): Position | null {
    const side = this.opened();
    return side.kind === 'in-process' ? side.side.runner.position() : side.readModel.lastPosition();
  }

  /** Read-your-writes: 503 with Retry-After when the projections do not reach `minPosition` in time. */
  async reach(minPosition: Position | null): Promise<void> {
    if (minPosition === null) return;
    if (await this.waitFor(minPosition)) return;
    const reached = this.position();
    throw new ProblemError(
      problem('projections-behind', `the provenance read models are at position ${reached ?? 'none'}, not yet at ${minPosition}; retry shortly`),
    );
  }

  /**
   * `asOf` a position the log has not reached can never be answered by waiting (the projections
   * only catch up with the log): 422 at once, not 503 with a Retry-After that would never succeed.
   */
  async assertAsOfWithinLog(asOf: string | undefined): Promise<void> {
    if (asOf === undefined || !/^\d+$/.test(asOf)) return;
    const head = await this.store.headPosition();
    if (head === null || BigInt(asOf) > head) {
      throw new ProblemError(problem('as-of-beyond-log', `asOf ${asOf} is past the end of the log (${head ?? 'empty'}); ask at a position the log has reached`));
    }
  }

  /** Resolves true once the read models hold `position`, false after `timeoutMs`. */
  waitFor(position: Position, timeoutMs: number = this.config.readWaitMs): Promise<boolean> {
    const side = this.opened();
    if (side.kind === 'in-process') return side.side.runner.waitFor(position, timeoutMs);
    const at = side.readModel.lastPosition();
    if (at !== null && at >= position) return Promise.resolve(true);
    return (this.followers as FollowerThreadHost).waitFor('provenance', position, timeoutMs);
  }

  private opened<K extends ReadSide['kind']>(kind?: K): Extract<ReadSide, { kind: K }> {
    const side = this.readSide;
    if (!side || (kind && side.kind !== kind)) throw new Error('the provenance read side is not open');
    return side as Extract<ReadSide, { kind: K }>;
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
