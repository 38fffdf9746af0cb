import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, AmendWatchlist } from '../../domain/commands';
import type { WatchlistEntry } from '../../domain/events';
import { IdField, idRules, LONG_TEXT_MAX, NestedField, NestedListField, TextField, TimeField } from '../../http/fields/body-fields';
import { field } from '../../http/fields/field';
import { each } from '../../http/fields/rule';
import { array, iso3166Alpha2, isString, maxLength, notEmpty } from '../../http/fields/rules';
import { WriteRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

/** Entries per amendment: a whole published list (the UFLPA list has 144) fits with room to spare. */
const MAX_ENTRIES = 10_000;

/** An identifier as text; its format (LEI check digits, GS1 check digit …) is the domain's to check, answering 400 naming the field. */
const IdentifierField = (description: string, example: string) => field({ description, example, optional: true }, isString(), maxLength(64));

export class EntryIdentifiersBody {
  @IdentifierField('ISO 17442 Legal Entity Identifier (check digits valid)', '529900T8BM49AURSDO55')
  lei?: string;

  @IdentifierField('GS1 Global Location Number of a site (13 digits, check digit valid)', '9506000000015')
  gln?: string;

  @IdentifierField('GS1 party GLN (13 digits, check digit valid)', '9506000000015')
  pgln?: string;

  @IdentifierField('RMI smelter id (CID and 6 digits)', 'CID002345')
  rmiSmelterId?: string;

  @IdentifierField('national company registration number', '91650000228601173X')
  registrationNumber?: string;
}

export class WatchlistEntryBody {
  @IdField({ description: 'entry id, stable across amendments', example: 'UFLPA-144' })
  entryId: string;

  @TextField({ description: 'the listed name; an entry needs a name, an identifier or both', example: 'Xinjiang Nonferrous Metal Industry (Group) Co., Ltd.', max: 500, optional: true })
  name?: string;

  @field({ description: 'other names the list gives', example: ['Xinjiang Nonferrous'], optional: true }, array({ max: 50 }), each(isString()), each(notEmpty()), each(maxLength(500)))
  aliases?: string[];

  @field({ description: 'ISO 3166-1 alpha-2 countries the list names for it', example: ['CN'], optional: true }, array({ max: 250 }), each(iso3166Alpha2()))
  countries?: string[];

  @NestedField(() => EntryIdentifiersBody, { description: 'identifiers that name it exactly: any one matching raises an automatic flag', optional: true })
  identifiers?: EntryIdentifiersBody;
}

export class AmendWatchlistBody {
  @IdField({ description: 'amendment id, unique in the list', example: 'FR-2025-01234' })
  amendmentId: string;

  @TimeField({ description: 'RFC 3339 time from which it is in force; past (a list loaded with its history) or future', example: '2025-01-15T00:00:00Z' })
  effectiveFrom: string;

  @TextField({ description: 'where the authority published it, e.g. a Federal Register citation', example: '90 FR 3215 (2025-01-15)', max: LONG_TEXT_MAX })
  reference: string;

  @NestedListField(() => WatchlistEntryBody, { description: 'entries listed from effectiveFrom', max: MAX_ENTRIES, optional: true })
  add?: WatchlistEntryBody[];

  @field({ description: 'ids of entries delisted from effectiveFrom', example: [], optional: true }, array({ max: MAX_ENTRIES }), ...idRules().map(each))
  remove?: string[];
}

export function toAmendWatchlist(listId: string, body: AmendWatchlistBody, actor: Actor): AmendWatchlist {
  const add = (body.add ?? []).map(
    (entry): WatchlistEntry => ({
      entryId: entry.entryId,
      ...(entry.name !== undefined ? { name: entry.name } : {}),
      ...(entry.aliases !== undefined ? { aliases: entry.aliases } : {}),
      ...(entry.countries !== undefined ? { countries: entry.countries } : {}),
      ...(entry.identifiers !== undefined ? { identifiers: { ...entry.identifiers } } : {}),
    }),
  );
  const { amendmentId, effectiveFrom, reference } = body;
  return { type: 'AmendWatchlist', actor, listId, amendmentId, effectiveFrom, reference, add, remove: body.remove ?? [] };
}

@ApiTags('watch lists')
@Controller('v1')
export class AmendWatchlistRoute extends CommandRoutes {
  @WriteRoute('AmendWatchlist', {
    path: 'watchlists/:listId/amendments',
    summary: 'record an amendment of a list: entries added and removed from a date, citing where it was published (regulator); screening follows',
    params: { listId: { example: 'uflpa-entity-list' } },
    problems: [404],
  })
  amendWatchlist(@PathId('listId') listId: string, @Body() body: AmendWatchlistBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toAmendWatchlist(listId, body, actor), write);
  }
}
