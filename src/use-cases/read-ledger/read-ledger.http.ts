import { Controller, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { toEnvelopeJson } from '../../event-store/event-envelope';
import { EVENT_STORE, type EventStore, type Position, type RecordedEvent } from '../../event-store/event-store.port';
import { PositionQuery, WholeNumberQuery } from '../../http/fields/query-fields';
import { ReadRoute } from '../../http/openapi/routes';
import { problem, ProblemError } from '../../problems';
import { EventEnvelopeAnswer } from './event-envelope.answer';

const MAX_LIMIT = 10_000;
const PAGE = 1_000;
const NDJSON = 'application/x-ndjson';

export class LedgerEventsQuery {
  @PositionQuery('only events after this position (the `position` of the last event you read)')
  after?: bigint;

  @WholeNumberQuery(`at most this many events (default ${PAGE})`, { min: 1, max: MAX_LIMIT }, { example: 100 })
  limit?: number;
}

const line = (event: RecordedEvent): string => JSON.stringify(toEnvelopeJson(event));

@ApiTags('ledger')
@Controller('v1')
export class ReadLedgerRoute {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @ReadRoute({
    path: 'ledger/events', problems: [400, 403],
    summary: 'the global log in order, one envelope JSON per line (auditor, regulator)',
    description: `Newline-delimited JSON: each line is an object of the \`${EventEnvelopeAnswer.name}\` schema, as in a lot's history and the export. Page with \`after\` set to the last line's \`position\`.`,
    answer: {
      content: {
        [NDJSON]: {
          schema: { type: 'string', description: 'one EventEnvelope JSON object per line' },
          example:
            '{"eventId":"0b6f4a1e-3c1d-4f7a-9a55-2f0a8c1d9e21","type":"LotExtracted","streamId":"lot-AU-SPOD-1","streamRevision":0,"position":"41",…}\n' +
            '{"eventId":"7a1c3e5f-2b4d-4f6a-8c0e-1d3f5b7a9c2e","type":"LotShipped","streamId":"lot-AU-SPOD-1","streamRevision":1,"position":"42",…}\n',
        },
      },
    },
  })
  async readLedgerEvents(@CurrentActor() actor: Actor, @Query() query: LedgerEventsQuery): Promise<StreamableFile> {
    if (!isAuditorOrRegulator(actor)) throw new ProblemError(problem('not-an-auditor', 'only auditors and regulators read the global log'));
    const limit = query.limit ?? PAGE;
    // The first page is read before answering, so a store that cannot be read answers with a problem, not a cut stream.
    const first = await this.store.readAll({ after: query.after ?? null, limit: Math.min(limit, PAGE) });
    return new StreamableFile(Readable.from(this.pages(first, limit)), { type: NDJSON });
  }

  private async *pages(first: RecordedEvent[], limit: number): AsyncGenerator<string> {
    let page = first;
    let remaining = limit;
    while (page.length > 0) {
      yield page.map(line).join('\n') + '\n';
      remaining -= page.length;
      if (remaining <= 0 || page.length < PAGE) return;
      const after: Position = page[page.length - 1].position;
      page = await this.store.readAll({ after, limit: Math.min(remaining, PAGE) });
    }
  }
}
