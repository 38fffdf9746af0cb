import type { RegisterFacility, RegisterParty } from './commands';
import { FacilityAlreadyExists, InvalidCommand, MissingRole, PartyAlreadyExists } from './errors';
import { given } from './testing/decider-spec';
import { actors, facilityRegistered, partyRegistered } from './testing/fixtures';

const registerParty = (overrides: Partial<RegisterParty> = {}): RegisterParty => ({
  type: 'RegisterParty',
  actor: actors.admin,
  partyId: 'au-miner',
  name: 'AU Miner Pty',
  country: 'AU',
  roles: ['producer'],
  ...overrides,
});

const registerFacility = (overrides: Partial<RegisterFacility> = {}): RegisterFacility => ({
  type: 'RegisterFacility',
  actor: actors.auMiner,
  facilityId: 'au-mine',
  name: 'Greenbushes',
  kind: 'mine',
  country: 'AU',
  location: { lat: -33.86, lon: 116.06 },
  ...overrides,
});

describe('parties: registered by an admin only', () => {
  it('an admin registers a party with its roles', () => {
    given()
      .when(registerParty())
      .then([{ type: 'PartyRegistered', data: { partyId: 'au-miner', name: 'AU Miner Pty', country: 'AU', roles: ['producer'] } }]);
  });

  it('nobody else registers parties', () => {
    given().when(registerParty({ actor: actors.regulator })).thenThrows(MissingRole);
  });

  it('a party id is registered once', () => {
    given(partyRegistered(actors.auMiner)).when(registerParty()).thenThrows(PartyAlreadyExists);
  });

  it('roles are known, distinct and at least one; the country is ISO alpha-2', () => {
    given().when(registerParty({ roles: [] })).thenThrows(InvalidCommand);
    given().when(registerParty({ roles: ['miner' as never] })).thenThrows(InvalidCommand, (e) => expect(e.field).toBe('roles.0'));
    given().when(registerParty({ roles: ['producer', 'producer'] })).thenThrows(InvalidCommand);
    given().when(registerParty({ country: 'AUS' })).thenThrows(InvalidCommand, (e) => expect(e.field).toBe('country'));
  });

  it('no party is registered as an admin: the admin is the operator, not a party', () => {
    given().when(registerParty({ roles: ['trader', 'admin'] })).thenThrows(InvalidCommand, (e) => expect(e.field).toBe('roles.1'));
  });
});

describe('facilities: registered by any operator, who operates them', () => {
  it('an operator registers a facility it then operates', () => {
    given(partyRegistered(actors.auMiner))
      .when(registerFacility())
      .then([
        {
          type: 'FacilityRegistered',
          data: {
            facilityId: 'au-mine',
            operatorId: 'au-miner',
            name: 'Greenbushes',
            kind: 'mine',
            country: 'AU',
            location: { lat: -33.86, lon: 116.06 },
          },
        },
      ]);
  });

  it('auditors, regulators and admins do not operate facilities', () => {
    given().when(registerFacility({ actor: actors.auditor })).thenThrows(MissingRole);
    given().when(registerFacility({ actor: actors.admin })).thenThrows(MissingRole);
  });

  it('a facility id is registered once', () => {
    given(facilityRegistered('au-mine', actors.clBrine, 'mine', 'CL')).when(registerFacility()).thenThrows(FacilityAlreadyExists);
  });

  it('kind, coordinates and identifiers are well formed', () => {
    given().when(registerFacility({ kind: 'quarry' as never })).thenThrows(InvalidCommand);
    given().when(registerFacility({ location: { lat: 91, lon: 0 } })).thenThrows(InvalidCommand);
    given().when(registerFacility({ identifiers: { rmiSmelterId: 'X123' } })).thenThrows(InvalidCommand);
  });
});

describe('payloads hold no undefined fields (the payload hash must not depend on them)', () => {
  it('drops absent facility identifiers', () => {
    given()
      .when(registerFacility({ location: undefined, identifiers: { gln: undefined, rmiSmelterId: 'CID000211' } }))
      .thenEvents(([event]) => {
        expect(event.data).toEqual({
          facilityId: 'au-mine',
          operatorId: 'au-miner',
          name: 'Greenbushes',
          kind: 'mine',
          country: 'AU',
          identifiers: { rmiSmelterId: 'CID000211' },
        });
        expect(Object.keys((event.data as { identifiers: object }).identifiers)).toEqual(['rmiSmelterId']);
      });
  });
});
