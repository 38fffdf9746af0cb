import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, RegisterFacility } from '../../domain/commands';
import { FACILITY_KINDS } from '../../domain/events';
import { REGISTERED_GLN_SHAPE } from '../../domain/gs1-key';
import { field } from '../../http/fields/field';
import { CountryField, EnumField, IdField, NestedField, TextField } from '../../http/fields/body-fields';
import { latitude, longitude, matches } from '../../http/fields/rules';
import { WriteRoute } from '../../http/openapi/routes';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

class LocationBody {
  @field({ description: 'latitude, decimal degrees', example: -33.86 }, latitude())
  lat: number;

  @field({ description: 'longitude, decimal degrees', example: 116.06 }, longitude())
  lon: number;
}

class FacilityIdentifiersBody {
  @field(
    { description: 'GS1 Global Location Number: 13 digits with a valid check digit, or an urn:epc:id:sgln: URN', example: '9312345000012', optional: true },
    matches(REGISTERED_GLN_SHAPE.facility, 'gln must be 13 digits or an urn:epc:id:sgln: URN'),
  )
  gln?: string;

  @field({ description: 'RMI smelter id', example: 'CID002345', optional: true }, matches(/^CID\d{6}$/, 'rmiSmelterId must look like CID001234'))
  rmiSmelterId?: string;
}

export class RegisterFacilityBody {
  @IdField({ description: 'facility id, unique in the ledger', example: 'au-greenbushes-mine' })
  id: string;

  @TextField({ description: 'facility name', example: 'Greenbushes lithium mine' })
  name: string;

  @EnumField(FACILITY_KINDS, 'FacilityKind', { description: 'what the facility does', example: 'mine' })
  kind: (typeof FACILITY_KINDS)[number];

  @CountryField({ description: 'where it is', example: 'AU' })
  country: string;

  @NestedField(() => LocationBody, { description: 'coordinates', optional: true })
  location?: LocationBody;

  @NestedField(() => FacilityIdentifiersBody, { description: 'external ids', optional: true })
  identifiers?: FacilityIdentifiersBody;
}

export function toRegisterFacility(body: RegisterFacilityBody, actor: Actor): RegisterFacility {
  return {
    type: 'RegisterFacility',
    actor,
    facilityId: body.id,
    name: body.name,
    kind: body.kind,
    country: body.country,
    ...(body.location ? { location: { lat: body.location.lat, lon: body.location.lon } } : {}),
    ...(body.identifiers ? { identifiers: { ...body.identifiers } } : {}),
  };
}

@ApiTags('facilities')
@Controller('v1')
export class RegisterFacilityRoute extends CommandRoutes {
  @WriteRoute('RegisterFacility', { path: 'facilities', summary: 'register a facility the caller operates (operator)' })
  registerFacility(@Body() body: RegisterFacilityBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toRegisterFacility(body, actor), write);
  }
}
