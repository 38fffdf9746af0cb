import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import { EVENT_STORE, type EventStore, type Position } from '../../event-store/event-store.port';
import { FOLLOWER_THREAD } from '../../follower-thread/follower-thread.token';
import type { FollowerThreadHost } from '../../follower-thread/follower-thread-host';
import { problem, ProblemError } from '../../problems';
import { CLOCK, type Clock } from '../../ledger/clock';
import type { EpcisEventFilter, EventReader } from '../query/epcis-event-filter';
import { EpcisEventIndex } from '../query/epcis-event-index';
import { openEpcisIndexFollower, type EpcisIndexFollower } from '../query/epcis-index-follower';
import { epcisQueryDocument } from '../query/epcis-query-document';
import { decodePageToken, encodePageToken, queryDigest } from '../query/page-token';
import { invalidParameter, type EventQuery } from './epcis-query-parameters';

/** Where the index is followed: in this event loop (KurrentDB), or in the follower thread (embedded store). */
type IndexSide = { kind: 'in-process'; side: EpcisIndexFollower } | { kind: 'follower-thread'; index: EpcisEventIndex };

/** One page of an events query: the `EPCISQueryDocument` text, and the token of the next page when there is one. */
export interface EventQueryAnswer {
  document: string;
  nextPageToken: string | null;
}

/** The most events one eventID can name (an EPCIS event captured as several ledger events, and their declarations). */
const MAX_EVENTS_OF_ONE_ID = 1000;

/**
 * Answers EPCIS queries from the EPCIS event index. The index follows the log in the background
 * (the write path never waits for it); reads that name `minPosition` wait, bounded, until it has
 * reached that position, and a page token waits for the snapshot its paging began at.
 */
@Injectable()
export class EpcisQueryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private indexSide: IndexSide | null = null;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(FOLLOWER_THREAD) private readonly followers: FollowerThreadHost | null,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    if (!followers) {
      const side = openEpcisIndexFollower(store, config.dataDir, {
        onError: (error: Error) => Logger.error(`EPCIS event index stopped on an event and will retry: ${error.message}`, error.stack, 'EPCIS'),
      });
      this.indexSide = { kind: 'in-process', side };
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.followers) {
      // Opened once the thread has started: its follower decides whether the file is rebuilt.
      await this.followers.ready();
      this.indexSide = { kind: 'follower-thread', index: EpcisEventIndex.open(this.config.dataDir, false) };
    } else {
      await this.opened('in-process').side.follower.start();
    }
    Logger.log(`EPCIS event index at position ${this.index.position() ?? 'none'}`, 'EPCIS');
  }

  async onApplicationShutdown(): Promise<void> {
    const side = this.indexSide;
    this.indexSide = null;
    if (side?.kind === 'in-process') await side.side.close();
    else side?.index.close();
  }

  /** One page of events matching `query`, as `reader` may read them. */
  async events(reader: EventReader, query: EventQuery): Promise<EventQueryAnswer> {
    await this.reach(query.minPosition);
    const digest = queryDigest(JSON.stringify(query.filter));
    let after: Position | null = null;
    let snapshot = this.index.position();
    if (query.nextPageToken !== null) {
      const cursor = decodePageToken(query.nextPageToken);
      if (!cursor) throw invalidParameter('nextPageToken', 'is not a page token of this ledger: start the query again without it');
      if (cursor.query !== digest) {
        throw invalidParameter('nextPageToken', 'belongs to another query: send it with the parameters of the query that returned it, as the Link header does');
      }
      // The index may be behind the token's snapshot after a rebuild: wait for it as for minPosition.
      await this.reach(cursor.snapshot);
      after = cursor.after;
      snapshot = cursor.snapshot;
    }
    if (snapshot === null) return { document: this.document([]), nextPageToken: null };
    const page = this.index.search(query.filter, reader, { after, upTo: snapshot, limit: query.perPage });
    const nextPageToken = page.more && page.last !== null ? encodePageToken({ after: page.last, snapshot, query: digest }) : null;
    return { document: this.document(page.events), nextPageToken };
  }

  /** Every event with this EPCIS eventID (the event and its error declarations) that `reader` may read. */
  async event(reader: EventReader, eventId: string, minPosition: Position | null): Promise<string> {
    await this.reach(minPosition);
    const upTo = this.index.position();
    const filter: EpcisEventFilter = { eventIds: [eventId] };
    const events = upTo === null ? [] : this.index.search(filter, reader, { after: null, upTo, limit: MAX_EVENTS_OF_ONE_ID }).events;
    if (events.length > 0) return this.document(events);
    if (upTo !== null && this.index.hasEventId(eventId, upTo)) {
      throw new ProblemError(problem('not-a-reader', `only auditors, regulators and parties that hold or held a lot of event ${eventId} may read it`));
    }
    throw new ProblemError(problem('epcis-event-not-found', `no custody event has the eventID ${eventId}`));
  }

  /** Read-your-writes: 503 with Retry-After when the index does not reach `position` in time. */
  private async reach(position: Position | null): Promise<void> {
    if (position === null) return;
    if (await this.waitFor(position)) return;
    // The index is a read model of the log like the provenance ones: the same problem, naming it.
    throw new ProblemError(
      problem('projections-behind', `the EPCIS event index is at position ${this.index.position() ?? 'none'}, not yet at ${position}; retry shortly`),
    );
  }

  private waitFor(position: Position): Promise<boolean> {
    const side = this.opened();
    if (side.kind === 'in-process') return side.side.follower.waitFor(position, this.config.readWaitMs);
    const at = side.index.position();
    if (at !== null && at >= position) return Promise.resolve(true);
    return (this.followers as FollowerThreadHost).waitFor('epcis', position, this.config.readWaitMs);
  }

  private document(events: readonly string[]): string {
    return epcisQueryDocument(events, this.clock.now());
  }

  private get index(): EpcisEventIndex {
    const side = this.opened();
    return side.kind === 'in-process' ? side.side.index : side.index;
  }

  private opened<K extends IndexSide['kind']>(kind?: K): Extract<IndexSide, { kind: K }> {
    const side = this.indexSide;
    if (!side || (kind && side.kind !== kind)) throw new Error('the EPCIS event index is not open');
    return side as Extract<IndexSide, { kind: K }>;
  }
}
