import type { Actor } from '../commands';
import type {
  Composition,
  FacilityKind,
  FacilityRegistered,
  LotExtracted,
  LotForm,
  LotReceived,
  LotRecovered,
  LotShipped,
  PartyRegistered,
  PartyRole,
} from '../events';
import type { GivenEvent } from './world';

/** The cast of the brief's worked example, plus the people who watch them. */

export const actors = {
  admin: { partyId: 'ledger-admin', roles: ['admin'] },
  auMiner: { partyId: 'au-miner', roles: ['producer'] },
  clBrine: { partyId: 'cl-brine', roles: ['producer'] },
  usRecycler: { partyId: 'us-recycler', roles: ['recycler'] },
  jpRefiner: { partyId: 'jp-refiner', roles: ['processor'] },
  trader: { partyId: 'sg-trader', roles: ['trader'] },
  auditor: { partyId: 'auditor', roles: ['auditor'] },
  regulator: { partyId: 'regulator', roles: ['regulator'] },
} satisfies Record<string, Actor>;

export const kg = (kilograms: number): number => kilograms * 1000;

export function partyRegistered(actor: Actor, country = 'AU'): PartyRegistered {
  return {
    type: 'PartyRegistered',
    data: { partyId: actor.partyId, name: actor.partyId, country, roles: [...actor.roles] as PartyRole[] },
  };
}

export function facilityRegistered(
  facilityId: string,
  operator: Actor,
  kind: FacilityKind,
  country: string,
): FacilityRegistered {
  return { type: 'FacilityRegistered', data: { facilityId, operatorId: operator.partyId, name: facilityId, kind, country } };
}

export const parties: GivenEvent[] = [
  partyRegistered(actors.auMiner, 'AU'),
  partyRegistered(actors.clBrine, 'CL'),
  partyRegistered(actors.usRecycler, 'US'),
  partyRegistered(actors.jpRefiner, 'JP'),
  partyRegistered(actors.trader, 'SG'),
  partyRegistered(actors.auditor, 'CH'),
  partyRegistered(actors.regulator, 'JP'),
];

export const facilities: GivenEvent[] = [
  facilityRegistered('au-mine', actors.auMiner, 'mine', 'AU'),
  facilityRegistered('cl-salar', actors.clBrine, 'mine', 'CL'),
  facilityRegistered('us-recycling-plant', actors.usRecycler, 'recycler', 'US'),
  facilityRegistered('jp-refinery', actors.jpRefiner, 'refinery', 'JP'),
  facilityRegistered('jp-warehouse', actors.jpRefiner, 'warehouse', 'JP'),
  facilityRegistered('sg-port', actors.trader, 'port', 'SG'),
];

export function lotExtracted(
  lotId: string,
  by: Actor,
  facilityId: string,
  country: string,
  grossMassG: number,
  composition: Composition,
  form: LotForm = 'concentrate',
): LotExtracted {
  return {
    type: 'LotExtracted',
    data: { lotId, form, grossMassG, composition, facilityId, country, custodianId: by.partyId },
  };
}

export const auSpodumene = lotExtracted('AU-SPOD-1', actors.auMiner, 'au-mine', 'AU', kg(1_000_000), { lithium: kg(27_900) });
export const clBrine = lotExtracted('CL-BRINE-7', actors.clBrine, 'cl-salar', 'CL', kg(200_000), { lithium: kg(12_000) }, 'brine');
export const usBlackMass: LotRecovered = {
  type: 'LotRecovered',
  data: {
    lotId: 'US-BM-3',
    form: 'black-mass',
    grossMassG: kg(50_000),
    composition: { lithium: kg(1_500), nickel: kg(10_000), cobalt: kg(3_000), manganese: kg(3_000) },
    facilityId: 'us-recycling-plant',
    country: 'US',
    custodianId: actors.usRecycler.partyId,
    feedstock: 'post-consumer',
  },
};

/** A whole-lot custody hop, shipped and received without loss. */
export function hop(
  lotId: string,
  grossMassG: number,
  composition: Composition,
  from: Actor,
  to: Actor,
  facilityId: string,
  country: string,
  shipmentId = `${lotId}-to-${to.partyId}`,
): [LotShipped, LotReceived] {
  return [
    {
      type: 'LotShipped',
      data: { lotId, shipmentId, fromPartyId: from.partyId, toPartyId: to.partyId, destinationCountry: country, grossMassG },
    },
    {
      type: 'LotReceived',
      data: {
        lotId,
        shipmentId,
        receiverId: to.partyId,
        facilityId,
        country,
        shippedMassG: grossMassG,
        receivedMassG: grossMassG,
        composition,
      },
    },
  ];
}

/** The three lots of the worked example, each received at the JP refinery by the refiner. */
export const workedExampleAtRefinery: GivenEvent[] = [
  ...parties,
  ...facilities,
  auSpodumene,
  ...hop('AU-SPOD-1', kg(1_000_000), { lithium: kg(27_900) }, actors.auMiner, actors.jpRefiner, 'jp-refinery', 'JP'),
  clBrine,
  ...hop('CL-BRINE-7', kg(200_000), { lithium: kg(12_000) }, actors.clBrine, actors.jpRefiner, 'jp-refinery', 'JP'),
  usBlackMass,
  ...hop('US-BM-3', kg(50_000), usBlackMass.data.composition, actors.usRecycler, actors.jpRefiner, 'jp-refinery', 'JP'),
];
