import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaptureJob } from '../capture/capture-job-store';
import type { EventProblem } from '../capture/epcis-capture';

/** The capture job as OpenAPI shows it (the EPCIS REST binding's CaptureJob). */
export class CaptureJobView implements CaptureJob {
  @ApiProperty({ example: '7b0f4a38-3a0e-4c1e-9d43-4d9f0f1a2b3c' })
  captureID: string;

  @ApiProperty({ example: '2026-04-01T09:00:00.000Z' })
  createdAt: string;

  @ApiPropertyOptional({ example: '2026-04-01T09:00:00.041Z', description: 'absent while running' })
  finishedAt?: string;

  @ApiProperty({ description: 'true until the capture has finished' })
  running: boolean;

  @ApiProperty({ description: 'rollback: every event stored; proceed: no event refused' })
  success: boolean;

  @ApiProperty({ enum: ['rollback', 'proceed'] })
  captureErrorBehaviour: 'rollback' | 'proceed';

  @ApiProperty({
    description: 'every refused event: problem+json with eventIndex (0-based in eventList), eventID, and the offending fields as JSON pointers',
    example: [
      {
        type: 'tag:critical-minerals-ledger,2026:problem:epcis-fraction-of-gram',
        title: 'Quantity is not a whole number of grams',
        status: 422,
        detail: '1000.0005 KGM is not a whole number of grams.',
        code: 'epcis-fraction-of-gram',
        help: 'Give masses to the gram at most: 3 decimals in KGM, 6 in TNE, none in GRM.',
        eventIndex: 3,
        eventID: 'urn:uuid:6f1c3f0e-3d4b-4b39-a0b1-3b5d1f0e9a77',
        errors: [{ field: '/epcisBody/eventList/3/quantityList/0/quantity', message: '1000.0005 KGM is not a whole number of grams.' }],
      },
    ],
  })
  errors: EventProblem[];
}

/** The AU mine's origin and shipment of AU-SPOD-1 (the brief's worked example), as shown in /docs. */
export const EPCIS_DOCUMENT_EXAMPLE = {
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { cml: 'urn:cml:' }],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-02-01T00:00:00Z',
  epcisBody: {
    eventList: [
      {
        type: 'ObjectEvent',
        eventID: 'urn:uuid:2f7a2f9e-4c1b-4f0e-9d1a-1c1b0a6e0001',
        eventTime: '2026-01-10T00:00:00Z',
        eventTimeZoneOffset: '+08:00',
        action: 'ADD',
        bizStep: 'commissioning',
        bizLocation: { id: 'urn:cml:facility:au-mine' },
        quantityList: [{ epcClass: 'urn:cml:lot:AU-SPOD-1', quantity: 1000000, uom: 'KGM' }],
        ilmd: {
          'cml:form': 'ore',
          'cml:originType': 'extraction',
          'cml:containedMass': [{ 'cml:mineral': 'lithium', quantity: 27900, uom: 'KGM' }],
        },
      },
      {
        type: 'ObjectEvent',
        eventID: 'urn:uuid:2f7a2f9e-4c1b-4f0e-9d1a-1c1b0a6e0002',
        eventTime: '2026-02-01T00:00:00Z',
        eventTimeZoneOffset: '+08:00',
        action: 'OBSERVE',
        bizStep: 'shipping',
        quantityList: [{ epcClass: 'urn:cml:lot:AU-SPOD-1', quantity: 1000000, uom: 'KGM' }],
        bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:cml:shipment:SHP-AU-SPOD-1' }],
        destinationList: [
          { type: 'owning_party', destination: 'urn:cml:party:jp-refinery-co' },
          { type: 'location', destination: 'urn:cml:facility:jp-refinery' },
        ],
      },
    ],
  },
};
