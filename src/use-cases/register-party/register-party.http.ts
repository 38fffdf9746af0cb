import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, CurrentBearer } from '../../access/current-actor.decorator';
import type { Actor, RegisterParty } from '../../domain/commands';
import { PARTY_ROLES } from '../../domain/events';
import { WriteAnswer, writeAnswer } from '../../http/answers';
import { CountryField, EnumListField, IdField, NestedField, TextField } from '../../http/fields/body-fields';
import { field } from '../../http/fields/field';
import { isString, matches, maxLength } from '../../http/fields/rules';
import { REGISTERED_GLN_SHAPE } from '../../domain/gs1-key';
import { WriteRoute } from '../../http/openapi/routes';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { RegisterPartyMessage } from './register-party.handler';

class PartyIdentifiersBody {
  @field(
    { description: "the party's GS1 Global Location Number: 13 digits with a valid check digit, or an urn:epc:id:pgln: URN", example: 'urn:epc:id:pgln:9312345.00001', optional: true },
    matches(REGISTERED_GLN_SHAPE.party, 'pgln must be 13 digits or an urn:epc:id:pgln: URN'),
  )
  pgln?: string;

  @field({ description: 'ISO 17442 Legal Entity Identifier (check digits valid), matched against watch lists', example: '529900T8BM49AURSDO55', optional: true }, isString(), maxLength(64))
  lei?: string;

  @field({ description: 'national company registration number in the party\'s country, matched against watch lists', example: '91650000228601173X', optional: true }, isString(), maxLength(64))
  registrationNumber?: string;
}

export class RegisterPartyBody {
  @IdField({ description: 'party id, unique in the ledger', example: 'kr-ulsan-cathode' })
  id: string;

  @TextField({ description: 'legal name', example: 'Ulsan Cathode Materials Co., Ltd.' })
  name: string;

  @CountryField({ description: 'country of registration', example: 'KR' })
  country: string;

  @EnumListField(PARTY_ROLES, 'PartyRole', { description: 'what the party may do in the ledger', example: ['processor'] })
  roles: (typeof PARTY_ROLES)[number][];

  @NestedField(() => PartyIdentifiersBody, { description: "the party's identifiers: GS1 for EPCIS capture; all of them for screening against watch lists", optional: true })
  identifiers?: PartyIdentifiersBody;
}

/** `201 {id, apiKey, eventIds, position}`: the key is shown once, so the caller must keep it. */
export class PartyRegistered extends WriteAnswer {
  @ApiProperty({ description: 'the registered party', example: 'kr-ulsan-cathode' })
  id: string;

  @ApiProperty({
    description:
      "the new party's API key, shown only now; null only when a replayed registration could not be opened (sent with another admin token than the first)",
    type: String,
    nullable: true,
    example: 'cml_3q2xW0bKfS9nT1vHj7cYpLm4RzAe8uGd5oNiQk6sEw0',
  })
  apiKey: string | null;
}

export function toRegisterParty(body: RegisterPartyBody, actor: Actor): RegisterParty {
  return {
    type: 'RegisterParty',
    actor,
    partyId: body.id,
    name: body.name,
    country: body.country,
    roles: body.roles,
    ...(body.identifiers !== undefined ? { identifiers: { ...body.identifiers } } : {}),
  };
}

@ApiTags('parties')
@Controller('v1')
export class RegisterPartyRoute {
  constructor(private readonly commands: CommandBus) {}

  @WriteRoute('RegisterParty', { path: 'parties', summary: 'register a party (admin); the answer holds its API key, shown once', answer: PartyRegistered })
  async registerParty(@Body() body: RegisterPartyBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest, @CurrentBearer() bearer: string) {
    const { outcome, apiKey } = await this.commands.execute(new RegisterPartyMessage(toRegisterParty(body, actor), write.meta, bearer));
    return writeAnswer({ id: body.id, apiKey, ...outcome }, write.headers);
  }
}
