import { createHash } from 'node:crypto';
import type { Schemas } from './ledger-api-client';

/** The parts of the contract the scenario is written in, as the served OpenAPI document types them. */
type PartyRole = Schemas['PartyRole'];
type FacilityKind = Schemas['FacilityKind'];
type LotOriginBody = Schemas['RecordLotOriginBody'];
type ShipmentBody = Schemas['ShipLotBody'];
type ReceiptBody = Schemas['ReceiveLotBody'];
type TransformationBody = Schemas['TransformLotsBody'];
type RetirementBody = Schemas['RetireLotBody'];
type CertificationBody = Schemas['RecordCertificationBody'];
type FlagBody = Schemas['RaiseFlagBody'];
type FlagResolutionBody = Schemas['ResolveFlagBody'];
type WatchlistBody = Schemas['CreateWatchlistBody'];
type WatchlistAmendmentBody = Schemas['AmendWatchlistBody'];

/**
 * The demo's supply chain, as data. Ids here are local: the runner prefixes every party, facility,
 * lot, shipment, transformation, certification and flag id with the run tag, so the same scenario
 * can be played again against the same ledger.
 *
 * Lithium: the domain brief's worked example (AU-SPOD-1, CL-BRINE-7, US-BM-3 → JP-LIOH-1), then a
 * split, a trader hop through Singapore, into the cathode. Nickel and cobalt: an Indonesian
 * laterite through HPAL to MHP, blended with recycled black mass, refined with a Canadian cobalt
 * concentrate into sulfates. Manganese: South African ore to high-purity sulfate. Graphite:
 * Mozambican flake concentrate to a US anode plant (received short: an automatic flag), retired
 * into cells. Every figure respects the ledger's mass balance (checked by supply-chain.spec.ts).
 */

export interface PartySpec {
  id: string;
  name: string;
  country: string;
  roles: PartyRole[];
  /** Like ids, the runner makes the LEI its own per run (a valid LEI derived from the run tag and this one). */
  identifiers?: { lei?: string };
}

export interface FacilitySpec {
  id: string;
  /** Local id of the party that operates it and registers it with its own key. */
  operator: string;
  name: string;
  kind: FacilityKind;
  country: string;
  location?: { lat: number; lon: number };
  identifiers?: { gln?: string; rmiSmelterId?: string };
}

type Subject = { kind: 'lot'; lotId: string } | { kind: 'facility'; facilityId: string };

/** One write, in the order it is posted. `actor` is the local id of the party whose key posts it. */
export type ScenarioStep =
  | { kind: 'origin'; actor: string; body: LotOriginBody }
  | { kind: 'shipment'; actor: string; lotId: string; body: ShipmentBody }
  | { kind: 'receipt'; actor: string; lotId: string; body: ReceiptBody }
  | { kind: 'transformation'; actor: string; body: TransformationBody }
  | { kind: 'retirement'; actor: string; lotId: string; body: RetirementBody }
  | { kind: 'certification'; actor: string; subject: Subject; body: CertificationBody }
  | { kind: 'flag'; actor: string; subject: Subject; body: FlagBody }
  | { kind: 'flag-resolution'; actor: string; subject: Subject; flagId: string; body: FlagResolutionBody }
  | { kind: 'watchlist'; actor: string; body: WatchlistBody }
  | { kind: 'watchlist-amendment'; actor: string; listId: string; body: WatchlistAmendmentBody };

export interface Scenario {
  parties: PartySpec[];
  facilities: FacilitySpec[];
  steps: ScenarioStep[];
  /** Local ids the summary points at. */
  cathodeLotId: string;
  auditor: string;
  regulator: string;
  /** The lot received more than 0.5 % short, which should carry an automatic mass-discrepancy flag. */
  shortReceivedLotId: string;
  /** The watch list whose amendment catches the flagged mine's operator: the cathode lot's exposure is read against it. */
  watchlistId?: string;
}

/** Stand-in for the SHA-256 of a certificate or shipping document the demo does not actually have. */
function documentDigest(reference: string): string {
  return createHash('sha256').update(`demo document ${reference}`).digest('hex');
}

