import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, CreateWatchlist } from '../../domain/commands';
import { WATCHLIST_CATEGORIES } from '../../domain/events';
import { EnumField, IdField, TextField, TimeField } from '../../http/fields/body-fields';
import { WriteRoute } from '../../http/openapi/routes';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

export class CreateWatchlistBody {
  @IdField({ description: 'list id, unique in the ledger', example: 'uflpa-entity-list' })
  listId: string;

  @TextField({ description: 'the name the authority publishes it under', example: 'UFLPA Entity List' })
  name: string;

  @TextField({ description: 'the authority that publishes it', example: 'US DHS Forced Labor Enforcement Task Force' })
  authority: string;

  @EnumField(WATCHLIST_CATEGORIES, 'WatchlistCategory', { description: 'the category of the flags screening raises from it', example: 'forced-labor' })
  category: (typeof WATCHLIST_CATEGORIES)[number];

  @TimeField({ description: 'RFC 3339 time from which the list exists (default now): no amendment may take effect earlier', example: '2022-06-21T00:00:00Z', optional: true })
  effectiveFrom?: string;
}

export function toCreateWatchlist(body: CreateWatchlistBody, actor: Actor): CreateWatchlist {
  const { listId, name, authority, category, effectiveFrom } = body;
  return { type: 'CreateWatchlist', actor, listId, name, authority, category, ...(effectiveFrom !== undefined ? { effectiveFrom } : {}) };
}

/** Art. 5.8: a regulator records the watch lists authorities publish, as dated data (as the Annex is). */
@ApiTags('watch lists')
@Controller('v1')
export class CreateWatchlistRoute extends CommandRoutes {
  @WriteRoute('CreateWatchlist', { path: 'watchlists', summary: 'record a watch list an authority publishes (regulator)' })
  createWatchlist(@Body() body: CreateWatchlistBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toCreateWatchlist(body, actor), write);
  }
}
