import { randomUUID } from 'node:crypto';

/**
 * The one payload every subject stores: a realistic `LotShipped` body padded by its document list
 * to about 450 bytes of JSON, so no subject wins by storing less.
 */
export function benchPayload(sequence: number): Record<string, unknown> {
  return {
    lotId: `lot-${sequence.toString(36).padStart(8, '0')}`,
    shipmentId: randomUUID(),
    fromPartyId: 'party-kamoto-copper',
    toPartyId: 'party-kokkola-refinery',
    toFacilityId: 'facility-kokkola-plant',
    destinationCountry: 'FI',
    grossMassG: 24_000_000 + (sequence % 1000),
    transportMode: 'sea',
    documents: [
      { type: 'bill-of-lading', reference: `BL-DAR-2026-${(sequence % 100000).toString().padStart(6, '0')}` },
      { type: 'assay-certificate', reference: 'ASSAY-KCC-0001', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    ],
  };
}

export const BENCH_EVENT_TYPE = 'LotShipped';
