import { assertHasRole } from './authority';
import { assertCountry, assertId, assertOneOf, assertText } from './command-fields';
import type { RegisterFacility } from './commands';
import { FacilityAlreadyExists, InvalidCommand } from './errors';
import { registeredGln } from './gs1-key';
import { FACILITY_KINDS, OPERATOR_ROLES, type FacilityRegistered } from './events';
import type { FacilityState } from './facility';
import { defineSlice, read } from './slice';

export interface RegisterFacilityContext {
  /** The state of `facility-<command.facilityId>`. */
  facility: FacilityState;
}

/** Any operator registers a facility, and operates what it registers. */
export function decideRegisterFacility(
  command: RegisterFacility,
  context: RegisterFacilityContext,
): [FacilityRegistered] {
  assertHasRole(command.actor, OPERATOR_ROLES);
  assertId(command.facilityId, 'id');
  assertText(command.name, 'name');
  assertOneOf(command.kind, FACILITY_KINDS, 'kind');
  assertCountry(command.country, 'country');
  if (command.location !== undefined) assertLocation(command.location);
  if (command.identifiers?.gln !== undefined && registeredGln(command.identifiers.gln, 'facility') === null) {
    throw new InvalidCommand([
      { field: 'identifiers.gln', message: 'a GLN has 13 digits ending in a valid GS1 check digit, or is given as an urn:epc:id:sgln: URN' },
    ]);
  }
  if (command.identifiers?.rmiSmelterId !== undefined && !/^CID\d{6}$/.test(command.identifiers.rmiSmelterId)) {
    throw new InvalidCommand([{ field: 'identifiers.rmiSmelterId', message: 'an RMI smelter id reads CID and 6 digits' }]);
  }
  if (context.facility.exists) throw new FacilityAlreadyExists(command.facilityId);
  // Absent identifiers are left out rather than stored as undefined, so the payload hash is stable.
  const { gln, rmiSmelterId } = command.identifiers ?? {};
  const identifiers =
    gln !== undefined || rmiSmelterId !== undefined
      ? { ...(gln !== undefined ? { gln } : {}), ...(rmiSmelterId !== undefined ? { rmiSmelterId } : {}) }
      : undefined;
  return [
    {
      type: 'FacilityRegistered',
      data: {
        facilityId: command.facilityId,
        operatorId: command.actor.partyId,
        name: command.name,
        kind: command.kind,
        country: command.country,
        ...(command.location !== undefined ? { location: { lat: command.location.lat, lon: command.location.lon } } : {}),
        ...(identifiers ? { identifiers } : {}),
      },
    },
  ];
}

function assertLocation(location: { lat: number; lon: number }): void {
  const { lat, lon } = location;
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw new InvalidCommand([{ field: 'location.lat', message: 'must be a latitude between -90 and 90' }]);
  }
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    throw new InvalidCommand([{ field: 'location.lon', message: 'must be a longitude between -180 and 180' }]);
  }
}

/** RegisterFacility reads the facility's stream and writes it, and the stream of its GLN when it has one. */
export const registerFacilitySlice = defineSlice({
  reads: (command: RegisterFacility) => {
    const gln = typeof command.identifiers?.gln === 'string' ? registeredGln(command.identifiers.gln, 'facility') : null;
    return { facility: read.facility(command.facilityId), glnIndex: gln === null ? undefined : read.gln(gln) };
  },
  decide: decideRegisterFacility,
});
