import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor } from '../../domain/commands';
import { toEnvelopeJson } from '../../event-store/event-envelope';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { problem, ProblemError } from '../../http/problem';

const MAX_LIMIT = 10_000;
const PAGE = 1_000;

export function parsePositionParam(name: string, value: string | undefined): bigint | null {
  if (value === undefined || value === '') return null;
  if (!/^\d{1,30}$/.test(value)) {
    throw new ProblemError(problem('invalid-query', `${name} must be a position: a decimal string of digits`, { errors: [{ field: name, message: 'must be a decimal position' }] }));
  }
  return BigInt(value);
}

export function parseLimitParam(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > max) {
    throw new ProblemError(problem('invalid-query', `limit must be a whole number from 1 to ${max}`, { errors: [{ field: 'limit', message: `1-${max}` }] }));
  }
  return limit;
}

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1/ledger')
export class LedgerController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('events')
  @ApiOperation({ summary: 'the global log in order, one envelope JSON per line (auditor, regulator)' })
  @ApiProduces('application/x-ndjson')
  @ApiQuery({ name: 'after', required: false, description: 'only events after this position' })
  @ApiQuery({ name: 'limit', required: false, description: `at most this many events (default ${PAGE}, max ${MAX_LIMIT})` })
  async events(
    @CurrentActor() actor: Actor,
    @Res() res: Response,
    @Query('after') afterParam?: string,
    @Query('limit') limitParam?: string,
  ): Promise<void> {
    if (!isAuditorOrRegulator(actor)) {
      throw new ProblemError(problem('not-an-auditor', 'only auditors and regulators read the global log'));
    }
    let after = parsePositionParam('after', afterParam);
    let remaining = parseLimitParam(limitParam, PAGE, MAX_LIMIT);
    res.status(200).type('application/x-ndjson');
    while (remaining > 0) {
      const page = await this.store.readAll({ after, limit: Math.min(remaining, PAGE) });
      if (page.length === 0) break;
      res.write(page.map((event) => JSON.stringify(toEnvelopeJson(event))).join('\n') + '\n');
      remaining -= page.length;
      after = page[page.length - 1].position;
      if (page.length < PAGE) break;
    }
    res.end();
  }
}