const parties: PartySpec[] = [
  { id: 'au-lithium', name: 'Yilgarn Spodumene Pty Ltd', country: 'AU', roles: ['producer'] },
  { id: 'cl-brine', name: 'Salar del Viento SpA', country: 'CL', roles: ['producer'] },
  { id: 'id-nickel', name: 'PT Halmahera Laterite Nickel', country: 'ID', roles: ['producer'], identifiers: { lei: 'DEMOHPALNICKEL00ID09' } },
  { id: 'id-hpal', name: 'PT Halmahera Persada HPAL', country: 'ID', roles: ['processor'] },
  { id: 'ca-cobalt', name: 'Temiskaming Cobalt Mines Ltd', country: 'CA', roles: ['producer'] },
  { id: 'za-manganese', name: 'Kalahari Manganese (Pty) Ltd', country: 'ZA', roles: ['producer'] },
  { id: 'za-mnso4', name: 'Coega Manganese Sulfate (Pty) Ltd', country: 'ZA', roles: ['processor'] },
  { id: 'mz-graphite', name: 'Cabo Delgado Graphite Lda', country: 'MZ', roles: ['producer'] },
  { id: 'us-recycler', name: 'Great Basin Battery Recycling Inc.', country: 'US', roles: ['recycler'] },
  { id: 'jp-lithium', name: 'Seto Lithium Refining K.K.', country: 'JP', roles: ['processor'] },
  { id: 'jp-sulfate', name: 'Shikoku Nickel & Cobalt Sulfate K.K.', country: 'JP', roles: ['processor'] },
  { id: 'jp-precursor', name: 'Harima Precursor Materials K.K.', country: 'JP', roles: ['processor'] },
  { id: 'jp-cathode', name: 'Kansai Cathode Works K.K.', country: 'JP', roles: ['processor', 'manufacturer'] },
  { id: 'us-anode', name: 'Gulf Coast Anode & Cell LLC', country: 'US', roles: ['processor', 'manufacturer'] },
  { id: 'sg-trader', name: 'Straits Battery Metals Trading Pte Ltd', country: 'SG', roles: ['trader'] },
  { id: 'auditor', name: 'Meridian Responsible Sourcing Assurance', country: 'GB', roles: ['auditor'] },
  { id: 'regulator', name: 'Critical Minerals Agreement Oversight Office', country: 'US', roles: ['regulator'] },
];

const facilities: FacilitySpec[] = [
  {
    id: 'au-spodumene-mine',
    operator: 'au-lithium',
    name: 'Yilgarn spodumene mine and concentrator',
    kind: 'mine',
    country: 'AU',
    location: { lat: -31.08, lon: 121.47 },
    identifiers: { gln: '0614141000012' },
  },
  {
    id: 'cl-brine-operation',
    operator: 'cl-brine',
    name: 'Salar del Viento brine operation',
    kind: 'mine',
    country: 'CL',
    location: { lat: -23.52, lon: -68.31 },
  },
  {
    id: 'id-laterite-mine',
    operator: 'id-nickel',
    name: 'Halmahera nickel laterite mine',
    kind: 'mine',
    country: 'ID',
    location: { lat: 0.47, lon: 127.95 },
  },
  {
    id: 'id-hpal-plant',
    operator: 'id-hpal',
    name: 'Halmahera HPAL plant (mixed hydroxide precipitate)',
    kind: 'refinery',
    country: 'ID',
    location: { lat: 0.44, lon: 127.91 },
  },
  {
    id: 'ca-cobalt-mine',
    operator: 'ca-cobalt',
    name: 'Temiskaming cobalt-nickel mine',
    kind: 'mine',
    country: 'CA',
    location: { lat: 47.4, lon: -79.68 },
  },
  {
    id: 'za-manganese-mine',
    operator: 'za-manganese',
    name: 'Kalahari manganese mine',
    kind: 'mine',
    country: 'ZA',
    location: { lat: -27.18, lon: 22.98 },
  },
  {
    id: 'za-mnso4-refinery',
    operator: 'za-mnso4',
    name: 'Coega high-purity manganese sulfate refinery',
    kind: 'refinery',
    country: 'ZA',
    location: { lat: -33.77, lon: 25.68 },
    identifiers: { rmiSmelterId: 'CID009901' },
  },
  {
    id: 'mz-graphite-mine',
    operator: 'mz-graphite',
    name: 'Cabo Delgado flake graphite mine',
    kind: 'mine',
    country: 'MZ',
    location: { lat: -13.33, lon: 38.62 },
  },
  {
    id: 'us-recycling-plant',
    operator: 'us-recycler',
    name: 'Great Basin battery recycling plant',
    kind: 'recycler',
    country: 'US',
    location: { lat: 39.53, lon: -119.44 },
    identifiers: { gln: '0614141000029' },
  },
  {
    id: 'jp-lioh-refinery',
    operator: 'jp-lithium',
    name: 'Seto lithium hydroxide refinery',
    kind: 'refinery',
    country: 'JP',
    location: { lat: 34.6, lon: 133.93 },
    identifiers: { gln: '0614141000036', rmiSmelterId: 'CID009902' },
  },
  {
    id: 'jp-sulfate-refinery',
    operator: 'jp-sulfate',
    name: 'Niihama nickel and cobalt sulfate refinery',
    kind: 'refinery',
    country: 'JP',
    location: { lat: 33.96, lon: 133.28 },
    identifiers: { rmiSmelterId: 'CID009903' },
  },
  {
    id: 'jp-precursor-plant',
    operator: 'jp-precursor',
    name: 'Harima NMC precursor plant',
    kind: 'precursor-plant',
    country: 'JP',
    location: { lat: 34.77, lon: 134.69 },
  },
  {
    id: 'jp-cathode-plant',
    operator: 'jp-cathode',
    name: 'Kansai cathode active material plant',
    kind: 'cathode-plant',
    country: 'JP',
    location: { lat: 34.68, lon: 135.18 },
    identifiers: { gln: '0614141000043' },
  },
  {
    id: 'us-anode-plant',
    operator: 'us-anode',
    name: 'Gulf Coast spherical graphite anode and cell plant',
    kind: 'converter',
    country: 'US',
    location: { lat: 30.23, lon: -93.22 },
    identifiers: { gln: '0614141000050' },
  },
  {
    id: 'sg-warehouse',
    operator: 'sg-trader',
    name: 'Jurong bonded battery-metals warehouse',
    kind: 'warehouse',
    country: 'SG',
    location: { lat: 1.26, lon: 103.7 },
  },
];

