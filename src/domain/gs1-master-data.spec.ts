import { identifierKeys } from '../../projections/screening-keys';
import type { CorrectEvent, RecordLotOrigin, RegisterFacility, RegisterParty } from './commands';
import { InvalidCommand } from './errors';
import { foldGlnIndex } from './gln-index';
import { streams } from './stream-ref';
import { given } from './testing/decider-spec';
import { actors, facilityRegistered, kg, parties } from './testing/fixtures';
import { entriesOf } from './testing/world';

/** EPCIS master data kept by the ledger: GLNs of parties and facilities, GS1 lot classes, EPCIS corrections. */

const registerFacility = (identifiers: RegisterFacility['identifiers']): RegisterFacility => ({
  type: 'RegisterFacility',
  actor: actors.auMiner,
  facilityId: 'au-mine',
  name: 'Greenbushes',
  kind: 'mine',
  country: 'AU',
  identifiers,
});

const registerParty = (identifiers: RegisterParty['identifiers']): RegisterParty => ({
  type: 'RegisterParty',
  actor: actors.admin,
  partyId: 'au-miner',
  name: 'AU Miner Pty',
  country: 'AU',
  roles: ['producer'],
  identifiers,
});

describe('a GLN given at registration is kept and indexed', () => {
  it('a facility registered with an SGLN URN is written on its own stream and on the stream of its 13-digit GLN', () => {
    const world = given(...parties)
      .when(registerFacility({ gln: 'urn:epc:id:sgln:0614141.00001.0' }))
      .thenEvents(([event]) => expect(event.data).toMatchObject({ identifiers: { gln: 'urn:epc:id:sgln:0614141.00001.0' } }));

    const index = foldGlnIndex('0614141000012', entriesOf(world, streams.gln('0614141000012')));
    expect(index.facilities).toEqual([{ facilityId: 'au-mine', operatorId: 'au-miner', kind: 'mine', country: 'AU' }]);
  });

  it('two facilities may share a GLN: the index lists both', () => {
    const otherSite = facilityRegistered('other-site', actors.auMiner, 'mine', 'AU');
    const world = given(...parties, { ...otherSite, data: { ...otherSite.data, identifiers: { gln: '0614141000012' } } })
      .when(registerFacility({ gln: '0614141000012' }))
      .thenEvents(() => undefined);

    const index = foldGlnIndex('0614141000012', entriesOf(world, streams.gln('0614141000012')));
    expect(index.facilities.map((f) => f.facilityId)).toEqual(['other-site', 'au-mine']);
  });

  it('a GLN whose check digit is wrong is refused', () => {
    given(...parties).when(registerFacility({ gln: '0614141000013' })).thenThrows(InvalidCommand, (error) => {
      expect(error.field).toBe('identifiers.gln');
    });
  });

  it('a party registered with a PGLN keeps it and is indexed under it', () => {
    const world = given()
      .when(registerParty({ pgln: 'urn:epc:id:pgln:0614141.00002' }))
      .then([
        {
          type: 'PartyRegistered',
          data: { partyId: 'au-miner', name: 'AU Miner Pty', country: 'AU', roles: ['producer'], identifiers: { pgln: 'urn:epc:id:pgln:0614141.00002' } },
        },
      ]);

    expect(foldGlnIndex('0614141000029', entriesOf(world, streams.gln('0614141000029'))).parties).toEqual([{ partyId: 'au-miner' }]);
  });

  it('a party registers its PGLN with the identifiers screening matches (LEI, registration number): all are kept, and it is indexed under its PGLN', () => {
    const identifiers = { pgln: 'urn:epc:id:pgln:0614141.00002', lei: '529900T8BM49AURSDO55', registrationNumber: 'ACN 000 000 019' };
    const world = given()
      .when(registerParty(identifiers))
      .thenEvents(([event]) => expect(event.data).toMatchObject({ identifiers }));
    expect(foldGlnIndex('0614141000029', entriesOf(world, streams.gln('0614141000029'))).parties).toEqual([{ partyId: 'au-miner' }]);
    // Screening files it under the 13 digits its URN names, where a list entry's PGLN is looked up.
    expect([...identifierKeys(identifiers).keys()].sort()).toEqual(['gln:0614141000029', 'lei:529900T8BM49AURSDO55', 'reg:ACN000000019']);
    given().when(registerParty({ ...identifiers, lei: 'not-an-lei' })).thenThrows(InvalidCommand, (error) => expect(error.field).toBe('identifiers.lei'));
  });

  it('a PGLN that is not a GLN is refused', () => {
    given().when(registerParty({ pgln: '12345' })).thenThrows(InvalidCommand, (error) => expect(error.field).toBe('identifiers.pgln'));
  });
});

describe('a lot created with a GS1 class keeps it', () => {
  it('the origin carries the epcClass as given', () => {
    const command: RecordLotOrigin = {
      type: 'RecordLotOrigin',
      actor: actors.auMiner,
      lotId: 'gtin:04012345123456:L-7',
      form: 'ore',
      grossMassG: kg(1_000),
      composition: { lithium: kg(10) },
      occurredAt: '2026-01-10T00:00:00Z',
      origin: { type: 'extraction', facilityId: 'au-mine' },
      epcClass: 'urn:epc:class:lgtin:4012345.012345.L-7',
    };
    given(...parties, facilityRegistered('au-mine', actors.auMiner, 'mine', 'AU'))
      .when(command)
      .thenEvents(([event]) => expect(event.data).toMatchObject({ lotId: 'gtin:04012345123456:L-7', epcClass: 'urn:epc:class:lgtin:4012345.012345.L-7' }));
  });
});

describe('an EPCIS error declaration keeps its time and corrective events', () => {
  it('EventCorrected carries the declaration time and the corrective eventIDs', () => {
    const correction: CorrectEvent = {
      type: 'CorrectEvent',
      actor: actors.auMiner,
      subject: { kind: 'facility', facilityId: 'au-mine' },
      correctedEventId: 'facility-au-mine:0',
      reason: 'incorrect_data',
      occurredAt: '2026-02-01T00:00:00Z',
      declarationTime: '2026-02-01T00:00:00Z',
      correctiveEventIds: ['urn:uuid:0f9c2b1e-8f7a-4a57-9f65-0d5d1b8f3b1a'],
    };
    given({ ...facilityRegistered('au-mine', actors.auMiner, 'mine', 'AU'), actorPartyId: 'au-miner' })
      .when(correction)
      .then([
        {
          type: 'EventCorrected',
          data: {
            correctedEventId: 'facility-au-mine:0',
            reason: 'incorrect_data',
            declarationTime: '2026-02-01T00:00:00Z',
            correctiveEventIds: ['urn:uuid:0f9c2b1e-8f7a-4a57-9f65-0d5d1b8f3b1a'],
          },
        },
      ]);
  });
});