const certificationValidity = { validFrom: '2025-06-01T00:00:00Z', validTo: '2027-05-31T23:59:59Z' };

function seaShipment(
  shipmentId: string,
  toPartyId: string,
  toFacilityId: string,
  destinationCountry: string,
  occurredAt: string,
  billOfLading: string,
): ShipmentBody {
  return {
    shipmentId,
    toPartyId,
    toFacilityId,
    destinationCountry,
    occurredAt,
    transportMode: 'sea',
    documents: [{ type: 'bill-of-lading', reference: billOfLading, sha256: documentDigest(billOfLading) }],
  };
}

function overlandShipment(
  transportMode: 'road' | 'rail',
  shipmentId: string,
  toPartyId: string,
  toFacilityId: string,
  destinationCountry: string,
  occurredAt: string,
  consignmentNote: string,
): ShipmentBody {
  return {
    shipmentId,
    toPartyId,
    toFacilityId,
    destinationCountry,
    occurredAt,
    transportMode,
    documents: [{ type: 'consignment-note', reference: consignmentNote }],
  };
}

const steps: ScenarioStep[] = [
  // Certificates the auditor holds on file, valid before any extraction below.
  {
    kind: 'certification',
    actor: 'auditor',
    subject: { kind: 'facility', facilityId: 'au-spodumene-mine' },
    body: {
      certificationId: 'CERT-IRMA-AU-1',
      scheme: 'IRMA Standard for Responsible Mining (IRMA 50)',
      issuer: 'Meridian Responsible Sourcing Assurance',
      ...certificationValidity,
      documentSha256: documentDigest('CERT-IRMA-AU-1'),
      occurredAt: '2025-08-18T09:00:00Z',
    },
  },
  {
    kind: 'certification',
    actor: 'auditor',
    subject: { kind: 'facility', facilityId: 'ca-cobalt-mine' },
    body: {
      certificationId: 'CERT-TSM-CA-1',
      scheme: 'Towards Sustainable Mining (TSM) verification',
      issuer: 'Meridian Responsible Sourcing Assurance',
      ...certificationValidity,
      documentSha256: documentDigest('CERT-TSM-CA-1'),
      occurredAt: '2025-08-19T09:00:00Z',
    },
  },
  {
    kind: 'certification',
    actor: 'auditor',
    subject: { kind: 'facility', facilityId: 'jp-sulfate-refinery' },
    body: {
      certificationId: 'CERT-RMAP-JP-1',
      scheme: 'RMI Responsible Minerals Assurance Process (RMAP) – cobalt',
      issuer: 'Responsible Minerals Initiative',
      ...certificationValidity,
      documentSha256: documentDigest('CERT-RMAP-JP-1'),
      occurredAt: '2025-08-20T09:00:00Z',
    },
  },

  // Origins: extraction at mines, recovery at the recycler.
  {
    kind: 'origin',
    actor: 'au-lithium',
    body: {
      lotId: 'AU-SPOD-1',
      form: 'concentrate',
      grossMassKg: '1000000',
      composition: { lithium: '27900' },
      occurredAt: '2025-09-02T06:00:00Z',
      origin: { type: 'extraction', facilityId: 'au-spodumene-mine' },
    },
  },
  {
    kind: 'origin',
    actor: 'cl-brine',
    body: {
      lotId: 'CL-BRINE-7',
      form: 'brine',
      grossMassKg: '200000',
      composition: { lithium: '12000' },
      occurredAt: '2025-09-09T14:00:00Z',
      origin: { type: 'extraction', facilityId: 'cl-brine-operation' },
    },
  },
  {
    kind: 'origin',
    actor: 'us-recycler',
    body: {
      lotId: 'US-BM-3',
      form: 'black-mass',
      grossMassKg: '50000',
      composition: { lithium: '1500', nickel: '10000', cobalt: '3000', manganese: '3000' },
      occurredAt: '2025-09-15T17:30:00Z',
      origin: { type: 'recycling', facilityId: 'us-recycling-plant', feedstock: 'post-consumer' },
    },
  },
  {
    kind: 'origin',
    actor: 'us-recycler',
    body: {
      lotId: 'US-BM-4',
      form: 'black-mass',
      grossMassKg: '20000',
      composition: { lithium: '700', nickel: '4000', cobalt: '1200', manganese: '1100' },
      occurredAt: '2025-09-20T17:30:00Z',
      origin: { type: 'recycling', facilityId: 'us-recycling-plant', feedstock: 'post-consumer' },
    },
  },
  {
    kind: 'origin',
    actor: 'id-nickel',
    body: {
      lotId: 'ID-LAT-1',
      form: 'ore',
      grossMassKg: '1500000',
      composition: { nickel: '19500', cobalt: '1950' },
      occurredAt: '2025-09-25T02:00:00Z',
      origin: { type: 'extraction', facilityId: 'id-laterite-mine' },
    },
  },
  {
    // Ore goes by haul road to the HPAL plant next door, run by a separate company.
    kind: 'shipment',
    actor: 'id-nickel',
    lotId: 'ID-LAT-1',
    body: overlandShipment('road', 'SHP-ID-ID-1', 'id-hpal', 'id-hpal-plant', 'ID', '2025-09-26T00:00:00Z', 'HR-WDA-25-0926'),
  },
  {
    kind: 'receipt',
    actor: 'id-hpal',
    lotId: 'ID-LAT-1',
    body: { shipmentId: 'SHP-ID-ID-1', facilityId: 'id-hpal-plant', receivedMassKg: '1500000', occurredAt: '2025-09-28T06:00:00Z' },
  },
  {
    kind: 'origin',
    actor: 'ca-cobalt',
    body: {
      lotId: 'CA-CO-1',
      form: 'concentrate',
      grossMassKg: '20000',
      composition: { cobalt: '2400', nickel: '600' },
      occurredAt: '2025-10-01T15:00:00Z',
      origin: { type: 'extraction', facilityId: 'ca-cobalt-mine' },
    },
  },
  {
    kind: 'origin',
    actor: 'za-manganese',
    body: {
      lotId: 'ZA-MN-1',
      form: 'ore',
      grossMassKg: '300000',
      composition: { manganese: '114000' },
      occurredAt: '2025-10-03T08:00:00Z',
      origin: { type: 'extraction', facilityId: 'za-manganese-mine' },
    },
  },
  {
    kind: 'shipment',
    actor: 'za-manganese',
    lotId: 'ZA-MN-1',
    body: overlandShipment('rail', 'SHP-ZA-ZA-1', 'za-mnso4', 'za-mnso4-refinery', 'ZA', '2025-10-04T06:00:00Z', 'TFR-HOT-CGA-25-1004'),
  },
  {
    kind: 'origin',
    actor: 'mz-graphite',
    body: {
      lotId: 'MZ-GR-1',
      form: 'concentrate',
      grossMassKg: '100000',
      composition: { graphite: '95000' },
      occurredAt: '2025-10-06T07:00:00Z',
      origin: { type: 'extraction', facilityId: 'mz-graphite-mine' },
    },
  },
  {
    kind: 'receipt',
    actor: 'za-mnso4',
    lotId: 'ZA-MN-1',
    body: { shipmentId: 'SHP-ZA-ZA-1', facilityId: 'za-mnso4-refinery', receivedMassKg: '300000', occurredAt: '2025-10-07T10:00:00Z' },
  },

  // Feedstock travels to the refineries; the whole AU-SPOD-1 lot moves although only half is used.
  {
    kind: 'shipment',
    actor: 'au-lithium',
    lotId: 'AU-SPOD-1',
    body: seaShipment('SHP-AU-JP-1', 'jp-lithium', 'jp-lioh-refinery', 'JP', '2025-10-08T09:00:00Z', 'BL-FRE-OKJ-25-0417'),
  },
  {
    kind: 'shipment',
    actor: 'cl-brine',
    lotId: 'CL-BRINE-7',
    body: seaShipment('SHP-CL-JP-1', 'jp-lithium', 'jp-lioh-refinery', 'JP', '2025-10-10T12:00:00Z', 'BL-ANF-OKJ-25-0093'),
  },
  {
    kind: 'shipment',
    actor: 'us-recycler',
    lotId: 'US-BM-3',
    body: seaShipment('SHP-US-JP-1', 'jp-lithium', 'jp-lioh-refinery', 'JP', '2025-10-12T18:00:00Z', 'BL-OAK-OKJ-25-1102'),
  },
  {
    kind: 'shipment',
    actor: 'us-recycler',
    lotId: 'US-BM-4',
    body: seaShipment('SHP-US-JP-2', 'jp-sulfate', 'jp-sulfate-refinery', 'JP', '2025-10-14T18:00:00Z', 'BL-OAK-NII-25-1108'),
  },
  {
    kind: 'transformation',
    actor: 'id-hpal',
    body: {
      transformationId: 'TRF-ID-HPAL-1',
      facilityId: 'id-hpal-plant',
      process: 'high-pressure acid leach, MHP precipitation',
      occurredAt: '2025-10-20T04:00:00Z',
      inputs: [{ lotId: 'ID-LAT-1', massKg: '1500000' }],
      // Wet MHP (about half moisture): 90 % of the nickel and 80 % of the cobalt recovered.
      outputs: [{ lotId: 'ID-MHP-1', form: 'mhp', grossMassKg: '90000', composition: { nickel: '17550', cobalt: '1560' } }],
    },
  },
  {
    kind: 'shipment',
    actor: 'id-hpal',
    lotId: 'ID-MHP-1',
    body: seaShipment('SHP-ID-JP-1', 'jp-sulfate', 'jp-sulfate-refinery', 'JP', '2025-10-24T03:00:00Z', 'BL-WDA-NII-25-0311'),
  },
  {
    kind: 'shipment',
    actor: 'ca-cobalt',
    lotId: 'CA-CO-1',
    body: seaShipment('SHP-CA-JP-1', 'jp-sulfate', 'jp-sulfate-refinery', 'JP', '2025-10-26T16:00:00Z', 'BL-VAN-NII-25-0220'),
  },
  {
    kind: 'transformation',
    actor: 'za-mnso4',
    body: {
      transformationId: 'TRF-ZA-HPMSM-1',
      facilityId: 'za-mnso4-refinery',
      process: 'reductive leach, purification, crystallisation (HPMSM)',
      occurredAt: '2025-10-28T10:00:00Z',
      inputs: [{ lotId: 'ZA-MN-1', massKg: '120000' }],
      outputs: [
        { lotId: 'ZA-MNSO4-1', form: 'sulfate', grossMassKg: '110000', composition: { manganese: '35700' } },
      ],
    },
  },
  {
    kind: 'shipment',
    actor: 'za-mnso4',
    lotId: 'ZA-MNSO4-1',
    body: seaShipment('SHP-ZA-JP-1', 'jp-precursor', 'jp-precursor-plant', 'JP', '2025-11-02T11:00:00Z', 'BL-CGA-KOB-25-0077'),
  },
  {
    kind: 'shipment',
    actor: 'mz-graphite',
    lotId: 'MZ-GR-1',
    body: seaShipment('SHP-MZ-US-1', 'us-anode', 'us-anode-plant', 'US', '2025-11-04T06:00:00Z', 'BL-NAC-LCH-25-0051'),
  },

  // Receipts, each by the consignee at a facility it operates.
  {
    kind: 'receipt',
    actor: 'jp-lithium',
    lotId: 'AU-SPOD-1',
    body: { shipmentId: 'SHP-AU-JP-1', facilityId: 'jp-lioh-refinery', receivedMassKg: '1000000', occurredAt: '2025-11-18T01:00:00Z' },
  },
  {
    kind: 'receipt',
    actor: 'jp-lithium',
    lotId: 'CL-BRINE-7',
    body: { shipmentId: 'SHP-CL-JP-1', facilityId: 'jp-lioh-refinery', receivedMassKg: '200000', occurredAt: '2025-11-20T01:00:00Z' },
  },
  {
    kind: 'receipt',
    actor: 'jp-lithium',
    lotId: 'US-BM-3',
    body: { shipmentId: 'SHP-US-JP-1', facilityId: 'jp-lioh-refinery', receivedMassKg: '50000', occurredAt: '2025-11-21T01:00:00Z' },
  },
  {
    kind: 'receipt',
    actor: 'jp-sulfate',
    lotId: 'US-BM-4',
    body: { shipmentId: 'SHP-US-JP-2', facilityId: 'jp-sulfate-refinery', receivedMassKg: '20000', occurredAt: '2025-11-22T01:00:00Z' },
  },
  {
    kind: 'receipt',
    actor: 'jp-sulfate',
    lotId: 'ID-MHP-1',
    body: { shipmentId: 'SHP-ID-JP-1', facilityId: 'jp-sulfate-refinery', receivedMassKg: '90000', occurredAt: '2025-11-25T01:00:00Z' },
  },
  {
    kind: 'receipt',
    actor: 'jp-sulfate',
    lotId: 'CA-CO-1',
    body: { shipmentId: 'SHP-CA-JP-1', facilityId: 'jp-sulfate-refinery', receivedMassKg: '20000', occurredAt: '2025-11-27T01:00:00Z' },
  },
  {
    // 0.2 % short: within tolerance, no flag.
    kind: 'receipt',
    actor: 'jp-precursor',
    lotId: 'ZA-MNSO4-1',
    body: { shipmentId: 'SHP-ZA-JP-1', facilityId: 'jp-precursor-plant', receivedMassKg: '109780', occurredAt: '2025-12-01T02:00:00Z' },
  },
  {
    // 0.7 % short: the ledger raises a mass-discrepancy flag by itself.
    kind: 'receipt',
    actor: 'us-anode',
    lotId: 'MZ-GR-1',
    body: { shipmentId: 'SHP-MZ-US-1', facilityId: 'us-anode-plant', receivedMassKg: '99300', occurredAt: '2025-12-05T15:00:00Z' },
  },

  // Processing.
  {
    // The brief's worked example, to the kilogram.
    kind: 'transformation',
    actor: 'jp-lithium',
    body: {
      transformationId: 'TRF-JP-LIOH-1',
      facilityId: 'jp-lioh-refinery',
      process: 'conversion to battery-grade lithium hydroxide',
      occurredAt: '2026-01-10T03:00:00Z',
      inputs: [
        { lotId: 'AU-SPOD-1', massKg: '500000' },
        { lotId: 'CL-BRINE-7', massKg: '200000' },
        { lotId: 'US-BM-3', massKg: '50000' },
      ],
      outputs: [{ lotId: 'JP-LIOH-1', form: 'hydroxide', grossMassKg: '150000', composition: { lithium: '26000' } }],
    },
  },
  {
    // A split: one input, several outputs, so part of the hydroxide can be sold on whole.
    kind: 'transformation',
    actor: 'jp-lithium',
    body: {
      transformationId: 'TRF-JP-LIOH-SPLIT-1',
      facilityId: 'jp-lioh-refinery',
      process: 'split',
      occurredAt: '2026-01-20T03:00:00Z',
      inputs: [{ lotId: 'JP-LIOH-1', massKg: '150000' }],
      outputs: [
        { lotId: 'JP-LIOH-1A', form: 'hydroxide', grossMassKg: '30000', composition: { lithium: '5200' } },
        { lotId: 'JP-LIOH-1B', form: 'hydroxide', grossMassKg: '120000', composition: { lithium: '20800' } },
      ],
    },
  },
  {
    // A blend: two feeds become one leach feed lot carrying everything they contained.
    kind: 'transformation',
    actor: 'jp-sulfate',
    body: {
      transformationId: 'TRF-JP-BLEND-1',
      facilityId: 'jp-sulfate-refinery',
      process: 'blend',
      occurredAt: '2026-01-22T05:00:00Z',
      inputs: [
        { lotId: 'ID-MHP-1', massKg: '90000' },
        { lotId: 'US-BM-4', massKg: '20000' },
      ],
      outputs: [
        {
          lotId: 'JP-FEED-1',
          form: 'other',
          grossMassKg: '110000',
          composition: { nickel: '21550', cobalt: '2760', manganese: '1100', lithium: '700' },
        },
      ],
    },
  },
  {
    kind: 'transformation',
    actor: 'jp-sulfate',
    body: {
      transformationId: 'TRF-JP-SULFATE-1',
      facilityId: 'jp-sulfate-refinery',
      process: 'leach, solvent extraction, crystallisation',
      occurredAt: '2026-02-05T05:00:00Z',
      inputs: [
        { lotId: 'JP-FEED-1', massKg: '110000' },
        { lotId: 'CA-CO-1', massKg: '20000' },
      ],
      outputs: [
        { lotId: 'JP-NISO4-1', form: 'sulfate', grossMassKg: '95000', composition: { nickel: '21000', cobalt: '40' } },
        { lotId: 'JP-COSO4-1', form: 'sulfate', grossMassKg: '23500', composition: { cobalt: '4900', nickel: '10' } },
      ],
    },
  },
  {
    kind: 'transformation',
    actor: 'us-anode',
    body: {
      transformationId: 'TRF-US-ANODE-1',
      facilityId: 'us-anode-plant',
      process: 'spheronisation, purification, carbon coating',
      occurredAt: '2026-02-10T14:00:00Z',
      inputs: [{ lotId: 'MZ-GR-1', massKg: '99300' }],
      outputs: [
        { lotId: 'US-ANODE-1', form: 'anode-material', grossMassKg: '55000', composition: { graphite: '54900' } },
      ],
    },
  },
  {
    kind: 'shipment',
    actor: 'jp-lithium',
    lotId: 'JP-LIOH-1A',
    body: seaShipment('SHP-JP-SG-1', 'sg-trader', 'sg-warehouse', 'SG', '2026-02-12T02:00:00Z', 'BL-MIZ-SIN-26-0014'),
  },
  {
    kind: 'shipment',
    actor: 'jp-sulfate',
    lotId: 'JP-NISO4-1',
    body: overlandShipment('road', 'SHP-JP-JP-1', 'jp-precursor', 'jp-precursor-plant', 'JP', '2026-02-14T01:00:00Z', 'CN-NII-HIM-26-0031'),
  },
  {
    kind: 'shipment',
    actor: 'jp-sulfate',
    lotId: 'JP-COSO4-1',
    body: overlandShipment('road', 'SHP-JP-JP-2', 'jp-precursor', 'jp-precursor-plant', 'JP', '2026-02-14T08:00:00Z', 'CN-NII-HIM-26-0032'),
  },
  {
    kind: 'receipt',
    actor: 'jp-precursor',
    lotId: 'JP-NISO4-1',
    body: { shipmentId: 'SHP-JP-JP-1', facilityId: 'jp-precursor-plant', receivedMassKg: '95000', occurredAt: '2026-02-16T01:00:00Z' },
  },
  {
    kind: 'receipt',
    actor: 'jp-precursor',
    lotId: 'JP-COSO4-1',
    body: { shipmentId: 'SHP-JP-JP-2', facilityId: 'jp-precursor-plant', receivedMassKg: '23500', occurredAt: '2026-02-16T05:00:00Z' },
  },
  {
    kind: 'receipt',
    actor: 'sg-trader',
    lotId: 'JP-LIOH-1A',
    body: { shipmentId: 'SHP-JP-SG-1', facilityId: 'sg-warehouse', receivedMassKg: '30000', occurredAt: '2026-02-20T03:00:00Z' },
  },
  {
    kind: 'shipment',
    actor: 'sg-trader',
    lotId: 'JP-LIOH-1A',
    body: seaShipment('SHP-SG-JP-1', 'jp-cathode', 'jp-cathode-plant', 'JP', '2026-03-01T03:00:00Z', 'BL-SIN-KOB-26-0102'),
  },
  {
    // NMC 811 hydroxide precursor from all of the nickel sulfate and part of the cobalt and manganese sulfates.
    kind: 'transformation',
    actor: 'jp-precursor',
    body: {
      transformationId: 'TRF-JP-PCAM-1',
      facilityId: 'jp-precursor-plant',
      process: 'co-precipitation of NMC 811 hydroxide',
      occurredAt: '2026-03-05T02:00:00Z',
      inputs: [
        { lotId: 'JP-NISO4-1', massKg: '95000' },
        { lotId: 'JP-COSO4-1', massKg: '13000' },
        { lotId: 'ZA-MNSO4-1', massKg: '7500' },
      ],
      outputs: [
        {
          lotId: 'JP-PCAM-1',
          form: 'precursor',
          grossMassKg: '40000',
          composition: { nickel: '20320', manganese: '2380', cobalt: '2552' },
        },
      ],
    },
  },
  {
    kind: 'receipt',
    actor: 'jp-cathode',
    lotId: 'JP-LIOH-1A',
    body: { shipmentId: 'SHP-SG-JP-1', facilityId: 'jp-cathode-plant', receivedMassKg: '30000', occurredAt: '2026-03-08T06:00:00Z' },
  },
  {
    kind: 'shipment',
    actor: 'jp-precursor',
    lotId: 'JP-PCAM-1',
    body: overlandShipment('road', 'SHP-JP-JP-3', 'jp-cathode', 'jp-cathode-plant', 'JP', '2026-03-10T01:00:00Z', 'CN-HIM-KOB-26-0007'),
  },
  {
    kind: 'receipt',
    actor: 'jp-cathode',
    lotId: 'JP-PCAM-1',
    body: { shipmentId: 'SHP-JP-JP-3', facilityId: 'jp-cathode-plant', receivedMassKg: '40000', occurredAt: '2026-03-12T04:00:00Z' },
  },
  {
    // Lithiation: the cathode lot carries all four cathode metals, traced to six origin sites in six countries.
    kind: 'transformation',
    actor: 'jp-cathode',
    body: {
      transformationId: 'TRF-JP-CATH-1',
      facilityId: 'jp-cathode-plant',
      process: 'lithiation and calcination (NMC 811 cathode active material)',
      occurredAt: '2026-03-25T02:00:00Z',
      inputs: [
        { lotId: 'JP-PCAM-1', massKg: '40000' },
        { lotId: 'JP-LIOH-1A', massKg: '18000' },
      ],
      outputs: [
        {
          lotId: 'JP-CATH-1',
          form: 'cathode-material',
          grossMassKg: '42000',
          composition: { lithium: '3000', nickel: '20300', manganese: '2370', cobalt: '2540' },
        },
      ],
    },
  },
  {
    kind: 'retirement',
    actor: 'us-anode',
    lotId: 'US-ANODE-1',
    body: { reason: 'manufactured', occurredAt: '2026-04-15T18:00:00Z', productRef: 'cell production batch GC-2026-0415' },
  },

  // Risk: a regulator's allegation against the Indonesian mine stays open; a paperwork query on
  // the recycled black mass is raised and then cleared by the auditor.
  {
    kind: 'flag',
    actor: 'regulator',
    subject: { kind: 'facility', facilityId: 'id-laterite-mine' },
    body: {
      flagId: 'FLAG-FL-ID-1',
      category: 'forced-labor',
      severity: 'high',
      description:
        'NGO report alleges retention of migrant workers’ identity documents and recruitment-fee debt at the mine site; under investigation.',
      occurredAt: '2026-04-20T09:00:00Z',
    },
  },
  // Art. 5.8: the regulator records a forced-labour entity list; its amendment names the operator
  // of the flagged mine by its LEI, and screening flags that party by itself: every lot it held
  // and every facility it operates counts for exposure, from the date of the listing.
  {
    kind: 'watchlist',
    actor: 'regulator',
    body: {
      listId: 'fl-entity-list',
      name: 'Forced-labour entity list (demo)',
      authority: 'Critical Minerals Agreement Oversight Office',
      category: 'forced-labor',
      effectiveFrom: '2025-01-01T00:00:00Z',
    },
  },
  {
    kind: 'watchlist-amendment',
    actor: 'regulator',
    listId: 'fl-entity-list',
    body: {
      amendmentId: 'FL-2025-09',
      effectiveFrom: '2025-09-01T00:00:00Z',
      reference: 'Oversight Office notice 2025-09 (demo)',
      add: [
        { entryId: 'FL-ID-7', name: 'PT Halmahera Laterite Nickel', countries: ['ID'], identifiers: { lei: 'DEMOHPALNICKEL00ID09' } },
        { entryId: 'FL-CD-2', name: 'Kasai Artisanal Cobalt Traders', countries: ['CD'] },
      ],
    },
  },
  {
    kind: 'flag',
    actor: 'regulator',
    subject: { kind: 'lot', lotId: 'US-BM-3' },
    body: {
      flagId: 'FLAG-DOC-US-1',
      category: 'other',
      severity: 'low',
      description: 'Collection manifest for the end-of-life batteries in this black mass was not on file.',
      occurredAt: '2026-04-22T09:00:00Z',
    },
  },
  {
    kind: 'flag-resolution',
    actor: 'auditor',
    subject: { kind: 'lot', lotId: 'US-BM-3' },
    flagId: 'FLAG-DOC-US-1',
    body: {
      outcome: 'cleared',
      note: 'Manifest US-RCY-2025-0915 received and matched to the recycler’s intake records.',
      occurredAt: '2026-05-06T09:00:00Z',
    },
  },
];

export const supplyChain: Scenario = {
  parties,
  facilities,
  steps,
  cathodeLotId: 'JP-CATH-1',
  auditor: 'auditor',
  regulator: 'regulator',
  shortReceivedLotId: 'MZ-GR-1',
  watchlistId: 'fl-entity-list',
};
